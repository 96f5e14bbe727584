//! Go's builtin template functions (`text/template/funcs.go`): `len`, `index`,
//! `slice`, `print`, `printf`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`,
//! `html`, `js`, `urlquery` (`and`, `or`, `not` and `call` are in the executor,
//! since `and`/`or` short-circuit).

use super::exec::EVal;
use super::fmt::{sprint, sprintf, sprintln, type_name};
use crate::value::Value;

/// Names every template can call, whatever the function map.
pub(crate) const NAMES: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "include", "tpl",
];

/// (number of parameters, variadic) for the builtins handled here.
pub(crate) fn arity(name: &str) -> Option<(usize, bool)> {
    Some(match name {
        "len" => (1, false),
        "index" | "slice" => (1, true),
        "print" | "println" | "html" | "js" | "urlquery" => (0, true),
        "printf" => (1, true),
        "eq" => (1, true),
        "ne" | "lt" | "le" | "gt" | "ge" => (2, false),
        _ => return None,
    })
}

pub(crate) fn call(name: &str, args: &[EVal]) -> Result<EVal, String> {
    let vals = || args.iter().map(EVal::value).collect::<Vec<_>>();
    let b = |x: bool| Ok(EVal::Val(Value::Bool(x)));
    match name {
        "len" => length(&args[0]).map(|n| EVal::Val(Value::Int(n))),
        "index" => index(&args[0], &args[1..]),
        "slice" => slice(&args[0], &args[1..]),
        "print" => Ok(EVal::Val(Value::from(sprint(&vals())))),
        "println" => Ok(EVal::Val(Value::from(sprintln(&vals())))),
        "printf" => {
            let v = vals();
            let f = v[0].as_str().unwrap_or_default().to_string();
            Ok(EVal::Val(Value::from(sprintf(&f, &v[1..]))))
        }
        "html" => Ok(EVal::Val(Value::from(html_escape(&eval_args(args))))),
        "js" => Ok(EVal::Val(Value::from(js_escape(&eval_args(args))))),
        "urlquery" => Ok(EVal::Val(Value::from(query_escape(&eval_args(args))))),
        "eq" => b(eq(&args[0], &args[1..])?),
        "ne" => b(!eq(&args[0], &args[1..2])?),
        "lt" => b(lt(&args[0], &args[1])?),
        "le" => b(le(&args[0], &args[1])?),
        "gt" => b(!le(&args[0], &args[1])?),
        "ge" => b(!lt(&args[0], &args[1])?),
        _ => Err(format!("{name} is not a builtin")),
    }
}

/// Go's `evalArgs` for html/js/urlquery: one string as is, else `fmt.Sprint`
/// with missing values printed as `<no value>`.
fn eval_args(args: &[EVal]) -> String {
    if let [a] = args {
        if let Value::Str(s) = a.value() {
            return s.to_string();
        }
    }
    let vals: Vec<Value> = args
        .iter()
        .map(|a| match a.indirect() {
            EVal::Invalid => Value::str("<no value>"),
            v => v.value(),
        })
        .collect();
    sprint(&vals)
}

/// A Go map or slice type with methods (an [`Object`](crate::value::Object)
/// whose data is a map or list) behaves as its data for `len` and `index`.
fn as_data(v: &EVal) -> EVal {
    match v.indirect() {
        EVal::Val(Value::Object(o)) => match o.to_data() {
            d @ (Value::Map(_) | Value::List(_)) => EVal::Val(d),
            _ => v.clone(),
        },
        _ => v.clone(),
    }
}

fn length(item: &EVal) -> Result<i64, String> {
    let item = &as_data(item);
    match item {
        EVal::Invalid => Err("reflect: call of reflect.Value.Type on zero Value".into()),
        EVal::Iface(Value::Nil) | EVal::Val(Value::Nil) => Err("len of nil pointer".into()),
        EVal::Iface(v) | EVal::Val(v) => match v {
            Value::Str(s) => Ok(s.len() as i64),
            Value::List(l) => Ok(l.len() as i64),
            Value::Map(m) => Ok(m.borrow().len() as i64),
            other => Err(format!("len of type {}", type_name(other))),
        },
    }
}

fn index_arg(index: &EVal, cap: usize) -> Result<usize, String> {
    let x = match index.indirect() {
        EVal::Val(Value::Int(i)) => i,
        EVal::Invalid => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.value_type()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

impl EVal {
    fn value_type(&self) -> String {
        type_name(&self.value())
    }
}

fn index(item: &EVal, indexes: &[EVal]) -> Result<EVal, String> {
    let mut item = as_data(item).indirect();
    if let EVal::Invalid = item {
        return Err("index of untyped nil".into());
    }
    for index in indexes {
        let cur = match item.indirect() {
            EVal::Invalid => return Err("index of nil pointer".into()),
            v => v.value(),
        };
        item = match &cur {
            Value::List(l) => {
                let x = index_arg(index, l.len())?;
                match l.get(x) {
                    Some(v) => EVal::Iface(v.clone()),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Value::Str(s) => {
                let x = index_arg(index, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => EVal::Val(Value::Int(*b as i64)),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Value::Map(m) => {
                let key = match index.indirect() {
                    EVal::Val(Value::Str(s)) => s,
                    EVal::Invalid => return Err("value is nil; should be of type string".into()),
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.value_type()
                        ))
                    }
                };
                match m.borrow().get(&*key) {
                    Some(v) => EVal::Iface(v.clone()),
                    None => EVal::Iface(Value::Nil),
                }
            }
            other => return Err(format!("can't index item of type {}", type_name(other))),
        };
    }
    Ok(item)
}

fn slice(item: &EVal, indexes: &[EVal]) -> Result<EVal, String> {
    let item = match item.indirect() {
        EVal::Invalid => return Err("slice of untyped nil".into()),
        v => v.value(),
    };
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match &item {
        Value::Str(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(l) => l.len(),
        other => return Err(format!("can't slice item of type {}", type_name(other))),
    };
    let mut idx = [0, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(EVal::Val(match &item {
        Value::Str(s) => {
            Value::from(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned())
        }
        Value::List(l) => Value::list(l[idx[0]..idx[1]].to_vec()),
        _ => Value::Nil,
    }))
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
}

fn basic_kind(v: &EVal) -> Result<Kind, String> {
    match v {
        EVal::Invalid | EVal::Iface(Value::Nil) | EVal::Val(Value::Nil) => Err(Kind::Invalid),
        EVal::Iface(v) | EVal::Val(v) => match v {
            Value::Bool(_) => Ok(Kind::Bool),
            Value::Int(_) => Ok(Kind::Int),
            Value::Float(_) => Ok(Kind::Float),
            Value::Str(_) => Ok(Kind::Str),
            _ => Err(Kind::Invalid),
        },
    }
    .map_err(|_| "invalid type for comparison".to_string())
}

fn bad_comparison(a: &EVal, b: &EVal) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        type_name(&a.value()),
        type_name(&b.value())
    )
}

fn eq(arg1: &EVal, rest: &[EVal]) -> Result<bool, String> {
    let a = arg1.indirect();
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic_kind(&a).unwrap_or(Kind::Invalid);
    for arg in rest {
        let b = arg.indirect();
        let k2 = basic_kind(&b).unwrap_or(Kind::Invalid);
        let truth = if k1 != k2 {
            if !matches!(a, EVal::Invalid) && !matches!(b, EVal::Invalid) {
                return Err(bad_comparison(&a, &b));
            }
            false
        } else {
            let (x, y) = (a.value(), b.value());
            match k1 {
                Kind::Bool | Kind::Int | Kind::Str => x == y,
                Kind::Float => match (&x, &y) {
                    (Value::Float(p), Value::Float(q)) => p == q,
                    _ => false,
                },
                Kind::Invalid => match (&x, &y) {
                    (Value::Nil, _) | (_, Value::Nil) => x.is_nil() && y.is_nil(),
                    (Value::Object(p), Value::Object(q)) => std::rc::Rc::ptr_eq(p, q),
                    (Value::Map(_), Value::Map(_)) | (Value::List(_), Value::List(_)) => {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            sprintf("%s", std::slice::from_ref(&y)),
                            type_name(&y)
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            sprintf("%s", std::slice::from_ref(&x)),
                            type_name(&x),
                            type_name(&y),
                            sprintf("%v", std::slice::from_ref(&y))
                        ));
                    }
                },
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(arg1: &EVal, arg2: &EVal) -> Result<bool, String> {
    let a = arg1.indirect();
    let k1 = basic_kind(&a)?;
    let b = arg2.indirect();
    let k2 = basic_kind(&b)?;
    if k1 != k2 {
        return Err(bad_comparison(&a, &b));
    }
    match (a.value(), b.value()) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => Ok(x < y),
        _ => Err("invalid type for comparison".into()),
    }
}

fn le(arg1: &EVal, arg2: &EVal) -> Result<bool, String> {
    if lt(arg1, arg2)? {
        return Ok(true);
    }
    eq(arg1, std::slice::from_ref(arg2))
}

/// Go's `template.HTMLEscapeString`.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub(crate) fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c.is_ascii() => out.push(c),
            c if super::fmt::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub(crate) fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
