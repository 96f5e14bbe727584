# METADATA
# title: Data store without encryption at rest
# description: |
#   Data at rest that is not encrypted is readable by whoever gets the
#   disk, the snapshot or the backup: a snapshot shared by mistake, a
#   volume left behind, an insider with storage access. Encryption at rest
#   with KMS costs nothing measurable and is what every framework asks for.
#   Several AWS services still leave it off unless told otherwise, and that
#   default is what a Terraform resource gets when the attribute is unset:
#   RDS instances, Multi-AZ DB clusters, DocumentDB and Neptune clusters
#   (`storage_encrypted`; Aurora encrypts every cluster created since
#   18 February 2026, so only existing unencrypted Aurora clusters are
#   reported), EBS volumes and instance block devices
#   (`encrypted`, unless the plan turns on `aws_ebs_encryption_by_default`),
#   launch templates' block devices, EFS file systems (`encrypted`),
#   ElastiCache replication groups running Redis OSS
#   (`at_rest_encryption_enabled`; Valkey defaults to on), SNS topics
#   (no `kms_master_key_id`), Kinesis streams (`encryption_type` `NONE`),
#   OpenSearch and Elasticsearch domains (`encrypt_at_rest`). SQS queues
#   are encrypted with SQS-managed keys unless `sqs_managed_sse_enabled` is
#   explicitly false without a KMS key. S3, DynamoDB and MSK always encrypt
#   at rest; whether with customer-managed keys is rule AWS021. Read
#   replicas and restores (`replicate_source_db`, `snapshot_identifier`,
#   `replication_source_identifier`, `restore_to_point_in_time`,
#   `s3_import`) inherit their source's encryption and are not checked. A value set from something known only after apply is
#   not reported.
# custom:
#   id: AWS020
#   name: storage-unencrypted
#   severity: high
#   categories: [encryption-at-rest]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_ebs_volume, aws_instance, aws_launch_template, aws_efs_file_system, aws_elasticache_replication_group, aws_sns_topic, aws_sqs_queue, aws_kinesis_stream, aws_opensearch_domain, aws_elasticsearch_domain, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::EC2::Volume", "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate", "AWS::EFS::FileSystem", "AWS::ElastiCache::ReplicationGroup", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::Kinesis::Stream", "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain", "AWS::Redshift::Cluster"]
#   remediation: |
#     Turn encryption on: `storage_encrypted = true` (RDS, Aurora,
#     DocumentDB, Neptune), `encrypted = true` (EBS, EFS, block devices; or
#     `aws_ebs_encryption_by_default` for the account and region),
#     `at_rest_encryption_enabled = true` (ElastiCache), `kms_master_key_id`
#     (SNS, SQS), `encryption_type = "KMS"` (Kinesis),
#     `encrypt_at_rest { enabled = true }` (OpenSearch). Existing RDS
#     instances and EFS file systems cannot be encrypted in place: restore
#     an encrypted copy from a snapshot, or migrate.
#
#     CloudFormation: `StorageEncrypted: true` (RDS, DocumentDB,
#     Neptune), `Encrypted: true` (EBS volumes and block devices, EFS,
#     Redshift), `AtRestEncryptionEnabled: true` (ElastiCache),
#     `KmsMasterKeyId` (SNS), `StreamEncryption` (Kinesis),
#     `EncryptionAtRestOptions` (OpenSearch).
#   frameworks:
#     SOC2: [CC6.1]
#     ISO27001: [A.8.24]
#     PCI-DSS: ["3.5.1"]
#     HIPAA: [164.312(a)(2)(iv)]
#     CIS-AWS: ["2.2.1", "2.3.1", "2.4.1"]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine            = "postgres"
#       instance_class    = "db.r6g.large"
#       storage_encrypted = false
#     }
package aws.storage_unencrypted

import rego.v1


# A boolean switch that must be on: type -> attribute.
switch := {
	"aws_db_instance": "storage_encrypted",
	"aws_rds_cluster": "storage_encrypted",
	"aws_docdb_cluster": "storage_encrypted",
	"aws_neptune_cluster": "storage_encrypted",
	"aws_ebs_volume": "encrypted",
	"aws_efs_file_system": "encrypted",
	"aws_elasticache_replication_group": "at_rest_encryption_enabled",
}

ebs_default_on if {
	some r in data.aws_lib.of_type("aws_ebs_encryption_by_default")
	object.get(r.values, "enabled", true) == true
}

ebs_type(t) if t in {"aws_ebs_volume", "aws_instance", "aws_launch_template"}

skipped if data.aws_lib.value(["replicate_source_db"]) != null

# Restores and replicas inherit the encryption of their source.
skipped if {
	data.aws_lib.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	some attr in ["snapshot_identifier", "replication_source_identifier", "restore_to_point_in_time", "s3_import"]
	not data.aws_lib.value([attr]) in {null, "", []}
}

# Aurora encrypts every cluster created since 18 February 2026 whatever
# `storage_encrypted` says; a cluster the plan creates is encrypted.
skipped if {
	data.aws_lib.type == "aws_rds_cluster"
	startswith(lower(object.get(input, "engine", "aurora")), "aurora")
	"create" in object.get(data.aws_lib.plumb, "actions", [])
}

skipped if {
	data.aws_lib.type == "aws_rds_cluster"
	data.aws_lib.value(["engine_mode"]) == "serverless"
}

skipped if {
	data.aws_lib.type == "aws_elasticache_replication_group"
	lower(object.get(input, "engine", "redis")) == "valkey"
	data.aws_lib.computed_default(["at_rest_encryption_enabled"])
}

skipped if {
	ebs_type(data.aws_lib.type)
	ebs_default_on
}

off_message(attr) := sprintf("%s stores data unencrypted (%s is off); set %s = true", [data.aws_lib.name, attr, attr])

deny contains data.aws_lib.finding([attr], off_message(attr)) if {
	data.aws_lib.terraform
	attr := switch[data.aws_lib.type]
	not skipped
	data.aws_lib.off([attr])
}

# Block devices of an instance.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_instance"
	not skipped
	some key in ["root_block_device", "ebs_block_device"]
	some i, _ in data.aws_lib.items([key])
	path := [key, i, "encrypted"]
	data.aws_lib.off(path)
	msg := sprintf("%s has an unencrypted EBS volume (%s[%d].encrypted is off); set encrypted = true", [data.aws_lib.name, key, i])
}

# Launch templates: `encrypted` is a string ("true", "false", "").
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_launch_template"
	not skipped
	some i, m in data.aws_lib.items(["block_device_mappings"])
	some j, _ in data.aws_lib.list(object.get(m, "ebs", []))
	path := ["block_device_mappings", i, "ebs", j, "encrypted"]
	not data.aws_lib.unknown(path)
	lower(sprintf("%v", [object.get(input, path, "")])) in {"false", "", "<nil>", "null"}
	msg := sprintf("%s launches instances with an unencrypted EBS volume (block_device_mappings[%d].ebs.encrypted is not \"true\"); set encrypted = \"true\"", [data.aws_lib.name, i])
}

deny contains data.aws_lib.finding(["kms_master_key_id"], msg) if {
	data.aws_lib.type == "aws_sns_topic"
	data.aws_lib.unset(["kms_master_key_id"])
	msg := sprintf("%s is not encrypted at rest (no kms_master_key_id); set kms_master_key_id to a KMS key (alias/aws/sns at least)", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["sqs_managed_sse_enabled"], msg) if {
	data.aws_lib.type == "aws_sqs_queue"
	data.aws_lib.value(["sqs_managed_sse_enabled"]) == false
	data.aws_lib.unset(["kms_master_key_id"])
	msg := sprintf("%s is not encrypted at rest (sqs_managed_sse_enabled is false and no kms_master_key_id); remove sqs_managed_sse_enabled = false or set kms_master_key_id", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["encryption_type"], msg) if {
	data.aws_lib.type == "aws_kinesis_stream"
	kinesis_unencrypted
	msg := sprintf("%s is not encrypted at rest (encryption_type is NONE); set encryption_type = \"KMS\"", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	path := opensearch_path
	data.aws_lib.off(path)
	msg := sprintf("%s is not encrypted at rest (encrypt_at_rest is off); add encrypt_at_rest { enabled = true }", [data.aws_lib.name])
}

opensearch_path := ["encrypt_at_rest", 0, "enabled"] if {
	count(data.aws_lib.items(["encrypt_at_rest"])) > 0
} else := ["encrypt_at_rest"]

kinesis_unencrypted if data.aws_lib.unset(["encryption_type"])

kinesis_unencrypted if upper(data.aws_lib.string(["encryption_type"])) == "NONE"

# --- CloudFormation ---
# A switch that must be on (off when absent): type -> property.
cfn_switch := {
	"AWS::RDS::DBInstance": "StorageEncrypted",
	"AWS::RDS::DBCluster": "StorageEncrypted",
	"AWS::DocDB::DBCluster": "StorageEncrypted",
	"AWS::Neptune::DBCluster": "StorageEncrypted",
	"AWS::EC2::Volume": "Encrypted",
	"AWS::EFS::FileSystem": "Encrypted",
	"AWS::ElastiCache::ReplicationGroup": "AtRestEncryptionEnabled",
	"AWS::Redshift::Cluster": "Encrypted",
}

# Restores, replicas and cluster members take their encryption from their
# source or cluster.
cfn_inherited := {
	"SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SourceDBInstanceAutomatedBackupsArn", "SourceDbiResourceId",
	"DBClusterIdentifier", "SnapshotIdentifier", "SourceDBClusterIdentifier", "ReplicationSourceIdentifier",
}

cfn_skipped if {
	data.aws_lib.type in {"AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::Redshift::Cluster"}
	some p in cfn_inherited
	not data.aws_lib.unset(["Properties", p])
}

cfn_skipped if {
	data.aws_lib.type == "AWS::RDS::DBInstance"
	startswith(lower(object.get(input.Properties, "Engine", "")), "aurora")
}

cfn_skipped if {
	data.aws_lib.type == "AWS::RDS::DBCluster"
	lower(object.get(input.Properties, "EngineMode", "")) == "serverless"
}

# Aurora encrypts every cluster created since 18 February 2026 whatever
# StorageEncrypted says. A template cannot tell a new cluster from one it
# created before: left unset, the cluster is assumed new (encrypted); an
# explicit false is reported, since a cluster created with it before that
# date is unencrypted and the template says so.
cfn_skipped if {
	data.aws_lib.type == "AWS::RDS::DBCluster"
	startswith(lower(object.get(input.Properties, "Engine", "aurora")), "aurora")
	data.aws_lib.unset(["Properties", "StorageEncrypted"])
}

# Redshift encrypts every provisioned cluster created since January 2025 by
# default; as for Aurora, only an explicit false is reported.
cfn_skipped if {
	data.aws_lib.type == "AWS::Redshift::Cluster"
	data.aws_lib.unset(["Properties", "Encrypted"])
}

# Valkey replication groups encrypt at rest unless told otherwise.
cfn_skipped if {
	data.aws_lib.type == "AWS::ElastiCache::ReplicationGroup"
	lower(object.get(input.Properties, "Engine", "")) == "valkey"
	data.aws_lib.unset(["Properties", "AtRestEncryptionEnabled"])
}

deny contains data.aws_lib.finding(["Properties", prop], msg) if {
	prop := cfn_switch[data.aws_lib.type]
	not cfn_skipped
	data.aws_lib.off(["Properties", prop])
	msg := sprintf("%s stores data unencrypted (%s is off); set %s: true", [data.aws_lib.name, prop, prop])
}

# Block devices of instances and launch templates (CloudFormation has no
# account-wide EBS default: that setting lives outside templates).
cfn_devices := ["Properties", "BlockDeviceMappings"] if data.aws_lib.type == "AWS::EC2::Instance"

cfn_devices := ["Properties", "LaunchTemplateData", "BlockDeviceMappings"] if data.aws_lib.type == "AWS::EC2::LaunchTemplate"

deny contains data.aws_lib.finding(path, msg) if {
	some i, m in data.aws_lib.items(cfn_devices)
	is_object(object.get(m, "Ebs", null))
	path := array.concat(cfn_devices, [i, "Ebs", "Encrypted"])
	data.aws_lib.off(path)
	msg := sprintf("%s has an unencrypted EBS volume (%s, BlockDeviceMappings[%d].Ebs.Encrypted is off); set Encrypted: true", [data.aws_lib.name, object.get(m, "DeviceName", "?"), i])
}

deny contains data.aws_lib.finding(["Properties", "KmsMasterKeyId"], msg) if {
	data.aws_lib.type == "AWS::SNS::Topic"
	data.aws_lib.unset(["Properties", "KmsMasterKeyId"])
	msg := sprintf("%s is not encrypted at rest (no KmsMasterKeyId); set KmsMasterKeyId to a KMS key (alias/aws/sns at least)", [data.aws_lib.name])
}

# SQS encrypts with SQS-managed keys by default; only turning that off
# without a KMS key leaves a queue unencrypted.
deny contains data.aws_lib.finding(["Properties", "SqsManagedSseEnabled"], msg) if {
	data.aws_lib.type == "AWS::SQS::Queue"
	data.aws_lib.value(["Properties", "SqsManagedSseEnabled"]) != null
	data.aws_lib.off(["Properties", "SqsManagedSseEnabled"])
	data.aws_lib.unset(["Properties", "KmsMasterKeyId"])
	msg := sprintf("%s is not encrypted at rest (SqsManagedSseEnabled is false and no KmsMasterKeyId); remove SqsManagedSseEnabled: false or set KmsMasterKeyId", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::Kinesis::Stream"
	path := cfn_kinesis_unencrypted
	msg := sprintf("%s is not encrypted at rest (no StreamEncryption with EncryptionType KMS); set StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis or a key}", [data.aws_lib.name])
}

cfn_kinesis_unencrypted := ["Properties", "StreamEncryption"] if data.aws_lib.unset(["Properties", "StreamEncryption"])

cfn_kinesis_unencrypted := ["Properties", "StreamEncryption", "EncryptionType"] if upper(data.aws_lib.string(["Properties", "StreamEncryption", "EncryptionType"])) == "NONE"

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type in {"AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"}
	path := ["Properties", "EncryptionAtRestOptions", "Enabled"]
	data.aws_lib.off(path)
	msg := sprintf("%s is not encrypted at rest (EncryptionAtRestOptions.Enabled is off); set EncryptionAtRestOptions: {Enabled: true}", [data.aws_lib.name])
}
