//! ## What it does
//! Flags a PodDisruptionBudget that allows no voluntary eviction at all:
//! `maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or a `minAvailable`
//! that is at least the number of pods of the workloads it selects.
//!
//! ## Why is this bad?
//! The eviction API refuses every eviction the budget covers, so
//! `kubectl drain`, cluster upgrades and the cluster autoscaler wait on the
//! pods forever (or until someone deletes them by hand, without the budget).

use crate::model::{Path, Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::{Node, Value};

use super::missing_pod_disruption_budget::pdb_selects;
use super::{hpa_for, min_replicas, pod_template, REPLICATED, WORKLOADS};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S004",
        name: "pdb-blocks-eviction",
        title: "PodDisruptionBudget allows no voluntary eviction",
        severity: Severity::High,
        categories: &["pdb"],
        rationale: "A PodDisruptionBudget is meant to slow evictions down, not to stop them. With `maxUnavailable: 0`, `minAvailable: 100%`, or an integer `minAvailable` at or above the replica count, the budget's allowed disruptions is always 0: every eviction request gets a 429, `kubectl drain` retries forever, managed node upgrades stall and then fail or, on some providers, delete the pods anyway after a timeout, and the cluster autoscaler can never remove the node. Percentages are rounded up by the disruption controller, so a `minAvailable` such as `90%` over 3 replicas also means all 3. Integer and percentage `minAvailable` are compared with the replica count (an HPA's `minReplicas` when one targets the workload, the lowest count the PDB will see) of the workloads in the PDB's namespace whose pod labels its selector matches; when the scan holds no such workload, or one whose pod count plumb cannot know (a DaemonSet, Job or CronJob), that comparison is skipped.",
        remediation: "Allow at least one pod to go at a time. Prefer `maxUnavailable`, which keeps working when the workload scales:\n\n```yaml\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: checkout, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: checkout}\n```\n\nOr keep `minAvailable` strictly below the replica count (`minAvailable: 2` for 3 replicas). A workload that truly must not lose a pod needs more replicas, not a budget that blocks maintenance.",
        compliance: &[Control { framework: "SOC2", control: "A1.2" }],
        targets: &[Target::Kubernetes],
        kinds: &["PodDisruptionBudget"],
        example: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: checkout}\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels: {app: checkout}\n",
    },
    check,
};

/// An `IntOrString` budget value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Amount {
    Count(i64),
    Percent(i64),
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Amount::Count(n) => write!(f, "{n}"),
            Amount::Percent(p) => write!(f, "\"{p}%\""),
        }
    }
}

/// Reads `1`, `"1"` or `"50%"`. Anything else (which the API server would
/// reject) is not judged.
fn amount(node: &Node) -> Option<Amount> {
    match &node.value {
        Value::Int(i) => Some(Amount::Count(*i)),
        Value::Str(s) => {
            let s = s.trim();
            match s.strip_suffix('%') {
                Some(p) => p.trim().parse().ok().map(Amount::Percent),
                None => s.parse().ok().map(Amount::Count),
            }
        }
        _ => node.as_i64().map(Amount::Count),
    }
}

/// `ceil(p% of n)`, as the disruption controller scales percentages.
fn scaled(percent: i64, n: i64) -> i64 {
    (percent * n + 99) / 100
}

/// The workloads a PDB selects and their total pod count; `None` when the
/// count is unknown (a selected DaemonSet, Job or CronJob).
fn selected(pdb: &Resource, cx: &Ctx) -> Option<(i64, Vec<String>)> {
    let mut total = 0;
    let mut names = Vec::new();
    for kind in WORKLOADS {
        for w in cx.index.in_namespace(&pdb.namespace, kind) {
            let Some(pods) = pod_template(w) else {
                continue;
            };
            if !pdb_selects(pdb, pods.labels) {
                continue;
            }
            let n = if w.kind == "Pod" {
                1
            } else if REPLICATED.contains(&w.kind.as_str()) {
                min_replicas(w, cx)?
            } else {
                return None;
            };
            total += n;
            names.push(match hpa_for(w, cx) {
                Some(h) => format!(
                    "{} {} scaled down to {n} by HorizontalPodAutoscaler {}",
                    w.kind, w.name, h.name
                ),
                None if w.kind == "Pod" => format!("Pod {}", w.name),
                None => format!(
                    "{} {} with {n} replica{}",
                    w.kind,
                    w.name,
                    if n == 1 { "" } else { "s" }
                ),
            });
        }
    }
    Some((total, names))
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    if res.kind != "PodDisruptionBudget" {
        return;
    }
    let Some(spec) = res.body.get("spec") else {
        return;
    };
    let fix = "use maxUnavailable: 1 to let pods go one at a time";
    if let Some(max) = spec.get("maxUnavailable").and_then(amount) {
        if matches!(max, Amount::Count(0) | Amount::Percent(0)) {
            out.report(
                path!["spec", "maxUnavailable"],
                format!(
                    "PodDisruptionBudget {} sets maxUnavailable to {max}, so no pod it selects can ever be evicted and node drains hang; {fix}",
                    res.name
                ),
            );
        }
    }
    let Some(min) = spec.get("minAvailable").and_then(amount) else {
        return;
    };
    let at: Path = path!["spec", "minAvailable"];
    if let Amount::Percent(p) = min {
        if p >= 100 {
            out.report(
                at,
                format!(
                    "PodDisruptionBudget {} sets minAvailable to {min}, so no pod it selects can ever be evicted and node drains hang; {fix}",
                    res.name
                ),
            );
            return;
        }
    }
    let Some((total, names)) = selected(res, cx) else {
        return;
    };
    if total <= 0 {
        return;
    }
    let needed = match min {
        Amount::Count(n) => n,
        Amount::Percent(p) => scaled(p, total),
    };
    if needed < total {
        return;
    }
    let rounded = match min {
        Amount::Percent(_) => format!(" (rounded up to {needed})"),
        Amount::Count(_) => String::new(),
    };
    let advice = if total == 1 {
        "use maxUnavailable: 1, or run at least 2 replicas if one must stay up".to_string()
    } else {
        format!("use maxUnavailable: 1 or a minAvailable below {total}")
    };
    out.report(
        at,
        format!(
            "PodDisruptionBudget {} sets minAvailable to {min}{rounded} but selects only {total} pod{} ({}), so none can ever be evicted and node drains hang; {advice}",
            res.name,
            if total == 1 { "" } else { "s" },
            names.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn node(t: &str) -> Node {
        parse_stream(t).documents.remove(0).root
    }

    #[test]
    fn reads_int_or_string() {
        assert_eq!(amount(&node("0")), Some(Amount::Count(0)));
        assert_eq!(amount(&node("'2'")), Some(Amount::Count(2)));
        assert_eq!(amount(&node("\"0%\"")), Some(Amount::Percent(0)));
        assert_eq!(amount(&node("50%")), Some(Amount::Percent(50)));
        assert_eq!(amount(&node("half")), None);
        assert_eq!(amount(&node("~")), None);
    }

    #[test]
    fn percentages_round_up() {
        assert_eq!(scaled(90, 3), 3);
        assert_eq!(scaled(50, 3), 2);
        assert_eq!(scaled(66, 3), 2);
        assert_eq!(scaled(67, 3), 3);
        assert_eq!(scaled(0, 3), 0);
        assert_eq!(scaled(100, 4), 4);
    }
}
