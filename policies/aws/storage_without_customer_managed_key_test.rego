package aws.storage_without_customer_managed_key_test

import rego.v1

import data.aws.storage_without_customer_managed_key as rule

res(t, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "params": {"require_customer_managed_keys": true}}, plumb)})

test_missing_key_is_denied if {
	rule.deny == {{
		"msg": "aws_db_instance.x is encrypted with an AWS-managed key, but customer-managed keys are required; set kms_key_id to a customer-managed KMS key",
		"path": [],
	}} with input as res("aws_db_instance", {"storage_encrypted": true}, {})
}

test_aws_managed_alias_is_denied_at_the_value if {
	some f in rule.deny with input as res("aws_sns_topic", {"kms_master_key_id": "alias/aws/sns"}, {})
	f.path == ["kms_master_key_id"]
}

test_key_by_reference_passes if {
	count(rule.deny) == 0 with input as res("aws_ebs_volume", {}, {"config": {"kms_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}}, "unknown": {"kms_key_id": true}})
}

test_silent_unless_required if {
	count(rule.deny) == 0 with input as res("aws_db_instance", {}, {"params": {"require_customer_managed_keys": false}})
}

test_nested_key_points_at_its_block if {
	some f in rule.deny with input as res("aws_msk_cluster", {"encryption_info": [{"encryption_in_transit": []}]}, {})
	f.path == ["encryption_info", 0]
}

test_s3_bucket_and_configuration if {
	count(rule.deny) == 1 with input as res("aws_s3_bucket", {"bucket": "b"}, {"linked_from": []})
	count(rule.deny) == 0 with input as res("aws_s3_bucket", {"bucket": "b"}, {"linked_from": [{"type": "aws_s3_bucket_server_side_encryption_configuration", "address": "c", "path": ["bucket"], "via": "reference"}]})
	rule.deny == {{
		"msg": "aws_s3_bucket_server_side_encryption_configuration.x encrypts with S3-managed keys (AES256), but customer-managed keys are required; set sse_algorithm = \"aws:kms\" and kms_master_key_id to a customer-managed KMS key",
		"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
	}} with input as res("aws_s3_bucket_server_side_encryption_configuration", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}, {})
	count(rule.deny) == 0 with input as res("aws_s3_bucket_server_side_encryption_configuration", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:1:key/abc"}]}]}, {})
}

cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({
	"target": "cloudformation", "type": t, "identity": "Store",
	"params": {"require_customer_managed_keys": true}, "unknown": {},
}, plumb)}

test_cfn_missing_key_is_denied_where_it_belongs if {
	rule.deny == {{
		"msg": "Store is encrypted with an AWS-managed key, but customer-managed keys are required; set KmsMasterKeyId to a customer-managed KMS key",
		"path": ["Properties", "KmsMasterKeyId"],
	}} with input as cfn("AWS::SNS::Topic", {"TopicName": "t"}, {})
}

test_cfn_aws_managed_alias_is_denied if {
	count(rule.deny) == 1 with input as cfn("AWS::SQS::Queue", {"KmsMasterKeyId": "alias/aws/sqs"}, {})
}

# `KmsKeyId: !GetAtt Key.Arn`: unknown before deployment, and a key.
test_cfn_reference_to_a_key_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::EFS::FileSystem", {"Encrypted": true, "KmsKeyId": null}, {"unknown": {"Properties": {"KmsKeyId": true}}})
}

test_cfn_cluster_members_use_the_cluster_key if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBInstance", {"Engine": "aurora-mysql", "DBClusterIdentifier": "orders"}, {})
}

test_cfn_not_required_is_silent if {
	count(rule.deny) == 0 with input as object.union(cfn("AWS::SNS::Topic", {}, {}), {"_plumb": {"params": {"require_customer_managed_keys": false}}})
}

test_cfn_s3_managed_bucket_is_denied_at_the_algorithm if {
	rule.deny == {{
		"msg": "Store encrypts with S3-managed keys (AES256), but customer-managed keys are required; set SSEAlgorithm: aws:kms and KMSMasterKeyID to a customer-managed KMS key",
		"path": ["Properties", "BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault", "SSEAlgorithm"],
	}} with input as cfn("AWS::S3::Bucket", {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}, {})
}

test_ebs_volume_takes_the_default_customer_managed_key if {
	count(rule.deny) == 0 with input as {"encrypted": true, "kms_key_id": null, "_plumb": {
		"target": "terraform", "type": "aws_ebs_volume", "identity": "aws_ebs_volume.v", "plan": "p",
		"params": {"require_customer_managed_keys": true}, "config": {}, "unknown": {"kms_key_id": true},
	}}
		with data.plumb.terraform as {"p": {"aws_ebs_default_kms_key.k": {"address": "aws_ebs_default_kms_key.k", "type": "aws_ebs_default_kms_key", "values": {"key_arn": null}, "unknown": {"key_arn": true}}}}
		with data.plumb.terraform_types as {"p": {"aws_ebs_default_kms_key": ["aws_ebs_default_kms_key.k"]}}
}
