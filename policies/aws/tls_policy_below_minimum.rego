# METADATA
# title: TLS endpoint accepts versions below min_tls_version
# description: |
#   TLS 1.0 and 1.1 are deprecated (RFC 8996): they lack modern cipher
#   suites, PCI DSS forbids them, and accepting them lets an attacker push
#   clients down to them. A service's security policy decides the lowest
#   version it accepts; `min_tls_version` in plumb.yaml ("1.2" by default)
#   is the floor. Checked: HTTPS and TLS listeners of Application and
#   Network Load Balancers (`ssl_policy`; when unset, the API's default
#   `ELBSecurityPolicy-2016-08`, which accepts TLS 1.0), CloudFront
#   distributions (`viewer_certificate.minimum_protocol_version`; the
#   default `*.cloudfront.net` certificate allows TLS 1.0, so
#   `cloudfront_default_certificate = true` is reported), OpenSearch and
#   Elasticsearch domains (`domain_endpoint_options.tls_security_policy`),
#   and API Gateway REST custom domains (`security_policy`). Custom or
#   unknown policy names are not reported.
# custom:
#   id: AWS011
#   name: tls-policy-below-minimum
#   severity: high
#   categories: [tls]
#   targets: [terraform]
#   kinds: [aws_lb_listener, aws_alb_listener, aws_cloudfront_distribution, aws_opensearch_domain, aws_elasticsearch_domain, aws_api_gateway_domain_name]
#   remediation: |
#     Name a policy whose lowest version is at least `min_tls_version`:
#     `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or
#     `ELBSecurityPolicy-TLS13-1-3-2021-06` for TLS 1.3 only);
#     `minimum_protocol_version = "TLSv1.2_2021"` with your own ACM
#     certificate on CloudFront; `tls_security_policy =
#     "Policy-Min-TLS-1-2-PFS-2023-10"` on OpenSearch;
#     `security_policy = "TLS_1_2"` on API Gateway domains.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_lb_listener" "web" {
#       load_balancer_arn = aws_lb.web.arn
#       port              = 443
#       protocol          = "HTTPS"
#       ssl_policy        = "ELBSecurityPolicy-2016-08"
#       certificate_arn   = aws_acm_certificate.web.arn
#     }
package aws.tls_policy_below_minimum

import rego.v1


message(what, policy, v) := sprintf("%s %s %s, which accepts TLS %s, below the minimum %s; %s", [data.aws_lib.name, what, policy, v, data.aws_lib.min_tls_version, advice])

advice := "use a policy with TLS 1.3 only" if data.aws_lib.min_tls_version == "1.3"

else := "use a policy with TLS 1.2 or later"

# Load balancer listeners.
tls_listener if {
	data.aws_lib.type in {"aws_lb_listener", "aws_alb_listener"}
	upper(data.aws_lib.string(["protocol"])) in {"HTTPS", "TLS"}
}

deny contains data.aws_lib.finding(["ssl_policy"], message("uses", policy, v)) if {
	tls_listener
	policy := data.aws_lib.string(["ssl_policy"])
	v := data.aws_tls.tls_elb_min(policy)
	data.aws_tls.tls_below_minimum(v)
}

deny contains data.aws_lib.finding(["protocol"], message("has no ssl_policy, so it gets the default", "ELBSecurityPolicy-2016-08", "1.0")) if {
	tls_listener
	data.aws_lib.unset(["ssl_policy"])
}

# CloudFront.
cert := ["viewer_certificate", 0]

deny contains data.aws_lib.finding(array.concat(cert, ["minimum_protocol_version"]), message("uses the viewer policy", policy, v)) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	not data.aws_lib.value(array.concat(cert, ["cloudfront_default_certificate"])) == true
	policy := data.aws_lib.string(array.concat(cert, ["minimum_protocol_version"]))
	v := data.aws_tls.tls_cloudfront_min[policy]
	data.aws_tls.tls_below_minimum(v)
}

deny contains data.aws_lib.finding(array.concat(cert, ["cloudfront_default_certificate"]), msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	data.aws_lib.value(array.concat(cert, ["cloudfront_default_certificate"])) == true
	msg := sprintf("%s uses the default *.cloudfront.net certificate, which accepts TLS 1.0 whatever minimum_protocol_version says; use an ACM certificate with minimum_protocol_version TLSv1.2_2021 or later", [data.aws_lib.name])
}

# OpenSearch.
endpoint := ["domain_endpoint_options", 0, "tls_security_policy"]

deny contains data.aws_lib.finding(endpoint, message("uses", policy, v)) if {
	data.aws_lib.type in {"aws_opensearch_domain", "aws_elasticsearch_domain"}
	policy := data.aws_lib.string(endpoint)
	v := data.aws_tls.tls_opensearch_min[policy]
	data.aws_tls.tls_below_minimum(v)
}

# API Gateway REST custom domains.
deny contains data.aws_lib.finding(["security_policy"], message("uses", policy, v)) if {
	data.aws_lib.type == "aws_api_gateway_domain_name"
	policy := data.aws_lib.string(["security_policy"])
	v := data.aws_tls.tls_apigateway_min(policy)
	data.aws_tls.tls_below_minimum(v)
}
