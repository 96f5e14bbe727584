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
    source::load_path(&p, &bytes, true, &LoadOptions { tf_root })
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
