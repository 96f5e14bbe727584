# METADATA
# title: ElastiCache without Multi-AZ failover
# description: |
#   A cache that an application depends on (sessions, rate limits, queues)
#   is down for as long as its primary node is, unless a replica in another
#   zone takes over automatically. For a replication group that needs two
#   nodes or more (`num_cache_clusters`, or `replicas_per_node_group` of
#   one or more in cluster mode), `automatic_failover_enabled` and
#   `multi_az_enabled`; both are off by default. A standalone
#   `aws_elasticache_cluster` running Redis OSS or Valkey is one node; a
#   Memcached cluster with several nodes needs `az_mode = "cross-az"`
#   (default `single-az`).
# custom:
#   id: AWS003
#   name: elasticache-single-az
#   severity: high
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_elasticache_replication_group, aws_elasticache_cluster, "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"]
#   remediation: |
#     Use a replication group with `num_cache_clusters = 2` or more (or
#     `replicas_per_node_group >= 1`), `automatic_failover_enabled = true`
#     and `multi_az_enabled = true`; for Memcached, `az_mode = "cross-az"`
#     with nodes in several zones. CloudFormation: `NumCacheClusters: 2` or
#     more (or `ReplicasPerNodeGroup: 1`), `AutomaticFailoverEnabled: true`
#     and `MultiAZEnabled: true` on the `AWS::ElastiCache::ReplicationGroup`
#     (a Redis OSS or Valkey `AWS::ElastiCache::CacheCluster` is one node:
#     use a replication group, or an `AWS::ElastiCache::ServerlessCache`,
#     which is Multi-AZ by design); `AZMode: cross-az` on a Memcached
#     `AWS::ElastiCache::CacheCluster`.
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.14]
#   example: |
#     resource "aws_elasticache_replication_group" "sessions" {
#       replication_group_id       = "sessions"
#       description                = "sessions"
#       node_type                  = "cache.r7g.large"
#       num_cache_clusters         = 1
#       automatic_failover_enabled = false
#     }
package aws.elasticache_single_az

import rego.v1


group if data.aws_lib.type == "aws_elasticache_replication_group"

cluster_mode if {
	group
	data.aws_lib.number(["num_node_groups"]) > 1
}

cluster_mode if {
	group
	data.aws_lib.value(["replicas_per_node_group"]) != null
}

deny contains data.aws_lib.finding(["num_cache_clusters"], msg) if {
	group
	not cluster_mode
	n := data.aws_lib.number(["num_cache_clusters"])
	n < 2
	msg := sprintf("%s has %d node (num_cache_clusters), so losing its zone loses the cache; set num_cache_clusters = 2 or more with automatic failover and Multi-AZ", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(["replicas_per_node_group"], msg) if {
	cluster_mode
	n := data.aws_lib.number(["replicas_per_node_group"])
	n < 1
	msg := sprintf("%s has no replicas per shard (replicas_per_node_group = %d), so losing a zone loses shards; set replicas_per_node_group = 1 or more", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding([attr], msg) if {
	group
	some attr in ["automatic_failover_enabled", "multi_az_enabled"]
	data.aws_lib.off([attr])
	msg := sprintf("%s has %s off, so a primary lost with its zone is not replaced by a replica in another zone; set %s = true", [data.aws_lib.name, attr, attr])
}

deny contains data.aws_lib.finding([], msg) if {
	data.aws_lib.type == "aws_elasticache_cluster"
	lower(object.get(input, "engine", "")) in {"redis", "valkey"}
	data.aws_lib.unset(["replication_group_id"])
	msg := sprintf("%s is a single %s node; use an aws_elasticache_replication_group with a replica in another zone", [data.aws_lib.name, input.engine])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_elasticache_cluster"
	lower(object.get(input, "engine", "")) == "memcached"
	path := ["az_mode"]
	not data.aws_lib.unknown(path)
	object.get(input, "az_mode", "single-az") in {"single-az", null}
	msg := sprintf("%s keeps every Memcached node in one zone (az_mode single-az); set az_mode = \"cross-az\"", [data.aws_lib.name])
}

# CloudFormation. Defaults of an omitted property (ElastiCache API,
# CreateReplicationGroup, which CloudFormation calls): NumCacheClusters 1
# ("you can omit this parameter (it will default to 1)"),
# AutomaticFailoverEnabled false, MultiAZEnabled false. An
# AWS::ElastiCache::ServerlessCache is Multi-AZ by design: not checked.
cfn_group if data.aws_lib.type == "AWS::ElastiCache::ReplicationGroup"

# Cluster mode, or possibly (an unknown shard count or replica setting):
# NumCacheClusters is then not used.
cfn_sharded if {
	cfn_group
	not data.aws_lib.unset(data.aws_lib.prop(["ReplicasPerNodeGroup"]))
}

cfn_sharded if {
	cfn_group
	not data.aws_lib.unset(data.aws_lib.prop(["NodeGroupConfiguration"]))
}

cfn_sharded if {
	cfn_group
	not data.aws_lib.unset(data.aws_lib.prop(["NumNodeGroups"]))
	not data.aws_lib.number(data.aws_lib.prop(["NumNodeGroups"])) == 1
}

# Built around an existing cluster (PrimaryClusterId): its size is not in
# the template.
cfn_counted if {
	cfn_group
	not cfn_sharded
	data.aws_lib.unset(data.aws_lib.prop(["PrimaryClusterId"]))
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_counted
	path := data.aws_lib.prop(["NumCacheClusters"])
	data.aws_lib.unset(path)
	msg := sprintf("%s has 1 node (NumCacheClusters defaults to 1), so losing its zone loses the cache; set NumCacheClusters: 2 or more with automatic failover and Multi-AZ", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_counted
	path := data.aws_lib.prop(["NumCacheClusters"])
	n := data.aws_lib.number(path)
	n < 2
	msg := sprintf("%s has %d node (NumCacheClusters), so losing its zone loses the cache; set NumCacheClusters: 2 or more with automatic failover and Multi-AZ", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_group
	path := data.aws_lib.prop(["ReplicasPerNodeGroup"])
	n := data.aws_lib.number(path)
	n < 1
	msg := sprintf("%s has no replicas per shard (ReplicasPerNodeGroup: %d), so losing a zone loses shards; set ReplicasPerNodeGroup: 1 or more", [data.aws_lib.name, n])
}

# Shards configured one by one: a shard without replicas.
deny contains data.aws_lib.finding(path, msg) if {
	cfn_group
	data.aws_lib.unset(data.aws_lib.prop(["ReplicasPerNodeGroup"]))
	some i, _ in data.aws_lib.items(data.aws_lib.prop(["NodeGroupConfiguration"]))
	path := data.aws_lib.prop(["NodeGroupConfiguration", i, "ReplicaCount"])
	n := data.aws_lib.number(path)
	n < 1
	msg := sprintf("%s has a shard without replicas (NodeGroupConfiguration ReplicaCount: %d), so losing its zone loses the shard; set ReplicaCount: 1 or more", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_group
	some p in ["AutomaticFailoverEnabled", "MultiAZEnabled"]
	path := data.aws_lib.prop([p])
	data.aws_lib.off(path)
	msg := sprintf("%s has %s off%s, so a primary lost with its zone is not replaced by a replica in another zone; set %s: true", [data.aws_lib.name, p, cfn_default_note(path), p])
}

cfn_default_note(path) := " (the default)" if data.aws_lib.unset(path)

else := ""

cfn_cache_cluster_engine := lower(e) if {
	data.aws_lib.type == "AWS::ElastiCache::CacheCluster"
	e := data.aws_lib.string(data.aws_lib.prop(["Engine"]))
}

# An AWS::ElastiCache::CacheCluster cannot join a replication group in
# CloudFormation (it has no ReplicationGroupId): a Redis OSS or Valkey one
# is a single node.
deny contains data.aws_lib.finding(data.aws_lib.prop(["Engine"]), msg) if {
	cfn_cache_cluster_engine in {"redis", "valkey"}
	msg := sprintf("%s is a single %s node (AWS::ElastiCache::CacheCluster); use an AWS::ElastiCache::ReplicationGroup with a replica in another zone", [data.aws_lib.name, input.Properties.Engine])
}

# AZMode: "If the AZMode and PreferredAvailabilityZones are not specified,
# ElastiCache assumes single-az mode" (AWS::ElastiCache::CacheCluster
# reference). Zones listed without AZMode are left alone.
deny contains data.aws_lib.finding(path, msg) if {
	cfn_cache_cluster_engine == "memcached"
	path := data.aws_lib.prop(["AZMode"])
	lower(data.aws_lib.string(path)) == "single-az"
	msg := sprintf("%s keeps every Memcached node in one zone (AZMode: single-az); set AZMode: cross-az", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_cache_cluster_engine == "memcached"
	path := data.aws_lib.prop(["AZMode"])
	data.aws_lib.unset(path)
	data.aws_lib.unset(data.aws_lib.prop(["PreferredAvailabilityZones"]))
	msg := sprintf("%s keeps every Memcached node in one zone (AZMode defaults to single-az); set AZMode: cross-az", [data.aws_lib.name])
}
