//! ## What it does
//! Flags long-running containers without a `readinessProbe`: the containers
//! and native sidecars of Deployments, StatefulSets, ReplicaSets,
//! ReplicationControllers and restarting Pods.
//!
//! ## Why is this bad?
//! Without one, a pod counts as ready the moment its containers start, so
//! Services send it traffic before it can serve and rollouts replace
//! working pods with ones that are still warming up or broken.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::probes::report_missing;

/// The kinds whose pods typically serve traffic through a Service. A
/// DaemonSet's pods are mostly node agents that serve none, so they are
/// left out.
const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
];

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S021",
        name: "missing-readiness-probe",
        title: "Long-running container has no readiness probe",
        severity: Severity::Medium,
        categories: &["probes"],
        rationale: "Without a readiness probe a container is ready as soon as its process starts. Services then route requests to pods that are still loading configuration, warming caches or opening connections, which fail; a rolling update counts the new pods available at once and removes the old ones, so a release that cannot serve replaces one that could; and a pod that loses its database stays in the endpoints. The rule applies to the containers and native sidecars (init containers with `restartPolicy: Always`) of Deployments, StatefulSets, ReplicaSets, ReplicationControllers and bare Pods whose `restartPolicy` is `Always` (the default). DaemonSets (mostly node agents behind no Service), ordinary init containers, Jobs and CronJobs are not flagged.",
        remediation: "Add a readiness probe that succeeds only when the container can serve requests:\n\n```yaml\ncontainers:\n  - name: web\n    readinessProbe:\n      httpGet:\n        path: /readyz\n        port: 8080\n      periodSeconds: 5\n      failureThreshold: 3\n```",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: KINDS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          livenessProbe:\n            httpGet: {path: /healthz, port: 80}\n",
    },
    check,
};

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    report_missing(
        res,
        KINDS,
        out,
        "readinessProbe",
        "Services send it traffic before it can serve: add a readinessProbe",
    );
}
