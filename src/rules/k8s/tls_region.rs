//! Helpers the TLS, encryption and data-residency rules share: protocol
//! tokens as nginx and Istio write them, Go-style booleans in annotations,
//! and the region an availability zone belongs to.

use std::fmt;

use crate::config::TlsVersion;
use crate::model::{Path, Resource};
use crate::source::yaml::{Node, Value};

/// A TLS or SSL protocol version, as configuration files name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    Ssl2,
    Ssl3,
    Tls(TlsVersion),
}

impl Protocol {
    /// Reads `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSV1_2`, `1.3` (case-insensitive,
    /// as nginx compares its `ssl_protocols` values).
    pub fn parse(token: &str) -> Option<Self> {
        let t = token.trim().trim_matches(['"', '\'']);
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            "sslv2" => return Some(Protocol::Ssl2),
            "sslv3" => return Some(Protocol::Ssl3),
            _ => {}
        }
        if !(lower.starts_with("tls") || lower.starts_with('1')) {
            return None;
        }
        // `TlsVersion::parse` knows `TLSv`, `TLS` and `tls` prefixes; give
        // it a canonical one so `tlsV1_2` and `Tlsv1.1` read too.
        let rest = lower.strip_prefix("tls").unwrap_or(&lower);
        TlsVersion::parse(&format!("TLS{rest}")).map(Protocol::Tls)
    }

    /// Whether this protocol is older than `min`.
    pub fn is_below(self, min: TlsVersion) -> bool {
        match self {
            Protocol::Ssl2 | Protocol::Ssl3 => true,
            Protocol::Tls(v) => v < min,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protocol::Ssl2 => f.write_str("SSL 2.0"),
            Protocol::Ssl3 => f.write_str("SSL 3.0"),
            Protocol::Tls(v) => write!(f, "TLS {v}"),
        }
    }
}

/// The tokens of a whitespace-separated protocol list (`TLSv1 TLSv1.1
/// TLSv1.2`) that name a protocol below `min`, as written. Unknown tokens
/// are ignored.
pub fn weak_protocols(list: &str, min: TlsVersion) -> Vec<String> {
    list.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| Protocol::parse(t).is_some_and(|p| p.is_below(min)))
        .map(|t| t.trim_matches(['"', '\'']).to_string())
        .collect()
}

/// nginx directives that set the protocols of a TLS handshake: to clients
/// (`ssl_protocols`) and to upstreams (`proxy_ssl_protocols`,
/// `grpc_ssl_protocols`).
pub const PROTOCOL_DIRECTIVES: &[&str] =
    &["ssl_protocols", "proxy_ssl_protocols", "grpc_ssl_protocols"];

/// The protocol directives of an nginx configuration snippet, as
/// `(directive, arguments)`. Comments are skipped; statements end at `;`,
/// `{` or `}`.
pub fn snippet_protocol_directives(snippet: &str) -> Vec<(String, String)> {
    // Drop comments: a `#` at the start of a token, outside quotes, up to
    // the end of its line.
    let mut code = String::with_capacity(snippet.len());
    let mut quote: Option<char> = None;
    let mut in_comment = false;
    let mut prev = '\n';
    for c in snippet.chars() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                code.push(c);
            }
        } else if let Some(q) = quote {
            if c == q && prev != '\\' {
                quote = None;
            }
            code.push(c);
        } else if c == '#' && (prev.is_whitespace() || matches!(prev, ';' | '{' | '}')) {
            in_comment = true;
        } else {
            if c == '"' || c == '\'' {
                quote = Some(c);
            }
            code.push(c);
        }
        prev = c;
    }
    code.split([';', '{', '}'])
        .filter_map(|stmt| {
            let mut words = stmt.split_whitespace();
            let directive = words.next()?;
            PROTOCOL_DIRECTIVES
                .contains(&directive)
                .then(|| (directive.to_string(), words.collect::<Vec<_>>().join(" ")))
        })
        .collect()
}

/// A boolean as Go's `strconv.ParseBool` reads it (what ingress-nginx uses
/// for its annotations and ConfigMap), or a YAML boolean.
pub fn go_bool(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Int(1) => Some(true),
        Value::Int(0) => Some(false),
        Value::Str(s) => match s.trim() {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a resource is an Ingress (`networking.k8s.io` or the old
/// `extensions/v1beta1`).
pub fn is_ingress(res: &Resource) -> bool {
    res.kind == "Ingress" && matches!(res.api_group(), "networking.k8s.io" | "extensions")
}

/// Whether a resource is a StorageClass provisioning AWS EBS volumes (in-tree,
/// the EBS CSI driver, or EKS Auto Mode's built-in driver).
pub fn is_ebs_storage_class(res: &Resource) -> bool {
    res.kind == "StorageClass"
        && matches!(
            res.body.get_str("provisioner"),
            Some("kubernetes.io/aws-ebs" | "ebs.csi.aws.com" | "ebs.csi.eks.amazonaws.com")
        )
}

/// Whether a topology label key holds a region or a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topology {
    Region,
    Zone,
}

/// The well-known node and volume topology labels.
pub fn topology_key(key: &str) -> Option<Topology> {
    match key {
        "topology.kubernetes.io/region" | "failure-domain.beta.kubernetes.io/region" => {
            Some(Topology::Region)
        }
        "topology.kubernetes.io/zone"
        | "failure-domain.beta.kubernetes.io/zone"
        | "topology.ebs.csi.aws.com/zone"
        | "topology.gke.io/zone"
        | "topology.disk.csi.azure.com/zone" => Some(Topology::Zone),
        _ => None,
    }
}

/// The region of a zone name: AWS zones (`us-east-1a` → `us-east-1`), AWS
/// Local and Wavelength Zones (`us-west-2-lax-1a`, `us-east-1-wl1-bos-wlz-1`
/// → the parent region), Google Cloud zones (`europe-west1-b` →
/// `europe-west1`) and Azure zones (`westeurope-1` → `westeurope`). Zone ids
/// (`use1-az1`) and anything else unknown give `None`.
pub fn zone_region(zone: &str) -> Option<String> {
    let zone = zone.trim().to_ascii_lowercase();
    let parts: Vec<&str> = zone.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    // AWS: `us-east-1a`, `us-gov-west-1b`, `ap-southeast-2c`, or a local
    // zone `us-west-2-lax-1a`: two letters, words, then the region number.
    if parts[0].len() == 2 && parts[0].chars().all(|c| c.is_ascii_lowercase()) {
        if let Some(i) = parts
            .iter()
            .position(|p| p.starts_with(|c: char| c.is_ascii_digit()))
        {
            let words_ok = i >= 2
                && parts[1..i]
                    .iter()
                    .all(|p| p.chars().all(|c| c.is_ascii_lowercase()));
            let p = parts[i];
            let digits = p.trim_end_matches(|c: char| c.is_ascii_lowercase());
            let letters = &p[digits.len()..];
            if words_ok && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                let region = format!("{}-{digits}", parts[..i].join("-"));
                let is_az = !letters.is_empty() && i == parts.len() - 1;
                let is_local = letters.is_empty() && i < parts.len() - 1;
                if is_az || is_local {
                    return Some(region);
                }
            }
        }
    }
    // Google Cloud: `europe-west1-b`, `us-central1-a`.
    if let [area, place, suffix] = parts.as_slice() {
        if suffix.len() == 1
            && suffix.chars().all(|c| c.is_ascii_lowercase())
            && area.chars().all(|c| c.is_ascii_lowercase())
            && place.starts_with(|c: char| c.is_ascii_lowercase())
            && place.ends_with(|c: char| c.is_ascii_digit())
        {
            return Some(format!("{area}-{place}"));
        }
    }
    // Azure: `westeurope-1`.
    if let [region, n] = parts.as_slice() {
        if region.chars().all(|c| c.is_ascii_lowercase())
            && n.len() == 1
            && n.chars().all(|c| c.is_ascii_digit())
        {
            return Some((*region).to_string());
        }
    }
    None
}

/// The region a topology label value pins to, when it can be told.
pub fn pinned_region(key: Topology, value: &str) -> Option<String> {
    match key {
        Topology::Region => {
            let v = value.trim();
            (!v.is_empty()).then(|| v.to_ascii_lowercase())
        }
        Topology::Zone => zone_region(value),
    }
}

/// Whether `region` is one of `allowed` (case-insensitive).
pub fn region_allowed(region: &str, allowed: &[String]) -> bool {
    allowed
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case(region))
}

/// `eu-west-1, eu-central-1`, for messages.
pub fn allowed_list(allowed: &[String]) -> String {
    allowed.join(", ")
}

/// A label value that pins a workload or volume outside `allowed`: the
/// region it pins to, or `None` when the value is allowed, unknown or the
/// key is not a topology key.
pub fn outside_region(key: &str, value: &Node, allowed: &[String]) -> Option<String> {
    let topo = topology_key(key)?;
    let text = value.scalar_text()?;
    let region = pinned_region(topo, &text)?;
    (!region_allowed(&region, allowed)).then_some(region)
}

/// A topology label value pinned outside the allowed regions.
pub struct Pinned {
    pub path: Path,
    pub key: String,
    pub value: String,
    pub region: String,
}

impl Pinned {
    /// `topology.kubernetes.io/zone us-east-1a (region us-east-1)`.
    pub fn describe(&self) -> String {
        if self.value.eq_ignore_ascii_case(&self.region) {
            format!("{} {}", self.key, self.value)
        } else {
            format!("{} {} (region {})", self.key, self.value, self.region)
        }
    }
}

/// The `In` values of `nodeSelectorTerms[].matchExpressions` (a node
/// affinity or a PersistentVolume's node affinity) that pin a region or zone
/// outside `allowed`. `terms` is the `nodeSelectorTerms` list at `at`.
pub fn terms_outside(terms: &Node, at: &Path, allowed: &[String]) -> Vec<Pinned> {
    let mut out = Vec::new();
    for (t, term) in terms.items().iter().enumerate() {
        let exprs = term.get("matchExpressions").map(Node::items).unwrap_or(&[]);
        for (e, expr) in exprs.iter().enumerate() {
            if expr.get_str("operator") != Some("In") {
                continue;
            }
            let Some(key) = expr.get_str("key") else {
                continue;
            };
            let base = at.idx(t).key("matchExpressions").idx(e).key("values");
            out.extend(values_outside(key, expr.get("values"), &base, allowed));
        }
    }
    out
}

/// The items of a `values` list under `key` that pin outside `allowed`.
pub fn values_outside(
    key: &str,
    values: Option<&Node>,
    at: &Path,
    allowed: &[String],
) -> Vec<Pinned> {
    let mut out = Vec::new();
    for (v, value) in values.map(Node::items).unwrap_or(&[]).iter().enumerate() {
        if let Some(region) = outside_region(key, value, allowed) {
            out.push(Pinned {
                path: at.idx(v),
                key: key.to_string(),
                value: value.scalar_text().unwrap_or_default(),
                region,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::span::Span;

    #[test]
    fn protocol_tokens() {
        use TlsVersion::*;
        assert_eq!(Protocol::parse("TLSv1"), Some(Protocol::Tls(V1_0)));
        assert_eq!(Protocol::parse("TLSv1.1"), Some(Protocol::Tls(V1_1)));
        assert_eq!(Protocol::parse("tlsv1.2"), Some(Protocol::Tls(V1_2)));
        assert_eq!(Protocol::parse("TLSV1_3"), Some(Protocol::Tls(V1_3)));
        assert_eq!(Protocol::parse("TLSV1_0"), Some(Protocol::Tls(V1_0)));
        assert_eq!(Protocol::parse("SSLv3"), Some(Protocol::Ssl3));
        assert_eq!(Protocol::parse("sslv2"), Some(Protocol::Ssl2));
        assert_eq!(Protocol::parse("TLS_AUTO"), None);
        assert_eq!(Protocol::parse("HIGH:!aNULL"), None);
        assert_eq!(Protocol::parse("TLSv1.4"), None);
        assert!(Protocol::Ssl3.is_below(V1_2));
        assert!(Protocol::Tls(V1_1).is_below(V1_2));
        assert!(!Protocol::Tls(V1_2).is_below(V1_2));
        assert!(Protocol::Tls(V1_2).is_below(V1_3));
    }

    #[test]
    fn weak_tokens_of_a_list() {
        assert_eq!(
            weak_protocols("TLSv1 TLSv1.1 TLSv1.2", TlsVersion::V1_2),
            ["TLSv1", "TLSv1.1"]
        );
        assert!(weak_protocols("TLSv1.2  TLSv1.3", TlsVersion::V1_2).is_empty());
        assert_eq!(
            weak_protocols("TLSv1.2 TLSv1.3", TlsVersion::V1_3),
            ["TLSv1.2"]
        );
        assert_eq!(
            weak_protocols("SSLv3 bogus TLSv1.3", TlsVersion::V1_2),
            ["SSLv3"]
        );
    }

    #[test]
    fn snippet_directives() {
        let s = "more_set_headers \"X-Frame-Options: DENY\";\n# ssl_protocols TLSv1;\nssl_protocols TLSv1 TLSv1.2;\nlocation /x { proxy_ssl_protocols TLSv1.1; }\nproxy_ssl_server_name on;";
        assert_eq!(
            snippet_protocol_directives(s),
            [
                ("ssl_protocols".to_string(), "TLSv1 TLSv1.2".to_string()),
                ("proxy_ssl_protocols".to_string(), "TLSv1.1".to_string()),
            ]
        );
        assert!(snippet_protocol_directives("ssl_ciphers HIGH;").is_empty());
        // A `#` inside a value or quotes is not a comment.
        let s = "more_set_headers \"Link: </a#b>\";\nadd_header X-Id a#1;\nssl_protocols TLSv1.1; # legacy\n";
        assert_eq!(
            snippet_protocol_directives(s),
            [("ssl_protocols".to_string(), "TLSv1.1".to_string())]
        );
    }

    #[test]
    fn go_booleans() {
        let n = |v| Node::new(Span::default(), v);
        assert_eq!(go_bool(&n(Value::Str("false".into()))), Some(false));
        assert_eq!(go_bool(&n(Value::Str("False".into()))), Some(false));
        assert_eq!(go_bool(&n(Value::Bool(false))), Some(false));
        assert_eq!(go_bool(&n(Value::Str("0".into()))), Some(false));
        assert_eq!(go_bool(&n(Value::Str("TRUE".into()))), Some(true));
        assert_eq!(go_bool(&n(Value::Str("no".into()))), None);
        assert_eq!(go_bool(&n(Value::Null)), None);
    }

    #[test]
    fn zones_to_regions() {
        let r = |z| zone_region(z);
        assert_eq!(r("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(r("eu-central-1c").as_deref(), Some("eu-central-1"));
        assert_eq!(r("ap-southeast-2b").as_deref(), Some("ap-southeast-2"));
        assert_eq!(r("us-gov-west-1a").as_deref(), Some("us-gov-west-1"));
        assert_eq!(r("us-west-2-lax-1a").as_deref(), Some("us-west-2"));
        assert_eq!(r("us-east-1-wl1-bos-wlz-1").as_deref(), Some("us-east-1"));
        assert_eq!(r("europe-west1-b").as_deref(), Some("europe-west1"));
        assert_eq!(r("us-central1-a").as_deref(), Some("us-central1"));
        assert_eq!(r("westeurope-1").as_deref(), Some("westeurope"));
        assert_eq!(r("US-EAST-1A").as_deref(), Some("us-east-1"));
        // A region is not a zone; zone ids do not name their region.
        assert_eq!(r("us-east-1"), None);
        assert_eq!(r("use1-az1"), None);
        assert_eq!(r("zone-a"), None);
        assert_eq!(r(""), None);
    }

    #[test]
    fn outside_regions() {
        let allowed = vec!["eu-west-1".to_string(), "eu-central-1".to_string()];
        let s = |v: &str| Node::new(Span::default(), Value::Str(v.into()));
        let out = |k, v: &str| outside_region(k, &s(v), &allowed);
        assert_eq!(out("topology.kubernetes.io/region", "eu-west-1"), None);
        assert_eq!(
            out("topology.kubernetes.io/region", "us-east-1").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(out("topology.kubernetes.io/zone", "eu-central-1b"), None);
        assert_eq!(
            out("failure-domain.beta.kubernetes.io/zone", "us-west-2-lax-1a").as_deref(),
            Some("us-west-2")
        );
        assert_eq!(out("topology.kubernetes.io/zone", "use1-az1"), None);
        assert_eq!(out("kubernetes.io/hostname", "us-east-1a"), None);
    }
}
