//! Values: coalescing the chart's values with the user's as Helm's `chartutil`
//! does (`CoalesceValues`, `MergeValues`, globals, subchart sections), the
//! user-values assembly of `helm template` (`--values` files in order, then
//! `--set-json`, `--set`, `--set-string`, `--set-file`), and path look-ups.
//!
//! Faithful to Helm: a `null` in higher-priority values deletes the key when
//! coalescing (not when merging import-values); a map never overwrites a scalar
//! and a scalar never overwrites a map; `global` is copied down into every
//! subchart's section, the parent's globals winning.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::Chart;
use crate::value::{Map, Value};

/// A fresh empty map.
pub fn new_map() -> Map {
    Rc::new(RefCell::new(BTreeMap::new()))
}

/// The map inside a value, if it is one (Go's `istable`).
pub fn as_table(v: &Value) -> Option<Map> {
    match v {
        Value::Map(m) => Some(m.clone()),
        _ => None,
    }
}

/// A deep copy of a map (no sharing with the original).
pub fn copy_map(m: &Map) -> Map {
    match Value::Map(m.clone()).deep_copy() {
        Value::Map(c) => c,
        _ => new_map(),
    }
}

/// JSON into a value: numbers become float64, as `json.Unmarshal` into `interface{}`.
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// A value as JSON (for schema validation). Objects become their data form.
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Nil => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                serde_json::Value::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null)
            }
        }
        Value::Str(s) => serde_json::Value::String(s.to_string()),
        Value::List(l) => serde_json::Value::Array(l.iter().map(to_json).collect()),
        Value::Map(m) => serde_json::Value::Object(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
        Value::Object(o) => to_json(&o.to_data()),
    }
}

/// Helm's `mergeMaps` for `--values` files: `b` over `a`, maps merged recursively.
pub fn merge_maps(a: &Map, b: &Map) -> Map {
    let out = new_map();
    for (k, v) in a.borrow().iter() {
        out.borrow_mut().insert(k.clone(), v.clone());
    }
    for (k, v) in b.borrow().iter() {
        if let Value::Map(bv) = v {
            let existing = out.borrow().get(k).cloned();
            if let Some(Value::Map(av)) = existing {
                let merged = merge_maps(&av, bv);
                out.borrow_mut().insert(k.clone(), Value::Map(merged));
                continue;
            }
        }
        out.borrow_mut().insert(k.clone(), v.clone());
    }
    out
}

/// `chartutil.CoalesceValues(chart, vals)`: the chart's values (and its
/// dependencies') under the user's `vals` (copied first); `null`s delete.
pub fn coalesce_values(chart: &Chart, vals: &Map) -> Map {
    coalesce_values_checked(chart, vals).0
}

/// [`coalesce_values`], with the errors Helm would stop at (`type mismatch on
/// NAME: ...` when a subchart's section is not a map; that section is then left
/// as it is).
pub fn coalesce_values_checked(chart: &Chart, vals: &Map) -> (Map, Vec<String>) {
    let dest = copy_map(vals);
    let mut errors = Vec::new();
    coalesce(chart, &dest, "", false, &mut errors);
    (dest, errors)
}

/// `chartutil.MergeValues`: as [`coalesce_values`] but `null`s are kept.
pub fn merge_values(chart: &Chart, vals: &Map) -> Map {
    let dest = copy_map(vals);
    coalesce(chart, &dest, "", true, &mut Vec::new());
    dest
}

fn coalesce(chart: &Chart, dest: &Map, prefix: &str, merge: bool, errors: &mut Vec<String>) {
    coalesce_chart_values(chart, dest, prefix, merge);
    coalesce_deps(chart, dest, prefix, merge, errors);
}

/// Go's type name of a value, as `%!t(TYPE=VALUE)` prints it.
fn go_type_name(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int64".into(),
        Value::Float(_) => "float64".into(),
        Value::Str(_) => "string".into(),
        Value::List(_) => "[]interface {}".into(),
        Value::Map(_) => "map[string]interface {}".into(),
        Value::Object(o) => o.type_name(),
    }
}

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

fn coalesce_deps(chart: &Chart, dest: &Map, prefix: &str, merge: bool, errors: &mut Vec<String>) {
    for sub in &chart.dependencies {
        let name = sub.name().to_string();
        let existing = dest.borrow().get(&name).cloned();
        let dv = match existing {
            None => {
                let m = new_map();
                dest.borrow_mut()
                    .insert(name.clone(), Value::Map(m.clone()));
                m
            }
            Some(Value::Map(m)) => m,
            // Helm fails here; plumb reports it and goes on without the
            // subchart's values.
            Some(other) => {
                let shown = match &other {
                    Value::Bool(b) => b.to_string(),
                    Value::Nil => "%!t(<nil>)".to_string(),
                    v => format!("%!t({}={v})", go_type_name(v)),
                };
                errors.push(format!("type mismatch on {name}: {shown}"));
                continue;
            }
        };
        let sub_prefix = concat_prefix(prefix, &chart.metadata.name);
        coalesce_globals(&dv, dest, &sub_prefix);
        coalesce(sub, &dv, &sub_prefix, merge, errors);
    }
}

/// Copies `src`'s globals into `dest`'s (`dest`'s own globals lose to the parent's
/// for scalars; tables are merged top-down).
fn coalesce_globals(dest: &Map, src: &Map, prefix: &str) {
    let dg = match dest.borrow().get("global") {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => return,
    };
    let sg = match src.borrow().get("global") {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => return,
    };
    let entries: Vec<(String, Value)> = sg
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        if let Value::Map(vm) = &val {
            let vv = copy_map(vm);
            let existing = dg.borrow().get(&key).cloned();
            match existing {
                None => {
                    dg.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(Value::Map(destv)) => {
                    coalesce_tables(&vv, &destv, &concat_prefix(prefix, &key), true);
                    dg.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(_) => {}
            }
        } else if matches!(dg.borrow().get(&key), Some(Value::Map(_))) {
            // A table in the destination is not replaced by a scalar.
        } else {
            dg.borrow_mut().insert(key, val);
        }
    }
    dest.borrow_mut().insert("global".into(), Value::Map(dg));
}

fn coalesce_chart_values(chart: &Chart, v: &Map, prefix: &str, merge: bool) {
    let sub_prefix = concat_prefix(prefix, &chart.metadata.name);
    let vc = copy_map(&chart.values);
    let entries: Vec<(String, Value)> = vc
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        let existing = v.borrow().get(&key).cloned();
        match existing {
            Some(Value::Nil) if !merge => {
                v.borrow_mut().remove(&key);
            }
            Some(Value::Map(dest)) => {
                if let Value::Map(src) = &val {
                    let merge = merge || chart.dependencies.iter().any(|d| d.name() == key);
                    coalesce_tables(&dest, src, &concat_prefix(&sub_prefix, &key), merge);
                }
            }
            Some(_) => {}
            None => {
                v.borrow_mut().insert(key, val);
            }
        }
    }
}

/// `coalesceTablesFullKey`: `src` merged under `dst` (`dst` wins).
pub fn coalesce_tables(dst: &Map, src: &Map, prefix: &str, merge: bool) {
    if Rc::ptr_eq(dst, src) {
        return;
    }
    // Helm v4 deletes a user `null` only where the chart has the key (checked
    // against helm v4.1.4: `--set a.q=null` is kept when values.yaml has no `a.q`).
    let entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        let full = concat_prefix(prefix, &key);
        let dv = dst.borrow().get(&key).cloned();
        match dv {
            Some(Value::Nil) if !merge => {
                dst.borrow_mut().remove(&key);
            }
            None => {
                dst.borrow_mut().insert(key, val);
            }
            Some(Value::Map(dm)) => {
                if let Value::Map(sm) = &val {
                    coalesce_tables(&dm, sm, &full, merge);
                }
            }
            Some(_) => {}
        }
    }
}

/// `Values.Table("a.b")`: the map at a dotted path.
pub fn table(vals: &Map, path: &str) -> Option<Map> {
    let mut cur = vals.clone();
    for part in path.split('.') {
        let next = match cur.borrow().get(part) {
            Some(Value::Map(m)) => m.clone(),
            _ => return None,
        };
        cur = next;
    }
    Some(cur)
}

/// `Values.PathValue("a.b.c")`: a non-table value at a dotted path.
pub fn path_value(vals: &Map, path: &str) -> Option<Value> {
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (table(vals, p)?, k),
        None => (vals.clone(), path),
    };
    let v = parent.borrow().get(key).cloned()?;
    if matches!(v, Value::Map(_)) {
        None
    } else {
        Some(v)
    }
}

/// Helm's `pathToMap`: `a.b` and `data` give `{a: {b: data}}`; `.` gives `data`.
pub fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.split('.').rev() {
        if part.is_empty() {
            continue;
        }
        let m = new_map();
        m.borrow_mut().insert(part.to_string(), Value::Map(cur));
        cur = m;
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::super::yaml;
    use super::*;

    fn m(text: &str) -> Map {
        match yaml::parse_values(text).unwrap() {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn coalesce_tables_user_wins_nulls_delete_and_types_do_not_mix() {
        // Expected values from helm v4.1.4 (`helm template` printing `.Values | toJson`).
        let dst = m("a: 1\nb: null\nc: {x: 1}\nd: str\n");
        let src = m("a: 2\nb: 3\nc: {w: 2}\nd: {z: 1}\ne: 5\n");
        coalesce_tables(&dst, &src, "", false);
        assert_eq!(
            to_json(&Value::Map(dst)).to_string(),
            r#"{"a":1,"c":{"w":2,"x":1},"d":"str","e":5}"#
        );
    }

    #[test]
    fn merge_maps_of_values_files() {
        let a = m("a: {x: 1, w: 2}\nb: [1]\n");
        let b = m("a: {w: 3}\nb: [2]\n");
        let out = merge_maps(&a, &b);
        assert_eq!(
            to_json(&Value::Map(out)).to_string(),
            r#"{"a":{"w":3,"x":1},"b":[2]}"#
        );
    }

    #[test]
    fn paths() {
        let v = m("a: {b: {c: true}}\n");
        assert_eq!(path_value(&v, "a.b.c"), Some(Value::Bool(true)));
        assert_eq!(path_value(&v, "a.b"), None, "a table is not a path value");
        assert_eq!(path_value(&v, "a.x.c"), None);
        let pm = path_to_map("p.q", m("k: 1\n"));
        assert_eq!(
            to_json(&Value::Map(pm)).to_string(),
            r#"{"p":{"q":{"k":1}}}"#
        );
    }

    fn chart(name: &str, values: &str, deps: Vec<Chart>) -> Chart {
        Chart {
            metadata: super::super::Metadata {
                api_version: "v2".into(),
                name: name.into(),
                version: "0.1.0".into(),
                ..Default::default()
            },
            values: m(values),
            values_text: None,
            schema: None,
            templates: Vec::new(),
            files: Vec::new(),
            dependencies: deps,
            parent_path: String::new(),
        }
    }

    #[test]
    fn coalesce_with_subchart_and_globals_as_helm() {
        // helm v4.1.4, `--set sub.j=null`, printing `.Values | toJson` in both charts.
        let sub = chart(
            "sub",
            "global:\n  a: 2\n  b: 3\n  m: {x: 0, z: 2}\nk: 0\nj: 5\n",
            vec![],
        );
        let parent = chart(
            "g",
            "global:\n  a: 1\n  m: {x: 1}\nsub:\n  k: 1\n",
            vec![sub],
        );
        let user = m("sub: {j: null}\n");
        let vals = coalesce_values(&parent, &user);
        assert_eq!(
            to_json(&Value::Map(vals)).to_string(),
            r#"{"global":{"a":1,"m":{"x":1}},"sub":{"global":{"a":1,"b":3,"m":{"x":1,"z":2}},"k":1}}"#
        );
    }

    #[test]
    fn user_nulls_delete_only_chart_defaults() {
        // helm v4.1.4: values.yaml `a: {c: 5}`, `-f f1 -f f2 --set a.x=1`.
        let f1 = m("a:\n  b: 1\n  c: 2\nd: [1]\n");
        let f2 = m("a:\n  b: null\n  e: 3\nd: null\n");
        let user = merge_maps(&merge_maps(&new_map(), &f1), &f2);
        super::super::strvals::parse_into("a.x=1", &user, super::super::strvals::Mode::Typed)
            .unwrap();
        let vals = coalesce_values(&chart("c", "a:\n  c: 5\n", vec![]), &user);
        assert_eq!(
            to_json(&Value::Map(vals)).to_string(),
            r#"{"a":{"b":null,"c":2,"e":3,"x":1},"d":null}"#
        );
    }
}
