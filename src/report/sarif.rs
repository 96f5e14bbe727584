//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//!
//! Built with the `serde-sarif` types rather than hand-written JSON: they are
//! generated from the SARIF 2.1.0 schema, so a misspelt or misplaced property
//! does not compile, and everything the contract asks for (rule metadata,
//! property bags with tags and `security-severity`, regions, logical
//! locations, partial fingerprints, `columnKind`, `originalUriBaseIds`) has a
//! field. `results` is an `Option` there; it is always set, so a clean scan
//! still writes `"results": []`.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::finding::Finding;
use crate::rules::{docs, Severity};
use crate::scan::{EnabledRule, Report};

/// Where the schema of the written document lives.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id of every relative artifact URI: the directory plumb ran in.
pub const SRCROOT: &str = "%SRCROOT%";

/// Fingerprint key in `partialFingerprints`; bump the version if the
/// fingerprint's inputs change.
pub const FINGERPRINT_KEY: &str = "plumb/v1";

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn level(s: Severity) -> ResultLevel {
    match s.sarif_level() {
        "error" => ResultLevel::Error,
        "warning" => ResultLevel::Warning,
        _ => ResultLevel::Note,
    }
}

/// Tags of a rule: its categories, `security` (GitHub code scanning only
/// shows `security-severity` for rules tagged so), then compliance controls
/// as `FRAMEWORK-CONTROL` (`SOC2-A1.2`).
pub fn rule_tags(rule: &EnabledRule) -> Vec<String> {
    let mut tags: Vec<String> = rule.meta.categories.iter().map(|c| c.to_string()).collect();
    tags.push("security".into());
    for c in rule.meta.compliance {
        tags.push(format!("{}-{}", c.framework, c.control).replace(' ', "-"));
    }
    tags.dedup();
    tags
}

fn descriptor(rule: &EnabledRule) -> ReportingDescriptor {
    let m = rule.meta;
    let help_text = format!(
        "{}\n\nWhy: {}\n\nFix: {}",
        m.title, m.rationale, m.remediation
    );
    let mut props = BTreeMap::new();
    props.insert(
        "security-severity".to_string(),
        json!(rule.severity.security_severity()),
    );
    props.insert("severity".to_string(), json!(rule.severity.as_str()));
    ReportingDescriptor::builder()
        .id(m.id)
        .name(m.name)
        .short_description(text(m.title))
        .full_description(text(m.rationale))
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(docs::rule_markdown(m, "#"))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(rule.severity.sarif_level()))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(rule_tags(rule))
                .additional_properties(props)
                .build(),
        )
        .build()
}

/// Percent-encodes what may not stand in a URI path (RFC 3986 `pchar` and `/`).
fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a shown path: relative to `%SRCROOT%` when the
/// file is below the working directory, else an absolute `file:` URI.
fn artifact(file: &str) -> ArtifactLocation {
    let file = file.replace('\\', "/");
    let b = file.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/';
    if file.starts_with('/') || drive {
        let abs = if drive { format!("/{file}") } else { file };
        // Keep the drive colon readable (`file:///C:/...`).
        let uri = format!("file://{}", encode_path(&abs).replacen("%3A", ":", 1));
        return ArtifactLocation::builder().uri(uri).build();
    }
    // `:` is encoded too, so a first segment never reads as a scheme.
    let uri = encode_path(file.strip_prefix("./").unwrap_or(&file));
    ArtifactLocation::builder()
        .uri(uri)
        .uri_base_id(SRCROOT)
        .build()
}

fn result(report: &Report, f: &Finding) -> SarifResult {
    let end = f.span.report_end();
    let start_line = f.span.start.line.max(1);
    let start_col = f.span.start.col.max(1);
    let region = Region::builder()
        .start_line(i64::from(start_line))
        .start_column(i64::from(start_col))
        .end_line(i64::from(end.line.max(start_line)))
        .end_column(i64::from(end.col.max(1)))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(artifact(&f.file))
        .region(region)
        .build();
    let location = match &f.resource {
        Some(identity) => Location::builder()
            .physical_location(physical)
            .logical_locations(vec![LogicalLocation::builder()
                .name(identity.clone())
                .fully_qualified_name(identity.clone())
                .kind("resource")
                .build()])
            .build(),
        None => Location::builder().physical_location(physical).build(),
    };
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), f.fingerprint.clone());
    let mut props = BTreeMap::new();
    props.insert("severity".to_string(), json!(f.severity.as_str()));
    if let Some(p) = &f.path {
        props.insert("path".to_string(), json!(p));
    }
    let r = SarifResult::builder()
        .rule_id(f.rule_id)
        .level(level(f.severity))
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build());
    match report.rule_index(f.rule_id) {
        Some(i) => r.rule_index(i as i64).build(),
        None => r.build(),
    }
}

/// The SARIF log as a value (for tests that inspect it).
pub fn log(report: &Report) -> Sarif {
    let driver = ToolComponent::builder()
        .name("plumb")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_HOMEPAGE"))
        .rules(report.rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let mut bases = BTreeMap::new();
    bases.insert(
        SRCROOT.to_string(),
        ArtifactLocation::builder()
            .description(
                Message::builder()
                    .text("The directory plumb was run in; every relative path is below it.")
                    .build(),
            )
            .build(),
    );
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(bases)
        .column_kind(json!("unicodeCodePoints"))
        .results(
            report
                .findings
                .iter()
                .map(|f| result(report, f))
                .collect::<Vec<_>>(),
        )
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&log(report)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(file: &str) -> (String, Option<String>) {
        let a = artifact(file);
        (a.uri.unwrap(), a.uri_base_id)
    }

    #[test]
    fn relative_paths_are_encoded_under_srcroot() {
        assert_eq!(
            uri("deploy/web app.yaml"),
            ("deploy/web%20app.yaml".into(), Some(SRCROOT.into()))
        );
        assert_eq!(uri("./a/b#c.yaml").0, "a/b%23c.yaml");
        assert_eq!(uri("a:b.yaml").0, "a%3Ab.yaml");
        assert_eq!(uri("dir\\x.yaml").0, "dir/x.yaml");
        assert_eq!(uri("café.yaml").0, "caf%C3%A9.yaml");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(
            uri("/tmp/x y.yaml"),
            ("file:///tmp/x%20y.yaml".into(), None)
        );
        assert_eq!(uri("C:/deploy/x.yaml").0, "file:///C:/deploy/x.yaml");
    }
}
