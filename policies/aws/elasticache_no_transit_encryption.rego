# METADATA
# title: ElastiCache accepts unencrypted connections
# description: |
#   Without in-transit encryption, clients talk to Redis OSS, Valkey or
#   Memcached in clear text: anyone on the network path reads the cached
#   data and the AUTH token, and can change replies. In-transit encryption
#   is off unless asked for: `transit_encryption_enabled` defaults to false
#   on `aws_elasticache_replication_group` (Redis OSS and Valkey), and on
#   `aws_elasticache_cluster` it exists only for Memcached (1.6.12 and later;
#   a Redis or Valkey `aws_elasticache_cluster` gets encryption from its
#   replication group, and a standalone one cannot have it, so those are not
#   judged here). A replication group with `transit_encryption_mode =
#   "preferred"` (the migration step) still accepts unencrypted
#   connections, and is flagged too. ElastiCache has no setting for the TLS
#   version (it accepts TLS 1.2 and 1.3), so `min_tls_version` changes
#   nothing here. Values known only after apply are not judged.
# custom:
#   id: AWS013
#   name: elasticache-no-transit-encryption
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_elasticache_replication_group, aws_elasticache_cluster, "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"]
#   remediation: |
#     Turn on in-transit encryption and require it:
#
#     ```hcl
#     resource "aws_elasticache_replication_group" "sessions" {
#       # ...
#       transit_encryption_enabled = true
#       transit_encryption_mode    = "required"
#     }
#     ```
#
#     For Memcached, set `transit_encryption_enabled = true` on the
#     `aws_elasticache_cluster` (engine 1.6.12 or later, in a VPC). Clients
#     must then connect with TLS.
#
#     CloudFormation: `TransitEncryptionEnabled: true` (and
#     `TransitEncryptionMode: required`) on the
#     `AWS::ElastiCache::ReplicationGroup`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_elasticache_replication_group" "sessions" {
#       replication_group_id = "sessions"
#       description          = "session store"
#       engine               = "redis"
#       node_type            = "cache.r7g.large"
#     }
package aws.elasticache_no_transit_encryption

import rego.v1


deny contains data.aws_lib.finding(["transit_encryption_enabled"], msg) if {
	data.aws_lib.type == "aws_elasticache_replication_group"
	data.aws_lib.off(["transit_encryption_enabled"])
	msg := sprintf("%s accepts unencrypted client connections (transit_encryption_enabled is off): cached data and AUTH tokens cross the network in clear text; set transit_encryption_enabled = true", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["transit_encryption_mode"], msg) if {
	data.aws_lib.type == "aws_elasticache_replication_group"
	data.aws_lib.value(["transit_encryption_enabled"]) == true
	data.aws_lib.string(["transit_encryption_mode"]) == "preferred"
	msg := sprintf("%s still accepts unencrypted connections (transit_encryption_mode = \"preferred\"); once clients use TLS, set transit_encryption_mode = \"required\"", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["transit_encryption_enabled"], msg) if {
	data.aws_lib.type == "aws_elasticache_cluster"
	lower(data.aws_lib.string(["engine"])) == "memcached"
	data.aws_lib.off(["transit_encryption_enabled"])
	msg := sprintf("%s (Memcached) accepts unencrypted client connections (transit_encryption_enabled is off): cached data crosses the network in clear text; set transit_encryption_enabled = true (engine 1.6.12 or later)", [data.aws_lib.name])
}

# CloudFormation: TransitEncryptionEnabled (off when absent),
# TransitEncryptionMode; Memcached cache clusters. Serverless caches always
# use TLS.
deny contains data.aws_lib.finding(["Properties", "TransitEncryptionEnabled"], msg) if {
	data.aws_lib.type == "AWS::ElastiCache::ReplicationGroup"
	data.aws_lib.off(["Properties", "TransitEncryptionEnabled"])
	msg := sprintf("%s accepts unencrypted client connections (TransitEncryptionEnabled is off): cached data and AUTH tokens cross the network in clear text; set TransitEncryptionEnabled: true", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["Properties", "TransitEncryptionMode"], msg) if {
	data.aws_lib.type == "AWS::ElastiCache::ReplicationGroup"
	data.aws_lib.on(["Properties", "TransitEncryptionEnabled"])
	lower(data.aws_lib.string(["Properties", "TransitEncryptionMode"])) == "preferred"
	msg := sprintf("%s still accepts unencrypted connections (TransitEncryptionMode: preferred); once clients use TLS, set TransitEncryptionMode: required", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["Properties", "TransitEncryptionEnabled"], msg) if {
	data.aws_lib.type == "AWS::ElastiCache::CacheCluster"
	lower(data.aws_lib.string(["Properties", "Engine"])) == "memcached"
	data.aws_lib.off(["Properties", "TransitEncryptionEnabled"])
	msg := sprintf("%s (Memcached) accepts unencrypted client connections (TransitEncryptionEnabled is off): cached data crosses the network in clear text; set TransitEncryptionEnabled: true (engine 1.6.12 or later)", [data.aws_lib.name])
}
