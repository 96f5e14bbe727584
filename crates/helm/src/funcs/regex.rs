//! Sprig's regular expression functions over Rust's `regex` crate, whose syntax
//! is RE2's (Go's) for everything charts use. Replacement templates (`$1`,
//! `${name}`) and `Split`'s handling of empty matches follow Go. Compiled
//! expressions are cached per thread.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;

use super::util::{arity, f, i, s};
use crate::value::{FuncMap, Value};

thread_local! {
    static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// Compiles (or fetches) an expression; the error reads as Go's.
pub fn compile(re: &str) -> Result<Regex, String> {
    if let Some(r) = CACHE.with(|c| c.borrow().get(re).cloned()) {
        return Ok(r);
    }
    let r = regex::RegexBuilder::new(re)
        .size_limit(10 << 20)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or("").trim().to_string();
            format!(
                "error parsing regexp: {}: `{re}`",
                last.trim_start_matches("error: ")
            )
        })?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 1000 {
            c.clear();
        }
        c.insert(re.to_string(), r.clone());
    });
    Ok(r)
}

/// Go's `regexp.QuoteMeta`.
pub fn quote_meta(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Go's `Regexp.Split`.
pub fn split(re: &Regex, st: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if !re.as_str().is_empty() && st.is_empty() {
        return vec![String::new()];
    }
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    let limit = if n < 0 { usize::MAX } else { n as usize };
    for m in re.find_iter(st).take(limit) {
        if n > 0 && out.len() == limit - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            out.push(st[beg..end].to_string());
        }
        beg = m.end();
    }
    if end != st.len() {
        out.push(st[beg..].to_string());
    }
    out
}

fn both(
    m: &mut FuncMap,
    name: &'static str,
    must: &'static str,
    n: usize,
    fun: fn(&[Value]) -> Result<Value, String>,
) {
    for (reg, is_must) in [(name, false), (must, true)] {
        m.insert(
            reg.into(),
            f(move |a| {
                arity(reg, a, n)?;
                let _ = is_must;
                fun(a)
            }),
        );
    }
}

fn strs(v: Vec<String>) -> Value {
    Value::list(v.into_iter().map(Value::from).collect())
}

/// Registers the regex functions.
pub fn register(m: &mut FuncMap) {
    both(m, "regexMatch", "mustRegexMatch", 2, |a| {
        Ok(Value::Bool(compile(&s(&a[0])?)?.is_match(&s(&a[1])?)))
    });
    both(m, "regexFind", "mustRegexFind", 2, |a| {
        let st = s(&a[1])?;
        Ok(Value::from(
            compile(&s(&a[0])?)?
                .find(&st)
                .map_or("", |x| x.as_str())
                .to_string(),
        ))
    });
    both(m, "regexFindAll", "mustRegexFindAll", 3, |a| {
        let st = s(&a[1])?;
        let n = i(&a[2])?;
        let re = compile(&s(&a[0])?)?;
        let limit = if n < 0 { usize::MAX } else { n as usize };
        Ok(strs(
            re.find_iter(&st)
                .take(limit)
                .map(|x| x.as_str().to_string())
                .collect(),
        ))
    });
    both(m, "regexReplaceAll", "mustRegexReplaceAll", 3, |a| {
        let re = compile(&s(&a[0])?)?;
        let (st, repl) = (s(&a[1])?, s(&a[2])?);
        Ok(Value::from(re.replace_all(&st, &*repl).into_owned()))
    });
    both(
        m,
        "regexReplaceAllLiteral",
        "mustRegexReplaceAllLiteral",
        3,
        |a| {
            let re = compile(&s(&a[0])?)?;
            let (st, repl) = (s(&a[1])?, s(&a[2])?);
            Ok(Value::from(
                re.replace_all(&st, regex::NoExpand(&repl)).into_owned(),
            ))
        },
    );
    both(m, "regexSplit", "mustRegexSplit", 3, |a| {
        let re = compile(&s(&a[0])?)?;
        Ok(strs(split(&re, &s(&a[1])?, i(&a[2])?)))
    });
    m.insert(
        "regexQuoteMeta".into(),
        f(|a| {
            arity("regexQuoteMeta", a, 1)?;
            Ok(Value::from(quote_meta(&s(&a[0])?)))
        }),
    );
}
