//! ## What it does
//! Flags a Deployment, StatefulSet, ReplicaSet or ReplicationController that
//! runs two or more replicas (or that an HPA may scale to two or more) but
//! does not spread its pods across availability zones: no
//! `topologySpreadConstraints` entry and no pod anti-affinity term on
//! `topology.kubernetes.io/zone` whose `labelSelector` selects the
//! workload's own pods.
//!
//! ## Why is this bad?
//! The scheduler is free to put every replica in the same zone. Replicas
//! then protect against the loss of a pod or a node, not of a zone: one
//! zone outage takes every replica down together.

use crate::model::{Path, Resource, Target};
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::{Entry, Node};

use super::{pod_template, selector, ReplicaRange, REPLICATED};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S002",
        name: "missing-zone-spread",
        title: "Replicated workload does not spread its pods across zones",
        severity: Severity::Medium,
        categories: &["multi-az"],
        rationale: "Replicas only survive a zone outage when they run in different zones, and nothing in a plain Deployment asks for that. The scheduler's built-in default spreading is soft (`ScheduleAnyway`, and a zone skew of up to 5), so with 2 or 3 replicas it routinely places all of them in one zone, especially after a rollout or a node scale-up in a single zone; the loss of that zone then takes every replica down at once. A spread counts when a `topologySpreadConstraints` entry, or a pod anti-affinity term (required, or preferred under `podAffinityTerm`), uses the topology key `topology.kubernetes.io/zone` (or the deprecated `failure-domain.beta.kubernetes.io/zone`) and its `labelSelector` selects the workload's own pod labels: a constraint whose selector misses the pods, or that has no selector (which matches no pod), counts nothing and spreads nothing. Spreading on `kubernetes.io/hostname` only keeps replicas on different nodes, which may all be in one zone. A pod template confined to a single zone, by a `nodeSelector` on the zone label or by required node affinity whose every term allows only that zone, is flagged as well: no spread constraint can place its replicas anywhere else. Workloads with fewer than two replicas are left to `insufficient-replicas`; when an HPA targets the workload, its `maxReplicas` decides whether the workload can run two or more.",
        remediation: "Add a zone spread constraint to the pod template whose `labelSelector` matches the template's labels:\n\n```yaml\nspec:\n  template:\n    metadata:\n      labels: {app: checkout}\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: ScheduleAnyway   # or DoNotSchedule for a hard guarantee\n          labelSelector:\n            matchLabels: {app: checkout}\n```\n\nA `preferredDuringSchedulingIgnoredDuringExecution` pod anti-affinity term on the same topology key is an alternative.",
        compliance: &[
            Control { framework: "SOC2", control: "A1.2" },
            Control { framework: "ISO27001", control: "A.8.14" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"],
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: checkout}}\n    spec:\n      containers: [{name: app, image: \"registry.example.com/checkout:2.3.1\"}]\n",
    },
    check,
};

/// Topology keys that name a zone.
const ZONE_KEYS: &[&str] = &[
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
];

const HOSTNAME_KEY: &str = "kubernetes.io/hostname";

/// A spread constraint or anti-affinity term of the pod spec.
struct Term<'a> {
    /// Where it stands (the constraint, or the `podAffinityTerm`).
    path: Path,
    /// `topologySpreadConstraints[0]`, for messages.
    what: String,
    node: &'a Node,
}

impl Term<'_> {
    fn topology_key(&self) -> Option<String> {
        self.node.get("topologyKey").and_then(Node::scalar_text)
    }

    /// Whether the term counts the workload's own pods: its `labelSelector`
    /// selects them (a missing or null selector matches no pod), and, for an
    /// anti-affinity term, its namespaces include the workload's.
    fn selects(&self, labels: &[Entry], namespace: &str) -> bool {
        let Some(sel) = self.node.get("labelSelector").filter(|s| !s.is_null()) else {
            return false;
        };
        selector::matches(sel, labels) && covers_namespace(self.node, namespace)
    }
}

/// Whether an affinity term applies to pods of `namespace`. With neither
/// `namespaces` nor `namespaceSelector` it applies to the pod's own
/// namespace; a `namespaceSelector` (which plumb cannot evaluate without the
/// Namespace objects) is taken to include it. Spread constraints have
/// neither field and always apply to their own namespace.
fn covers_namespace(term: &Node, namespace: &str) -> bool {
    if term.get("namespaceSelector").is_some_and(|s| !s.is_null()) {
        return true;
    }
    let listed: Vec<String> = term
        .get("namespaces")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::scalar_text)
        .collect();
    listed.is_empty() || listed.iter().any(|n| n == namespace)
}

/// Every spread constraint and pod anti-affinity term, in source order.
fn terms<'a>(spec: &'a Node, at: &Path) -> Vec<Term<'a>> {
    let mut out = Vec::new();
    let tsc = spec.get("topologySpreadConstraints");
    for (i, c) in tsc.map(Node::items).unwrap_or(&[]).iter().enumerate() {
        out.push(Term {
            path: at.key("topologySpreadConstraints").idx(i),
            what: format!("topologySpreadConstraints[{i}]"),
            node: c,
        });
    }
    let anti = spec.get_in(&["affinity", "podAntiAffinity"]);
    let anti_path = at.keys(&["affinity", "podAntiAffinity"]);
    let required = "requiredDuringSchedulingIgnoredDuringExecution";
    for (i, t) in anti
        .and_then(|a| a.get(required))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        out.push(Term {
            path: anti_path.key(required).idx(i),
            what: format!("required pod anti-affinity term {i}"),
            node: t,
        });
    }
    let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    for (i, w) in anti
        .and_then(|a| a.get(preferred))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(t) = w.get("podAffinityTerm") {
            out.push(Term {
                path: anti_path.key(preferred).idx(i).key("podAffinityTerm"),
                what: format!("preferred pod anti-affinity term {i}"),
                node: t,
            });
        }
    }
    out
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    if !REPLICATED.contains(&res.kind.as_str()) {
        return;
    }
    let Some(pods) = pod_template(res) else {
        return;
    };
    let Some(range) = ReplicaRange::of(res, cx).filter(ReplicaRange::is_multi) else {
        return;
    };
    let count = range.describe();
    if let Some((at, zone, how)) = pinned_zone(pods.spec, &pods.path) {
        out.report(
            at,
            format!(
                "{} {} runs {count} replicas but its {how} pins every pod to the one zone \"{zone}\", so a zone outage takes all of them down whatever the spread; allow at least two zones",
                res.kind, res.name
            ),
        );
        return;
    }
    let terms = terms(pods.spec, &pods.path);
    let on_zone = |t: &&Term| {
        t.topology_key()
            .is_some_and(|k| ZONE_KEYS.contains(&k.as_str()))
    };
    if terms
        .iter()
        .filter(on_zone)
        .any(|t| t.selects(pods.labels, &res.namespace))
    {
        return;
    }
    if let Some(t) = terms.iter().find(on_zone) {
        let (at, why, fix) = if t.node.get("labelSelector").is_none_or(Node::is_null) {
            (
                t.path.key("labelSelector"),
                "has no labelSelector, which matches no pod".to_string(),
                "add a labelSelector matching the pod template's labels",
            )
        } else if !covers_namespace(t.node, &res.namespace) {
            (
                t.path.key("namespaces"),
                format!(
                    "lists namespaces that do not include its own (\"{}\")",
                    res.namespace
                ),
                "add the workload's namespace to namespaces",
            )
        } else {
            (
                t.path.key("labelSelector"),
                format!(
                    "has a labelSelector that does not select its pods ({})",
                    selector::describe(pods.labels)
                ),
                "make the labelSelector match the pod template's labels",
            )
        };
        out.report(
            at,
            format!(
                "{} {} runs {count} replicas but its {} on {} {why}, so it spreads nothing; {fix}",
                res.kind,
                res.name,
                t.what,
                t.topology_key().unwrap_or_default()
            ),
        );
        return;
    }
    let host_only = terms
        .iter()
        .any(|t| t.topology_key().as_deref() == Some(HOSTNAME_KEY));
    let message = if host_only {
        format!(
            "{} {} runs {count} replicas spread only across nodes ({HOSTNAME_KEY}), not zones, so all of them may share one zone; add a topologySpreadConstraint on topology.kubernetes.io/zone",
            res.kind, res.name
        )
    } else {
        format!(
            "{} {} runs {count} replicas with no topologySpreadConstraints or pod anti-affinity on topology.kubernetes.io/zone, so all of them may share one zone; add a topologySpreadConstraint on topology.kubernetes.io/zone",
            res.kind, res.name
        )
    };
    out.report(pods.path.key("topologySpreadConstraints"), message);
}

/// The single zone a pod spec is confined to, by `nodeSelector` or by
/// required node affinity (every `nodeSelectorTerms` entry, which are ORed,
/// allowing only that zone), with the path of the value and how.
fn pinned_zone(spec: &Node, at: &Path) -> Option<(Path, String, &'static str)> {
    if let Some(sel) = spec.get("nodeSelector") {
        for key in ZONE_KEYS {
            if let Some(zone) = sel.get(key).and_then(Node::scalar_text) {
                return Some((at.keys(&["nodeSelector", key]), zone, "nodeSelector"));
            }
        }
    }
    let terms_at = at.keys(&[
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    ]);
    let terms = spec
        .get_in(&[
            "affinity",
            "nodeAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
            "nodeSelectorTerms",
        ])
        .map(Node::items)
        .filter(|t| !t.is_empty())?;
    let mut pinned: Option<(Path, String)> = None;
    for (i, term) in terms.iter().enumerate() {
        // One zone for this term: an `In` on a zone key with one value.
        let one = term
            .get("matchExpressions")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .find_map(|(j, e)| {
                let key = e.get("key").and_then(Node::scalar_text)?;
                let op = e.get("operator").and_then(Node::scalar_text)?;
                let values = e.get("values").map(Node::items)?;
                (ZONE_KEYS.contains(&key.as_str()) && op == "In" && values.len() == 1)
                    .then(|| values[0].scalar_text())
                    .flatten()
                    .map(|z| {
                        let p = terms_at
                            .idx(i)
                            .key("matchExpressions")
                            .idx(j)
                            .key("values")
                            .idx(0);
                        (p, z)
                    })
            })?;
        match &pinned {
            None => pinned = Some(one),
            Some((_, z)) if *z == one.1 => {}
            Some(_) => return None,
        }
    }
    pinned.map(|(p, z)| (p, z, "required node affinity"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn node(t: &str) -> Node {
        parse_stream(t).documents.remove(0).root
    }

    #[test]
    fn anti_affinity_namespaces() {
        assert!(covers_namespace(&node("topologyKey: x"), "shop"));
        assert!(covers_namespace(&node("namespaces: [shop, ops]"), "shop"));
        assert!(!covers_namespace(&node("namespaces: [ops]"), "shop"));
        assert!(covers_namespace(
            &node("namespaces: [ops]\nnamespaceSelector: {}"),
            "shop"
        ));
    }

    #[test]
    fn collects_required_and_preferred_terms() {
        let spec = node(
            "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 100\n      podAffinityTerm: {topologyKey: topology.kubernetes.io/zone}\n",
        );
        let t = terms(&spec, &Path::root());
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].topology_key().as_deref(), Some(HOSTNAME_KEY));
        assert_eq!(
            t[1].path.to_string(),
            "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm"
        );
    }
}
