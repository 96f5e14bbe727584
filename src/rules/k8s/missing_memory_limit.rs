//! ## What it does
//! Flags containers and init containers without a memory limit, unless a
//! LimitRange of the namespace gives containers a default one.
//!
//! ## Why is this bad?
//! Memory cannot be throttled, only reclaimed by killing. A container with
//! no limit that leaks or spikes takes the node's memory, and the kernel and
//! the kubelet kill or evict other pods to get it back.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::resources::{report_missing, Side};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S008",
        name: "missing-memory-limit",
        title: "Container has no memory limit",
        severity: Severity::High,
        categories: &["resource-limits"],
        rationale: "Memory is not compressible: a container cannot be slowed down to use less of it, only killed. Without a limit, one container that leaks, caches without bound or spikes on a large request grows until the node runs out; the kernel OOM killer then picks processes across the node and the kubelet evicts neighbouring pods, so one faulty service takes others down with it. With a limit, only the faulty container is OOM-killed and restarted. A LimitRange of the namespace whose `type: Container` item has a `default` (or `max`) memory gives every container a limit and is not flagged; neither is a pod-level `spec.resources.limits.memory` (Kubernetes 1.32+).",
        remediation: "Set a memory limit on every container; setting it equal to the request avoids overcommitting the node:\n\n```yaml\ncontainers:\n  - name: web\n    resources:\n      requests:\n        memory: 256Mi\n      limits:\n        memory: 256Mi\n```\n\nOr give the namespace a LimitRange with `default.memory` for `type: Container`.",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    report_missing(
        res,
        cx,
        out,
        Side::Limit,
        "memory",
        "memory limit",
        "so a leak or spike OOM-kills this container instead of its neighbours on the node",
    );
}
