//! What the resource rules (K8S006 to K8S010) share: whether a container
//! ends up with a request or limit once Kubernetes' defaulting and the
//! namespace's LimitRanges have run.

use crate::model::Resource;
use crate::rules::{Ctx, Sink};
use crate::source::yaml::Node;

use super::{containers, pod_template, Container};

/// Which side of `resources` a rule wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Request,
    Limit,
}

impl Side {
    pub fn key(self) -> &'static str {
        match self {
            Side::Request => "requests",
            Side::Limit => "limits",
        }
    }
}

/// `resources.<side>.<name>` of a container (or pod spec), unless null.
pub fn value<'a>(holder: &'a Node, side: Side, name: &str) -> Option<&'a Node> {
    holder
        .get_in(&["resources", side.key(), name])
        .filter(|n| !n.is_null())
}

/// Whether the container gets this request or limit without a LimitRange:
/// written on it, or, for a request, defaulted by the API server from the
/// container's limit.
fn set_on_container(c: &Container, side: Side, name: &str) -> bool {
    value(c.node, side, name).is_some()
        || (side == Side::Request && value(c.node, Side::Limit, name).is_some())
}

/// Whether pod-level resources (`spec.resources`, Kubernetes 1.32+) bound
/// every container for this resource.
fn set_on_pod(pod: &Node, side: Side, name: &str) -> bool {
    value(pod, side, name).is_some()
        || (side == Side::Request && value(pod, Side::Limit, name).is_some())
}

/// The LimitRange in the resource's namespace that gives containers a
/// default for this request or limit, if any. After the API server's
/// defaulting of a `type: Container` item, a missing `default` (limit) is
/// `max`, and a missing `defaultRequest` is `default`, then `min`.
pub fn limit_range_default<'a>(
    res: &Resource,
    cx: &Ctx<'a>,
    side: Side,
    name: &str,
) -> Option<&'a Resource> {
    let fields: &[&str] = match side {
        Side::Limit => &["default", "max"],
        Side::Request => &["defaultRequest", "default", "max", "min"],
    };
    cx.index
        .in_namespace(&res.namespace, "LimitRange")
        .find(|lr| {
            lr.body
                .get_in(&["spec", "limits"])
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter(|item| item.get_str("type") == Some("Container"))
                .any(|item| {
                    fields
                        .iter()
                        .any(|f| item.get_in(&[f, name]).is_some_and(|v| !v.is_null()))
                })
        })
}

/// Reports every container (and init container) of a workload that ends up
/// without `resources.<side>.<name>`. `what` names it in messages ("CPU
/// request"), `why` ends the sentence ("so the scheduler ...").
pub fn report_missing(
    res: &Resource,
    cx: &Ctx,
    out: &mut Sink,
    side: Side,
    name: &str,
    what: &str,
    why: &str,
) {
    let Some(pod) = pod_template(res) else {
        return;
    };
    if set_on_pod(pod.spec, side, name) {
        return;
    }
    let missing: Vec<Container> = containers(&pod)
        .into_iter()
        .filter(|c| !set_on_container(c, side, name))
        .collect();
    if missing.is_empty() || limit_range_default(res, cx, side, name).is_some() {
        return;
    }
    for c in missing {
        out.report(
            c.path.keys(&["resources", side.key(), name]),
            format!(
                "{} of {} {} has no {what}; set resources.{}.{name} {why}",
                c.describe(),
                res.kind,
                res.name,
                side.key()
            ),
        );
    }
}
