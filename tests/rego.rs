//! Rego end to end: Conftest-style policy directories give the findings
//! `conftest test` defines, plumb-metadata packages join the rule set, bad
//! policies fail clearly, `plumb test` runs policy unit tests, and Rego
//! findings are valid SARIF with precise regions.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use plumb::config::Config;
use plumb::rego::Namespaces;
use plumb::report::{self, Format};
use plumb::scan::{self, Options, Report};
use serde_json::Value;

const CONFTEST: &str = "fixtures/rego/conftest";

fn conftest_scan(namespaces: Namespaces, select: &[&str]) -> Report {
    let opts = Options {
        paths: vec![PathBuf::from(CONFTEST).join("manifests.yaml")],
        policies: vec![PathBuf::from(CONFTEST).join("policy")],
        namespaces,
        select: Some(select.iter().map(|s| s.to_string()).collect()),
        ..Options::default()
    };
    scan::run(&Config::default(), &opts).unwrap()
}

/// `(rule, severity, resource, line, message)` of every finding.
fn rows(r: &Report) -> Vec<(String, String, String, u32, String)> {
    r.findings
        .iter()
        .map(|f| {
            (
                f.rule_id.to_string(),
                f.severity.to_string(),
                f.resource.clone().unwrap_or_default(),
                f.span.start.line,
                f.message.clone(),
            )
        })
        .collect()
}

fn row(
    rule: &str,
    sev: &str,
    res: &str,
    line: u32,
    msg: &str,
) -> (String, String, String, u32, String) {
    (rule.into(), sev.into(), res.into(), line, msg.into())
}

#[test]
fn conftest_directory_gives_conftest_findings() {
    // What `conftest test manifests.yaml -p policy` reports for package
    // main (deny, deny_registry and violation fail, warn warns), with the
    // helper library and the data file; plus the two plumb-metadata rules of
    // the same directory, located by their `path`.
    let r = conftest_scan(Namespaces::default(), &["main", "ORG001", "ORG002"]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        rows(&r),
        vec![
            row("main", "high", "Deployment/shop/api", 22, "Deployment/api: containers must not run as root"),
            row("main", "high", "Deployment/shop/api", 22, "Deployment/api: image docker.io/library/nginx:1.25 is not from an allowed registry"),
            row("main", "high", "Deployment/shop/api", 22, "Deployment/api: missing team label"),
            row("ORG001", "medium", "Deployment/shop/api", 27, "Deployment/shop/api has 1 replicas, fewer than 2 (fixtures/rego/conftest/manifests.yaml)"),
            row("main", "info", "Service/shop/web", 39, "Service/web: LoadBalancer services cost money, prefer the shared ingress"),
            row("ORG002", "low", "Service/shop/legacy", 55, "Service legacy selects no Deployment, StatefulSet or DaemonSet in namespace shop"),
        ]
    );
    insta::assert_snapshot!("rego_conftest", report::render(Format::Human, &r, false));
    // The default `--fail-on low` passes warnings, as conftest does
    // without --fail-on-warn.
    assert!(r
        .findings
        .iter()
        .filter(|f| f.message.contains("LoadBalancer"))
        .all(|f| f.severity < plumb::Severity::Low));
}

#[test]
fn conftest_namespaces_default_to_main() {
    let extra = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.rule_id == "kubernetes.extra")
            .count()
    };
    // Not selectable by default: the package is not read.
    let opts = Options {
        paths: vec![PathBuf::from(CONFTEST).join("manifests.yaml")],
        policies: vec![PathBuf::from(CONFTEST).join("policy")],
        select: Some(vec!["kubernetes.extra".into()]),
        ..Options::default()
    };
    assert!(scan::run(&Config::default(), &opts).is_err());
    let all = conftest_scan(Namespaces::All, &["main", "kubernetes.extra"]);
    assert_eq!(extra(&all), 1);
    assert_eq!(all.findings.len(), 5);
    let only = conftest_scan(
        Namespaces::Only(vec!["kubernetes.extra".into()]),
        &["custom"],
    );
    assert_eq!(
        rows(&only),
        vec![row(
            "kubernetes.extra",
            "high",
            "ConfigMap/shop/settings",
            61,
            "ConfigMap settings has no owner label"
        )]
    );
}

#[test]
fn policies_from_plumb_yaml_use_its_params() {
    let config = Config::load(Path::new("fixtures/rego/config/plumb.yaml")).unwrap();
    let opts = Options {
        paths: vec![PathBuf::from(CONFTEST).join("manifests.yaml")],
        select: Some(vec!["ORG001".into()]),
        ..Options::default()
    };
    let r = scan::run(&config, &opts).unwrap();
    let msgs: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "Deployment/shop/web has 3 replicas, fewer than 4 (fixtures/rego/conftest/manifests.yaml)",
            "Deployment/shop/api has 1 replicas, fewer than 4 (fixtures/rego/conftest/manifests.yaml)"
        ]
    );
}

#[test]
fn rego_rules_are_in_the_registry_like_native_ones() {
    let m = plumb::rules::find("host-path-volume").expect("registered by name");
    assert_eq!(m.id, "K8S102");
    assert!(plumb::rules::find("k8s107").is_some());
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args(["explain", "K8S104"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# K8S104 `dangerous-capability-added`"),
        "{text}"
    );
    assert!(text.contains("PSS baseline/capabilities"), "{text}");
    // Severity overrides and category selection apply to Rego rules.
    let config = Config::from_text(
        "rules:\n  severity: {K8S106: critical}\n",
        "plumb.yaml",
        PathBuf::from("."),
    )
    .unwrap();
    let opts = Options {
        paths: vec![PathBuf::from("fixtures/rules/K8S106")],
        select: Some(vec!["exposure".into()]),
        ..Options::default()
    };
    let r = scan::run(&config, &opts).unwrap();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].severity, plumb::Severity::Critical);
}

fn plumb(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_with_policy_flag() {
    let manifests = format!("{CONFTEST}/manifests.yaml");
    let policy = format!("{CONFTEST}/policy");
    let (code, out, _) = plumb(&[
        "check", &manifests, "--policy", &policy, "--select", "main", "-f", "json",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let n = v["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(n, 4, "{out}");
    // Only a warning: exit 0, as conftest without --fail-on-warn; with
    // `--fail-on info`, exit 1, as with --fail-on-warn.
    let svc = "fixtures/rego/conftest/lb-only.yaml";
    let (code, out, _) = plumb(&["check", svc, "--policy", &policy, "--select", "main"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("LoadBalancer services cost money"), "{out}");
    let (code, _, _) = plumb(&[
        "check",
        svc,
        "--policy",
        &policy,
        "--select",
        "main",
        "--fail-on",
        "info",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn bad_policies_fail_with_file_and_line() {
    let manifests = format!("{CONFTEST}/manifests.yaml");
    let (code, _, err) = plumb(&["check", &manifests, "--policy", "fixtures/rego/bad/syntax"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fixtures/rego/bad/syntax/broken.rego:8: expecting expression"),
        "{err}"
    );
    let (code, _, err) = plumb(&[
        "check",
        &manifests,
        "--policy",
        "fixtures/rego/bad/undefined",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fixtures/rego/bad/undefined/typo.rego:7: undefined function upperr"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_runaway_policy_is_stopped_and_the_scan_goes_on() {
    let opts = Options {
        paths: vec![PathBuf::from(CONFTEST).join("manifests.yaml")],
        policies: vec![PathBuf::from("fixtures/rego/bad/loop")],
        select: Some(vec!["main".into(), "K8S103".into()]),
        ..Options::default()
    };
    let r = scan::run(&Config::default(), &opts).unwrap();
    // The other rules still report.
    assert!(r.findings.iter().any(|f| f.rule_id == "K8S103"));
    assert!(r.findings.iter().all(|f| f.rule_id != "main"));
    let errs = r.errors.join("\n");
    assert!(
        errs.contains("policy main (fixtures/rego/bad/loop/slow.rego) failed on Deployment/shop/"),
        "{errs}"
    );
    assert!(errs.contains("time limit"), "{errs}");
    assert!(errs.contains("stopped for the rest of the scan"), "{errs}");
}

#[test]
fn plumb_test_passes_on_the_builtin_packs() {
    let (code, out, err) = plumb(&["test", "policies/"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.trim_end().ends_with(" passed, 0 failed"), "{out}");
    let passed: usize = out
        .split_whitespace()
        .rev()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(passed >= 20, "{out}");
    let (code, out, _) = plumb(&["test", &format!("{CONFTEST}/policy"), "-v"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS fixtures/rego/conftest/policy/deployment_test.rego:11: data.main.test_registries_can_be_overridden"), "{out}");
}

#[test]
fn a_failing_policy_test_is_reported_and_exits_1() {
    let (code, out, _) = plumb(&["test", "fixtures/rego/failing"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL fixtures/rego/failing/labels_test.rego:12: data.labels_test.test_deliberately_failing"),
        "{out}"
    );
    assert!(out.contains("the rule is false or undefined"), "{out}");
    assert!(out.trim_end().ends_with("1 passed, 1 failed"), "{out}");
    // --run filters by full name.
    let (code, out, _) = plumb(&["test", "fixtures/rego/failing", "--run", "missing_label"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("1 passed, 0 failed"), "{out}");
    let (code, _, err) = plumb(&["test", "fixtures/rego/failing", "--run", "("]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn plumb_test_coverage_names_uncovered_lines() {
    let (code, out, _) = plumb(&[
        "test",
        "fixtures/rego/failing",
        "--coverage",
        "--run",
        "missing_label",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Coverage"), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("fixtures/rego/failing/labels.rego"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("% ("), "{line}");
    assert!(
        !out.contains("labels_test.rego: "),
        "test files are left out: {out}"
    );
}

fn schema() -> jsonschema::Validator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = "shared/schemas/sarif-schema-2.1.0.json";
    let path = root
        .ancestors()
        .map(|a| a.join(rel))
        .chain([Path::new("/work").join(rel)])
        .find(|p| p.is_file())
        .expect("the SARIF schema");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::options().build(&schema).unwrap()
}

#[test]
fn rego_findings_are_valid_sarif_with_precise_regions() {
    let opts = Options {
        paths: vec![
            PathBuf::from("fixtures/rules/K8S104"),
            PathBuf::from("fixtures/rules/K8S107"),
            PathBuf::from(CONFTEST).join("manifests.yaml"),
        ],
        policies: vec![PathBuf::from(CONFTEST).join("policy")],
        select: Some(vec![
            "K8S104".into(),
            "K8S107".into(),
            "main".into(),
            "ORG001".into(),
        ]),
        ..Options::default()
    };
    let r = scan::run(&Config::default(), &opts).unwrap();
    let sarif: Value = serde_json::from_str(&report::render(Format::Sarif, &r, false)).unwrap();
    let v = schema();
    let errors: Vec<String> = v.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for id in ["K8S104", "K8S107", "main", "ORG001"] {
        let rule = rules
            .iter()
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert!(rule["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
    }
    let k8s104 = rules.iter().find(|x| x["id"] == "K8S104").unwrap();
    assert_eq!(k8s104["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().unwrap();
    let region = |id: &str, line: u64| {
        results
            .iter()
            .filter(|x| x["ruleId"] == id)
            .map(|x| &x["locations"][0]["physicalLocation"]["region"])
            .find(|r| r["startLine"] == line)
            .unwrap_or_else(|| panic!("{id} at line {line}: {results:#?}"))
            .clone()
    };
    // `- NET_ADMIN` in the K8S104 fixture: the item itself.
    let r40 = region("K8S104", 40);
    assert_eq!(
        (r40["startColumn"].as_u64(), r40["endColumn"].as_u64()),
        (Some(19), Some(28))
    );
    // `value: sk_live_51Hexample`: the value.
    let r46 = region("K8S107", 46);
    assert_eq!(r46["startColumn"], 22);
    // ORG001's path: `replicas: 1`.
    let r27 = region("ORG001", 27);
    assert_eq!(r27["startColumn"], 13);
}

/// A user rule with `targets: [terraform]` reads a plan's resources through
/// the AWS pack's helpers and reports at the `.tf` lines (modules
/// included); a Conftest-style package of the same directory reads
/// Kubernetes documents only, so it reports nothing on a plan.
#[test]
fn user_policy_on_terraform_resources() {
    let opts = Options {
        paths: vec![PathBuf::from("fixtures/rules/AWS001/plan.json")],
        policies: vec![PathBuf::from("fixtures/rego/terraform")],
        select: Some(vec!["ORG010".into(), "main".into()]),
        ..Options::default()
    };
    let r = scan::run(&Config::default(), &opts).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let got: Vec<(String, String, u32)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.file.clone(), f.span.start.line))
        .collect();
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(got.iter().all(|(id, _, _)| id == "ORG010"), "{got:?}");
    assert!(got.contains(&(
        "ORG010".into(),
        "fixtures/rules/AWS001/modules/db/main.tf".into(),
        3
    )));
    assert!(got.contains(&("ORG010".into(), "fixtures/rules/AWS001/main.tf".into(), 18)));
}

/// A user policy with `targets: [cloudformation]` reads the evaluated
/// properties, the links by `!GetAtt`, and the template's other resources
/// in `data.plumb.cloudformation`.
#[test]
fn user_policy_on_cloudformation_resources() {
    let opts = Options {
        paths: vec![PathBuf::from("fixtures/cloudformation/database.yaml")],
        policies: vec![PathBuf::from("fixtures/rego/cloudformation")],
        select: Some(vec!["ORG020".into()]),
        cfn_params: [("Environment".to_string(), "production".to_string())].into(),
        region: Some("eu-west-1".into()),
        ..Options::default()
    };
    let r = scan::run(&Config::default(), &opts).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let got: Vec<(String, u32, String)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.span.start.line, f.message.clone()))
        .collect();
    // Database is tagged (env, tier, stack: no team) and its key, rotated
    // (`yes`), is in the template: one finding, at Tags. Replica is deployed
    // (production in eu-west-1) and has no Tags: the finding goes on its
    // Properties.
    assert_eq!(
        got,
        vec![
            (
                "ORG020".into(),
                57,
                "Database (AWS::RDS::DBInstance in fixtures/cloudformation/database.yaml) has no team tag".into()
            ),
            (
                "ORG020".into(),
                66,
                "Replica (AWS::RDS::DBInstance in fixtures/cloudformation/database.yaml) has no team tag".into()
            ),
        ]
    );
}
