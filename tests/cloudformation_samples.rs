//! Templates written in the style of AWS's public samples (the ones users
//! try first): 2010-era JSON with `Fn::Join` user data and
//! `AWS::CloudFormation::Init`, a two-zone VPC, an ECS service behind a
//! load balancer with `Rules` and `!ImportValue`, nested stacks with
//! language extensions, a SAM application, a CRLF file and a JSON file with
//! a byte-order mark. Each loads as CloudFormation without a problem, its
//! resources are the ones CloudFormation would deploy with the default
//! parameters, and the quirks are read as CloudFormation reads them.

use std::path::PathBuf;

use plumb::config::Config;
use plumb::model::Path;
use plumb::path;
use plumb::scan::{self, Options};
use plumb::source::cloudformation::{self, CfnResource};
use plumb::source::{self, LoadOptions, Loaded};
use serde_json::json;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/cloudformation/samples")
        .join(name)
}

fn load(name: &str) -> Loaded {
    let p = sample(name);
    let bytes = std::fs::read(&p).unwrap();
    let opts = LoadOptions {
        region: Some("eu-west-1".into()),
        ..LoadOptions::default()
    };
    let l = source::load_path(&p, &bytes, false, &opts);
    assert!(l.skipped.is_none(), "{name}: skipped: {:?}", l.skipped);
    assert!(l.problems.is_empty(), "{name}: {:?}", l.problems);
    l
}

fn ids(l: &Loaded) -> Vec<&str> {
    l.resources.iter().map(|r| r.name.as_str()).collect()
}

fn cfn<'a>(l: &'a Loaded, id: &str) -> &'a CfnResource {
    l.resources
        .iter()
        .find(|r| r.name == id)
        .and_then(cloudformation::of)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn props(segs: &[&str]) -> Path {
    let mut p = path!["Properties"];
    for s in segs {
        p = p.key(s);
    }
    p
}

#[test]
fn vpc_with_subnets_in_two_zones() {
    let l = load("vpc-two-zones.yaml");
    assert_eq!(
        ids(&l),
        [
            "VPC",
            "InternetGateway",
            "InternetGatewayAttachment",
            "PublicSubnet1",
            "PublicSubnet2",
            "PrivateSubnet1",
            "PrivateSubnet2",
            "NatGateway1EIP",
            "NatGateway1",
            "PublicRouteTable",
            "DefaultPublicRoute",
            "PublicSubnet1RouteTableAssociation"
        ]
    );
    // `!Select [0, !GetAZs '']`: unknown by name, the first zone by index.
    let s1 = cfn(&l, "PublicSubnet1");
    assert!(s1.is_unknown(&props(&["AvailabilityZone"])));
    assert_eq!(s1.az_index.get("AvailabilityZone"), Some(&0));
    assert_eq!(
        cfn(&l, "PrivateSubnet2").az_index.get("AvailabilityZone"),
        Some(&1)
    );
    // A CIDR computed from the VPC's is unknown, and references the VPC.
    assert!(s1.is_unknown(&props(&["CidrBlock"])));
    assert_eq!(s1.referenced_at(&props(&["CidrBlock"])), ["VPC"]);
    assert_eq!(
        s1.value(&path!["Properties", "Tags", 0usize, "Value"]),
        Some(&json!("shop Public Subnet (AZ1)"))
    );
    // The parameter's default, through `!Ref`.
    assert_eq!(
        cfn(&l, "VPC").value(&props(&["CidrBlock"])),
        Some(&json!("10.192.0.0/16"))
    );
}

#[test]
fn old_json_with_init_metadata_and_joined_user_data() {
    let l = load("lamp-instance.json");
    // `WaitCondition`'s `NotOpenSsh` is false with the default SSHLocation.
    assert_eq!(
        ids(&l),
        ["WebServerSecurityGroup", "WebServerInstance", "WaitHandle"]
    );
    assert!(
        l.notes.iter().any(|n| n.contains("WaitCondition")),
        "{:?}",
        l.notes
    );
    let web = cfn(&l, "WebServerInstance");
    // Nested `Fn::FindInMap` with the region and a parameter's default.
    assert_eq!(
        web.value(&props(&["ImageId"])),
        Some(&json!("ami-0a1b2c3d4e5f60718"))
    );
    // User data joins the stack name, known only at deployment.
    assert!(web.is_unknown(&props(&["UserData"])));
    assert_eq!(
        web.value(&path![
            "Properties",
            "BlockDeviceMappings",
            0usize,
            "Ebs",
            "Encrypted"
        ]),
        Some(&json!("true"))
    );
    assert_eq!(
        web.referenced_at(&path!["Properties", "SecurityGroups", 0usize]),
        ["WebServerSecurityGroup"]
    );
    let sg = cfn(&l, "WebServerSecurityGroup");
    assert_eq!(
        sg.value(&path![
            "Properties",
            "SecurityGroupIngress",
            1usize,
            "CidrIp"
        ]),
        Some(&json!("0.0.0.0/0"))
    );
}

#[test]
fn fargate_service_with_rules_imports_and_dynamic_references() {
    let l = load("fargate-service.yaml");
    // `HttpsListener` needs a certificate; the default is ''.
    assert_eq!(
        ids(&l),
        [
            "Cluster",
            "LogGroup",
            "TaskDefinition",
            "LoadBalancerSecurityGroup",
            "LoadBalancer",
            "TargetGroup",
            "HttpListener",
            "Service",
            "ScalableTarget",
            "ScalingPolicy"
        ]
    );
    let task = cfn(&l, "TaskDefinition");
    // A dynamic reference is a string CloudFormation resolves at deploy time.
    assert_eq!(
        task.value(&path![
            "Properties",
            "ContainerDefinitions",
            0usize,
            "Environment",
            0usize,
            "Value"
        ]),
        Some(&json!(
            "{{resolve:secretsmanager:shop/db:SecretString:password}}"
        ))
    );
    // An SSM parameter type is resolved at deployment: unknown.
    assert!(task.is_unknown(&path![
        "Properties",
        "ContainerDefinitions",
        0usize,
        "Image"
    ]));
    assert!(cfn(&l, "LoadBalancerSecurityGroup").is_unknown(&props(&["VpcId"])));
    assert!(cfn(&l, "LoadBalancer").is_unknown(&props(&["Subnets"])));
    let http = cfn(&l, "HttpListener");
    assert_eq!(
        http.value(&path![
            "Properties",
            "DefaultActions",
            0usize,
            "RedirectConfig",
            "Protocol"
        ]),
        Some(&json!("HTTPS"))
    );
    assert_eq!(cfn(&l, "Service").depends_on, ["HttpListener"]);
    assert_eq!(
        cfn(&l, "LogGroup").deletion_policy.as_deref(),
        Some("Retain")
    );
}

#[test]
fn nested_stacks_and_language_extensions() {
    let l = load("nested-stacks.yaml");
    assert_eq!(
        ids(&l),
        ["Network", "Config", "Database", "Monitoring", "Alerts"]
    );
    // `Fn::Transform` merged into Properties: the include may set any
    // property (KmsMasterKeyId here), so nothing in it is known, and
    // AWS020 does not report a missing key.
    let alerts = cfn(&l, "Alerts");
    assert!(alerts.is_unknown(&props(&["KmsMasterKeyId"])));
    assert!(alerts.is_unknown(&props(&["TopicName"])));
    let db = cfn(&l, "Database");
    // `!GetAtt Network.Outputs.X`: a reference to the nested stack.
    assert_eq!(
        db.referenced_at(&props(&["DBSubnetGroupName"])),
        ["Network"]
    );
    assert!(db.is_unknown(&props(&["DBSubnetGroupName"])));
    assert_eq!(
        db.value(&path!["Properties", "Tags", 0usize, "Value"]),
        Some(&json!("a-b-c"))
    );
    assert_eq!(db.value(&props(&["MultiAZ"])), Some(&json!(true)));
    // `!FindInMap` with a `DefaultValue` for an environment not in the map.
    assert_eq!(
        db.value(&props(&["DBInstanceClass"])),
        Some(&json!("db.t4g.medium"))
    );
    let config = cfn(&l, "Config");
    assert_eq!(config.value(&props(&["ZoneCount"])), Some(&json!(3)));
    assert_eq!(
        config.value(&props(&["Settings"])),
        Some(&json!(
            "{\"zones\":[\"a\",\"b\",\"c\"],\"environment\":\"staging\"}"
        ))
    );
    assert_eq!(db.update_replace_policy.as_deref(), Some("Snapshot"));
    // `Fn::Transform` (AWS::Include) is run by CloudFormation: unknown.
    assert!(cfn(&l, "Monitoring").is_unknown(&path!["Properties", "Parameters", "Include"]));
}

#[test]
fn sam_application() {
    let l = load("serverless-api.yaml");
    assert_eq!(
        ids(&l),
        [
            "OrdersApi",
            "UserPool",
            "SharedLayer",
            "CreateOrderFunction",
            "ProcessOrderFunction",
            "OrdersTable",
            "OrdersQueue"
        ]
    );
    let api = cfn(&l, "OrdersApi");
    assert_eq!(api.value(&props(&["StageName"])), Some(&json!("dev")));
    assert_eq!(
        api.referenced_at(&path![
            "Properties",
            "Auth",
            "Authorizers",
            "Cognito",
            "UserPoolArn"
        ]),
        ["UserPool"]
    );
    assert_eq!(
        cfn(&l, "CreateOrderFunction").referenced_at(&path!["Properties", "Layers", 0usize]),
        ["SharedLayer"]
    );
}

#[test]
fn crlf_and_byte_order_mark() {
    let l = load("crlf-bucket.yaml");
    assert_eq!(ids(&l), ["LogBucket", "Topic"]);
    assert_eq!(
        cfn(&l, "LogBucket").value(&props(&["BucketName"])),
        Some(&json!("shop-logs-eu-west-1"))
    );
    assert_eq!(
        cfn(&l, "Topic").value(&props(&["TopicName"])),
        Some(&json!("shop-logs"))
    );
    let topic = l.resources.iter().find(|r| r.name == "Topic").unwrap();
    assert_eq!(topic.header_span().start.line, 14);
    assert_eq!(topic.resolve(&props(&["TopicName"])).span.start.line, 17);
    let l = load("bom-queue.json");
    assert_eq!(ids(&l), ["Queue", "DeadLetters"]);
    let q = l.resources.iter().find(|r| r.name == "Queue").unwrap();
    assert_eq!(q.header_span().start.line, 5);
}

/// The whole set, as a user scans it: no parse error, no policy error, and
/// every file yields resources.
#[test]
fn the_samples_scan_cleanly() {
    let opts = Options {
        paths: vec![sample("")],
        region: Some("eu-west-1".into()),
        ..Options::default()
    };
    let r = scan::run(&Config::default(), &opts).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let parse_errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule_id == "parse-error")
        .collect();
    assert!(parse_errors.is_empty(), "{parse_errors:?}");
    assert_eq!(r.files.len(), 7);
    assert_eq!(r.resources, 41);
    // What a user would see: the open SSH port of the old sample and the
    // unencrypted topic, nothing else.
    let mut got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id, f.resource.as_deref().unwrap_or("")))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [("AWS020", "Topic"), ("AWS044", "WebServerSecurityGroup")]
    );
}
