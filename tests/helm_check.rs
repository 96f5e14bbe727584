//! `plumb check` on a chart directory: the chart renders natively and every
//! finding points into the template that produced the offending value.
//! The chart is fixtures/charts/storefront, written for this test.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const CHART: &str = "fixtures/charts/storefront";

fn check(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("plumb runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// (rule, file, line, column) of every finding.
fn located(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, u64, u64)], rule: &str, file: &str, line: u64, col: u64) {
    let want = (rule.to_string(), format!("{CHART}/{file}"), line, col);
    assert!(
        found.contains(&want),
        "no {rule} at {file}:{line}:{col}; found:\n{found:#?}"
    );
}

#[test]
fn findings_on_a_chart_point_at_the_template_lines_that_produced_them() {
    let (code, report) = check(&["--select", "multi-az,resource-limits,pdb", CHART]);
    assert_eq!(code, 1, "{report}");
    let found = located(&report);
    // `replicas: {{ .Values.replicaCount }}`: the action on line 8.
    has(&found, "K8S001", "templates/deployment.yaml", 8, 13);
    // `{{- toYaml .Values.resources | nindent 12 }}` renders `{}`: the
    // missing requests and limits point at the `resources:` key (line 28).
    for rule in ["K8S006", "K8S007", "K8S008", "K8S009"] {
        has(&found, rule, "templates/deployment.yaml", 28, 11);
    }
    // Every finding is in a template of the chart, never in rendered text.
    for (rule, file, line, _) in &found {
        assert!(
            file.starts_with(&format!("{CHART}/templates/")) && *line >= 1,
            "{rule} at {file}:{line}"
        );
    }
}

#[test]
fn values_files_and_set_change_what_the_chart_renders() {
    // Production values: three replicas, resources and a PDB; what is left is
    // the missing zone spread, on the pod spec of the template.
    let (code, report) = check(&[
        "--select",
        "multi-az,resource-limits,pdb",
        "--values",
        &format!("{CHART}/values-prod.yaml"),
        CHART,
    ]);
    assert_eq!(code, 1, "{report}");
    let found = located(&report);
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(rules, ["K8S002"], "{found:#?}");
    has(&found, "K8S002", "templates/deployment.yaml", 16, 5);

    // --set on top: one replica again.
    let (_, report) = check(&[
        "--select",
        "K8S001",
        "--values",
        &format!("{CHART}/values-prod.yaml"),
        "--set",
        "replicaCount=1",
        CHART,
    ]);
    has(
        &located(&report),
        "K8S001",
        "templates/deployment.yaml",
        8,
        13,
    );
}

#[test]
fn a_chart_that_fails_to_render_is_a_located_parse_error_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("broken");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: broken\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.yaml"), "image: {}\n").unwrap();
    std::fs::write(
        chart.join("templates/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: app\n      image: {{ required \"image.repository is required\" .Values.image.repository }}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plain.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: plain}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers: [{name: a, image: \"x:1\"}]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--select", "K8S001", "."])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = located(&report);
    assert!(
        found.contains(&(
            "parse-error".into(),
            "broken/templates/pod.yaml".into(),
            8,
            17
        )),
        "{found:#?}"
    );
    let message = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "parse-error")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("image.repository is required"),
        "{message}"
    );
    // The plain manifest next to the chart is still checked.
    assert!(
        found.iter().any(|f| f.0 == "K8S001" && f.1 == "plain.yaml"),
        "{found:#?}"
    );
    assert!(Path::new(&dir.path().join("plain.yaml")).exists());
}

#[test]
fn human_report_on_a_chart_shows_the_template_lines() {
    let out = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args([
            "check",
            "--select",
            "multi-az,resource-limits,K8S022",
            CHART,
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}
