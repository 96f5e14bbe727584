//! The rule registry: every rule declared once. The declaration drives
//! `plumb rules`, `plumb explain`, `docs/rules.md` and SARIF rule metadata.

pub mod docs;
pub mod k8s;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::Params;
use crate::index::Index;
use crate::model::{Path, Resource, Target};

/// How bad a finding is. Ordered from least to most severe.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// SARIF `level`.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        }
    }

    /// GitHub code scanning's `security-severity` (0.0 to 10.0).
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
            Severity::Info => "1.0",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The category tags of the contract, plus the documented extra ones.
pub const CATEGORIES: &[(&str, &str)] = &[
    (
        "multi-az",
        "survives the loss of one availability zone: replicas plus zone spread",
    ),
    (
        "tls",
        "data in transit encrypted with TLS at or above min_tls_version",
    ),
    (
        "encryption-at-rest",
        "persistent data encrypted at rest (customer-managed keys when required)",
    ),
    (
        "network-policy",
        "pods isolated by Kubernetes NetworkPolicies",
    ),
    (
        "pdb",
        "PodDisruptionBudgets present and not blocking every eviction",
    ),
    (
        "resource-limits",
        "CPU and memory requests and limits on every container",
    ),
    ("data-residency", "data and compute only in allowed_regions"),
    (
        "probes",
        "liveness and readiness probes on long-running containers",
    ),
    (
        "image-provenance",
        "images pinned to an immutable tag or digest",
    ),
    (
        "pod-security",
        "containers without privileged mode, host access or root",
    ),
    ("secrets", "secrets kept out of plain manifests"),
    ("exposure", "services not exposed beyond what they need"),
    (
        "backup",
        "backups kept long enough and data protected from deletion",
    ),
    ("input", "inputs plumb could not read"),
    (
        "custom",
        "Conftest-style policies loaded with --policy or policies:",
    ),
];

/// The compliance frameworks rules map to, with one spelling each (a test
/// holds every rule to it): the SOC 2 Trust Services Criteria, ISO/IEC
/// 27001:2022 Annex A, PCI DSS v4.0, the HIPAA Security Rule (45 CFR 164),
/// the GDPR, the CIS Kubernetes Benchmark v1.8, the Kubernetes Pod
/// Security Standards (`level/control`), and the CIS AWS Foundations
/// Benchmark v3.0.
pub const FRAMEWORKS: &[&str] = &[
    "SOC2",
    "ISO27001",
    "PCI-DSS",
    "HIPAA",
    "GDPR",
    "CIS-Kubernetes",
    "PSS",
    "CIS-AWS",
];

/// A compliance framework control a rule maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Control {
    pub framework: &'static str,
    pub control: &'static str,
}

/// The declaration of a rule. Native rules write one as a `const`.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    /// Stable id: a target prefix and three digits (`K8S001`). Never reused.
    pub id: &'static str,
    /// Kebab-case name of the bad pattern (`missing-pod-disruption-budget`).
    pub name: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub categories: &'static [&'static str],
    /// Why it matters (Markdown).
    pub rationale: &'static str,
    /// What to do (Markdown).
    pub remediation: &'static str,
    pub compliance: &'static [Control],
    pub targets: &'static [Target],
    /// Kinds the rule looks at, for the docs.
    pub kinds: &'static [&'static str],
    /// A violating example (YAML), for the docs.
    pub example: &'static str,
}

/// What a rule reports: where (an attribute path inside the resource) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub path: Path,
    pub message: String,
}

/// Collects a rule's violations.
#[derive(Default, Debug)]
pub struct Sink {
    pub violations: Vec<Violation>,
}

impl Sink {
    pub fn report(&mut self, path: Path, message: impl Into<String>) {
        self.violations.push(Violation {
            path,
            message: message.into(),
        });
    }
}

/// What a rule may look at besides the resource.
pub struct Ctx<'a> {
    pub params: &'a Params,
    pub index: &'a Index<'a>,
}

pub type CheckFn = fn(&Resource, &Ctx, &mut Sink);

/// A rule written in Rust.
pub struct NativeRule {
    pub meta: Meta,
    pub check: CheckFn,
}

/// The reserved rule for inputs that cannot be read.
pub const PARSE_ERROR: Meta = Meta {
    id: "parse-error",
    name: "parse-error",
    title: "Input could not be parsed",
    severity: Severity::High,
    categories: &["input"],
    rationale: "A file that does not parse is not checked at all: every standard is silently unenforced for what it holds, and the tool that deploys it will fail or, worse, read it differently.",
    remediation: "Fix the syntax at the line and column given. If the file is not meant to be scanned, exclude it with `--exclude` or `exclude:` in `plumb.yaml`.",
    compliance: &[],
    targets: &[Target::Kubernetes],
    kinds: &[],
    example: "apiVersion: v1\nkind: [Service\n",
};

/// Every rule, in id order.
pub fn all() -> Vec<&'static NativeRule> {
    let mut v: Vec<&'static NativeRule> = k8s::RULES.to_vec();
    v.sort_by_key(|r| r.meta.id);
    v
}

/// The metadata of every rule, the reserved `parse-error` first, then
/// native and built-in Rego rules in id order.
pub fn all_meta() -> Vec<&'static Meta> {
    let mut v: Vec<&'static Meta> = all()
        .into_iter()
        .map(|r| &r.meta)
        .chain(crate::rego::builtin_metas())
        .collect();
    v.sort_by_key(|m| m.id);
    std::iter::once(&PARSE_ERROR).chain(v).collect()
}

/// Finds a rule by id (case-insensitive) or name.
pub fn find(key: &str) -> Option<&'static Meta> {
    all_meta()
        .into_iter()
        .find(|m| m.id.eq_ignore_ascii_case(key) || m.name == key)
}

/// Whether a selector token (`K8S001`, `missing-pod-disruption-budget`,
/// `pdb`) names this rule.
pub fn matches(meta: &Meta, token: &str) -> bool {
    meta.id.eq_ignore_ascii_case(token) || meta.name == token || meta.categories.contains(&token)
}

/// Whether a token names any rule or category; for validating selectors.
pub fn is_known_token(token: &str) -> bool {
    CATEGORIES.iter().any(|(c, _)| *c == token) || all_meta().iter().any(|m| matches(m, token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn compliance_mappings_use_the_known_framework_spellings() {
        for m in all_meta() {
            for c in m.compliance {
                assert!(
                    FRAMEWORKS.contains(&c.framework),
                    "{}: framework {:?} is not one of {FRAMEWORKS:?}",
                    m.id,
                    c.framework
                );
                assert!(
                    !c.control.is_empty() && !c.control.contains(' '),
                    "{}: control {:?}",
                    m.id,
                    c.control
                );
            }
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for m in all_meta() {
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            if m.id != "parse-error" {
                let (prefix, digits) = m.id.split_at(m.id.len() - 3);
                assert!(digits.chars().all(|c| c.is_ascii_digit()), "{}", m.id);
                assert!(
                    prefix
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                    "{}",
                    m.id
                );
            }
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                m.name
            );
            assert!(
                !m.name.starts_with("require-") && !m.name.starts_with("check-"),
                "{}",
                m.name
            );
            assert!(
                !m.remediation.trim().is_empty(),
                "{} has no remediation",
                m.id
            );
            assert!(!m.rationale.trim().is_empty(), "{} has no rationale", m.id);
            assert!(!m.categories.is_empty(), "{} has no category", m.id);
            for c in m.categories {
                assert!(
                    CATEGORIES.iter().any(|(k, _)| k == c),
                    "{}: unknown category {c}",
                    m.id
                );
            }
        }
    }
}
