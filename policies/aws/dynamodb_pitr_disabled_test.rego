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
