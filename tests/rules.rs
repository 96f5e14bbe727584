//! Every rule is tested alone on its fixture directory, `fixtures/rules/<ID>/`.
//!
//! A fixture holds Kubernetes objects named `ok-*` (compliant) and `bad-*`
//! (violating); objects with other names support the case (a PDB, an HPA).
//! The test fails when a rule has no fixture, when a finding lands on an
//! object not named `bad-*`, or when a `bad-*` object gets no finding. The
//! findings, as a user sees them (`file:line:col`, message, source line),
//! are snapshots. Each subdirectory is a further case, with its own
//! `plumb.yaml` for parameters.

use std::path::{Path, PathBuf};

use plumb::config::Config;
use plumb::report::{self, Format};
use plumb::rules;
use plumb::scan::{self, Options};

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subs.sort();
    out.extend(subs);
    out
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
                && p.file_name().is_some_and(|n| n != "plumb.yaml")
        })
        .collect();
    v.sort();
    v
}

/// Identities and names of the resources in a fixture file: Kubernetes
/// objects, a Terraform plan's resource instances (named as in `.tf`,
/// `resource "aws_db_instance" "bad-single-az"`), or a CloudFormation
/// template's resources (logical ids are alphanumeric: `BadSingleAz` reads
/// as `bad-SingleAz`, `OkMultiAz` as `ok-MultiAz`).
fn object_names(path: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).unwrap();
    let l = plumb::source::load_path(path, &bytes, true, &plumb::source::LoadOptions::default());
    l.resources
        .iter()
        .chain(l.extra.iter().flat_map(|e| &e.resources))
        .map(|r| match plumb::source::terraform::of(r) {
            Some(tf) => (r.identity(), tf.name.clone()),
            None if plumb::source::cloudformation::of(r).is_some() => {
                let id = r.name.as_str();
                let name = if let Some(rest) = id.strip_prefix("Bad") {
                    format!("bad-{rest}")
                } else if let Some(rest) = id.strip_prefix("Ok") {
                    format!("ok-{rest}")
                } else {
                    id.to_string()
                };
                (r.identity(), name)
            }
            None => (r.identity(), r.name.clone()),
        })
        .collect()
}

/// Terraform fixtures are written by a `make.py` (with `scripts/tfplan.py`)
/// that writes the `.tf` files and the plan together; the committed files
/// are what it writes.
#[test]
fn terraform_fixtures_are_up_to_date() {
    let mut scripts = Vec::new();
    let mut stack = vec![PathBuf::from("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "make.py") {
                scripts.push(p);
            }
        }
    }
    assert!(!scripts.is_empty());
    for s in scripts {
        let out = std::process::Command::new("python3")
            .arg(&s)
            .arg("--check")
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}: {}",
            s.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_rule_has_a_fixture_and_behaves_on_it() {
    let root = Path::new("fixtures/rules");
    let mut failures = Vec::new();
    // Native and built-in Rego rules alike.
    for meta in rules::all_meta() {
        if meta.id == rules::PARSE_ERROR.id {
            continue;
        }
        let id = meta.id;
        let dir = root.join(id);
        if !dir.is_dir() {
            failures.push(format!("{id}: no fixture directory {}", dir.display()));
            continue;
        }
        let mut saw_ok = false;
        let mut saw_bad = false;
        for case in cases(&dir) {
            let files = yaml_files(&case);
            if files.is_empty() {
                continue;
            }
            let config = match case.join("plumb.yaml") {
                p if p.is_file() => Config::load(&p).unwrap(),
                _ => Config::default(),
            };
            let opts = Options {
                paths: files.clone(),
                select: Some(vec![id.to_string()]),
                ..Options::default()
            };
            let report = scan::run(&config, &opts).unwrap();
            // A policy that fails on a fixture is a bug, even if the
            // names happen to work out.
            for e in &report.errors {
                failures.push(format!("{id}: {}: {e}", case.display()));
            }
            let flagged: Vec<&str> = report
                .findings
                .iter()
                .filter_map(|f| f.resource.as_deref())
                .collect();
            for f in &report.findings {
                assert_ne!(
                    f.rule_id, "parse-error",
                    "{id}: fixture does not parse: {f:?}"
                );
            }
            for file in &files {
                for (identity, name) in object_names(file) {
                    if name.starts_with("bad-") {
                        saw_bad = true;
                        if !flagged.contains(&identity.as_str()) {
                            failures.push(format!(
                                "{id}: {identity} in {} is not flagged",
                                file.display()
                            ));
                        }
                    } else {
                        saw_ok |= name.starts_with("ok-");
                        if flagged.contains(&identity.as_str()) {
                            failures.push(format!(
                                "{id}: {identity} in {} is flagged but not named bad-*",
                                file.display()
                            ));
                        }
                    }
                }
            }
            let name = match case.strip_prefix(&dir).unwrap().to_str().unwrap() {
                "" => id.to_string(),
                sub => format!("{id}-{sub}"),
            };
            insta::assert_snapshot!(name, report::render(Format::Human, &report, false));
        }
        if !saw_ok || !saw_bad {
            failures.push(format!(
                "{id}: the fixture needs both ok-* and bad-* objects"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let want = rules::docs::markdown();
    let have = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    if std::env::var_os("PLUMB_BLESS").is_some() {
        std::fs::write("docs/rules.md", &want).unwrap();
        return;
    }
    assert!(
        have == want,
        "docs/rules.md is stale: run `PLUMB_BLESS=1 cargo test --test rules docs` (or `cargo run -- rules --format markdown > docs/rules.md`)"
    );
}
