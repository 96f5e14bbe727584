//! JSON as Go's `encoding/json` writes and reads it (`toJson`, `toRawJson`,
//! `toPrettyJson`, `fromJson`, `fromJsonArray`).
//!
//! Faithful to Go: map keys in byte order, floats as Go prints them (`1e+21`,
//! `1e-7`, integers without `.0`), `<`, `>`, `&` escaped as `\u003c` ... unless raw,
//! U+2028/U+2029 always escaped, NaN and infinities are errors. Decoding turns every
//! number into `float64`. Decoding errors use serde_json's wording, not Go's.

use std::collections::BTreeMap;

use crate::value::Value;

/// Go's encoder reports a cycle past 1000 levels; plumb stops at 200 to keep
/// the stack small.
const MAX_DEPTH: usize = super::util::MAX_DEPTH;

/// Go's `json.Marshal` (with `escape_html`) or an encoder with `SetEscapeHTML(false)`.
pub fn to_json(v: &Value, escape_html: bool) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, escape_html, None, 0)?;
    Ok(out)
}

/// Go's `json.MarshalIndent(v, "", "  ")`.
pub fn to_pretty_json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, true, Some(0), 0)?;
    Ok(out)
}

/// Go's JSON number text for a float64.
pub fn float_text(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            crate::value::go_float(f)
        ));
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let e = format!("{f:e}");
        let (m, exp) = e.split_once('e').unwrap_or((&e, "0"));
        if let Some(neg) = exp.strip_prefix('-') {
            return Ok(format!("{m}e-{neg}"));
        }
        return Ok(format!("{m}e+{exp:0>2}"));
    }
    if f == 0.0 {
        return Ok(if f.is_sign_negative() { "-0" } else { "0" }.to_string());
    }
    Ok(format!("{f}"))
}

/// A JSON string literal as Go writes it.
pub fn quote(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    }
}

fn write(
    out: &mut String,
    v: &Value,
    esc: bool,
    indent: Option<usize>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "json: unsupported value: encountered a cycle via {}",
            super::util::go_type(v)
        ));
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float_text(*f)?),
        Value::Str(s) => quote(out, s, esc),
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent.map(|n| n + 1));
                write(out, x, esc, indent.map(|n| n + 1), depth + 1)?;
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Map(m) => {
            let m = m.borrow();
            if m.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent.map(|n| n + 1));
                quote(out, k, esc);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(out, x, esc, indent.map(|n| n + 1), depth + 1)?;
            }
            newline(out, indent);
            out.push('}');
        }
        Value::Object(o) => write(out, &o.to_data(), esc, indent, depth + 1)?,
    }
    Ok(())
}

/// Go's `json.Unmarshal` into `interface{}`: numbers become `float64`.
pub fn from_json(text: &str) -> Result<Value, String> {
    let j: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            "unexpected end of JSON input".to_string()
        } else {
            e.to_string()
        }
    })?;
    Ok(convert(j))
}

fn convert(j: serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::from(s),
        serde_json::Value::Array(a) => Value::list(a.into_iter().map(convert).collect()),
        serde_json::Value::Object(o) => Value::map(
            o.into_iter()
                .map(|(k, v)| (k, convert(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_go_json() {
        for (f, want) in [
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (1e-6, "0.000001"),
            (3.0, "3"),
            (-2.5, "-2.5"),
            (1.2e-10, "1.2e-10"),
        ] {
            assert_eq!(float_text(f).unwrap(), want);
        }
        assert!(float_text(f64::NAN).is_err());
    }
}
