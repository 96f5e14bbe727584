//! What Rego sees of a CloudFormation resource: `input` is the resource
//! entry with `Properties` (and `DeletionPolicy`, `UpdateReplacePolicy`)
//! evaluated, so that a rule's paths are paths of the template
//! (`["Properties", "MultiAZ"]`); `input._plumb` holds what the loader
//! worked out (type, logical id, template, stack region, unknowns, links to
//! the template's other resources, other regions named); and
//! `data.plumb.cloudformation[template][logical_id]` every resource of
//! every template, `data.plumb.cloudformation_types[template][type]` their
//! logical ids by type.
//!
//! The shapes follow the Terraform side ([`super::terraform`]) so that the
//! AWS pack's helpers read both: `address` is the logical id, `unknown` and
//! `values` are shaped like the resource entry, and links carry the path of
//! the property that references the other resource (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub`).

use std::collections::HashMap;

use regorus::value::Object;
use regorus::Value;
use serde_json::{json, Value as Json};

use crate::model::{Resource, Seg};
use crate::source::cloudformation::{self, CfnResource};

use super::terraform::path_value;

/// `Properties` paths (through every item of the lists on the way) that
/// name another region, per resource type, and what they are. Keys ending
/// in `Region` (and DLM's `Target`) hold a region; others an ARN (the
/// region is the ARN's).
const OTHER_REGIONS: &[(&str, &[&str], &str)] = &[
    (
        "AWS::DynamoDB::GlobalTable",
        &["Replicas", "Region"],
        "replica",
    ),
    (
        "AWS::SecretsManager::Secret",
        &["ReplicaRegions", "Region"],
        "replica",
    ),
    (
        "AWS::ECR::ReplicationConfiguration",
        &[
            "ReplicationConfiguration",
            "Rules",
            "Destinations",
            "Region",
        ],
        "replication-destination",
    ),
    (
        "AWS::S3::Bucket",
        &[
            "ReplicationConfiguration",
            "Rules",
            "Destination",
            "EncryptionConfiguration",
            "ReplicaKmsKeyID",
        ],
        "replication-destination",
    ),
    (
        "AWS::Backup::BackupPlan",
        &[
            "BackupPlan",
            "BackupPlanRule",
            "CopyActions",
            "DestinationBackupVaultArn",
        ],
        "backup-copy",
    ),
    (
        "AWS::RDS::DBInstance",
        &["SourceDBInstanceIdentifier"],
        "replication-source",
    ),
    (
        "AWS::RDS::DBInstance",
        &["SourceRegion"],
        "replication-source",
    ),
    (
        "AWS::RDS::DBCluster",
        &["ReplicationSourceIdentifier"],
        "replication-source",
    ),
    (
        "AWS::RDS::DBCluster",
        &["SourceRegion"],
        "replication-source",
    ),
    (
        "AWS::EFS::FileSystem",
        &["ReplicationConfiguration", "Destinations", "Region"],
        "replication-destination",
    ),
    (
        "AWS::Redshift::Cluster",
        &["DestinationRegion"],
        "snapshot-copy",
    ),
    (
        "AWS::ElastiCache::GlobalReplicationGroup",
        &["Members", "ReplicationGroupRegion"],
        "replica",
    ),
    (
        "AWS::DLM::LifecyclePolicy",
        &[
            "PolicyDetails",
            "Schedules",
            "CrossRegionCopyRules",
            "Target",
        ],
        "snapshot-copy",
    ),
    (
        "AWS::DLM::LifecyclePolicy",
        &[
            "PolicyDetails",
            "Schedules",
            "CrossRegionCopyTargets",
            "TargetRegion",
        ],
        "snapshot-copy",
    ),
    (
        "AWS::ImageBuilder::DistributionConfiguration",
        &["Distributions", "Region"],
        "image-copy",
    ),
];

/// The region of an ARN (`arn:aws:kms:eu-west-1:...`), if it names one.
fn arn_region(s: &str) -> Option<&str> {
    let mut parts = s.split(':');
    (parts.next()? == "arn").then_some(())?;
    let region = parts.nth(2)?;
    looks_like_region(region).then_some(region)
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`, `cn-north-1`.
pub fn looks_like_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// Visits `keys` below `node`, through every item of the lists on the way:
/// the path (below `Properties`) and the string found, if known.
fn visit(node: &Json, keys: &[&str], path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, Json)>) {
    let Some((k, rest)) = keys.split_first() else {
        out.push((path.clone(), node.clone()));
        return;
    };
    let Some(v) = node.get(k) else { return };
    path.push(Seg::Key((*k).to_string()));
    match v {
        Json::Array(items) if !rest.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                visit(item, rest, path, out);
                path.pop();
            }
        }
        _ => visit(v, rest, path, out),
    }
    path.pop();
}

/// ARNs written with a literal region inside `Fn::Sub` templates whose
/// value stays unknown (`!Sub "arn:${AWS::Partition}:backup:us-east-1:
/// ${AWS::AccountId}:backup-vault:dr"`: the account is not known, the
/// region is). Paths below `Properties`, through mappings and lists only.
fn written_arn_regions(
    n: &crate::source::yaml::Node,
    path: &mut Vec<Seg>,
    out: &mut Vec<(Vec<Seg>, String)>,
) {
    use crate::source::cloudformation::eval::intrinsic;
    use crate::source::yaml::Value as Y;
    match intrinsic(n) {
        Some(("Fn::Sub", arg)) => {
            let template = match &arg.value {
                Y::Str(s) => Some(s.as_str()),
                Y::Seq(items) => items.first().and_then(|t| t.as_str()),
                _ => None,
            };
            if let Some(t) = template {
                // `${AWS::Partition}` holds colons: variables become `x`.
                let mut flat = String::with_capacity(t.len());
                let mut rest = t;
                while let Some(i) = rest.find("${") {
                    flat.push_str(&rest[..i]);
                    match rest[i..].find('}') {
                        Some(j) => {
                            flat.push('x');
                            rest = &rest[i + j + 1..];
                        }
                        None => {
                            rest = &rest[i..];
                            break;
                        }
                    }
                }
                flat.push_str(rest);
                let t = flat.as_str();
                for (i, _) in t.match_indices("arn:") {
                    let arn = &t[i..];
                    let mut parts = arn.split(':');
                    let region = parts.nth(3).unwrap_or("");
                    if looks_like_region(region) {
                        out.push((path.clone(), region.to_string()));
                        break;
                    }
                }
            }
        }
        Some(_) => {}
        None => match &n.value {
            Y::Map(entries) => {
                for e in entries {
                    path.push(Seg::Key(e.key.to_string()));
                    written_arn_regions(&e.value, path, out);
                    path.pop();
                }
            }
            Y::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    written_arn_regions(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        },
    }
}

/// The other regions a resource names: from the table above, and any ARN
/// of another region among its properties (a key in another region, a
/// topic, a role's target), evaluated or written in an `Fn::Sub` that stays
/// unknown: `[{path, region, what}]`, paths from the resource entry
/// (`Properties.Replicas[1].Region`).
fn other_regions(c: &CfnResource, body: &crate::source::yaml::Node) -> Vec<Value> {
    let mut out: Vec<(Vec<Seg>, Option<String>, &str)> = Vec::new();
    for (ty, keys, what) in OTHER_REGIONS {
        if *ty != c.r#type {
            continue;
        }
        let mut found = Vec::new();
        visit(&c.properties, keys, &mut Vec::new(), &mut found);
        for (p, v) in found {
            let s = v.as_str();
            let region = if keys
                .last()
                .is_some_and(|k| k.ends_with("Region") || *k == "Target")
            {
                s.filter(|s| looks_like_region(s)).map(str::to_string)
            } else {
                s.and_then(arn_region).map(str::to_string)
            };
            out.push((p, region, what));
        }
    }
    // ARNs of another region anywhere else.
    let stack = c.region.as_deref();
    let mut arns = Vec::new();
    collect_arns(&c.properties, &mut Vec::new(), &mut arns);
    if let Some(props) = body.get("Properties") {
        let mut written = Vec::new();
        written_arn_regions(props, &mut Vec::new(), &mut written);
        let mut full = crate::model::Path(vec![Seg::Key("Properties".into())]);
        for (p, region) in written {
            full.0.truncate(1);
            full.0.extend(p.iter().cloned());
            if c.is_unknown(&full) {
                arns.push((p, region));
            }
        }
    }
    for (p, region) in arns {
        if Some(region.as_str()) == stack {
            continue;
        }
        // The table's entry at the same path, if its region was not known.
        if let Some(entry) = out.iter_mut().find(|(q, _, _)| *q == p) {
            if entry.1.is_none() {
                entry.1 = Some(region);
            }
            continue;
        }
        out.push((p, Some(region), "cross-region-reference"));
    }
    out.into_iter()
        .map(|(p, region, what)| {
            let mut full = vec![Seg::Key("Properties".into())];
            full.extend(p);
            let mut m = Object::default();
            m.insert(Value::from("path"), path_value(&full));
            m.insert(
                Value::from("region"),
                region.map_or(Value::Null, |r| Value::from(r.as_str())),
            );
            m.insert(Value::from("what"), Value::from(what));
            m.into()
        })
        .collect()
}

fn collect_arns(j: &Json, path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, String)>) {
    match j {
        Json::String(s) => {
            if let Some(r) = arn_region(s) {
                out.push((path.clone(), r.to_string()));
            }
        }
        Json::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                collect_arns(v, path, out);
                path.pop();
            }
        }
        Json::Object(m) => {
            for (k, v) in m {
                path.push(Seg::Key(k.clone()));
                collect_arns(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `{"AvailabilityZone": 0}`: properties written `!Select [n, !GetAZs ...]`.
fn az_index(c: &CfnResource) -> Value {
    let mut o = Object::default();
    for (p, i) in &c.az_index {
        o.insert(Value::from(p.as_str()), Value::from(*i));
    }
    o.into()
}

/// The unknown tree shaped like the resource entry.
fn unknown_tree(c: &CfnResource) -> Json {
    match &c.unknown {
        Json::Object(m) if m.is_empty() => json!({}),
        u => json!({ "Properties": u }),
    }
}

/// The CloudFormation part of `input._plumb`, by resource (None for other
/// targets).
pub fn contexts(resources: &[Resource]) -> Vec<Option<Object>> {
    let cfns: Vec<Option<&CfnResource>> = resources.iter().map(cloudformation::of).collect();
    if cfns.iter().all(Option::is_none) {
        return vec![None; resources.len()];
    }
    let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, c) in cfns.iter().enumerate() {
        if let Some(c) = c {
            by_id.insert((&*c.template, c.logical_id.as_str()), i);
        }
    }
    let link = |other: &CfnResource, path: &[Seg]| -> Value {
        let mut o = Object::default();
        o.insert(Value::from("path"), path_value(path));
        o.insert(
            Value::from("address"),
            Value::from(other.logical_id.as_str()),
        );
        o.insert(Value::from("type"), Value::from(other.r#type.as_str()));
        o.insert(Value::from("via"), Value::from("reference"));
        o.into()
    };
    let mut outs: Vec<Vec<Value>> = vec![Vec::new(); resources.len()];
    let mut ins: Vec<Vec<Value>> = vec![Vec::new(); resources.len()];
    for (i, c) in cfns.iter().enumerate() {
        let Some(c) = c else { continue };
        for (p, ids) in &c.references {
            let mut path = vec![Seg::Key("Properties".into())];
            path.extend(super::terraform::parse_path(p));
            for id in ids {
                let Some(&to) = by_id.get(&(&*c.template, id.as_str())) else {
                    continue;
                };
                if to == i {
                    continue;
                }
                let Some(other) = cfns[to] else { continue };
                outs[i].push(link(other, &path));
                ins[to].push(link(c, &path));
            }
        }
    }
    cfns.iter()
        .zip(resources)
        .zip(outs.into_iter().zip(ins))
        .map(|((c, r), (outs, ins))| {
            let c = (*c)?;
            let s = |v: &str| Value::from(v);
            let opt = |v: Option<&str>| v.map_or(Value::Null, Value::from);
            let mut o = Object::default();
            o.insert(s("type"), s(&c.r#type));
            o.insert(s("address"), s(&c.logical_id));
            o.insert(s("logical_id"), s(&c.logical_id));
            o.insert(s("template"), s(&c.template));
            o.insert(s("region"), opt(c.region.as_deref()));
            o.insert(
                s("region_from"),
                if c.region.is_some() {
                    s("stack")
                } else {
                    Value::Null
                },
            );
            o.insert(s("other_regions"), Value::from(other_regions(c, &r.body)));
            o.insert(s("unknown"), Value::from(unknown_tree(c)));
            o.insert(s("links"), Value::from(outs));
            o.insert(s("linked_from"), Value::from(ins));
            o.insert(s("condition"), opt(c.condition.as_deref()));
            o.insert(
                s("condition_value"),
                c.condition_value.map_or(Value::Null, Value::from),
            );
            o.insert(
                s("serverless"),
                Value::from(c.r#type.starts_with("AWS::Serverless::")),
            );
            Some(o)
        })
        .collect()
}

/// The resource entry as a policy's `input`: `Properties`, `DeletionPolicy`
/// and `UpdateReplacePolicy` evaluated, the rest as written (converted
/// here, so that the written `Properties` are never converted).
pub fn input_doc(
    c: &CfnResource,
    body: &crate::source::yaml::Node,
    keys: &mut super::convert::Keys,
) -> Value {
    const EVALUATED: [&str; 3] = ["Properties", "DeletionPolicy", "UpdateReplacePolicy"];
    let mut top = Object::default();
    for e in body.entries() {
        if !EVALUATED.contains(&e.key.as_str()) {
            top.insert(
                keys.key(&e.key),
                super::convert::to_value_with(&e.value, keys),
            );
        }
    }
    top.insert(Value::from("Properties"), Value::from(c.properties.clone()));
    for (k, v) in [
        ("DeletionPolicy", &c.deletion_policy),
        ("UpdateReplacePolicy", &c.update_replace_policy),
    ] {
        if let Some(v) = v {
            top.insert(Value::from(k), Value::from(v.as_str()));
        }
    }
    top.into()
}

/// `data.plumb.cloudformation[template][logical_id]` ({address, type,
/// values, unknown, region}, `values` shaped like the resource entry) and
/// `data.plumb.cloudformation_types[template][type]` (logical ids).
pub fn data(resources: &[Resource]) -> Option<Value> {
    super::terraform::grouped_data(
        "cloudformation",
        resources.iter().filter_map(cloudformation::of).map(|c| {
            let mut values = serde_json::Map::new();
            values.insert("Properties".into(), c.properties.clone());
            if let Some(d) = &c.deletion_policy {
                values.insert("DeletionPolicy".into(), Json::from(d.as_str()));
            }
            let mut o = Object::default();
            o.insert(Value::from("address"), Value::from(c.logical_id.as_str()));
            o.insert(Value::from("type"), Value::from(c.r#type.as_str()));
            o.insert(Value::from("values"), Value::from(Json::Object(values)));
            o.insert(Value::from("unknown"), Value::from(unknown_tree(c)));
            o.insert(
                Value::from("region"),
                c.region.as_deref().map_or(Value::Null, Value::from),
            );
            o.insert(Value::from("az_index"), az_index(c));
            (
                &*c.template,
                c.logical_id.as_str(),
                c.r#type.as_str(),
                o.into(),
            )
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_arns() {
        for r in ["eu-west-1", "us-gov-west-1", "ap-southeast-3", "cn-north-1"] {
            assert!(looks_like_region(r), "{r}");
        }
        for r in ["", "eu-west", "EU-west-1", "aws-global", "us-east-1a"] {
            assert!(!looks_like_region(r), "{r}");
        }
        assert_eq!(
            arn_region("arn:aws:kms:us-east-1:123456789012:key/abc"),
            Some("us-east-1")
        );
        assert_eq!(arn_region("arn:aws:s3:::bucket"), None);
        assert_eq!(arn_region("arn:aws:iam::123456789012:role/x"), None);
        assert_eq!(arn_region("eu-west-1"), None);
    }
}
