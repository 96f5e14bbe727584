//! ## What it does
//! Flags a multi-replica workload whose pods no PodDisruptionBudget in its
//! namespace selects.
//!
//! ## Why is this bad?
//! Node drains (upgrades, autoscaler scale-down) evict pods without limit
//! when no PDB protects them: every replica can go at once.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};

use super::{pod_template, selector, ReplicaRange};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S003",
        name: "missing-pod-disruption-budget",
        title: "Multi-replica workload has no PodDisruptionBudget",
        severity: Severity::Medium,
        categories: &["pdb", "multi-az"],
        rationale: "Voluntary disruptions (node drains during cluster upgrades, the cluster autoscaler removing nodes, spot reclaims handled by a drain) evict pods with no limit unless a PodDisruptionBudget selects them, so every replica of a service can be evicted at the same moment. Replicas only buy availability when a PDB keeps some of them running.",
        remediation: "Add a `policy/v1` PodDisruptionBudget in the same namespace whose `spec.selector` matches the pod template's labels, with `maxUnavailable: 1` (or a `minAvailable` below the replica count).",
        compliance: &[Control { framework: "SOC2", control: "A1.2" }],
        targets: &[Target::Kubernetes],
        kinds: &["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"],
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: cart}}\n",
    },
    check,
};

/// Whether a PDB selects pods with these labels. In `policy/v1` an empty
/// selector selects every pod of the namespace and a missing one none; in
/// `policy/v1beta1` an empty selector selects none.
pub(crate) fn pdb_selects(pdb: &Resource, labels: &[crate::source::yaml::Entry]) -> bool {
    let Some(sel) = pdb
        .body
        .get_in(&["spec", "selector"])
        .filter(|s| !s.is_null())
    else {
        return false;
    };
    if selector::is_empty(sel) && pdb.api_version.ends_with("v1beta1") {
        return false;
    }
    selector::matches(sel, labels)
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let Some(pods) = pod_template(res) else {
        return;
    };
    let Some(range) = ReplicaRange::of(res, cx).filter(ReplicaRange::is_multi) else {
        return;
    };
    if cx
        .index
        .in_namespace(&res.namespace, "PodDisruptionBudget")
        .any(|pdb| pdb_selects(pdb, pods.labels))
    {
        return;
    }
    out.report(
        path![],
        format!(
            "{} {} runs {} replicas but no PodDisruptionBudget in namespace \"{}\" selects its pods; a node drain can evict all of them at once",
            res.kind,
            res.name,
            range.describe(),
            res.namespace
        ),
    );
}
