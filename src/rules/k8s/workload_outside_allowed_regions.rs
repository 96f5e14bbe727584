//! ## What it does
//! When `allowed_regions` is set, flags a workload whose pod template pins
//! it (by `nodeSelector` or required node affinity) to a region, or to a
//! zone of a region, outside the allowed ones.
//!
//! ## Why is this bad?
//! Pods process and cache the data they serve wherever they run. Pinning
//! them to another region moves personal or regulated data out of the
//! jurisdiction the organisation committed to.

use crate::model::{Resource, Target};
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::pod_template;
use super::tls_region::{allowed_list, outside_region, terms_outside, Pinned};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S018",
        name: "workload-outside-allowed-regions",
        title: "Workload is pinned to a region outside the allowed ones",
        severity: Severity::High,
        categories: &["data-residency"],
        rationale: "Only checked when `params.allowed_regions` is set (per environment, for example an EU cluster limited to `eu-west-1` and `eu-central-1`). A pod template whose `nodeSelector` or `requiredDuringSchedulingIgnoredDuringExecution` node affinity (`In` expressions) names a region (`topology.kubernetes.io/region`, `failure-domain.beta.kubernetes.io/region`) or a zone (`topology.kubernetes.io/zone`, its beta key, `topology.ebs.csi.aws.com/zone`) outside those regions runs the workload, and the data it processes, in another jurisdiction, which data-residency commitments and GDPR Chapter V transfer rules forbid without safeguards. Zones map to their region by name (`us-east-1a` and the Local Zone `us-west-2-lax-1a` belong to `us-east-1` and `us-west-2`; `europe-west1-b` to `europe-west1`); zone ids such as `use1-az1` cannot be mapped and are skipped. Each value outside the allowed regions is reported, also inside an `In` list that mixes allowed and other values, since the scheduler may pick any of them; preferred affinity is a hint and is not checked.",
        remediation: "Pin the workload to allowed regions or zones only, or remove the pin and let the cluster (which runs in an allowed region) place it:\n\n```yaml\nspec:\n  template:\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: topology.kubernetes.io/zone\n                operator: In\n                values: [eu-west-1a, eu-west-1b, eu-west-1c]\n```",
        compliance: &[
            Control { framework: "GDPR", control: "Art.44" },
            Control { framework: "ISO27001", control: "A.5.34" },
        ],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: billing}\nspec:\n  template:\n    spec:\n      nodeSelector:\n        topology.kubernetes.io/region: us-east-1\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let allowed = &cx.params.allowed_regions;
    if allowed.is_empty() {
        return;
    }
    let Some(pod) = pod_template(res) else {
        return;
    };
    let mut pinned: Vec<(Pinned, &str)> = Vec::new();
    for e in pod
        .spec
        .get("nodeSelector")
        .map(Node::entries)
        .unwrap_or(&[])
    {
        if let Some(region) = outside_region(&e.key, &e.value, allowed) {
            let p = Pinned {
                path: pod.path.keys(&["nodeSelector", &e.key]),
                key: e.key.to_string(),
                value: e.value.scalar_text().unwrap_or_default(),
                region,
            };
            pinned.push((p, "nodeSelector"));
        }
    }
    const TERMS: [&str; 4] = [
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    ];
    if let Some(terms) = pod.spec.get_in(&TERMS) {
        for p in terms_outside(terms, &pod.path.keys(&TERMS), allowed) {
            pinned.push((p, "required node affinity"));
        }
    }
    for (p, how) in pinned {
        out.report(
            p.path.clone(),
            format!(
                "{} {} is pinned by its {how} to {}, outside the allowed regions {}; pin it to an allowed region or zone",
                res.kind,
                res.name,
                p.describe(),
                allowed_list(allowed)
            ),
        );
    }
}
