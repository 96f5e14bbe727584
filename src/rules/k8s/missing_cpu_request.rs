//! ## What it does
//! Flags containers and init containers that end up without a CPU request:
//! none written, no CPU limit for Kubernetes to default it from, and no
//! LimitRange default in the namespace.
//!
//! ## Why is this bad?
//! The scheduler places pods by their requests. A container without a CPU
//! request reserves nothing, so nodes are overcommitted and it is the first
//! to be starved when a neighbour gets busy.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::resources::{report_missing, Side};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S006",
        name: "missing-cpu-request",
        title: "Container has no CPU request",
        severity: Severity::Medium,
        categories: &["resource-limits"],
        rationale: "The scheduler places pods by their requests, not by what they use. A container without a CPU request counts as needing nothing: the scheduler packs it onto nodes that are already busy, the pod lands in the BestEffort or Burstable QoS class, and under contention it gets the smallest share of CPU (cgroup weight 2) while its latency climbs. The HorizontalPodAutoscaler cannot compute CPU utilization for it either. Kubernetes defaults a missing request to the container's limit, and a LimitRange of the namespace with a `type: Container` default fills it too; neither case is flagged. Pod-level `spec.resources` (Kubernetes 1.32+) also counts.",
        remediation: "Set a CPU request on every container, sized from observed usage (for example the 90th percentile):\n\n```yaml\ncontainers:\n  - name: web\n    resources:\n      requests:\n        cpu: 250m\n        memory: 256Mi\n```\n\nOr give the namespace a LimitRange with `defaultRequest.cpu` for `type: Container`.",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {memory: 256Mi}\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    report_missing(
        res,
        cx,
        out,
        Side::Request,
        "cpu",
        "CPU request",
        "so the scheduler reserves CPU for it and it is not starved under contention",
    );
}
