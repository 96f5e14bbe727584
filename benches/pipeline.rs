//! `cargo bench`: a quick, dependency-free benchmark of the pipeline.
//!
//! Builds a small corpus in memory (FILES files of Deployments, Services,
//! PDBs and NetworkPolicies, some violating), then times
//! - loading alone: `source::load_file` on the in-memory bytes (YAML parse,
//!   spans, Kubernetes detection), and
//! - the whole scan: `scan::run` on the same files written to a temporary
//!   directory (discovery, reading, loading, indexing, every rule, sorting).
//!
//! - the Rego packs alone: `rego::eval::evaluate` with every built-in Rego
//!   rule on the loaded resources (input conversion, one engine clone per
//!   worker, every package), reported per resource.
//!
//! Each is run ITERS times after a warm-up; min and median are printed. For
//! the 10,000-file corpus and a comparison with checkov, use
//! `benches/scan.sh` and `benches/checkov.sh` (see benches/README.md).
//!
//!     cargo bench --bench pipeline
//!     PLUMB_BENCH_FILES=5000 PLUMB_BENCH_ITERS=5 cargo bench --bench pipeline

use std::time::{Duration, Instant};

use plumb::config::Config;
use plumb::scan::{self, Options};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One application as a multi-document file: a Deployment (1 to 6
/// replicas), its Service, usually a PDB and a NetworkPolicy.
fn manifest(i: usize) -> String {
    let ns = format!("team-{}", i % 25);
    let app = format!("svc-{i}");
    let replicas = [3, 2, 1, 3, 6, 4, 3][i % 7];
    let mut s = format!(
        r#"---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  namespace: {ns}
  labels:
    app.kubernetes.io/name: {app}
    app.kubernetes.io/part-of: {ns}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: {app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {app}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: {app}
      containers:
        - name: app
          image: registry.example.com/{ns}/{app}:1.{}.0
          ports:
            - {{name: http, containerPort: 8080}}
          env:
            - {{name: LOG_LEVEL, value: info}}
            - {{name: OTEL_EXPORTER_OTLP_ENDPOINT, value: "http://otel-collector.observability:4317"}}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {{name: {app}-db, key: password}}
          resources:
            requests: {{cpu: 100m, memory: 256Mi}}
            limits: {{cpu: 500m, memory: 512Mi}}
          livenessProbe:
            httpGet: {{path: /healthz, port: http}}
            periodSeconds: 15
          readinessProbe:
            httpGet: {{path: /readyz, port: http}}
            periodSeconds: 5
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {{drop: [ALL]}}
---
apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: {ns}
spec:
  selector:
    app.kubernetes.io/name: {app}
  ports:
    - {{name: http, port: 8080, targetPort: http}}
"#,
        i % 40
    );
    if i % 9 != 0 {
        s.push_str(&format!(
            "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {app}\n"
        ));
    }
    if i % 3 != 0 {
        s.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: {app}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ingress-nginx\n      ports:\n        - {{protocol: TCP, port: 8080}}\n"
        ));
    }
    s
}

fn time<T>(iters: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut last = f(); // warm-up
    let mut times = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[0], times[times.len() / 2], last)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once
    // with no flag: keep that cheap.
    let quick = !std::env::args().any(|a| a == "--bench");
    let files = env_usize("PLUMB_BENCH_FILES", if quick { 50 } else { 2000 });
    let iters = env_usize("PLUMB_BENCH_ITERS", if quick { 1 } else { 10 }).max(1);

    let corpus: Vec<String> = (0..files).map(manifest).collect();
    let bytes: usize = corpus.iter().map(String::len).sum();

    let (min, med, docs) = time(iters, || {
        corpus
            .iter()
            .enumerate()
            .map(|(i, text)| {
                plumb::source::load_file(i, text.as_bytes(), false)
                    .resources
                    .len()
            })
            .sum::<usize>()
    });
    println!(
        "load (in memory, 1 thread): {files} files, {docs} resources, {:.1} MB: min {:.1} ms, median {:.1} ms",
        bytes as f64 / 1e6,
        min.as_secs_f64() * 1e3,
        med.as_secs_f64() * 1e3
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    for (i, text) in corpus.iter().enumerate() {
        let sub = dir.path().join(format!("team-{}", i % 25));
        std::fs::create_dir_all(&sub).expect("create the corpus directory");
        std::fs::write(sub.join(format!("svc-{i}.yaml")), text).expect("write the corpus");
    }
    let config = Config::default();
    let opts = Options {
        paths: vec![dir.path().to_path_buf()],
        ..Options::default()
    };
    let (min, med, report) = time(iters, || scan::run(&config, &opts).expect("the scan runs"));
    assert_eq!(report.resources, docs, "every generated resource is loaded");
    assert!(!report.findings.is_empty(), "the corpus holds violations");
    println!(
        "scan::run (temp dir, rayon): {files} files, {} resources, {} findings, {} rules: min {:.1} ms, median {:.1} ms",
        report.resources,
        report.findings.len(),
        report.rules.len(),
        min.as_secs_f64() * 1e3,
        med.as_secs_f64() * 1e3
    );

    // The Rego packs alone, on the resources loaded above.
    let mut resources = Vec::new();
    for (i, text) in corpus.iter().enumerate() {
        resources.extend(plumb::source::load_file(i, text.as_bytes(), false).resources);
    }
    let shown: Vec<String> = (0..files).map(|i| format!("svc-{i}.yaml")).collect();
    let paths: Vec<std::path::PathBuf> = shown.iter().map(std::path::PathBuf::from).collect();
    let set = plumb::rego::builtin();
    let enabled: Vec<scan::EnabledRule> = set
        .packages
        .iter()
        .map(|p| scan::EnabledRule {
            meta: p.meta,
            severity: p.meta.severity,
        })
        .collect();
    let input = plumb::rego::eval::ScanInput {
        config: &config,
        paths: &paths,
        shown: &shown,
        resources: &resources,
    };
    let (min, med, (found, errors)) =
        time(iters, || plumb::rego::eval::evaluate(set, &enabled, &input));
    assert!(errors.is_empty(), "{errors:?}");
    let per = |d: Duration| d.as_secs_f64() * 1e6 / resources.len().max(1) as f64;
    println!(
        "rego::eval (rayon): {} resources, {} Rego rules, {} findings: min {:.1} ms, median {:.1} ms ({:.1} us per resource)",
        resources.len(),
        enabled.len(),
        found.len(),
        min.as_secs_f64() * 1e3,
        med.as_secs_f64() * 1e3,
        per(min)
    );
}
