//! Helm's own functions (`toYaml`, `fromYaml`, `toJson`, `fromJson`, `toToml`, `fromToml`,
//! `required`, `fail`, `lookup`) and Sprig's JSON functions.
//!
//! `required` and `fail` return the bare message; the executor wraps it as Helm
//! does (`execution error at (chart/templates/x.yaml:3:4): message`). `lookup`
//! always returns an empty map, as `helm template` does without a cluster.

use std::collections::BTreeMap;

use super::json::{from_json, to_json, to_pretty_json};
use super::util::{arity, f, s};
use super::yaml::{json_kind, parse_yaml, to_yaml, to_yaml_pretty};
use crate::value::{FuncMap, Value};

fn one(m: &mut FuncMap, name: &'static str, fun: fn(&Value) -> Result<Value, String>) {
    m.insert(
        name.into(),
        f(move |a| {
            arity(name, a, 1)?;
            fun(&a[0])
        }),
    );
}

fn error_map(msg: String) -> Value {
    let mut d = BTreeMap::new();
    d.insert("Error".to_string(), Value::from(msg));
    Value::map(d)
}

/// Helm's `fromYaml`: a map, or a map holding `Error` when the text is not one.
pub fn from_yaml(text: &str) -> Value {
    match parse_yaml(text) {
        Ok(Value::Nil) => Value::empty_map(),
        Ok(v @ Value::Map(_)) => v,
        Ok(other) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(e),
    }
}

/// Helm's `fromYamlArray`: a list, or a one-item list holding the error.
pub fn from_yaml_array(text: &str) -> Value {
    match parse_yaml(text) {
        Ok(Value::Nil) => Value::list(vec![]),
        Ok(v @ Value::List(_)) => v,
        Ok(other) => Value::list(vec![Value::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::from(e)]),
    }
}

fn unmarshal_err(v: &Value, into: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go value of type {into}",
        json_kind(v)
    )
}

/// Registers Helm's functions and Sprig's JSON family.
pub fn register(m: &mut FuncMap) {
    one(m, "toYaml", |v| Ok(Value::from(to_yaml(v))));
    one(m, "mustToYaml", |v| {
        super::yaml::marshal(v, false).map(|mut t| {
            if t.ends_with('\n') {
                t.pop();
            }
            Value::from(t)
        })
    });
    one(m, "toYamlPretty", |v| Ok(Value::from(to_yaml_pretty(v))));
    one(m, "fromYaml", |v| Ok(from_yaml(&s(v)?)));
    one(m, "fromYamlArray", |v| Ok(from_yaml_array(&s(v)?)));
    one(m, "toJson", |v| {
        Ok(Value::from(to_json(v, true).unwrap_or_default()))
    });
    one(m, "mustToJson", |v| to_json(v, true).map(Value::from));
    one(m, "toPrettyJson", |v| {
        Ok(Value::from(to_pretty_json(v).unwrap_or_default()))
    });
    one(m, "mustToPrettyJson", |v| {
        to_pretty_json(v).map(Value::from)
    });
    one(m, "toRawJson", |v| {
        Ok(Value::from(to_json(v, false).unwrap_or_default()))
    });
    one(m, "mustToRawJson", |v| to_json(v, false).map(Value::from));
    one(m, "fromJson", |v| {
        Ok(match from_json(&s(v)?) {
            Ok(Value::Nil) => Value::empty_map(),
            Ok(m @ Value::Map(_)) => m,
            Ok(other) => error_map(unmarshal_err(&other, "map[string]interface {}")),
            Err(e) => error_map(e),
        })
    });
    one(m, "mustFromJson", |v| from_json(&s(v)?));
    one(m, "fromJsonArray", |v| {
        Ok(match from_json(&s(v)?) {
            Ok(Value::Nil) => Value::list(vec![]),
            Ok(l @ Value::List(_)) => l,
            Ok(other) => Value::list(vec![Value::from(unmarshal_err(&other, "[]interface {}"))]),
            Err(e) => Value::list(vec![Value::from(e)]),
        })
    });
    one(m, "toToml", |v| {
        Ok(Value::from(match super::toml::to_toml(v) {
            Ok(t) => t,
            Err(e) => e,
        }))
    });
    one(m, "fromToml", |v| {
        Ok(match super::toml::from_toml(&s(v)?) {
            Ok(m) => m,
            Err(e) => error_map(e),
        })
    });
    m.insert(
        "required".into(),
        f(|a| {
            arity("required", a, 2)?;
            let msg = s(&a[0])?;
            match &a[1] {
                Value::Nil => Err(msg.to_string()),
                Value::Str(x) if x.is_empty() => Err(msg.to_string()),
                v => Ok(v.clone()),
            }
        }),
    );
    m.insert(
        "fail".into(),
        f(|a| {
            arity("fail", a, 1)?;
            Err(s(&a[0])?.to_string())
        }),
    );
    m.insert(
        "lookup".into(),
        f(|a| {
            arity("lookup", a, 4)?;
            for v in a {
                s(v)?;
            }
            Ok(Value::empty_map())
        }),
    );
}
