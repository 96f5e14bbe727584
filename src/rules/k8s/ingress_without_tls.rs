//! ## What it does
//! Flags an Ingress that serves host names without TLS: no `spec.tls` at
//! all, or a rule whose `host` no `spec.tls[].hosts` entry covers.
//!
//! ## Why is this bad?
//! Traffic to an uncovered host is served in plain HTTP (or with the
//! controller's self-signed fallback certificate): credentials, session
//! cookies and personal data cross the network readable and forgeable.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::{go_bool, is_ingress};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S011",
        name: "ingress-without-tls",
        title: "Ingress serves hosts without TLS",
        severity: Severity::High,
        categories: &["tls"],
        rationale: "An Ingress host that no `spec.tls` entry covers is served over plain HTTP (ingress-nginx also skips its HTTPS redirect for it, or answers with its self-signed fallback certificate). Passwords, session cookies, API tokens and personal data then cross the network readable by anyone on the path and open to tampering. A rule host is covered by an equal `spec.tls[].hosts` entry or by a wildcard entry (`*.example.com` covers exactly one label: `shop.example.com`, not `a.b.example.com`); a `spec.tls` entry without `hosts` supplies the default certificate and covers every host. Ingresses whose TLS is set up outside `spec.tls` are not flagged: a cloud load balancer certificate (`alb.ingress.kubernetes.io/certificate-arn`, an ALB `listen-ports` with `HTTPS`, whose certificates the AWS Load Balancer Controller discovers by host, `networking.gke.io/managed-certificates`, `ingress.gcp.kubernetes.io/pre-shared-cert`) or Traefik's `traefik.ingress.kubernetes.io/router.tls: \"true\"`.",
        remediation: "List every rule host under `spec.tls`, with a Secret holding its certificate (cert-manager can issue it):\n\n```yaml\nmetadata:\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt-prod\nspec:\n  tls:\n  - hosts: [shop.example.com, api.example.com]\n    secretName: shop-example-com-tls\n  rules:\n  - host: shop.example.com\n  - host: api.example.com\n```",
        compliance: &[
            Control { framework: "PCI-DSS", control: "4.2.1" },
            Control { framework: "HIPAA", control: "164.312(e)(1)" },
            Control { framework: "SOC2", control: "CC6.7" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Ingress"],
        example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop}\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}\n",
    },
    check,
};

/// Annotations by which a cloud load balancer terminates TLS itself.
const LB_TLS_ANNOTATIONS: &[&str] = &[
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/managed-certificates",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
];

/// Whether TLS for the Ingress is set up outside `spec.tls`: an ALB or GCE
/// load balancer certificate, an ALB HTTPS listener (certificates found by
/// host), or a Traefik router with TLS on.
fn terminated_elsewhere(res: &Resource) -> bool {
    let ann = |k: &str| {
        res.annotation(k)
            .and_then(Node::scalar_text)
            .filter(|v| !v.trim().is_empty())
    };
    LB_TLS_ANNOTATIONS.iter().any(|a| ann(a).is_some())
        || ann("alb.ingress.kubernetes.io/listen-ports").is_some_and(|v| v.contains("\"HTTPS\""))
        || res
            .annotation("traefik.ingress.kubernetes.io/router.tls")
            .and_then(go_bool)
            == Some(true)
}

/// Whether a TLS host entry covers a rule host.
pub fn host_covered(host: &str, tls_host: &str) -> bool {
    let (h, t) = (host.to_ascii_lowercase(), tls_host.to_ascii_lowercase());
    if h == t {
        return true;
    }
    match t.strip_prefix('*') {
        Some(suffix) if suffix.starts_with('.') => h
            .strip_suffix(suffix)
            .is_some_and(|label| !label.is_empty() && !label.contains('.') && label != "*"),
        _ => false,
    }
}

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    if !is_ingress(res) {
        return;
    }
    if terminated_elsewhere(res) {
        return;
    }
    let Some(spec) = res.body.get("spec") else {
        return;
    };
    let rules = spec.get("rules").map(Node::items).unwrap_or(&[]);
    let has_default = spec.get("defaultBackend").or(spec.get("backend")).is_some();
    if rules.is_empty() && !has_default {
        return;
    }
    let tls = spec.get("tls").map(Node::items).unwrap_or(&[]);
    if tls.is_empty() {
        out.report(
            path!["spec", "tls"],
            format!(
                "Ingress {} has no spec.tls, so every host it routes is served over plain HTTP; add a spec.tls entry with a certificate Secret for its hosts",
                res.name
            ),
        );
        return;
    }
    // A tls entry without hosts is the default certificate: it covers every host.
    let default_cert = tls.iter().any(|t| {
        t.get("hosts")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .all(|h| h.scalar_text().is_none_or(|s| s.trim().is_empty()))
    });
    if default_cert {
        return;
    }
    let tls_hosts: Vec<String> = tls
        .iter()
        .flat_map(|t| t.get("hosts").map(Node::items).unwrap_or(&[]))
        .filter_map(Node::scalar_text)
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        match rule
            .get("host")
            .and_then(Node::scalar_text)
            .filter(|h| !h.trim().is_empty())
        {
            Some(host) => {
                if !tls_hosts.iter().any(|t| host_covered(&host, t)) {
                    out.report(
                        path!["spec", "rules", i, "host"],
                        format!(
                            "Ingress {} routes host \"{host}\" but no spec.tls entry covers it, so it is served over plain HTTP; add \"{host}\" to spec.tls[].hosts with a certificate Secret",
                            res.name
                        ),
                    );
                }
            }
            None => out.report(
                path!["spec", "rules", i, "host"],
                format!(
                    "Ingress {} rule #{i} has no host (it answers every host name) and every spec.tls entry names its hosts, so it is served without a matching certificate; give the rule a host listed under spec.tls",
                    res.name
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::host_covered;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(host_covered("shop.example.com", "shop.example.com"));
        assert!(host_covered("Shop.Example.com", "shop.example.COM"));
        assert!(host_covered("shop.example.com", "*.example.com"));
        assert!(!host_covered("a.shop.example.com", "*.example.com"));
        assert!(!host_covered("example.com", "*.example.com"));
        assert!(host_covered("*.example.com", "*.example.com"));
        assert!(!host_covered("shop.example.org", "*.example.com"));
        assert!(!host_covered("shop.example.com", "api.example.com"));
    }
}
