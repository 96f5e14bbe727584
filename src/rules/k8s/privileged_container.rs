//! ## What it does
//! Flags containers and init containers with
//! `securityContext.privileged: true`.
//!
//! ## Why is this bad?
//! A privileged container has every capability and every host device, and
//! no seccomp or AppArmor confinement: whoever gets code execution in it
//! owns the node.

use crate::model::{Resource, Target};
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};

use super::{containers, pod_template, Container};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S023",
        name: "privileged-container",
        title: "Container runs privileged",
        severity: Severity::High,
        categories: &["pod-security"],
        rationale: "`privileged: true` turns off the container boundary: the process gets all Linux capabilities, access to every device of the host under `/dev`, writable `/sys`, and no seccomp, AppArmor or SELinux confinement. A bug or a compromised dependency in such a container is a compromise of the node, and from the node of every pod, secret and service-account token on it (mounting the host's disk or loading a kernel module is one command away). The Pod Security Standards forbid it from the `baseline` level up. In YAML 1.1, as Kubernetes reads it, `yes` and `on` are `true` too.",
        remediation: "Remove `privileged: true` and grant only what the workload needs, typically one capability:\n\n```yaml\nsecurityContext:\n  privileged: false\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]\n```\n\nNode agents that truly need host access (CNI, storage drivers) belong in a dedicated namespace with an explicit exemption, not in application manifests.",
        compliance: &[
            Control { framework: "CIS-Kubernetes", control: "5.2.2" },
            Control { framework: "PSS", control: "baseline/privileged" },
        ],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: agent:2.3\n          securityContext:\n            privileged: true\n",
    },
    check,
};

/// Whether a container sets `securityContext.privileged` to true.
pub fn is_privileged(c: &Container) -> bool {
    c.node
        .get_in(&["securityContext", "privileged"])
        .and_then(|n| n.as_bool())
        == Some(true)
}

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    let Some(pod) = pod_template(res) else {
        return;
    };
    for c in containers(&pod) {
        if is_privileged(&c) {
            out.report(
                c.path.keys(&["securityContext", "privileged"]),
                format!(
                    "{} of {} {} runs privileged, with full access to its node; remove privileged: true and add only the capabilities it needs",
                    c.describe(),
                    res.kind,
                    res.name
                ),
            );
        }
    }
}
