//! Sprig's conversions and arithmetic.
//!
//! Integer functions convert with `cast.ToInt64` (floats truncated, strings
//! parsed, anything else 0) and return `int64`, wrapping on overflow as Go does.
//! The `...f` functions compute in decimal as Sprig does with shopspring/decimal
//! (`addf 0.1 0.2` is `0.3`; `divf` rounds to 16 decimal places), falling back
//! to `f64` when a value does not fit 38 digits.

use super::util::{arity, arity_min, cap_len, f, i, s, to_f64, to_i64};
use crate::value::{FuncMap, Value};

#[derive(Clone, Copy, Debug)]
struct Dec {
    m: i128,
    scale: u32,
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

impl Dec {
    /// shopspring's `NewFromFloat`: the shortest decimal that reads back as `x`.
    fn from_f64(x: f64) -> Option<Dec> {
        if !x.is_finite() {
            return None;
        }
        if x == 0.0 {
            return Some(Dec { m: 0, scale: 0 });
        }
        let e = format!("{x:e}");
        let (mant, exp) = e.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let neg = mant.starts_with('-');
        let mant = mant.trim_start_matches('-');
        let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = format!("{ip}{fp}");
        let mut m: i128 = digits.parse().ok()?;
        if neg {
            m = -m;
        }
        let scale = fp.len() as i32 - exp;
        if scale < 0 {
            m = m.checked_mul(pow10((-scale) as u32)?)?;
            Some(Dec { m, scale: 0 })
        } else {
            Some(Dec {
                m,
                scale: scale as u32,
            })
        }
    }
    fn align(a: Dec, b: Dec) -> Option<(i128, i128, u32)> {
        let s = a.scale.max(b.scale);
        Some((
            a.m.checked_mul(pow10(s - a.scale)?)?,
            b.m.checked_mul(pow10(s - b.scale)?)?,
            s,
        ))
    }
    fn add(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, s) = Dec::align(a, b)?;
        Some(Dec {
            m: x.checked_add(y)?,
            scale: s,
        })
    }
    fn sub(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, s) = Dec::align(a, b)?;
        Some(Dec {
            m: x.checked_sub(y)?,
            scale: s,
        })
    }
    fn mul(a: Dec, b: Dec) -> Option<Dec> {
        Some(Dec {
            m: a.m.checked_mul(b.m)?,
            scale: a.scale + b.scale,
        })
    }
    /// `DivRound(b, 16)`: rounded half away from zero to 16 decimal places.
    fn div(a: Dec, b: Dec) -> Option<Dec> {
        // a/b = (a.m / 10^as) / (b.m / 10^bs) = a.m * 10^(bs - as) / b.m
        let target = 16u32;
        let shift = target as i64 + b.scale as i64 - a.scale as i64;
        let (num, den) = if shift >= 0 {
            (a.m.checked_mul(pow10(shift as u32)?)?, b.m)
        } else {
            (a.m, b.m.checked_mul(pow10((-shift) as u32)?)?)
        };
        let q = num / den;
        let r = num % den;
        let q = if r.checked_mul(2)?.abs() >= den.abs() {
            if (num < 0) != (den < 0) {
                q - 1
            } else {
                q + 1
            }
        } else {
            q
        };
        Some(Dec {
            m: q,
            scale: target,
        })
    }
    fn to_f64(self) -> f64 {
        format!("{}e-{}", self.m, self.scale)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

type DecOp = fn(Dec, Dec) -> Option<Dec>;

fn dec_op(first: f64, rest: &[Value], op: DecOp, fallback: fn(f64, f64) -> f64) -> f64 {
    let mut acc = Dec::from_f64(first);
    let mut accf = first;
    for x in rest {
        let xf = to_f64(x);
        accf = fallback(accf, xf);
        acc = acc.and_then(|a| op(a, Dec::from_f64(xf)?));
    }
    match acc {
        Some(d) => d.to_f64(),
        None => accf,
    }
}

fn int_fn(m: &mut FuncMap, name: &'static str, n: usize, fun: fn(&[i64]) -> Result<i64, String>) {
    m.insert(
        name.into(),
        f(move |a| {
            arity(name, a, n)?;
            let xs: Vec<i64> = a.iter().map(to_i64).collect();
            Ok(Value::Int(fun(&xs)?))
        }),
    );
}

fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, String> {
    let mut v = Vec::new();
    let count = if stop < start {
        if step >= 0 {
            return Ok(v);
        }
        ((start as i128 - stop as i128) + (-step as i128) - 1) / (-step as i128)
    } else {
        if step <= 0 {
            return Ok(v);
        }
        ((stop as i128 - start as i128) + step as i128 - 1) / step as i128
    };
    if count > 10_000_000 {
        return Err(format!(
            "a sequence of {count} numbers is over plumb's limit of 10000000"
        ));
    }
    let mut k = start;
    for _ in 0..count {
        v.push(k);
        k = k.wrapping_add(step);
    }
    Ok(v)
}

fn ints(v: Vec<i64>) -> Value {
    Value::list(v.into_iter().map(Value::Int).collect())
}

/// Go's `strconv.Atoi` (decimal only); 0 when it fails, as Sprig ignores the error.
fn atoi(st: &str) -> i64 {
    let b = st.strip_prefix(['+', '-']).unwrap_or(st);
    if b.is_empty() || !b.bytes().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    st.parse().unwrap_or(0)
}

/// Sprig's `round`.
pub fn round(x: f64, places: i64, round_on: f64) -> f64 {
    let pow = 10f64.powf(places as f64);
    let digit = pow * x;
    let frac = digit.fract();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    r / pow
}

/// Registers conversions and arithmetic.
pub fn register(m: &mut FuncMap) {
    m.insert(
        "atoi".into(),
        f(|a| {
            arity("atoi", a, 1)?;
            Ok(Value::Int(atoi(&s(&a[0])?)))
        }),
    );
    for name in ["int", "int64"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 1)?;
                Ok(Value::Int(to_i64(&a[0])))
            }),
        );
    }
    m.insert(
        "float64".into(),
        f(|a| {
            arity("float64", a, 1)?;
            Ok(Value::Float(to_f64(&a[0])))
        }),
    );
    m.insert(
        "toDecimal".into(),
        f(|a| {
            arity("toDecimal", a, 1)?;
            let t = a[0].to_string();
            let b = t.strip_prefix(['+', '-']).unwrap_or(&t);
            let v = if !b.is_empty() && b.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
                i64::from_str_radix(&t, 8).unwrap_or(0)
            } else {
                0
            };
            Ok(Value::Int(v))
        }),
    );
    int_fn(m, "add1", 1, |x| Ok(x[0].wrapping_add(1)));
    int_fn(m, "sub", 2, |x| Ok(x[0].wrapping_sub(x[1])));
    int_fn(m, "div", 2, |x| {
        if x[1] == 0 {
            return Err("runtime error: integer divide by zero".into());
        }
        Ok(x[0].wrapping_div(x[1]))
    });
    int_fn(m, "mod", 2, |x| {
        if x[1] == 0 {
            return Err("runtime error: integer divide by zero".into());
        }
        Ok(x[0].wrapping_rem(x[1]))
    });
    m.insert(
        "add".into(),
        f(|a| {
            Ok(Value::Int(
                a.iter().map(to_i64).fold(0i64, i64::wrapping_add),
            ))
        }),
    );
    m.insert(
        "mul".into(),
        f(|a| {
            arity_min("mul", a, 1)?;
            Ok(Value::Int(
                a.iter().map(to_i64).fold(1i64, i64::wrapping_mul),
            ))
        }),
    );
    for (name, pick_max) in [("max", true), ("biggest", true), ("min", false)] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let it = a.iter().map(to_i64);
                Ok(Value::Int(if pick_max {
                    it.max().unwrap_or(0)
                } else {
                    it.min().unwrap_or(0)
                }))
            }),
        );
    }
    for (name, pick_max) in [("maxf", true), ("minf", false)] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let mut acc = to_f64(&a[0]);
                for x in &a[1..] {
                    let x = to_f64(x);
                    acc = if x.is_nan() || acc.is_nan() {
                        f64::NAN
                    } else if pick_max {
                        acc.max(x)
                    } else {
                        acc.min(x)
                    };
                }
                Ok(Value::Float(acc))
            }),
        );
    }
    m.insert(
        "floor".into(),
        f(|a| {
            arity("floor", a, 1)?;
            Ok(Value::Float(to_f64(&a[0]).floor()))
        }),
    );
    m.insert(
        "ceil".into(),
        f(|a| {
            arity("ceil", a, 1)?;
            Ok(Value::Float(to_f64(&a[0]).ceil()))
        }),
    );
    m.insert(
        "round".into(),
        f(|a| {
            arity_min("round", a, 2)?;
            let p = i(&a[1])?;
            let on = match a.get(2) {
                Some(Value::Float(x)) => *x,
                Some(Value::Int(x)) => *x as f64,
                Some(other) => {
                    return Err(format!(
                        "wrong type for value; expected float64; got {}",
                        super::util::go_type(other)
                    ))
                }
                None => 0.5,
            };
            Ok(Value::Float(round(to_f64(&a[0]), p, on)))
        }),
    );
    m.insert(
        "addf".into(),
        f(|a| Ok(Value::Float(dec_op(0.0, a, Dec::add, |x, y| x + y)))),
    );
    m.insert(
        "add1f".into(),
        f(|a| {
            arity("add1f", a, 1)?;
            Ok(Value::Float(dec_op(
                to_f64(&a[0]),
                &[Value::Float(1.0)],
                Dec::add,
                |x, y| x + y,
            )))
        }),
    );
    m.insert(
        "subf".into(),
        f(|a| {
            arity_min("subf", a, 1)?;
            Ok(Value::Float(dec_op(
                to_f64(&a[0]),
                &a[1..],
                Dec::sub,
                |x, y| x - y,
            )))
        }),
    );
    m.insert(
        "mulf".into(),
        f(|a| {
            arity_min("mulf", a, 1)?;
            Ok(Value::Float(dec_op(
                to_f64(&a[0]),
                &a[1..],
                Dec::mul,
                |x, y| x * y,
            )))
        }),
    );
    m.insert(
        "divf".into(),
        f(|a| {
            arity_min("divf", a, 1)?;
            if a[1..].iter().any(|x| to_f64(x) == 0.0) {
                return Err("decimal division by 0".into());
            }
            Ok(Value::Float(dec_op(
                to_f64(&a[0]),
                &a[1..],
                Dec::div,
                |x, y| x / y,
            )))
        }),
    );
    m.insert(
        "until".into(),
        f(|a| {
            arity("until", a, 1)?;
            let n = i(&a[0])?;
            Ok(ints(until_step(0, n, if n < 0 { -1 } else { 1 })?))
        }),
    );
    m.insert(
        "untilStep".into(),
        f(|a| {
            arity("untilStep", a, 3)?;
            Ok(ints(until_step(i(&a[0])?, i(&a[1])?, i(&a[2])?)?))
        }),
    );
    m.insert(
        "seq".into(),
        f(|a| {
            let p: Vec<i64> = a.iter().map(i).collect::<Result<_, _>>()?;
            let v = match p.len() {
                1 => {
                    let inc = if p[0] < 1 { -1 } else { 1 };
                    until_step(1, p[0].wrapping_add(inc), inc)?
                }
                2 => {
                    let step = if p[1] < p[0] { -1 } else { 1 };
                    until_step(p[0], p[1].wrapping_add(step), step)?
                }
                3 => {
                    let (start, step, end) = (p[0], p[1], p[2]);
                    let mut inc = 1;
                    if end < start {
                        inc = -1;
                        if step > 0 {
                            return Ok(Value::str(""));
                        }
                    }
                    until_step(start, end.wrapping_add(inc), step)?
                }
                _ => Vec::new(),
            };
            let text: Vec<String> = v.iter().map(i64::to_string).collect();
            cap_len("seq", text.iter().map(|x| x.len() + 1).sum())?;
            Ok(Value::from(text.join(" ")))
        }),
    );
}
