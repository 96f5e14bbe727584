//! Kubernetes objects from YAML/JSON documents: `apiVersion` + `kind`,
//! multi-document streams and `kind: List`.

use std::sync::Arc;

use crate::model::{is_cluster_scoped, Path, Resource, Target};

use super::yaml::{Document, Node, Value};

/// API groups whose objects are tool configuration, not cluster objects.
const NOT_OBJECTS: &[&str] = &["kustomize.config.k8s.io", "config.kubernetes.io"];

/// Whether a document is a Kubernetes object: a mapping with string
/// `apiVersion` and `kind`.
pub fn is_object(node: &Node) -> bool {
    matches!((node.get_str("apiVersion"), node.get_str("kind")), (Some(a), Some(k)) if !a.is_empty() && !k.is_empty())
}

/// Moves the Kubernetes objects of `documents` into `out`; returns whether
/// there were any.
pub fn load(file: usize, documents: Vec<Document>, out: &mut Vec<Resource>) -> bool {
    load_in(file, documents, "default", out)
}

/// [`load`], with the namespace that objects without one go to (a Helm
/// release's namespace: `helm install -n shop` puts them there).
pub fn load_in(
    file: usize,
    documents: Vec<Document>,
    default_namespace: &str,
    out: &mut Vec<Resource>,
) -> bool {
    let mut any = false;
    for doc in documents {
        if !is_object(&doc.root) {
            continue;
        }
        any = true;
        // A kustomize strategic-merge patch (`$patch: delete`, `replace`, ...)
        // names an object to change, not one that is deployed.
        if doc.root.get("$patch").is_some() {
            continue;
        }
        let kind = doc.root.get_str("kind").unwrap_or_default();
        if kind.ends_with("List") && doc.root.get("items").is_some() {
            let mut root = doc.root;
            let items = match &mut root.value {
                Value::Map(entries) => entries
                    .iter_mut()
                    .rev()
                    .find(|e| e.key == "items")
                    .map(|e| std::mem::replace(&mut e.value.value, Value::Null)),
                _ => None,
            };
            if let Some(Value::Seq(items)) = items {
                for (i, item) in items.into_iter().enumerate() {
                    if is_object(&item) {
                        push(
                            file,
                            doc.index,
                            Path::root().key("items").idx(i),
                            item,
                            default_namespace,
                            out,
                        );
                    }
                }
            }
        } else {
            push(
                file,
                doc.index,
                Path::root(),
                doc.root,
                default_namespace,
                out,
            );
        }
    }
    any
}

fn push(
    file: usize,
    doc: usize,
    doc_path: Path,
    body: Node,
    default_namespace: &str,
    out: &mut Vec<Resource>,
) {
    let api_version = body.get_str("apiVersion").unwrap_or_default().to_string();
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    if NOT_OBJECTS.contains(&group) {
        return;
    }
    let kind = body.get_str("kind").unwrap_or_default().to_string();
    let meta = body.get("metadata");
    let name = meta
        .and_then(|m| m.get("name").or_else(|| m.get("generateName")))
        .and_then(Node::scalar_text)
        .unwrap_or_default();
    let namespace = if is_cluster_scoped(&kind) {
        String::new()
    } else {
        meta.and_then(|m| m.get("namespace"))
            .and_then(Node::scalar_text)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_namespace.to_string())
    };
    out.push(Resource {
        target: Target::Kubernetes,
        file,
        doc,
        doc_path,
        api_version,
        kind,
        name,
        namespace,
        body: Arc::new(body),
        terraform: None,
        cloudformation: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    #[test]
    fn lists_and_streams() {
        let s = parse_stream(
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: a}}\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3, namespace: x}\n---\nfoo: bar\n",
        );
        let mut out = Vec::new();
        assert!(load(0, s.documents, &mut out));
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].identity(), "Service/default/a");
        assert_eq!(out[0].doc_path.to_string(), "items[0]");
        assert_eq!(out[1].identity(), "StorageClass/gp3");
    }

    #[test]
    fn kustomize_patches_are_not_resources() {
        let s = parse_stream(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gen}\n$patch: delete\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: real}\n",
        );
        let mut out = Vec::new();
        load(0, s.documents, &mut out);
        let names: Vec<_> = out.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["real"]);
    }
}
