//! ## What it does
//! Flags an Ingress with TLS whose `nginx.ingress.kubernetes.io/ssl-redirect`
//! annotation is `false`, and an ingress-nginx controller ConfigMap with
//! `ssl-redirect: "false"`, unless `force-ssl-redirect` turns the redirect
//! back on.
//!
//! ## Why is this bad?
//! Without the redirect the same site answers in plain HTTP on port 80:
//! bookmarks, typed URLs and old links keep sending cookies and form data
//! unencrypted, and an attacker can strip the upgrade to HTTPS.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::{go_bool, is_ingress};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S013",
        name: "https-redirect-disabled",
        title: "ingress-nginx HTTPS redirect is turned off",
        severity: Severity::Medium,
        categories: &["tls"],
        rationale: "ingress-nginx answers plain HTTP requests for a host with TLS with a 308 redirect to HTTPS by default. `ssl-redirect: \"false\"` (on an Ingress, or for every Ingress in the controller ConfigMap) turns that off, so the site is also served unencrypted on port 80: typed URLs, old links and bookmarks send cookies and form posts in clear text, and an on-path attacker can keep a victim on HTTP (SSL stripping). `force-ssl-redirect: \"true\"` on the same object redirects anyway and is accepted. `force-ssl-redirect: \"false\"` is the default and changes nothing, so it is not flagged; Ingresses without `spec.tls` are the business of `ingress-without-tls`.",
        remediation: "Remove the annotation (the default redirects) or set it to `\"true\"`; when a load balancer in front terminates TLS, use `force-ssl-redirect`:\n\n```yaml\nmetadata:\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"true\"\n```\n\nIn the controller ConfigMap, delete `ssl-redirect: \"false\"`.",
        compliance: &[
            Control { framework: "PCI-DSS", control: "4.2.1" },
            Control { framework: "SOC2", control: "CC6.7" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Ingress", "ConfigMap"],
        example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"false\"\nspec:\n  tls:\n  - {hosts: [shop.example.com], secretName: shop-tls}\n",
    },
    check,
};

const SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/ssl-redirect";
const FORCE_SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/force-ssl-redirect";

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    if res.kind == "ConfigMap" && res.api_version == "v1" {
        let data = |k: &str| res.body.get_in(&["data", k]).and_then(go_bool);
        if data("ssl-redirect") == Some(false) && data("force-ssl-redirect") != Some(true) {
            out.report(
                path!["data", "ssl-redirect"],
                format!(
                    "ConfigMap {} sets ssl-redirect to false, so every Ingress with TLS is also served over plain HTTP; remove the key or set it to \"true\"",
                    res.name
                ),
            );
        }
        return;
    }
    if !is_ingress(res) {
        return;
    }
    let has_tls = res
        .body
        .get_in(&["spec", "tls"])
        .is_some_and(|t| !t.items().is_empty());
    if !has_tls {
        return;
    }
    let ann = |k: &str| res.annotation(k).and_then(go_bool);
    if ann(SSL_REDIRECT) == Some(false) && ann(FORCE_SSL_REDIRECT) != Some(true) {
        let shown = res
            .annotation(SSL_REDIRECT)
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        out.report(
            path!["metadata", "annotations", SSL_REDIRECT],
            format!(
                "Ingress {} has TLS but sets ssl-redirect to \"{shown}\", so it is also served over plain HTTP; remove the annotation or set it to \"true\"",
                res.name
            ),
        );
    }
}
