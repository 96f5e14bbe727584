package aws.plaintext_in_transit_test

import rego.v1

import data.aws.plaintext_in_transit as rule

res(t, values) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}}})

test_cloudfront_allow_all if {
	rule.deny == {{
		"msg": "aws_cloudfront_distribution.x lets viewers use plain HTTP (ordered_cache_behavior[1].viewer_protocol_policy = allow-all); use redirect-to-https or https-only",
		"path": ["ordered_cache_behavior", 1, "viewer_protocol_policy"],
	}} with input as res("aws_cloudfront_distribution", {
		"default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}],
		"ordered_cache_behavior": [{"viewer_protocol_policy": "https-only"}, {"viewer_protocol_policy": "allow-all"}],
	})
}

test_elasticache_and_msk if {
	count(rule.deny) == 1 with input as res("aws_elasticache_replication_group", {"transit_encryption_enabled": false})
	count(rule.deny) == 0 with input as res("aws_elasticache_replication_group", {"transit_encryption_enabled": true})
	count(rule.deny) == 2 with input as res("aws_msk_cluster", {"encryption_info": [{"encryption_in_transit": [{"client_broker": "TLS_PLAINTEXT", "in_cluster": false}]}]})
	count(rule.deny) == 0 with input as res("aws_msk_cluster", {"encryption_info": [{"encryption_in_transit": [{"client_broker": "TLS", "in_cluster": true}]}]})
}

test_opensearch if {
	count(rule.deny) == 2 with input as res("aws_opensearch_domain", {})
	count(rule.deny) == 0 with input as res("aws_opensearch_domain", {"domain_endpoint_options": [{"enforce_https": true}], "node_to_node_encryption": [{"enabled": true}]})
}
