//! The real binary in a temporary directory: exit codes, output files,
//! rule selection, configuration discovery, exclusion, the `rules` and
//! `explain` commands, every output format, and a scan that meets every
//! kind of bad input and still goes to the end.
//!
//! Each temporary directory holds a `.git` directory, so configuration
//! discovery stops there and never picks up a stray `plumb.yaml` above.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const ONE_REPLICA: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:1.4.2
";

/// Three replicas and no PodDisruptionBudget: K8S003 (medium) only.
const NO_PDB: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: catalog, namespace: shop}
spec:
  replicas: 3
  selector:
    matchLabels: {app: catalog}
  template:
    metadata:
      labels: {app: catalog}
    spec:
      containers:
        - name: catalog
          image: registry.example.com/shop/catalog:2.0.0
";

const HIGHLY_AVAILABLE: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: search, namespace: shop}
spec:
  replicas: 3
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/shop/search:3.1.0
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: search, namespace: shop}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: search}
";

const CONFIG_MAP: &str = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: storefront-settings, namespace: shop}
data:
  page_size: \"20\"
  theme: light
";

struct Repo(TempDir);

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        Repo(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// `plumb` run in this directory.
    fn plumb(&self) -> Command {
        self.plumb_in(".")
    }

    fn plumb_in(&self, rel: &str) -> Command {
        let mut cmd = Command::cargo_bin("plumb").unwrap();
        cmd.current_dir(self.path().join(rel)).env("NO_COLOR", "1");
        cmd
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().unwrap();
    Run {
        code: out.status.code().expect("plumb exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// `plumb check --format json ARGS` in the repository: exit code and findings.
fn check_json(repo: &Repo, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let r = run(&mut repo.plumb(), &all);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
    (r.code, doc["findings"].as_array().unwrap().clone())
}

fn rules_of(findings: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn files_of(findings: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn clean_input_exits_0() {
    let repo = Repo::new();
    repo.write("deploy/settings.yaml", CONFIG_MAP);
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no findings in 1 files"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);

    // A highly available workload passes the replica and PDB rules.
    repo.write("deploy/search.yaml", HIGHLY_AVAILABLE);
    let r = run(
        &mut repo.plumb(),
        &["check", "--select", "K8S001,K8S003", "deploy"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn findings_exit_1_and_name_file_line_col() {
    let repo = Repo::new();
    repo.write("deploy/checkout.yaml", ONE_REPLICA);
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("deploy/checkout.yaml"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("7:13  high  K8S001 insufficient-replicas"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'), "NO_COLOR is honoured");
}

#[test]
fn fail_on_sets_the_threshold() {
    let repo = Repo::new();
    repo.write("checkout.yaml", ONE_REPLICA);
    let sel = ["--select", "K8S001"];
    // Only a high finding: `--fail-on critical` passes, `high` fails.
    let r = run(
        &mut repo.plumb(),
        &[&["check", "--fail-on", "critical"][..], &sel].concat(),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("K8S001"), "findings are still shown");
    let r = run(
        &mut repo.plumb(),
        &[&["check", "--fail-on", "high"][..], &sel].concat(),
    );
    assert_eq!(r.code, 1);
    // A medium finding fails the default threshold (low) but not `high`.
    repo.write("checkout.yaml", NO_PDB);
    let r = run(&mut repo.plumb(), &["check", "--select", "K8S003"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let r = run(
        &mut repo.plumb(),
        &["check", "--select", "K8S003", "--fail-on", "high"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = run(&mut repo.plumb(), &["check", "--fail-on", "severe"]);
    assert_eq!(r.code, 2);
}

#[test]
fn usage_errors_exit_2() {
    let repo = Repo::new();
    repo.write("checkout.yaml", ONE_REPLICA);

    let r = run(
        &mut repo.plumb(),
        &["check", "--select", "K8S001,no-such-rule"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\"no-such-rule\""), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let r = run(&mut repo.plumb(), &["check", "--ignore", "nope"]);
    assert_eq!(r.code, 2);

    let r = run(&mut repo.plumb(), &["check", "does/not/exist.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does/not/exist.yaml"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    let r = run(&mut repo.plumb(), &["check", "--config", "missing.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.yaml"), "{}", r.stderr);

    let r = run(&mut repo.plumb(), &["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
    let r = run(&mut repo.plumb(), &["frobnicate"]);
    assert_eq!(r.code, 2);
    let r = run(&mut repo.plumb(), &["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn bad_configuration_exits_2_naming_file_and_line() {
    let repo = Repo::new();
    repo.write("checkout.yaml", ONE_REPLICA);

    // An unknown key (a typo of `params`).
    repo.write(
        "plumb.yaml",
        "rules:\n  select: [K8S001]\nparms:\n  min_replicas: 2\n",
    );
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("plumb.yaml:3:1"), "{}", r.stderr);
    assert!(r.stderr.contains("parms"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    // A bad value.
    repo.write("plumb.yaml", "params:\n  min_replicas: many\n");
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("plumb.yaml:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("min_replicas"), "{}", r.stderr);

    // An unknown rule in the configuration names its line too.
    repo.write(
        "plumb.yaml",
        "rules:\n  ignore:\n    - K8S001\n    - no-such-rule\n",
    );
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("plumb.yaml:4:"), "{}", r.stderr);

    repo.write("plumb.yaml", "rules:\n  select: [K8S001, nope]\n");
    let r = run(&mut repo.plumb(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("plumb.yaml:2:20: unknown rule or category \"nope\""),
        "{}",
        r.stderr
    );
    repo.write(
        "plumb.yaml",
        "rules:\n  ignore:\n    - K8S001\n    - no-such-rule\n",
    );

    // The same file given with --config.
    std::fs::rename(repo.path().join("plumb.yaml"), repo.path().join("ci.yaml")).unwrap();
    let r = run(&mut repo.plumb(), &["check", "--config", "ci.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ci.yaml:4:"), "{}", r.stderr);
}

#[test]
fn output_file_gets_the_report_and_stdout_nothing() {
    let repo = Repo::new();
    repo.write("checkout.yaml", ONE_REPLICA);
    for (format, check) in [
        ("json", "\"findings\""),
        ("sarif", "\"2.1.0\""),
        ("junit", "<testsuites"),
        ("github", "::error "),
        ("human", "K8S001"),
    ] {
        let out = format!("report.{format}");
        let r = run(&mut repo.plumb(), &["check", "-f", format, "-o", &out]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{format}: {}", r.stdout);
        let written = std::fs::read_to_string(repo.path().join(&out)).unwrap();
        assert!(written.contains(check), "{format}: {written}");
        assert!(!written.contains('\u{1b}'), "{format}: no color in files");
    }
    let written = std::fs::read_to_string(repo.path().join("report.json")).unwrap();
    let doc: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(doc["findings"][0]["file"], "checkout.yaml");

    let r = run(
        &mut repo.plumb(),
        &["check", "-o", "no/such/dir/report.txt"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/dir/report.txt"), "{}", r.stderr);
}

#[test]
fn every_format_is_well_formed_on_stdout() {
    let repo = Repo::new();
    repo.write("deploy/checkout.yaml", ONE_REPLICA);
    repo.write("deploy/catalog.yaml", NO_PDB);
    let sel = "K8S001,K8S003";

    let r = run(
        &mut repo.plumb(),
        &["check", "-f", "sarif", "--select", sel],
    );
    assert_eq!(r.code, 1);
    let doc: Value = serde_json::from_str(&r.stdout).expect("only SARIF on stdout");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["deploy/catalog.yaml", "deploy/checkout.yaml"]);

    let r = run(
        &mut repo.plumb(),
        &["check", "-f", "github", "--select", sel],
    );
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=deploy/catalog.yaml,line=2,col=1,endLine=2,endColumn=17,title=K8S003 missing-pod-disruption-budget::Deployment catalog runs 3 replicas but no PodDisruptionBudget in namespace \"shop\" selects its pods; a node drain can evict all of them at once",
            "::error file=deploy/checkout.yaml,line=7,col=13,endLine=7,endColumn=14,title=K8S001 insufficient-replicas::Deployment checkout replicas is 1, below the minimum of 2 for surviving a zone loss",
        ]
    );

    let r = run(
        &mut repo.plumb(),
        &["check", "-f", "junit", "--select", sel],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"plumb\" tests=\"3\" failures=\"2\""), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("<testsuite name=\"K8S001 insufficient-replicas\" tests=\"1\" failures=\"1\""));
    assert!(r
        .stdout
        .contains("file=\"deploy/checkout.yaml\" line=\"7\""));
    assert_eq!(r.stdout.matches("<failure ").count(), 2);
    assert_eq!(
        r.stdout.matches("<testsuite ").count(),
        r.stdout.matches("</testsuite>").count()
    );

    // Clean: JUnit still a document of passed checks, GitHub nothing, SARIF `results: []`.
    let r = run(
        &mut repo.plumb(),
        &[
            "check",
            "-f",
            "junit",
            "--select",
            "K8S001",
            "deploy/catalog.yaml",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("failures=\"0\""), "{}", r.stdout);
    assert!(!r.stdout.contains("<failure"), "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("</testsuites>"));
    let r = run(
        &mut repo.plumb(),
        &[
            "check",
            "-f",
            "github",
            "--select",
            "K8S001",
            "deploy/catalog.yaml",
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(
        &mut repo.plumb(),
        &[
            "check",
            "-f",
            "sarif",
            "--select",
            "K8S001",
            "deploy/catalog.yaml",
        ],
    );
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["runs"][0]["results"], Value::Array(vec![]));
}

/// Rule metadata from `plumb rules --format json`: id, name, categories.
fn rule_table(repo: &Repo) -> Vec<(String, String, Vec<String>)> {
    let r = run(&mut repo.plumb(), &["rules", "--format", "json"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["categories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn select_and_ignore_by_id_name_and_category() {
    let repo = Repo::new();
    repo.write("checkout.yaml", ONE_REPLICA);
    repo.write("catalog.yaml", NO_PDB);
    let table = rule_table(&repo);
    let token_matches = |id: &str, token: &str| {
        table.iter().any(|(i, n, cats)| {
            i == id
                && (i.eq_ignore_ascii_case(token) || n == token || cats.iter().any(|c| c == token))
        })
    };
    // (select, ignore, rules that must be reported, rules that must not).
    // Other rules may fire on these manifests too; each reported rule must
    // then match the selection and no ignore token.
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        ("K8S001", "", &["K8S001"], &["K8S003"]),
        ("k8s001", "", &["K8S001"], &["K8S003"]),
        ("insufficient-replicas", "", &["K8S001"], &["K8S003"]),
        ("pdb", "", &["K8S003"], &["K8S001"]),
        ("multi-az", "", &["K8S001", "K8S003"], &[]),
        (
            "K8S001,missing-pod-disruption-budget",
            "",
            &["K8S001", "K8S003"],
            &[],
        ),
        ("multi-az", "K8S003", &["K8S001"], &["K8S003"]),
        (
            "multi-az",
            "missing-pod-disruption-budget",
            &["K8S001"],
            &["K8S003"],
        ),
        ("multi-az", "pdb", &["K8S001"], &["K8S003"]),
        ("multi-az", "multi-az", &[], &["K8S001", "K8S003"]),
        ("", "K8S001,pdb", &[], &["K8S001", "K8S003"]),
        ("", "", &["K8S001", "K8S003"], &[]),
    ];
    for (select, ignore, want, not) in cases {
        let mut args = Vec::new();
        if !select.is_empty() {
            args.extend(["--select", select]);
        }
        if !ignore.is_empty() {
            args.extend(["--ignore", ignore]);
        }
        let (code, findings) = check_json(&repo, &args);
        let got = rules_of(&findings);
        for w in *want {
            assert!(
                got.iter().any(|g| g == w),
                "{args:?}: {w} missing from {got:?}"
            );
        }
        for n in *not {
            assert!(!got.iter().any(|g| g == n), "{args:?}: {n} in {got:?}");
        }
        for g in &got {
            if !select.is_empty() {
                assert!(
                    g == "parse-error" || select.split(',').any(|t| token_matches(g, t)),
                    "{args:?}: {g} is not selected"
                );
            }
            assert!(
                !ignore.split(',').any(|t| token_matches(g, t)),
                "{args:?}: {g} is ignored"
            );
        }
        assert_eq!(code, i32::from(!got.is_empty()), "{args:?}");
    }
}

#[test]
fn configuration_is_found_in_a_parent_up_to_the_repository_root() {
    let repo = Repo::new();
    repo.write("services/shop/checkout.yaml", ONE_REPLICA);
    repo.write("services/shop/catalog.yaml", NO_PDB);
    let sel = ["check", "--format", "json", "--select", "K8S001,K8S003"];

    // No configuration: both findings.
    let r = run(&mut repo.plumb_in("services/shop"), &sel);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        rules_of(doc["findings"].as_array().unwrap()),
        ["K8S001", "K8S003"]
    );

    // `.plumb.yaml` at the repository root applies two directories down.
    repo.write(
        ".plumb.yaml",
        "rules:\n  ignore: [missing-pod-disruption-budget]\nparams:\n  min_replicas: 1\n",
    );
    let r = run(&mut repo.plumb_in("services/shop"), &sel);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["findings"], Value::Array(vec![]));
    let r = run(
        &mut repo.plumb_in("services/shop"),
        &["check", "--verbose", "--select", "K8S001,K8S003"],
    );
    assert!(
        r.stderr.contains(".plumb.yaml"),
        "--verbose names the configuration: {}",
        r.stderr
    );

    // The nearest file wins.
    repo.write("services/plumb.yaml", "params:\n  min_replicas: 2\n");
    let r = run(&mut repo.plumb_in("services/shop"), &sel);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        rules_of(doc["findings"].as_array().unwrap()),
        ["K8S001", "K8S003"]
    );

    // Nothing above the repository root is read.
    let outer = Repo::new();
    outer.write("plumb.yaml", "rules:\n  ignore: [multi-az]\n");
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    outer.write("repo/checkout.yaml", ONE_REPLICA);
    let r = run(
        &mut outer.plumb_in("repo"),
        &["check", "--select", "K8S001"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

#[test]
fn exclude_leaves_paths_out() {
    let repo = Repo::new();
    repo.write("deploy/checkout.yaml", ONE_REPLICA);
    repo.write("vendor/upstream/chart.yaml", ONE_REPLICA);
    repo.write("deploy/generated/catalog.yaml", NO_PDB);
    let sel = ["--select", "multi-az"];

    let (_, f) = check_json(&repo, &sel);
    assert_eq!(
        files_of(&f),
        [
            "deploy/checkout.yaml",
            "deploy/generated/catalog.yaml",
            "vendor/upstream/chart.yaml"
        ]
    );
    for exclude in ["vendor/**", "vendor", "./vendor/", "**/upstream/*.yaml"] {
        let (_, f) = check_json(&repo, &[&sel[..], &["--exclude", exclude]].concat());
        assert_eq!(
            files_of(&f),
            ["deploy/checkout.yaml", "deploy/generated/catalog.yaml"],
            "--exclude {exclude}"
        );
    }
    let (code, f) = check_json(
        &repo,
        &[
            &sel[..],
            &["--exclude", "vendor", "--exclude", "deploy/generated/**"],
        ]
        .concat(),
    );
    assert_eq!(
        (code, files_of(&f)),
        (1, vec!["deploy/checkout.yaml".to_string()])
    );

    // The configuration's `exclude` works the same way.
    repo.write(
        "plumb.yaml",
        "exclude: [\"vendor/**\", \"deploy/checkout.yaml\"]\n",
    );
    let (_, f) = check_json(&repo, &sel);
    assert_eq!(files_of(&f), ["deploy/generated/catalog.yaml"]);

    let r = run(&mut repo.plumb(), &["check", "--exclude", "a[b"]);
    assert_eq!(r.code, 2, "a bad glob is a usage error: {}", r.stderr);
}

#[test]
fn rules_and_explain() {
    let repo = Repo::new();
    let r = run(&mut repo.plumb(), &["rules", "--format", "json"]);
    assert_eq!(r.code, 0);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    let k8s001 = rules
        .iter()
        .find(|r| r["id"] == "K8S001")
        .expect("K8S001 listed");
    assert_eq!(k8s001["name"], "insufficient-replicas");
    assert_eq!(k8s001["severity"], "high");
    assert!(rules.iter().any(|r| r["id"] == "parse-error"));

    let r = run(&mut repo.plumb(), &["rules"]);
    assert_eq!(r.code, 0);
    assert!(r
        .stdout
        .lines()
        .any(|l| l.starts_with("K8S001") && l.contains("insufficient-replicas")));
    let r = run(&mut repo.plumb(), &["rules", "--format", "markdown"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("# plumb rules"));

    let by_id = run(&mut repo.plumb(), &["explain", "K8S001"]);
    assert_eq!(by_id.code, 0);
    assert!(
        by_id.stdout.starts_with("# K8S001 `insufficient-replicas`"),
        "{}",
        by_id.stdout
    );
    assert!(by_id.stdout.contains("**Fix:**"));
    let by_name = run(&mut repo.plumb(), &["explain", "insufficient-replicas"]);
    assert_eq!(by_name.code, 0);
    assert_eq!(by_name.stdout, by_id.stdout);

    let r = run(&mut repo.plumb(), &["explain", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\"nope\""), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

/// The scan meets a broken manifest, a binary file named `.yaml`, an empty
/// file, a Latin-1 file and a symlink loop, and still reports the one valid
/// manifest's finding, each bad file where it breaks, and exits 1.
#[test]
fn bad_inputs_never_stop_the_scan() {
    let repo = Repo::new();
    repo.write("manifests/a-broken.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  labels: {app: cart\nspec:\n  ports: [{port: 80}]\n");
    repo.write(
        "manifests/b-binary/x.yaml",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00",
    );
    repo.write("manifests/c-empty.yaml", "");
    repo.write(
        "manifests/d-latin1.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\ndata: {}\n",
    );
    repo.write("manifests/e-valid.yaml", ONE_REPLICA);
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", repo.path().join("manifests/b-binary/loop")).unwrap();

    let r = run(
        &mut repo.plumb(),
        &["check", "--format", "json", "manifests"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect("only JSON on stdout");
    let findings = doc["findings"].as_array().unwrap();
    let at = |file: &str, rule: &str| -> Vec<(u64, u64)> {
        findings
            .iter()
            .filter(|f| f["file"] == file && f["rule"] == rule)
            .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
            .collect()
    };
    // The valid manifest: its finding, at `1` of `replicas: 1`.
    assert_eq!(at("manifests/e-valid.yaml", "K8S001"), [(7, 13)]);
    // The broken flow mapping: where the parser stops, on line 6.
    let broken = at("manifests/a-broken.yaml", "parse-error");
    assert_eq!(broken.len(), 1, "{findings:#?}");
    assert_eq!(broken[0].0, 6, "{broken:?}");
    // The binary file: at its first NUL byte (line 1, column 8).
    assert_eq!(at("manifests/b-binary/x.yaml", "parse-error"), [(1, 8)]);
    // The Latin-1 file: at the é (line 4, column 12).
    assert_eq!(at("manifests/d-latin1.yaml", "parse-error"), [(4, 12)]);
    // The empty file: nothing, and it does not count as failing.
    assert!(findings
        .iter()
        .all(|f| f["file"] != "manifests/c-empty.yaml"));
    for f in findings {
        assert!(
            f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1,
            "{f}"
        );
        if f["rule"] == "parse-error" {
            assert_eq!(f["severity"], "high");
        }
    }
    // Every file was read (the loop did not stop the walk or repeat files).
    assert_eq!(doc["summary"]["files"], 5, "{}", doc["summary"]);
    #[cfg(unix)]
    {
        assert!(
            r.stderr.contains("warning")
                && r.stderr.contains("manifests/b-binary/loop")
                && r.stderr.contains("loop"),
            "the symlink loop is a warning on stderr: {}",
            r.stderr
        );
        assert_eq!(
            doc["errors"].as_array().unwrap().len(),
            1,
            "{}",
            doc["errors"]
        );
    }

    // The same scan in the human format names every bad file too.
    let r = run(&mut repo.plumb(), &["check", "manifests"]);
    assert_eq!(r.code, 1);
    for file in [
        "a-broken.yaml",
        "b-binary/x.yaml",
        "d-latin1.yaml",
        "e-valid.yaml",
    ] {
        assert!(
            r.stdout.contains(&format!("manifests/{file}")),
            "{file}: {}",
            r.stdout
        );
    }
    // Ignoring parse errors leaves the valid file's finding and exit 1;
    // with `--fail-on critical` nothing fails.
    let (code, f) = check_json(&repo, &["--ignore", "parse-error", "manifests"]);
    assert_eq!(
        (code, rules_of(&f).contains(&"parse-error".to_string())),
        (1, false)
    );
    let r = run(
        &mut repo.plumb(),
        &[
            "check",
            "--fail-on",
            "critical",
            "--select",
            "K8S001",
            "manifests",
        ],
    );
    assert_eq!(r.code, 0);
    // Excluding the loop's directory silences its warning as well.
    #[cfg(unix)]
    {
        let r = run(
            &mut repo.plumb(),
            &["check", "--exclude", "manifests/b-binary/loop", "manifests"],
        );
        assert!(!r.stderr.contains("loop"), "{}", r.stderr);
    }
}

/// `--cfn-param` takes KEY=VALUE; anything else is a usage error (exit 2)
/// that says what is expected, and a good one is accepted.
#[test]
fn cfn_param_needs_key_and_value() {
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args([
            "check",
            "--cfn-param",
            "Environment",
            "fixtures/cloudformation",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected KEY=VALUE"), "{err}");
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args([
            "check",
            "--cfn-param",
            "Environment=production",
            "--region",
            "eu-west-1",
            "fixtures/cloudformation/database.yaml",
        ])
        .output()
        .unwrap();
    // In production the database is Multi-AZ (`!If [IsProduction, ...]`)
    // and the production-only replica is deployed, single-AZ.
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Replica runs in one availability zone"),
        "{text}"
    );
    assert!(!text.contains("Database runs"), "{text}");
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args(["check", "fixtures/cloudformation/database.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Database runs in one availability zone"),
        "{text}"
    );
    assert!(!text.contains("Replica runs"), "{text}");
}

/// `--cfn-params FILE` reads the AWS CLI's parameter files (both shapes);
/// `--cfn-param` wins over it; a broken file exits 2 naming its line.
#[test]
fn cfn_parameters_file() {
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("plumb")
            .unwrap()
            .args(["check", "--select", "AWS001", "--region", "eu-west-1"])
            .args(args)
            .arg("fixtures/cloudformation/database.yaml")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    for file in ["production.json", "pipeline.json"] {
        let (code, out, err) = run(&[
            "--cfn-params",
            &format!("fixtures/cloudformation/params/{file}"),
        ]);
        assert_eq!(code, Some(1), "{file}: {out}{err}");
        assert!(
            out.contains("Replica runs in one availability zone"),
            "{file}: {out}"
        );
        assert!(!out.contains("Database runs"), "{file}: {out}");
    }
    let (code, out, _) = run(&[
        "--cfn-params",
        "fixtures/cloudformation/params/production.json",
        "--cfn-param",
        "Environment=staging",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("Database runs in one availability zone"),
        "{out}"
    );
    assert!(!out.contains("Replica runs"), "{out}");
    let (code, _, err) = run(&["--cfn-params", "fixtures/cloudformation/params/broken.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(
            "fixtures/cloudformation/params/broken.json:3:4: an entry without a \"ParameterKey\""
        ),
        "{err}"
    );
    let (code, _, err) = run(&[
        "--cfn-params",
        "fixtures/cloudformation/params/missing.json",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("missing.json: cannot read"), "{err}");
}

/// The stack region: an environment's `region` for its paths, over
/// `cloudformation.region`; `--region` over both; a misspelt region is a
/// usage error.
#[test]
fn cfn_region_from_environment() {
    let dir = TempDir::new().unwrap();
    let write = |p: &str, text: &str| {
        let p = dir.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub \"orders-${AWS::Region}\"\n";
    write("stacks/eu/queue.yaml", template);
    write("stacks/us/queue.yaml", template);
    // A policy reporting each resource's stack region, and the name that
    // `!Sub` made of `AWS::Region`.
    write(
        "policy/region.rego",
        "# METADATA\n# title: Stack region\n# description: Where the stack goes.\n# custom:\n#   id: ORG030\n#   severity: low\n#   categories: [data-residency]\n#   targets: [cloudformation]\n#   remediation: Deploy elsewhere.\npackage org.region\n\nimport rego.v1\n\ndeny contains msg if {\n\tnot input._plumb.region in input._plumb.params.allowed_regions\n\tmsg := sprintf(\"%s in %s\", [input.Properties.QueueName, input._plumb.region])\n}\n",
    );
    write(
        "plumb.yaml",
        "params:\n  allowed_regions: [eu-west-1]\ncloudformation:\n  region: eu-west-1\nenvironments:\n  - name: us\n    paths: [\"stacks/us/**\"]\n    region: us-east-1\npolicies: [policy]\n",
    );
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("plumb")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--select", "ORG030", "-f", "json"])
            .args(extra)
            .arg("stacks")
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let files: Vec<String> = v["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f["file"].as_str().unwrap_or(""),
                            f["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        (
            out.status.code(),
            files,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, files, err) = run(&[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        files,
        vec!["stacks/us/queue.yaml: orders-us-east-1 in us-east-1".to_string()]
    );
    let (_, files, _) = run(&["--region", "eu-west-1"]);
    assert!(files.is_empty(), "{files:?}");
    let (code, _, err) = run(&["--region", "eu-west1"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--region eu-west1: not an AWS region name"),
        "{err}"
    );
    write(
        "plumb.yaml",
        "environments:\n  - name: us\n    paths: [\"stacks/us/**\"]\n    region: us-east\n",
    );
    let (code, _, err) = run(&[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("plumb.yaml:4:"), "{err}");
    assert!(
        err.contains("\"us-east\" is not an AWS region name"),
        "{err}"
    );
}

/// Rain modules (`Type: {Rain::Module: ...}`) and SAM resources no rule
/// reads are notes under `--verbose`, not parse errors; the rest of the
/// template is checked.
#[test]
fn cfn_notes_for_what_is_not_checked() {
    let out = Command::cargo_bin("plumb")
        .unwrap()
        .args([
            "check",
            "--verbose",
            "fixtures/cloudformation/rain/app.yaml",
            "fixtures/cloudformation/sam.yaml",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("parse-error"), "{stdout}");
    assert!(
        stderr.contains("fixtures/cloudformation/rain/app.yaml: 1 Rain module(s) not expanded and not checked (Storage)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fixtures/cloudformation/sam.yaml: ") && stderr.contains("serverless resource(s) not checked: no enabled rule reads AWS::Serverless::Function (1)"),
        "{stderr}"
    );
}
