//! The CloudFormation loader: detection, short-form tags, evaluation of
//! what is knowable, and locations. Fixtures: fixtures/cloudformation/.

use std::collections::BTreeMap;
use std::path::PathBuf;

use plumb::model::{Resource, Target};
use plumb::path;
use plumb::source::cloudformation::{self, CfnResource};
use plumb::source::span::{Pos, Span};
use plumb::source::yaml::{Node, Value};
use plumb::source::{self, LoadOptions, Loaded};
use serde_json::json;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/cloudformation")
        .join(rel)
}

fn load_with(rel: &str, opts: &LoadOptions) -> Loaded {
    let p = fixture(rel);
    let bytes = std::fs::read(&p).unwrap();
    source::load_path(&p, &bytes, false, opts)
}

fn load(rel: &str) -> Loaded {
    let l = load_with(rel, &LoadOptions::default());
    assert!(l.problems.is_empty(), "{rel}: {:?}", l.problems);
    assert!(l.skipped.is_none(), "{rel}: {:?}", l.skipped);
    l
}

fn res<'a>(l: &'a Loaded, id: &str) -> &'a Resource {
    l.resources
        .iter()
        .find(|r| r.name == id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn cfn<'a>(l: &'a Loaded, id: &str) -> &'a CfnResource {
    cloudformation::of(res(l, id)).unwrap()
}

fn ids(l: &Loaded) -> Vec<&str> {
    l.resources.iter().map(|r| r.name.as_str()).collect()
}

fn span(l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
    Span::new(Pos::new(l1, c1), Pos::new(l2, c2))
}

#[test]
fn resources_are_the_entries_of_resources() {
    let l = load("database.yaml");
    assert_eq!(ids(&l), ["DbKey", "Database", "StagingOnly"]);
    let db = res(&l, "Database");
    assert_eq!(db.target, Target::CloudFormation);
    assert_eq!(db.kind, "AWS::RDS::DBInstance");
    assert_eq!(db.identity(), "Database");
    assert_eq!(db.namespace, "");
    assert_eq!(db.doc_path.to_string(), "Resources.Database");
    // The body is the entry as written: Type, DependsOn, Properties.
    let keys: Vec<_> = db.body.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["Type", "DependsOn", "Properties"]);
    assert_eq!(db.header_span(), span(41, 3, 41, 11));
    let c = cfn(&l, "Database");
    assert_eq!(c.r#type, "AWS::RDS::DBInstance");
    assert_eq!(c.depends_on, ["DbKey"]);
    assert_eq!(cfn(&l, "DbKey").deletion_policy.as_deref(), Some("Retain"));
    assert_eq!(
        serde_json::to_value(Target::CloudFormation).unwrap(),
        json!("cloudformation")
    );
}

#[test]
fn parameter_defaults_mappings_and_conditions_are_evaluated() {
    let l = load("database.yaml");
    let c = cfn(&l, "Database");
    let p = &c.properties;
    assert_eq!(p["Engine"], json!("postgres"));
    // Mappings with a parameter's default as key.
    assert_eq!(p["DBInstanceClass"], json!("db.t4g.medium"));
    assert_eq!(p["BackupRetentionPeriod"], json!(1));
    // A Number parameter is a number.
    assert_eq!(p["AllocatedStorage"], json!(50));
    // !If [IsProduction, true, false] with Environment=staging.
    assert_eq!(p["MultiAZ"], json!(false));
    assert!(!c.is_unknown(&path!["Properties", "MultiAZ"]));
    // !If [..., 3000, AWS::NoValue]: the property is removed.
    assert!(p.get("Iops").is_none());
    assert_eq!(c.value(&path!["Properties", "Iops"]), None);
    // A list parameter split, then Select and Join.
    assert_eq!(p["DBSubnetGroupName"], json!("orders-subnet-b"));
    // A NoValue list item is removed.
    assert_eq!(
        p["Tags"],
        json!([{"Key": "env", "Value": "staging"}, {"Key": "stack", "Value": null}])
    );
    // Unknown: an SSM parameter, a parameter without default, a pseudo
    // parameter of the deployment, another resource's attribute.
    for k in ["EngineVersion", "MasterUsername", "KmsKeyId"] {
        assert!(c.is_unknown(&path!["Properties", k]), "{k}");
        assert_eq!(p[k], json!(null), "{k}");
    }
    assert!(c.is_unknown(&path!["Properties", "Tags", 1usize, "Value"]));
    assert!(!c.is_unknown(&path!["Properties", "Tags", 0usize, "Value"]));
    assert_eq!(
        c.unknown,
        json!({
            "EngineVersion": true,
            "KmsKeyId": true,
            "MasterUsername": true,
            "PerformanceInsightsKMSKeyId": true,
            "Tags": [false, {"Value": true}]
        })
    );
    // The template's conditions, three-valued: the region is not given.
    let conds: BTreeMap<_, _> = c.conditions.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        conds,
        BTreeMap::from([
            ("AnyAdmin", Some(true)),
            ("IsProduction", Some(false)),
            ("IsStaging", Some(true)),
            ("WantsReplica", Some(false)),
        ])
    );
    // AWS::Region unknown: the Sub is unknown, not a string with a hole.
    assert!(cfn(&l, "DbKey").is_unknown(&path!["Properties", "Description"]));
    assert_eq!(
        cfn(&l, "DbKey").properties["EnableKeyRotation"],
        json!(true)
    );
}

#[test]
fn a_resource_whose_condition_is_false_is_not_a_resource() {
    let l = load("database.yaml");
    assert!(!ids(&l).contains(&"Replica"));
    assert!(!ids(&l).contains(&"ProductionOnly"));
    assert_eq!(
        l.notes,
        ["2 resource(s) not checked: their Condition is false (Replica, ProductionOnly)"]
    );
    let s = cfn(&l, "StagingOnly");
    assert_eq!(s.condition.as_deref(), Some("IsStaging"));
    assert_eq!(s.condition_value, Some(true));
}

#[test]
fn parameter_overrides_and_region_change_the_evaluation() {
    let opts = LoadOptions {
        cfn_params: BTreeMap::from([
            ("Environment".to_string(), "production".to_string()),
            ("StorageGiB".to_string(), "100".to_string()),
            ("AdminUser".to_string(), "admin".to_string()),
        ]),
        region: Some("eu-west-1".into()),
        ..LoadOptions::default()
    };
    let l = load_with("database.yaml", &opts);
    assert!(l.problems.is_empty() && l.notes.len() == 1, "{:?}", l.notes);
    assert_eq!(ids(&l), ["DbKey", "Database", "Replica", "ProductionOnly"]);
    let c = cfn(&l, "Database");
    let p = &c.properties;
    assert_eq!(p["MultiAZ"], json!(true));
    assert_eq!(p["Iops"], json!(3000));
    assert_eq!(p["AllocatedStorage"], json!(100));
    assert_eq!(p["MasterUsername"], json!("admin"));
    assert_eq!(p["DBInstanceClass"], json!("db.r6g.large"));
    assert_eq!(p["BackupRetentionPeriod"], json!(14));
    assert_eq!(p["Tags"][1], json!({"Key": "tier", "Value": "gold"}));
    assert_eq!(c.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        cfn(&l, "DbKey").properties["Description"],
        json!("orders production key in eu-west-1")
    );
    assert_eq!(cfn(&l, "Replica").condition_value, Some(true));
    assert_eq!(
        cfn(&l, "Replica").references["SourceDBInstanceIdentifier"],
        ["Database"]
    );
}

#[test]
fn an_unknown_condition_keeps_the_resource_and_is_never_false() {
    // Production without a region: WantsReplica = IsProduction and an
    // unknown region comparison.
    let opts = LoadOptions {
        cfn_params: BTreeMap::from([("Environment".to_string(), "production".to_string())]),
        ..LoadOptions::default()
    };
    let l = load_with("database.yaml", &opts);
    let r = cfn(&l, "Replica");
    assert_eq!(r.condition_value, None);
    assert_eq!(r.properties["MultiAZ"], json!(false));
    // A Fn::If on an unknown condition is unknown, even between two
    // objects, and its references are kept.
    let l = load("no-version.json");
    let b = cfn(&l, "Logs");
    assert!(b.is_unknown(&path!["Properties", "VersioningConfiguration"]));
    assert!(b.is_unknown(&path!["Properties", "VersioningConfiguration", "Status"]));
    assert_eq!(
        b.referenced_at(&path![
            "Properties",
            "BucketEncryption",
            "ServerSideEncryptionConfiguration",
            0usize,
            "ServerSideEncryptionByDefault",
            "KMSMasterKeyID"
        ]),
        ["Key"]
    );
}

#[test]
fn references_to_resources_are_recorded_by_path() {
    let l = load("database.yaml");
    let c = cfn(&l, "Database");
    assert_eq!(
        c.references,
        BTreeMap::from([
            ("KmsKeyId".to_string(), vec!["DbKey".to_string()]),
            (
                "PerformanceInsightsKMSKeyId".to_string(),
                vec!["DbKey".to_string()]
            ),
        ])
    );
    assert_eq!(c.referenced_at(&path!["Properties", "KmsKeyId"]), ["DbKey"]);
    assert!(c.referenced_at(&path!["Properties", "Engine"]).is_empty());
    // Through an Fn::If whose condition is true.
    assert_eq!(
        cfn(&l, "StagingOnly").references["KmsMasterKeyId"],
        ["DbKey"]
    );
}

/// Whether any node of the tree still carries a tag.
fn has_tag(n: &Node) -> bool {
    n.tag().is_some()
        || match &n.value {
            Value::Seq(items) => items.iter().any(has_tag),
            Value::Map(entries) => entries.iter().any(|e| has_tag(&e.value)),
            _ => false,
        }
}

#[test]
fn every_short_form_tag_is_read_as_its_long_form() {
    let yaml = load("functions.yaml");
    let json = load("functions.json");
    let y = res(&yaml, "Everything");
    assert!(!has_tag(&y.body));
    let props = y.body.get("Properties").unwrap();
    for tag in [
        "Ref",
        "Sub",
        "GetAtt",
        "If",
        "Equals",
        "Not",
        "And",
        "Or",
        "Select",
        "Split",
        "Join",
        "FindInMap",
        "Base64",
        "Cidr",
        "GetAZs",
        "ImportValue",
        "Condition",
    ] {
        let long = if tag == "Ref" || tag == "Condition" {
            tag.to_string()
        } else {
            format!("Fn::{tag}")
        };
        let call = props.get(tag).or_else(|| props.get(&format!("{tag}Short")));
        let call = call.unwrap_or_else(|| panic!("no property {tag}"));
        let keys: Vec<_> = call.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, [long.as_str()], "{tag}");
    }
    // The YAML and the JSON template say the same.
    let (cy, cj) = (cfn(&yaml, "Everything"), cfn(&json, "Everything"));
    assert_eq!(cy.properties, cj.properties);
    assert_eq!(cy.unknown, cj.unknown);
    assert_eq!(cy.references, cj.references);
    let j = res(&json, "Everything");
    for e in props.entries() {
        // `!GetAtt A.B` is read as its list form; JSON may write "A.B".
        if e.key != "GetAttShort" {
            assert_eq!(
                e.value.to_json(),
                j.body.get_in(&["Properties", &e.key]).unwrap().to_json(),
                "{}",
                e.key
            );
        }
    }
    assert_eq!(
        cy.properties,
        json!({
            "Ref": "shop",
            "Sub": "shop-${Literal}",
            "SubVars": "a:b/shop",
            "SubResource": null,
            "GetAttShort": null,
            "GetAttList": null,
            "If": true,
            "Equals": true,
            "Not": true,
            "And": true,
            "Or": false,
            "Select": "z",
            "Split": ["a", "b", "c"],
            "Join": "shop-app",
            "FindInMap": "ami-123",
            "Base64": "aGVsbG8=",
            "Cidr": null,
            "GetAZs": null,
            "ImportValue": null,
            "Condition": true,
            "NestedBase64": "eC1zaG9w"
        })
    );
    for k in ["GetAttShort", "GetAttList", "SubResource"] {
        assert_eq!(cy.references[k], ["Bucket"], "{k}");
    }
    // With a region, the partition is known.
    let l = load_with(
        "functions.yaml",
        &LoadOptions {
            region: Some("cn-north-1".into()),
            ..LoadOptions::default()
        },
    );
    assert!(cfn(&l, "Everything").is_unknown(&path!["Properties", "SubResource"]));
}

#[test]
fn get_att_both_forms_with_spans() {
    let l = load("functions.yaml");
    let b = &res(&l, "Everything").body;
    // `GetAttShort: !GetAtt Bucket.Arn` (line 16): the call spans the tag
    // and its value, the key the tag, each part its own text.
    let call = b.get_in(&["Properties", "GetAttShort"]).unwrap();
    assert_eq!(call.span, span(16, 20, 16, 38));
    let e = &call.entries()[0];
    assert_eq!(e.key, "Fn::GetAtt");
    assert_eq!(e.key_span, span(16, 20, 16, 27));
    let parts = e.value.items();
    assert_eq!(parts[0].as_str(), Some("Bucket"));
    assert_eq!(parts[0].span, span(16, 28, 16, 34));
    assert_eq!(parts[1].as_str(), Some("Arn"));
    assert_eq!(parts[1].span, span(16, 35, 16, 38));
    // `GetAttList: !GetAtt [Bucket, DomainName]` (line 17).
    let call = b
        .get_in(&["Properties", "GetAttList", "Fn::GetAtt"])
        .unwrap();
    assert_eq!(call.items()[1].as_str(), Some("DomainName"));
    assert_eq!(call.items()[1].span, span(17, 36, 17, 46));
    // `!GetAtt Database.Endpoint.Address`: the attribute keeps its dots.
    let l = load("database.yaml");
    let c = cfn(&l, "Database");
    assert!(c.is_unknown(&path!["Properties", "KmsKeyId"]));
    let kms = res(&l, "Database")
        .body
        .get_in(&["Properties", "KmsKeyId", "Fn::GetAtt"])
        .unwrap()
        .to_json();
    assert_eq!(kms, json!(["DbKey", "Arn"]));
}

#[test]
fn paths_resolve_to_the_exact_span() {
    let l = load("database.yaml");
    let db = res(&l, "Database");
    // `MultiAZ: !If [IsProduction, true, false]` (line 50), staging: the
    // `false` that is taken.
    let r = db.resolve(&path!["Properties", "MultiAZ"]);
    assert!(r.found);
    assert_eq!(r.span, span(50, 41, 50, 46));
    // `KmsKeyId: !GetAtt DbKey.Arn` (line 52): the whole call.
    let r = db.resolve(&path!["Properties", "KmsKeyId"]);
    assert_eq!(r.span, span(52, 17, 52, 34));
    // A plain scalar.
    let r = db.resolve(&path!["Properties", "Engine"]);
    assert_eq!(r.span, span(45, 15, 45, 23));
    // Tags[1] of the evaluated list is the third item written (the second
    // is removed by AWS::NoValue): `Value: !Ref AWS::StackName` (line 62).
    let r = db.resolve(&path!["Properties", "Tags", 1usize, "Value"]);
    assert_eq!(r.span, span(62, 18, 62, 37));
    // Missing: the Properties key that should hold it.
    let r = db.resolve(&path!["Properties", "StorageType"]);
    assert!(!r.found);
    assert_eq!(r.span, span(44, 5, 44, 15));
    // A resource without Properties: its logical id.
    let l = load("functions.yaml");
    let r = res(&l, "Bucket").resolve(&path!["Properties", "BucketEncryption"]);
    assert!(!r.found);
    assert_eq!(r.span, span(33, 3, 33, 9));
    // Production: the `true` branch.
    let opts = LoadOptions {
        cfn_params: BTreeMap::from([("Environment".to_string(), "production".to_string())]),
        ..LoadOptions::default()
    };
    let l = load_with("database.yaml", &opts);
    let db = res(&l, "Database");
    assert_eq!(
        db.resolve(&path!["Properties", "MultiAZ"]).span,
        span(50, 35, 50, 39)
    );
    assert_eq!(
        db.resolve(&path!["Properties", "Tags", 1usize, "Value"])
            .span,
        span(60, 49, 60, 53)
    );
    // JSON.
    let l = load("no-version.json");
    let r = res(&l, "Logs").resolve(&path![
        "Properties",
        "BucketEncryption",
        "ServerSideEncryptionConfiguration",
        0usize,
        "ServerSideEncryptionByDefault",
        "SSEAlgorithm"
    ]);
    assert_eq!(r.span, span(8, 64, 8, 73));
    assert_eq!(res(&l, "Logs").header_span(), span(3, 5, 3, 11));
}

#[test]
fn sam_templates_load() {
    let l = load("sam.yaml");
    assert_eq!(ids(&l), ["OrdersFunction", "OrdersTable", "Queue"]);
    assert_eq!(res(&l, "OrdersFunction").kind, "AWS::Serverless::Function");
    let f = cfn(&l, "OrdersFunction");
    assert_eq!(f.references["Environment.Variables.TABLE"], ["OrdersTable"]);
    assert_eq!(
        f.references["Policies[0].DynamoDBCrudPolicy.TableName"],
        ["OrdersTable"]
    );
    assert_eq!(
        cfn(&l, "Queue").properties,
        json!({"SqsManagedSseEnabled": true})
    );
}

#[test]
fn templates_without_a_format_version_are_detected_by_their_types() {
    let l = load("no-version.json");
    assert_eq!(ids(&l), ["Logs", "Key"]);
    // Resources without AWS:: types, or Kubernetes objects, are not templates.
    for text in [
        "Resources:\n  a: {Type: Custom::Thing}\n",
        "Resources: [AWS::S3::Bucket]\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nResources:\n  a: {Type: AWS::S3::Bucket}\n",
    ] {
        let l = source::load_file(0, text.as_bytes(), false);
        assert!(
            l.resources.iter().all(|r| r.target != Target::CloudFormation),
            "{text}"
        );
    }
    // A template among Kubernetes documents.
    let l = source::load_file(
        0,
        b"apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nResources:\n  B: {Type: AWS::S3::Bucket}\n",
        false,
    );
    let t: Vec<_> = l.resources.iter().map(|r| (r.target, r.doc)).collect();
    assert_eq!(t, [(Target::CloudFormation, 1), (Target::Kubernetes, 0)]);
}

#[test]
fn malformed_templates_are_located_parse_errors() {
    for (rel, at, what) in [
        ("malformed/bad-yaml.yaml", Pos::new(6, 28), "flow sequence"),
        ("malformed/bad-json.json", Pos::new(5, 5), "flow mapping"),
        (
            "malformed/resources-list.yaml",
            Pos::new(2, 1),
            "not a mapping",
        ),
    ] {
        let l = load_with(rel, &LoadOptions::default());
        assert_eq!(l.problems.len(), 1, "{rel}: {:?}", l.problems);
        assert_eq!(l.problems[0].span.start, at, "{rel}");
        assert!(
            l.problems[0].message.contains(what),
            "{rel}: {:?}",
            l.problems
        );
        assert!(l.resources.is_empty(), "{rel}");
    }
    // A resource without Type is an error at its logical id; the others load.
    let l = load_with("malformed/no-type.yaml", &LoadOptions::default());
    let at: Vec<_> = l.problems.iter().map(|p| p.span.start).collect();
    assert_eq!(at, [Pos::new(3, 3), Pos::new(6, 3)]);
    assert!(l.problems[0].message.contains("\"Bucket\" has no Type"));
    assert_eq!(ids(&l), ["Topic"]);
    // Two tags on one node (`!ImportValue !Sub`, which CloudFormation also
    // rejects) are a YAML error.
    let l = source::load_file(
        0,
        b"AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !ImportValue !Sub \"${Y}\"\n",
        false,
    );
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].span.start.line, 6);
}

#[test]
fn odd_intrinsics_are_unknown_not_errors() {
    let l = load("malformed/odd-intrinsics.yaml");
    let c = cfn(&l, "Odd");
    // A circular condition is unknown: the resource stays.
    assert_eq!(c.condition_value, None);
    for k in [
        "A", "B", "C", "D", "F", "G", "H", "I", "J", "K", "L", "M", "O",
    ] {
        assert!(c.is_unknown(&path!["Properties", k]), "{k}");
    }
    // An unknown tag is kept as written.
    let n = res(&l, "Odd")
        .body
        .get_in(&["Properties", "N"])
        .unwrap()
        .clone();
    assert_eq!(n.tag(), Some("Unknown"));
}

#[test]
fn truncated_templates_never_panic() {
    for rel in [
        "database.yaml",
        "functions.yaml",
        "functions.json",
        "sam.yaml",
        "no-version.json",
        "malformed/odd-intrinsics.yaml",
    ] {
        let text = std::fs::read_to_string(fixture(rel)).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let l = source::load_file(0, &text.as_bytes()[..cut], false);
                for p in &l.problems {
                    assert!(p.span.start.line >= 1, "{rel}[..{cut}]");
                }
            }
            cut += 7;
        }
    }
}

#[test]
fn for_each_loops_are_expanded_where_the_collection_is_known() {
    let opts = LoadOptions {
        region: Some("eu-west-1".into()),
        ..LoadOptions::default()
    };
    let l = load_with("foreach.yaml", &opts);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(
        ids(&l),
        [
            "Key",
            "TableUsers",
            "TableOrderItems",
            "ordersDevQueue",
            "ordersProdQueue",
            "paymentsDevQueue",
            "paymentsProdQueue"
        ]
    );
    let t = cfn(&l, "TableOrderItems");
    assert_eq!(
        t.value(&path!["Properties", "TableName"]),
        Some(&json!("Order-Items-eu-west-1"))
    );
    // `Ref: Name` is the item; a plain string is not substituted.
    assert_eq!(
        t.value(&path!["Properties", "Tags"]),
        Some(
            &json!([{"Key": "table", "Value": "Order-Items"}, {"Key": "literal", "Value": "${Name}"}])
        )
    );
    // The key is a resource of the template: a reference, unknown value.
    assert_eq!(
        t.referenced_at(&path!["Properties", "SSESpecification", "KMSMasterKeyId"]),
        ["Key"]
    );
    assert_eq!(
        cfn(&l, "paymentsProdQueue").value(&path!["Properties", "QueueName"]),
        Some(&json!("payments-Prod"))
    );
    // Locations: the loop's template, shared by its resources.
    let q = res(&l, "ordersDevQueue");
    assert_eq!(q.header_span().start.line, 35);
    assert_eq!(
        q.resolve(&path!["Properties", "QueueName"]).span.start.line,
        38
    );
    // The loop over a parameter without a value is not expanded: a note.
    assert!(
        l.notes
            .iter()
            .any(|n| n.contains("1 Fn::ForEach resource group(s) not expanded")),
        "{:?}",
        l.notes
    );
}

#[test]
fn duplicate_keys_are_reported_and_the_last_one_counts() {
    let l = load_with("duplicates.yaml", &LoadOptions::default());
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].span.start.line, 11);
    assert!(
        l.problems[0]
            .message
            .contains("CloudFormation silently keeps the last"),
        "{}",
        l.problems[0].message
    );
    // Still checked, with the value CloudFormation deploys.
    let db = res(&l, "Database");
    assert_eq!(
        cfn(&l, "Database").value(&path!["Properties", "MultiAZ"]),
        Some(&json!(false))
    );
    assert_eq!(
        db.resolve(&path!["Properties", "MultiAZ"]).span.start.line,
        11
    );
}

/// Flow collections whose lines sit at their key's indentation: YAML 1.2
/// says no, PyYAML (the AWS CLI, SAM) and libyaml say yes, and so does
/// plumb. Values and line numbers are as written.
#[test]
fn flow_collections_at_the_key_indentation_load() {
    let l = load("lenient-flow.yaml");
    assert_eq!(ids(&l), ["Reader", "Model"]);
    assert_eq!(
        cfn(&l, "Reader").value(&path![
            "Properties",
            "PolicyDocument",
            "Statement",
            0usize,
            "Action"
        ]),
        Some(&json!(["s3:GetObject", "s3:ListBucket"]))
    );
    assert_eq!(
        cfn(&l, "Model").value(&path!["Properties", "Schema", "title"]),
        Some(&json!("Stats"))
    );
    let model = res(&l, "Model");
    assert_eq!(
        model
            .resolve(&path!["Properties", "Schema", "type"])
            .span
            .start
            .line,
        23
    );
}
