//! SARIF output is valid SARIF 2.1.0 (checked against the OASIS schema in
//! `../shared/schemas/`), says what the contract says, and is snapshotted.

use std::path::{Path, PathBuf};

use plumb::config::Config;
use plumb::report::{self, Format};
use plumb::scan::{self, Options, Report};
use serde_json::Value;

const SCHEMA: &str = "shared/schemas/sarif-schema-2.1.0.json";

/// The schema: `../shared/...` beside the repository (CI), then
/// `/work/shared/...`, then any parent directory holding `shared/schemas/`.
/// Missing schema is a failure, never a skip.
fn schema_path() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tried = vec![
        root.join("..").join(SCHEMA),
        Path::new("/work").join(SCHEMA),
    ];
    tried.extend(root.ancestors().map(|a| a.join(SCHEMA)));
    for p in &tried {
        if p.is_file() {
            return p.clone();
        }
    }
    panic!(
        "SARIF schema not found; looked at:\n{}",
        tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_path()).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the SARIF schema is draft-04"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

fn scan(paths: &[&Path]) -> Report {
    let opts = Options {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        // A fixed rule set keeps the snapshot stable as rules are added.
        select: Some(vec!["K8S001".into(), "K8S003".into()]),
        ..Options::default()
    };
    scan::run(&Config::default(), &opts).unwrap()
}

fn sarif(report: &Report) -> Value {
    let text = report::render(Format::Sarif, report, true);
    serde_json::from_str(&text).expect("the SARIF output is nothing but JSON")
}

#[test]
fn sarif_of_findings_is_valid_and_complete() {
    let report = scan(&[Path::new("fixtures/report")]);
    assert!(report.findings.len() >= 3, "{:#?}", report.findings);
    let doc = sarif(&report);
    assert_valid(&validator(), &doc);

    assert_eq!(doc["version"], "2.1.0");
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "plumb");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_HOMEPAGE"));

    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["parse-error", "K8S001", "K8S003"]);
    for r in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!r[key].is_null(), "rule {} lacks {key}", r["id"]);
        }
        assert!(r["help"]["text"].as_str().unwrap().len() > 20);
        assert!(r["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains(r["id"].as_str().unwrap()));
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(tags.contains(&Value::from("security")));
        let sev = r["properties"]["security-severity"].as_str().unwrap();
        let sev: f64 = sev
            .parse()
            .expect("security-severity is a number in a string");
        assert!((0.0..=10.0).contains(&sev));
    }
    let k8s001 = &rules[1];
    assert_eq!(k8s001["name"], "insufficient-replicas");
    let tags = k8s001["properties"]["tags"].as_array().unwrap();
    for t in ["multi-az", "security", "SOC2-A1.2"] {
        assert!(tags.contains(&Value::from(t)), "{t} missing from {tags:?}");
    }
    assert_eq!(k8s001["defaultConfiguration"]["level"], "error");
    assert_eq!(k8s001["properties"]["security-severity"], "8.0");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"], "ruleIndex points at its rule");
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("fixtures/report/"), "{uri}");
        assert!(!uri.contains('\\') && !uri.contains(' '), "{uri}");
        let region = &loc["region"];
        let (sl, sc) = (
            region["startLine"].as_u64().unwrap(),
            region["startColumn"].as_u64().unwrap(),
        );
        let (el, ec) = (
            region["endLine"].as_u64().unwrap(),
            region["endColumn"].as_u64().unwrap(),
        );
        assert!(sl >= 1 && sc >= 1);
        assert!((el, ec) > (sl, sc), "{region}");
        assert!(r["partialFingerprints"]["plumb/v1"].as_str().unwrap().len() == 16);
    }

    // The single-replica Deployment: at `1` of `replicas: 1` (line 9, col 13).
    let replicas = results
        .iter()
        .find(|r| r["ruleId"] == "K8S001")
        .expect("a K8S001 result");
    assert_eq!(replicas["level"], "error");
    let region = &replicas["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (
            &Value::from(9),
            &Value::from(13),
            &Value::from(9),
            &Value::from(14)
        )
    );
    let logical = &replicas["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["fullyQualifiedName"], "Deployment/shop/checkout");
    assert_eq!(logical["kind"], "resource");

    // The broken file: a parse-error result, its name percent-encoded.
    let broken = results
        .iter()
        .find(|r| r["ruleId"] == "parse-error")
        .expect("a parse-error result");
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/report/broken%20config.yaml"
    );
    assert!(broken["locations"][0].get("logicalLocations").is_none());
}

#[test]
fn sarif_of_a_clean_scan_has_empty_results() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ok.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n",
    )
    .unwrap();
    let report = scan(&[&file]);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let doc = sarif(&report);
    assert_valid(&validator(), &doc);
    assert_eq!(doc["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(
        doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn sarif_of_files_outside_the_working_directory_uses_file_uris() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web app.yaml");
    std::fs::write(
        &file,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.yaml"),
        b"apiVersion: v1\nkind: [a\n",
    )
    .unwrap();
    let report = scan(&[dir.path()]);
    let doc = sarif(&report);
    assert_valid(&validator(), &doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:#?}");
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = loc["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(!uri.contains(' ') && !uri.contains('\\'), "{uri}");
        assert!(loc.get("uriBaseId").is_none(), "{loc}");
    }
    assert!(results.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/web%20app.yaml")
    ));
}

#[test]
fn the_schema_check_rejects_bad_sarif() {
    // The validator is not a rubber stamp: a 0 line and a missing message fail.
    let report = scan(&[Path::new("fixtures/report")]);
    let v = validator();
    let mut doc = sarif(&report);
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!v.is_valid(&doc));
    let mut doc = sarif(&report);
    doc["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!v.is_valid(&doc));
    let mut doc = sarif(&report);
    doc["version"] = Value::from("2.0.0");
    assert!(!v.is_valid(&doc));
}

#[test]
fn sarif_snapshot() {
    let report = scan(&[Path::new("fixtures/report")]);
    let text = report::render(Format::Sarif, &report, false);
    let version = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    let redacted = text.replace(&version, "\"[version]\"");
    assert!(!redacted.contains(&version));
    insta::assert_snapshot!("sarif", redacted);
}

/// The bundled examples, scanned with every rule and their configuration,
/// give schema-valid SARIF whose every result has a region on a real line
/// and column of the file it names.
#[test]
fn sarif_of_the_examples_with_every_rule_is_valid_and_located() {
    let config = Config::load(Path::new("examples/plumb.yaml")).unwrap();
    let opts = Options {
        paths: vec![PathBuf::from("examples")],
        ..Options::default()
    };
    let report = scan::run(&config, &opts).unwrap();
    assert!(!report.findings.is_empty());
    let doc = sarif(&report);
    assert_valid(&validator(), &doc);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), plumb::rules::all_meta().len());
    for r in doc["runs"][0]["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        let text = std::fs::read_to_string(uri.replace("%20", " ")).unwrap();
        let region = &loc["region"];
        let line = region["startLine"].as_u64().unwrap() as usize;
        let col = region["startColumn"].as_u64().unwrap() as usize;
        let src = text
            .lines()
            .nth(line - 1)
            .unwrap_or_else(|| panic!("{uri}:{line} past the end"));
        assert!(
            col >= 1 && col <= src.chars().count() + 1,
            "{uri}:{line}:{col} outside `{src}`"
        );
        assert!(region["endLine"].as_u64().unwrap() as usize >= line);
        assert!(!r["partialFingerprints"].as_object().unwrap().is_empty());
        assert!(
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string()
                || r["ruleId"] == "parse-error"
        );
    }
}

/// CloudFormation findings in SARIF: valid, at the template's line and
/// column, with the logical id as the logical location.
#[test]
fn sarif_of_cloudformation_findings() {
    let opts = Options {
        paths: vec![PathBuf::from("fixtures/rules/AWS001/cloudformation")],
        select: Some(vec!["AWS001".into()]),
        ..Options::default()
    };
    let report = scan::run(&Config::default(), &opts).unwrap();
    let doc = sarif(&report);
    assert_valid(&validator(), &doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let r = results
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == "BadMultiAzFalse")
        .expect("BadMultiAzFalse is reported");
    assert_eq!(r["ruleId"], "AWS001");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "fixtures/rules/AWS001/cloudformation/template.yaml"
    );
    assert_eq!(loc["region"]["startLine"], 32);
    assert_eq!(loc["region"]["startColumn"], 16);
    assert_eq!(loc["region"]["endColumn"], 21);
    assert_eq!(r["locations"][0]["logicalLocations"][0]["kind"], "resource");
}
