//! The bundled examples stay honest: scanning `examples/` with
//! `examples/plumb.yaml` finds the deliberate violations (each marked
//! `VIOLATION` in the manifests and listed in examples/README.md) and
//! nothing else.
//!
//! Rules are checked only once they are registered, so the test grows with
//! the rule pack: a new rule that flags a compliant example object is either
//! wrong or has found a mistake in the example; fix one or the other.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plumb::config::Config;
use plumb::rules;
use plumb::scan::{self, Options};

/// An object written to break a standard: the rule (id, name or category)
/// that must report it, and what else may report it.
struct Deliberate {
    resource: &'static str,
    must: &'static str,
    may: &'static [&'static str],
}

const DELIBERATE: &[Deliberate] = &[
    Deliberate {
        resource: "Deployment/legacy/admin-panel",
        must: "K8S001",
        may: &[],
    },
    Deliberate {
        resource: "Deployment/legacy/order-reports",
        must: "K8S003",
        may: &[],
    },
    // Requests without limits: the CPU and the memory limit rules.
    Deliberate {
        resource: "Deployment/legacy/newsletter-worker",
        must: "resource-limits",
        may: &["resource-limits"],
    },
    Deliberate {
        resource: "Deployment/legacy/image-resizer",
        must: "K8S022",
        may: &[],
    },
    Deliberate {
        resource: "Ingress/legacy/admin",
        must: "K8S011",
        may: &[],
    },
    Deliberate {
        resource: "ConfigMap/ingress-nginx-legacy/ingress-nginx-controller",
        must: "K8S012",
        may: &[],
    },
    Deliberate {
        resource: "StorageClass/gp2",
        must: "K8S016",
        may: &[],
    },
    Deliberate {
        resource: "CronJob/profiles-eu/profiles-analytics-export",
        must: "K8S018",
        may: &[],
    },
    // CloudFormation templates, checked with the same AWS rules.
    Deliberate {
        resource: "ReportsDb",
        must: "AWS001",
        may: &[],
    },
    Deliberate {
        resource: "Exports",
        must: "AWS041",
        may: &[],
    },
    // A Helm chart, rendered natively: its image tag comes from values.yaml.
    Deliberate {
        resource: "Deployment/shop/recommendations",
        must: "K8S022",
        may: &[],
    },
];

fn scan_examples() -> scan::Report {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let config = Config::load(&root.join("plumb.yaml")).expect("examples/plumb.yaml loads");
    let opts = Options {
        paths: vec![root],
        ..Options::default()
    };
    scan::run(&config, &opts).expect("the examples scan")
}

/// Whether a rule id or name, or a category tag, is registered.
fn registered(token: &str) -> bool {
    rules::all().iter().any(|r| rules::matches(&r.meta, token))
}

#[test]
fn examples_find_the_deliberate_violations_and_nothing_else() {
    let report = scan_examples();
    assert!(
        report.resources > 40,
        "the examples load: {} resources",
        report.resources
    );
    let mut problems = Vec::new();
    let mut found: BTreeSet<(String, &str)> = BTreeSet::new();
    for f in &report.findings {
        let at = format!("{}:{}:{}", f.file, f.span.start.line, f.span.start.col);
        let Some(res) = f.resource.as_deref() else {
            problems.push(format!(
                "{at}: {} {} (not about a resource)",
                f.rule_id, f.message
            ));
            continue;
        };
        let meta = rules::find(f.rule_id).expect("a finding's rule is registered");
        let intended = DELIBERATE
            .iter()
            .find(|d| d.resource == res)
            .is_some_and(|d| {
                std::iter::once(d.must)
                    .chain(d.may.iter().copied())
                    .any(|t| rules::matches(meta, t))
            });
        if intended {
            found.insert((res.to_string(), f.rule_id));
        } else {
            problems.push(format!(
                "{at}: unexpected {} on {res}: {}",
                f.rule_id, f.message
            ));
        }
    }
    for d in DELIBERATE {
        if !registered(d.must) {
            continue; // the rule has not landed yet
        }
        let hit = found.iter().any(|(res, id)| {
            res == d.resource && rules::find(id).is_some_and(|m| rules::matches(m, d.must))
        });
        if !hit {
            problems.push(format!(
                "{}: expected a finding of {} (see examples/README.md)",
                d.resource, d.must
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "examples/ and the rules disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_deliberate_violation_is_listed_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/README.md"))
            .unwrap();
    for d in DELIBERATE {
        let name = d.resource.rsplit('/').next().unwrap();
        assert!(
            readme.contains(&format!("{name}`")),
            "examples/README.md does not list {}",
            d.resource
        );
    }
    // The first two rules exist from the start: the test above checks
    // something today.
    assert!(registered("K8S001") && registered("K8S003"));
}
