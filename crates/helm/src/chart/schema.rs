//! `values.schema.json`: the coalesced values of each chart are validated against
//! its schema, subcharts against theirs with their own section of the values, as
//! Helm's `ValidateAgainstSchema` does. Messages follow Helm v4's validator
//! (`- at '/b': minimum: got 1, want 3`); Helm's order of the lines is a Go map's
//! (it varies between runs), plumb's is by instance path.

use std::collections::BTreeMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};

use super::values::to_json;
use super::Chart;
use crate::value::{Map, Value};

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                "integer"
            } else {
                "number"
            }
        }
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn quote_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

/// Validates `values` against one schema; returns Helm-style lines, empty when
/// valid. A schema that is not valid JSON (Schema) is itself an error line.
pub fn validate_single(schema: &[u8], values: &Value) -> Vec<String> {
    let schema: serde_json::Value = match serde_json::from_slice(schema) {
        Ok(s) => s,
        Err(e) => return vec![format!("- values.schema.json is not valid JSON: {e}")],
    };
    let validator = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => return vec![format!("- values.schema.json is not a valid schema: {e}")],
    };
    let instance = to_json(values);
    // Grouped by instance path; `required` errors are merged into one line.
    let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for err in validator.iter_errors(&instance) {
        let path = err.instance_path().as_str().to_string();
        let got = err.instance();
        let msg = match err.kind() {
            ValidationErrorKind::Required { property } => {
                let p = property
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| property.to_string());
                missing.entry(path).or_default().push(p);
                continue;
            }
            ValidationErrorKind::Type { kind } => {
                let want = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(ts) => ts
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                let got_type = json_type(got);
                let got_type = if got_type == "integer" && !want.contains("integer") {
                    "number"
                } else {
                    got_type
                };
                format!("got {got_type}, want {want}")
            }
            ValidationErrorKind::Enum { options } => match options.as_array() {
                Some(a) => format!(
                    "value must be one of {}",
                    a.iter().map(json_text).collect::<Vec<_>>().join(", ")
                ),
                None => format!("value must be one of {options}"),
            },
            ValidationErrorKind::Constant { expected_value } => {
                format!("value must be {}", json_text(expected_value))
            }
            ValidationErrorKind::Minimum { limit } => format!("minimum: got {got}, want {limit}"),
            ValidationErrorKind::Maximum { limit } => format!("maximum: got {got}, want {limit}"),
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                format!("exclusiveMinimum: got {got}, want {limit}")
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                format!("exclusiveMaximum: got {got}, want {limit}")
            }
            ValidationErrorKind::MinLength { limit } => format!(
                "minLength: got {}, want {limit}",
                got.as_str().map(|s| s.chars().count()).unwrap_or(0)
            ),
            ValidationErrorKind::MaxLength { limit } => format!(
                "maxLength: got {}, want {limit}",
                got.as_str().map(|s| s.chars().count()).unwrap_or(0)
            ),
            ValidationErrorKind::MinItems { limit } => format!(
                "minItems: got {}, want {limit}",
                got.as_array().map(Vec::len).unwrap_or(0)
            ),
            ValidationErrorKind::MaxItems { limit } => format!(
                "maxItems: got {}, want {limit}",
                got.as_array().map(Vec::len).unwrap_or(0)
            ),
            ValidationErrorKind::Pattern { pattern } => {
                format!("{} does not match pattern '{pattern}'", json_text(got))
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => format!(
                "additional properties {} not allowed",
                quote_list(unexpected.iter().map(String::as_str))
            ),
            _ => err.to_string(),
        };
        by_path.entry(path).or_default().push(msg);
    }
    let mut lines = Vec::new();
    for (path, props) in missing {
        let word = if props.len() == 1 {
            "property"
        } else {
            "properties"
        };
        lines.push(format!(
            "- at '{path}': missing {word} {}",
            quote_list(props.iter().map(String::as_str))
        ));
    }
    for (path, msgs) in by_path {
        if msgs.len() == 1 {
            lines.push(format!("- at '{path}': {}", msgs[0]));
        } else {
            lines.push(format!("- at '{path}': validation failed"));
            for m in msgs {
                lines.push(format!("  - at '{path}': {m}"));
            }
        }
    }
    lines
}

/// Helm's `ValidateAgainstSchema`: per chart (name), the violation lines.
pub fn validate(chart: &Chart, values: &Map) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(schema) = &chart.schema {
        let lines = validate_single(schema, &Value::Map(values.clone()));
        if !lines.is_empty() {
            out.push((chart.full_path(), lines));
        }
    }
    for sub in &chart.dependencies {
        let sv = match values.borrow().get(sub.name()) {
            Some(Value::Map(m)) => m.clone(),
            _ => super::values::new_map(),
        };
        out.extend(validate(sub, &sv));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_as_helm_v4_words_them() {
        // Lines from helm v4.1.4 for the same schema and `--set a=q,b=ab,c=x,d={1,2},g=1`.
        let schema = br#"{"type":"object","additionalProperties":false,"properties":{"a":{"enum":["x","y"]},"b":{"type":"string","pattern":"^z","minLength":3},"c":{"type":["integer","null"],"maximum":2},"d":{"type":"array","maxItems":1},"global":{}},"required":["e","f"]}"#;
        let values = super::super::strvals::parse(
            "a=q,b=ab,c=x,d={1,2},g=1",
            super::super::strvals::Mode::Typed,
        )
        .unwrap();
        let lines = validate_single(schema, &values);
        for want in [
            "- at '': missing properties 'e', 'f'",
            "- at '/b': validation failed",
            "  - at '/b': minLength: got 2, want 3",
            "  - at '/b': 'ab' does not match pattern '^z'",
            "- at '/d': maxItems: got 2, want 1",
            "- at '/a': value must be one of 'x', 'y'",
            "- at '': additional properties 'g' not allowed",
        ] {
            assert!(
                lines.iter().any(|l| l == want),
                "{want:?} not in {lines:#?}"
            );
        }
        assert!(lines
            .iter()
            .any(|l| l.starts_with("- at '/c': got string, want")));
    }
}
