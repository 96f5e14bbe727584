# METADATA
# title: Load balancer listener serves plain HTTP without redirecting to HTTPS
# description: |
#   A listener that speaks plain HTTP and answers with content (a forward, a
#   fixed response, a redirect that keeps `http`) lets cookies, tokens and
#   form posts cross the network unencrypted, and lets an on-path attacker
#   keep a user on HTTP (SSL stripping). Port 80 is fine when its only job
#   is to send clients to HTTPS: a `redirect` default action with
#   `protocol = "HTTPS"`. Checked: `aws_lb_listener` and `aws_alb_listener`
#   with protocol `HTTP` (when `protocol` is not set, AWS uses HTTP for an
#   Application Load Balancer, the provider's default `load_balancer_type`;
#   a listener whose load balancer is not in the plan is not judged), whose
#   default actions include no redirect to HTTPS (a redirect's `protocol`
#   defaults to `#{protocol}`, the request's own, so HTTP stays HTTP); and
#   `aws_elb` (Classic) listeners with `lb_protocol = "http"`, which cannot
#   redirect at all. Unknown values are not judged.
# custom:
#   id: AWS010
#   name: lb-listener-plain-http
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_lb_listener, aws_alb_listener, aws_elb, "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancing::LoadBalancer"]
#   remediation: |
#     Make the HTTP listener redirect to HTTPS and serve the application on
#     an HTTPS listener:
#
#     ```hcl
#     resource "aws_lb_listener" "http" {
#       load_balancer_arn = aws_lb.web.arn
#       port              = 80
#       protocol          = "HTTP"
#       default_action {
#         type = "redirect"
#         redirect {
#           port        = "443"
#           protocol    = "HTTPS"
#           status_code = "HTTP_301"
#         }
#       }
#     }
#     ```
#
#     A Classic Load Balancer cannot redirect: listen with
#     `lb_protocol = "https"` only, or move to an Application Load Balancer.
#
#     CloudFormation: make the HTTP listener's `DefaultActions` a `Type:
#     redirect` with `RedirectConfig: {Protocol: HTTPS, Port: "443",
#     StatusCode: HTTP_301}`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_lb_listener" "web" {
#       load_balancer_arn = aws_lb.web.arn
#       port              = 80
#       protocol          = "HTTP"
#       default_action {
#         type             = "forward"
#         target_group_arn = aws_lb_target_group.web.arn
#       }
#     }
package aws.lb_listener_plain_http

import rego.v1


listener_types := {"aws_lb_listener", "aws_alb_listener"}

# The listener's protocol: as set, or HTTP when unset on a listener of an
# Application Load Balancer in the plan.
protocol := upper(data.aws_lib.string(["protocol"]))

protocol := "HTTP" if {
	data.aws_lib.unset(["protocol"])
	some lb in data.aws_lib.linked(["load_balancer_arn"], {"aws_lb", "aws_alb"})
	data.aws_lib.other_value(lb, ["load_balancer_type"]) in {null, "application"}
}

# Whether a default action's type or redirect protocol is unknown.
actions_unknown if data.aws_lib.unknown(["default_action"])

actions_unknown if {
	some i, _ in data.aws_lib.items(["default_action"])
	data.aws_lib.unknown(["default_action", i, "type"])
}

actions_unknown if {
	some i, a in data.aws_lib.items(["default_action"])
	a.type == "redirect"
	data.aws_lib.unknown(["default_action", i, "redirect", 0, "protocol"])
}

redirects_to_https if {
	some a in data.aws_lib.items(["default_action"])
	a.type == "redirect"
	some r in object.get(a, "redirect", [])
	proto := object.get(r, "protocol", "")
	is_string(proto)
	upper(proto) == "HTTPS"
}

where := ["protocol"] if data.aws_lib.configured(["protocol"])

where := ["port"] if {
	not data.aws_lib.configured(["protocol"])
	data.aws_lib.configured(["port"])
}

where := ["protocol"] if {
	not data.aws_lib.configured(["protocol"])
	not data.aws_lib.configured(["port"])
}

how := "protocol = \"HTTP\"" if data.aws_lib.configured(["protocol"])

how := "protocol unset: HTTP on an Application Load Balancer" if not data.aws_lib.configured(["protocol"])

port_text := sprintf(" on port %v", [data.aws_lib.number(["port"])]) if data.aws_lib.number(["port"])

port_text := "" if not data.aws_lib.number(["port"])

deny contains data.aws_lib.finding(where, msg) if {
	data.aws_lib.type in listener_types
	protocol == "HTTP"
	not actions_unknown
	not redirects_to_https
	msg := sprintf("%s serves plain HTTP%s (%s) without redirecting to HTTPS: traffic and cookies cross the network unencrypted; make its default_action a redirect with protocol = \"HTTPS\", and serve the application on an HTTPS listener", [data.aws_lib.name, port_text, how])
}

deny contains data.aws_lib.finding(["listener", i, "lb_protocol"], msg) if {
	data.aws_lib.type == "aws_elb"
	some i, l in data.aws_lib.items(["listener"])
	is_string(l.lb_protocol)
	lower(l.lb_protocol) == "http"
	not data.aws_lib.unknown(["listener", i, "lb_protocol"])
	msg := sprintf("%s listens for plain HTTP on port %v (lb_protocol = \"%s\"): a Classic Load Balancer cannot redirect to HTTPS, so traffic crosses the network unencrypted; listen with lb_protocol = \"https\" only, or move to an Application Load Balancer whose HTTP listener redirects", [data.aws_lib.name, object.get(l, "lb_port", "?"), l.lb_protocol])
}

# --- CloudFormation ---
# ELBv2 listeners: Protocol HTTP (or unset on an Application Load Balancer
# of the template) whose DefaultActions do not redirect to HTTPS.
cfn_listener if data.aws_lib.type == "AWS::ElasticLoadBalancingV2::Listener"

cfn_protocol := upper(data.aws_lib.string(["Properties", "Protocol"]))

cfn_protocol := "HTTP" if {
	data.aws_lib.unset(["Properties", "Protocol"])
	some lb in data.aws_lib.linked(["Properties", "LoadBalancerArn"], {"AWS::ElasticLoadBalancingV2::LoadBalancer"})
	lower(object.get(data.aws_lib.other_value(lb, ["Properties"]), "Type", "application")) == "application"
}

cfn_actions_unknown if data.aws_lib.unknown(["Properties", "DefaultActions"])

cfn_actions_unknown if {
	some i, a in data.aws_lib.items(["Properties", "DefaultActions"])
	data.aws_lib.unknown(["Properties", "DefaultActions", i, "Type"])
}

cfn_actions_unknown if {
	some i, a in data.aws_lib.items(["Properties", "DefaultActions"])
	lower(object.get(a, "Type", "")) == "redirect"
	data.aws_lib.unknown(["Properties", "DefaultActions", i, "RedirectConfig", "Protocol"])
}

cfn_redirects_to_https if {
	some a in data.aws_lib.items(["Properties", "DefaultActions"])
	lower(object.get(a, "Type", "")) == "redirect"
	proto := object.get(a, ["RedirectConfig", "Protocol"], "")
	is_string(proto)
	upper(proto) == "HTTPS"
}

cfn_how := "Protocol: HTTP" if not data.aws_lib.unset(["Properties", "Protocol"])

cfn_how := "Protocol unset: HTTP on an Application Load Balancer" if data.aws_lib.unset(["Properties", "Protocol"])

cfn_port_text := sprintf(" on port %v", [data.aws_lib.number(["Properties", "Port"])]) if data.aws_lib.number(["Properties", "Port"])

cfn_port_text := "" if not data.aws_lib.number(["Properties", "Port"])

deny contains data.aws_lib.finding(["Properties", "Protocol"], msg) if {
	cfn_listener
	cfn_protocol == "HTTP"
	not cfn_actions_unknown
	not cfn_redirects_to_https
	msg := sprintf("%s serves plain HTTP%s (%s) without redirecting to HTTPS: traffic and cookies cross the network unencrypted; make its DefaultActions a redirect with RedirectConfig Protocol: HTTPS, and serve the application on an HTTPS listener", [data.aws_lib.name, cfn_port_text, cfn_how])
}

# Classic Load Balancers: Listeners[].Protocol HTTP.
deny contains data.aws_lib.finding(["Properties", "Listeners", i, "Protocol"], msg) if {
	data.aws_lib.type == "AWS::ElasticLoadBalancing::LoadBalancer"
	some i, l in data.aws_lib.items(["Properties", "Listeners"])
	is_string(l.Protocol)
	lower(l.Protocol) == "http"
	msg := sprintf("%s listens for plain HTTP on port %v (Protocol: %s): a Classic Load Balancer cannot redirect to HTTPS, so traffic crosses the network unencrypted; listen with Protocol: HTTPS only, or move to an Application Load Balancer whose HTTP listener redirects", [data.aws_lib.name, object.get(l, "LoadBalancerPort", "?"), l.Protocol])
}
