//! `helm template`'s output: each rendered template split into documents at
//! `---` lines (Helm's regular expression `(?:^|\s*\n)---\s*`, so `---foo`
//! also splits), documents trimmed, empty ones dropped; documents with a
//! `helm.sh/hook` annotation are hooks (unknown hook names are dropped, as Helm
//! does) printed after the others; both sorted stably by kind in Helm's install
//! order (unknown kinds last, alphabetically), templates taken in path order;
//! `--include-crds` puts the CRD files first.

use super::{RenderError, RenderErrorKind, RenderOutput};
use crate::value::Value;

/// Helm's `InstallOrder`.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// One output document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The template's name as printed after `# Source:`.
    pub source: String,
    /// The document's text (trimmed, as Helm prints it).
    pub content: String,
    /// Its `kind` ("" when absent).
    pub kind: String,
    /// Whether it is a Helm hook (printed after the other documents).
    pub hook: bool,
    /// The index of its template in [`RenderOutput::templates`].
    pub template: usize,
    /// Byte offset of `content` in that template's rendered text.
    pub offset: usize,
}

fn is_go_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Splits at Helm's separator; returns each piece's (start, end) byte range in
/// `text`, pieces that are empty left out.
pub fn split_manifests(text: &str) -> Vec<(usize, usize)> {
    // strings.TrimSpace first.
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len().max(start);
    let b = text.as_bytes();
    let mut pieces = Vec::new();
    let mut piece_start = start;
    let mut i = start;
    while i < end {
        // A match starts here if: at the (trimmed) start with `---`, or a run of
        // whitespace ending in `\n` followed by `---`.
        let mut matched = None;
        if i == start && b[i..end].starts_with(b"---") {
            matched = Some(i + 3);
        } else if is_go_space(b[i]) {
            let mut j = i;
            while j < end && is_go_space(b[j]) {
                j += 1;
            }
            if b[j - 1] == b'\n' && b[j..end].starts_with(b"---") {
                matched = Some(j + 3);
            }
        }
        match matched {
            Some(after) => {
                let mut k = after;
                while k < end && is_go_space(b[k]) {
                    k += 1;
                }
                if i > piece_start || (i == piece_start && i != start) {
                    pieces.push((piece_start, i));
                } else if i == piece_start && i == start {
                    // Empty first piece (text starts with ---): Go yields "", dropped.
                }
                piece_start = k;
                i = k;
            }
            None => {
                // Skip a whole whitespace run that did not match (no match can
                // start inside it either, since a later start sees the same end).
                if is_go_space(b[i]) {
                    while i < end && is_go_space(b[i]) {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
        }
    }
    pieces.push((piece_start, end));
    pieces
        .into_iter()
        .filter(|(s, e)| e > s)
        .map(|(s, e)| {
            let piece = &text[s..e];
            let ts = s + (piece.len() - piece.trim_start().len());
            let te = s + piece.trim_end().len();
            (ts, te.max(ts))
        })
        .collect()
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

fn less_by_kind(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (kind_rank(a), kind_rank(b)) {
        (None, None) => a.cmp(b),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// The template line and column that wrote line `within` (1-based) of the
/// document starting at byte `start` of the template's output.
fn template_position(t: &super::RenderedTemplate, start: usize, within: u32) -> (u32, u32) {
    let text = &t.rendered.text;
    let mut offset = start;
    for _ in 1..within {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => break,
        }
    }
    match t.rendered.position_at(offset) {
        Some((pos, call)) => {
            let p = if *pos.template == *t.name {
                pos
            } else {
                call.unwrap_or(pos)
            };
            (p.line, p.col)
        }
        None => (0, 0),
    }
}

/// The documents in Helm's order (manifests then hooks), and the YAML errors.
pub fn sorted_documents(out: &RenderOutput) -> (Vec<Document>, Vec<RenderError>) {
    let mut order: Vec<usize> = (0..out.templates.len()).collect();
    order.sort_by(|a, b| out.templates[*a].name.cmp(&out.templates[*b].name));
    let mut generic = Vec::new();
    let mut hooks = Vec::new();
    let mut errors = Vec::new();
    for ti in order {
        let t = &out.templates[ti];
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if base.starts_with('_') || t.rendered.text.trim().is_empty() {
            continue;
        }
        for (s, e) in split_manifests(&t.rendered.text) {
            let content = &t.rendered.text[s..e];
            let head = match crate::funcs::yaml::parse_yaml(content) {
                Ok(v) => v,
                Err(err) => {
                    // The document's first line in the output, plus the line the
                    // YAML error names within the document.
                    let within = err
                        .split("line ")
                        .nth(1)
                        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                        .and_then(|n| n.parse::<u32>().ok())
                        .unwrap_or(1);
                    let (line, col) = template_position(t, s, within);
                    errors.push(RenderError {
                        file: t.name.clone(),
                        line,
                        col,
                        kind: RenderErrorKind::Yaml,
                        message: err,
                    });
                    continue;
                }
            };
            if !matches!(head, Value::Map(_) | Value::Nil) {
                let (line, col) = template_position(t, s, 1);
                errors.push(RenderError {
                    file: t.name.clone(),
                    line,
                    col,
                    kind: RenderErrorKind::Yaml,
                    message: "error unmarshaling JSON: the document is not a mapping".into(),
                });
                continue;
            }
            let get = |v: &Value, k: &str| -> Value {
                match v {
                    Value::Map(m) => m.borrow().get(k).cloned().unwrap_or(Value::Nil),
                    _ => Value::Nil,
                }
            };
            let kind = get(&head, "kind").as_str().unwrap_or("").to_string();
            let annotations = get(&get(&head, "metadata"), "annotations");
            let hook = match get(&annotations, "helm.sh/hook") {
                Value::Nil if !matches!(&annotations, Value::Map(m) if m.borrow().contains_key("helm.sh/hook")) => {
                    None
                }
                Value::Str(s) => Some(s.to_string()),
                _ => Some(String::new()),
            };
            let doc = Document {
                source: t.name.clone(),
                content: content.to_string(),
                kind,
                hook: hook.is_some(),
                template: ti,
                offset: s,
            };
            match hook {
                None => generic.push(doc),
                Some(types) => {
                    let known = types
                        .split(',')
                        .all(|h| HOOK_EVENTS.contains(&h.trim().to_ascii_lowercase().as_str()));
                    if known {
                        hooks.push(doc);
                    }
                }
            }
        }
    }
    generic.sort_by(|a, b| less_by_kind(&a.kind, &b.kind));
    hooks.sort_by(|a, b| less_by_kind(&a.kind, &b.kind));
    generic.extend(hooks);
    (generic, errors)
}

/// `helm template`'s text, and the YAML errors found on the way.
pub fn helm_template_text(out: &RenderOutput) -> (String, Vec<RenderError>) {
    let (docs, errors) = sorted_documents(out);
    let mut manifest = String::new();
    for (name, content) in &out.crds {
        manifest.push_str(&format!("---\n# Source: {name}\n{content}\n"));
    }
    let mut hooks = String::new();
    for d in &docs {
        let target = if d.hook { &mut hooks } else { &mut manifest };
        target.push_str(&format!("---\n# Source: {}\n{}\n", d.source, d.content));
    }
    let mut text = manifest.trim().to_string();
    text.push('\n');
    text.push_str(&hooks);
    (text, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_manifests(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn splits_as_helm() {
        // Expected pieces from helm v4.1.4 on the same text.
        let text = "a: 1\n---foo: 2\n---\n   \n---\nb: 3\n  ---\nc: 4\n--- # x\nd: 5\n";
        assert_eq!(
            split(text),
            vec!["a: 1", "foo: 2", "---\nb: 3\n  ---\nc: 4", "# x\nd: 5"]
        );
        assert_eq!(
            split("---\na: 1\n---\n---\nb: 2\n"),
            vec!["a: 1", "---\nb: 2"]
        );
        assert_eq!(split("\n\n  \n"), Vec::<&str>::new());
        assert_eq!(split("x: 1"), vec!["x: 1"]);
    }

    #[test]
    fn kind_order() {
        let mut kinds = vec!["Zeta", "Deployment", "Alpha", "Service", "Namespace"];
        kinds.sort_by(|a, b| less_by_kind(a, b));
        assert_eq!(
            kinds,
            vec!["Namespace", "Service", "Deployment", "Alpha", "Zeta"]
        );
    }
}
