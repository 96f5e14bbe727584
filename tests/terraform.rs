//! Terraform plans: instances, unknowns, regions, references and the `.tf`
//! source map, on the plans of `fixtures/terraform/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plumb::model::{Resource, Target};
use plumb::path;
use plumb::source::{self, terraform, LoadOptions, Loaded};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform")
        .join(rel)
}

fn load(rel: &str, tf_root: Option<PathBuf>) -> Loaded {
    let p = fixture(rel);
    let bytes = std::fs::read(&p).unwrap();
    source::load_path(
        &p,
        &bytes,
        true,
        &LoadOptions {
            tf_root,
            ..Default::default()
        },
    )
}

/// Every resource with the file its findings land in (relative to the
/// fixtures), in plan order of files.
fn resources(l: &Loaded) -> Vec<(String, &Resource)> {
    let base = fixture("");
    let rel = |p: &Path| {
        p.strip_prefix(&base)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut out: Vec<(String, &Resource)> = l
        .resources
        .iter()
        .map(|r| ("<plan json>".to_string(), r))
        .collect();
    for f in &l.extra {
        out.extend(f.resources.iter().map(|r| (rel(&f.path), r)));
    }
    out
}

/// The line of text a span starts on, with a caret under the span.
fn excerpt(text: &str, span: plumb::source::span::Span) -> String {
    let line = plumb::source::span::line_text(text, span.start.line).unwrap_or("");
    let start = span.start.col as usize - 1;
    let width = if span.end.line == span.start.line {
        (span.end.col as usize)
            .saturating_sub(span.start.col as usize)
            .max(1)
    } else {
        line.chars().count().saturating_sub(start).max(1)
    };
    format!("{line}\n{}{}", " ".repeat(start), "^".repeat(width))
}

/// For each resource: where it is, its region, provider, actions,
/// references and other regions, and where some attribute paths resolve.
fn summary(l: &Loaded, probes: &[(&str, plumb::Path)]) -> String {
    let mut s = String::new();
    let base = fixture("");
    for (file, r) in resources(l) {
        let tf = terraform::of(r).unwrap();
        assert_eq!(r.target, Target::Terraform);
        let text = if file == "<plan json>" {
            String::new()
        } else {
            std::fs::read_to_string(base.join(&file)).unwrap()
        };
        let h = r.header_span();
        writeln!(
            s,
            "{} ({}) {}:{}:{}",
            r.identity(),
            tf.actions.join(","),
            file,
            h.start.line,
            h.start.col
        )
        .unwrap();
        writeln!(
            s,
            "  region: {:?} from {:?}; provider: {:?}",
            tf.region, tf.region_from, tf.provider_key
        )
        .unwrap();
        for (p, a) in &tf.references {
            writeln!(s, "  ref {p} -> {}", a.join(", ")).unwrap();
        }
        for o in &tf.other_regions {
            writeln!(s, "  {} {} -> {:?}", o.what, o.path, o.region).unwrap();
        }
        for (ty, p) in probes {
            if *ty != r.kind {
                continue;
            }
            let res = r.resolve(p);
            write!(
                s,
                "  {p} {}{} at {}:{}",
                if res.found { "found" } else { "missing" },
                if tf.is_unknown(p) { ", unknown" } else { "" },
                res.span.start.line,
                res.span.start.col
            )
            .unwrap();
            if tf.set_by_reference(p) {
                s.push_str(", set by reference");
            }
            s.push('\n');
            if !text.is_empty() {
                for l in excerpt(&text, res.span).lines() {
                    writeln!(s, "    | {l}").unwrap();
                }
            }
        }
    }
    s
}

fn probes() -> Vec<(&'static str, plumb::Path)> {
    vec![
        ("aws_db_instance", path!["multi_az"]),
        ("aws_db_instance", path!["kms_key_id"]),
        ("aws_db_instance", path!["backup_retention_period"]),
        ("aws_db_instance", path!["deletion_protection"]),
        (
            "aws_db_parameter_group",
            path!["parameter", 1usize, "value"],
        ),
        (
            "aws_instance",
            path!["ebs_block_device", 1usize, "encrypted"],
        ),
        (
            "aws_instance",
            path!["ebs_block_device", 0usize, "kms_key_id"],
        ),
        (
            "aws_instance",
            path!["root_block_device", 0usize, "encrypted"],
        ),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            path![
                "rule",
                0usize,
                "apply_server_side_encryption_by_default",
                0usize,
                "sse_algorithm"
            ],
        ),
        ("aws_lb_listener", path!["protocol"]),
        ("aws_lb_listener", path!["ssl_policy"]),
        (
            "aws_dynamodb_table",
            path!["replica", 1usize, "region_name"],
        ),
        ("aws_cloudwatch_log_group", path!["kms_key_id"]),
        ("aws_cloudwatch_log_group", path!["retention_in_days"]),
        ("aws_vpc", path!["enable_dns_hostnames"]),
        ("aws_sqs_queue", path!["kms_master_key_id"]),
    ]
}

#[test]
fn basic_plan_locations_regions_and_references() {
    let l = load("basic/plan.json", None);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert!(l.skipped.is_none());
    insta::assert_snapshot!(summary(&l, &probes()));
}

#[test]
fn legacy_plan_format_0_1() {
    let l = load("legacy/plan.json", None);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let probes = vec![
        ("aws_ebs_volume", path!["encrypted"]),
        ("aws_ebs_volume", path!["kms_key_id"]),
        (
            "aws_s3_bucket",
            path![
                "replication_configuration",
                0usize,
                "rules",
                0usize,
                "destination",
                0usize,
                "bucket"
            ],
        ),
        (
            "aws_backup_plan",
            path![
                "rule",
                0usize,
                "copy_action",
                0usize,
                "destination_vault_arn"
            ],
        ),
        ("aws_efs_file_system", path!["kms_key_id"]),
        (
            "aws_s3_bucket_public_access_block",
            path!["restrict_public_buckets"],
        ),
    ];
    insta::assert_snapshot!(summary(&l, &probes));
}

/// Without `.tf` files, findings point at the resource in the plan JSON.
#[test]
fn without_tf_files_locations_are_in_the_plan_json() {
    let empty = tempfile::tempdir().unwrap();
    let l = load("basic/plan.json", Some(empty.path().to_path_buf()));
    assert!(l.extra.is_empty());
    assert!(
        l.notes.iter().any(|n| n.contains("not found in .tf files")),
        "{:?}",
        l.notes
    );
    let text = std::fs::read_to_string(fixture("basic/plan.json")).unwrap();
    let mut s = String::new();
    for r in &l.resources {
        for p in [
            path![],
            path!["multi_az"],
            path!["ebs_block_device", 1usize, "encrypted"],
        ] {
            if !p.is_root()
                && r.body
                    .get(match &p.0[0] {
                        plumb::model::Seg::Key(k) => k,
                        _ => unreachable!(),
                    })
                    .is_none()
            {
                continue;
            }
            let res = r.resolve(&p);
            writeln!(
                s,
                "{} {p}: {}:{}",
                r.identity(),
                res.span.start.line,
                res.span.start.col
            )
            .unwrap();
            for l in excerpt(&text, res.span).lines() {
                writeln!(s, "    | {l}").unwrap();
            }
        }
    }
    insta::assert_snapshot!(s);
}

/// Real `terraform show -json` outputs (for example Terraform's own
/// `internal/command/testdata/show-json/*/output.json`, from several
/// releases), kept outside the repository:
/// `PLUMB_TF_PLANS=/dir cargo test --test terraform -- --ignored`.
/// Every file is detected as a plan and loads without a problem; every
/// instance that `resource_changes` leaves deployed is a resource.
#[test]
#[ignore = "needs PLUMB_TF_PLANS"]
fn real_world_plans_load() {
    let dir = PathBuf::from(std::env::var("PLUMB_TF_PLANS").expect("PLUMB_TF_PLANS"));
    // `*.json` in the directory, and `*/output.json` (a plan beside the
    // `.tf` files it was made from).
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .flat_map(|p| {
            if p.is_dir() {
                vec![p.join("output.json")]
            } else {
                vec![p]
            }
        })
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut versions = std::collections::BTreeMap::<String, usize>::new();
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        let j: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        *versions
            .entry(j["format_version"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
        let l = source::load_path(&p, &bytes, true, &LoadOptions::default());
        assert!(l.problems.is_empty(), "{}: {:?}", p.display(), l.problems);
        assert!(l.skipped.is_none(), "{}: {:?}", p.display(), l.skipped);
        let expected = j["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|rc| rc["mode"] == "managed" && rc.get("deposed").is_none())
            .filter(|rc| {
                rc["change"]["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a == "create" || a == "update" || a == "no-op")
            })
            .count();
        let got = resources(&l);
        assert!(got.len() >= expected, "{}", p.display());
        for (file, r) in got {
            let tf = terraform::of(r).unwrap();
            assert!(!tf.address.is_empty() && !r.kind.is_empty());
            assert!(r.header_span().start.line > 0, "{}", tf.address);
            let h = r.header_span();
            eprintln!(
                "{}: {} at {file}:{}:{} region={:?} provider={:?} refs={:?}",
                p.display(),
                tf.address,
                h.start.line,
                h.start.col,
                tf.region,
                tf.provider_key,
                tf.references
            );
        }
    }
    eprintln!("format versions: {versions:?}");
}

/// A scan: a plan is one unit that yields the plan and the `.tf` files its
/// resources are written in, each resource on the file its findings land in.
#[test]
fn scan_yields_the_plan_and_its_tf_files() {
    use plumb::scan::{self, Options};
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = Options {
        paths: vec![cwd.join("fixtures/terraform/basic")],
        ..Options::default()
    };
    let report = scan::run(&plumb::Config::default(), &opts).unwrap();
    let files: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        files,
        [
            "fixtures/terraform/basic/plan.json",
            "fixtures/terraform/basic/main.tf",
            "fixtures/terraform/basic/modules/network/main.tf",
            "fixtures/terraform/basic/modules/logs/main.tf",
            "fixtures/terraform/basic/.terraform/modules/vpc/main.tf",
        ]
    );
    // Every instance left deployed: not the deleted bucket, not the data
    // source.
    assert_eq!(report.resources, 17);
    // Kubernetes rules do not look at Terraform resources; the AWS pack does.
    assert!(
        report.findings.iter().all(|f| f.rule_id.starts_with("AWS")),
        "{:?}",
        report.findings
    );

    // With a root module elsewhere, everything stays on the plan JSON.
    let empty = tempfile::tempdir().unwrap();
    let opts = Options {
        paths: vec![cwd.join("fixtures/terraform/basic/plan.json")],
        tf_root: Some(empty.path().to_path_buf()),
        ..Options::default()
    };
    let report = scan::run(&plumb::Config::default(), &opts).unwrap();
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.resources, 17);
    assert!(
        report.notes.iter().any(|n| n.contains("--tf-root")),
        "{:?}",
        report.notes
    );
}

/// Unknown values stay unknown; the configuration says what is set.
#[test]
fn unknowns_and_configuration() {
    let l = load("basic/plan.json", None);
    let all = resources(&l);
    let get = |a: &str| {
        all.iter()
            .find(|(_, r)| r.name == a)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{a}"))
    };
    let db = get("aws_db_instance.main");
    let tf = terraform::of(db).unwrap();
    assert!(tf.is_unknown(&path!["kms_key_id"]));
    assert!(!tf.is_unknown(&path!["multi_az"]));
    assert!(tf.set_by_reference(&path!["kms_key_id"]));
    assert!(!tf.set_by_reference(&path!["multi_az"]));
    assert_eq!(
        tf.constant(&path!["multi_az"]),
        Some(&serde_json::Value::Bool(false))
    );
    assert_eq!(
        tf.referenced("parameter_group_name"),
        ["aws_db_parameter_group.main"]
    );
    assert_eq!(
        db.body.get("kms_key_id"),
        None,
        "unknown values are not in the body"
    );
    // Unknown below a list item, and a whole unknown attribute.
    let web = terraform::of(get("aws_instance.web[1]")).unwrap();
    assert!(web.is_unknown(&path!["ebs_block_device", 1usize, "volume_id"]));
    assert!(!web.is_unknown(&path!["ebs_block_device", 1usize, "encrypted"]));
    assert!(web.is_unknown(&path!["root_block_device", 0usize, "encrypted"]));
    // The plan orders the set of blocks otherwise than the source: its
    // second item (/dev/sdf) is the source's first block.
    assert_eq!(
        web.constant(&path!["ebs_block_device", 1usize, "encrypted"]),
        Some(&serde_json::Value::Bool(true))
    );
    assert_eq!(
        web.constant(&path!["ebs_block_device", 0usize, "device_name"]),
        Some(&serde_json::Value::from("/dev/sdg"))
    );
    assert_eq!(
        web.source_path(&path!["ebs_block_device", 0usize, "encrypted"])
            .to_string(),
        "ebs_block_device[1].encrypted"
    );
    assert_eq!(web.index, Some(serde_json::Value::from(1)));
    // The policy input.
    let j = tf.to_json();
    assert_eq!(j["address"], "aws_db_instance.main");
    assert_eq!(j["region"], "eu-central-1");
    assert_eq!(j["region_from"], "provider");
    assert_eq!(j["values"]["multi_az"], false);
    assert_eq!(j["unknown"]["kms_key_id"], true);
    assert_eq!(j["references"]["kms_key_id"][0], "aws_kms_key.db");
    assert_eq!(
        j["config"]["kms_key_id"]["references"][0],
        "aws_kms_key.db.arn"
    );
    let ddb = terraform::of(get("aws_dynamodb_table.sessions")).unwrap();
    let j = ddb.to_json();
    assert_eq!(j["other_regions"][1]["region"], "us-west-2");
    assert_eq!(j["other_regions"][1]["path"][0], "replica");
    assert_eq!(j["actions"][0], "update");
}

/// Which bucket an encryption configuration belongs to, which parameter
/// group a database uses, which load balancer a listener is on; and back.
#[test]
fn cross_resource_links() {
    use plumb::index::Index;
    use terraform::query::{by_address, referencing, related};
    let basic = load("basic/plan.json", None);
    let legacy = load("legacy/plan.json", None);
    let all: Vec<Resource> = resources(&basic)
        .into_iter()
        .chain(resources(&legacy))
        .map(|(_, r)| r.clone())
        .collect();
    let index = Index::new(&all);
    let get = |a: &str, plan: &str| {
        all.iter()
            .find(|r| r.name == a && terraform::of(r).unwrap().plan.contains(plan))
            .unwrap()
    };
    let names = |v: Vec<&Resource>| v.iter().map(|r| r.name.clone()).collect::<Vec<_>>();

    let sse = get(
        "aws_s3_bucket_server_side_encryption_configuration.logs",
        "basic",
    );
    assert_eq!(
        names(related(
            &index,
            sse,
            "bucket",
            "aws_s3_bucket",
            &["id", "bucket"]
        )),
        ["aws_s3_bucket.logs"]
    );
    let bucket = get("aws_s3_bucket.logs", "basic");
    assert_eq!(
        names(referencing(
            &index,
            bucket,
            "aws_s3_bucket_server_side_encryption_configuration",
            "bucket",
            &["id", "bucket"]
        )),
        ["aws_s3_bucket_server_side_encryption_configuration.logs"]
    );
    let db = get("aws_db_instance.main", "basic");
    assert_eq!(
        names(related(
            &index,
            db,
            "parameter_group_name",
            "aws_db_parameter_group",
            &["name", "id"]
        )),
        ["aws_db_parameter_group.main"]
    );
    let listener = get("aws_lb_listener.http", "basic");
    assert_eq!(
        names(related(
            &index,
            listener,
            "load_balancer_arn",
            "aws_lb",
            &["arn", "id"]
        )),
        ["aws_lb.front"]
    );
    // By reference in a format 0.1 plan, for an instance known only from
    // planned_values.
    let pab = get("aws_s3_bucket_public_access_block.main", "legacy");
    assert_eq!(
        names(related(
            &index,
            pab,
            "bucket",
            "aws_s3_bucket",
            &["id", "bucket"]
        )),
        ["aws_s3_bucket.main"]
    );
    // By value when nothing is referenced (`id` is "acme-main", the
    // bucket's `bucket` too); only within the same plan.
    assert_eq!(
        names(related(&index, pab, "id", "aws_s3_bucket", &["bucket"])),
        ["aws_s3_bucket.main"]
    );
    assert!(related(&index, pab, "id", "aws_s3_bucket", &["region"]).is_empty());
    // Addresses are per plan.
    let replica = get("aws_s3_bucket.replica", "legacy");
    assert!(by_address(&index, replica, "aws_s3_bucket.logs").is_none());
    assert_eq!(
        by_address(&index, sse, "aws_s3_bucket.logs").map(|r| r.name.as_str()),
        Some("aws_s3_bucket.logs")
    );
}

/// `plumb check PLAN --tf-root DIR`: the option reaches the loader.
#[test]
fn cli_tf_root() {
    let plan = fixture("basic/plan.json");
    let empty = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("plumb")
        .unwrap()
        .args(["check", "-v", "--select", "K8S001", "--tf-root"])
        .arg(empty.path())
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not found in .tf files"), "{stderr}");
    let out = assert_cmd::Command::cargo_bin("plumb")
        .unwrap()
        .args(["check", "-v", "--select", "K8S001"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("5 files") && stdout.contains("17 resources"),
        "{stdout}"
    );
}

/// Plans cut anywhere, and the one-line form `terraform show -json`
/// writes, load without a panic; the one-line form gives the same
/// resources, with columns on line 1.
#[test]
fn truncated_and_one_line_plans() {
    let bytes = std::fs::read(fixture("basic/plan.json")).unwrap();
    for cut in (0..bytes.len()).step_by(379) {
        let l = source::load_file(0, &bytes[..cut], true);
        assert!(l.resources.is_empty() || cut > 0);
    }
    let j: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let one_line = serde_json::to_string(&j).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plan.json");
    std::fs::write(&p, &one_line).unwrap();
    let l = source::load_path(&p, one_line.as_bytes(), true, &LoadOptions::default());
    let pretty = load("basic/plan.json", Some(dir.path().to_path_buf()));
    let names = |l: &Loaded| {
        l.resources
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&l), names(&pretty));
    let listener = l
        .resources
        .iter()
        .find(|r| r.name == "aws_lb_listener.http")
        .unwrap();
    let s = listener.resolve(&path!["protocol"]).span;
    assert_eq!(s.start.line, 1);
    assert_eq!(
        &one_line[s.start.col as usize - 1..s.end.col as usize - 1],
        "\"HTTP\""
    );
}

/// Configuration in Terraform's JSON syntax (CDK for Terraform's
/// `cdk.tf.json`): findings point into it.
#[test]
fn json_syntax_configuration() {
    let l = load("cdktf/plan.json", None);
    let probes = vec![
        ("aws_db_instance", path!["multi_az"]),
        ("aws_db_instance", path!["storage_encrypted"]),
        ("aws_db_instance", path!["kms_key_id"]),
        ("aws_s3_bucket", path!["bucket"]),
    ];
    insta::assert_snapshot!(summary(&l, &probes));
}

/// A resource's own `region` argument known only after apply: the region
/// is unknown (never the provider's), so residency rules stay silent.
#[test]
fn an_unknown_own_region_is_unknown() {
    let l = load("unknown-region/plan.json", None);
    let region = |addr: &str| {
        let (_, r) = resources(&l)
            .into_iter()
            .find(|(_, r)| r.name == addr)
            .unwrap_or_else(|| panic!("no {addr}"));
        let tf = plumb::source::terraform::of(r).unwrap();
        (tf.region.clone(), tf.region_from)
    };
    assert_eq!(region("aws_s3_bucket.dr"), (None, None));
    assert_eq!(
        region("aws_s3_bucket.main"),
        (
            Some("eu-west-1".to_string()),
            Some(plumb::source::terraform::RegionFrom::Provider)
        )
    );
}
