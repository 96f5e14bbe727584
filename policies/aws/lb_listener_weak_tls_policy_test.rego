package aws.lb_listener_weak_tls_policy_test

import rego.v1

import data.aws.lb_listener_weak_tls_policy as rule

tf(type, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": type, "identity": sprintf("%s.web", [type]), "config": {}, "unknown": {}}, plumb)})

test_2016_08_is_denied_at_ssl_policy if {
	rule.deny == {{
		"msg": "aws_lb_listener.web uses security policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0, below the minimum TLS 1.2: clients can negotiate deprecated protocols; set ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"",
		"path": ["ssl_policy"],
	}} with input as tf("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}, {})
}

test_tls12_policy_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"}, {})
}

test_tls12_policy_is_denied_at_13 if {
	count(rule.deny) == 1 with input as tf("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, {"params": {"min_tls_version": "1.3"}})
}

test_unset_policy_gets_the_default if {
	count(rule.deny) == 1 with input as tf("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": null}, {"config": {"protocol": {"constant_value": "HTTPS"}}, "unknown": {"ssl_policy": true}})
}

test_policy_from_reference_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": null}, {"config": {"ssl_policy": {"references": ["var.p"]}}, "unknown": {"ssl_policy": true}})
}

test_custom_policy_names_are_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"protocol": "HTTPS", "ssl_policy": "my-policy"}, {})
}

test_policy_table if {
	data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-FS-1-1-2019-08") == "1.1"
	data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04") == "1.3"
	data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09") == "1.2"
	data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-FS-2018-06") == "1.0"
	not data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-TLS13")
	not data.aws_lib.tls_elb_policy_min("ELBSecurityPolicy-2099-01")
}

test_classic_policy_protocols if {
	some f in rule.deny with input as tf("aws_lb_ssl_negotiation_policy", {"attribute": [{"name": "Protocol-TLSv1.1", "value": "true"}, {"name": "Protocol-TLSv1.2", "value": "true"}]}, {})
	f.path == ["attribute", 0, "value"]
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Lb", "unknown": {}}}

test_cfn_listener_without_policy_gets_the_default if {
	rule.deny == {{
		"msg": "Lb terminates HTTPS without SslPolicy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0, below the minimum TLS 1.2; set SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06",
		"path": ["Properties", "SslPolicy"],
	}} with input as cfn("AWS::ElasticLoadBalancingV2::Listener", {"Protocol": "HTTPS"})
}

test_cfn_classic_listener_with_modern_policy_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancing::LoadBalancer", {
		"Policies": [{"PolicyName": "p", "PolicyType": "SSLNegotiationPolicyType", "Attributes": [{"Name": "Reference-Security-Policy", "Value": "ELBSecurityPolicy-TLS-1-2-2017-01"}]}],
		"Listeners": [{"Protocol": "HTTPS", "LoadBalancerPort": "443", "PolicyNames": ["p"]}],
	})
}
