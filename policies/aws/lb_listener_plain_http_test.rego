package aws.lb_listener_plain_http_test

import rego.v1

import data.aws.lb_listener_plain_http as rule

res(t, values) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}}})

test_forwarding_http_is_denied_at_protocol if {
	rule.deny == {{
		"msg": "aws_lb_listener.x serves plain HTTP on port 80 without redirecting to HTTPS; serve HTTPS, or make this listener redirect to it",
		"path": ["protocol"],
	}} with input as res("aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "forward", "target_group_arn": "tg"}]})
}

test_redirect_to_https_passes if {
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"port": 80, "protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}]})
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"port": 443, "protocol": "HTTPS", "default_action": [{"type": "forward"}]})
	count(rule.deny) == 0 with input as res("aws_lb_listener", {"port": 443, "protocol": "TCP", "default_action": [{"type": "forward"}]})
}

test_classic_http_listener if {
	some f in rule.deny with input as res("aws_elb", {"listener": [{"lb_port": 443, "lb_protocol": "https"}, {"lb_port": 80, "lb_protocol": "http"}]})
	f.path == ["listener", 1, "lb_protocol"]
}
