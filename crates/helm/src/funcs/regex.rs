//! Sprig's regular expression functions over Rust's `regex` crate, whose syntax
//! is RE2's (Go's) for everything charts use; `\d`, `\w`, `\s` and `\b` are
//! rewritten to their ASCII meaning as in RE2. Replacement templates (`$1`,
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
    let r = regex::RegexBuilder::new(&ascii_perl_classes(re))
        .size_limit(10 << 20)
        .build()
        .map_err(|e| {
            let reason = go_reason(&e.to_string());
            let at = if reason == "invalid repeat count" {
                bad_repeat(re).unwrap_or(re)
            } else {
                re
            };
            format!("error parsing regexp: {reason}: `{at}`")
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

/// RE2 (Go) gives `\d`, `\w`, `\s` and `\b` their ASCII meaning; Rust's are
/// Unicode-aware. Rewrites them to the ASCII forms, inside and outside classes.
fn ascii_perl_classes(re: &str) -> String {
    let cs: Vec<char> = re.chars().collect();
    let mut out = String::with_capacity(re.len() + 16);
    let mut in_class = false;
    let mut k = 0;
    while k < cs.len() {
        let c = cs[k];
        if c == '\\' && k + 1 < cs.len() {
            let e = cs[k + 1];
            let rep = match (in_class, e) {
                (false, 'd') => Some("[0-9]"),
                (false, 'D') => Some("[^0-9]"),
                (false, 'w') => Some("[0-9A-Za-z_]"),
                (false, 'W') => Some("[^0-9A-Za-z_]"),
                (false, 's') => Some("[\\t\\n\\f\\r ]"),
                (false, 'S') => Some("[^\\t\\n\\f\\r ]"),
                (false, 'b') => Some("(?-u:\\b)"),
                (false, 'B') => Some("(?-u:\\B)"),
                (true, 'd') => Some("0-9"),
                (true, 'w') => Some("0-9A-Za-z_"),
                (true, 's') => Some("\\t\\n\\f\\r "),
                _ => None,
            };
            match rep {
                Some(r) => out.push_str(r),
                None => {
                    out.push(c);
                    out.push(e);
                }
            }
            k += 2;
            continue;
        }
        if !in_class && c == '[' {
            in_class = true;
            out.push(c);
            k += 1;
            // A `]` (after an optional `^`) right at the start is a literal.
            if cs.get(k) == Some(&'^') {
                out.push('^');
                k += 1;
            }
            if cs.get(k) == Some(&']') {
                out.push(']');
                k += 1;
            }
            continue;
        }
        if in_class && c == '[' && cs.get(k + 1) == Some(&':') {
            // A POSIX class such as `[:alpha:]`: copy through its closing `]`.
            while k < cs.len() {
                out.push(cs[k]);
                k += 1;
                if cs[k - 1] == ']' {
                    break;
                }
            }
            continue;
        }
        if in_class && c == ']' {
            in_class = false;
        }
        out.push(c);
        k += 1;
    }
    out
}

/// Go's wording for the common syntax errors (Rust's otherwise).
fn go_reason(rust: &str) -> String {
    let last = rust
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .unwrap_or(rust)
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    let table = [
        ("unclosed group", "missing closing )"),
        ("unopened group", "unexpected )"),
        ("unclosed character class", "missing closing ]"),
        ("invalid repetition count range", "invalid repeat count"),
        (
            "repetition quantifier expects a valid decimal",
            "invalid repeat count",
        ),
        (
            "repetition operator missing expression",
            "missing argument to repetition operator",
        ),
        ("invalid escape sequence", "invalid escape sequence"),
        (
            "invalid character class range",
            "invalid character class range",
        ),
    ];
    for (r, g) in table {
        if last.starts_with(r) {
            return g.to_string();
        }
    }
    last
}

/// The first `{n,m}` repetition whose counts Go refuses (m < n or over 1000).
fn bad_repeat(re: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(open) = re[from..].find('{').map(|i| i + from) {
        let close = re[open..].find('}').map(|i| i + open)?;
        let inner = &re[open + 1..close];
        let (a, b) = inner.split_once(',').unwrap_or((inner, inner));
        let lo: Option<u32> = a.parse().ok();
        let hi: Option<u32> = if b.is_empty() { lo } else { b.parse().ok() };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if hi < lo || hi > 1000 || lo > 1000 {
                return Some(&re[open..=close]);
            }
        }
        from = close;
    }
    None
}

/// Go's `regexp.MustCompile` panic text, for the non-`must` functions.
fn must_compile(re: &str) -> Result<Regex, String> {
    compile(re).map_err(|e| format!("regexp: Compile(`{re}`): {e}"))
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

type Compile = fn(&str) -> Result<Regex, String>;

/// Registers `name` (compiling as `MustCompile`, whose panic Go reports) and its
/// `must` variant (returning the compile error).
fn both(
    m: &mut FuncMap,
    name: &'static str,
    must: &'static str,
    n: usize,
    fun: fn(&[Value], Compile) -> Result<Value, String>,
) {
    for (reg, comp) in [(name, must_compile as Compile), (must, compile as Compile)] {
        m.insert(
            reg.into(),
            f(move |a| {
                arity(reg, a, n)?;
                fun(a, comp)
            }),
        );
    }
}

fn strs(v: Vec<String>) -> Value {
    Value::list(v.into_iter().map(Value::from).collect())
}

/// Registers the regex functions.
pub fn register(m: &mut FuncMap) {
    // Sprig's `regexMatch` ignores a bad expression and answers false.
    m.insert(
        "regexMatch".into(),
        f(|a| {
            arity("regexMatch", a, 2)?;
            let (re, st) = (s(&a[0])?, s(&a[1])?);
            Ok(Value::Bool(compile(&re).is_ok_and(|r| r.is_match(&st))))
        }),
    );
    m.insert(
        "mustRegexMatch".into(),
        f(|a| {
            arity("mustRegexMatch", a, 2)?;
            Ok(Value::Bool(compile(&s(&a[0])?)?.is_match(&s(&a[1])?)))
        }),
    );
    both(m, "regexFind", "mustRegexFind", 2, |a, comp| {
        let st = s(&a[1])?;
        Ok(Value::from(
            comp(&s(&a[0])?)?
                .find(&st)
                .map_or("", |x| x.as_str())
                .to_string(),
        ))
    });
    both(m, "regexFindAll", "mustRegexFindAll", 3, |a, comp| {
        let st = s(&a[1])?;
        let n = i(&a[2])?;
        let re = comp(&s(&a[0])?)?;
        let limit = if n < 0 { usize::MAX } else { n as usize };
        Ok(strs(
            re.find_iter(&st)
                .take(limit)
                .map(|x| x.as_str().to_string())
                .collect(),
        ))
    });
    both(m, "regexReplaceAll", "mustRegexReplaceAll", 3, |a, comp| {
        let re = comp(&s(&a[0])?)?;
        let (st, repl) = (s(&a[1])?, s(&a[2])?);
        Ok(Value::from(re.replace_all(&st, &*repl).into_owned()))
    });
    both(
        m,
        "regexReplaceAllLiteral",
        "mustRegexReplaceAllLiteral",
        3,
        |a, comp| {
            let re = comp(&s(&a[0])?)?;
            let (st, repl) = (s(&a[1])?, s(&a[2])?);
            Ok(Value::from(
                re.replace_all(&st, regex::NoExpand(&repl)).into_owned(),
            ))
        },
    );
    both(m, "regexSplit", "mustRegexSplit", 3, |a, comp| {
        let re = comp(&s(&a[0])?)?;
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
