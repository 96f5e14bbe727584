# METADATA
# title: Service lets data travel unencrypted
# description: |
#   Traffic inside a VPC is still traffic someone can capture: a
#   compromised instance, a mirrored port, a peered network. These services
#   carry data in clear text unless told otherwise: CloudFront behaviours
#   with `viewer_protocol_policy = "allow-all"` (viewers may use HTTP);
#   ElastiCache replication groups without `transit_encryption_enabled`
#   (off by default for Redis OSS); MSK clusters whose client-broker
#   encryption is `PLAINTEXT` or `TLS_PLAINTEXT` (the default is `TLS`) or
#   whose `in_cluster` encryption is off; OpenSearch and Elasticsearch
#   domains without `enforce_https` or without node-to-node encryption.
# custom:
#   id: AWS012
#   name: plaintext-in-transit
#   severity: high
#   categories: [tls]
#   targets: [terraform]
#   kinds: [aws_cloudfront_distribution, aws_elasticache_replication_group, aws_msk_cluster, aws_opensearch_domain, aws_elasticsearch_domain]
#   remediation: |
#     CloudFront: `viewer_protocol_policy = "redirect-to-https"` (or
#     `https-only`). ElastiCache: `transit_encryption_enabled = true`
#     (Redis OSS 7+ can migrate with `transit_encryption_mode =
#     "preferred"` first). MSK: `client_broker = "TLS"` and `in_cluster =
#     true`. OpenSearch: `domain_endpoint_options { enforce_https = true }`
#     and `node_to_node_encryption { enabled = true }`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     SOC2: [CC6.7]
#     HIPAA: [164.312(e)(1)]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_elasticache_replication_group" "sessions" {
#       replication_group_id       = "sessions"
#       description                = "sessions"
#       node_type                  = "cache.r7g.large"
#       transit_encryption_enabled = false
#     }
package aws.plaintext_in_transit

import rego.v1


# CloudFront cache behaviours.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	some key in ["default_cache_behavior", "ordered_cache_behavior"]
	some i, b in data.aws_lib.items([key])
	path := [key, i, "viewer_protocol_policy"]
	data.aws_lib.string(path) == "allow-all"
	msg := sprintf("%s lets viewers use plain HTTP (%s[%d].viewer_protocol_policy = allow-all); use redirect-to-https or https-only", [data.aws_lib.name, key, i])
}

deny contains data.aws_lib.finding(["transit_encryption_enabled"], msg) if {
	data.aws_lib.type == "aws_elasticache_replication_group"
	data.aws_lib.off(["transit_encryption_enabled"])
	msg := sprintf("%s accepts unencrypted connections (transit_encryption_enabled is off); set transit_encryption_enabled = true", [data.aws_lib.name])
}

transit := ["encryption_info", 0, "encryption_in_transit", 0]

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	path := array.concat(transit, ["client_broker"])
	v := data.aws_lib.string(path)
	v != "TLS"
	msg := sprintf("%s lets clients talk to brokers in plain text (client_broker = %s); set client_broker = \"TLS\"", [data.aws_lib.name, v])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	path := array.concat(transit, ["in_cluster"])
	data.aws_lib.value(path) == false
	msg := sprintf("%s sends data between brokers unencrypted (in_cluster = false); set in_cluster = true", [data.aws_lib.name])
}

opensearch if data.aws_lib.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}

deny contains data.aws_lib.finding(path, msg) if {
	opensearch
	path := block_path("domain_endpoint_options", "enforce_https")
	data.aws_lib.off(path)
	msg := sprintf("%s accepts plain HTTP (enforce_https is off); add domain_endpoint_options { enforce_https = true }", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	opensearch
	path := block_path("node_to_node_encryption", "enabled")
	data.aws_lib.off(path)
	msg := sprintf("%s sends data between its nodes unencrypted (node_to_node_encryption is off); add node_to_node_encryption { enabled = true }", [data.aws_lib.name])
}

# The attribute inside a single nested block, or the block's name when it
# is absent.
block_path(block, attr) := [block, 0, attr] if {
	count(data.aws_lib.items([block])) > 0
} else := [block]
