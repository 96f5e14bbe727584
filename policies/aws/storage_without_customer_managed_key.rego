# METADATA
# title: Data encrypted with an AWS-managed key where a customer-managed key is required
# description: |
#   With `require_customer_managed_keys: true` in plumb.yaml, data at rest
#   must be encrypted with a KMS key the organisation controls: its key
#   policy decides who can decrypt, it can be disabled to cut off access
#   (crypto-shredding), every use is in CloudTrail, and it can be shared
#   across accounts for backups. AWS-owned and AWS-managed keys
#   (`alias/aws/...`) allow none of that. Checked: the key attribute of
#   RDS instances and Aurora/DocumentDB/Neptune clusters, EBS volumes,
#   EFS, ElastiCache, MSK, DynamoDB tables (and their replicas), SQS, SNS,
#   Kinesis, OpenSearch, EKS secrets encryption, Secrets Manager, and S3
#   buckets (through their `aws_s3_bucket_server_side_encryption_configuration`:
#   S3 encrypts with S3-managed keys by default since 2023). A key set from
#   a reference (`kms_key_id = aws_kms_key.data.arn`) counts, even though
#   its value is known only after apply. An EBS volume without a key of
#   its own uses the account's default EBS key: a plan that sets
#   `aws_ebs_default_kms_key` to a customer-managed key covers it.
#   CloudFormation: the same stores' key properties (`KmsKeyId`,
#   `KmsMasterKeyId`, `SSESpecification.KMSMasterKeyId`, S3
#   `BucketEncryption`, SAM `SimpleTable` `SSESpecification`, Redshift,
#   AWS Backup vaults, ...); a `!Ref`/`!GetAtt` to a key counts. Silent
#   unless the parameter is on.
# custom:
#   id: AWS021
#   name: storage-without-customer-managed-key
#   severity: medium
#   categories: [encryption-at-rest]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_ebs_volume, aws_efs_file_system, aws_elasticache_replication_group, aws_msk_cluster, aws_dynamodb_table, aws_sqs_queue, aws_sns_topic, aws_kinesis_stream, aws_opensearch_domain, aws_elasticsearch_domain, aws_eks_cluster, aws_secretsmanager_secret, aws_s3_bucket, aws_s3_bucket_server_side_encryption_configuration, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::EC2::Volume", "AWS::EFS::FileSystem", "AWS::ElastiCache::ReplicationGroup", "AWS::MSK::Cluster", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Kinesis::Stream", "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain", "AWS::EKS::Cluster", "AWS::SecretsManager::Secret", "AWS::S3::Bucket", "AWS::Serverless::SimpleTable", "AWS::Redshift::Cluster", "AWS::Backup::BackupVault"]
#   remediation: |
#     Create an `aws_kms_key` (with rotation on) and set the resource's key
#     attribute to it (`kms_key_id = aws_kms_key.data.arn`; for S3, an
#     `aws_s3_bucket_server_side_encryption_configuration` with
#     `sse_algorithm = "aws:kms"` and `kms_master_key_id`). Changing the key
#     of an existing RDS instance or EFS file system needs a copy.
#
#     CloudFormation: the same key properties (`KmsKeyId`,
#     `KmsMasterKeyId`, `SSESpecification.KMSMasterKeyId`,
#     `BucketEncryption` with `aws:kms` and `KMSMasterKeyID`), set with
#     `!Ref`/`!GetAtt` to an `AWS::KMS::Key`.
#   frameworks:
#     SOC2: [CC6.1]
#     ISO27001: [A.8.24]
#     PCI-DSS: ["3.6.1"]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine            = "postgres"
#       instance_class    = "db.r6g.large"
#       storage_encrypted = true
#     }
package aws.storage_without_customer_managed_key

import rego.v1


# type -> the path of its customer-managed key.
key_path := {
	"aws_db_instance": ["kms_key_id"],
	"aws_rds_cluster": ["kms_key_id"],
	"aws_docdb_cluster": ["kms_key_id"],
	"aws_neptune_cluster": ["kms_key_arn"],
	"aws_ebs_volume": ["kms_key_id"],
	"aws_efs_file_system": ["kms_key_id"],
	"aws_elasticache_replication_group": ["kms_key_id"],
	"aws_msk_cluster": ["encryption_info", 0, "encryption_at_rest_kms_key_arn"],
	"aws_dynamodb_table": ["server_side_encryption", 0, "kms_key_arn"],
	"aws_sqs_queue": ["kms_master_key_id"],
	"aws_sns_topic": ["kms_master_key_id"],
	"aws_kinesis_stream": ["kms_key_id"],
	"aws_opensearch_domain": ["encrypt_at_rest", 0, "kms_key_id"],
	"aws_elasticsearch_domain": ["encrypt_at_rest", 0, "kms_key_id"],
	"aws_eks_cluster": ["encryption_config", 0, "provider", 0, "key_arn"],
	"aws_secretsmanager_secret": ["kms_key_id"],
}

# A key attribute that names no customer-managed key.
no_cmk(path) if data.aws_lib.unset(path)

no_cmk(path) if {
	v := data.aws_lib.string(path)
	aws_managed(v)
}

aws_managed(v) if startswith(v, "alias/aws/")

aws_managed(v) if contains(v, ":alias/aws/")

# Where to point: the key attribute when written, else its block, else the
# resource.
location(path) := path if data.aws_lib.value(path) != null

else := array.slice(path, 0, count(path) - 1) if {
	count(path) > 1
	count(data.aws_lib.items(array.slice(path, 0, count(path) - 2))) > 0
} else := []

# EBS volumes without a key of their own take the account's default EBS
# key: a customer-managed one when the plan sets aws_ebs_default_kms_key.
ebs_default_cmk if {
	some r in data.aws_lib.of_type("aws_ebs_default_kms_key")
	k := object.get(r.values, "key_arn", null)
	is_string(k)
	not aws_managed(k)
}

# Known after apply: the ARN of a key the plan creates.
ebs_default_cmk if {
	some r in data.aws_lib.of_type("aws_ebs_default_kms_key")
	data.aws_lib.other_unknown(r, ["key_arn"])
}

ebs_by_default if {
	data.aws_lib.type == "aws_ebs_volume"
	ebs_default_cmk
	data.aws_lib.unset(["kms_key_id"])
}

deny contains data.aws_lib.finding(location(path), msg) if {
	data.aws_lib.require_cmk
	path := key_path[data.aws_lib.type]
	not replica
	not ebs_by_default
	no_cmk(path)
	msg := sprintf("%s is encrypted with an AWS-managed key, but customer-managed keys are required; set %s to a customer-managed KMS key", [data.aws_lib.name, attribute_name(path)])
}

replica if data.aws_lib.value(["replicate_source_db"]) != null

attribute_name(path) := concat(".", [sprintf("%v", [s]) | some s in path; not is_number(s)])

# DynamoDB replicas: each replica's own key.
deny contains data.aws_lib.finding(["replica", i], msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "aws_dynamodb_table"
	some i, _ in data.aws_lib.items(["replica"])
	no_cmk(["replica", i, "kms_key_arn"])
	msg := sprintf("%s has a replica (replica[%d]) encrypted with an AWS-managed key, but customer-managed keys are required; set its kms_key_arn", [data.aws_lib.name, i])
}

# S3: a bucket without an encryption configuration uses S3-managed keys.
deny contains data.aws_lib.finding([], msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "aws_s3_bucket"
	count(data.aws_lib.linked_from(["aws_s3_bucket_server_side_encryption_configuration"])) == 0
	count(data.aws_lib.items(["server_side_encryption_configuration"])) == 0
	msg := sprintf("%s has no aws_s3_bucket_server_side_encryption_configuration, so S3 encrypts with S3-managed keys, but customer-managed keys are required; add one with sse_algorithm = \"aws:kms\" and kms_master_key_id", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "aws_s3_bucket_server_side_encryption_configuration"
	some i, rule in data.aws_lib.items(["rule"])
	some j, _ in data.aws_lib.list(object.get(rule, "apply_server_side_encryption_by_default", []))
	base := ["rule", i, "apply_server_side_encryption_by_default", j]
	[path, what] := s3_problem(base)
	msg := sprintf("%s %s, but customer-managed keys are required; set sse_algorithm = \"aws:kms\" and kms_master_key_id to a customer-managed KMS key", [data.aws_lib.name, what])
}

s3_problem(base) := [array.concat(base, ["sse_algorithm"]), "encrypts with S3-managed keys (AES256)"] if {
	data.aws_lib.string(array.concat(base, ["sse_algorithm"])) == "AES256"
} else := [array.concat(base, ["sse_algorithm"]), "encrypts with the AWS-managed key aws/s3 (no kms_master_key_id)"] if {
	no_cmk(array.concat(base, ["kms_master_key_id"]))
}

# CloudFormation: type -> the property of its customer-managed key. A
# `!Ref`/`!GetAtt` to a key is a key (unknown, so not unset); an alias or
# ARN of `alias/aws/...` is the AWS-managed key.
cfn_key_path := {
	"AWS::RDS::DBInstance": ["Properties", "KmsKeyId"],
	"AWS::RDS::DBCluster": ["Properties", "KmsKeyId"],
	"AWS::DocDB::DBCluster": ["Properties", "KmsKeyId"],
	"AWS::Neptune::DBCluster": ["Properties", "KmsKeyId"],
	"AWS::EC2::Volume": ["Properties", "KmsKeyId"],
	"AWS::EFS::FileSystem": ["Properties", "KmsKeyId"],
	"AWS::ElastiCache::ReplicationGroup": ["Properties", "KmsKeyId"],
	"AWS::MSK::Cluster": ["Properties", "EncryptionInfo", "EncryptionAtRest", "DataVolumeKMSKeyId"],
	"AWS::DynamoDB::Table": ["Properties", "SSESpecification", "KMSMasterKeyId"],
	"AWS::SQS::Queue": ["Properties", "KmsMasterKeyId"],
	"AWS::SNS::Topic": ["Properties", "KmsMasterKeyId"],
	"AWS::Kinesis::Stream": ["Properties", "StreamEncryption", "KeyId"],
	"AWS::OpenSearchService::Domain": ["Properties", "EncryptionAtRestOptions", "KmsKeyId"],
	"AWS::Elasticsearch::Domain": ["Properties", "EncryptionAtRestOptions", "KmsKeyId"],
	"AWS::EKS::Cluster": ["Properties", "EncryptionConfig", 0, "Provider", "KeyArn"],
	"AWS::SecretsManager::Secret": ["Properties", "KmsKeyId"],
	"AWS::Redshift::Cluster": ["Properties", "KmsKeyId"],
	"AWS::Backup::BackupVault": ["Properties", "EncryptionKeyArn"],
	# SAM passes SSESpecification through to the DynamoDB table.
	"AWS::Serverless::SimpleTable": ["Properties", "SSESpecification", "KMSMasterKeyId"],
}

# Instances of a cluster use the cluster's key; read replicas their
# source's (or the KmsKeyId given, checked when written).
cfn_inherits_key if data.aws_lib.type == "AWS::RDS::DBInstance"

cfn_skipped if {
	cfn_inherits_key
	not data.aws_lib.unset(["Properties", "DBClusterIdentifier"])
}

cfn_skipped if {
	cfn_inherits_key
	not data.aws_lib.unset(["Properties", "SourceDBInstanceIdentifier"])
	data.aws_lib.unset(["Properties", "KmsKeyId"])
}

# A missing key property resolves to the object that should hold it.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.cloudformation
	data.aws_lib.require_cmk
	path := cfn_key_path[data.aws_lib.type]
	not cfn_skipped
	no_cmk(path)
	msg := sprintf("%s is encrypted with an AWS-managed key, but customer-managed keys are required; set %s to a customer-managed KMS key", [data.aws_lib.name, attribute_name(array.slice(path, 1, count(path)))])
}

# DynamoDB global tables: SSESpecification (SSEEnabled, SSEType KMS) and
# each replica's KMSMasterKeyId.
deny contains data.aws_lib.finding(["Properties", "SSESpecification", "SSEEnabled"], msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "AWS::DynamoDB::GlobalTable"
	data.aws_lib.off(["Properties", "SSESpecification", "SSEEnabled"])
	msg := sprintf("%s is encrypted with a key owned by DynamoDB (SSESpecification.SSEEnabled is off), but customer-managed keys are required; set SSEEnabled: true, SSEType: KMS and each replica's SSESpecification.KMSMasterKeyId", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "AWS::DynamoDB::GlobalTable"
	not data.aws_lib.off(["Properties", "SSESpecification", "SSEEnabled"])
	some i, _ in data.aws_lib.items(["Properties", "Replicas"])
	path := ["Properties", "Replicas", i, "SSESpecification", "KMSMasterKeyId"]
	no_cmk(path)
	msg := sprintf("%s has a replica (Replicas[%d]) encrypted with an AWS-managed key, but customer-managed keys are required; set its SSESpecification.KMSMasterKeyId", [data.aws_lib.name, i])
}

# S3: without BucketEncryption, or with SSE-S3 (AES256), or aws:kms without
# a key (the AWS-managed aws/s3).
deny contains data.aws_lib.finding(["Properties", "BucketEncryption"], msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "AWS::S3::Bucket"
	data.aws_lib.unset(["Properties", "BucketEncryption"])
	msg := sprintf("%s has no BucketEncryption, so S3 encrypts with S3-managed keys, but customer-managed keys are required; set BucketEncryption with SSEAlgorithm: aws:kms and KMSMasterKeyID", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.require_cmk
	data.aws_lib.type == "AWS::S3::Bucket"
	some i, _ in data.aws_lib.items(["Properties", "BucketEncryption", "ServerSideEncryptionConfiguration"])
	base := ["Properties", "BucketEncryption", "ServerSideEncryptionConfiguration", i, "ServerSideEncryptionByDefault"]
	[path, what] := cfn_s3_problem(base)
	msg := sprintf("%s %s, but customer-managed keys are required; set SSEAlgorithm: aws:kms and KMSMasterKeyID to a customer-managed KMS key", [data.aws_lib.name, what])
}

cfn_s3_problem(base) := [array.concat(base, ["SSEAlgorithm"]), "encrypts with S3-managed keys (AES256)"] if {
	data.aws_lib.string(array.concat(base, ["SSEAlgorithm"])) == "AES256"
} else := [array.concat(base, ["KMSMasterKeyID"]), "encrypts with the AWS-managed key aws/s3 (no KMSMasterKeyID)"] if {
	no_cmk(array.concat(base, ["KMSMasterKeyID"]))
}
