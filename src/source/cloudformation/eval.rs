//! What can be known of a template before it is deployed: parameters
//! (their `Default`, or a value given to plumb), `Mappings`, `Conditions`,
//! pseudo parameters, and the intrinsic functions over them. What depends
//! on the deployment (another resource's id or attribute, the account, an
//! imported value, an SSM parameter) is unknown; unknown is never false.
//!
//! Runs on the long forms only ([`super::tags::normalize`] has run).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value as Json};

use crate::model::{Path, Seg};
use crate::source::yaml::{Node, Value};

/// An evaluated value.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    /// `AWS::NoValue`: the property is removed.
    NoValue,
    /// Known only once deployed.
    Unknown,
    /// A known scalar (string, number, boolean, null).
    Scalar(Json),
    Arr(Vec<V>),
    Obj(Vec<(String, V)>),
}

impl V {
    /// The value, fully known, as JSON.
    pub fn known(&self) -> Option<Json> {
        match self {
            V::NoValue | V::Unknown => None,
            V::Scalar(j) => Some(j.clone()),
            V::Arr(items) => items
                .iter()
                .map(V::known)
                .collect::<Option<_>>()
                .map(Json::Array),
            V::Obj(entries) => entries
                .iter()
                .map(|(k, v)| v.known().map(|j| (k.clone(), j)))
                .collect::<Option<Map<_, _>>>()
                .map(Json::Object),
        }
    }

    /// As JSON, unknown parts as `null`.
    pub fn to_json(&self) -> Json {
        match self {
            V::NoValue | V::Unknown => Json::Null,
            V::Scalar(j) => j.clone(),
            V::Arr(items) => Json::Array(items.iter().map(V::to_json).collect()),
            V::Obj(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Like Terraform's `after_unknown`: `true` where unknown; in arrays,
    /// `false` for known items; None when all is known.
    pub fn unknown_tree(&self) -> Option<Json> {
        match self {
            V::Unknown => Some(Json::Bool(true)),
            V::NoValue | V::Scalar(_) => None,
            V::Arr(items) => {
                let u: Vec<Option<Json>> = items.iter().map(V::unknown_tree).collect();
                u.iter().any(Option::is_some).then(|| {
                    Json::Array(
                        u.into_iter()
                            .map(|x| x.unwrap_or(Json::Bool(false)))
                            .collect(),
                    )
                })
            }
            V::Obj(entries) => {
                let m: Map<String, Json> = entries
                    .iter()
                    .filter_map(|(k, v)| v.unknown_tree().map(|u| (k.clone(), u)))
                    .collect();
                (!m.is_empty()).then_some(Json::Object(m))
            }
        }
    }

    fn from_json(j: &Json) -> V {
        match j {
            Json::Array(a) => V::Arr(a.iter().map(V::from_json).collect()),
            Json::Object(m) => V::Obj(
                m.iter()
                    .map(|(k, v)| (k.clone(), V::from_json(v)))
                    .collect(),
            ),
            s => V::Scalar(s.clone()),
        }
    }

    /// A known scalar's text, as CloudFormation passes scalars on (strings).
    fn text(&self) -> Option<String> {
        match self {
            V::Scalar(Json::String(s)) => Some(s.clone()),
            V::Scalar(Json::Number(n)) => Some(n.to_string()),
            V::Scalar(Json::Bool(b)) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Pseudo parameters whose value depends on the deployment.
const UNKNOWN_PSEUDO: &[&str] = &[
    "AWS::AccountId",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::NotificationARNs",
];

/// Deepest chain of conditions naming conditions that is followed.
const MAX_CONDITION_DEPTH: usize = 64;

/// A template's evaluation context.
pub struct Ctx<'a> {
    params: HashMap<String, V>,
    region: Option<String>,
    resources: HashSet<String>,
    mappings: Option<&'a Node>,
    conditions: Option<&'a Node>,
    cond_cache: RefCell<HashMap<String, Option<bool>>>,
    cond_visiting: RefCell<HashSet<String>>,
}

/// References to other resources met while evaluating one resource: the
/// path (in the evaluated value) → logical ids, in order, without repeats.
#[derive(Default)]
pub struct Refs {
    pub by_path: BTreeMap<String, Vec<String>>,
}

impl Refs {
    fn add(&mut self, path: &Path, id: &str) {
        let ids = self.by_path.entry(path.to_string()).or_default();
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    }
}

impl<'a> Ctx<'a> {
    /// `root` is the template (long forms); `overrides` the parameter values
    /// given to plumb; `region` the stack's region, if known.
    pub fn new(root: &'a Node, overrides: &BTreeMap<String, String>, region: Option<&str>) -> Self {
        let resources = root
            .get("Resources")
            .map(|r| r.entries().iter().map(|e| e.key.to_string()).collect())
            .unwrap_or_default();
        let mut params = HashMap::new();
        if let Some(ps) = root.get("Parameters") {
            for e in ps.entries() {
                let ty = e.value.get_str("Type").unwrap_or("String");
                let v = match overrides.get(e.key.as_str()) {
                    Some(o) => param_value(ty, &V::Scalar(Json::String(o.clone()))),
                    None => match e.value.get("Default") {
                        Some(d) => param_value(ty, &V::from_json(&d.to_json())),
                        None => V::Unknown,
                    },
                };
                params.insert(e.key.to_string(), v);
            }
        }
        Ctx {
            params,
            region: region.map(str::to_string),
            resources,
            mappings: root.get("Mappings"),
            conditions: root.get("Conditions"),
            cond_cache: RefCell::new(HashMap::new()),
            cond_visiting: RefCell::new(HashSet::new()),
        }
    }

    /// Logical ids made by `Fn::ForEach`, so that `Ref`s to them are
    /// references to resources.
    pub fn add_resources(&mut self, ids: impl IntoIterator<Item = String>) {
        self.resources.extend(ids);
    }

    pub fn is_resource(&self, id: &str) -> bool {
        self.resources.contains(id)
    }

    /// A named condition: true, false, or None when unknown (or undefined,
    /// or circular).
    pub fn condition(&self, name: &str) -> Option<bool> {
        if let Some(v) = self.cond_cache.borrow().get(name) {
            return *v;
        }
        if self.cond_visiting.borrow().len() >= MAX_CONDITION_DEPTH
            || !self.cond_visiting.borrow_mut().insert(name.to_string())
        {
            return None;
        }
        let v = self
            .conditions
            .and_then(|c| c.get(name))
            .and_then(|n| self.eval_condition(n));
        self.cond_visiting.borrow_mut().remove(name);
        self.cond_cache.borrow_mut().insert(name.to_string(), v);
        v
    }

    /// A condition expression (`Fn::Equals`, `Fn::Not`, `Fn::And`,
    /// `Fn::Or`, `Condition`), in three-valued logic.
    fn eval_condition(&self, n: &Node) -> Option<bool> {
        let (f, arg) = intrinsic(n)?;
        let args = arg.items();
        match f {
            "Condition" => self.condition(arg.as_str()?),
            "Fn::Equals" => {
                let [a, b] = args else { return None };
                let mut scratch = Refs::default();
                let a = self.eval(a, &mut Path::root(), &mut scratch, false);
                let b = self.eval(b, &mut Path::root(), &mut scratch, false);
                loose_equal(&a, &b)
            }
            "Fn::Not" => {
                let [c] = args else { return None };
                self.eval_condition(c).map(|b| !b)
            }
            "Fn::And" | "Fn::Or" => {
                if args.is_empty() {
                    return None;
                }
                let and = f == "Fn::And";
                let mut unknown = false;
                for c in args {
                    match self.eval_condition(c) {
                        Some(b) if b != and => return Some(!and),
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(and)
            }
            _ => None,
        }
    }

    /// Evaluates `n`. `path` is where the value stands (references are
    /// recorded there); `grow` says whether the node is itself a value of
    /// that path's tree (its keys and indices extend the path) or the
    /// argument of a function (they do not).
    pub fn eval(&self, n: &Node, path: &mut Path, refs: &mut Refs, grow: bool) -> V {
        if let Some((f, arg)) = intrinsic(n) {
            return self.eval_fn(f, arg, path, refs, grow);
        }
        match &n.value {
            Value::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for e in entries {
                    if grow {
                        path.0.push(Seg::Key(e.key.to_string()));
                    }
                    let v = self.eval(&e.value, path, refs, grow);
                    if grow {
                        path.0.pop();
                    }
                    if v != V::NoValue {
                        // A repeated key: the last one, as the node's `get`.
                        out.retain(|(k, _): &(String, V)| k != e.key.as_str());
                        out.push((e.key.to_string(), v));
                    }
                }
                // `Fn::Transform` beside other keys (an `AWS::Include`
                // snippet merged into the mapping): any key may be added or
                // replaced at deployment, so the mapping is unknown (its
                // references still count).
                if entries.len() > 1 && entries.iter().any(|e| e.key == "Fn::Transform") {
                    return V::Unknown;
                }
                V::Obj(out)
            }
            Value::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if grow {
                        path.0.push(Seg::Index(out.len()));
                    }
                    let v = self.eval(item, path, refs, grow);
                    if grow {
                        path.0.pop();
                    }
                    if v != V::NoValue {
                        out.push(v);
                    }
                }
                V::Arr(out)
            }
            _ => V::Scalar(n.to_json()),
        }
    }

    fn eval_fn(&self, f: &str, arg: &Node, path: &mut Path, refs: &mut Refs, grow: bool) -> V {
        let args = arg.items();
        match f {
            "Ref" => match arg.as_str() {
                Some(name) => self.reference(name, path, refs),
                None => V::Unknown,
            },
            "Fn::GetAtt" => {
                let id = match &arg.value {
                    Value::Str(s) => s.split_once('.').map_or(s.as_str(), |(a, _)| a),
                    _ => args.first().and_then(Node::as_str).unwrap_or(""),
                };
                if self.is_resource(id) {
                    refs.add(path, id);
                }
                // An attribute name given by `Ref` may name a resource too.
                for a in args.iter().skip(1) {
                    self.eval(a, path, refs, false);
                }
                V::Unknown
            }
            "Fn::If" => {
                let [c, a, b] = args else {
                    return V::Unknown;
                };
                match c.as_str().and_then(|c| self.condition(c)) {
                    Some(true) => self.eval(a, path, refs, grow),
                    Some(false) => self.eval(b, path, refs, grow),
                    None => {
                        let a = self.eval(a, path, refs, grow);
                        let b = self.eval(b, path, refs, grow);
                        if a == b && a != V::NoValue && a.known().is_some() {
                            a
                        } else {
                            V::Unknown
                        }
                    }
                }
            }
            // Condition functions in a value: their truth, when known.
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => self
                .eval_condition(&wrap(f, arg))
                .map_or(V::Unknown, |b| V::Scalar(Json::Bool(b))),
            "Fn::Sub" => self.sub(arg, path, refs),
            "Fn::Join" => {
                let [d, list] = args else {
                    return V::Unknown;
                };
                let d = self.eval(d, path, refs, false).text();
                let list = self.eval(list, path, refs, false);
                match (d, list) {
                    (Some(d), V::Arr(items)) => items
                        .iter()
                        .map(V::text)
                        .collect::<Option<Vec<_>>>()
                        .map_or(V::Unknown, |parts| V::Scalar(Json::String(parts.join(&d)))),
                    _ => V::Unknown,
                }
            }
            "Fn::Select" => {
                let [i, list] = args else {
                    return V::Unknown;
                };
                let i = self.eval(i, path, refs, false);
                let list = self.eval(list, path, refs, false);
                let i = i.text().and_then(|t| t.parse::<usize>().ok());
                match (i, list) {
                    (Some(i), V::Arr(items)) => items.get(i).cloned().unwrap_or(V::Unknown),
                    _ => V::Unknown,
                }
            }
            "Fn::Split" => {
                let [d, s] = args else {
                    return V::Unknown;
                };
                let d = self.eval(d, path, refs, false).text();
                let s = self.eval(s, path, refs, false).text();
                match (d, s) {
                    (Some(d), Some(s)) if !d.is_empty() => V::Arr(
                        s.split(d.as_str())
                            .map(|p| V::Scalar(Json::String(p.to_string())))
                            .collect(),
                    ),
                    _ => V::Unknown,
                }
            }
            "Fn::FindInMap" => self.find_in_map(args, path, refs),
            "Fn::Base64" => match self.eval(arg, path, refs, false).text() {
                Some(s) => V::Scalar(Json::String(base64(s.as_bytes()))),
                None => V::Unknown,
            },
            "Fn::Length" => match self.eval(arg, path, refs, false) {
                V::Arr(items) => V::Scalar(Json::from(items.len())),
                _ => V::Unknown,
            },
            "Fn::ToJsonString" => match self.eval(arg, path, refs, false).known() {
                Some(j) => V::Scalar(Json::String(j.to_string())),
                None => V::Unknown,
            },
            // Fn::GetAZs, Fn::ImportValue, Fn::Cidr, Fn::Transform and
            // functions plumb does not know: unknown, but the resources
            // they name are still references.
            _ => {
                self.eval(arg, path, refs, false);
                V::Unknown
            }
        }
    }

    /// `Ref name`: a parameter, a pseudo parameter, or a resource.
    fn reference(&self, name: &str, path: &Path, refs: &mut Refs) -> V {
        if let Some(v) = self.params.get(name) {
            return v.clone();
        }
        let region = || self.region.clone();
        match name {
            "AWS::NoValue" => V::NoValue,
            "AWS::Region" => region().map_or(V::Unknown, |r| V::Scalar(Json::String(r))),
            "AWS::Partition" => region().map_or(V::Unknown, |r| {
                V::Scalar(Json::String(partition(&r).0.to_string()))
            }),
            "AWS::URLSuffix" => region().map_or(V::Unknown, |r| {
                V::Scalar(Json::String(partition(&r).1.to_string()))
            }),
            _ if UNKNOWN_PSEUDO.contains(&name) => V::Unknown,
            _ => {
                if self.is_resource(name) {
                    refs.add(path, name);
                }
                V::Unknown
            }
        }
    }

    /// `Fn::Sub`: `"text ${Name} ${Res.Attr} ${!Literal}"` or
    /// `[text, {Name: value}]`.
    fn sub(&self, arg: &Node, path: &mut Path, refs: &mut Refs) -> V {
        let (template, vars) = match &arg.value {
            Value::Seq(items) => match items.as_slice() {
                [t, v] => (t, Some(v)),
                [t] => (t, None),
                _ => return V::Unknown,
            },
            _ => (arg, None),
        };
        let Some(template) = template.as_str() else {
            return V::Unknown;
        };
        let mut vals: HashMap<&str, V> = HashMap::new();
        for e in vars.map(Node::entries).unwrap_or_default() {
            vals.insert(e.key.as_str(), self.eval(&e.value, path, refs, false));
        }
        let mut out = String::new();
        let mut known = true;
        let mut rest = template;
        while let Some(at) = rest.find("${") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[at..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(lit);
                out.push('}');
                continue;
            }
            let name = name.trim();
            let v = match vals.get(name) {
                Some(v) => v.clone(),
                None => match name.split_once('.') {
                    Some((id, _)) if !self.params.contains_key(name) => {
                        if self.is_resource(id) {
                            refs.add(path, id);
                        }
                        V::Unknown
                    }
                    _ => self.reference(name, path, refs),
                },
            };
            match v.text() {
                Some(t) => out.push_str(&t),
                None => known = false,
            }
        }
        out.push_str(rest);
        if known {
            V::Scalar(Json::String(out))
        } else {
            V::Unknown
        }
    }

    /// `Fn::FindInMap [Map, TopKey, SecondKey]`, with the optional
    /// `{DefaultValue: x}` of AWS::LanguageExtensions.
    fn find_in_map(&self, args: &[Node], path: &mut Path, refs: &mut Refs) -> V {
        let (keys, default) = match args {
            [m, a, b] => ([m, a, b], None),
            [m, a, b, d] => ([m, a, b], d.get("DefaultValue")),
            _ => return V::Unknown,
        };
        let keys: Vec<Option<String>> = keys
            .iter()
            .map(|k| self.eval(k, path, refs, false).text())
            .collect();
        let found = match keys.as_slice() {
            [Some(m), Some(a), Some(b)] => self
                .mappings
                .and_then(|ms| ms.get(m))
                .and_then(|m| m.get(a))
                .and_then(|m| m.get(b))
                .map(|n| self.eval(n, path, refs, false)),
            _ => return V::Unknown,
        };
        found
            .or_else(|| default.map(|d| self.eval(d, path, refs, false)))
            .unwrap_or(V::Unknown)
    }
}

/// `(function, argument)` when `n` is an intrinsic function call: a mapping
/// of one key, `Ref`, `Condition` or `Fn::...`.
pub fn intrinsic(n: &Node) -> Option<(&str, &Node)> {
    match n.as_map()? {
        [e] if e.key == "Ref" || e.key == "Condition" || e.key.starts_with("Fn::") => {
            Some((e.key.as_str(), &e.value))
        }
        _ => None,
    }
}

fn wrap(f: &str, arg: &Node) -> Node {
    Node::new(
        arg.span,
        Value::Map(vec![crate::source::yaml::Entry {
            key: f.into(),
            key_span: arg.span,
            value: arg.clone(),
        }]),
    )
}

/// A parameter's value for its type: lists from comma-separated text,
/// numbers as numbers, everything else as text. SSM parameter types are
/// resolved at deployment: unknown.
fn param_value(ty: &str, v: &V) -> V {
    if ty.starts_with("AWS::SSM::Parameter::Value") {
        return V::Unknown;
    }
    let is_list = ty.starts_with("List<") || ty == "CommaDelimitedList";
    match v {
        V::Arr(items) if is_list => V::Arr(items.clone()),
        _ => {
            let Some(t) = v.text() else {
                return V::Unknown;
            };
            if is_list {
                V::Arr(
                    t.split(',')
                        .map(|p| V::Scalar(Json::String(p.trim().to_string())))
                        .collect(),
                )
            } else if ty == "Number" {
                if let Ok(i) = t.trim().parse::<i64>() {
                    V::Scalar(Json::from(i))
                } else if let Some(n) = t
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    V::Scalar(Json::Number(n))
                } else {
                    V::Scalar(Json::String(t))
                }
            } else {
                V::Scalar(Json::String(t))
            }
        }
    }
}

/// `Fn::Equals`: scalars compare as text (CloudFormation compares strings:
/// `!Equals [!Ref Flag, true]` holds for a parameter `"true"`); None unless
/// both sides are known.
fn loose_equal(a: &V, b: &V) -> Option<bool> {
    match (a.text(), b.text()) {
        (Some(x), Some(y)) => Some(x == y),
        _ => match (a.known(), b.known()) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        },
    }
}

/// `(AWS::Partition, AWS::URLSuffix)` of a region.
fn partition(region: &str) -> (&'static str, &'static str) {
    if region.starts_with("cn-") {
        ("aws-cn", "amazonaws.com.cn")
    } else if region.starts_with("us-gov-") {
        ("aws-us-gov", "amazonaws.com")
    } else {
        ("aws", "amazonaws.com")
    }
}

/// Standard base64 with padding (`Fn::Base64`).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn list_parameters_split_and_trim() {
        let v = param_value(
            "CommaDelimitedList",
            &V::Scalar(Json::String("a, b".into())),
        );
        assert_eq!(v.known(), Some(serde_json::json!(["a", "b"])));
        let v = param_value("Number", &V::Scalar(Json::String("7".into())));
        assert_eq!(v.known(), Some(serde_json::json!(7)));
    }
}
