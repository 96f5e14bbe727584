//! Sprig's list and dict functions, and `default`/`empty`/`coalesce`/`ternary`
//! and the type predicates.
//!
//! Non-`must` list functions fail where Sprig panics (Go's template reports the
//! panic as an error, so the result is the same). `keys` and `values` return map
//! order sorted by key where Go's is random.

use std::collections::BTreeMap;

use super::util::{
    arity, arity_min, contains, deep_copy, deep_eq, f, go_type, i, is_empty, kind_name,
    m as map_arg, s, strval, to_i64,
};
use crate::value::{FuncMap, Map, Value};

fn list_arg(name: &str, v: &Value) -> Result<std::rc::Rc<Vec<Value>>, String> {
    match v {
        Value::List(l) => Ok(l.clone()),
        Value::Nil => Err(format!("Cannot find {name} on type invalid")),
        other => Err(format!("Cannot find {name} on type {}", kind_name(other))),
    }
}

fn reg(
    m: &mut FuncMap,
    names: &[&'static str],
    n: usize,
    fun: fn(&[Value]) -> Result<Value, String>,
) {
    for &name in names {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, n)?;
                fun(a)
            }),
        );
    }
}

fn both(
    m: &mut FuncMap,
    name: &'static str,
    n: usize,
    fun: fn(&str, &[Value]) -> Result<Value, String>,
) {
    let must: &'static str =
        Box::leak(format!("must{}{}", name[..1].to_uppercase(), &name[1..]).into_boxed_str());
    for (reg_name, op) in [(name, name), (must, name)] {
        m.insert(
            reg_name.into(),
            f(move |a| {
                arity(reg_name, a, n)?;
                fun(op, a)
            }),
        );
    }
}

fn list_fns(m: &mut FuncMap) {
    for name in ["list", "tuple"] {
        m.insert(name.into(), f(|a| Ok(Value::list(a.to_vec()))));
    }
    for (name, must, push) in [
        ("append", "mustAppend", true),
        ("push", "mustPush", true),
        ("prepend", "mustPrepend", false),
    ] {
        for n in [name, must] {
            m.insert(
                n.into(),
                f(move |a| {
                    arity(n, a, 2)?;
                    let verb = if push { "push" } else { "prepend" };
                    let l = match &a[0] {
                        Value::List(l) => l.clone(),
                        Value::Nil => Default::default(),
                        other => return Err(format!("Cannot {verb} on type {}", kind_name(other))),
                    };
                    let mut v = Vec::with_capacity(l.len() + 1);
                    if push {
                        v.extend(l.iter().cloned());
                        v.push(a[1].clone());
                    } else {
                        v.push(a[1].clone());
                        v.extend(l.iter().cloned());
                    }
                    Ok(Value::list(v))
                }),
            );
        }
    }
    both(m, "first", 1, |n, a| {
        Ok(list_arg(n, &a[0])?.first().cloned().unwrap_or(Value::Nil))
    });
    both(m, "last", 1, |n, a| {
        Ok(list_arg(n, &a[0])?.last().cloned().unwrap_or(Value::Nil))
    });
    both(m, "rest", 1, |n, a| {
        let l = list_arg(n, &a[0])?;
        Ok(Value::list(l.get(1..).unwrap_or_default().to_vec()))
    });
    both(m, "initial", 1, |n, a| {
        let l = list_arg(n, &a[0])?;
        Ok(Value::list(
            l.get(..l.len().saturating_sub(1))
                .unwrap_or_default()
                .to_vec(),
        ))
    });
    both(m, "reverse", 1, |n, a| {
        let l = list_arg(n, &a[0])?;
        Ok(Value::list(l.iter().rev().cloned().collect()))
    });
    both(m, "uniq", 1, |n, a| {
        let l = list_arg(n, &a[0])?;
        let mut out: Vec<Value> = Vec::new();
        for x in l.iter() {
            if !contains(&out, x)? {
                out.push(x.clone());
            }
        }
        Ok(Value::list(out))
    });
    both(m, "compact", 1, |_, a| {
        let l = match &a[0] {
            Value::List(l) => l.clone(),
            other => return Err(format!("Cannot compact on type {}", kind_name(other))),
        };
        Ok(Value::list(
            l.iter().filter(|x| !is_empty(x)).cloned().collect(),
        ))
    });
    for name in ["without", "mustWithout"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let l = list_arg("without", &a[0])?;
                let omit = &a[1..];
                let mut out = Vec::new();
                for x in l.iter() {
                    if !contains(omit, x)? {
                        out.push(x.clone());
                    }
                }
                Ok(Value::list(out))
            }),
        );
    }
    for name in ["has", "mustHas"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 2)?;
                match &a[1] {
                    Value::Nil => Ok(Value::Bool(false)),
                    Value::List(l) => Ok(Value::Bool(contains(l, &a[0])?)),
                    other => Err(format!("Cannot find has on type {}", kind_name(other))),
                }
            }),
        );
    }
    for name in ["slice", "mustSlice"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let l = list_arg("slice", &a[0])?;
                if l.is_empty() {
                    return Ok(Value::Nil);
                }
                let start = a.get(1).map(to_i64).unwrap_or(0);
                let end = a.get(2).map(to_i64).unwrap_or(l.len() as i64);
                if start < 0 || end < start || end > l.len() as i64 {
                    return Err("reflect.Value.Slice: slice index out of bounds".to_string());
                }
                Ok(Value::list(l[start as usize..end as usize].to_vec()))
            }),
        );
    }
    m.insert(
        "concat".into(),
        f(|a| {
            let mut out = Vec::new();
            for x in a {
                match x {
                    Value::List(l) => out.extend(l.iter().cloned()),
                    other => {
                        return Err(format!("Cannot concat type {} as list", kind_name(other)))
                    }
                }
            }
            Ok(Value::list(out))
        }),
    );
    for name in ["chunk", "mustChunk"] {
        m.insert(
            name.into(),
            f(move |a| {
                arity(name, a, 2)?;
                let size = i(&a[0])?;
                let l = list_arg("chunk", &a[1])?;
                if size <= 0 {
                    return Err("runtime error: makeslice: len out of range".into());
                }
                Ok(Value::list(
                    l.chunks(size as usize)
                        .map(|c| Value::list(c.to_vec()))
                        .collect(),
                ))
            }),
        );
    }
}

/// mergo's `Merge` as Sprig calls it: without `overwrite`, a key is set only when
/// `dst` lacks it or holds an empty value; maps merge recursively.
pub fn merge_maps(dst: &Map, src: &Map, overwrite: bool, depth: usize) -> Result<(), String> {
    if depth > super::util::MAX_DEPTH || std::rc::Rc::ptr_eq(dst, src) {
        return Ok(());
    }
    let entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, sv) in entries {
        let dv = dst.borrow().get(&k).cloned();
        if sv.is_nil() {
            if overwrite {
                dst.borrow_mut().insert(k, Value::Nil);
            }
            continue;
        }
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&sv, &dv) {
            merge_maps(dm, sm, overwrite, depth + 1)?;
            if dv.as_ref().is_some_and(|d| !is_empty(d)) {
                continue;
            }
        }
        if !overwrite {
            if let Some(d) = &dv {
                if !is_empty(d) {
                    continue;
                }
            }
        }
        dst.borrow_mut().insert(k, sv);
    }
    Ok(())
}

fn dict_fns(m: &mut FuncMap) {
    m.insert(
        "dict".into(),
        f(|a| {
            let mut d = BTreeMap::new();
            for pair in a.chunks(2) {
                let k = strval(&pair[0]);
                d.insert(k, pair.get(1).cloned().unwrap_or_else(|| Value::str("")));
            }
            Ok(Value::map(d))
        }),
    );
    reg(m, &["get"], 2, |a| {
        let d = map_arg(&a[0])?;
        let k = s(&a[1])?;
        let v = d.borrow().get(&*k).cloned();
        Ok(v.unwrap_or_else(|| Value::str("")))
    });
    reg(m, &["set"], 3, |a| {
        if a[0].is_nil() {
            // Go panics writing to a nil map; the template reports it.
            return Err("assignment to entry in nil map".into());
        }
        let d = map_arg(&a[0])?;
        let k = s(&a[1])?;
        d.borrow_mut().insert(k.to_string(), a[2].clone());
        Ok(Value::Map(d))
    });
    reg(m, &["unset"], 2, |a| {
        let d = map_arg(&a[0])?;
        let k = s(&a[1])?;
        d.borrow_mut().remove(&*k);
        Ok(Value::Map(d))
    });
    reg(m, &["hasKey"], 2, |a| {
        let d = map_arg(&a[0])?;
        let k = s(&a[1])?;
        let has = d.borrow().contains_key(&*k);
        Ok(Value::Bool(has))
    });
    m.insert(
        "pluck".into(),
        f(|a| {
            arity_min("pluck", a, 1)?;
            let k = s(&a[0])?;
            let mut out = Vec::new();
            for d in &a[1..] {
                let d = map_arg(d)?;
                let v = d.borrow().get(&*k).cloned();
                if let Some(v) = v {
                    out.push(v);
                }
            }
            Ok(Value::list(out))
        }),
    );
    m.insert(
        "keys".into(),
        f(|a| {
            let mut out = Vec::new();
            for d in a {
                let d = map_arg(d)?;
                out.extend(d.borrow().keys().map(Value::str));
            }
            Ok(Value::list(out))
        }),
    );
    reg(m, &["values"], 1, |a| {
        let d = map_arg(&a[0])?;
        let v: Vec<Value> = d.borrow().values().cloned().collect();
        Ok(Value::list(v))
    });
    for (name, keep) in [("pick", true), ("omit", false)] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let d = map_arg(&a[0])?;
                let ks: Vec<std::rc::Rc<str>> = a[1..].iter().map(s).collect::<Result<_, _>>()?;
                let out: BTreeMap<String, Value> = d
                    .borrow()
                    .iter()
                    .filter(|(k, _)| ks.iter().any(|x| &**x == k.as_str()) == keep)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Ok(Value::map(out))
            }),
        );
    }
    for (name, overwrite) in [
        ("merge", false),
        ("mustMerge", false),
        ("mergeOverwrite", true),
        ("mustMergeOverwrite", true),
    ] {
        m.insert(
            name.into(),
            f(move |a| {
                arity_min(name, a, 1)?;
                let dst = map_arg(&a[0])?;
                for src in &a[1..] {
                    let src = map_arg(src)?;
                    merge_maps(&dst, &src, overwrite, 0)?;
                }
                Ok(Value::Map(dst))
            }),
        );
    }
    reg(m, &["deepCopy", "mustDeepCopy"], 1, |a| deep_copy(&a[0]));
    m.insert(
        "dig".into(),
        f(|a| {
            if a.len() < 3 {
                return Err("dig needs at least three arguments".into());
            }
            let mut d = match &a[a.len() - 1] {
                Value::Map(m) => m.clone(),
                other => {
                    return Err(format!(
                        "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                        go_type(other)
                    ))
                }
            };
            let def = &a[a.len() - 2];
            let ks = &a[..a.len() - 2];
            for (n, k) in ks.iter().enumerate() {
                let k = match k {
                    Value::Str(s) => s.clone(),
                    other => {
                        return Err(format!(
                            "interface conversion: interface {{}} is {}, not string",
                            go_type(other)
                        ))
                    }
                };
                let step = d.borrow().get(&*k).cloned();
                let Some(step) = step else {
                    return Ok(def.clone());
                };
                if n + 1 == ks.len() {
                    return Ok(step);
                }
                d = match step {
                    Value::Map(m) => m,
                    other => {
                        return Err(format!(
                        "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                        go_type(&other)
                    ))
                    }
                };
            }
            Ok(def.clone())
        }),
    );
}

fn default_fns(m: &mut FuncMap) {
    m.insert(
        "default".into(),
        f(|a| {
            arity_min("default", a, 1)?;
            match a.get(1) {
                Some(v) if !is_empty(v) => Ok(v.clone()),
                _ => Ok(a[0].clone()),
            }
        }),
    );
    reg(m, &["empty"], 1, |a| Ok(Value::Bool(is_empty(&a[0]))));
    m.insert(
        "coalesce".into(),
        f(|a| {
            Ok(a.iter()
                .find(|v| !is_empty(v))
                .cloned()
                .unwrap_or(Value::Nil))
        }),
    );
    m.insert(
        "all".into(),
        f(|a| Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))),
    );
    m.insert(
        "any".into(),
        f(|a| Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))),
    );
    reg(m, &["ternary"], 3, |a| {
        let c = super::util::b(&a[2])?;
        Ok(if c { a[0].clone() } else { a[1].clone() })
    });
    reg(m, &["typeOf"], 1, |a| Ok(Value::from(go_type(&a[0]))));
    reg(m, &["typeIs"], 2, |a| {
        Ok(Value::Bool(*s(&a[0])? == *go_type(&a[1])))
    });
    reg(m, &["typeIsLike"], 2, |a| {
        let t = go_type(&a[1]);
        let target = s(&a[0])?;
        Ok(Value::Bool(*target == *t || *target == *format!("*{t}")))
    });
    reg(m, &["kindOf"], 1, |a| Ok(Value::str(kind_name(&a[0]))));
    reg(m, &["kindIs"], 2, |a| {
        Ok(Value::Bool(*s(&a[0])? == *kind_name(&a[1])))
    });
    reg(m, &["deepEqual"], 2, |a| {
        Ok(Value::Bool(deep_eq(&a[0], &a[1])?))
    });
}

/// Registers list, dict, default and type functions.
pub fn register(m: &mut FuncMap) {
    list_fns(m);
    dict_fns(m);
    default_fns(m);
}
