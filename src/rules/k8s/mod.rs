//! The native Kubernetes rule pack, one file per rule, and the helpers they
//! share.

pub mod selector;

pub mod quantity;

mod https_redirect_disabled;
mod ingress_without_tls;
mod insufficient_replicas;
mod istio_gateway_weak_tls;
mod limit_below_request;
mod load_balancer_weak_tls_policy;
mod missing_cpu_limit;
mod missing_cpu_request;
mod missing_liveness_probe;
mod missing_memory_limit;
mod missing_memory_request;
mod missing_network_policy;
mod missing_pod_disruption_budget;
mod missing_readiness_probe;
mod missing_zone_spread;
mod mutable_image_tag;
mod pdb_blocks_eviction;
mod privilege_escalation_allowed;
mod privileged_container;
mod probes;
mod resources;
mod storage_class_without_customer_managed_key;
mod storage_outside_allowed_regions;
pub mod tls_region;
mod unencrypted_ebs_storage_class;
mod weak_tls_protocols;
mod workload_outside_allowed_regions;

use crate::model::{Path, Resource};
use crate::rules::{Ctx, NativeRule};
use crate::source::yaml::Node;

/// Every native Kubernetes rule.
pub static RULES: &[&NativeRule] = &[
    &insufficient_replicas::RULE,
    &missing_zone_spread::RULE,
    &missing_pod_disruption_budget::RULE,
    &pdb_blocks_eviction::RULE,
    &missing_network_policy::RULE,
    &missing_cpu_request::RULE,
    &missing_memory_request::RULE,
    &missing_memory_limit::RULE,
    &missing_cpu_limit::RULE,
    &limit_below_request::RULE,
    &missing_liveness_probe::RULE,
    &missing_readiness_probe::RULE,
    &mutable_image_tag::RULE,
    &privileged_container::RULE,
    &privilege_escalation_allowed::RULE,
    &ingress_without_tls::RULE,
    &weak_tls_protocols::RULE,
    &https_redirect_disabled::RULE,
    &load_balancer_weak_tls_policy::RULE,
    &istio_gateway_weak_tls::RULE,
    &unencrypted_ebs_storage_class::RULE,
    &storage_class_without_customer_managed_key::RULE,
    &workload_outside_allowed_regions::RULE,
    &storage_outside_allowed_regions::RULE,
];

/// Kinds that own a pod template.
pub const WORKLOADS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Pod",
];

/// Kinds whose replica count is set by `spec.replicas` (and by an HPA).
pub const REPLICATED: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// The pod spec of a workload, where it stands, and its pod labels.
pub struct PodTemplate<'a> {
    /// Path of the pod spec (`spec.template.spec`).
    pub path: Path,
    pub spec: &'a Node,
    /// Labels of the pods it creates.
    pub labels: &'a [crate::source::yaml::Entry],
}

/// The pod template of a workload, if the resource is one.
pub fn pod_template(res: &Resource) -> Option<PodTemplate<'_>> {
    let prefix: &[&str] = match res.kind.as_str() {
        "Pod" => &[],
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => &["spec", "template"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template"],
        _ => return None,
    };
    let template = res.body.get_in(prefix)?;
    let spec = template.get("spec")?;
    let labels = template
        .get_in(&["metadata", "labels"])
        .map(Node::entries)
        .unwrap_or(&[]);
    Some(PodTemplate {
        path: Path::root().keys(prefix).key("spec"),
        spec,
        labels,
    })
}

/// A container of a pod spec.
pub struct Container<'a> {
    pub path: Path,
    pub node: &'a Node,
    pub name: String,
    pub init: bool,
}

impl Container<'_> {
    /// `container "web"` or `init container "migrate"`, for messages.
    pub fn describe(&self) -> String {
        if self.init {
            format!("init container \"{}\"", self.name)
        } else {
            format!("container \"{}\"", self.name)
        }
    }

    /// Whether an init container runs for the pod's lifetime (a native
    /// sidecar: `restartPolicy: Always`).
    pub fn is_sidecar(&self) -> bool {
        self.init && self.node.get_str("restartPolicy") == Some("Always")
    }
}

/// Containers and init containers of a pod spec, in order.
pub fn containers<'a>(pod: &PodTemplate<'a>) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for (key, init) in [("initContainers", true), ("containers", false)] {
        for (i, c) in pod
            .spec
            .get(key)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            out.push(Container {
                path: pod.path.key(key).idx(i),
                node: c,
                name: c
                    .get("name")
                    .and_then(Node::scalar_text)
                    .unwrap_or_else(|| format!("#{i}")),
                init,
            });
        }
    }
    out
}

/// The HorizontalPodAutoscaler targeting a workload, if any.
pub fn hpa_for<'a>(res: &Resource, cx: &Ctx<'a>) -> Option<&'a Resource> {
    cx.index
        .in_namespace(&res.namespace, "HorizontalPodAutoscaler")
        .find(|hpa| {
            let target = hpa.body.get_in(&["spec", "scaleTargetRef"]);
            target.and_then(|t| t.get_str("kind")) == Some(res.kind.as_str())
                && target
                    .and_then(|t| t.get("name"))
                    .and_then(Node::scalar_text)
                    .as_deref()
                    == Some(res.name.as_str())
        })
}

/// The number of replicas a replicated workload runs with at the least:
/// `spec.replicas` (default 1), or the minimum of an HPA targeting it
/// (default 1), which then owns the count.
pub fn min_replicas(res: &Resource, cx: &Ctx) -> Option<i64> {
    if !REPLICATED.contains(&res.kind.as_str()) {
        return None;
    }
    if let Some(hpa) = hpa_for(res, cx) {
        return Some(
            hpa.body
                .get_in(&["spec", "minReplicas"])
                .and_then(Node::as_i64)
                .unwrap_or(1),
        );
    }
    Some(
        res.body
            .get_in(&["spec", "replicas"])
            .and_then(Node::as_i64)
            .unwrap_or(1),
    )
}

/// The replicas a replicated workload runs with: from its minimum (see
/// [`min_replicas`]) to an HPA's `maxReplicas`, and that range as text for
/// messages (`3`, `1 to 5`).
pub struct ReplicaRange {
    pub min: i64,
    pub max: i64,
}

impl ReplicaRange {
    pub fn of(res: &Resource, cx: &Ctx) -> Option<Self> {
        let min = min_replicas(res, cx)?;
        let max = hpa_for(res, cx)
            .and_then(|h| h.body.get_in(&["spec", "maxReplicas"]))
            .and_then(Node::as_i64)
            .unwrap_or(min)
            .max(min);
        Some(ReplicaRange { min, max })
    }

    /// Whether more than one pod may run.
    pub fn is_multi(&self) -> bool {
        self.max >= 2
    }

    pub fn describe(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{} to {}", self.min, self.max)
        }
    }
}
