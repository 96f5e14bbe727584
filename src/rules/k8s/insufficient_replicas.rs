//! ## What it does
//! Flags Deployments, StatefulSets, ReplicaSets and ReplicationControllers
//! that run fewer than `min_replicas` pods. When a HorizontalPodAutoscaler
//! targets the workload, its `minReplicas` is what counts.
//!
//! ## Why is this bad?
//! One pod lives in one availability zone. When that zone, its node or the
//! pod goes away, the service is down until a replacement is scheduled and
//! ready.

use crate::model::Resource;
use crate::model::Target;
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};

use super::{hpa_for, min_replicas};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S001",
        name: "insufficient-replicas",
        title: "Workload runs fewer replicas than the availability minimum",
        severity: Severity::High,
        categories: &["multi-az"],
        rationale: "A single replica lives in a single availability zone: losing that zone, its node, or the pod during a rollout takes the service down until a replacement is scheduled and ready. The minimum comes from `params.min_replicas` (default 2; 3 for three-zone designs). A HorizontalPodAutoscaler targeting the workload owns the count, so its `minReplicas` is what is checked. Workloads scaled to 0 on purpose, DaemonSets, Jobs, CronJobs and bare Pods are not flagged.",
        remediation: "Set `spec.replicas` to at least `min_replicas`, or, when an HPA manages the workload, set its `spec.minReplicas` to at least that.",
        compliance: &[
            Control { framework: "SOC2", control: "A1.2" },
            Control { framework: "ISO27001", control: "A.8.14" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"],
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout}\nspec:\n  replicas: 1\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let Some(n) = min_replicas(res, cx) else {
        return;
    };
    let want = i64::from(cx.params.min_replicas);
    if n == 0 || n >= want {
        return;
    }
    let has_replicas = res.body.get_in(&["spec", "replicas"]).is_some();
    match hpa_for(res, cx) {
        Some(hpa) => out.report(
            if has_replicas { path!["spec", "replicas"] } else { path!["spec"] },
            format!(
                "{} {} is scaled by HorizontalPodAutoscaler \"{}\" with minReplicas {n}, below the minimum of {want}; raise the HPA's minReplicas",
                res.kind,
                res.name,
                hpa.name
            ),
        ),
        None => {
            let what = if has_replicas {
                format!("replicas is {n}")
            } else {
                "replicas is not set (defaults to 1)".to_string()
            };
            out.report(
                if has_replicas { path!["spec", "replicas"] } else { path!["spec"] },
                format!("{} {} {what}, below the minimum of {want} for surviving a zone loss", res.kind, res.name),
            )
        }
    }
}
