//! YAML for the chart loader: values files into [`Value`]s and small maps back to
//! YAML (`.Files.AsConfig`). Values decode as Helm's `sigs.k8s.io/yaml` does:
//! numbers become float64, map keys become strings.
//!
//! Values files and `toYaml` go through `funcs::yaml` (Helm's go-yaml v2 rules);
//! `Chart.yaml` is read with serde, and [`from_yaml`] converts what it holds.

use std::collections::BTreeMap;

use crate::value::Value;

/// Decodes a values file as Helm does (empty: an empty map; the top level must
/// be a map): [`crate::funcs::yaml::parse_values`].
pub fn parse_values(text: &str) -> Result<Value, String> {
    crate::funcs::yaml::parse_values(text)
}

fn key_string(k: &yaml_serde::Value) -> String {
    match convert(k) {
        Value::Str(s) => s.to_string(),
        Value::Nil => "null".into(),
        other => other.to_string(),
    }
}

/// A decoded YAML value as a [`Value`] (numbers as float64, keys as strings).
pub fn from_yaml(y: &yaml_serde::Value) -> Value {
    convert(y)
}

fn convert(y: &yaml_serde::Value) -> Value {
    match y {
        yaml_serde::Value::Null => Value::Nil,
        yaml_serde::Value::Bool(b) => Value::Bool(*b),
        yaml_serde::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        yaml_serde::Value::String(s) => Value::str(s),
        yaml_serde::Value::Sequence(s) => Value::list(s.iter().map(convert).collect()),
        yaml_serde::Value::Mapping(m) => Value::map(
            m.iter()
                .map(|(k, v)| (key_string(k), convert(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
        yaml_serde::Value::Tagged(t) => convert(&t.value),
    }
}

/// A map of strings as `toYaml` prints it (what `.Files.AsConfig` and
/// `AsSecrets` return), without the final newline.
pub fn string_map_to_yaml(m: &BTreeMap<String, String>) -> String {
    let v = Value::map(m.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect());
    crate::funcs::yaml::to_yaml(&v)
}
