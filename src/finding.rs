//! What a scan reports.

use serde::Serialize;

use crate::rules::Severity;
use crate::source::span::Span;

/// One violation of one rule at one place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule_id: &'static str,
    pub rule_name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the working directory, with forward slashes.
    pub file: String,
    pub span: Span,
    /// `Kind/namespace/name` of the resource, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Attribute path inside the resource (`spec.replicas`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Stable across edits elsewhere in the file: a hash of rule, file,
    /// resource identity and attribute path (or message, for parse errors).
    pub fingerprint: String,
}

impl Finding {
    /// Ordering used for every report: file, position, rule, message.
    pub fn sort_key(&self) -> (&str, Span, &str, &str) {
        (&self.file, self.span, self.rule_id, &self.message)
    }
}

/// 64-bit FNV-1a: tiny, stable across Rust versions and platforms.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprint_is_stable_and_separates_parts() {
        assert_eq!(
            super::fingerprint(&["a", "b"]),
            super::fingerprint(&["a", "b"])
        );
        assert_ne!(
            super::fingerprint(&["ab", ""]),
            super::fingerprint(&["a", "b"])
        );
        assert_eq!(super::fingerprint(&[""]).len(), 16);
    }
}
