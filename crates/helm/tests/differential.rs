//! Differential tests: each chart under tests/charts/ (written for these tests),
//! with a list of value and flag variants, is rendered by plumb-helm and by the
//! real `helm template` (v4.1.4, installed by scripts/install-helm.sh when
//! target/oracle/helm is missing), and the outputs must hold the same documents
//! in the same order, byte for byte.
//!
//! The `app` chart is packed into `shop/charts/app-0.3.0.tgz` by the test, so
//! the packaged-dependency path is exercised without committing an archive.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use plumb_helm::chart::{self, RenderOptions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn charts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charts")
}

/// The oracle, installed once if missing.
fn helm() -> &'static Path {
    static HELM: OnceLock<PathBuf> = OnceLock::new();
    HELM.get_or_init(|| {
        let helm = root().join("target/oracle/helm");
        if !helm.exists() {
            let status = Command::new("bash")
                .arg("scripts/install-helm.sh")
                .current_dir(root())
                .status()
                .expect("cannot run scripts/install-helm.sh");
            assert!(status.success(), "scripts/install-helm.sh failed");
        }
        assert!(helm.exists(), "{} is missing after install", helm.display());
        helm
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Packs `tests/charts/NAME` as a chart archive (`NAME/...` entries, gzip'd tar).
fn pack(name: &str, dest: &Path) {
    let file = std::fs::File::create(dest).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all(name, charts_dir().join(name)).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
}

/// Packs a directory as `NAME/...` entries of a gzip'd tar at `dest`.
fn pack_dir(dir: &Path, name: &str, dest: &Path) {
    let file = std::fs::File::create(dest).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all(name, dir).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
}

/// A fresh copy of a test chart (with its packaged dependencies built).
fn prepare(chart: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(chart);
    copy_dir(&charts_dir().join(chart), &dir);
    if chart == "shop" {
        pack("app", &dir.join("charts/app-0.3.0.tgz"));
    }
    (tmp, dir)
}

/// Builds plumb's options from `helm template` flags (paths relative to
/// tests/charts/ are made absolute for both).
fn options(release: &str, args: &[String]) -> RenderOptions {
    let mut o = RenderOptions {
        release_name: release.to_string(),
        ..RenderOptions::default()
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--include-crds" {
            o.include_crds = true;
            continue;
        }
        let v = it.next().expect("flag value").clone();
        match flag.as_str() {
            "-f" | "--values" => o.values_files.push(PathBuf::from(v)),
            "--set" => o.set.push(v),
            "--set-string" => o.set_string.push(v),
            "--set-json" => o.set_json.push(v),
            "--set-file" => o.set_file.push(v),
            "--namespace" => o.namespace = v,
            "--kube-version" => o.kube_version = Some(v),
            "--api-versions" => o.api_versions.push(v),
            other => panic!("unknown flag {other}"),
        }
    }
    o
}

fn absolutize(args: &[&str]) -> Vec<String> {
    args.iter()
        .map(|a| match a.strip_prefix("@") {
            Some(rel) => charts_dir().join(rel).display().to_string(),
            None => a.replace("=@", &format!("={}/", charts_dir().display())),
        })
        .collect()
}

fn documents(text: &str) -> Vec<String> {
    text.split("---\n# Source: ")
        .filter(|d| !d.trim().is_empty())
        .map(|d| format!("# Source: {d}"))
        .collect()
}

fn line_diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        match (w.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => out.push_str(&format!("   {a}\n")),
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!(" - {a}\n"));
                }
                if let Some(b) = b {
                    out.push_str(&format!(" + {b}\n"));
                }
            }
        }
    }
    out
}

/// Renders with both and compares document by document.
fn differential(chart: &str, release: &str, args: &[&str]) {
    let (_tmp, dir) = prepare(chart);
    let args = absolutize(args);
    let out = Command::new(helm())
        .arg("template")
        .arg(release)
        .arg(&dir)
        .args(&args)
        .output()
        .expect("cannot run helm");
    assert!(
        out.status.success(),
        "helm template failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = String::from_utf8(out.stdout).unwrap();

    let loaded = chart::load(&dir).unwrap_or_else(|e| panic!("plumb cannot load {chart}: {e}"));
    let rendered = chart::render(&loaded, &options(release, &args));
    let errors: Vec<String> = rendered.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "plumb reported errors:\n{}",
        errors.join("\n")
    );
    let got = rendered.helm_template_text();

    let (wd, gd) = (documents(&want), documents(&got));
    for (i, (w, g)) in wd.iter().zip(gd.iter()).enumerate() {
        assert!(
            w == g,
            "document {i} differs (- helm, + plumb):\n{}",
            line_diff(w, g)
        );
    }
    assert_eq!(
        wd.len(),
        gd.len(),
        "helm printed {} documents, plumb {}:\n- helm:\n{want}\n+ plumb:\n{got}",
        wd.len(),
        gd.len()
    );
    assert_eq!(want, got, "same documents, different framing");
}

/// Helm fails; plumb must report the same problem: every one of `expect_in_both`
/// is in helm's message and in one of plumb's errors. `extra` templates are
/// added to the chart first.
fn differential_error(chart: &str, args: &[&str], expect_in_both: &str) {
    differential_error_with(chart, &[], args, &[expect_in_both]);
}

fn differential_error_with(
    chart: &str,
    extra: &[(&str, &str)],
    args: &[&str],
    expect_in_both: &[&str],
) {
    let (_tmp, dir) = prepare(chart);
    for (name, text) in extra {
        std::fs::write(dir.join("templates").join(name), text).unwrap();
    }
    let args = absolutize(args);
    let out = Command::new(helm())
        .arg("template")
        .arg("rel")
        .arg(&dir)
        .args(&args)
        .output()
        .expect("cannot run helm");
    assert!(!out.status.success(), "helm succeeded");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let loaded = chart::load(&dir).unwrap();
    let rendered = chart::render(&loaded, &options("rel", &args));
    let errors: Vec<String> = rendered.errors.iter().map(|e| e.to_string()).collect();
    for want in expect_in_both {
        assert!(stderr.contains(want), "helm said: {stderr}");
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "plumb's errors lack {want:?}: {errors:#?}"
        );
    }
}

#[test]
fn shop_defaults() {
    differential("shop", "rel", &[]);
}

#[test]
fn shop_release_name_containing_the_chart_name() {
    differential("shop", "shop-live", &["--namespace", "store"]);
}

#[test]
fn shop_production_values_files_in_order() {
    differential(
        "shop",
        "prod",
        &[
            "-f",
            "@values/shop-prod.yaml",
            "-f",
            "@values/shop-override.yaml",
        ],
    );
}

#[test]
fn shop_tags_and_conditions() {
    // tags.monitoring=false drops metrics; app.enabled=false is resolvable so it
    // wins over global.appEnabled=true; worker (alias of app) is switched on.
    differential(
        "shop",
        "rel",
        &[
            "--set",
            "tags.monitoring=false,app.enabled=false,global.appEnabled=true",
            "--set",
            "worker.enabled=true,worker.replicas=2",
            "--include-crds",
        ],
    );
}

#[test]
fn shop_nested_subchart_condition_from_the_parent() {
    // metrics' own dependency `exporter` is switched off from the top through
    // the path metrics.exporter.enabled, and its globals come from two levels up.
    differential("shop", "rel", &["--set", "metrics.exporter.enabled=false"]);
    differential(
        "shop",
        "rel",
        &[
            "--set",
            "global.scrapeInterval=5s,metrics.exporter.port=1234",
        ],
    );
}

#[test]
fn shop_set_flags() {
    differential(
        "shop",
        "rel",
        &[
            "--set-string",
            "image.tag=3.0",
            "--set",
            "ingress.enabled=true,ingress.hosts={a.invalid,b.invalid}",
            "--set",
            r"config.data.retries=null,podAnnotations.note=a\,b,nodeSelector.kubernetes\.io/arch=arm64",
            "--set-json",
            r#"extraEnv=[{"name":"J","value":"1"}]"#,
            "--set",
            "tolerations[1].key=spot,tolerations[1].operator=Exists",
            "--set-file",
            "greeting=@values/greeting.txt",
        ],
    );
}

#[test]
fn shop_crds_capabilities_and_namespace() {
    differential(
        "shop",
        "rel",
        &[
            "--include-crds",
            "--kube-version",
            "1.29.4",
            "--api-versions",
            "monitoring.coreos.com/v1",
            "--namespace",
            "shop-prod",
        ],
    );
}

#[test]
fn legacy_v1_chart_with_requirements() {
    differential("legacy", "r", &[]);
    differential("legacy", "r", &["--set", "cache.enabled=false,port=9090"]);
}

#[test]
fn files_glob_range() {
    differential("globrange", "r", &[]);
}

#[test]
fn schema_violations_are_reported_as_helm_words_them() {
    differential_error(
        "shop",
        &["--set", "replicaCount=-1"],
        "- at '/replicaCount': minimum: got -1, want 0",
    );
    differential_error(
        "shop",
        &["--set", "service.type=Ingress"],
        "- at '/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'",
    );
}

#[test]
fn fail_and_required_with_helms_positions() {
    differential_error(
        "shop",
        &["--set", "ingress.enabled=true,ingress.hosts=null"],
        "execution error at (shop/templates/validate.yaml:2:4): ingress.hosts is required when ingress.enabled is true",
    );
    differential_error(
        "shop",
        &["--set", "service.targetPort=null"],
        "execution error at (shop/templates/validate.yaml:4:10): service.targetPort is required",
    );
}

#[test]
fn template_errors_with_helms_positions() {
    differential_error_with(
        "shop",
        &[("broken.yaml", "a: 1\nb: {{ if }}\n")],
        &[],
        &["parse error at (shop/templates/broken.yaml:2): missing value for if"],
    );
    differential_error_with(
        "shop",
        &[("nil.yaml", "a: {{ .Values.nothing.deeper.key }}\n")],
        &[],
        &[
            "shop/templates/nil.yaml:1:",
            "nil pointer evaluating interface {}.deeper",
        ],
    );
    differential_error_with(
        "shop",
        &[("notyaml.yaml", "a: b: c\n")],
        &[],
        &["YAML parse error on shop/templates/notyaml.yaml"],
    );
    // plumb also says which template line wrote the bad output line.
    let (_tmp, dir) = prepare("shop");
    std::fs::write(
        dir.join("templates/notyaml.yaml"),
        "{{/* comment */}}\nok: 1\n---\nfine: 2\nbad: {{ \"b: c\" }}\n",
    )
    .unwrap();
    let out = chart::render(&chart::load(&dir).unwrap(), &RenderOptions::default());
    let e = out
        .errors
        .iter()
        .find(|e| e.file == "shop/templates/notyaml.yaml")
        .expect("a YAML error");
    assert_eq!(e.line, 5, "{e}");
}

/// A packaged root chart (holding a packaged subchart) renders as helm renders it.
#[test]
fn packaged_root_chart() {
    let (tmp, dir) = prepare("shop");
    let tgz = tmp.path().join("shop-1.4.0.tgz");
    pack_dir(&dir, "shop", &tgz);
    let out = Command::new(helm())
        .args(["template", "rel"])
        .arg(&tgz)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = String::from_utf8(out.stdout).unwrap();
    let rendered = chart::render(&chart::load(&tgz).unwrap(), &options("rel", &[]));
    assert!(rendered.errors.is_empty(), "{:#?}", rendered.errors);
    let got = rendered.helm_template_text();
    for (i, (w, g)) in documents(&want)
        .iter()
        .zip(documents(&got).iter())
        .enumerate()
    {
        assert!(
            w == g,
            "document {i} differs (- helm, + plumb):\n{}",
            line_diff(w, g)
        );
    }
    assert_eq!(want, got);
}

#[test]
fn a_missing_dependency_is_reported_as_helm_words_it() {
    let (_tmp, dir) = prepare("shop");
    std::fs::remove_file(dir.join("charts/app-0.3.0.tgz")).unwrap();
    let out = Command::new(helm())
        .args(["template", "rel"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want = "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: app, app";
    assert!(stderr.contains(want), "helm said {stderr}");
    let rendered = chart::render(&chart::load(&dir).unwrap(), &RenderOptions::default());
    assert!(
        rendered.errors.iter().any(|e| e.to_string() == want),
        "{:#?}",
        rendered.errors
    );
    // The rest still renders.
    assert!(rendered
        .helm_template_text()
        .contains("# Source: shop/templates/deployment.yaml\n"));
}

#[test]
fn bad_set_flags_are_reported_as_helm_words_them() {
    differential_error(
        "shop",
        &["--set", "a,b=1"],
        "failed parsing --set data: key \"a\" has no value (cannot end with ,)",
    );
    differential_error(
        "shop",
        &["--set-string", "x[y]=1"],
        "failed parsing --set-string data: error parsing index: strconv.Atoi: parsing \"y\": invalid syntax",
    );
    differential_error(
        "shop",
        &["--set-json", "a={bad"],
        "failed parsing --set-json data a={bad",
    );
}

#[test]
fn a_scalar_for_a_subchart_is_helms_type_mismatch() {
    differential_error(
        "shop",
        &["--set", "app=1"],
        "chart dependencies processing failed: type mismatch on app: %!t(int64=1)",
    );
    differential_error(
        "shop",
        &["--set", "metrics=x"],
        "chart dependencies processing failed: type mismatch on metrics: %!t(string=x)",
    );
}

#[test]
fn loads_packaged_and_directory_dependencies() {
    let (_tmp, dir) = prepare("shop");
    let c = chart::load(&dir).unwrap();
    let names: Vec<&str> = c.dependencies.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["app", "common", "metrics"]);
    let app = &c.dependencies[0];
    assert_eq!(app.metadata.version, "0.3.0");
    assert!(app
        .templates
        .iter()
        .any(|t| t.name == "templates/deployment.yaml"));
    // .helmignore: *.bak, scratch/ and /TODO.md are not in .Files.
    let files: Vec<&str> = c.files.iter().map(|f| f.name.as_str()).collect();
    assert!(files.contains(&"files/app.properties"), "{files:?}");
    assert!(files.contains(&"crds/widget.yaml"), "{files:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".bak") || f.starts_with("scratch/") || *f == "TODO.md"),
        "{files:?}"
    );
    assert!(!files.contains(&"values.yaml") && !files.contains(&"Chart.yaml"));
    assert!(c.dependencies[1].is_library());
}

/// The coalesced values (conditions, tags, aliases, import-values, globals,
/// `--values` files and `--set` flags) equal helm's `.Values | toJson`.
fn values_match(args: &[&str]) {
    let (_tmp, dir) = prepare("shop");
    std::fs::write(
        dir.join("templates/zz-values.yaml"),
        "# {{ .Values | toJson }}\n",
    )
    .unwrap();
    let args = absolutize(args);
    let out = Command::new(helm())
        .args(["template", "rel"])
        .arg(&dir)
        .args(&args)
        .args(["--show-only", "templates/zz-values.yaml"])
        .output()
        .expect("cannot run helm");
    assert!(
        out.status.success(),
        "helm template failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let want = text
        .lines()
        .find_map(|l| l.strip_prefix("# {"))
        .map(|rest| format!("{{{rest}"))
        .expect("values line");
    let loaded = chart::load(&dir).unwrap();
    let rendered = chart::render(&loaded, &options("rel", &args));
    let got = plumb_helm::chart::values::to_json(&plumb_helm::Value::Map(
        rendered.values.expect("values"),
    ))
    .to_string();
    let want: serde_json::Value = serde_json::from_str(&want).unwrap();
    let got: serde_json::Value = serde_json::from_str(&got).unwrap();
    assert_eq!(
        got,
        want,
        "values differ:\n{}",
        line_diff(
            &serde_json::to_string_pretty(&want).unwrap(),
            &serde_json::to_string_pretty(&got).unwrap()
        )
    );
}

#[test]
fn values_default() {
    values_match(&[]);
}

#[test]
fn values_files_and_flags() {
    values_match(&[
        "-f",
        "@values/shop-prod.yaml",
        "-f",
        "@values/shop-override.yaml",
    ]);
    values_match(&[
        "--set",
        "tags.monitoring=false,app.enabled=false,global.appEnabled=true",
        "--set",
        "worker.enabled=true,worker.replicas=2",
    ]);
    values_match(&[
        "--set-string",
        "image.tag=3.0",
        "--set",
        "ingress.enabled=true,ingress.hosts={a.invalid,b.invalid}",
        "--set",
        r"config.data.retries=null,podAnnotations.note=a\,b,nodeSelector.kubernetes\.io/arch=arm64",
        "--set-json",
        r#"extraEnv=[{"name":"J","value":"1"}]"#,
        "--set",
        "tolerations[1].key=spot,tolerations[1].operator=Exists",
        "--set-file",
        "greeting=@values/greeting.txt",
    ]);
}

#[test]
fn values_imports_lose_to_the_parents_own_values() {
    values_match(&["--set", "appPort=9999,metricsService.port=1"]);
    values_match(&[
        "--set",
        "metrics.service.port=9200,app.exports.defaults.appProtocol=UDP",
    ]);
}

#[test]
fn patterns_defaults() {
    differential("patterns", "rel", &[]);
}

#[test]
fn patterns_with_an_older_cluster_and_flags() {
    differential(
        "patterns",
        "api",
        &[
            "--kube-version",
            "1.22.0",
            "--set",
            "pdb.enabled=false,autoscaling.targetMemoryUtilizationPercentage=80,labels.team=x",
            "--set",
            "image.tag=9.9,service.ports[0].protocol=UDP,networkPolicy.allowFrom=null",
        ],
    );
    differential(
        "patterns",
        "rel",
        &[
            "--set",
            "autoscaling.enabled=false,networkPolicy.enabled=false",
        ],
    );
}

#[test]
#[ignore = "template::fmt: a bad verb's operand must honour the precision (Go prints %!f(string=1e) for printf \"%.2f\" \"1e-7\"; plumb prints %!f(string=1e-7))"]
fn patterns_bad_printf_verb_on_a_set_string() {
    // `--set ratio=1e-7` is a string (not an int), so `printf "%.2f"` is a bad verb.
    differential("patterns", "rel", &["--set", "ratio=1e-7"]);
}

/// `.Files` of the parent and of a directory subchart hold what helm's hold
/// (`.helmignore` applied, templates, values and Chart.yaml left out).
#[test]
fn files_are_helms_files() {
    let (_tmp, dir) = prepare("shop");
    let list = "# {{ range $p, $_ := .Files }}{{ $p }} {{ end }}\n";
    std::fs::write(dir.join("templates/zz-files.yaml"), list).unwrap();
    std::fs::write(dir.join("charts/metrics/templates/zz-files.yaml"), list).unwrap();
    std::fs::write(dir.join("charts/metrics/README.md"), "metrics\n").unwrap();
    std::fs::write(dir.join("charts/metrics/.helmignore"), "README.md\n").unwrap();
    let out = Command::new(helm())
        .args(["template", "rel"])
        .arg(&dir)
        .output()
        .expect("cannot run helm");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let helm_files = |source: &str| -> Vec<String> {
        let doc = text
            .split("---\n# Source: ")
            .find(|d| d.starts_with(source))
            .unwrap_or_else(|| panic!("no {source} in {text}"));
        let line = doc.lines().nth(1).unwrap();
        line.trim_start_matches("# ")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let c = chart::load(&dir).unwrap();
    let names = |c: &chart::Chart| -> Vec<String> {
        let mut v: Vec<String> = c.files.iter().map(|f| f.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&c), helm_files("shop/templates/zz-files.yaml"));
    let metrics = c
        .dependencies
        .iter()
        .find(|d| d.name() == "metrics")
        .unwrap();
    assert_eq!(
        names(metrics),
        helm_files("shop/charts/metrics/templates/zz-files.yaml")
    );
}

/// Hostile values never panic: each either renders or reports errors.
#[test]
fn hostile_values_never_panic() {
    let hostile: &[&[&str]] = &[
        &["--set", "app=1,worker=x,metrics=null,common=[]"],
        &["--set", "global=1"],
        &["--set", "tags=1"],
        &["--set", "tags.monitoring=maybe"],
        &["--set", "global.labels=null,global.imageRegistry.x=1"],
        &["--set", "image=null"],
        &["--set", "image.repository={a,b}"],
        &["--set", "replicaCount=99999999999999999999"],
        &["--set", "a[65536]=1"],
        &["--set", "a[65537]=1"],
        &["--set", "a=b,"],
        &[
            "--set",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee=1",
        ],
        &["--set-json", "a={not json"],
        &["--set-json", "resources=[]"],
        &["--set-file", "a=/nonexistent/file"],
        &["-f", "/nonexistent/values.yaml"],
        &["--kube-version", "banana"],
        &["--set", "config.data=1,env=[],rbac.rules=1,extraEnv=1"],
    ];
    let (_tmp, dir) = prepare("shop");
    let c = chart::load(&dir).unwrap();
    for args in hostile {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let out = chart::render(&c, &options("rel", &args));
        let _ = out.helm_template_text();
        for e in &out.errors {
            assert!(!e.to_string().is_empty(), "{args:?}: an empty error");
        }
    }
}

/// Each byte of a document maps back to the template line that wrote it.
#[test]
fn documents_map_back_to_template_lines() {
    let (_tmp, dir) = prepare("shop");
    let c = chart::load(&dir).unwrap();
    let out = chart::render(&c, &RenderOptions::default());
    let docs = out.documents();
    let deploy = docs
        .iter()
        .find(|d| d.source == "shop/templates/deployment.yaml")
        .expect("the Deployment");
    let at = |needle: &str| {
        let off = deploy.content.find(needle).expect(needle);
        out.source_position(deploy, off).expect("a position")
    };
    // `  replicas: {{ .Values.replicaCount }}` is line 9 of deployment.yaml.
    let (pos, call) = at("replicas: 2");
    assert_eq!(
        (&*pos.template, pos.line, call),
        ("shop/templates/deployment.yaml", 9, None)
    );
    let (pos, _) = at("2\n  selector");
    assert_eq!((pos.line, pos.col), (9, 13), "the action's position");
    // The labels come from common's _labels.tpl through an include on line 7.
    let (pos, call) = at("helm.sh/chart: shop-1.4.0");
    assert_eq!(&*pos.template, "shop/charts/common/templates/_labels.tpl");
    let call = call.expect("a call site");
    assert_eq!(
        (&*call.template, call.line),
        ("shop/templates/deployment.yaml", 7)
    );
}
