package aws.backup_retention_too_short_test

import rego.v1

import data.aws.backup_retention_too_short as rule

res(t, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}}, plumb)})

test_short_retention_is_denied_at_the_attribute if {
	rule.deny == {{
		"msg": "aws_db_instance.x keeps automated backups for 1 day (backup_retention_period), fewer than 7; set backup_retention_period = 7 or more",
		"path": ["backup_retention_period"],
	}} with input as res("aws_db_instance", {"backup_retention_period": 1}, {})
}

test_unset_computed_default_is_denied_at_the_resource if {
	rule.deny == {{
		"msg": "aws_elasticache_replication_group.x does not set snapshot_retention_limit, so AWS keeps automated backups for 0 days, fewer than 7; set snapshot_retention_limit = 7 or more",
		"path": [],
	}} with input as res("aws_elasticache_replication_group", {"engine": "redis"}, {"config": {"engine": {"constant_value": "redis"}}})
}

test_long_enough_unknown_replicas_and_memcached_pass if {
	count(rule.deny) == 0 with input as res("aws_rds_cluster", {"backup_retention_period": 14}, {})
	count(rule.deny) == 0 with input as res("aws_db_instance", {}, {"config": {"backup_retention_period": {"references": ["var.x"]}}, "unknown": {"backup_retention_period": true}})
	count(rule.deny) == 0 with input as res("aws_db_instance", {"backup_retention_period": 0, "replicate_source_db": "orders"}, {})
	count(rule.deny) == 0 with input as res("aws_elasticache_replication_group", {"engine": "memcached"}, {})
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Db", "unknown": {}}}

test_cfn_default_retention_is_denied if {
	rule.deny == {{
		"msg": "Db does not set BackupRetentionPeriod, so AWS keeps automated backups for 1 day, fewer than 7; set BackupRetentionPeriod: 7 or more",
		"path": ["Properties", "BackupRetentionPeriod"],
	}} with input as cfn("AWS::RDS::DBInstance", {"Engine": "postgres"})
}

test_cfn_string_days_are_read if {
	count(rule.deny) == 1 with input as cfn("AWS::RDS::DBCluster", {"BackupRetentionPeriod": "3"})
	count(rule.deny) == 0 with input as cfn("AWS::RDS::DBCluster", {"BackupRetentionPeriod": "7"})
}

test_cfn_memcached_is_skipped if {
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::ReplicationGroup", {"Engine": "memcached"})
}
