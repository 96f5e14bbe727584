//! Parameter files, in the formats the AWS tools write and read:
//!
//! - the CloudFormation CLI's (`aws cloudformation create-stack
//!   --parameters file://params.json`): `[{"ParameterKey": "Env",
//!   "ParameterValue": "production"}, ...]` (an entry with
//!   `"UsePreviousValue": true` and no value keeps the parameter unknown:
//!   the previous value is the deployed stack's);
//! - `aws cloudformation deploy --parameter-overrides file://...` and
//!   CodePipeline's template configuration: `{"Parameters": {"Env":
//!   "production"}}`;
//! - a list of `"Key=Value"` strings (what `--parameter-overrides` takes on
//!   the command line).
//!
//! Values are strings, as CloudFormation passes them; numbers and booleans
//! are written as strings, lists (for `CommaDelimitedList`) joined by commas.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

/// Reads a parameters file. The error names the file, the line and column
/// where it can, and what the file should look like.
pub fn read_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{shown}: cannot read the CloudFormation parameters file: {e}"))?;
    parse(&text).map_err(|e| format!("{shown}:{e}"))
}

const SHAPES: &str = "expected [{\"ParameterKey\": \"Name\", \"ParameterValue\": \"value\"}, ...] (aws cloudformation create-stack --parameters), {\"Parameters\": {\"Name\": \"value\"}} (deploy --parameter-overrides, CodePipeline) or [\"Name=value\", ...]";

/// Parses a parameters file's text; errors start with `line:column: `.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let json: Json = serde_json::from_str(text)
        .map_err(|e| format!("{}:{}: not JSON: {e}; {SHAPES}", e.line(), e.column()))?;
    let at = |needle: &str| -> String {
        text.find(needle)
            .map(|i| {
                let before = &text[..i];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("{line}:{col}")
            })
            .unwrap_or_else(|| "1:1".into())
    };
    let mut out = BTreeMap::new();
    match &json {
        Json::Array(items) => {
            for item in items {
                match item {
                    Json::Object(m) => {
                        let Some(Json::String(k)) = m.get("ParameterKey") else {
                            let snippet = serde_json::to_string(item).unwrap_or_default();
                            let key = m.keys().next().map_or("{", String::as_str);
                            return Err(format!(
                                "{}: an entry without a \"ParameterKey\" string ({}); {SHAPES}",
                                at(&format!("\"{key}\"")),
                                truncate(&snippet)
                            ));
                        };
                        match m.get("ParameterValue") {
                            Some(v) => {
                                out.insert(k.clone(), value_text(v).ok_or_else(|| {
                                    format!(
                                        "{}: the value of {k} is not a string, number, boolean or list of them",
                                        at(&format!("\"{k}\""))
                                    )
                                })?);
                            }
                            // `UsePreviousValue`: the deployed stack's value,
                            // unknown here.
                            None if m.get("UsePreviousValue") == Some(&Json::Bool(true)) => {}
                            None => {
                                return Err(format!(
                                    "{}: {k} has no \"ParameterValue\" (nor \"UsePreviousValue\": true)",
                                    at(&format!("\"{k}\""))
                                ))
                            }
                        }
                    }
                    Json::String(s) => match s.split_once('=') {
                        Some((k, v)) if !k.trim().is_empty() => {
                            out.insert(k.trim().to_string(), v.to_string());
                        }
                        _ => {
                            return Err(format!(
                                "{}: \"{}\" is not Name=value; {SHAPES}",
                                at(&format!("\"{s}\"")),
                                truncate(s)
                            ))
                        }
                    },
                    other => {
                        return Err(format!(
                            "1:1: an entry is {}, not an object or a string; {SHAPES}",
                            kind(other)
                        ))
                    }
                }
            }
        }
        Json::Object(m) => {
            let Some(params) = m.get("Parameters") else {
                return Err(format!("1:1: no \"Parameters\" object; {SHAPES}"));
            };
            let Json::Object(params) = params else {
                return Err(format!(
                    "{}: \"Parameters\" is {}, not an object of names to values; {SHAPES}",
                    at("\"Parameters\""),
                    kind(params)
                ));
            };
            for (k, v) in params {
                out.insert(
                    k.clone(),
                    value_text(v).ok_or_else(|| {
                        format!(
                            "{}: the value of {k} is not a string, number, boolean or list of them",
                            at(&format!("\"{k}\""))
                        )
                    })?,
                );
            }
        }
        other => {
            return Err(format!("1:1: the file holds {}; {SHAPES}", kind(other)));
        }
    }
    Ok(out)
}

fn value_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Array(items) => items
            .iter()
            .map(|i| match i {
                Json::Array(_) | Json::Object(_) | Json::Null => None,
                other => value_text(other),
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(",")),
        Json::Null | Json::Object(_) => None,
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_format() {
        let p = parse(
            r#"[
  {"ParameterKey": "Environment", "ParameterValue": "production"},
  {"ParameterKey": "Replicas", "ParameterValue": 3},
  {"ParameterKey": "Zones", "ParameterValue": ["a", "b"]},
  {"ParameterKey": "Password", "UsePreviousValue": true}
]"#,
        )
        .unwrap();
        assert_eq!(p["Environment"], "production");
        assert_eq!(p["Replicas"], "3");
        assert_eq!(p["Zones"], "a,b");
        assert!(!p.contains_key("Password"));
    }

    #[test]
    fn deploy_and_pipeline_formats() {
        let p = parse(r#"{"Parameters": {"Environment": "staging", "MultiAz": true}, "Tags": {}}"#)
            .unwrap();
        assert_eq!(p["Environment"], "staging");
        assert_eq!(p["MultiAz"], "true");
        let p = parse(r#"["Environment=production", "Empty="]"#).unwrap();
        assert_eq!(p["Environment"], "production");
        assert_eq!(p["Empty"], "");
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = parse("[\n  {\"Key\": \"Environment\", \"Value\": \"x\"}\n]").unwrap_err();
        assert!(
            e.starts_with("2:4: an entry without a \"ParameterKey\""),
            "{e}"
        );
        assert!(e.contains("ParameterValue"), "{e}");
        let e = parse("{\"Parameters\": [1]}").unwrap_err();
        assert!(e.contains("not an object of names to values"), "{e}");
        let e = parse("[{\"ParameterKey\": \"A\"}]").unwrap_err();
        assert!(e.contains("A has no \"ParameterValue\""), "{e}");
        let e = parse("{\"Parameters\": {\"A\": \"x\",}}").unwrap_err();
        assert!(e.starts_with("1:"), "{e}");
        assert!(e.contains("not JSON"), "{e}");
        let e = parse("[\"nokey\"]").unwrap_err();
        assert!(e.contains("is not Name=value"), "{e}");
    }
}
