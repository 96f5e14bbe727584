//! ## What it does
//! Flags a `type: LoadBalancer` Service that terminates TLS on an AWS load
//! balancer (`service.beta.kubernetes.io/aws-load-balancer-ssl-cert`), and an
//! Ingress given an HTTPS listener on an ALB by the AWS Load Balancer
//! Controller, whose security policy accepts a TLS version below
//! `min_tls_version`, including the default policy when none is named.
//!
//! ## Why is this bad?
//! The policy decides which protocols the load balancer negotiates. The
//! default, `ELBSecurityPolicy-2016-08`, still accepts TLS 1.0 and 1.1.

use crate::config::TlsVersion;
use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::is_ingress;

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S014",
        name: "load-balancer-weak-tls-policy",
        title: "AWS load balancer TLS policy allows protocols below the minimum",
        severity: Severity::High,
        categories: &["tls"],
        rationale: "When a Service of type LoadBalancer carries `service.beta.kubernetes.io/aws-load-balancer-ssl-cert`, the AWS load balancer (Classic or Network, through the in-tree cloud provider or the AWS Load Balancer Controller) terminates TLS with the security policy named in `service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy`. Without that annotation the policy is `ELBSecurityPolicy-2016-08`, which accepts TLS 1.0 and 1.1, deprecated protocols that PCI DSS forbids and that let an attacker downgrade clients. The lowest version of each predefined policy is known (`ELBSecurityPolicy-TLS13-1-2-2021-06` accepts 1.2 and up, `ELBSecurityPolicy-FS-1-1-2019-08` 1.1 and up, `ELBSecurityPolicy-2016-08` 1.0 and up, the 2023 FIPS and 2025 post-quantum variants by the version in their name); custom or unknown policy names are not flagged. The same holds for an Ingress the AWS Load Balancer Controller gives an HTTPS listener (`alb.ingress.kubernetes.io/certificate-arn`, or `listen-ports` with `HTTPS`): its policy is `alb.ingress.kubernetes.io/ssl-policy`, default `ELBSecurityPolicy-2016-08`, a policy set on any Ingress of the same IngressGroup (`group.name`) applies to the shared ALB, and `spec.sslPolicy` of the class's `IngressClassParams` overrides them all.",
        remediation: "Name a policy whose lowest protocol is at least `min_tls_version`:\n\n```yaml\nmetadata:\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-...\n    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: \"443\"\n    service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy: ELBSecurityPolicy-TLS13-1-2-2021-06\n```\n\nFor an ALB Ingress: `alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06`. Use `ELBSecurityPolicy-TLS13-1-3-2021-06` when `min_tls_version` is 1.3.",
        compliance: &[
            Control { framework: "PCI-DSS", control: "4.2.1" },
            Control { framework: "HIPAA", control: "164.312(e)(1)" },
            Control { framework: "SOC2", control: "CC6.7" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Service", "Ingress"],
        example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:us-east-1:123456789012:certificate/abc\nspec:\n  type: LoadBalancer\n",
    },
    check,
};

const SSL_CERT: &str = "service.beta.kubernetes.io/aws-load-balancer-ssl-cert";
const ALB_CERT: &str = "alb.ingress.kubernetes.io/certificate-arn";
const ALB_LISTEN_PORTS: &str = "alb.ingress.kubernetes.io/listen-ports";
const ALB_POLICY: &str = "alb.ingress.kubernetes.io/ssl-policy";
const ALB_GROUP: &str = "alb.ingress.kubernetes.io/group.name";
const POLICY: &str = "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy";
/// What AWS applies when no policy is named.
const DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

/// Predefined policies whose names do not say their lowest version.
const DATED_POLICIES: &[(&str, TlsVersion)] = &[
    ("ELBSecurityPolicy-2011-08", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2014-01", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2014-10", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2015-02", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2015-03", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2015-05", TlsVersion::V1_0),
    ("ELBSecurityPolicy-2016-08", TlsVersion::V1_0),
    ("ELBSecurityPolicy-FS-2018-06", TlsVersion::V1_0),
];

/// The lowest TLS version an AWS predefined ELB security policy accepts, or
/// `None` for a name that is not a predefined policy. Names of the form
/// `ELBSecurityPolicy-TLS-1-2-...`, `-FS-1-1-...`, `-TLS13-1-3-...`
/// (including the FIPS and PQ variants) carry the version.
pub fn policy_min_version(name: &str) -> Option<TlsVersion> {
    let name = name.trim();
    if let Some((_, v)) = DATED_POLICIES.iter().find(|(n, _)| *n == name) {
        return Some(*v);
    }
    let rest = name.strip_prefix("ELBSecurityPolicy-")?;
    let rest = ["TLS13-", "TLS-", "FS-"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let mut parts = rest.split('-');
    let (major, minor) = (parts.next()?, parts.next()?);
    // A date or a variant must follow: `1-2-2021-06`, `1-2-Res-2021-06`.
    parts.next()?;
    if major != "1" {
        return None;
    }
    match minor {
        "0" => Some(TlsVersion::V1_0),
        "1" => Some(TlsVersion::V1_1),
        "2" => Some(TlsVersion::V1_2),
        "3" => Some(TlsVersion::V1_3),
        _ => None,
    }
}

fn suggestion(min: TlsVersion) -> &'static str {
    match min {
        TlsVersion::V1_3 => "ELBSecurityPolicy-TLS13-1-3-2021-06",
        _ => "ELBSecurityPolicy-TLS13-1-2-2021-06",
    }
}

/// Where a resource sets up TLS on an AWS load balancer: the annotation that
/// names its policy, and the policy it names, if any.
struct Termination {
    policy_key: &'static str,
    named: Option<String>,
}

fn ann(res: &Resource, key: &str) -> Option<String> {
    res.annotation(key)
        .and_then(Node::scalar_text)
        .filter(|v| !v.trim().is_empty())
}

/// A LoadBalancer Service with an ACM/IAM certificate, or an Ingress the AWS
/// Load Balancer Controller gives an HTTPS listener.
fn termination(res: &Resource, cx: &Ctx) -> Option<Termination> {
    if res.kind == "Service" {
        let lb = res.body.get_in(&["spec", "type"]).and_then(Node::as_str) == Some("LoadBalancer");
        if !lb || ann(res, SSL_CERT).is_none() {
            return None;
        }
        return Some(Termination {
            policy_key: POLICY,
            named: ann(res, POLICY),
        });
    }
    if !is_ingress(res) {
        return None;
    }
    let https = ann(res, ALB_CERT).is_some()
        || ann(res, ALB_LISTEN_PORTS).is_some_and(|p| p.contains("\"HTTPS\""));
    if !https {
        return None;
    }
    // The IngressClassParams of the Ingress's class override the annotation;
    // Ingresses of one IngressGroup share the ALB: a policy set on any of
    // them applies to all.
    let named = class_params_policy(res, cx)
        .or_else(|| ann(res, ALB_POLICY))
        .or_else(|| {
            let group = ann(res, ALB_GROUP)?;
            cx.index
                .of_kind("Ingress")
                .filter(|other| ann(other, ALB_GROUP).as_deref() == Some(group.as_str()))
                .find_map(|other| ann(other, ALB_POLICY))
        });
    Some(Termination {
        policy_key: ALB_POLICY,
        named,
    })
}

/// `spec.sslPolicy` of the `IngressClassParams` that the Ingress's
/// IngressClass points to, when all of them are in the scan.
fn class_params_policy(res: &Resource, cx: &Ctx) -> Option<String> {
    let class = res
        .body
        .get_in(&["spec", "ingressClassName"])
        .and_then(Node::scalar_text)?;
    let params = cx
        .index
        .of_kind("IngressClass")
        .find(|c| c.name == class)?
        .body
        .get_in(&["spec", "parameters"])?;
    if params.get_str("kind") != Some("IngressClassParams") {
        return None;
    }
    let name = params.get("name").and_then(Node::scalar_text)?;
    cx.index
        .of_kind("IngressClassParams")
        .find(|p| p.name == name)?
        .body
        .get_in(&["spec", "sslPolicy"])
        .and_then(Node::scalar_text)
        .filter(|v| !v.trim().is_empty())
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let Some(t) = termination(res, cx) else {
        return;
    };
    let min = cx.params.min_tls_version;
    let policy = t
        .named
        .clone()
        .unwrap_or_else(|| DEFAULT_POLICY.to_string());
    let Some(lowest) = policy_min_version(&policy) else {
        return;
    };
    if lowest >= min {
        return;
    }
    let lb = if res.kind == "Service" {
        "AWS load balancer"
    } else {
        "ALB"
    };
    let short = t.policy_key.rsplit('/').next().unwrap_or(t.policy_key);
    let message = match (&t.named, ann(res, t.policy_key)) {
        (Some(p), Some(_)) => format!(
            "{} {} terminates TLS on its {lb} with security policy {p}, which accepts TLS {lowest}, below the minimum TLS {min}; use {}",
            res.kind,
            res.name,
            suggestion(min)
        ),
        (Some(p), None) => format!(
            "{} {} gets security policy {p} from its IngressGroup or IngressClassParams, which accepts TLS {lowest}, below the minimum TLS {min}; set the policy there to {}",
            res.kind,
            res.name,
            suggestion(min)
        ),
        (None, _) => format!(
            "{} {} terminates TLS on its {lb} without the {short} annotation, so the default {DEFAULT_POLICY} accepts TLS {lowest}, below the minimum TLS {min}; set it to {}",
            res.kind,
            res.name,
            suggestion(min)
        ),
    };
    out.report(path!["metadata", "annotations", t.policy_key], message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use TlsVersion::*;

    #[test]
    fn policy_versions() {
        let v = policy_min_version;
        assert_eq!(v("ELBSecurityPolicy-2016-08"), Some(V1_0));
        assert_eq!(v("ELBSecurityPolicy-2015-05"), Some(V1_0));
        assert_eq!(v("ELBSecurityPolicy-TLS-1-0-2015-04"), Some(V1_0));
        assert_eq!(v("ELBSecurityPolicy-TLS-1-1-2017-01"), Some(V1_1));
        assert_eq!(v("ELBSecurityPolicy-TLS-1-2-2017-01"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS-1-2-Ext-2018-06"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-FS-2018-06"), Some(V1_0));
        assert_eq!(v("ELBSecurityPolicy-FS-1-1-2019-08"), Some(V1_1));
        assert_eq!(v("ELBSecurityPolicy-FS-1-2-2019-08"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-FS-1-2-Res-2019-08"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-FS-1-2-Res-2020-10"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-0-2021-06"), Some(V1_0));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-1-2021-06"), Some(V1_1));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-2-2021-06"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"), Some(V1_2));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-3-2021-06"), Some(V1_3));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04"), Some(V1_0));
        assert_eq!(
            v("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04"),
            Some(V1_2)
        );
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"), Some(V1_3));
        assert_eq!(v("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09"), Some(V1_2));
        // Custom and unknown names are not judged.
        assert_eq!(v("my-company-tls-policy"), None);
        assert_eq!(v("ELBSecurityPolicy-TLS13"), None);
        assert_eq!(v("ELBSecurityPolicy-2099-01"), None);
    }
}
