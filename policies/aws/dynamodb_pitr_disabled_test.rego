package aws.dynamodb_pitr_disabled_test

import rego.v1

import data.aws.dynamodb_pitr_disabled as rule

table(values) := object.union(values, {"_plumb": {"target": "terraform", "type": "aws_dynamodb_table", "identity": "aws_dynamodb_table.t", "config": {}, "unknown": {}}})

test_disabled_is_denied_at_enabled if {
	rule.deny == {{
		"msg": "aws_dynamodb_table.t has point-in-time recovery off; set point_in_time_recovery { enabled = true }",
		"path": ["point_in_time_recovery", 0, "enabled"],
	}} with input as table({"point_in_time_recovery": [{"enabled": false}]})
}

test_missing_block_is_denied_at_the_table if {
	some f in rule.deny with input as table({"point_in_time_recovery": []})
	f.path == []
}

test_enabled_passes if {
	count(rule.deny) == 0 with input as table({"point_in_time_recovery": [{"enabled": true}]})
}

cfn(t, props, unknown) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Table", "unknown": unknown}}

test_cfn_missing_recovery_is_denied if {
	rule.deny == {{
		"msg": "Table has point-in-time recovery off; set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true",
		"path": ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"],
	}} with input as cfn("AWS::DynamoDB::Table", {"BillingMode": "PAY_PER_REQUEST"}, {})
}

test_cfn_string_true_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::DynamoDB::Table", {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "true"}}, {})
}

test_cfn_unknown_is_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::DynamoDB::Table", {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": null}}, {"Properties": {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}})
}

test_cfn_global_table_replicas_each if {
	rule.deny == {{
		"msg": "Table has point-in-time recovery off in its replica in us-west-2 (Replicas[1]); set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on each replica",
		"path": ["Properties", "Replicas", 1, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"],
	}} with input as cfn("AWS::DynamoDB::GlobalTable", {"Replicas": [
		{"Region": "eu-west-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}},
		{"Region": "us-west-2"},
	]}, {})
}
