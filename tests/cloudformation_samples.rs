//! Templates written in the style of AWS's public samples (the ones users
//! try first): 2010-era JSON with `Fn::Join` user data and
//! `AWS::CloudFormation::Init`, two- and three-zone VPCs, ECS services
//! behind load balancers with `Rules` and `!ImportValue`, nested stacks
//! with language extensions, Aurora with secrets and dynamic references,
//! SAM applications, CRLF files and JSON files with a byte-order mark. Each loads as CloudFormation without a problem, its
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

#[test]
fn legacy_json_with_cfn_init_mappings_and_wait_conditions() {
    let l = load("ec2-web-legacy.json");
    // ProdDataVolume: Condition CreateProdResources is false (EnvType=test).
    assert_eq!(
        ids(&l),
        [
            "WebServerSecurityGroup",
            "WebServerInstance",
            "WaitHandle",
            "WaitCondition"
        ]
    );
    let web = cfn(&l, "WebServerInstance");
    // Nested Fn::FindInMap: region from the options, arch from the type.
    assert_eq!(web.properties["ImageId"], json!("ami-0bb1b2c3d4e5f6072"));
    assert_eq!(web.properties["InstanceType"], json!("t3.small"));
    // Fn::Base64 of a Fn::Join naming AWS::StackName: unknown, not false.
    assert!(web.is_unknown(&path!["Properties", "UserData"]));
    // A KeyPair parameter without default.
    assert!(web.is_unknown(&path!["Properties", "KeyName"]));
    assert_eq!(
        web.referenced_at(&path!["Properties", "SecurityGroups", 0usize]),
        ["WebServerSecurityGroup"]
    );
    let sg = cfn(&l, "WebServerSecurityGroup");
    assert_eq!(
        sg.properties["SecurityGroupIngress"][1]["CidrIp"],
        json!("0.0.0.0/0")
    );
    // Fn::Not of a Condition.
    let wait = cfn(&l, "WaitCondition");
    assert_eq!(wait.condition.as_deref(), Some("NotProd"));
    assert_eq!(wait.condition_value, Some(true));
    assert_eq!(wait.depends_on, ["WebServerInstance"]);
    assert_eq!(
        wait.referenced_at(&path!["Properties", "Handle"]),
        ["WaitHandle"]
    );
    assert_eq!(
        wait.conditions.get("CreateProdResources"),
        Some(&Some(false))
    );
}

#[test]
fn vpc_with_timestamp_version_getazs_cidr_and_a_false_condition() {
    let l = load("vpc-three-az.yaml");
    // PublicSubnet3: Condition ThreeAz is false (UseThirdAz="false").
    assert_eq!(
        ids(&l),
        [
            "Vpc",
            "InternetGateway",
            "InternetGatewayAttachment",
            "PublicSubnet1",
            "PublicSubnet2",
            "PrivateSubnet1",
            "PrivateSubnet2",
            "NatGateway1Eip",
            "NatGateway2Eip",
            "NatGateway1",
            "NatGateway2",
            "PublicRouteTable",
            "DefaultPublicRoute",
            "PublicSubnet1RouteTableAssociation",
            "PublicSubnet2RouteTableAssociation",
            "PrivateRouteTable1",
            "DefaultPrivateRoute1",
            "PrivateSubnet1RouteTableAssociation",
            "PrivateRouteTable2",
            "DefaultPrivateRoute2",
            "PrivateSubnet2RouteTableAssociation",
        ]
    );
    assert_eq!(
        cfn(&l, "Vpc").properties["CidrBlock"],
        json!("10.192.0.0/16")
    );
    let s = cfn(&l, "PublicSubnet1");
    // !Select [0, !GetAZs ""] and !Select [0, !Cidr [...]]: unknown.
    assert!(s.is_unknown(&path!["Properties", "AvailabilityZone"]));
    assert!(s.is_unknown(&path!["Properties", "CidrBlock"]));
    assert_eq!(s.referenced_at(&path!["Properties", "CidrBlock"]), ["Vpc"]);
    assert_eq!(s.properties["MapPublicIpOnLaunch"], json!(true));
    assert_eq!(
        s.properties["Tags"][0]["Value"],
        json!("demo Public Subnet (AZ1)")
    );
    // DependsOn as a scalar and as a list.
    assert_eq!(
        cfn(&l, "NatGateway1Eip").depends_on,
        ["InternetGatewayAttachment"]
    );
    assert_eq!(
        cfn(&l, "NatGateway2Eip").depends_on,
        ["InternetGatewayAttachment"]
    );
    assert_eq!(
        cfn(&l, "NatGateway1").referenced_at(&path!["Properties", "AllocationId"]),
        ["NatGateway1Eip"]
    );
}

#[test]
fn ecs_fargate_behind_an_alb_with_import_value_and_split() {
    let l = load("ecs-fargate-alb.yaml");
    assert_eq!(
        ids(&l),
        [
            "Cluster",
            "LogGroup",
            "ExecutionRole",
            "TaskDefinition",
            "LoadBalancerSecurityGroup",
            "ServiceSecurityGroup",
            "LoadBalancer",
            "TargetGroup",
            "HttpListener",
            "HttpsListener",
            "Service",
            "ScalableTarget",
            "CpuScalingPolicy",
        ]
    );
    let log = cfn(&l, "LogGroup");
    assert_eq!(log.deletion_policy.as_deref(), Some("Delete"));
    assert_eq!(log.update_replace_policy.as_deref(), Some("Retain"));
    // !Sub with AWS::Partition, known from the region.
    assert_eq!(
        cfn(&l, "ExecutionRole").properties["ManagedPolicyArns"][0],
        json!("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
    );
    let task = cfn(&l, "TaskDefinition");
    let opts = &task.properties["ContainerDefinitions"][0]["LogConfiguration"]["Options"];
    assert_eq!(opts["awslogs-region"], json!("eu-west-1"));
    assert_eq!(
        task.properties["ContainerDefinitions"][0]["PortMappings"][0]["ContainerPort"],
        json!(80)
    );
    // !ImportValue in its three spellings: unknown.
    for id in [
        "LoadBalancerSecurityGroup",
        "ServiceSecurityGroup",
        "TargetGroup",
    ] {
        assert!(
            cfn(&l, id).is_unknown(&path!["Properties", "VpcId"]),
            "{id}"
        );
    }
    // !Split of an !ImportValue: unknown.
    assert!(cfn(&l, "LoadBalancer").is_unknown(&path!["Properties", "Subnets"]));
    let http = cfn(&l, "HttpListener");
    assert_eq!(http.properties["Protocol"], json!("HTTP"));
    assert_eq!(
        http.properties["DefaultActions"][0]["RedirectConfig"]["Protocol"],
        json!("HTTPS")
    );
    let https = cfn(&l, "HttpsListener");
    assert_eq!(
        https.properties["SslPolicy"],
        json!("ELBSecurityPolicy-TLS13-1-2-2021-06")
    );
    // A String parameter without a default.
    assert!(https.is_unknown(&path![
        "Properties",
        "Certificates",
        0usize,
        "CertificateArn"
    ]));
    let svc = cfn(&l, "Service");
    assert_eq!(svc.depends_on, ["HttpsListener", "HttpListener"]);
    assert_eq!(svc.properties["DesiredCount"], json!(2));
    let target = cfn(&l, "ScalableTarget");
    assert_eq!(target.properties["MinCapacity"], json!(2));
    assert_eq!(
        target.referenced_at(&path!["Properties", "ResourceId"]),
        ["Cluster", "Service"]
    );
}

#[test]
fn nested_stacks_rules_ssm_parameters_and_sub_escapes() {
    let l = load("nested-root.yaml");
    // ProdAlarmTopic: Condition IsProd is false (Environment=dev).
    assert_eq!(
        ids(&l),
        [
            "NetworkStack",
            "AppStack",
            "BastionSecurityGroup",
            "Bastion"
        ]
    );
    let net = cfn(&l, "NetworkStack");
    assert_eq!(
        net.properties["TemplateURL"],
        json!("https://my-templates.s3.eu-west-1.amazonaws.com/network.yaml")
    );
    // !If inside a nested stack's Parameters.
    assert_eq!(net.properties["Parameters"]["UseThirdAz"], json!("false"));
    let app = cfn(&l, "AppStack");
    // !Sub [template, {Var: !Ref X}].
    assert_eq!(
        app.properties["TemplateURL"],
        json!("https://my-templates.s3.amazonaws.com/app.yaml")
    );
    // !GetAtt Stack.Outputs.Name in both forms: an unknown reference.
    for k in ["VpcId", "PrivateSubnets"] {
        let p = path!["Properties", "Parameters", k];
        assert!(app.is_unknown(&p), "{k}");
        assert_eq!(app.referenced_at(&p), ["NetworkStack"], "{k}");
    }
    assert_eq!(app.depends_on, ["NetworkStack"]);
    let sg = cfn(&l, "BastionSecurityGroup");
    assert_eq!(
        sg.properties["GroupDescription"],
        json!("SSH from 10.0.0.0/8")
    );
    assert_eq!(
        sg.referenced_at(&path!["Properties", "VpcId"]),
        ["NetworkStack"]
    );
    // ${!Literal} is written as ${Literal}.
    assert_eq!(
        sg.properties["Tags"][0]["Value"],
        json!("ssh from 10.0.0.0/8, keys in ${HOME}/.ssh (eu-west-1)")
    );
    let bastion = cfn(&l, "Bastion");
    // AWS::SSM::Parameter::Value<...> with a Default path: unknown.
    assert!(bastion.is_unknown(&path!["Properties", "ImageId"]));
    // !Select from a List<AWS::EC2::Subnet::Id> without default.
    assert!(bastion.is_unknown(&path!["Properties", "SubnetId"]));
    // Fn::Base64 !Sub | naming AWS::StackName.
    assert!(bastion.is_unknown(&path!["Properties", "UserData"]));
    assert_eq!(bastion.properties["InstanceType"], json!("t3.micro"));
}

#[test]
fn aurora_with_secrets_dynamodb_and_a_bucket_policy() {
    let l = load("aurora-data.yaml");
    assert_eq!(
        ids(&l),
        [
            "DatabaseSecret",
            "DbSubnetGroup",
            "DatabaseCluster",
            "DatabaseInstance1",
            "SecretAttachment",
            "LegacyUser",
            "OrdersTable",
            "ArchiveBucket",
            "ArchiveBucketPolicy",
        ]
    );
    let db = cfn(&l, "DatabaseCluster");
    assert_eq!(db.deletion_policy.as_deref(), Some("Snapshot"));
    assert_eq!(db.update_replace_policy.as_deref(), Some("Snapshot"));
    assert_eq!(db.properties["StorageEncrypted"], json!(true));
    assert_eq!(db.properties["EngineVersion"], json!("15.4"));
    assert_eq!(db.properties["DatabaseName"], json!("appdb"));
    // {{resolve:secretsmanager:...}} around a Ref: unknown, a reference.
    for k in ["MasterUsername", "MasterUserPassword"] {
        let p = path!["Properties", k];
        assert!(db.is_unknown(&p), "{k}");
        assert_eq!(db.referenced_at(&p), ["DatabaseSecret"], "{k}");
    }
    assert_eq!(
        cfn(&l, "DatabaseInstance1").properties["DBInstanceClass"],
        json!("db.t4g.medium")
    );
    // A literal dynamic reference stays the string written.
    assert_eq!(
        cfn(&l, "LegacyUser").properties["LoginProfile"]["Password"],
        json!("{{resolve:ssm-secure:/legacy/password:3}}")
    );
    // A single-quoted scalar ending in a backslash.
    assert_eq!(
        cfn(&l, "DatabaseSecret").properties["GenerateSecretString"]["ExcludeCharacters"],
        json!("\"@/\\")
    );
    let t = cfn(&l, "OrdersTable");
    assert_eq!(t.deletion_policy.as_deref(), Some("Retain"));
    assert_eq!(
        t.properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        json!(true)
    );
    let pol = cfn(&l, "ArchiveBucketPolicy");
    // An unquoted policy Version is the string, not a date.
    assert_eq!(
        pol.properties["PolicyDocument"]["Version"],
        json!("2012-10-17")
    );
    let stmt = &pol.properties["PolicyDocument"]["Statement"][0];
    assert_eq!(
        stmt["Condition"]["Bool"]["aws:SecureTransport"],
        json!(false)
    );
    assert_eq!(
        pol.referenced_at(&path![
            "Properties",
            "PolicyDocument",
            "Statement",
            0usize,
            "Resource",
            1usize
        ]),
        ["ArchiveBucket"]
    );
}

#[test]
fn sam_application_with_globals_events_policies_and_layers() {
    let l = load("sam-api.yaml");
    assert_eq!(
        ids(&l),
        [
            "ItemsTable",
            "SharedLayer",
            "ItemsApi",
            "GetItemsFunction",
            "PutItemFunction"
        ]
    );
    let api = cfn(&l, "ItemsApi");
    assert_eq!(api.r#type, "AWS::Serverless::Api");
    assert_eq!(api.properties["StageName"], json!("dev"));
    assert_eq!(
        api.properties["Auth"]["DefaultAuthorizer"],
        json!("CognitoAuth")
    );
    let put = cfn(&l, "PutItemFunction");
    assert_eq!(
        put.properties["Policies"][1],
        json!("AWSXrayWriteOnlyAccess")
    );
    assert_eq!(
        put.properties["Events"]["Nightly"]["Properties"]["Schedule"],
        json!("rate(1 day)")
    );
    assert_eq!(
        put.referenced_at(&path!["Properties", "Layers", 0usize]),
        ["SharedLayer"]
    );
    let get = cfn(&l, "GetItemsFunction");
    assert_eq!(
        get.referenced_at(&path![
            "Properties",
            "Events",
            "GetItems",
            "Properties",
            "RestApiId"
        ]),
        ["ItemsApi"]
    );
    // A !Sub naming AWS::AccountId: unknown.
    assert!(get.is_unknown(&path![
        "Properties",
        "Policies",
        1usize,
        "Statement",
        0usize,
        "Resource"
    ]));
}

#[test]
fn language_extensions_length_to_json_string_and_find_in_map_default() {
    let l = load("language-extensions.yaml");
    // ProdOnlyQueue: IsProd = !Not [!Condition IsDevOrTest] is false.
    assert_eq!(ids(&l), ["OrdersQueue", "Dashboard", "SharedTopic"]);
    let q = cfn(&l, "OrdersQueue");
    assert_eq!(q.properties["QueueName"], json!("orders"));
    // !FindInMap with DefaultValue: the key `dev` is not in the map.
    assert_eq!(q.properties["MessageRetentionPeriod"], json!(345600));
    let d = cfn(&l, "Dashboard");
    // !And of two !Condition, one of them !Equals [!Length ..., 3].
    assert_eq!(d.condition_value, Some(true));
    assert_eq!(d.conditions.get("HasThreeQueues"), Some(&Some(true)));
    assert_eq!(d.conditions.get("IsProd"), Some(&Some(false)));
    // Fn::ToJsonString of an object naming another resource's attribute.
    assert!(d.is_unknown(&path!["Properties", "DashboardBody"]));
    assert_eq!(
        d.referenced_at(&path!["Properties", "DashboardBody"]),
        ["OrdersQueue"]
    );
    // `Fn::Transform` (AWS::Include) merged into Properties: the snippet
    // may set or replace any property, so none is known.
    let t = cfn(&l, "SharedTopic");
    assert!(t.is_unknown(&path!["Properties", "KmsMasterKeyId"]));
    assert!(t.is_unknown(&path!["Properties", "TopicName"]));
}

#[test]
fn include_transform_in_properties_is_not_a_property() {
    let l = load("language-extensions.yaml");
    let t = cfn(&l, "SharedTopic");
    // The snippet AWS::Include inserts is not known: the properties it may
    // add are unknown, and `Fn::Transform` itself is not a property.
    assert!(t.properties.get("Fn::Transform").is_none());
    assert!(t.is_unknown(&path!["Properties", "KmsMasterKeyId"]));
}

#[test]
fn crlf_line_ends_in_a_bucket_template() {
    let l = load("crlf-log-bucket.yaml");
    assert_eq!(ids(&l), ["LogKey", "LogBucket"]);
    let b = cfn(&l, "LogBucket");
    assert_eq!(b.properties["BucketName"], json!("logs-eu-west-1"));
    let sse = path![
        "Properties",
        "BucketEncryption",
        "ServerSideEncryptionConfiguration",
        0usize,
        "ServerSideEncryptionByDefault",
        "KMSMasterKeyID"
    ];
    assert!(b.is_unknown(&sse));
    assert_eq!(b.referenced_at(&sse), ["LogKey"]);
    assert_eq!(cfn(&l, "LogKey").deletion_policy.as_deref(), Some("Retain"));
}

#[test]
fn json_with_a_utf8_byte_order_mark_and_crlf() {
    let bytes = std::fs::read(sample("bom-dead-letter.json")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let l = load("bom-dead-letter.json");
    assert_eq!(ids(&l), ["DeadLetterQueue", "WorkQueue"]);
    let w = cfn(&l, "WorkQueue");
    // A Number parameter's string Default is a number.
    assert_eq!(w.properties["RedrivePolicy"]["maxReceiveCount"], json!(5));
    assert_eq!(
        w.referenced_at(&path!["Properties", "RedrivePolicy", "deadLetterTargetArn"]),
        ["DeadLetterQueue"]
    );
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
    // Every sample yields resources, and the scan reads them all.
    let mut names: Vec<String> = std::fs::read_dir(sample(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 16);
    let mut total = 0;
    for n in &names {
        let l = load(n);
        assert!(!l.resources.is_empty(), "{n}");
        total += l.resources.len();
    }
    assert_eq!(r.files.len(), names.len());
    assert_eq!(r.resources, total);
    // What a user would see includes the open SSH port of the old LAMP
    // sample and the topic without a key.
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.rule_id, f.resource.as_deref().unwrap_or("")))
        .collect();
    assert!(got.contains(&("AWS020", "Topic")), "{got:?}");
    assert!(
        got.contains(&("AWS044", "WebServerSecurityGroup")),
        "{got:?}"
    );
}
