package aws.deletion_protection_disabled_test

import rego.v1

import data.aws.deletion_protection_disabled as rule

res(t, values) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}}})

test_off_and_unset_are_denied_at_the_attribute if {
	rule.deny == {{
		"msg": "aws_rds_cluster.x can be deleted by one destroy or replacement (deletion_protection is off); set deletion_protection = true",
		"path": ["deletion_protection"],
	}} with input as res("aws_rds_cluster", {"deletion_protection": false})
	count(rule.deny) == 1 with input as res("aws_dynamodb_table", {})
}

test_on_and_other_types_pass if {
	count(rule.deny) == 0 with input as res("aws_db_instance", {"deletion_protection": true})
	count(rule.deny) == 0 with input as res("aws_dynamodb_table", {"deletion_protection_enabled": true})
	count(rule.deny) == 0 with input as res("aws_s3_bucket", {"deletion_protection": false})
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Db", "unknown": {}}}

test_cfn_missing_protection_is_denied if {
	rule.deny == {{
		"msg": "Db can be deleted by one stack deletion, replacement or API call (DeletionProtection is off); set DeletionProtection: true",
		"path": ["Properties", "DeletionProtection"],
	}} with input as cfn("AWS::RDS::DBCluster", {"Engine": "aurora-mysql"})
}

test_cfn_cluster_members_are_skipped if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBInstance", {"DBClusterIdentifier": "c"})
}

test_cfn_string_true_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::DynamoDB::Table", {"DeletionProtectionEnabled": "true"})
}
