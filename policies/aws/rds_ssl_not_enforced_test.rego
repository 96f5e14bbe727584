package aws.rds_ssl_not_enforced_test

import rego.v1

import data.aws.rds_ssl_not_enforced as rule

tf(type, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": type, "identity": sprintf("%s.db", [type]), "config": {}, "unknown": {}}, plumb)})

unset_group := {"config": {"engine": {"constant_value": "x"}}, "unknown": {"parameter_group_name": true}}

test_pg14_on_default_group_is_denied if {
	rule.deny == {{
		"msg": "aws_db_instance.db uses the default parameter group, where rds.force_ssl is off for postgres 14.10: clients can connect without TLS; attach a custom parameter group that sets rds.force_ssl = 1",
		"path": ["parameter_group_name"],
	}} with input as tf("aws_db_instance", {"engine": "postgres", "engine_version": "14.10", "parameter_group_name": null}, unset_group)
}

test_pg15_on_default_group_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_db_instance", {"engine": "postgres", "engine_version": "15.5", "parameter_group_name": null}, unset_group)
}

test_mysql_default_named_is_denied if {
	count(rule.deny) == 1 with input as tf("aws_db_instance", {"engine": "mysql", "engine_version": "8.0", "parameter_group_name": "default.mysql8.0"}, {})
}

test_custom_group_on_instance_is_left_to_the_group if {
	count(rule.deny) == 0 with input as tf("aws_db_instance", {"engine": "mysql", "engine_version": "8.0", "parameter_group_name": "mine"}, {})
}

test_unknown_engine_version_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_db_instance", {"engine": "postgres", "engine_version": null, "parameter_group_name": null}, {
		"config": {"engine_version": {"references": ["var.v"]}},
		"unknown": {"engine_version": true, "parameter_group_name": true},
	})
}

used_by := {"linked_from": [{"path": ["parameter_group_name"], "address": "aws_db_instance.app", "type": "aws_db_instance", "via": "reference"}]}

test_group_with_force_ssl_off_is_denied_at_the_value if {
	some f in rule.deny with input as tf("aws_db_parameter_group", {"family": "postgres14", "parameter": [{"name": "rds.force_ssl", "value": "0"}]}, used_by)
	f.path == ["parameter", 0, "value"]
	f.msg == "aws_db_parameter_group.db sets rds.force_ssl = 0, so databases using it (aws_db_instance.app) accept connections without TLS; set rds.force_ssl = 1"
}

test_group_forcing_tls_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_db_parameter_group", {"family": "mysql8.0", "parameter": [{"name": "require_secure_transport", "value": "ON"}]}, used_by)
}

test_pg16_group_without_the_parameter_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_db_parameter_group", {"family": "postgres16", "parameter": []}, used_by)
}

test_unused_group_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_db_parameter_group", {"family": "postgres14", "parameter": [{"name": "rds.force_ssl", "value": "0"}]}, {})
}

test_unknown_value_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_db_parameter_group", {"family": "postgres14", "parameter": [{"name": "rds.force_ssl", "value": null}]}, object.union(used_by, {"unknown": {"parameter": [{"value": true}]}}))
}

cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": t, "identity": "Res", "unknown": {}}, plumb)}

test_cfn_default_group_on_mysql_is_denied_at_properties if {
	rule.deny == {{
		"msg": "Res uses the default parameter group, where require_secure_transport is off for mysql current: clients can connect without TLS; attach a parameter group that sets require_secure_transport: \"1\" (DBParameterGroupName)",
		"path": ["Properties", "DBParameterGroupName"],
	}} with input as cfn("AWS::RDS::DBInstance", {"Engine": "mysql"}, {})
}

test_cfn_postgres_current_default_forces_tls if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBInstance", {"Engine": "postgres"}, {})
}

test_cfn_group_used_and_off_is_denied_at_the_value if {
	rule.deny == {{
		"msg": "Res sets rds.force_ssl to 0, so databases using it (Db) accept connections without TLS; set rds.force_ssl: \"1\"",
		"path": ["Properties", "Parameters", "rds.force_ssl"],
	}} with input as cfn("AWS::RDS::DBParameterGroup", {"Family": "postgres13", "Parameters": {"rds.force_ssl": "0"}}, {"linked_from": [{"path": ["Properties", "DBParameterGroupName"], "address": "Db", "type": "AWS::RDS::DBInstance", "via": "reference"}]})
}

test_cfn_unused_group_is_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBParameterGroup", {"Family": "postgres13", "Parameters": {"rds.force_ssl": "0"}}, {})
}
