//! OPA `# METADATA` annotation blocks, parsed by plumb (regorus drops
//! comments). A block is a run of comment lines starting with `# METADATA`;
//! the lines after it, with their leading `#` (and one space) removed, are
//! YAML. The block that stands directly above `package` describes the
//! package, which is one plumb rule.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Target;
use crate::rules::{Control, Meta, Severity, CATEGORIES};

/// A `# METADATA` block as written.
#[derive(Debug, Default, Deserialize)]
pub struct Annotations {
    pub title: Option<String>,
    pub description: Option<String>,
    pub scope: Option<String>,
    #[serde(default)]
    pub custom: Custom,
}

/// The `custom:` section plumb reads.
#[derive(Debug, Default, Deserialize)]
pub struct Custom {
    pub id: Option<String>,
    pub name: Option<String>,
    pub severity: Option<Severity>,
    #[serde(default)]
    pub categories: Vec<String>,
    pub remediation: Option<String>,
    /// Framework name to control ids: `{"CIS Kubernetes 1.8": ["5.2.2"]}`.
    #[serde(default)]
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// Kinds the rule looks at; the rule is only evaluated for these.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// A violating example (YAML), for the docs.
    pub example: Option<String>,
    /// What the rule reads: `kubernetes` (the default), `terraform`.
    #[serde(default)]
    pub targets: Vec<String>,
}

/// The package's annotations and the 1-based line of `# METADATA`.
#[derive(Debug)]
pub struct Block {
    pub line: u32,
    pub annotations: Annotations,
}

/// Finds the `# METADATA` block directly above the `package` line (or one
/// with `scope: package` anywhere). `Ok(None)`: the package has none.
pub fn package_block(source: &str) -> Result<Option<Block>, (u32, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let start = i;
        let mut yaml = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_start().starts_with('#') {
            let l = lines[i].trim_start();
            let l = l.strip_prefix('#').unwrap_or(l);
            yaml.push_str(l.strip_prefix(' ').unwrap_or(l));
            yaml.push('\n');
            i += 1;
        }
        let annotations: Annotations = yaml_serde::from_str(&yaml).map_err(|e| {
            let line = e.location().map_or(start + 1, |l| start + l.line().max(1));
            (line as u32 + 1, format!("bad METADATA block: {e}"))
        })?;
        // Blank lines may separate the block from the package.
        let mut j = i;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        let above_package = lines
            .get(j)
            .is_some_and(|l| l.trim_start().starts_with("package "));
        let scoped = annotations.scope.as_deref() == Some("package");
        if above_package || scoped {
            return Ok(Some(Block {
                line: start as u32 + 1,
                annotations,
            }));
        }
    }
    Ok(None)
}

/// Leaks a string: rule metadata lives as long as the process. Policies are
/// loaded once per run, so this is a bounded, one-time cost.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn leak_list(v: Vec<String>) -> &'static [&'static str] {
    Box::leak(
        v.into_iter()
            .map(leak)
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

/// Turns a package's annotations into rule metadata, checking what the
/// registry requires. `package` is the Rego package path (`kubernetes.x`).
pub fn to_meta(block: &Block, package: &str) -> Result<Meta, (u32, String)> {
    let a = &block.annotations;
    let c = &a.custom;
    let err = |m: String| (block.line, m);
    let id =
        c.id.clone()
            .ok_or_else(|| err("METADATA: custom.id is required (e.g. K8S101)".into()))?;
    let well_formed = id.len() > 3 && {
        let (prefix, digits) = id.split_at(id.len() - 3);
        !prefix.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    if !well_formed {
        return Err(err(format!(
            "METADATA: custom.id \"{id}\" must be a prefix in capitals and three digits (K8S101)"
        )));
    }
    let name = c.name.clone().unwrap_or_else(|| {
        package
            .rsplit('.')
            .next()
            .unwrap_or(package)
            .replace('_', "-")
    });
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(err(format!(
            "METADATA: custom.name \"{name}\" must be kebab-case"
        )));
    }
    let title = a
        .title
        .clone()
        .ok_or_else(|| err("METADATA: title is required".into()))?;
    let rationale = a
        .description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| err("METADATA: description (why it matters) is required".into()))?;
    let remediation = c
        .remediation
        .clone()
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| err("METADATA: custom.remediation is required".into()))?;
    let severity = c
        .severity
        .ok_or_else(|| err("METADATA: custom.severity is required".into()))?;
    if c.categories.is_empty() {
        return Err(err(
            "METADATA: custom.categories needs at least one tag".into()
        ));
    }
    for cat in &c.categories {
        if !CATEGORIES.iter().any(|(k, _)| k == cat) {
            return Err(err(format!(
                "METADATA: unknown category \"{cat}\"; known: {}",
                CATEGORIES
                    .iter()
                    .map(|(k, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut targets: Vec<Target> = Vec::new();
    for t in &c.targets {
        let t = match t.as_str() {
            "kubernetes" => Target::Kubernetes,
            "terraform" => Target::Terraform,
            "cloudformation" => Target::CloudFormation,
            other => {
                return Err(err(format!(
                    "METADATA: unknown target \"{other}\"; known: kubernetes, terraform, cloudformation"
                )))
            }
        };
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    let targets: &'static [Target] = if targets.is_empty() {
        &[Target::Kubernetes]
    } else {
        Box::leak(targets.into_boxed_slice())
    };
    let compliance: Vec<Control> = c
        .frameworks
        .iter()
        .flat_map(|(f, ids)| {
            let f = leak(f.clone());
            ids.iter().map(move |id| Control {
                framework: f,
                control: leak(id.clone()),
            })
        })
        .collect();
    Ok(Meta {
        id: leak(id),
        name: leak(name),
        title: leak(title.trim().to_string()),
        severity,
        categories: leak_list(c.categories.clone()),
        rationale: leak(rationale.trim().to_string()),
        remediation: leak(remediation.trim().to_string()),
        compliance: Box::leak(compliance.into_boxed_slice()),
        targets,
        kinds: leak_list(c.kinds.clone()),
        example: leak(c.example.clone().unwrap_or_default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "# A comment.\n# METADATA\n# title: Host ports\n# description: |\n#   Why.\n# custom:\n#   id: K8S199\n#   severity: high\n#   categories: [pod-security]\n#   remediation: Do it.\n#   frameworks:\n#     CIS: [\"5.1\", \"5.2\"]\npackage kubernetes.host_ports\n";

    #[test]
    fn parses_the_block_above_package() {
        let b = package_block(SRC).unwrap().unwrap();
        assert_eq!(b.line, 2);
        let m = to_meta(&b, "kubernetes.host_ports").unwrap();
        assert_eq!(m.id, "K8S199");
        assert_eq!(m.name, "host-ports");
        assert_eq!(m.title, "Host ports");
        assert_eq!(m.rationale, "Why.");
        assert_eq!(m.severity, Severity::High);
        assert_eq!(m.compliance.len(), 2);
    }

    #[test]
    fn no_block_is_none_and_bad_fields_are_located() {
        assert!(package_block("package main\n").unwrap().is_none());
        let bad = SRC.replace("pod-security", "nope");
        let b = package_block(&bad).unwrap().unwrap();
        let (line, msg) = to_meta(&b, "x").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("unknown category \"nope\""), "{msg}");
        let (line, msg) = package_block("# METADATA\n# title: [\npackage x\n").unwrap_err();
        assert!(line >= 2, "{line}");
        assert!(msg.contains("METADATA"), "{msg}");
    }
}
