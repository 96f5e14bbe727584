//! Argument checking and Sprig's conversions (`strval`, `cast.ToInt64`, ...).

use std::rc::Rc;

use crate::value::{FuncResult, Map, Value};

/// Go's type name of a value, as `%T` and the executor's errors print it.
///
/// [`Value::Int`] stands for both Go's `int` (template literals, `len`, `int`,
/// `atoi`) and `int64` (Sprig arithmetic); it is named `int`, as the template
/// engine's `%T` names it.
pub fn go_type(v: &Value) -> String {
    crate::template::fmt::type_name(v)
}

/// `wrong number of args for NAME: want N got M`, as Go's executor says it.
pub fn arity(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() != n {
        return Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// For variadic functions: `want at least N got M`.
pub fn arity_min(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() < n {
        return Err(format!(
            "wrong number of args for {name}: want at least {n} got {}",
            args.len()
        ));
    }
    Ok(())
}

fn wrong(expected: &str, v: &Value) -> String {
    match v {
        Value::Nil => format!("invalid value; expected {expected}"),
        _ => format!(
            "wrong type for value; expected {expected}; got {}",
            go_type(v)
        ),
    }
}

/// A `string` parameter: Go's template refuses anything else.
pub fn s(v: &Value) -> Result<Rc<str>, String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(wrong("string", v)),
    }
}

/// An `int` parameter: Go's template refuses floats (values-file numbers).
pub fn i(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => Err(wrong("int", v)),
    }
}

/// A `bool` parameter.
pub fn b(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(wrong("bool", v)),
    }
}

/// A `map[string]interface{}` parameter. A nil (a missing key held in a
/// variable, as in `$s := (lookup ...).data` then `hasKey $s "k"`) is Go's
/// nil map: an empty map to read.
pub fn m(v: &Value) -> Result<Map, String> {
    match v {
        Value::Map(m) => Ok(m.clone()),
        Value::Nil => Ok(Map::default()),
        _ => Err(wrong("map[string]interface {}", v)),
    }
}

/// Sprig's `strval`: strings as they are, everything else as `%v`.
pub fn strval(v: &Value) -> String {
    v.to_string()
}

/// Sprig's `strslice`: a list's items as strings (nil items dropped), a
/// non-list as a one-item list, nil as empty.
pub fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l.iter().filter(|x| !x.is_nil()).map(strval).collect(),
        Value::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

/// `cast.ToInt64`: numbers truncated, strings parsed (base prefixes allowed,
/// `"3.0"` accepted), booleans 0/1, anything else 0.
pub fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) => {
            if f.is_nan() {
                0
            } else {
                *f as i64
            }
        }
        Value::Bool(b) => *b as i64,
        Value::Str(s) => parse_int_str(s).unwrap_or(0),
        _ => 0,
    }
}

/// `strconv.ParseInt(trimZeroDecimal(s), 0, 0)`.
pub fn parse_int_str(s: &str) -> Option<i64> {
    let mut t: &str = s;
    // cast trims a zero decimal part: "3.0" and "3." read as 3.
    if let Some((a, frac)) = s.split_once('.') {
        if frac.chars().all(|c| c == '0') && !a.is_empty() {
            t = a;
        }
    }
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let body = body.replace('_', "");
    let (digits, radix) = if let Some(r) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (r.to_string(), 16)
    } else if let Some(r) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (r.to_string(), 2)
    } else if let Some(r) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (r.to_string(), 8)
    } else if body.len() > 1 && body.starts_with('0') {
        (body[1..].to_string(), 8)
    } else {
        (body.clone(), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(&digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// `cast.ToFloat64`.
pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as i64 as f64,
        // strconv.ParseFloat: no surrounding spaces; "inf", "NaN" accepted.
        Value::Str(s) => s
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|_| !s.starts_with('_') && !s.ends_with('_'))
            .unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Sprig's `empty`: Go's zero values (and empty collections) are empty.
pub fn is_empty(v: &Value) -> bool {
    !v.truthy()
}

/// A list parameter Sprig accepts through reflection (`[]T` of any kind).
pub fn list_of(name: &str, v: &Value) -> Result<Rc<Vec<Value>>, String> {
    match v {
        Value::List(l) => Ok(l.clone()),
        Value::Nil => Err(format!("Cannot find {name} on type <nil>")),
        other => Err(format!("Cannot find {name} on type {}", kind_name(other))),
    }
}

/// Go's `reflect.Kind` name (`int` for [`Value::Int`], see [`go_type`]).
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Int(_) => "int",
        other => other.kind(),
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(q);
    out
}

/// Approximates Go's `strconv.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    !(c.is_control()
        || c.is_whitespace()
        || (0xfff9..=0xfffb).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x2028..=0x202e).contains(&u)
        || (0x2060..=0x206f).contains(&u)
        || u == 0xfeff
        || u == 0xad
        || (0xe000..=0xf8ff).contains(&u)
        || (0xd800..=0xdfff).contains(&u))
}

/// Wraps a plain closure as a [`crate::value::Func`].
pub fn f(fun: impl Fn(&[Value]) -> FuncResult + 'static) -> crate::value::Func {
    Rc::new(fun)
}

/// Most bytes a string-building function may produce (repeat, indent, ...), so a
/// template cannot exhaust memory.
pub const MAX_STRING: usize = 64 << 20;

/// Refuses results over [`MAX_STRING`].
pub fn cap_len(name: &str, len: usize) -> Result<(), String> {
    if len > MAX_STRING {
        return Err(format!(
            "{name}: result of {len} bytes is over plumb's limit of {MAX_STRING} bytes"
        ));
    }
    Ok(())
}

/// Deepest structure the recursive helpers below walk (a map that contains
/// itself, made with `set $d "self" $d`, is reported instead of overflowing).
pub const MAX_DEPTH: usize = 200;

/// `reflect.DeepEqual` over values, refusing structures nested deeper than
/// [`MAX_DEPTH`] (cyclic ones).
pub fn deep_eq(a: &Value, b: &Value) -> Result<bool, String> {
    fn go(a: &Value, b: &Value, depth: usize) -> Result<bool, String> {
        if depth > MAX_DEPTH {
            return Err("value nested too deeply (does a map contain itself?)".into());
        }
        Ok(match (a, b) {
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !go(p, q, depth + 1)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Map(x), Value::Map(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (x, y) = (x.borrow(), y.borrow());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for ((k1, v1), (k2, v2)) in x.iter().zip(y.iter()) {
                    if k1 != k2 || !go(v1, v2, depth + 1)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::List(_) | Value::Map(_), _) | (_, Value::List(_) | Value::Map(_)) => false,
            _ => a == b,
        })
    }
    go(a, b, 0)
}

/// A deep copy (Sprig's `deepCopy`), refusing structures nested deeper than
/// [`MAX_DEPTH`].
pub fn deep_copy(v: &Value) -> Result<Value, String> {
    fn go(v: &Value, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("value nested too deeply (does a map contain itself?)".into());
        }
        Ok(match v {
            Value::List(l) => Value::list(
                l.iter()
                    .map(|x| go(x, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(m) => Value::map(
                m.borrow()
                    .iter()
                    .map(|(k, x)| Ok((k.clone(), go(x, depth + 1)?)))
                    .collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    }
    go(v, 0)
}

/// Whether `list` holds a value deeply equal to `x`.
pub fn contains(list: &[Value], x: &Value) -> Result<bool, String> {
    for y in list {
        if deep_eq(y, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}
