//! ## What it does
//! When `allowed_regions` is set, flags a StorageClass whose
//! `allowedTopologies` name a region or zone outside them, and a
//! PersistentVolume whose node affinity or topology labels do.
//!
//! ## Why is this bad?
//! The volume, and the data written to it, is created in that region:
//! stored outside the jurisdiction the organisation committed to.

use crate::model::{Resource, Target};
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::{allowed_list, outside_region, terms_outside, values_outside, Pinned};
use crate::model::Path;

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S019",
        name: "storage-outside-allowed-regions",
        title: "Storage is provisioned in a region outside the allowed ones",
        severity: Severity::High,
        categories: &["data-residency"],
        rationale: "Only checked when `params.allowed_regions` is set. A StorageClass's `allowedTopologies` restrict where its volumes are created: a `matchLabelExpressions` value naming a region or zone (`topology.kubernetes.io/region`, `topology.kubernetes.io/zone`, `topology.ebs.csi.aws.com/zone`, `topology.gke.io/zone`, their beta keys) outside the allowed regions stores the data of every claim using the class in another jurisdiction, which data-residency commitments and GDPR Chapter V forbid without safeguards. A PersistentVolume whose `spec.nodeAffinity.required` (or, for in-tree volumes, its `topology.kubernetes.io/zone` / `region` labels) pins it to such a region or zone already lives there. Zones map to their region by name (`us-east-1a` → `us-east-1`); zone ids such as `use1-az1` are skipped.",
        remediation: "List only zones of allowed regions, or drop `allowedTopologies` and let volumes follow the pods of a cluster in an allowed region:\n\n```yaml\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3-eu\nprovisioner: ebs.csi.aws.com\nparameters: {type: gp3, encrypted: \"true\"}\nvolumeBindingMode: WaitForFirstConsumer\nallowedTopologies:\n- matchLabelExpressions:\n  - key: topology.ebs.csi.aws.com/zone\n    values: [eu-west-1a, eu-west-1b, eu-west-1c]\n```",
        compliance: &[
            Control { framework: "GDPR", control: "Art.44" },
            Control { framework: "ISO27001", control: "A.5.34" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["StorageClass", "PersistentVolume"],
        example: "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3}\nprovisioner: ebs.csi.aws.com\nallowedTopologies:\n- matchLabelExpressions:\n  - key: topology.ebs.csi.aws.com/zone\n    values: [us-east-1a]\n",
    },
    check,
};

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let allowed = &cx.params.allowed_regions;
    if allowed.is_empty() {
        return;
    }
    let mut pinned: Vec<Pinned> = Vec::new();
    match res.kind.as_str() {
        "StorageClass" => {
            let topologies = res
                .body
                .get("allowedTopologies")
                .map(Node::items)
                .unwrap_or(&[]);
            for (t, topo) in topologies.iter().enumerate() {
                let exprs = topo
                    .get("matchLabelExpressions")
                    .map(Node::items)
                    .unwrap_or(&[]);
                for (e, expr) in exprs.iter().enumerate() {
                    let Some(key) = expr.get_str("key") else {
                        continue;
                    };
                    let at = Path::root()
                        .key("allowedTopologies")
                        .idx(t)
                        .key("matchLabelExpressions")
                        .idx(e)
                        .key("values");
                    pinned.extend(values_outside(key, expr.get("values"), &at, allowed));
                }
            }
        }
        "PersistentVolume" => {
            // In-tree volumes carry their zone and region as labels, which
            // the scheduler honours like node affinity.
            for e in res.labels() {
                if let Some(region) = outside_region(&e.key, &e.value, allowed) {
                    pinned.push(Pinned {
                        path: Path::root().keys(&["metadata", "labels", &e.key]),
                        key: e.key.to_string(),
                        value: e.value.scalar_text().unwrap_or_default(),
                        region,
                    });
                }
            }
            let keys = ["spec", "nodeAffinity", "required", "nodeSelectorTerms"];
            if let Some(terms) = res.body.get_in(&keys) {
                pinned.extend(terms_outside(terms, &Path::root().keys(&keys), allowed));
            }
        }
        _ => return,
    }
    let what = if res.kind == "StorageClass" {
        "provisions volumes in"
    } else {
        "is pinned to"
    };
    for p in pinned {
        out.report(
            p.path.clone(),
            format!(
                "{} {} {what} {}, outside the allowed regions {}; use only zones of an allowed region",
                res.kind,
                res.name,
                p.describe(),
                allowed_list(allowed)
            ),
        );
    }
}
