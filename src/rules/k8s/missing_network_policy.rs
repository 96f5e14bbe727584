//! ## What it does
//! Flags a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
//! ReplicationController, Job, CronJob or bare Pod) whose pods no
//! `networking.k8s.io` NetworkPolicy in the same namespace selects. Pods on
//! the host network are skipped: NetworkPolicy does not apply to them.
//!
//! ## Why is this bad?
//! A pod no NetworkPolicy selects is non-isolated: it accepts connections
//! from every pod in the cluster and can reach anything, so one compromised
//! pod can talk to it directly.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::{Entry, Node};

use super::{pod_template, selector};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S005",
        name: "missing-network-policy",
        title: "Workload's pods are not selected by any NetworkPolicy",
        severity: Severity::Medium,
        categories: &["network-policy"],
        rationale: "Kubernetes networking is allow-all by default: until a NetworkPolicy selects a pod, every pod in the cluster, in any namespace, can open connections to it and it can reach every other pod, the cloud metadata endpoint and the internet. One compromised or misbehaving workload can then reach databases, admin ports and internal APIs that were never meant to be exposed. A workload counts as covered when a `networking.k8s.io` NetworkPolicy in its namespace selects its pod template's labels (`podSelector: {}`, or a missing one, selects every pod of the namespace; `matchLabels` and `matchExpressions` as in any label selector). Any selecting policy counts, whatever its `policyTypes`: a policy isolates the pods it selects for the directions it lists, and an empty or missing `policyTypes` defaults to `Ingress` (plus `Egress` when the policy has egress rules), so every selecting policy isolates the pod in at least one direction; which directions a default-deny should cover is left to review. Pods with `hostNetwork: true` are skipped, because NetworkPolicy does not apply to host-network pods. Policies of CNI-specific kinds (Calico `projectcalico.org` NetworkPolicy, CiliumNetworkPolicy) are not evaluated: where those isolate pods, ignore this rule.",
        remediation: "Give each namespace a default-deny policy, then allow the traffic each workload needs:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: checkout-from-gateway, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: checkout}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: gateway}\n      ports:\n        - {protocol: TCP, port: 8080}\n```",
        compliance: &[
            Control { framework: "CIS-Kubernetes", control: "5.3.2" },
            Control { framework: "SOC2", control: "CC6.6" },
            Control { framework: "PCI-DSS", control: "1.3" },
        ],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout, namespace: shop}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: checkout}}\n    spec:\n      containers: [{name: app, image: \"registry.example.com/checkout:2.3.1\"}]\n# and no NetworkPolicy in namespace shop selects app=checkout\n",
    },
    check,
};

/// Whether a NetworkPolicy selects pods with these labels. Only the
/// Kubernetes API's own kind counts (Calico's `projectcalico.org` kind is
/// also called NetworkPolicy, with a different selector syntax). A missing
/// or null `podSelector` decodes to the empty selector, which selects every
/// pod of the namespace.
pub(crate) fn policy_selects(policy: &Resource, labels: &[Entry]) -> bool {
    if policy.api_group() != "networking.k8s.io" {
        return false;
    }
    match policy
        .body
        .get_in(&["spec", "podSelector"])
        .filter(|s| !s.is_null())
    {
        Some(sel) => selector::matches(sel, labels),
        None => true,
    }
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let Some(pods) = pod_template(res) else {
        return;
    };
    if pods.spec.get("hostNetwork").and_then(Node::as_bool) == Some(true) {
        return;
    }
    if cx
        .index
        .in_namespace(&res.namespace, "NetworkPolicy")
        .any(|p| policy_selects(p, pods.labels))
    {
        return;
    }
    out.report(
        path![],
        format!(
            "{} {}: no NetworkPolicy in namespace \"{}\" selects {} ({}), so any pod in the cluster can connect to {}; add a default-deny NetworkPolicy and allow only the traffic it needs",
            res.kind,
            res.name,
            res.namespace,
            if res.kind == "Pod" { "the pod" } else { "its pods" },
            selector::describe(pods.labels),
            if res.kind == "Pod" { "it" } else { "them" },
        ),
    );
}
