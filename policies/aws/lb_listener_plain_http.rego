# METADATA
# title: Load balancer listener serves plain HTTP without redirecting to HTTPS
# description: |
#   An HTTP listener that forwards requests sends them, with their cookies,
#   tokens and form data, in clear text over the internet. Port 80 is fine
#   only to redirect to HTTPS (a `default_action` of type `redirect` with
#   `protocol = "HTTPS"`). Checked on `aws_lb_listener`/`aws_alb_listener`
#   (protocol `HTTP`; an Application Load Balancer listener without a
#   protocol is HTTP unless it has a certificate) and on Classic Load
#   Balancer listeners (`lb_protocol` `http`). TCP and UDP listeners of
#   Network Load Balancers are not checked: TLS may run end to end.
# custom:
#   id: AWS010
#   name: lb-listener-plain-http
#   severity: high
#   categories: [tls]
#   targets: [terraform]
#   kinds: [aws_lb_listener, aws_alb_listener, aws_elb]
#   remediation: |
#     Serve HTTPS (`protocol = "HTTPS"` with a certificate and a TLS 1.2+
#     `ssl_policy`), and make port 80 redirect:
#     `default_action { type = "redirect" redirect { protocol = "HTTPS"
#     port = "443" status_code = "HTTP_301" } }`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
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


listener if data.aws_lib.type in {"aws_lb_listener", "aws_alb_listener"}

http if {
	listener
	upper(data.aws_lib.string(["protocol"])) == "HTTP"
}

http if {
	listener
	data.aws_lib.unset(["protocol"])
	data.aws_lib.unset(["certificate_arn"])
	not data.aws_lib.unknown(["port"])
}

redirects_to_https if {
	some a in data.aws_lib.items(["default_action"])
	a.type == "redirect"
	some r in data.aws_lib.list(object.get(a, "redirect", []))
	upper(object.get(r, "protocol", "#{protocol}")) == "HTTPS"
}

# Forward actions that are unknown (computed) are not concluded on.
actions_known if not data.aws_lib.unknown(["default_action"])

location := ["protocol"] if data.aws_lib.value(["protocol"]) != null

else := ["port"] if data.aws_lib.value(["port"]) != null

else := []

deny contains data.aws_lib.finding(location, msg) if {
	http
	actions_known
	not redirects_to_https
	msg := sprintf("%s serves plain HTTP on port %v without redirecting to HTTPS; serve HTTPS, or make this listener redirect to it", [data.aws_lib.name, object.get(input, "port", 80)])
}

deny contains data.aws_lib.finding(["listener", i, "lb_protocol"], msg) if {
	data.aws_lib.type == "aws_elb"
	some i, l in data.aws_lib.items(["listener"])
	lower(object.get(l, "lb_protocol", "")) == "http"
	msg := sprintf("%s has a plain HTTP listener on port %v (listener[%d]); use an HTTPS listener, or an Application Load Balancer that redirects", [data.aws_lib.name, object.get(l, "lb_port", 80), i])
}
