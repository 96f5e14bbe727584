package aws.tls_policy_below_minimum_test

import rego.v1

import data.aws.tls_policy_below_minimum as rule

res(t, values, min) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "params": {"min_tls_version": min}}})

test_old_elb_policy_is_denied if {
	rule.deny == {{
		"msg": "aws_lb_listener.x uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0, below the minimum 1.2; use a policy with TLS 1.2 or later",
		"path": ["ssl_policy"],
	}} with input as res("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}, "1.2")
}

test_policy_versions_and_minimum if {
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, "1.2")
	count(rule.deny) == 1 with input as res("aws_lb_listener", {"protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, "1.3")
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-3-2021-06"}, "1.3")
	count(rule.deny) == 1 with input as res("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-FS-1-1-2019-08"}, "1.2")
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "my-custom-policy"}, "1.2")
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"protocol": "HTTP"}, "1.2")
}

test_missing_policy_is_the_default if {
	some f in rule.deny with input as res("aws_lb_listener", {"protocol": "HTTPS"}, "1.2")
	f.path == ["protocol"]
}

test_cloudfront if {
	count(rule.deny) == 1 with input as res("aws_cloudfront_distribution", {"viewer_certificate": [{"cloudfront_default_certificate": true}]}, "1.2")
	count(rule.deny) == 1 with input as res("aws_cloudfront_distribution", {"viewer_certificate": [{"acm_certificate_arn": "a", "minimum_protocol_version": "TLSv1_2016"}]}, "1.2")
	count(rule.deny) == 0 with input as res("aws_cloudfront_distribution", {"viewer_certificate": [{"acm_certificate_arn": "a", "minimum_protocol_version": "TLSv1.2_2021"}]}, "1.2")
}

test_opensearch_and_api_gateway if {
	count(rule.deny) == 1 with input as res("aws_opensearch_domain", {"domain_endpoint_options": [{"tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}]}, "1.2")
	count(rule.deny) == 0 with input as res("aws_opensearch_domain", {"domain_endpoint_options": [{"tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"}]}, "1.2")
	count(rule.deny) == 1 with input as res("aws_api_gateway_domain_name", {"security_policy": "TLS_1_0"}, "1.2")
	count(rule.deny) == 0 with input as res("aws_api_gateway_domain_name", {"security_policy": "TLS_1_2"}, "1.2")
}
