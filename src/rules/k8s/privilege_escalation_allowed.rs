//! ## What it does
//! Flags containers and init containers whose
//! `securityContext.allowPrivilegeEscalation` is not `false`, including
//! when it is missing (it defaults to true). Privileged containers
//! (K8S023) and Windows pods (where the field does not exist) are left out.
//!
//! ## Why is this bad?
//! Without `no_new_privs`, a setuid binary or file capability inside the
//! image turns a foothold as an unprivileged user into root in the
//! container.

use crate::model::{Resource, Target};
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::privileged_container::is_privileged;
use super::{containers, pod_template};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S024",
        name: "privilege-escalation-allowed",
        title: "Container allows privilege escalation",
        severity: Severity::Medium,
        categories: &["pod-security"],
        rationale: "`allowPrivilegeEscalation: false` sets the kernel's `no_new_privs` flag on the container's processes, so `execve` of a setuid binary (`su`, `sudo`, `ping` in older images) or a binary with file capabilities cannot gain privileges its parent did not have. The field defaults to true, so a container that does not set it lets an attacker who gets code execution as an unprivileged user climb to root inside the container, one step closer to escaping it. The Pod Security Standards' `restricted` level requires it to be `false`. A privileged container escalates anyway and is reported by K8S023 instead; Windows pods (`spec.os.name: windows`) are skipped because the field must not be set there.",
        remediation: "Set it explicitly on every container and init container:\n\n```yaml\nsecurityContext:\n  allowPrivilegeEscalation: false\n  runAsNonRoot: true\n  capabilities:\n    drop: [ALL]\n```",
        compliance: &[
            Control { framework: "CIS-Kubernetes", control: "5.2.6" },
            Control { framework: "PSS", control: "restricted/allowPrivilegeEscalation" },
        ],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          securityContext:\n            runAsNonRoot: true\n",
    },
    check,
};

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    let Some(pod) = pod_template(res) else {
        return;
    };
    if pod.spec.get_in(&["os", "name"]).and_then(Node::as_str) == Some("windows") {
        return;
    }
    for c in containers(&pod) {
        if is_privileged(&c) {
            continue;
        }
        let path = c
            .path
            .keys(&["securityContext", "allowPrivilegeEscalation"]);
        let value = c
            .node
            .get_in(&["securityContext", "allowPrivilegeEscalation"])
            .filter(|n| !n.is_null());
        let what = match value {
            Some(v) if v.as_bool() == Some(false) => continue,
            Some(v) if v.as_bool().is_some() => "sets allowPrivilegeEscalation: true".to_string(),
            Some(v) => format!(
                "sets allowPrivilegeEscalation to {}, not a boolean",
                v.scalar_text()
                    .map_or_else(|| "a collection".to_string(), |t| format!("{t:?}"))
            ),
            None => "does not set allowPrivilegeEscalation (it defaults to true)".to_string(),
        };
        // The API server refuses `false` next to an added CAP_SYS_ADMIN.
        let sys_admin = c
            .node
            .get_in(&["securityContext", "capabilities", "add"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|cap| matches!(cap.as_str(), Some("SYS_ADMIN" | "CAP_SYS_ADMIN")));
        let fix = if sys_admin {
            "drop the SYS_ADMIN capability and set securityContext.allowPrivilegeEscalation: false"
        } else {
            "set securityContext.allowPrivilegeEscalation: false"
        };
        out.report(
            path,
            format!(
                "{} of {} {} {what}; {fix} so setuid binaries cannot gain root",
                c.describe(),
                res.kind,
                res.name
            ),
        );
    }
}
