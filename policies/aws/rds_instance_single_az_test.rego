package aws.rds_instance_single_az_test

import rego.v1

import data.aws.rds_instance_single_az as rule

tf(values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": "aws_db_instance", "identity": "aws_db_instance.db", "config": {}, "unknown": {}}, plumb)})

test_multi_az_off_is_denied_at_the_attribute if {
	rule.deny == {{
		"msg": "aws_db_instance.db runs in one availability zone (multi_az is off): a zone outage takes the database down; set multi_az = true",
		"path": ["multi_az"],
	}} with input as tf({"engine": "postgres", "multi_az": false}, {"config": {"multi_az": {"constant_value": false}}})
}

test_multi_az_on_is_allowed if {
	count(rule.deny) == 0 with input as tf({"multi_az": true}, {})
}

# Unknown because the configuration sets it from something computed: no
# finding (unknown is never false).
test_unknown_from_the_configuration_is_not_false if {
	count(rule.deny) == 0 with input as tf({"multi_az": null}, {
		"config": {"multi_az": {"references": ["aws_ssm_parameter.ha.value", "aws_ssm_parameter.ha"]}},
		"unknown": {"multi_az": true},
	})
}

# Unknown only because the provider computes a default that the
# configuration does not set: AWS's default, single-AZ.
test_unset_computed_default_is_denied if {
	count(rule.deny) == 1 with input as tf({"multi_az": null}, {"config": {"engine": {"constant_value": "mysql"}}, "unknown": {"multi_az": true}})
}

# Without the configuration in the plan, an unknown stays unknown.
test_unknown_without_configuration_is_not_false if {
	count(rule.deny) == 0 with input as tf({}, {"config": null, "unknown": {"multi_az": true}})
}

test_other_types_are_ignored if {
	count(rule.deny) == 0 with input as object.union(tf({"multi_az": false}, {}), {"_plumb": {"type": "aws_rds_cluster"}})
}

# CloudFormation: the resource entry with evaluated Properties.
cfn(props, plumb) := {"Type": "AWS::RDS::DBInstance", "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": "AWS::RDS::DBInstance", "identity": "Db", "unknown": {}}, plumb)}

test_cfn_multi_az_missing_is_denied_at_properties if {
	rule.deny == {{
		"msg": "Db runs in one availability zone (MultiAZ is off): a zone outage takes the database down; set MultiAZ: true",
		"path": ["Properties", "MultiAZ"],
	}} with input as cfn({"Engine": "postgres"}, {})
}

test_cfn_false_as_a_string_is_off if {
	count(rule.deny) == 1 with input as cfn({"Engine": "postgres", "MultiAZ": "False"}, {})
}

test_cfn_multi_az_on_is_allowed if {
	count(rule.deny) == 0 with input as cfn({"Engine": "postgres", "MultiAZ": "true"}, {})
}

# A parameter without a value: unknown, never false.
test_cfn_unknown_is_not_false if {
	count(rule.deny) == 0 with input as cfn({"Engine": "postgres", "MultiAZ": null}, {"unknown": {"Properties": {"MultiAZ": true}}})
}

test_cfn_cluster_members_are_left_to_the_cluster if {
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql", "DBClusterIdentifier": null}, {"unknown": {"Properties": {"DBClusterIdentifier": true}}})
	count(rule.deny) == 0 with input as cfn({"Engine": "postgres", "DBClusterIdentifier": "multi-az-cluster"}, {})
}
