//! ## What it does
//! Flags long-running containers without a `livenessProbe`: the containers
//! and native sidecars of Deployments, StatefulSets, DaemonSets,
//! ReplicaSets, ReplicationControllers and restarting Pods.
//!
//! ## Why is this bad?
//! The kubelet restarts a container whose process exits, not one that hangs.
//! A deadlocked server keeps its pod Running while serving nothing, until a
//! human notices.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::probes::report_missing;

/// The kinds whose pods run indefinitely.
const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
];

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S020",
        name: "missing-liveness-probe",
        title: "Long-running container has no liveness probe",
        severity: Severity::Low,
        categories: &["probes"],
        rationale: "Without a liveness probe the kubelet restarts a container only when its main process exits. A process that deadlocks, exhausts a thread pool or wedges on a lost connection keeps running: the pod stays Running, and without a readiness probe even Ready, while every request to it fails, until someone restarts it by hand. The rule applies to containers that run for the pod's lifetime: the containers and native sidecars (init containers with `restartPolicy: Always`) of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and bare Pods whose `restartPolicy` is `Always` (the default). Ordinary init containers and the pods of Jobs and CronJobs run to completion and are not flagged.",
        remediation: "Add a liveness probe that fails only when the process cannot recover by itself (a cheap endpoint that does not check dependencies), with a threshold generous enough not to restart a container that is merely busy:\n\n```yaml\ncontainers:\n  - name: web\n    livenessProbe:\n      httpGet:\n        path: /livez\n        port: 8080\n      periodSeconds: 10\n      failureThreshold: 3\n```\n\nFor slow starters add a `startupProbe` rather than a long `initialDelaySeconds`.",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: KINDS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          readinessProbe:\n            httpGet: {path: /healthz, port: 80}\n",
    },
    check,
};

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    report_missing(
        res,
        KINDS,
        out,
        "livenessProbe",
        "a hung process is never restarted: add a livenessProbe",
    );
}
