//! Sprig's string functions.
//!
//! Byte-indexed functions (`substr`, `trunc`, `abbrev`) index bytes as Go does; a
//! cut inside a UTF-8 sequence is replaced by U+FFFD where Go would print a
//! broken byte. Go panics (out-of-range `substr`, negative `repeat`) come back as
//! the errors Go's template reports for them.

use std::rc::Rc;

use super::util::{arity, arity_min, cap_len, f, go_quote, i, s, strslice, strval};
use crate::value::{FuncMap, Value};

fn bytes_str(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn go_slice(b: &[u8], lo: i64, hi: i64) -> Result<String, String> {
    let len = b.len() as i64;
    if hi < 0 || hi > len {
        return Err(format!(
            "runtime error: slice bounds out of range [:{hi}] with length {len}"
        ));
    }
    if lo < 0 || lo > hi {
        return Err(format!(
            "runtime error: slice bounds out of range [{lo}:{hi}]"
        ));
    }
    Ok(bytes_str(&b[lo as usize..hi as usize]))
}

/// Sprig's `substr` (`start < 0` means from the beginning, `end < 0` or past the
/// end means to the end).
pub fn substr(start: i64, end: i64, st: &str) -> Result<String, String> {
    let b = st.as_bytes();
    let len = b.len() as i64;
    if start < 0 {
        return go_slice(b, 0, end);
    }
    if end < 0 || end > len {
        return go_slice(b, start, len);
    }
    go_slice(b, start, end)
}

/// Sprig's `trunc`: the first `c` bytes, or the last `-c` bytes.
pub fn trunc(c: i64, st: &str) -> String {
    let b = st.as_bytes();
    let len = b.len() as i64;
    if c < 0 && len + c > 0 {
        return bytes_str(&b[(len + c) as usize..]);
    }
    if c >= 0 && len > c {
        return bytes_str(&b[..c as usize]);
    }
    st.to_string()
}

fn abbreviate_full(st: &str, offset: i64, max: i64) -> String {
    let b = st.as_bytes();
    let len = b.len() as i64;
    if st.is_empty() || max < 4 || len <= max {
        return st.to_string();
    }
    let mut offset = offset.min(len);
    if len - offset < max - 3 {
        offset = len - (max - 3);
    }
    if offset <= 4 {
        return format!("{}...", bytes_str(&b[..(max - 3) as usize]));
    }
    if max < 7 {
        return st.to_string();
    }
    if offset + max - 3 < len {
        let rest = bytes_str(&b[offset as usize..]);
        return format!("...{}", abbreviate_full(&rest, 0, max - 3));
    }
    format!("...{}", bytes_str(&b[(len - (max - 3)) as usize..]))
}

/// goutils' `WrapCustom`.
pub fn wrap_custom(st: &str, width: i64, nl: &str, wrap_long: bool) -> String {
    if st.is_empty() {
        return String::new();
    }
    let nl = if nl.is_empty() { "\n" } else { nl };
    let width = width.max(1) as usize;
    let b = st.as_bytes();
    let len = b.len();
    let mut offset = 0usize;
    let mut out: Vec<u8> = Vec::new();
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = (width + offset + 1).min(len);
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(sp) = space {
            let at = sp + offset;
            out.extend_from_slice(&b[offset..at]);
            out.extend_from_slice(nl.as_bytes());
            offset = at + 1;
        } else if wrap_long {
            out.extend_from_slice(&b[offset..width + offset]);
            out.extend_from_slice(nl.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(idx) => {
                    let at = idx + end;
                    out.extend_from_slice(&b[offset..at]);
                    out.extend_from_slice(nl.as_bytes());
                    offset = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    bytes_str(&out)
}

/// Go's `strings.Title`: upper-case the first letter of each word.
pub fn title(st: &str) -> String {
    let mut prev_sep = true;
    st.chars()
        .map(|c| {
            let out = if prev_sep {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            };
            prev_sep = !(c.is_alphanumeric() || c == '_');
            out
        })
        .collect()
}

fn map_words(st: &str, fun: impl Fn(char) -> char) -> String {
    let mut prev_space = true;
    st.chars()
        .map(|c| {
            let out = if prev_space && !c.is_whitespace() {
                fun(c)
            } else {
                c
            };
            prev_space = c.is_whitespace();
            out
        })
        .collect()
}

fn lower1(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}
fn upper1(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

fn is_connector(c: char) -> bool {
    c == '_' || c == '-' || c.is_whitespace()
}

/// xstrings' `ToSnakeCase`/`ToKebabCase`: words split at case changes, connectors
/// kept one for one as `sep`, all lower case.
pub fn delimited(st: &str, sep: char) -> String {
    let cs: Vec<char> = st.chars().collect();
    let mut out = String::new();
    for (k, &c) in cs.iter().enumerate() {
        if is_connector(c) {
            out.push(sep);
            continue;
        }
        if c.is_uppercase() && k > 0 {
            let p = cs[k - 1];
            let next_lower = cs.get(k + 1).is_some_and(|n| n.is_lowercase());
            if p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower) {
                out.push(sep);
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// xstrings' `ToCamelCase` as Sprig ships it.
pub fn camel(st: &str) -> String {
    let cs: Vec<char> = st.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    // Leading connectors are kept.
    while k < cs.len() && is_connector(cs[k]) {
        out.push(cs[k]);
        k += 1;
    }
    let mut word_start = true;
    let mut upper_run = false;
    while k < cs.len() {
        let c = cs[k];
        if is_connector(c) {
            // A single connector is dropped; in a run all but the last are kept,
            // and a trailing one is kept.
            if k + 1 >= cs.len() || is_connector(cs[k + 1]) {
                out.push(c);
            }
            word_start = true;
            k += 1;
            continue;
        }
        if word_start {
            upper_run = c.is_uppercase();
            out.push(upper1(c));
            word_start = false;
        } else if upper_run && c.is_uppercase() {
            out.push(lower1(c));
        } else {
            upper_run = false;
            out.push(c);
        }
        k += 1;
    }
    out
}

fn swapcase(st: &str) -> String {
    let mut prev_space = true;
    st.chars()
        .map(|c| {
            let out = if c.is_uppercase() {
                lower1(c)
            } else if c.is_lowercase() {
                upper1(c)
            } else if c.is_alphabetic() && prev_space {
                // Title-case letters (ǅ) become lower case.
                lower1(c)
            } else {
                c
            };
            prev_space = c.is_whitespace();
            out
        })
        .collect()
}

fn regular(m: &mut FuncMap, name: &'static str, fun: fn(&str) -> String) {
    m.insert(
        name.into(),
        f(move |a| {
            arity(name, a, 1)?;
            Ok(Value::from(fun(&s(&a[0])?)))
        }),
    );
}

fn two(m: &mut FuncMap, name: &'static str, fun: fn(&str, &str) -> Value) {
    m.insert(
        name.into(),
        f(move |a| {
            arity(name, a, 2)?;
            Ok(fun(&s(&a[0])?, &s(&a[1])?))
        }),
    );
}

/// Registers the string functions.
pub fn register(m: &mut FuncMap) {
    regular(m, "trim", |x| x.trim().to_string());
    regular(m, "upper", |x| x.to_uppercase());
    regular(m, "lower", |x| x.to_lowercase());
    regular(m, "title", title);
    regular(m, "untitle", |x| map_words(x, lower1));
    regular(m, "nospace", |x| {
        x.chars().filter(|c| !c.is_whitespace()).collect()
    });
    regular(m, "initials", |x| {
        x.split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect()
    });
    regular(m, "swapcase", swapcase);
    regular(m, "snakecase", |x| delimited(x, '_'));
    regular(m, "kebabcase", |x| delimited(x, '-'));
    regular(m, "camelcase", camel);
    regular(m, "shuffle", |x| {
        let mut cs: Vec<char> = x.chars().collect();
        for k in (1..cs.len()).rev() {
            let j = super::crypto::rand_below(k as u64 + 1) as usize;
            cs.swap(k, j);
        }
        cs.into_iter().collect()
    });
    two(m, "trimAll", |a, b| {
        Value::from(b.trim_matches(|c| a.contains(c)))
    });
    two(m, "trimall", |a, b| {
        Value::from(b.trim_matches(|c| a.contains(c)))
    });
    m.insert(
        "hello".into(),
        f(|a| {
            arity("hello", a, 0)?;
            Ok(Value::str("Hello!"))
        }),
    );
    two(m, "trimPrefix", |a, b| {
        Value::from(b.strip_prefix(a).unwrap_or(b))
    });
    two(m, "trimSuffix", |a, b| {
        Value::from(b.strip_suffix(a).unwrap_or(b))
    });
    two(m, "contains", |a, b| Value::Bool(b.contains(a)));
    two(m, "hasPrefix", |a, b| Value::Bool(b.starts_with(a)));
    two(m, "hasSuffix", |a, b| Value::Bool(b.ends_with(a)));
    two(m, "splitList", |sep, st| {
        Value::list(go_split(st, sep, -1).into_iter().map(Value::from).collect())
    });
    two(m, "split", |sep, st| split_map(go_split(st, sep, -1)));
    m.insert(
        "splitn".into(),
        f(|a| {
            arity("splitn", a, 3)?;
            let n = i(&a[1])?;
            Ok(split_map(go_split(&s(&a[2])?, &s(&a[0])?, n)))
        }),
    );
    m.insert(
        "repeat".into(),
        f(|a| {
            arity("repeat", a, 2)?;
            let n = i(&a[0])?;
            let st = s(&a[1])?;
            if n < 0 {
                return Err("strings: negative Repeat count".into());
            }
            cap_len("repeat", st.len().saturating_mul(n as usize))?;
            Ok(Value::from(st.repeat(n as usize)))
        }),
    );
    m.insert(
        "substr".into(),
        f(|a| {
            arity("substr", a, 3)?;
            Ok(Value::from(substr(i(&a[0])?, i(&a[1])?, &s(&a[2])?)?))
        }),
    );
    m.insert(
        "trunc".into(),
        f(|a| {
            arity("trunc", a, 2)?;
            Ok(Value::from(trunc(i(&a[0])?, &s(&a[1])?)))
        }),
    );
    m.insert(
        "abbrev".into(),
        f(|a| {
            arity("abbrev", a, 2)?;
            let w = i(&a[0])?;
            let st = s(&a[1])?;
            if w < 4 {
                return Ok(Value::Str(st));
            }
            Ok(Value::from(abbreviate_full(&st, 0, w)))
        }),
    );
    m.insert(
        "abbrevboth".into(),
        f(|a| {
            arity("abbrevboth", a, 3)?;
            let (l, r) = (i(&a[0])?, i(&a[1])?);
            let st = s(&a[2])?;
            if r < 4 || l > 0 && r < 7 {
                return Ok(Value::Str(st));
            }
            Ok(Value::from(abbreviate_full(&st, l, r)))
        }),
    );
    m.insert(
        "wrap".into(),
        f(|a| {
            arity("wrap", a, 2)?;
            Ok(Value::from(wrap_custom(&s(&a[1])?, i(&a[0])?, "\n", false)))
        }),
    );
    m.insert(
        "wrapWith".into(),
        f(|a| {
            arity("wrapWith", a, 3)?;
            Ok(Value::from(wrap_custom(
                &s(&a[2])?,
                i(&a[0])?,
                &s(&a[1])?,
                true,
            )))
        }),
    );
    m.insert(
        "quote".into(),
        f(|a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| go_quote(&strval(v), '"'))
                .collect();
            Ok(Value::from(parts.join(" ")))
        }),
    );
    m.insert(
        "squote".into(),
        f(|a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| format!("'{}'", strval(v)))
                .collect();
            Ok(Value::from(parts.join(" ")))
        }),
    );
    m.insert(
        "cat".into(),
        f(|a| {
            let parts: Vec<String> = a.iter().filter(|v| !v.is_nil()).map(strval).collect();
            Ok(Value::from(parts.join(" ")))
        }),
    );
    m.insert(
        "indent".into(),
        f(|a| {
            arity("indent", a, 2)?;
            Ok(Value::from(indent(i(&a[0])?, &s(&a[1])?)?))
        }),
    );
    m.insert(
        "nindent".into(),
        f(|a| {
            arity("nindent", a, 2)?;
            Ok(Value::from(format!("\n{}", indent(i(&a[0])?, &s(&a[1])?)?)))
        }),
    );
    m.insert(
        "replace".into(),
        f(|a| {
            arity("replace", a, 3)?;
            let (old, new, src) = (s(&a[0])?, s(&a[1])?, s(&a[2])?);
            Ok(Value::from(go_replace(&src, &old, &new)?))
        }),
    );
    m.insert(
        "plural".into(),
        f(|a| {
            arity("plural", a, 3)?;
            let (one, many) = (s(&a[0])?, s(&a[1])?);
            Ok(Value::Str(if i(&a[2])? == 1 { one } else { many }))
        }),
    );
    m.insert(
        "toString".into(),
        f(|a| {
            arity("toString", a, 1)?;
            Ok(Value::from(strval(&a[0])))
        }),
    );
    m.insert(
        "toStrings".into(),
        f(|a| {
            arity("toStrings", a, 1)?;
            Ok(Value::list(
                strslice(&a[0]).into_iter().map(Value::from).collect(),
            ))
        }),
    );
    m.insert(
        "join".into(),
        f(|a| {
            arity("join", a, 2)?;
            Ok(Value::from(strslice(&a[1]).join(&s(&a[0])?)))
        }),
    );
    m.insert(
        "sortAlpha".into(),
        f(|a| {
            arity("sortAlpha", a, 1)?;
            let mut v = match &a[0] {
                Value::List(_) => strslice(&a[0]),
                other => vec![strval(other)],
            };
            v.sort();
            Ok(Value::list(v.into_iter().map(Value::from).collect()))
        }),
    );
    for (name, set) in [
        ("randAlphaNum", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        ("randAlpha", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("randNumeric", "0123456789"),
        (
            "randAscii",
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        ),
    ] {
        let set: Rc<[char]> = set.chars().collect();
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 1)?;
                let n = i(&a[0])?;
                if n < 0 {
                    return Err(format!(
                        "Requested random string length {n} is less than 0."
                    ));
                }
                cap_len(name, n as usize)?;
                Ok(Value::from(
                    (0..n)
                        .map(|_| set[super::crypto::rand_below(set.len() as u64) as usize])
                        .collect::<String>(),
                ))
            }),
        );
    }
    let _ = arity_min;
}

fn indent(n: i64, st: &str) -> Result<String, String> {
    let n = n.max(0) as usize;
    let lines = st.matches('\n').count() + 1;
    cap_len("indent", st.len().saturating_add(n.saturating_mul(lines)))?;
    let pad = " ".repeat(n);
    Ok(format!("{pad}{}", st.replace('\n', &format!("\n{pad}"))))
}

fn go_replace(src: &str, old: &str, new: &str) -> Result<String, String> {
    if old.is_empty() {
        // Go inserts `new` before every rune and at the end.
        let n = src.chars().count() + 1;
        cap_len(
            "replace",
            src.len().saturating_add(new.len().saturating_mul(n)),
        )?;
        let mut out = String::new();
        for c in src.chars() {
            out.push_str(new);
            out.push(c);
        }
        out.push_str(new);
        return Ok(out);
    }
    let n = src.matches(old).count();
    cap_len(
        "replace",
        src.len().saturating_add(new.len().saturating_mul(n)),
    )?;
    Ok(src.replace(old, new))
}

/// Go's `strings.SplitN` (`n < 0`: all; `n == 0`: none; empty `sep`: runes).
pub fn go_split(st: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let cs: Vec<String> = st.chars().map(String::from).collect();
        if n > 0 && (n as usize) < cs.len() {
            let head: Vec<String> = cs[..n as usize - 1].to_vec();
            let tail: String = cs[n as usize - 1..].concat();
            return head.into_iter().chain([tail]).collect();
        }
        return cs;
    }
    if n < 0 {
        st.split(sep).map(String::from).collect()
    } else {
        st.splitn(n as usize, sep).map(String::from).collect()
    }
}

fn split_map(parts: Vec<String>) -> Value {
    Value::map(
        parts
            .into_iter()
            .enumerate()
            .map(|(k, p)| (format!("_{k}"), Value::from(p)))
            .collect(),
    )
}
