//! YAML for the chart loader: values files into [`Value`]s and small maps back to
//! YAML (`.Files.AsConfig`). Values decode as Helm's `sigs.k8s.io/yaml` does:
//! numbers become float64, map keys become strings.
//!
//! This is the loader's own minimal decoder, used until `funcs::yaml` (the
//! Helm-compatible decoder and `toYaml` emitter) is merged; then these delegate.

use std::collections::BTreeMap;

use crate::value::Value;

/// Decodes a values file (empty: an empty map). The top level must be a map.
pub fn parse_values(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::empty_map());
    }
    let y: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    match convert(&y) {
        Value::Nil => Ok(Value::empty_map()),
        v @ Value::Map(_) => Ok(v),
        other => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            match other {
                Value::List(_) => "array",
                Value::Str(_) => "string",
                Value::Bool(_) => "bool",
                _ => "number",
            }
        )),
    }
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

/// A map of strings as YAML (what `.Files.AsConfig`/`AsSecrets` print), without
/// the final newline.
pub fn string_map_to_yaml(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() {
        return "{}".into();
    }
    let mut out = String::new();
    for (k, v) in m {
        out.push_str(&scalar(k));
        out.push(':');
        if v.contains('\n') {
            let chomp = if v.ends_with("\n\n") {
                "+"
            } else if v.ends_with('\n') {
                ""
            } else {
                "-"
            };
            out.push_str(&format!(" |{chomp}\n"));
            for line in v.trim_end_matches('\n').split('\n') {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str("  ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            if chomp == "+" {
                for _ in 0..(v.len() - v.trim_end_matches('\n').len() - 1) {
                    out.push('\n');
                }
            }
            continue;
        } else {
            out.push(' ');
            out.push_str(&scalar(v));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| !c.is_control())
        && parse_values(&format!("k: {s}"))
            .map(|v| match v {
                Value::Map(m) => {
                    m.borrow().get("k").and_then(|x| x.as_str().map(|x| x == s)) == Some(true)
                }
                _ => false,
            })
            .unwrap_or(false)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
        );
    if plain {
        s.to_string()
    } else {
        format!("{:?}", s).replace("\\'", "'")
    }
}
