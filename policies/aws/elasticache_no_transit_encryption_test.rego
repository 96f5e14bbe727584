package aws.elasticache_no_transit_encryption_test

import rego.v1

import data.aws.elasticache_no_transit_encryption as rule

tf(type, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": type, "identity": sprintf("%s.cache", [type]), "config": {}, "unknown": {}}, plumb)})

test_off_is_denied if {
	rule.deny == {{
		"msg": "aws_elasticache_replication_group.cache accepts unencrypted client connections (transit_encryption_enabled is off): cached data and AUTH tokens cross the network in clear text; set transit_encryption_enabled = true",
		"path": ["transit_encryption_enabled"],
	}} with input as tf("aws_elasticache_replication_group", {"transit_encryption_enabled": false}, {})
}

test_preferred_is_denied if {
	count(rule.deny) == 1 with input as tf("aws_elasticache_replication_group", {"transit_encryption_enabled": true, "transit_encryption_mode": "preferred"}, {})
}

test_on_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_elasticache_replication_group", {"transit_encryption_enabled": true}, {})
}

test_unset_computed_default_is_denied if {
	count(rule.deny) == 1 with input as tf("aws_elasticache_replication_group", {"transit_encryption_enabled": null}, {"config": {"engine": {"constant_value": "redis"}}, "unknown": {"transit_encryption_enabled": true}})
}

test_unknown_from_reference_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_elasticache_replication_group", {"transit_encryption_enabled": null}, {"config": {"transit_encryption_enabled": {"references": ["var.tls"]}}, "unknown": {"transit_encryption_enabled": true}})
}

test_memcached_cluster_off_is_denied_redis_ignored if {
	count(rule.deny) == 1 with input as tf("aws_elasticache_cluster", {"engine": "memcached", "transit_encryption_enabled": false}, {})
	count(rule.deny) == 0 with input as tf("aws_elasticache_cluster", {"engine": "redis", "transit_encryption_enabled": false}, {})
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Cache", "unknown": {}}}

test_cfn_missing_transit_encryption_is_denied if {
	rule.deny == {{
		"msg": "Cache accepts unencrypted client connections (TransitEncryptionEnabled is off): cached data and AUTH tokens cross the network in clear text; set TransitEncryptionEnabled: true",
		"path": ["Properties", "TransitEncryptionEnabled"],
	}} with input as cfn("AWS::ElastiCache::ReplicationGroup", {"Engine": "valkey"})
}

test_cfn_required_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::ReplicationGroup", {"TransitEncryptionEnabled": "true", "TransitEncryptionMode": "required"})
}

test_cfn_redis_cache_cluster_is_left_to_other_rules if {
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "redis"})
}
