//! Kubernetes label selectors: `matchLabels` and `matchExpressions`.

use crate::source::yaml::{Entry, Node};

fn label(labels: &[Entry], key: &str) -> Option<String> {
    labels
        .iter()
        .rev()
        .find(|e| e.key == key)
        .and_then(|e| e.value.scalar_text())
}

fn values(expr: &Node) -> Vec<String> {
    expr.get("values")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::scalar_text)
        .collect()
}

/// Whether a `LabelSelector` selects an object with `labels`. An empty
/// selector selects everything; an operator plumb does not know selects
/// nothing (as the API server would reject it).
pub fn matches(selector: &Node, labels: &[Entry]) -> bool {
    for e in selector
        .get("matchLabels")
        .map(Node::entries)
        .unwrap_or(&[])
    {
        if label(labels, &e.key) != e.value.scalar_text() {
            return false;
        }
    }
    for expr in selector
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[])
    {
        let Some(key) = expr.get("key").and_then(Node::scalar_text) else {
            return false;
        };
        let have = label(labels, &key);
        let ok = match expr.get_str("operator") {
            Some("In") => have.is_some_and(|v| values(expr).contains(&v)),
            Some("NotIn") => have.is_none_or(|v| !values(expr).contains(&v)),
            Some("Exists") => have.is_some(),
            Some("DoesNotExist") => have.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Whether a selector has no requirement at all (`{}`), so selects everything.
pub fn is_empty(selector: &Node) -> bool {
    selector
        .get("matchLabels")
        .is_none_or(|m| m.entries().is_empty())
        && selector
            .get("matchExpressions")
            .is_none_or(|m| m.items().is_empty())
}

/// Labels for messages: `app=cart, tier=web`, or `no labels`.
pub fn describe(labels: &[Entry]) -> String {
    if labels.is_empty() {
        return "no labels".to_string();
    }
    labels
        .iter()
        .map(|e| format!("{}={}", e.key, e.value.scalar_text().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn node(t: &str) -> Node {
        parse_stream(t).documents.remove(0).root
    }

    #[test]
    fn selector_semantics() {
        let labels = node("app: web\ntier: front\n");
        let l = labels.entries();
        assert!(matches(&node("{}"), l));
        assert!(matches(&node("matchLabels: {app: web}"), l));
        assert!(!matches(&node("matchLabels: {app: api}"), l));
        assert!(matches(
            &node("matchExpressions: [{key: tier, operator: In, values: [front, back]}]"),
            l
        ));
        assert!(!matches(
            &node("matchExpressions: [{key: tier, operator: NotIn, values: [front]}]"),
            l
        ));
        assert!(matches(
            &node("matchExpressions: [{key: env, operator: DoesNotExist}]"),
            l
        ));
        assert!(!matches(
            &node("matchExpressions: [{key: env, operator: Exists}]"),
            l
        ));
        assert!(!matches(
            &node("matchLabels: {app: web}\nmatchExpressions: [{key: env, operator: Exists}]"),
            l
        ));
        assert!(!matches(
            &node("matchExpressions: [{key: app, operator: Bogus}]"),
            l
        ));
    }
}
