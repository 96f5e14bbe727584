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
#   targets: [terraform]
#   kinds: [aws_elasticache_replication_group, aws_elasticache_cluster]
#   remediation: |
#     Use a replication group with `num_cache_clusters = 2` or more (or
#     `replicas_per_node_group >= 1`), `automatic_failover_enabled = true`
#     and `multi_az_enabled = true`; for Memcached, `az_mode = "cross-az"`
#     with nodes in several zones.
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
