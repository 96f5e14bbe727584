//! `toToml`: BurntSushi/toml's encoder as Helm uses it.
//!
//! Faithful for maps of scalars, lists, nested tables (indented two spaces per
//! level) and arrays of tables; `nil` values are skipped; floats always carry a
//! decimal point or exponent (`1.0`, `1e+21`). Not reproduced: inline tables
//! inside arrays that mix tables and scalars (written here as inline tables).

use crate::value::{go_float, Value};

/// The TOML text, or BurntSushi's error message.
pub fn to_toml(v: &Value) -> Result<String, String> {
    let Value::Map(_) = v else {
        return Err("toml: top-level values must be Go maps or structs".into());
    };
    let mut e = Enc {
        out: String::new(),
        written: false,
    };
    e.table(&[], v, 0)?;
    Ok(e.out)
}

struct Enc {
    out: String,
    written: bool,
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_array_of_tables(v: &Value) -> bool {
    matches!(v, Value::List(l) if !l.is_empty() && l.iter().all(is_table))
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let s = go_float(f);
    if s.contains(['.', 'e']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn inline(v: &Value, depth: usize) -> Result<String, String> {
    if depth > super::util::MAX_DEPTH {
        return Err("toml: nesting too deep".into());
    }
    Ok(match v {
        Value::Nil => return Err("toml: cannot encode a nil value".into()),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => float(*x),
        Value::Str(s) => quote(s),
        Value::List(l) => {
            let items: Vec<String> = l
                .iter()
                .map(|x| inline(x, depth + 1))
                .collect::<Result<_, _>>()?;
            format!("[{}]", items.join(", "))
        }
        Value::Map(m) => {
            let mut items = Vec::new();
            for (k, x) in m.borrow().iter() {
                if x.is_nil() {
                    continue;
                }
                items.push(format!("{} = {}", key(k), inline(x, depth + 1)?));
            }
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(o) => inline(&o.to_data(), depth + 1)?,
    })
}

impl Enc {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
        self.written = true;
    }
    fn newline(&mut self) {
        if self.written {
            self.out.push('\n');
        }
    }

    fn table(&mut self, path: &[String], v: &Value, depth: usize) -> Result<(), String> {
        if depth > super::util::MAX_DEPTH {
            return Err("toml: nesting too deep".into());
        }
        let Value::Map(m) = v else { return Ok(()) };
        let entries: Vec<(String, Value)> = m
            .borrow()
            .iter()
            .map(|(k, x)| (k.clone(), x.clone()))
            .collect();
        let indent = "  ".repeat(path.len());
        for (k, x) in &entries {
            if x.is_nil() || is_table(x) || is_array_of_tables(x) {
                continue;
            }
            let line = format!("{indent}{} = {}\n", key(k), inline(x, depth + 1)?);
            self.w(&line);
        }
        for (k, x) in &entries {
            let mut sub = path.to_vec();
            sub.push(k.clone());
            let name: Vec<String> = sub.iter().map(|p| key(p)).collect();
            let name = name.join(".");
            if is_table(x) {
                if sub.len() == 1 {
                    self.newline();
                }
                self.w(&format!("{indent}[{name}]\n"));
                self.table(&sub, x, depth + 1)?;
            } else if is_array_of_tables(x) {
                if let Value::List(l) = x {
                    for t in l.iter() {
                        self.newline();
                        self.w(&format!("{indent}[[{name}]]\n"));
                        self.table(&sub, t, depth + 1)?;
                    }
                }
            }
        }
        Ok(())
    }
}
