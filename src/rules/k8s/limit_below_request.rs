//! ## What it does
//! Flags a container or init container whose CPU or memory limit is below
//! its request for the same resource.
//!
//! ## Why is this bad?
//! The API server rejects such a pod (`must be less than or equal to
//! cpu limit`), so the manifest fails at deploy time; for a Deployment the
//! failure hides in the ReplicaSet's events while the rollout hangs.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};

use super::quantity::Quantity;
use super::resources::{value, Side};
use super::{containers, pod_template};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S010",
        name: "limit-below-request",
        title: "Container limit is below its request",
        severity: Severity::High,
        categories: &["resource-limits"],
        rationale: "A request is what a container is guaranteed and a limit what it may never exceed, so a limit below the request is a contradiction, usually a unit slip (`512M` against `1Gi`, `0.5` against `500m` read as 500 cores) or a copy-paste between environments. The API server rejects the pod with `Invalid value: ...: must be less than or equal to memory limit`. For a bare Pod `kubectl apply` fails; for a Deployment, StatefulSet or Job the controller's pod creation fails instead, the error surfaces only in the events of the ReplicaSet or controller, and the rollout stalls with the old pods still running, or, for a new workload, with none. Quantities are compared by value, with their units (`500m` = `0.5`, `1Gi` = `1024Mi`, `1G` < `1Gi`); a value that is not a valid quantity is not compared.",
        remediation: "Raise the limit to at least the request (or lower the request), in the same units to avoid slips:\n\n```yaml\nresources:\n  requests:\n    cpu: 500m\n    memory: 512Mi\n  limits:\n    cpu: \"1\"\n    memory: 512Mi\n```",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 500m, memory: 1Gi}\n            limits: {cpu: 250m, memory: 512Mi}\n",
    },
    check,
};

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    let Some(pod) = pod_template(res) else {
        return;
    };
    for c in containers(&pod) {
        for name in ["cpu", "memory"] {
            let (Some(req), Some(lim)) = (
                value(c.node, Side::Request, name),
                value(c.node, Side::Limit, name),
            ) else {
                continue;
            };
            let (Some(rq), Some(lq)) = (Quantity::from_node(req), Quantity::from_node(lim)) else {
                continue;
            };
            if lq < rq {
                out.report(
                    c.path.keys(&["resources", "limits", name]),
                    format!(
                        "{} of {} {} has a {name} limit of {} below its request of {}; the API server rejects the pod: raise the limit to at least the request",
                        c.describe(),
                        res.kind,
                        res.name,
                        lim.scalar_text().unwrap_or_default(),
                        req.scalar_text().unwrap_or_default(),
                    ),
                );
            }
        }
    }
}
