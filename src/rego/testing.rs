//! `plumb test`: runs the `test_*` rules of Rego files, as `opa test` does.
//! A test passes when its rule is `true`; `false`, undefined or an error
//! fails it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{add_policy, is_data_file, load_data, nest, regorus_error, rule_heads, walk};
use super::{PolicyError, PolicySet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The rule was false or undefined.
    Fail,
    /// The rule could not be evaluated.
    Error(String),
}

#[derive(Clone, Debug)]
pub struct TestCase {
    pub file: String,
    pub line: u32,
    /// `data.pkg.test_name`.
    pub name: String,
    pub outcome: Outcome,
    pub duration: Duration,
}

/// Covered and uncovered lines of one policy file (test files left out).
#[derive(Clone, Debug)]
pub struct FileCoverage {
    pub file: String,
    pub covered: Vec<u32>,
    pub not_covered: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct TestRun {
    pub cases: Vec<TestCase>,
    pub coverage: Option<Vec<FileCoverage>>,
}

impl TestRun {
    pub fn failed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome != Outcome::Pass)
            .count()
    }
}

/// Loads every `.rego` and data file under `paths` and runs the tests whose
/// full name (`data.pkg.test_name`) matches `filter`.
pub fn run(
    paths: &[PathBuf],
    filter: Option<&regex::Regex>,
    coverage: bool,
) -> Result<TestRun, PolicyError> {
    let mut set = PolicySet::new();
    let engine = &mut set.engine;
    // (shown path, package, text) of every module.
    let mut modules: Vec<(String, String, String)> = Vec::new();
    for root in paths {
        let found = walk(root).map_err(|message| PolicyError {
            file: crate::scan::display_path(root),
            line: 1,
            message,
        })?;
        for p in found {
            let shown = crate::scan::display_path(&p);
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_rego = name.ends_with(".rego");
            if !is_rego && !is_data_file(name) {
                continue;
            }
            let text = std::fs::read_to_string(&p).map_err(|e| PolicyError {
                file: shown.clone(),
                line: 1,
                message: format!("cannot read: {e}"),
            })?;
            if is_rego {
                let package = add_policy(engine, &shown, &text)?;
                modules.push((shown, package, text));
            } else {
                let dir = if root.is_dir() {
                    root.as_path()
                } else {
                    root.parent().unwrap_or(root)
                };
                let rel = p
                    .parent()
                    .and_then(|d| d.strip_prefix(dir).ok())
                    .unwrap_or(std::path::Path::new(""));
                let value = nest(rel, load_data(&shown, &text)?);
                engine.add_data(value).map_err(|e| PolicyError {
                    file: shown.clone(),
                    line: 1,
                    message: format!("cannot merge into data: {e:#}"),
                })?;
            }
        }
    }
    // Compile now, so that an undefined function or a conflict is reported
    // with its file and line before any test runs.
    if let Err(e) = engine.eval_query("true".to_string(), false) {
        let text = format!("{e:#}");
        let file = modules
            .iter()
            .map(|m| m.0.as_str())
            .find(|f| text.contains(&format!("{f}:")))
            .unwrap_or("<policies>");
        return Err(regorus_error(file, &e));
    }
    if coverage {
        engine.set_enable_coverage(true);
    }
    let mut cases = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (file, package, text) in &modules {
        for (rule, line) in rule_heads(text) {
            if !rule.starts_with("test_") {
                continue;
            }
            let name = format!("data.{package}.{rule}");
            if !seen.insert(name.clone()) || filter.is_some_and(|f| !f.is_match(&name)) {
                continue;
            }
            let start = Instant::now();
            let outcome = match engine.eval_rule(name.clone()) {
                Ok(regorus::Value::Bool(true)) => Outcome::Pass,
                Ok(_) => Outcome::Fail,
                Err(e) => Outcome::Error(format!("{e:#}")),
            };
            cases.push(TestCase {
                file: file.clone(),
                line,
                name,
                outcome,
                duration: start.elapsed(),
            });
        }
    }
    let coverage = if coverage {
        let report = engine.get_coverage_report().map_err(|e| PolicyError {
            file: "<coverage>".into(),
            line: 1,
            message: format!("{e:#}"),
        })?;
        let mut files: Vec<FileCoverage> = report
            .files
            .into_iter()
            .filter(|f| !f.path.ends_with("_test.rego"))
            .map(|f| FileCoverage {
                file: f.path,
                covered: f.covered.into_iter().collect(),
                not_covered: f.not_covered.into_iter().collect(),
            })
            .collect();
        files.sort_by(|a, b| a.file.cmp(&b.file));
        Some(files)
    } else {
        None
    };
    Ok(TestRun { cases, coverage })
}

/// The report `plumb test` prints.
pub fn render(run: &TestRun, verbose: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for c in &run.cases {
        let ms = c.duration.as_secs_f64() * 1000.0;
        match &c.outcome {
            Outcome::Pass => {
                if verbose {
                    let _ = writeln!(out, "PASS {}:{}: {} ({ms:.1} ms)", c.file, c.line, c.name);
                }
            }
            Outcome::Fail => {
                let _ = writeln!(
                    out,
                    "FAIL {}:{}: {} ({ms:.1} ms)\n     the rule is false or undefined: a condition in its body did not hold",
                    c.file, c.line, c.name
                );
            }
            Outcome::Error(e) => {
                let _ = writeln!(out, "ERROR {}:{}: {}", c.file, c.line, c.name);
                for l in e.lines() {
                    let _ = writeln!(out, "     {l}");
                }
            }
        }
    }
    if let Some(cov) = &run.coverage {
        out.push_str("\nCoverage (policy files; lines with evaluated expressions):\n");
        for f in cov {
            let total = f.covered.len() + f.not_covered.len();
            let pct = if total == 0 {
                100.0
            } else {
                f.covered.len() as f64 * 100.0 / total as f64
            };
            let _ = write!(
                out,
                "  {}: {pct:.1}% ({}/{total} lines)",
                f.file,
                f.covered.len()
            );
            if !f.not_covered.is_empty() {
                let lines: Vec<String> = f.not_covered.iter().map(u32::to_string).collect();
                let _ = write!(out, "; not covered: {}", lines.join(", "));
            }
            out.push('\n');
        }
    }
    let failed = run.failed();
    let _ = writeln!(
        out,
        "{}{} passed, {failed} failed",
        if out.is_empty() { "" } else { "\n" },
        run.cases.len() - failed
    );
    out
}
