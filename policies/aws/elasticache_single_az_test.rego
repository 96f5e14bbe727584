package aws.elasticache_single_az_test

import rego.v1

import data.aws.elasticache_single_az as rule

res(t, values) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}}})

test_single_node_group_is_denied if {
	some f in rule.deny with input as res("aws_elasticache_replication_group", {"num_cache_clusters": 1, "automatic_failover_enabled": true, "multi_az_enabled": true})
	f.path == ["num_cache_clusters"]
	f.msg == "aws_elasticache_replication_group.x has 1 node (num_cache_clusters), so losing its zone loses the cache; set num_cache_clusters = 2 or more with automatic failover and Multi-AZ"
}

test_failover_off_is_denied if {
	count(rule.deny) == 2 with input as res("aws_elasticache_replication_group", {"num_cache_clusters": 3, "automatic_failover_enabled": false, "multi_az_enabled": false})
}

test_good_group_passes if {
	count(rule.deny) == 0 with input as res("aws_elasticache_replication_group", {"num_cache_clusters": 2, "automatic_failover_enabled": true, "multi_az_enabled": true})
	count(rule.deny) == 0 with input as res("aws_elasticache_replication_group", {"num_node_groups": 3, "replicas_per_node_group": 1, "automatic_failover_enabled": true, "multi_az_enabled": true})
}

test_standalone_clusters if {
	count(rule.deny) == 1 with input as res("aws_elasticache_cluster", {"engine": "redis"})
	count(rule.deny) == 0 with input as res("aws_elasticache_cluster", {"engine": "redis", "replication_group_id": "g"})
	count(rule.deny) == 1 with input as res("aws_elasticache_cluster", {"engine": "memcached", "num_cache_nodes": 3})
	count(rule.deny) == 0 with input as res("aws_elasticache_cluster", {"engine": "memcached", "num_cache_nodes": 3, "az_mode": "cross-az"})
}
