//! `plumb render CHART`: helm-template-identical output (expected text from helm
//! v4.1.4 on the same chart and flags), errors on stderr with the template file
//! and line, exit code 2, and the templates that did render still printed.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn chart(dir: &Path, templates: &[(&str, &str)]) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: rc\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(dir.join("values.yaml"), "name: web\nport: 80\n").unwrap();
    for (name, text) in templates {
        std::fs::write(dir.join("templates").join(name), text).unwrap();
    }
}

const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-{{ .Values.name }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  ports:\n    - port: {{ .Values.port }}\n";
const CM: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: {{ .Values.missing }}\n";

/// `helm template shop CHART --namespace prod --set port=8080`.
const HELM_OUTPUT: &str = "---
# Source: rc/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k:
---
# Source: rc/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop-web
  namespace: prod
spec:
  ports:
    - port: 8080
";

#[test]
fn prints_what_helm_template_prints() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("rc");
    chart(&dir, &[("svc.yaml", SVC), ("cm.yaml", CM)]);
    Command::cargo_bin("plumb")
        .unwrap()
        .args([
            "render",
            dir.to_str().unwrap(),
            "--release",
            "shop",
            "--namespace",
            "prod",
            "--set",
            "port=8080",
        ])
        .assert()
        .success()
        .stdout(HELM_OUTPUT)
        .stderr("");
}

#[test]
fn writes_to_a_file_with_output() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("rc");
    chart(&dir, &[("svc.yaml", SVC), ("cm.yaml", CM)]);
    let out = tmp.path().join("out.yaml");
    Command::cargo_bin("plumb")
        .unwrap()
        .args([
            "render",
            dir.to_str().unwrap(),
            "--release-name",
            "shop",
            "-n",
            "prod",
            "--set",
            "port=8080",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(out).unwrap(), HELM_OUTPUT);
}

#[test]
fn every_error_with_its_file_and_line_and_the_rest_rendered() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("rc");
    chart(
        &dir,
        &[
            ("svc.yaml", SVC),
            ("bad.yaml", "a: 1\nb: {{ if }}\n"),
            ("worse.yaml", "x: {{ .Values.name.first }}\n"),
        ],
    );
    let assert = Command::cargo_bin("plumb")
        .unwrap()
        .args(["render", dir.to_str().unwrap(), "--release", "shop"])
        .assert()
        .code(2);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // helm: "parse error at (rc/templates/bad.yaml:2): missing value for if".
    assert!(
        stderr.contains("parse error at (rc/templates/bad.yaml:2): missing value for if"),
        "{stderr}"
    );
    assert!(stderr.contains("rc/templates/worse.yaml:1:"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("# Source: rc/templates/svc.yaml\n"),
        "{stdout}"
    );
    assert!(stdout.contains("name: shop-web\n"), "{stdout}");
}

#[test]
fn a_missing_chart_is_a_usage_error() {
    Command::cargo_bin("plumb")
        .unwrap()
        .args(["render", "/nonexistent/chart"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/nonexistent/chart"));
}
