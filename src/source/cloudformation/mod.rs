//! CloudFormation templates (YAML or JSON, SAM included): one [`Resource`]
//! per entry of `Resources`, each carrying a [`CfnResource`] with what can
//! be known before deployment.
//!
//! - `kind` is the resource `Type` (`AWS::RDS::DBInstance`), `name` the
//!   logical id, `namespace` empty, `body` the resource entry as written
//!   (`Type`, `Properties`, `Condition`, ...), short-form tags rewritten as
//!   their long forms ([`tags`]), with spans: `Properties.MultiAZ` resolves
//!   to where it is written.
//! - [`CfnResource::properties`] is `Properties` evaluated ([`eval`]):
//!   parameters, mappings, conditions, pseudo parameters and the intrinsic
//!   functions over them; `AWS::NoValue` removes the property; what stays
//!   unknown is `null` there and `true` in [`CfnResource::unknown`].
//! - A resource whose `Condition` is false is not deployed: it is not a
//!   resource (a note counts it). One whose condition is unknown is.

pub mod eval;
pub mod params;
pub mod tags;

pub use crate::rego::cloudformation::looks_like_region;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{json, Value as Json};

use crate::model::{Path, Resolved, Resource, Seg, Target};
use crate::source::span::Span;
use crate::source::yaml::{Document, Entry, Node, Value};
use crate::source::{LoadOptions, ParseProblem};

use eval::{Ctx, Refs, V};

/// Whether a document is a CloudFormation template: a mapping (not a
/// Kubernetes object) with `AWSTemplateFormatVersion`, or with a `Resources`
/// mapping one of whose entries has a `Type` starting with `AWS::`.
pub fn is_template(root: &Node) -> bool {
    if root.as_map().is_none() || super::k8s::is_object(root) {
        return false;
    }
    root.get("AWSTemplateFormatVersion").is_some()
        || root.get("Resources").is_some_and(|r| {
            r.entries().iter().any(|e| {
                e.value
                    .get_str("Type")
                    .is_some_and(|t| t.starts_with("AWS::"))
            })
        })
}

/// The CloudFormation side of a [`Resource`].
#[derive(Clone, Debug)]
pub struct CfnResource {
    /// The template file (logical ids are unique within a template, not
    /// within a scan); empty when loaded from bytes alone.
    pub template: Arc<str>,
    pub logical_id: String,
    /// The resource `Type`.
    pub r#type: String,
    /// The logical id's key in the template: where findings about the
    /// resource as a whole go.
    pub logical_id_span: Span,
    /// The resource's `Condition`, if any.
    pub condition: Option<String>,
    /// Its value: `Some(true)` without a condition, None when unknown (a
    /// resource whose condition is false is not loaded).
    pub condition_value: Option<bool>,
    /// `Properties` evaluated; unknown values are `null` (see `unknown`).
    /// `{}` without `Properties`.
    pub properties: Json,
    /// Shaped like `properties`: `true` where a value is unknown until the
    /// stack is deployed; in arrays `false` for known items. `{}` when all
    /// is known, `true` when the whole `Properties` is unknown.
    pub unknown: Json,
    /// For each path of `properties` (`KmsKeyId`,
    /// `ReplicationConfiguration.Rules[0].Destination.Bucket`) whose value
    /// names other resources of the template (`Ref`, `Fn::GetAtt`,
    /// `${Res}` / `${Res.Attr}` in `Fn::Sub`, at any depth of functions),
    /// their logical ids.
    pub references: BTreeMap<String, Vec<String>>,
    /// `DependsOn`, as a list.
    pub depends_on: Vec<String>,
    /// `DeletionPolicy` and `UpdateReplacePolicy`, when known.
    pub deletion_policy: Option<String>,
    pub update_replace_policy: Option<String>,
    /// The stack's region (`LoadOptions::region`), when given.
    pub region: Option<String>,
    /// Every condition of the template: true, false, or None when unknown.
    /// Shared by the template's resources.
    pub conditions: Arc<BTreeMap<String, Option<bool>>>,
    /// Properties whose value is `!Select [n, !GetAZs ...]` (the zone name
    /// is unknown before deployment, but two subnets on the same `n` are in
    /// the same zone, and on different `n` in different ones): the
    /// property path (below `Properties`) and `n`.
    pub az_index: BTreeMap<String, u64>,
}

impl CfnResource {
    /// `path` of the resource body (`Properties.KmsKeyId`) as a path of
    /// `properties` (`KmsKeyId`); None for paths outside `Properties`.
    fn in_properties(path: &Path) -> Option<&[Seg]> {
        match path.0.split_first() {
            Some((Seg::Key(k), rest)) if k == "Properties" => Some(rest),
            _ => None,
        }
    }

    /// Whether the value at `path` (a body path, `Properties.X.Y`) is
    /// unknown before deployment (itself or an enclosing value). Unknown is
    /// never false: a rule that needs it reports nothing.
    pub fn is_unknown(&self, path: &Path) -> bool {
        let Some(segs) = Self::in_properties(path) else {
            return false;
        };
        let mut cur = &self.unknown;
        for seg in segs {
            if cur == &Json::Bool(true) {
                return true;
            }
            cur = match (seg, cur) {
                (Seg::Key(k), Json::Object(m)) => match m.get(k) {
                    Some(v) => v,
                    None => return false,
                },
                (Seg::Index(i), Json::Array(a)) => match a.get(*i) {
                    Some(v) => v,
                    None => return false,
                },
                _ => return false,
            };
        }
        cur == &Json::Bool(true)
    }

    /// The evaluated value at `path` (a body path, `Properties.X.Y`): None
    /// when absent (or removed by `AWS::NoValue`); `null` when unknown.
    pub fn value(&self, path: &Path) -> Option<&Json> {
        let mut cur = &self.properties;
        for seg in Self::in_properties(path)? {
            cur = match (seg, cur) {
                (Seg::Key(k), Json::Object(m)) => m.get(k)?,
                (Seg::Index(i), Json::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Logical ids of the resources the value at `path` (a body path,
    /// `Properties.KmsKeyId`) references: a reference to a key means a key
    /// is set, even though its id is unknown.
    pub fn referenced_at(&self, path: &Path) -> &[String] {
        Self::in_properties(path)
            .and_then(|segs| self.references.get(&Path(segs.to_vec()).to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Resolves a body path (`Properties.MultiAZ`) in the template: through
    /// each `Fn::If` whose condition is known to the branch taken (so
    /// `MultiAZ: !If [IsProd, true, false]` resolves to the `false` written
    /// there), with list indices of `properties` mapped to the source's
    /// (items removed by `AWS::NoValue` skipped). A value that is a function
    /// call resolves to the whole call.
    pub fn resolve(&self, body: &Node, path: &Path, header: Span) -> Resolved {
        let mut out: Vec<Seg> = Vec::with_capacity(path.0.len());
        let mut cur = body;
        let mut missing = false;
        for (n, seg) in path.0.iter().enumerate() {
            cur = self.through_if(cur, &mut out);
            let next = match (seg, &cur.value) {
                (Seg::Key(k), Value::Map(_)) if eval::intrinsic(cur).is_none() => {
                    cur.get(k).map(|v| (Seg::Key(k.clone()), v))
                }
                (Seg::Index(i), Value::Seq(items)) => items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| !self.is_no_value(it))
                    .nth(*i)
                    .map(|(j, it)| (Seg::Index(j), it)),
                _ => None,
            };
            match next {
                Some((s, v)) => {
                    out.push(s);
                    cur = v;
                }
                None => {
                    out.extend(path.0[n..].iter().cloned());
                    missing = true;
                    break;
                }
            }
        }
        if !missing {
            cur = self.through_if(cur, &mut out);
            if !path.is_root() && eval::intrinsic(cur).is_some() {
                return Resolved {
                    span: cur.span,
                    found: true,
                };
            }
            // A list or mapping on one line chosen by an `Fn::If`: itself
            // (`!If [Prod, [a, b, c], [a]]` points at `[a]`).
            let via_if =
                out.len() >= 2 && matches!(&out[out.len() - 2], Seg::Key(k) if k == "Fn::If");
            if via_if
                && matches!(cur.value, Value::Seq(_) | Value::Map(_))
                && cur.span.start.line == cur.span.end.line
            {
                return Resolved {
                    span: cur.span,
                    found: true,
                };
            }
        }
        crate::model::resolve(body, &Path(out), header)
    }

    /// The branch an `Fn::If` with a known condition takes, repeatedly;
    /// the steps to it are added to `out`.
    fn through_if<'n>(&self, mut n: &'n Node, out: &mut Vec<Seg>) -> &'n Node {
        while let Some(("Fn::If", arg)) = eval::intrinsic(n) {
            let [c, a, b] = arg.items() else { break };
            let taken = c
                .as_str()
                .and_then(|c| self.conditions.get(c).copied().flatten());
            let Some(taken) = taken else { break };
            out.push(Seg::Key("Fn::If".into()));
            out.push(Seg::Index(if taken { 1 } else { 2 }));
            n = if taken { a } else { b };
        }
        n
    }

    /// Whether a list item is removed (`AWS::NoValue`, directly or through
    /// `Fn::If`s with known conditions), as the evaluation removes it.
    fn is_no_value(&self, n: &Node) -> bool {
        let mut ignored = Vec::new();
        let n = self.through_if(n, &mut ignored);
        matches!(eval::intrinsic(n), Some(("Ref", a)) if a.as_str() == Some("AWS::NoValue"))
    }

    /// The resource as a policy input.
    pub fn to_json(&self) -> Json {
        json!({
            "template": &*self.template,
            "logical_id": self.logical_id,
            "type": self.r#type,
            "condition": self.condition,
            "condition_value": self.condition_value,
            "properties": self.properties,
            "unknown": self.unknown,
            "references": self.references,
            "depends_on": self.depends_on,
            "deletion_policy": self.deletion_policy,
            "update_replace_policy": self.update_replace_policy,
            "region": self.region,
            "conditions": &*self.conditions,
            "az_index": self.az_index,
        })
    }
}

/// Records `!Select [n, !GetAZs r]` values (through `Fn::If`s with known
/// conditions) below mapping keys.
fn az_indexes(ctx: &Ctx, n: &Node, path: &mut Path, out: &mut BTreeMap<String, u64>) {
    match eval::intrinsic(n) {
        Some(("Fn::If", arg)) => {
            if let [c, a, b] = arg.items() {
                match c.as_str().and_then(|c| ctx.condition(c)) {
                    Some(true) => az_indexes(ctx, a, path, out),
                    Some(false) => az_indexes(ctx, b, path, out),
                    None => {}
                }
            }
        }
        Some(("Fn::Select", arg)) => {
            if let [i, list] = arg.items() {
                if matches!(eval::intrinsic(list), Some(("Fn::GetAZs", _))) {
                    let i = ctx
                        .eval(i, &mut Path::root(), &mut Refs::default(), false)
                        .known();
                    let i = match i {
                        Some(Json::Number(n)) => n.as_u64(),
                        Some(Json::String(s)) => s.trim().parse().ok(),
                        _ => None,
                    };
                    if let Some(i) = i {
                        out.insert(path.to_string(), i);
                    }
                }
            }
        }
        Some(_) => {}
        None => {
            for e in n.entries() {
                path.0.push(Seg::Key(e.key.to_string()));
                az_indexes(ctx, &e.value, path, out);
                path.0.pop();
            }
        }
    }
}

/// How deep `Fn::ForEach` loops may nest (CloudFormation allows 5).
const MAX_FOR_EACH_DEPTH: usize = 5;

/// Expands `Fn::ForEach::Name: [Identifier, Collection, {Key: Body}]`:
/// for each item of the collection (a list, or a `CommaDelimitedList`
/// parameter, evaluated), each output key with `${Identifier}` (or
/// `&{Identifier}`, non-alphanumerics dropped) replaced by the item, and
/// its body with `Ref: Identifier` and `${Identifier}` in `Fn::Sub`
/// replaced; nested loops likewise. False when the loop cannot be expanded
/// (unknown collection, malformed): none of it is checked.
fn expand_for_each(ctx: &Ctx, n: &Node, depth: usize, out: &mut Vec<(String, Span, Node)>) -> bool {
    let [ident, collection, template] = n.items() else {
        return false;
    };
    let (Some(ident), Some(_)) = (ident.as_str(), template.as_map()) else {
        return false;
    };
    if depth >= MAX_FOR_EACH_DEPTH {
        return false;
    }
    let items = match ctx
        .eval(collection, &mut Path::root(), &mut Refs::default(), false)
        .known()
    {
        Some(Json::Array(a)) => a,
        _ => return false,
    };
    let items: Option<Vec<String>> = items
        .iter()
        .map(|i| match i {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            Json::Bool(b) => Some(b.to_string()),
            _ => None,
        })
        .collect();
    let Some(items) = items else { return false };
    for item in &items {
        for e in template.entries() {
            let key = substitute_key(&e.key, ident, item);
            let value = substitute(&e.value, ident, item);
            if key.starts_with("Fn::ForEach::") {
                if !expand_for_each(ctx, &value, depth + 1, out) {
                    return false;
                }
            } else {
                out.push((key, e.key_span, value));
            }
        }
    }
    true
}

fn substitute_key(key: &str, ident: &str, item: &str) -> String {
    let alnum: String = item.chars().filter(char::is_ascii_alphanumeric).collect();
    key.replace(&format!("${{{ident}}}"), item)
        .replace(&format!("&{{{ident}}}"), &alnum)
}

/// A copy of `n` with the loop's identifier replaced by `item`: `Ref`s to
/// it, `${Identifier}` in `Fn::Sub` strings, and in keys (nested loops'
/// output keys).
fn substitute(n: &Node, ident: &str, item: &str) -> Node {
    substitute_in(n, ident, item, false)
}

fn substitute_in(n: &Node, ident: &str, item: &str, in_sub: bool) -> Node {
    if let Some(("Ref", arg)) = eval::intrinsic(n) {
        if arg.as_str() == Some(ident) {
            return Node {
                span: n.span,
                value: Value::Str(item.into()),
                tag: None,
            };
        }
    }
    let value = match &n.value {
        Value::Str(s) if in_sub => Value::Str(substitute_key(s, ident, item).into()),
        Value::Seq(items) => Value::Seq(
            items
                .iter()
                .enumerate()
                // `Fn::Sub: [template, {vars}]`: the template is a Sub string.
                .map(|(i, x)| substitute_in(x, ident, item, in_sub && i == 0))
                .collect(),
        ),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: substitute_key(&e.key, ident, item).into(),
                    key_span: e.key_span,
                    value: substitute_in(&e.value, ident, item, e.key == "Fn::Sub"),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        span: n.span,
        value,
        tag: n.tag.clone(),
    }
}

/// The CloudFormation data of a resource, if it is one.
pub fn of(res: &Resource) -> Option<&CfnResource> {
    res.cloudformation.as_deref()
}

/// What loading one template gave.
#[derive(Debug, Default)]
pub struct TemplateLoad {
    pub resources: Vec<Resource>,
    pub problems: Vec<ParseProblem>,
    pub notes: Vec<String>,
}

/// Loads the template of `doc`. `lines` is the file's text by line (to
/// place short-form tags); `template` names the file.
pub fn load(
    file: usize,
    doc: Document,
    lines: &[&str],
    template: &str,
    opts: &LoadOptions,
) -> TemplateLoad {
    let mut out = TemplateLoad::default();
    let mut root = doc.root;
    tags::normalize(&mut root, lines);
    let template: Arc<str> = Arc::from(template);
    let Some(resources) = root.entry("Resources") else {
        // `AWSTemplateFormatVersion` alone.
        out.problems.push(ParseProblem {
            span: root.entry("AWSTemplateFormatVersion").map_or(root.span, |e| e.key_span),
            message: "CloudFormation template without Resources; CloudFormation requires at least one resource".into(),
        });
        return out;
    };
    if resources.value.as_map().is_none() {
        out.problems.push(ParseProblem {
            span: resources.key_span.join(resources.value.span),
            message: "Resources is not a mapping of logical ids to resources; CloudFormation rejects the template".into(),
        });
        return out;
    }
    let ctx = Ctx::new(&root, &opts.cfn_params, opts.region.as_deref());
    let conditions: Arc<BTreeMap<String, Option<bool>>> = Arc::new(
        root.get("Conditions")
            .map(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(|e| (e.key.to_string(), ctx.condition(&e.key)))
            .collect(),
    );
    let mut skipped_false: Vec<String> = Vec::new();
    let mut for_each = 0usize;
    let mut rain_modules: Vec<String> = Vec::new();
    // `Fn::ForEach` loops (AWS::LanguageExtensions) expanded over their
    // collections, where known.
    let mut entries: Vec<(String, Span, std::borrow::Cow<Node>)> = Vec::new();
    let mut ctx = ctx;
    for e in resources.value.entries() {
        if e.key.starts_with("Fn::ForEach::") {
            let mut made = Vec::new();
            if expand_for_each(&ctx, &e.value, 0, &mut made) {
                entries.extend(
                    made.into_iter()
                        .map(|(id, span, n)| (id, span, std::borrow::Cow::Owned(n))),
                );
            } else {
                for_each += 1;
            }
        } else {
            entries.push((
                e.key.to_string(),
                e.key_span,
                std::borrow::Cow::Borrowed(&e.value),
            ));
        }
    }
    ctx.add_resources(entries.iter().map(|(id, _, _)| id.clone()));
    let ctx = ctx;
    for (id, key_span, body) in &entries {
        let id = id.as_str();
        let e = Entry {
            key: id.into(),
            key_span: *key_span,
            value: Node {
                span: body.span,
                value: Value::Null,
                tag: None,
            },
        };
        let body: &Node = body;
        // `Type: {Rain::Module: ./bucket.yml}`: a module of the `rain`
        // tool, expanded by `rain pkg` before deployment.
        if body
            .get("Type")
            .is_some_and(|t| t.get("Rain::Module").is_some())
        {
            rain_modules.push(id.to_string());
            continue;
        }
        let Some(ty) = body.get("Type").and_then(Node::as_str) else {
            out.problems.push(ParseProblem {
                span: if body.as_map().is_some() {
                    e.key_span
                } else {
                    e.span()
                },
                message: format!(
                    "resource \"{id}\" has no Type (a string such as AWS::S3::Bucket); CloudFormation rejects the template"
                ),
            });
            continue;
        };
        let condition = body.get("Condition").and_then(Node::as_str);
        let condition_value = match condition {
            Some(c) => ctx.condition(c),
            None => Some(true),
        };
        if condition_value == Some(false) {
            skipped_false.push(id.to_string());
            continue;
        }
        let mut refs = Refs::default();
        let props = body.get("Properties").map(|p| {
            let mut path = Path::root();
            ctx.eval(p, &mut path, &mut refs, true)
        });
        let (properties, unknown) = match props {
            None | Some(V::NoValue) => (json!({}), json!({})),
            Some(v) => (v.to_json(), v.unknown_tree().unwrap_or_else(|| json!({}))),
        };
        let attr = |k: &str| {
            body.get(k).and_then(|n| {
                ctx.eval(n, &mut Path::root(), &mut Refs::default(), false)
                    .known()
                    .and_then(|j| j.as_str().map(str::to_string))
            })
        };
        let depends_on = match body.get("DependsOn") {
            Some(n) => match n.as_str() {
                Some(s) => vec![s.to_string()],
                None => n
                    .items()
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            },
            None => Vec::new(),
        };
        let cfn = CfnResource {
            template: template.clone(),
            logical_id: id.to_string(),
            r#type: ty.to_string(),
            logical_id_span: e.key_span,
            condition: condition.map(str::to_string),
            condition_value,
            properties,
            unknown,
            references: refs.by_path,
            depends_on,
            deletion_policy: attr("DeletionPolicy"),
            update_replace_policy: attr("UpdateReplacePolicy"),
            region: opts.region.clone(),
            conditions: conditions.clone(),
            az_index: body
                .get("Properties")
                .map(|p| {
                    let mut out = BTreeMap::new();
                    az_indexes(&ctx, p, &mut Path::root(), &mut out);
                    out
                })
                .unwrap_or_default(),
        };
        out.resources.push(Resource {
            target: Target::CloudFormation,
            file,
            doc: doc.index,
            doc_path: Path::root().keys(&["Resources", id]),
            api_version: String::new(),
            kind: ty.to_string(),
            name: id.to_string(),
            namespace: String::new(),
            body: Arc::new(body.clone()),
            terraform: None,
            cloudformation: Some(Arc::new(cfn)),
        });
    }
    if !skipped_false.is_empty() {
        out.notes.push(format!(
            "{} resource(s) not checked: their Condition is false ({})",
            skipped_false.len(),
            skipped_false.join(", ")
        ));
    }
    if !rain_modules.is_empty() {
        out.notes.push(format!(
            "{} Rain module(s) not expanded and not checked ({}); check the output of `rain pkg` instead",
            rain_modules.len(),
            rain_modules.join(", ")
        ));
    }
    if for_each > 0 {
        out.notes.push(format!(
            "{for_each} Fn::ForEach resource group(s) not expanded and not checked: their collection is not known before deployment (or the loop is malformed)"
        ));
    }
    out
}
