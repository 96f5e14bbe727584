package aws.opensearch_https_not_enforced_test

import rego.v1

import data.aws.opensearch_https_not_enforced as rule

tf(values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": "aws_opensearch_domain", "identity": "aws_opensearch_domain.logs", "config": {}, "unknown": {}}, plumb)})

strong := {"domain_endpoint_options": [{"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"}], "node_to_node_encryption": [{"enabled": true}]}

test_strong_is_allowed if {
	count(rule.deny) == 0 with input as tf(strong, {})
}

test_strong_is_allowed_at_13 if {
	count(rule.deny) == 0 with input as tf(strong, {"params": {"min_tls_version": "1.3"}})
}

test_tls10_policy_is_denied if {
	rule.deny == {{
		"msg": "aws_opensearch_domain.logs accepts TLS 1.0 on its endpoint (tls_security_policy = \"Policy-Min-TLS-1-0-2019-07\"), below TLS 1.2; set tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"",
		"path": ["domain_endpoint_options", 0, "tls_security_policy"],
	}} with input as tf(object.union(strong, {"domain_endpoint_options": [{"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}]}), {})
}

test_https_off_is_denied if {
	count(rule.deny) == 1 with input as tf(object.union(strong, {"domain_endpoint_options": [{"enforce_https": false, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}]}), {})
}

test_unset_block_is_denied_once if {
	count(rule.deny) == 1 with input as tf(object.union(strong, {"domain_endpoint_options": null}), {"config": {"domain_name": {"constant_value": "logs"}}, "unknown": {"domain_endpoint_options": true}})
}

test_node_to_node_off_is_denied if {
	count(rule.deny) == 1 with input as tf(object.union(strong, {"node_to_node_encryption": [{"enabled": false}]}), {})
}

test_unknown_https_is_not_judged if {
	count(rule.deny) == 0 with input as tf(object.union(strong, {"domain_endpoint_options": [{"enforce_https": null, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}]}), {
		"config": {"domain_endpoint_options": [{"enforce_https": {"references": ["var.https"]}}]},
		"unknown": {"domain_endpoint_options": [{"enforce_https": true}]},
	})
}

cfn(props) := {"Type": "AWS::OpenSearchService::Domain", "Properties": props, "_plumb": {"target": "cloudformation", "type": "AWS::OpenSearchService::Domain", "identity": "Search", "unknown": {}}}

test_cfn_default_policy_is_tls10 if {
	rule.deny == {{
		"msg": "Search accepts TLS 1.0 on its endpoint (TLSSecurityPolicy unset: AWS applies Policy-Min-TLS-1-0-2019-07), below TLS 1.2; set TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10",
		"path": ["Properties", "DomainEndpointOptions", "TLSSecurityPolicy"],
	}} with input as cfn({"DomainEndpointOptions": {"EnforceHTTPS": true}, "NodeToNodeEncryptionOptions": {"Enabled": true}})
}

test_cfn_enforced_passes if {
	count(rule.deny) == 0 with input as cfn({"DomainEndpointOptions": {"EnforceHTTPS": "true", "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"}, "NodeToNodeEncryptionOptions": {"Enabled": true}})
}
