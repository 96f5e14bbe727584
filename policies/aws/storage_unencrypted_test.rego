package aws.storage_unencrypted_test

import rego.v1

import data.aws.storage_unencrypted as rule

res(t, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "plan": "p"}, plumb)})

test_rds_off_is_denied_at_the_attribute if {
	rule.deny == {{
		"msg": "aws_db_instance.x stores data unencrypted (storage_encrypted is off); set storage_encrypted = true",
		"path": ["storage_encrypted"],
	}} with input as res("aws_db_instance", {"storage_encrypted": false}, {})
}

test_replicas_serverless_and_on_pass if {
	count(rule.deny) == 0 with input as res("aws_db_instance", {"storage_encrypted": false, "replicate_source_db": "src"}, {})
	count(rule.deny) == 0 with input as res("aws_rds_cluster", {"engine_mode": "serverless"}, {})
	count(rule.deny) == 0 with input as res("aws_efs_file_system", {"encrypted": true}, {})
}

test_valkey_default_is_encrypted_redis_is_not if {
	count(rule.deny) == 0 with input as res("aws_elasticache_replication_group", {"engine": "valkey"}, {"config": {"engine": {"constant_value": "valkey"}}, "unknown": {"at_rest_encryption_enabled": true}})
	count(rule.deny) == 1 with input as res("aws_elasticache_replication_group", {"engine": "redis"}, {"config": {"engine": {"constant_value": "redis"}}, "unknown": {"at_rest_encryption_enabled": true}})
}

test_ebs_default_encryption_in_the_plan_settles_it if {
	count(rule.deny) == 0 with input as res("aws_ebs_volume", {"encrypted": false}, {})
		with data.plumb.terraform as {"p": {"aws_ebs_encryption_by_default.on": {"type": "aws_ebs_encryption_by_default", "values": {"enabled": true}}}}
		with data.plumb.terraform_types as {"p": {"aws_ebs_encryption_by_default": ["aws_ebs_encryption_by_default.on"]}}
	count(rule.deny) == 1 with input as res("aws_ebs_volume", {"encrypted": false}, {})
		with data.plumb.terraform as {}
		with data.plumb.terraform_types as {}
}

test_instance_and_launch_template_devices if {
	rule.deny == {{
		"msg": "aws_instance.x has an unencrypted EBS volume (ebs_block_device[1].encrypted is off); set encrypted = true",
		"path": ["ebs_block_device", 1, "encrypted"],
	}} with input as res("aws_instance", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"encrypted": true}, {"encrypted": false}]}, {})
		with data.plumb.terraform_types as {}
	count(rule.deny) == 1 with input as res("aws_launch_template", {"block_device_mappings": [{"ebs": [{"encrypted": "false"}]}, {"ebs": [{"encrypted": "true"}]}]}, {})
		with data.plumb.terraform_types as {}
}

test_sns_sqs_kinesis_opensearch if {
	count(rule.deny) == 1 with input as res("aws_sns_topic", {}, {})
	count(rule.deny) == 0 with input as res("aws_sns_topic", {}, {"config": {"kms_master_key_id": {"references": ["aws_kms_key.k.arn"]}}, "unknown": {"kms_master_key_id": true}})
	count(rule.deny) == 1 with input as res("aws_sqs_queue", {"sqs_managed_sse_enabled": false}, {})
	count(rule.deny) == 0 with input as res("aws_sqs_queue", {}, {"config": {"name": {"constant_value": "q"}}, "unknown": {"sqs_managed_sse_enabled": true}})
	count(rule.deny) == 1 with input as res("aws_kinesis_stream", {"encryption_type": "NONE"}, {})
	count(rule.deny) == 0 with input as res("aws_kinesis_stream", {"encryption_type": "KMS"}, {})
	count(rule.deny) == 1 with input as res("aws_opensearch_domain", {"encrypt_at_rest": [{"enabled": false}]}, {})
	count(rule.deny) == 1 with input as res("aws_opensearch_domain", {}, {})
}

test_new_aurora_and_restores_are_encrypted_existing_aurora_is_checked if {
	count(rule.deny) == 0 with input as res("aws_rds_cluster", {"engine": "aurora-postgresql"}, {"actions": ["create"]})
	count(rule.deny) == 1 with input as res("aws_rds_cluster", {"engine": "aurora-postgresql", "storage_encrypted": false}, {"actions": ["no-op"]})
	count(rule.deny) == 0 with input as res("aws_db_instance", {"storage_encrypted": false, "snapshot_identifier": "snap"}, {})
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Store", "unknown": {}}}

test_cfn_unset_switch_is_denied if {
	rule.deny == {{
		"msg": "Store stores data unencrypted (Encrypted is off); set Encrypted: true",
		"path": ["Properties", "Encrypted"],
	}} with input as cfn("AWS::EFS::FileSystem", {})
}

test_cfn_new_aurora_cluster_is_encrypted_by_aws if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBCluster", {"Engine": "aurora-postgresql"})
	count(rule.deny) == 1 with input as cfn("AWS::RDS::DBCluster", {"Engine": "aurora-postgresql", "StorageEncrypted": false})
}

test_cfn_restores_inherit if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBInstance", {"DBSnapshotIdentifier": "snap"})
}

test_cfn_sqs_default_is_encrypted if {
	count(rule.deny) == 0 with input as cfn("AWS::SQS::Queue", {})
	count(rule.deny) == 1 with input as cfn("AWS::SQS::Queue", {"SqsManagedSseEnabled": "false"})
}
