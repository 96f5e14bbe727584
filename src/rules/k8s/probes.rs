//! What the probe rules (K8S020, K8S021) share: which containers run for
//! the pod's lifetime.

use crate::model::Resource;
use crate::rules::Sink;
use crate::source::yaml::Node;

use super::{containers, pod_template, Container};

/// The containers of a workload of one of `kinds` that run for the pod's
/// lifetime: its containers and native sidecars (init containers with
/// `restartPolicy: Always`), not ordinary init containers. A bare Pod
/// counts only with `restartPolicy: Always` (the default); with `Never` or
/// `OnFailure` it runs to completion like a Job's.
pub fn long_running<'a>(res: &'a Resource, kinds: &[&str]) -> Vec<Container<'a>> {
    if !kinds.contains(&res.kind.as_str()) {
        return Vec::new();
    }
    let Some(pod) = pod_template(res) else {
        return Vec::new();
    };
    if pod
        .spec
        .get_str("restartPolicy")
        .is_some_and(|p| p != "Always")
    {
        return Vec::new();
    }
    containers(&pod)
        .into_iter()
        .filter(|c| !c.init || c.is_sidecar())
        .collect()
}

/// Reports the long-running containers without `probe` (missing or null).
pub fn report_missing(res: &Resource, kinds: &[&str], out: &mut Sink, probe: &str, tail: &str) {
    for c in long_running(res, kinds) {
        if c.node.get(probe).is_some_and(|p| !Node::is_null(p)) {
            continue;
        }
        out.report(
            c.path.key(probe),
            format!(
                "{} of {} {} has no {probe}; {tail}",
                c.describe(),
                res.kind,
                res.name
            ),
        );
    }
}
