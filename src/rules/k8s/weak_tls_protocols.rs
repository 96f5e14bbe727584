//! ## What it does
//! Flags ingress-nginx settings that enable TLS protocols below
//! `min_tls_version`: the `proxy-ssl-protocols` annotation, `ssl_protocols`
//! (and `proxy_ssl_protocols`, `grpc_ssl_protocols`) directives in
//! `server-snippet` / `configuration-snippet` annotations, and the
//! controller ConfigMap's `ssl-protocols` key and snippets.
//!
//! ## Why is this bad?
//! SSL 3.0, TLS 1.0 and TLS 1.1 have known attacks (POODLE, BEAST, weak
//! MAC and key exchange) and are forbidden by PCI DSS and NIST SP 800-52r2.
//! A server that still offers them can be downgraded to them.

use crate::config::TlsVersion;
use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::{is_ingress, snippet_protocol_directives, weak_protocols};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S012",
        name: "weak-tls-protocols",
        title: "ingress-nginx enables TLS protocols below the minimum",
        severity: Severity::High,
        categories: &["tls"],
        rationale: "SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996) and have practical attacks (POODLE, BEAST, SHA-1 and RSA key exchange weaknesses); PCI DSS and NIST SP 800-52r2 forbid them. As long as the server offers them, an active attacker can push clients down to them. ingress-nginx offers only TLS 1.2 and 1.3 by default; this rule flags settings that widen that below `params.min_tls_version` (default 1.2): the controller ConfigMap's `ssl-protocols` key, the `nginx.ingress.kubernetes.io/proxy-ssl-protocols` annotation (TLS to the backend), and `ssl_protocols`, `proxy_ssl_protocols` or `grpc_ssl_protocols` directives written into `server-snippet` or `configuration-snippet` annotations or the ConfigMap's `http-snippet`, `server-snippet` and `location-snippet` keys.",
        remediation: "List only TLS 1.2 and 1.3 (or only 1.3 when `min_tls_version` is 1.3), or remove the setting to get the controller's default:\n\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n  namespace: ingress-nginx\ndata:\n  ssl-protocols: \"TLSv1.2 TLSv1.3\"\n```\n\nFor an Ingress: `nginx.ingress.kubernetes.io/proxy-ssl-protocols: \"TLSv1.2 TLSv1.3\"`, and no `ssl_protocols` in snippets.",
        compliance: &[
            Control { framework: "PCI-DSS", control: "4.2.1" },
            Control { framework: "HIPAA", control: "164.312(e)(1)" },
            Control { framework: "SOC2", control: "CC6.7" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Ingress", "ConfigMap"],
        example: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata:\n  ssl-protocols: \"TLSv1 TLSv1.1 TLSv1.2\"\n",
    },
    check,
};

const PROXY_SSL_PROTOCOLS: &str = "nginx.ingress.kubernetes.io/proxy-ssl-protocols";
/// Snippet keys of the controller ConfigMap.
const CONFIGMAP_SNIPPETS: &[&str] = &["http-snippet", "server-snippet", "location-snippet"];
const SNIPPETS: &[&str] = &[
    "nginx.ingress.kubernetes.io/server-snippet",
    "nginx.ingress.kubernetes.io/configuration-snippet",
];

fn what_to_write(min: TlsVersion) -> &'static str {
    match min {
        TlsVersion::V1_3 => "TLSv1.3",
        _ => "TLSv1.2 TLSv1.3",
    }
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    let min = cx.params.min_tls_version;
    if res.kind == "ConfigMap" && res.api_version == "v1" {
        if let Some(v) = res.body.get_in(&["data", "ssl-protocols"]) {
            let weak = weak_protocols(&v.scalar_text().unwrap_or_default(), min);
            if !weak.is_empty() {
                out.report(
                    path!["data", "ssl-protocols"],
                    format!(
                        "ConfigMap {} sets ssl-protocols with {}, below the minimum TLS {min}; set it to \"{}\"",
                        res.name,
                        weak.join(", "),
                        what_to_write(min)
                    ),
                );
            }
        }
        for key in CONFIGMAP_SNIPPETS {
            if let Some(snippet) = res.body.get_in(&["data", key]).and_then(Node::scalar_text) {
                report_snippet(res, &snippet, path!["data", *key], key, min, out);
            }
        }
        return;
    }
    if !is_ingress(res) {
        return;
    }
    if let Some(v) = res.annotation(PROXY_SSL_PROTOCOLS) {
        let weak = weak_protocols(&v.scalar_text().unwrap_or_default(), min);
        if !weak.is_empty() {
            out.report(
                path!["metadata", "annotations", PROXY_SSL_PROTOCOLS],
                format!(
                    "Ingress {} enables {} towards its backends (proxy-ssl-protocols), below the minimum TLS {min}; set it to \"{}\"",
                    res.name,
                    weak.join(", "),
                    what_to_write(min)
                ),
            );
        }
    }
    for key in SNIPPETS {
        if let Some(snippet) = res.annotation(key).and_then(Node::scalar_text) {
            let short = key.rsplit('/').next().unwrap_or(key);
            report_snippet(
                res,
                &snippet,
                path!["metadata", "annotations", *key],
                short,
                min,
                out,
            );
        }
    }
}

/// Reports the protocol directives of an nginx snippet that enable weak
/// protocols, once per snippet.
fn report_snippet(
    res: &Resource,
    snippet: &str,
    at: crate::model::Path,
    what: &str,
    min: TlsVersion,
    out: &mut Sink,
) {
    let mut weak: Vec<String> = Vec::new();
    let mut directives: Vec<String> = Vec::new();
    for (directive, args) in snippet_protocol_directives(snippet) {
        let w = weak_protocols(&args, min);
        if w.is_empty() {
            continue;
        }
        if !directives.contains(&directive) {
            directives.push(directive);
        }
        for p in w {
            if !weak.contains(&p) {
                weak.push(p);
            }
        }
    }
    if !weak.is_empty() {
        out.report(
            at,
            format!(
                "{} {} {what} sets {} with {}, below the minimum TLS {min}; remove the directive or list only {}",
                res.kind,
                res.name,
                directives.join(" and "),
                weak.join(", "),
                what_to_write(min)
            ),
        );
    }
}
