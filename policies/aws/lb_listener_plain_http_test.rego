package aws.lb_listener_plain_http_test

import rego.v1

import data.aws.lb_listener_plain_http as rule

tf(type, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": type, "identity": sprintf("%s.web", [type]), "config": {}, "unknown": {}}, plumb)})

forward := [{"type": "forward", "target_group_arn": "arn:tg"}]

test_http_forward_is_denied_at_protocol if {
	rule.deny == {{
		"msg": "aws_lb_listener.web serves plain HTTP on port 80 (protocol = \"HTTP\") without redirecting to HTTPS: traffic and cookies cross the network unencrypted; make its default_action a redirect with protocol = \"HTTPS\", and serve the application on an HTTPS listener",
		"path": ["protocol"],
	}} with input as tf("aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": forward}, {"config": {"protocol": {"constant_value": "HTTP"}, "port": {"constant_value": 80}}})
}

test_redirect_to_https_is_allowed if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443"}]}]}, {})
}

test_redirect_keeping_http_is_denied if {
	count(rule.deny) == 1 with input as tf("aws_alb_listener", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "#{protocol}"}]}]}, {})
}

test_unknown_protocol_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"port": 80, "protocol": null, "default_action": forward}, {
		"config": {"protocol": {"references": ["var.p"]}},
		"unknown": {"protocol": true},
	})
}

test_unknown_redirect_protocol_is_not_judged if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": null}]}]}, {"unknown": {"default_action": [{"redirect": [{"protocol": true}]}]}})
}

test_https_is_ignored if {
	count(rule.deny) == 0 with input as tf("aws_lb_listener", {"port": 443, "protocol": "HTTPS", "default_action": forward}, {})
}

test_classic_http_listener_is_denied_at_lb_protocol if {
	some f in rule.deny with input as tf("aws_elb", {"listener": [{"lb_port": 443, "lb_protocol": "https"}, {"lb_port": 80, "lb_protocol": "http"}]}, {})
	f.path == ["listener", 1, "lb_protocol"]
}

cfn(props, plumb) := {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": "AWS::ElasticLoadBalancingV2::Listener", "identity": "Listener", "unknown": {}}, plumb)}

test_cfn_http_forward_is_denied_at_the_protocol if {
	rule.deny == {{
		"msg": "Listener serves plain HTTP on port 80 (Protocol: HTTP) without redirecting to HTTPS: traffic and cookies cross the network unencrypted; make its DefaultActions a redirect with RedirectConfig Protocol: HTTPS, and serve the application on an HTTPS listener",
		"path": ["Properties", "Protocol"],
	}} with input as cfn({"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward"}]}, {})
}

test_cfn_redirect_to_https_passes if {
	count(rule.deny) == 0 with input as cfn({"Port": "80", "Protocol": "HTTP", "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS"}}]}, {})
}
