//! ## What it does
//! Flags containers and init containers without a CPU limit, unless a
//! LimitRange of the namespace gives containers a default one. Silent when
//! `params.require_cpu_limits` is false.
//!
//! ## Why is this bad?
//! A container without a CPU limit can use every idle core of its node, so
//! its performance depends on its neighbours and a runaway loop slows them.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::resources::{report_missing, Side};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S009",
        name: "missing-cpu-limit",
        title: "Container has no CPU limit",
        severity: Severity::Low,
        categories: &["resource-limits"],
        rationale: "Without a CPU limit a container may burst onto every idle core of its node. Its latency then depends on what its neighbours happen to be doing, load tests overstate what it gets in production, and a busy loop eats the spare CPU that other pods, the kubelet and system daemons burst into. CPU is compressible and the requests of the neighbours still guarantee their share, so the risk is lower than for memory; a limit also throttles when the node is idle, and teams that rely on requests alone turn this rule off with `params.require_cpu_limits: false`. A LimitRange of the namespace whose `type: Container` item has a `default` (or `max`) CPU gives every container a limit and is not flagged; neither is a pod-level `spec.resources.limits.cpu` (Kubernetes 1.32+).",
        remediation: "Set a CPU limit on every container, with room above its request for bursts:\n\n```yaml\ncontainers:\n  - name: web\n    resources:\n      requests:\n        cpu: 250m\n      limits:\n        cpu: \"1\"\n```\n\nOr give the namespace a LimitRange with `default.cpu` for `type: Container`, or set `params.require_cpu_limits: false` in `plumb.yaml` when you run without CPU limits on purpose.",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n            limits: {memory: 256Mi}\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    if !cx.params.require_cpu_limits {
        return;
    }
    report_missing(
        res,
        cx,
        out,
        Side::Limit,
        "cpu",
        "CPU limit",
        "to cap how much of the node it can take (or set params.require_cpu_limits: false)",
    );
}
