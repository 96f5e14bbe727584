//! ## What it does
//! Flags an Istio `Gateway` server that terminates TLS and accepts a
//! protocol below `min_tls_version`: `tls.minProtocolVersion` set too low,
//! `tls.maxProtocolVersion` capped below the minimum, or no
//! `minProtocolVersion` when the minimum is 1.3 (Istio's default is 1.2).
//!
//! ## Why is this bad?
//! TLS 1.0 and 1.1 are deprecated and attackable; a gateway that accepts
//! them lets clients be downgraded to them.

use crate::config::TlsVersion;
use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::Protocol;

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S015",
        name: "istio-gateway-weak-tls",
        title: "Istio Gateway accepts TLS versions below the minimum",
        severity: Severity::High,
        categories: &["tls"],
        rationale: "An Istio ingress gateway negotiates the TLS version a `Gateway` server allows in `tls.minProtocolVersion` and `tls.maxProtocolVersion` (`TLSV1_0` to `TLSV1_3`, or `TLS_AUTO`). `TLSV1_0` and `TLSV1_1` are deprecated (RFC 8996), forbidden by PCI DSS, and let an attacker downgrade clients. Without `minProtocolVersion` (or with `TLS_AUTO`) Envoy in Istio accepts TLS 1.2 and up, so a missing value is flagged only when `params.min_tls_version` is 1.3 (a mesh-wide `meshConfig.tlsDefaults.minProtocolVersion` is not visible to plumb). Servers in `PASSTHROUGH` or `AUTO_PASSTHROUGH` mode terminate nothing and plain HTTP servers that only carry `httpsRedirect` are skipped.",
        remediation: "Set the lowest accepted version on each TLS server:\n\n```yaml\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [\"shop.example.com\"]\n    tls:\n      mode: SIMPLE\n      credentialName: shop-example-com-tls\n      minProtocolVersion: TLSV1_2   # TLSV1_3 when min_tls_version is 1.3\n```",
        compliance: &[
            Control { framework: "PCI-DSS", control: "4.2.1" },
            Control { framework: "HIPAA", control: "164.312(e)(1)" },
            Control { framework: "SOC2", control: "CC6.7" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["Gateway (networking.istio.io)"],
        example: "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public}\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [\"*\"]\n    tls: {mode: SIMPLE, credentialName: public-tls, minProtocolVersion: TLSV1_0}\n",
    },
    check,
};

/// Istio's server-side default lowest version.
const ISTIO_DEFAULT: TlsVersion = TlsVersion::V1_2;

fn istio_version(node: &Node) -> Option<Option<Protocol>> {
    let text = node.scalar_text()?;
    if text.trim().eq_ignore_ascii_case("TLS_AUTO") {
        return Some(None);
    }
    Protocol::parse(&text).map(Some)
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    if res.kind != "Gateway" || res.api_group() != "networking.istio.io" {
        return;
    }
    let min = cx.params.min_tls_version;
    let servers = res
        .body
        .get_in(&["spec", "servers"])
        .map(Node::items)
        .unwrap_or(&[]);
    for (i, server) in servers.iter().enumerate() {
        let Some(tls) = server.get("tls").filter(|t| t.as_map().is_some()) else {
            continue;
        };
        let mode = tls.get_str("mode").unwrap_or("SIMPLE").to_ascii_uppercase();
        if mode.ends_with("PASSTHROUGH") {
            continue;
        }
        let protocol = server
            .get_in(&["port", "protocol"])
            .and_then(Node::as_str)
            .unwrap_or("HTTPS")
            .to_ascii_uppercase();
        if !matches!(protocol.as_str(), "HTTPS" | "TLS") {
            continue;
        }
        let port = server
            .get_in(&["port", "number"])
            .and_then(Node::scalar_text)
            .map_or_else(|| format!("#{i}"), |n| format!("on port {n}"));
        let at = |k: &str| path!["spec", "servers", i, "tls", k];
        match tls.get("minProtocolVersion").map(istio_version) {
            Some(Some(Some(p))) if p.is_below(min) => out.report(
                at("minProtocolVersion"),
                format!(
                    "Gateway {} server {port} accepts {p} (minProtocolVersion), below the minimum TLS {min}; set minProtocolVersion to {}",
                    res.name,
                    wanted(min)
                ),
            ),
            // Unset or TLS_AUTO: Istio's default.
            None | Some(Some(None)) if ISTIO_DEFAULT < min => out.report(
                at("minProtocolVersion"),
                format!(
                    "Gateway {} server {port} does not set minProtocolVersion, so it accepts Istio's default TLS {ISTIO_DEFAULT}, below the minimum TLS {min}; set minProtocolVersion to {}",
                    res.name,
                    wanted(min)
                ),
            ),
            _ => {}
        }
        if let Some(Some(Some(p))) = tls.get("maxProtocolVersion").map(istio_version) {
            if p.is_below(min) {
                out.report(
                    at("maxProtocolVersion"),
                    format!(
                        "Gateway {} server {port} caps TLS at {p} (maxProtocolVersion), below the minimum TLS {min}; remove maxProtocolVersion or set it to TLSV1_3",
                        res.name
                    ),
                );
            }
        }
    }
}

fn wanted(min: TlsVersion) -> &'static str {
    match min {
        TlsVersion::V1_3 => "TLSV1_3",
        _ => "TLSV1_2",
    }
}
