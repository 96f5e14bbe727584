//! Test support: building values from JSON text (numbers become Float, as Helm's
//! values files give float64) and a few Sprig-like functions with Helm's
//! behaviour for the cases that need them (the real Sprig is `funcs`' business).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::rc::Rc;

use plumb_helm::template::{Error, MissingKey, Templates};
use plumb_helm::{FuncMap, Value};

/// Parses JSON (a subset of YAML Helm reads values from) into a Value.
pub fn json(text: &str) -> Value {
    let mut p = P {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value();
    p.ws();
    assert_eq!(p.i, p.s.len(), "trailing input in {text}");
    v
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn value(&mut self) -> Value {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        break;
                    }
                    let Value::Str(k) = self.value() else {
                        panic!("key")
                    };
                    self.ws();
                    assert_eq!(self.s[self.i], b':');
                    self.i += 1;
                    let v = self.value();
                    m.insert(k.to_string(), v);
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
                Value::map(m)
            }
            b'[' => {
                self.i += 1;
                let mut l = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        break;
                    }
                    l.push(self.value());
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
                Value::list(l)
            }
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b'"' => break,
                        b'\\' => {
                            let e = self.s[self.i];
                            self.i += 1;
                            out.push(match e {
                                b'n' => '\n',
                                b't' => '\t',
                                b'"' => '"',
                                b'\\' => '\\',
                                _ => panic!("escape"),
                            });
                        }
                        _ => {
                            let start = self.i - 1;
                            let mut end = self.i;
                            while end < self.s.len() && (self.s[end] & 0xC0) == 0x80 {
                                end += 1;
                            }
                            out.push_str(std::str::from_utf8(&self.s[start..end]).unwrap());
                            self.i = end;
                        }
                    }
                }
                Value::from(out)
            }
            b't' => {
                self.i += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Value::Nil
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                Value::Float(t.parse().unwrap())
            }
        }
    }
}

fn f(func: impl Fn(&[Value]) -> Result<Value, String> + 'static) -> plumb_helm::Func {
    Rc::new(func)
}

/// A few functions with Sprig's/Helm's behaviour on the arguments the tests give.
pub fn test_funcs() -> FuncMap {
    let mut m = FuncMap::new();
    m.insert("list".into(), f(|a| Ok(Value::list(a.to_vec()))));
    m.insert(
        "dict".into(),
        f(|a| {
            let mut d = BTreeMap::new();
            for p in a.chunks(2) {
                d.insert(
                    p.first().cloned().unwrap_or_default().to_string(),
                    p.get(1).cloned().unwrap_or(Value::Nil),
                );
            }
            Ok(Value::map(d))
        }),
    );
    m.insert(
        "fail".into(),
        f(|a| Err(a.first().map(|v| v.to_string()).unwrap_or_default())),
    );
    m.insert(
        "required".into(),
        f(|a| match a.get(1) {
            None | Some(Value::Nil) => Err(a.first().cloned().unwrap_or_default().to_string()),
            Some(Value::Str(s)) if s.is_empty() => {
                Err(a.first().cloned().unwrap_or_default().to_string())
            }
            Some(v) => Ok(v.clone()),
        }),
    );
    m.insert(
        "int".into(),
        f(|a| {
            Ok(Value::Int(match &a.first().cloned().unwrap_or_default() {
                Value::Float(x) => *x as i64,
                Value::Int(i) => *i,
                Value::Str(s) => s.parse().unwrap_or(0),
                _ => 0,
            }))
        }),
    );
    m.insert(
        "float64".into(),
        f(|a| {
            Ok(Value::Float(
                match &a.first().cloned().unwrap_or_default() {
                    Value::Float(x) => *x,
                    Value::Int(i) => *i as f64,
                    Value::Str(s) => s.parse().unwrap_or(0.0),
                    _ => 0.0,
                },
            ))
        }),
    );
    m.insert(
        "upper".into(),
        f(|a| {
            Ok(Value::from(
                a.first()
                    .cloned()
                    .unwrap_or_default()
                    .to_string()
                    .to_uppercase(),
            ))
        }),
    );
    m.insert(
        "quote".into(),
        f(|a| {
            Ok(Value::from(
                a.iter()
                    .filter(|v| !v.is_nil())
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(" "),
            ))
        }),
    );
    m.insert(
        "nindent".into(),
        f(|a| {
            let n = match &a.first().cloned().unwrap_or_default() {
                Value::Int(i) => (*i).clamp(0, 10_000) as usize,
                Value::Float(x) => x.clamp(0.0, 10_000.0) as usize,
                _ => 0,
            };
            let pad = " ".repeat(n);
            let s = a.get(1).cloned().unwrap_or_default().to_string();
            Ok(Value::from(format!(
                "\n{pad}{}",
                s.replace('\n', &format!("\n{pad}"))
            )))
        }),
    );
    m.insert(
        "indent".into(),
        f(|a| {
            let n = match a.first() {
                Some(Value::Int(i)) => (*i).clamp(0, 10_000) as usize,
                Some(Value::Float(x)) => x.clamp(0.0, 10_000.0) as usize,
                _ => 0,
            };
            let pad = " ".repeat(n);
            let s = a.get(1).cloned().unwrap_or_default().to_string();
            Ok(Value::from(format!(
                "{pad}{}",
                s.replace('\n', &format!("\n{pad}"))
            )))
        }),
    );
    m.insert(
        "set".into(),
        f(|a| {
            if let Value::Map(d) = &a.first().cloned().unwrap_or_default() {
                d.borrow_mut().insert(
                    a.get(1).cloned().unwrap_or_default().to_string(),
                    a.get(2).cloned().unwrap_or_default(),
                );
            }
            Ok(a.first().cloned().unwrap_or_default())
        }),
    );
    m
}

/// Renders `template` (as `x/templates/a.yaml`, with `helpers` as
/// `x/templates/_h.tpl`) with `{"Values": values}` as Helm does: missingkey=zero
/// and `<no value>` replaced by "". Errors are Go's error text.
pub fn helm_render(template: &str, values: &str, helpers: &str) -> Result<String, String> {
    helm_render_err(template, values, helpers).map_err(|e| e.to_string())
}

/// As [`helm_render`], with the error itself.
pub fn helm_render_err(template: &str, values: &str, helpers: &str) -> Result<String, Error> {
    let mut t = Templates::new(test_funcs());
    t.set_missing_key(MissingKey::Zero);
    // Helm parses files deepest first, then in reverse name order.
    t.parse("x/templates/a.yaml", template)?;
    t.parse("x/templates/_h.tpl", helpers)?;
    let mut root = BTreeMap::new();
    root.insert(
        "Values".to_string(),
        json(if values.is_empty() { "{}" } else { values }),
    );
    let data = Value::map(root);
    let mut r = t.execute("x/templates/a.yaml", &data)?;
    r.replace_no_value();
    Ok(r.text)
}
