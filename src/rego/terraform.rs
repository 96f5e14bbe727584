//! What Rego sees of a Terraform resource beyond its planned values:
//! `input._plumb` fields (unknowns, configuration, links to other resources,
//! regions) and `data.plumb.terraform` (every resource of every plan, by
//! plan and address), for the AWS pack and for user policies.
//!
//! Links are worked out once per scan, here rather than in Rego, so that a
//! policy asking "which encryption configuration belongs to this bucket"
//! costs a lookup, not a pass over the plan:
//! - by reference: the configuration's expression for an attribute names
//!   the resource (followed through module variables and outputs by the
//!   loader);
//! - by value, for attributes without references (resources that already
//!   exist, values written as literals): the attribute's string value (or
//!   an item of its list) equals another resource's `id`, `arn`, `name` or
//!   (S3) `bucket` in the same plan.

use std::collections::HashMap;

use regorus::value::Object;
use regorus::Value;
use serde_json::Value as Json;

use crate::model::{Resource, Seg};
use crate::source::terraform::{self, TfResource};
use crate::source::yaml::Node;

/// How a link was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Via {
    Reference,
    Value,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Reference => "reference",
            Via::Value => "value",
        }
    }
}

/// One link: resource `from`'s attribute at `path` points at `to`.
struct Link {
    from: usize,
    to: usize,
    path: Vec<Seg>,
    via: Via,
}

/// Attributes that identify a resource, for links by value.
const ID_KEYS: &[&str] = &["id", "arn", "name", "bucket"];

/// Attributes never read as links by value (they hold the resource's own
/// identity or free text).
const NOT_LINKS: &[&str] = &[
    "id",
    "arn",
    "name",
    "name_prefix",
    "description",
    "tags",
    "tags_all",
    "region",
];

/// Parses a path as [`crate::model::Path`] displays it: `a.b[0]["c.d"]`.
pub fn parse_path(s: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut key = String::new();
    let flush = |key: &mut String, out: &mut Vec<Seg>| {
        if !key.is_empty() {
            out.push(Seg::Key(std::mem::take(key)));
        }
    };
    while i < b.len() {
        match b[i] {
            b'.' => {
                flush(&mut key, &mut out);
                i += 1;
            }
            b'[' => {
                flush(&mut key, &mut out);
                let end = s[i..].find(']').map_or(b.len(), |e| i + e);
                let inner = &s[i + 1..end.min(b.len())];
                if let Ok(n) = inner.parse::<usize>() {
                    out.push(Seg::Index(n));
                } else if let Ok(Json::String(k)) = serde_json::from_str::<Json>(inner) {
                    out.push(Seg::Key(k));
                } else {
                    out.push(Seg::Key(inner.to_string()));
                }
                i = end + 1;
            }
            _ => {
                let c = s[i..].chars().next().unwrap_or('?');
                key.push(c);
                i += c.len_utf8();
            }
        }
    }
    flush(&mut key, &mut out);
    out
}

/// A path as a Rego array of keys and indexes.
pub(super) fn path_value(path: &[Seg]) -> Value {
    Value::from(
        path.iter()
            .map(|s| match s {
                Seg::Key(k) => Value::from(k.as_str()),
                Seg::Index(i) => Value::from(*i as u64),
            })
            .collect::<Vec<_>>(),
    )
}

/// The configuration's expressions with every nested block as a list (the
/// JSON configuration writes a single-nested block as an object), so that
/// paths of the planned values (`encrypt_at_rest[0].enabled`) walk it.
fn normalize_config(j: &Json) -> Json {
    match j {
        Json::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let v = match v {
                    Json::Object(inner) if !is_expr(inner) => {
                        Json::Array(vec![normalize_config(v)])
                    }
                    other => normalize_config(other),
                };
                out.insert(k.clone(), v);
            }
            Json::Object(out)
        }
        Json::Array(a) => Json::Array(a.iter().map(normalize_config).collect()),
        other => other.clone(),
    }
}

/// An expression (`{constant_value}`, `{references}`, or `{}` for one
/// Terraform could not summarise), as opposed to a nested block.
fn is_expr(m: &serde_json::Map<String, Json>) -> bool {
    m.is_empty()
        || m.contains_key("constant_value")
        || m.contains_key("references")
        || m.contains_key("expression")
}

/// Strings held by a value: itself, or the strings of a list.
fn strings(n: &Node) -> Vec<String> {
    let text = |n: &Node| match &n.value {
        crate::source::yaml::Value::Str(s) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    };
    match n.as_seq() {
        Some(items) => items.iter().filter_map(text).collect(),
        None => text(n).into_iter().collect(),
    }
}

/// The Terraform parts of `input._plumb`, per resource of the scan (None
/// for resources of other targets), and the links between resources.
pub struct Contexts {
    pub per_resource: Vec<Option<Object>>,
}

/// Works out the links of every Terraform resource and builds its context.
pub fn contexts(resources: &[Resource], shown: &[String]) -> Contexts {
    let tfs: Vec<Option<&TfResource>> = resources.iter().map(terraform::of).collect();
    if tfs.iter().all(Option::is_none) {
        return Contexts {
            per_resource: vec![None; resources.len()],
        };
    }
    let mut by_address: HashMap<(&str, &str), usize> = HashMap::new();
    let mut by_ident: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, t) in tfs.iter().enumerate() {
        let Some(t) = t else { continue };
        by_address.insert((&*t.plan, t.address.as_str()), i);
        for k in ID_KEYS {
            if *k == "bucket" && t.r#type != "aws_s3_bucket" {
                continue;
            }
            if let Some(v) = t.values.get(k).map(strings) {
                if let [v] = v.as_slice() {
                    by_ident.entry((&*t.plan, v.clone())).or_default().push(i);
                }
            }
        }
    }
    let mut links: Vec<Link> = Vec::new();
    for (i, t) in tfs.iter().enumerate() {
        let Some(t) = t else { continue };
        let mut referenced_attrs: Vec<String> = Vec::new();
        for (p, addrs) in &t.references {
            let path = parse_path(p);
            if let Some(Seg::Key(k)) = path.first() {
                referenced_attrs.push(k.clone());
            }
            for a in addrs {
                if let Some(&to) = by_address.get(&(&*t.plan, a.as_str())) {
                    if to != i {
                        links.push(Link {
                            from: i,
                            to,
                            path: path.clone(),
                            via: Via::Reference,
                        });
                    }
                }
            }
        }
        for e in t.values.entries() {
            let k = e.key.as_str();
            if NOT_LINKS.contains(&k) || referenced_attrs.iter().any(|r| r == k) {
                continue;
            }
            let items = match e.value.as_seq() {
                Some(items) => items.iter().map(|n| (Some(n), strings(n))).collect(),
                None => vec![(None, strings(&e.value))],
            };
            for (n, (item, vals)) in items.into_iter().enumerate() {
                for v in vals {
                    let Some(targets) = by_ident.get(&(&*t.plan, v)) else {
                        continue;
                    };
                    for &to in targets {
                        if to == i {
                            continue;
                        }
                        let mut path = vec![Seg::Key(k.to_string())];
                        if item.is_some() {
                            path.push(Seg::Index(n));
                        }
                        links.push(Link {
                            from: i,
                            to,
                            path,
                            via: Via::Value,
                        });
                    }
                }
            }
        }
    }
    let mut out_links: Vec<Vec<Value>> = vec![Vec::new(); resources.len()];
    let mut in_links: Vec<Vec<Value>> = vec![Vec::new(); resources.len()];
    let link_value = |other: &TfResource, path: &[Seg], via: Via| -> Value {
        let mut o = Object::default();
        o.insert(Value::from("path"), path_value(path));
        o.insert(Value::from("address"), Value::from(other.address.as_str()));
        o.insert(Value::from("type"), Value::from(other.r#type.as_str()));
        o.insert(Value::from("via"), Value::from(via.as_str()));
        o.into()
    };
    for l in &links {
        let (Some(from), Some(to)) = (tfs[l.from], tfs[l.to]) else {
            continue;
        };
        out_links[l.from].push(link_value(to, &l.path, l.via));
        in_links[l.to].push(link_value(from, &l.path, l.via));
    }
    let per_resource = tfs
        .iter()
        .zip(resources)
        .zip(out_links.into_iter().zip(in_links))
        .map(|((t, r), (outs, ins))| {
            let t = (*t)?;
            let mut o = Object::default();
            let s = |v: &str| Value::from(v);
            o.insert(s("type"), s(&t.r#type));
            o.insert(s("address"), s(&t.address));
            o.insert(s("module_address"), s(&t.module_address));
            o.insert(s("plan"), s(&t.plan));
            o.insert(
                s("source"),
                t.source
                    .as_ref()
                    .map_or(Value::Null, |_| s(shown.get(r.file).map_or("", |x| x))),
            );
            o.insert(
                s("provider_config_key"),
                t.provider_key.as_deref().map_or(Value::Null, s),
            );
            o.insert(s("region"), t.region.as_deref().map_or(Value::Null, s));
            o.insert(
                s("region_from"),
                Value::from(serde_json::to_value(t.region_from).unwrap_or_default()),
            );
            let others: Vec<Value> = t
                .other_regions
                .iter()
                .map(|x| {
                    let mut m = Object::default();
                    m.insert(s("path"), path_value(&x.path.0));
                    m.insert(s("region"), x.region.as_deref().map_or(Value::Null, s));
                    m.insert(s("what"), s(x.what));
                    m.into()
                })
                .collect();
            o.insert(s("other_regions"), Value::from(others));
            o.insert(
                s("actions"),
                Value::from(t.actions.iter().map(|a| s(a)).collect::<Vec<_>>()),
            );
            o.insert(s("unknown"), Value::from(t.unknown.clone()));
            o.insert(s("config"), Value::from(normalize_config(&t.config)));
            o.insert(s("links"), Value::from(outs));
            o.insert(s("linked_from"), Value::from(ins));
            Some(o)
        })
        .collect();
    Contexts { per_resource }
}

/// `data.plumb.terraform[plan][address]`: every Terraform resource of the
/// scan with its type, planned values, unknowns and region; and
/// `data.plumb.terraform_types[plan][type]`: the addresses of each type
/// (so that "does the plan turn on EBS encryption by default" is a lookup).
pub fn data(resources: &[Resource]) -> Option<Value> {
    grouped_data(
        "terraform",
        resources.iter().filter_map(terraform::of).map(|t| {
            let mut o = Object::default();
            o.insert(Value::from("address"), Value::from(t.address.as_str()));
            o.insert(Value::from("type"), Value::from(t.r#type.as_str()));
            o.insert(Value::from("values"), super::convert::to_value(&t.values));
            o.insert(Value::from("unknown"), Value::from(t.unknown.clone()));
            o.insert(
                Value::from("region"),
                t.region.as_deref().map_or(Value::Null, Value::from),
            );
            (&*t.plan, t.address.as_str(), t.r#type.as_str(), o.into())
        }),
    )
}

/// `data.plumb.<name>[group][id]` (the records) and
/// `data.plumb.<name>_types[group][type]` (the ids of each type), from
/// `(group, id, type, record)` items: a plan's or a template's resources.
/// None without items.
pub fn grouped_data<'a>(
    name: &str,
    items: impl Iterator<Item = (&'a str, &'a str, &'a str, Value)>,
) -> Option<Value> {
    let mut groups: HashMap<&str, Object> = HashMap::new();
    let mut types: HashMap<&str, HashMap<&str, Vec<Value>>> = HashMap::new();
    for (group, id, ty, record) in items {
        types
            .entry(group)
            .or_default()
            .entry(ty)
            .or_default()
            .push(Value::from(id));
        groups
            .entry(group)
            .or_default()
            .insert(Value::from(id), record);
    }
    if groups.is_empty() {
        return None;
    }
    let mut by_group = Object::default();
    for (g, o) in groups {
        by_group.insert(Value::from(g), o.into());
    }
    let mut by_type = Object::default();
    for (g, ts) in types {
        let mut o = Object::default();
        for (t, ids) in ts {
            o.insert(Value::from(t), Value::from(ids));
        }
        by_type.insert(Value::from(g), o.into());
    }
    let mut plumb = Object::default();
    plumb.insert(Value::from(name), by_group.into());
    plumb.insert(Value::from(format!("{name}_types")), by_type.into());
    let mut root = Object::default();
    root.insert(Value::from("plumb"), plumb.into());
    Some(root.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_as_displayed() {
        assert_eq!(
            parse_path("rule[0].destination[1].bucket"),
            vec![
                Seg::Key("rule".into()),
                Seg::Index(0),
                Seg::Key("destination".into()),
                Seg::Index(1),
                Seg::Key("bucket".into())
            ]
        );
        assert_eq!(
            parse_path("tags[\"a.b\"]"),
            vec![Seg::Key("tags".into()), Seg::Key("a.b".into())]
        );
        assert_eq!(parse_path(""), Vec::<Seg>::new());
    }

    #[test]
    fn single_blocks_become_lists() {
        let c: Json = serde_json::json!({
            "a": {"constant_value": 1},
            "b": {"x": {"references": ["var.x"]}},
            "c": [{"y": {"constant_value": true}}],
            "d": {}
        });
        let n = normalize_config(&c);
        assert_eq!(
            n,
            serde_json::json!({
                "a": {"constant_value": 1},
                "b": [{"x": {"references": ["var.x"]}}],
                "c": [{"y": {"constant_value": true}}],
                "d": {}
            })
        );
    }
}
