package aws.api_gateway_weak_tls_test

import rego.v1

import data.aws.api_gateway_weak_tls as rule

tf(type, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": type, "identity": sprintf("%s.api", [type]), "config": {}, "unknown": {}}, plumb)})

test_tls_1_0_is_denied if {
	rule.deny == {{
		"msg": "aws_api_gateway_domain_name.api accepts TLS 1.0 (security_policy = \"TLS_1_0\"), below the minimum TLS 1.2; set security_policy = \"TLS_1_2\"",
		"path": ["security_policy"],
	}} with input as tf("aws_api_gateway_domain_name", {"security_policy": "TLS_1_0"}, {})
}

test_tls_1_2_is_allowed_and_denied_at_13 if {
	count(rule.deny) == 0 with input as tf("aws_api_gateway_domain_name", {"security_policy": "TLS_1_2"}, {})
	count(rule.deny) == 1 with input as tf("aws_api_gateway_domain_name", {"security_policy": "TLS_1_2"}, {"params": {"min_tls_version": "1.3"}})
}

test_enhanced_tls13_is_allowed_at_13 if {
	count(rule.deny) == 0 with input as tf("aws_api_gateway_domain_name", {"security_policy": "SecurityPolicy_TLS13_1_3_2025_09"}, {"params": {"min_tls_version": "1.3"}})
}

test_unset_is_tls_1_2 if {
	count(rule.deny) == 0 with input as tf("aws_api_gateway_domain_name", {"security_policy": null}, {"config": {"domain_name": {"constant_value": "x"}}, "unknown": {"security_policy": true}})
	count(rule.deny) == 1 with input as tf("aws_api_gateway_domain_name", {"security_policy": null}, {"params": {"min_tls_version": "1.3"}, "config": {"domain_name": {"constant_value": "x"}}, "unknown": {"security_policy": true}})
}

test_unknown_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_api_gateway_domain_name", {"security_policy": null}, {"params": {"min_tls_version": "1.3"}, "config": {"security_policy": {"references": ["var.p"]}}, "unknown": {"security_policy": true}})
}

test_v2_tls_1_2_is_allowed_even_at_13 if {
	count(rule.deny) == 0 with input as tf("aws_apigatewayv2_domain_name", {"domain_name_configuration": [{"security_policy": "TLS_1_2"}]}, {"params": {"min_tls_version": "1.3"}})
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Domain", "unknown": {}}}

test_cfn_rest_domain_tls10_is_denied_at_the_policy if {
	rule.deny == {{
		"msg": "Domain accepts TLS 1.0 (SecurityPolicy: TLS_1_0), below the minimum TLS 1.2; set SecurityPolicy: TLS_1_2",
		"path": ["Properties", "SecurityPolicy"],
	}} with input as cfn("AWS::ApiGateway::DomainName", {"SecurityPolicy": "TLS_1_0"})
}

test_cfn_rest_domain_default_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::ApiGateway::DomainName", {"DomainName": "a.example.com"})
}

test_cfn_sam_api_without_domain_is_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::Serverless::Api", {"StageName": "prod"})
}

test_cfn_http_domain_each_configuration if {
	count(rule.deny) == 1 with input as cfn("AWS::ApiGatewayV2::DomainName", {"DomainNameConfigurations": [{"SecurityPolicy": "TLS_1_2"}, {"SecurityPolicy": "TLS_1_0"}]})
}
