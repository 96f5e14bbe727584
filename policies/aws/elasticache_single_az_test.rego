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

# CloudFormation: the resource entry with evaluated Properties.
cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": t, "identity": "Cache", "unknown": {}}, plumb)}

group(props) := cfn("AWS::ElastiCache::ReplicationGroup", object.union({"ReplicationGroupDescription": "sessions", "CacheNodeType": "cache.r7g.large", "Engine": "valkey"}, props), {})

test_cfn_defaults_are_denied_at_properties if {
	rule.deny == {
		{
			"msg": "Cache has 1 node (NumCacheClusters defaults to 1), so losing its zone loses the cache; set NumCacheClusters: 2 or more with automatic failover and Multi-AZ",
			"path": ["Properties", "NumCacheClusters"],
		},
		{
			"msg": "Cache has AutomaticFailoverEnabled off (the default), so a primary lost with its zone is not replaced by a replica in another zone; set AutomaticFailoverEnabled: true",
			"path": ["Properties", "AutomaticFailoverEnabled"],
		},
		{
			"msg": "Cache has MultiAZEnabled off (the default), so a primary lost with its zone is not replaced by a replica in another zone; set MultiAZEnabled: true",
			"path": ["Properties", "MultiAZEnabled"],
		},
	} with input as group({})
}

test_cfn_string_booleans_and_numbers if {
	count(rule.deny) == 0 with input as group({"NumCacheClusters": "2", "AutomaticFailoverEnabled": "true", "MultiAZEnabled": "True"})
	count(rule.deny) == 1 with input as group({"NumCacheClusters": "2", "AutomaticFailoverEnabled": "true", "MultiAZEnabled": "false"})
	count(rule.deny) == 1 with input as group({"NumCacheClusters": "1", "AutomaticFailoverEnabled": true, "MultiAZEnabled": true})
}

test_cfn_unknowns_are_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::ReplicationGroup", {"NumCacheClusters": null, "AutomaticFailoverEnabled": null, "MultiAZEnabled": null}, {"unknown": {"Properties": {"NumCacheClusters": true, "AutomaticFailoverEnabled": true, "MultiAZEnabled": true}}})
	# An unknown shard count: NumCacheClusters may not be used.
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::ReplicationGroup", {"NumNodeGroups": null, "AutomaticFailoverEnabled": true, "MultiAZEnabled": true}, {"unknown": {"Properties": {"NumNodeGroups": true}}})
}

test_cfn_cluster_mode if {
	count(rule.deny) == 0 with input as group({"NumNodeGroups": 3, "ReplicasPerNodeGroup": 1, "AutomaticFailoverEnabled": true, "MultiAZEnabled": true})
	rule.deny == {{
		"msg": "Cache has no replicas per shard (ReplicasPerNodeGroup: 0), so losing a zone loses shards; set ReplicasPerNodeGroup: 1 or more",
		"path": ["Properties", "ReplicasPerNodeGroup"],
	}} with input as group({"NumNodeGroups": "3", "ReplicasPerNodeGroup": "0", "AutomaticFailoverEnabled": true, "MultiAZEnabled": true})
	rule.deny == {{
		"msg": "Cache has a shard without replicas (NodeGroupConfiguration ReplicaCount: 0), so losing its zone loses the shard; set ReplicaCount: 1 or more",
		"path": ["Properties", "NodeGroupConfiguration", 1, "ReplicaCount"],
	}} with input as group({"NodeGroupConfiguration": [{"ReplicaCount": 1}, {"ReplicaCount": 0}], "AutomaticFailoverEnabled": true, "MultiAZEnabled": true})
}

test_cfn_primary_cluster_id_leaves_the_count_alone if {
	count(rule.deny) == 0 with input as group({"PrimaryClusterId": "existing", "AutomaticFailoverEnabled": true, "MultiAZEnabled": true})
}

test_cfn_cache_clusters if {
	rule.deny == {{
		"msg": "Cache is a single redis node (AWS::ElastiCache::CacheCluster); use an AWS::ElastiCache::ReplicationGroup with a replica in another zone",
		"path": ["Properties", "Engine"],
	}} with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "redis", "NumCacheNodes": 1}, {})
	rule.deny == {{
		"msg": "Cache keeps every Memcached node in one zone (AZMode defaults to single-az); set AZMode: cross-az",
		"path": ["Properties", "AZMode"],
	}} with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "memcached", "NumCacheNodes": 3}, {})
	count(rule.deny) == 1 with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "memcached", "AZMode": "single-az"}, {})
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "memcached", "AZMode": "cross-az"}, {})
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": "memcached", "AZMode": null}, {"unknown": {"Properties": {"AZMode": true}}})
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::CacheCluster", {"Engine": null}, {"unknown": {"Properties": {"Engine": true}}})
}

test_cfn_serverless_is_multi_az if {
	count(rule.deny) == 0 with input as cfn("AWS::ElastiCache::ServerlessCache", {"Engine": "valkey", "ServerlessCacheName": "s"}, {})
}
