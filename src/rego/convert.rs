//! Between plumb's located YAML tree and regorus values, without a JSON
//! text round trip.

use regorus::value::{Array, Object};
use regorus::Value;

use crate::model::{Path, Seg};
use crate::source::yaml::{Node, Value as Y};

/// A YAML node as a Rego value. Mapping keys are strings (the last of a
/// repeated key wins, as Kubernetes decodes it).
pub fn to_value(node: &Node) -> Value {
    to_value_with(node, &mut Keys::default())
}

/// Mapping keys already made into values: Kubernetes objects repeat a small
/// vocabulary of keys (`name`, `image`, `resources`), so a worker shares one
/// reference-counted string per key instead of allocating one per use.
#[derive(Default)]
pub struct Keys {
    map: std::collections::HashMap<Box<str>, Value>,
}

impl Keys {
    /// Most keys kept; beyond it (generated keys) they are allocated as usual.
    const MAX: usize = 16_384;

    pub(super) fn key(&mut self, k: &str) -> Value {
        if let Some(v) = self.map.get(k) {
            return v.clone();
        }
        let v = Value::from(k);
        if self.map.len() < Self::MAX {
            self.map.insert(k.into(), v.clone());
        }
        v
    }
}

/// [`to_value`] with a worker's key cache.
pub fn to_value_with(node: &Node, keys: &mut Keys) -> Value {
    match &node.value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Int(i) => Value::from(*i),
        Y::Float(f) => Value::from(*f),
        Y::Str(s) => Value::from(s.as_str()),
        Y::Seq(items) => items
            .iter()
            .map(|n| to_value_with(n, keys))
            .collect::<Array>()
            .into(),
        Y::Map(entries) => {
            let mut o = Object::default();
            for e in entries {
                o.insert(keys.key(&e.key), to_value_with(&e.value, keys));
            }
            o.into()
        }
    }
}

/// A Rego value as JSON, for messages and results (small values only).
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null | Value::Undefined => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(_) => v
            .as_i64()
            .map(serde_json::Value::from)
            .or_else(|_| v.as_f64().map(serde_json::Value::from))
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(a) => a.iter().map(to_json).collect(),
        Value::Set(s) => s.iter().map(to_json).collect(),
        Value::Object(o) => o
            .iter_sorted()
            .map(|(k, v)| {
                let key = match k {
                    Value::String(s) => s.to_string(),
                    other => to_json(other).to_string(),
                };
                (key, to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// A result's `path`: an array of strings and non-negative integers, or a
/// dotted string (`spec.template.spec.containers[0].image`, as plumb prints
/// paths). Anything else is an error message.
pub fn to_path(v: &Value) -> Result<Path, String> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|s| match s {
                Value::String(k) => Ok(Seg::Key(k.to_string())),
                Value::Number(_) => s
                    .as_u64()
                    .ok()
                    .and_then(|i| usize::try_from(i).ok())
                    .map(Seg::Index)
                    .ok_or_else(|| {
                        format!("path index {} is not a non-negative integer", to_json(s))
                    }),
                other => Err(format!(
                    "path segments must be strings or integers, not {}",
                    to_json(other)
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Path),
        Value::String(s) => parse_dotted(s),
        other => Err(format!(
            "path must be an array (\"spec\", \"containers\", 0, ...), not {}",
            to_json(other)
        )),
    }
}

/// `a.b[0]["c.d"]` as segments.
fn parse_dotted(s: &str) -> Result<Path, String> {
    let mut segs = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('[') {
            let end = if let Some(q) = r.strip_prefix('"') {
                // A quoted key: up to the closing `"]`.
                q.find("\"]").map(|i| i + 2)
            } else {
                r.find(']')
            }
            .ok_or_else(|| format!("path \"{s}\": unclosed ["))?;
            let inner = &r[..end];
            if let Some(q) = inner.strip_prefix('"').and_then(|q| q.strip_suffix('"')) {
                segs.push(Seg::Key(q.to_string()));
            } else {
                let i = inner
                    .parse::<usize>()
                    .map_err(|_| format!("path \"{s}\": bad index [{inner}]"))?;
                segs.push(Seg::Index(i));
            }
            rest = &r[end + 1..];
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        segs.push(Seg::Key(rest[..end].to_string()));
        rest = &rest[end..];
    }
    Ok(Path(segs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;
    use crate::source::yaml::parse_stream;

    #[test]
    fn node_to_value_keeps_types() {
        let n = parse_stream("a: 1\nb: [x, true, null, 1.5]\nc: {d: on}\n")
            .documents
            .remove(0)
            .root;
        let v = to_value(&n);
        assert_eq!(
            to_json(&v),
            serde_json::json!({"a": 1, "b": ["x", true, null, 1.5], "c": {"d": true}})
        );
    }

    #[test]
    fn paths_from_arrays_and_strings() {
        let v = Value::from(vec![
            Value::from("spec"),
            Value::from("containers"),
            Value::from(1u64),
            Value::from("image"),
        ]);
        assert_eq!(
            to_path(&v).unwrap(),
            path!["spec", "containers", 1usize, "image"]
        );
        assert_eq!(
            to_path(&Value::from("spec.containers[1].image")).unwrap(),
            path!["spec", "containers", 1usize, "image"]
        );
        assert_eq!(
            to_path(&Value::from("metadata.annotations[\"a.b/c\"]")).unwrap(),
            path!["metadata", "annotations", "a.b/c"]
        );
        assert!(to_path(&Value::from(vec![Value::from(-1i64)])).is_err());
        assert!(to_path(&Value::Bool(true)).is_err());
    }
}
