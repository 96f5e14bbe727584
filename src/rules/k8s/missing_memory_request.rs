//! ## What it does
//! Flags containers and init containers that end up without a memory
//! request: none written, no memory limit for Kubernetes to default it from,
//! and no LimitRange default in the namespace.
//!
//! ## Why is this bad?
//! A container that reserves no memory is scheduled onto nodes without room
//! for it, and is among the first the kubelet evicts under memory pressure.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::resources::{report_missing, Side};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S007",
        name: "missing-memory-request",
        title: "Container has no memory request",
        severity: Severity::Medium,
        categories: &["resource-limits"],
        rationale: "The scheduler places pods by their requests. A container without a memory request counts as needing no memory, so it is packed onto nodes that cannot hold its working set; when the node runs short, the kubelet evicts pods whose usage exceeds their requests first, so this one goes before its well-declared neighbours, and the kernel OOM killer prefers it too. Kubernetes defaults a missing request to the container's limit, and a LimitRange of the namespace with a `type: Container` default fills it too; neither case is flagged. Pod-level `spec.resources` (Kubernetes 1.32+) also counts.",
        remediation: "Set a memory request on every container, at its steady working set:\n\n```yaml\ncontainers:\n  - name: web\n    resources:\n      requests:\n        cpu: 250m\n        memory: 256Mi\n      limits:\n        memory: 256Mi\n```\n\nOr give the namespace a LimitRange with `defaultRequest.memory` for `type: Container`.",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 250m}\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    report_missing(
        res,
        cx,
        out,
        Side::Request,
        "memory",
        "memory request",
        "so the scheduler reserves memory for it and it is not evicted first under memory pressure",
    );
}
