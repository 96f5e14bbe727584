//! What rules see: resources with their identity, their body as a located
//! tree, and attribute paths that resolve to source spans.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::source::span::Span;
use crate::source::yaml::{Node, Value};

/// One step of an attribute path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Self {
        Seg::Key(s.to_string())
    }
}
impl From<String> for Seg {
    fn from(s: String) -> Self {
        Seg::Key(s)
    }
}
impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// An attribute path inside a resource, such as
/// `spec.template.spec.containers[0].resources.limits`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Path(pub Vec<Seg>);

/// Builds a [`Path`]: `path!["spec", "template", 0]`.
#[macro_export]
macro_rules! path {
    () => { $crate::model::Path::default() };
    ($($seg:expr),+ $(,)?) => {
        $crate::model::Path(vec![$($crate::model::Seg::from($seg)),+])
    };
}

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// A new path with a key appended.
    pub fn key(&self, k: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// A new path with an index appended.
    pub fn idx(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// A new path with several keys appended.
    pub fn keys(&self, ks: &[&str]) -> Path {
        let mut p = self.clone();
        p.0.extend(ks.iter().map(|k| Seg::Key((*k).to_string())));
        p
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Index(i) => write!(f, "[{i}]")?,
                Seg::Key(k) => {
                    let plain = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if plain {
                        if !first {
                            f.write_str(".")?;
                        }
                        f.write_str(k)?;
                    } else {
                        write!(f, "[{}]", serde_json::Value::String(k.clone()))?;
                    }
                }
            }
            first = false;
        }
        Ok(())
    }
}

/// Where a path landed in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub span: Span,
    /// The whole path was found (the value is present); otherwise the span is
    /// that of the object that should hold the missing part.
    pub found: bool,
}

/// The span to report for a node reached as the value of `key_span` (if a
/// mapping value) or as a sequence item.
fn report_span(node: &Node, key_span: Option<Span>) -> Span {
    match &node.value {
        // A flow collection on its key's line (`subnets: [a, b]`) is the
        // value itself.
        Value::Map(_) | Value::Seq(_)
            if key_span.is_some_and(|k| k.start.line == node.span.start.line)
                && node.span.start.line == node.span.end.line
                && node.span.end.col > node.span.start.col =>
        {
            node.span
        }
        // A collection is pointed at by its key: `resources:` rather than
        // the whole block below it.
        Value::Map(_) | Value::Seq(_) if key_span.is_some() => key_span.unwrap_or(node.span),
        // A mapping that is a list item (a container) by its first entry.
        Value::Map(entries) => entries.first().map_or(node.span, |e| e.span()),
        Value::Seq(items) => items.first().map_or(node.span, |n| report_span(n, None)),
        _ => node.span,
    }
}

/// Resolves `path` in `root`. When the path is present, the span is that of
/// the offending value (a scalar) or of the key holding it (a collection).
/// When it is not, the span is that of the deepest object on the path that
/// exists: the object that should hold the missing field.
pub fn resolve(root: &Node, path: &Path, root_span: Span) -> Resolved {
    let mut cur = root;
    let mut key_span: Option<Span> = None;
    for seg in &path.0 {
        let next = match (seg, &cur.value) {
            (Seg::Key(k), Value::Map(_)) => cur.entry(k).map(|e| (&e.value, Some(e.key_span))),
            (Seg::Index(i), Value::Seq(items)) => items.get(*i).map(|n| (n, None)),
            _ => None,
        };
        match next {
            Some((n, ks)) => {
                cur = n;
                key_span = ks;
            }
            None => {
                let span = if std::ptr::eq(cur, root) {
                    root_span
                } else {
                    match (&cur.value, key_span) {
                        // `resources:` with nothing after it: the key.
                        (Value::Null, Some(ks)) => ks.join(cur.span),
                        _ => report_span(cur, key_span),
                    }
                };
                return Resolved { span, found: false };
            }
        }
    }
    let span = if path.is_root() {
        root_span
    } else {
        match (&cur.value, key_span) {
            // An empty or null value: point at `key:` and its value together.
            (Value::Null, Some(ks)) => ks.join(cur.span),
            _ => report_span(cur, key_span),
        }
    };
    Resolved { span, found: true }
}

/// What kind of input a resource came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Kubernetes,
    /// A resource instance of a Terraform plan (`terraform show -json`).
    Terraform,
    /// A resource of a CloudFormation template (SAM included).
    #[serde(rename = "cloudformation")]
    CloudFormation,
}

impl Target {
    /// The name policies and reports use (`input._plumb.target`).
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Kubernetes => "kubernetes",
            Target::Terraform => "terraform",
            Target::CloudFormation => "cloudformation",
        }
    }
}

/// A Kubernetes object or a Terraform resource instance. For Terraform:
/// `kind` is the resource type (`aws_db_instance`), `name` the full address
/// (`module.db.aws_db_instance.main[0]`), `namespace` empty, `body` the
/// planned values, and `terraform` the rest (see
/// [`crate::source::terraform::TfResource`]). For CloudFormation: `kind` is
/// the resource `Type`, `name` the logical id, `namespace` empty, `body` the
/// resource entry as written (short-form tags in their long forms), and
/// `cloudformation` the evaluated rest (see
/// [`crate::source::cloudformation::CfnResource`]).
#[derive(Clone, Debug)]
pub struct Resource {
    pub target: Target,
    /// Index of the file in the scan's file list.
    pub file: usize,
    /// 0-based document index in the file.
    pub doc: usize,
    /// Path of the object inside its document (`items[2]` in a `kind: List`).
    pub doc_path: Path,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// Defaulted as kubectl would: `default` when unset, empty for
    /// cluster-scoped kinds.
    pub namespace: String,
    pub body: Arc<Node>,
    /// Terraform only: actions, unknown values, configuration expressions
    /// and references, region, and the `.tf` source map.
    pub terraform: Option<Arc<crate::source::terraform::TfResource>>,
    /// CloudFormation only: evaluated properties, unknown values,
    /// references, condition.
    pub cloudformation: Option<Arc<crate::source::cloudformation::CfnResource>>,
}

/// Kinds that are not namespaced (built-in API groups and common CRDs).
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "APIService",
    "PriorityClass",
    "RuntimeClass",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "PodSecurityPolicy",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "GatewayClass",
    "FlowSchema",
    "PriorityLevelConfiguration",
];

pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

impl Resource {
    /// `Kind/namespace/name`, or `Kind/name` when cluster-scoped; the
    /// address for a Terraform resource, the logical id for CloudFormation.
    pub fn identity(&self) -> String {
        if matches!(self.target, Target::Terraform | Target::CloudFormation) {
            self.name.clone()
        } else if self.namespace.is_empty() {
            format!("{}/{}", self.kind, self.name)
        } else {
            format!("{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }

    /// The span for findings about the resource as a whole: its `kind` entry;
    /// for Terraform, the `resource "type" "name" {` line, or the resource's
    /// `address` in the plan JSON when no `.tf` was found; for
    /// CloudFormation, the logical id.
    pub fn header_span(&self) -> Span {
        if let Some(cfn) = &self.cloudformation {
            return cfn.logical_id_span;
        }
        if let Some(tf) = &self.terraform {
            return match &tf.source {
                Some(s) => s.block.header(),
                None => tf.json_span,
            };
        }
        self.body
            .entry("kind")
            .map(|e| e.span())
            .unwrap_or(self.body.span)
    }

    /// Resolves a path inside this resource.
    /// A CloudFormation resource resolves through its `Fn::If`s (see
    /// [`crate::source::cloudformation::CfnResource::resolve`]).
    /// A Terraform resource with a `.tf` block resolves in that block (its
    /// findings land in the `.tf` file, which is then the resource's
    /// `file`); without one, in the plan JSON's values.
    pub fn resolve(&self, path: &Path) -> Resolved {
        if let Some(cfn) = &self.cloudformation {
            return cfn.resolve(&self.body, path, cfn.logical_id_span);
        }
        if let Some(r) = self
            .terraform
            .as_ref()
            .and_then(|tf| tf.resolve_in_source(path))
        {
            return r;
        }
        resolve(&self.body, path, self.header_span())
    }

    pub fn labels(&self) -> &[crate::source::yaml::Entry] {
        self.body
            .get_in(&["metadata", "labels"])
            .map(Node::entries)
            .unwrap_or(&[])
    }

    pub fn annotation(&self, key: &str) -> Option<&Node> {
        self.body.get_in(&["metadata", "annotations", key])
    }

    pub fn api_group(&self) -> &str {
        match self.api_version.rsplit_once('/') {
            Some((g, _)) => g,
            None => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::span::Pos;
    use crate::source::yaml::parse_stream;

    fn doc(t: &str) -> Node {
        parse_stream(t).documents.remove(0).root
    }

    #[test]
    fn path_display() {
        let p = path!["metadata", "annotations", "a.b/c", "x"];
        assert_eq!(p.to_string(), "metadata.annotations[\"a.b/c\"].x");
        assert_eq!(
            path!["spec", "containers", 0usize, "image"].to_string(),
            "spec.containers[0].image"
        );
    }

    #[test]
    fn resolve_points_at_value_or_holder() {
        let n = doc("kind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n    resources:\n      requests: {cpu: 1}\n");
        let header = Span::at(Pos::new(1, 1));
        let r = resolve(&n, &path!["spec", "containers", 0usize, "image"], header);
        assert!(r.found);
        assert_eq!(r.span.start, Pos::new(5, 12));
        // Missing limits: the `resources:` key that should hold them.
        let r = resolve(
            &n,
            &path![
                "spec",
                "containers",
                0usize,
                "resources",
                "limits",
                "memory"
            ],
            header,
        );
        assert!(!r.found);
        assert_eq!(r.span.start, Pos::new(6, 5));
        // Missing probe on a container: the container's first entry.
        let r = resolve(
            &n,
            &path!["spec", "containers", 0usize, "livenessProbe"],
            header,
        );
        assert_eq!(r.span.start, Pos::new(4, 5));
        assert_eq!(r.span.end, Pos::new(4, 14));
        // Below an empty `key:`: the key.
        let n2 = doc("kind: Pod\nspec:\n  securityContext:\n");
        let r = resolve(
            &n2,
            &path!["spec", "securityContext", "runAsNonRoot"],
            header,
        );
        assert_eq!(
            (r.span.start, r.span.end),
            (Pos::new(3, 3), Pos::new(3, 18))
        );
        // Missing at the top: the header.
        let r = resolve(&n, &path!["status"], header);
        assert_eq!(r.span, header);
    }
}
