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
