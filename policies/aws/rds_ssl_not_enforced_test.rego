package aws.rds_ssl_not_enforced_test

import rego.v1

import data.aws.rds_ssl_not_enforced as rule

res(t, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "links": [], "linked_from": []}, plumb)})

used := {"linked_from": [{"address": "aws_db_instance.db", "type": "aws_db_instance", "path": ["parameter_group_name"], "via": "reference"}]}

test_mysql_on_default_group_is_denied if {
	rule.deny == {{
		"msg": "aws_db_instance.x uses a default parameter group, which does not set require_secure_transport, so clients may connect without TLS; use a parameter group with require_secure_transport = ON",
		"path": [],
	}} with input as res("aws_db_instance", {"engine": "mysql", "engine_version": "8.0"}, {})
}

test_postgres_15_default_forces_tls if {
	count(rule.deny) == 0 with input as res("aws_db_instance", {"engine": "postgres", "engine_version": "16.4"}, {})
	count(rule.deny) == 1 with input as res("aws_db_instance", {"engine": "postgres", "engine_version": "14.9"}, {})
}

test_custom_group_is_checked_on_the_group if {
	count(rule.deny) == 0 with input as res("aws_db_instance", {"engine": "postgres", "engine_version": "14.9", "parameter_group_name": "pg"}, {"links": [{"address": "aws_db_parameter_group.pg", "type": "aws_db_parameter_group", "path": ["parameter_group_name"], "via": "value"}]})
	rule.deny == {{
		"msg": "aws_db_parameter_group.x sets rds.force_ssl = 0, so the databases using it accept connections without TLS; set rds.force_ssl = 1",
		"path": ["parameter", 1, "value"],
	}} with input as res("aws_db_parameter_group", {"family": "postgres14", "parameter": [{"name": "log_connections", "value": "1"}, {"name": "rds.force_ssl", "value": "0"}]}, used)
	count(rule.deny) == 0 with input as res("aws_db_parameter_group", {"family": "mysql8.0", "parameter": [{"name": "require_secure_transport", "value": "ON"}]}, used)
	count(rule.deny) == 1 with input as res("aws_db_parameter_group", {"family": "mysql8.0", "parameter": []}, used)
	count(rule.deny) == 0 with input as res("aws_db_parameter_group", {"family": "mysql8.0", "parameter": []}, {})
}
