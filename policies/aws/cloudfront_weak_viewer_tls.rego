# METADATA
# title: CloudFront distribution allows plain HTTP or old TLS to viewers
# description: |
#   A CloudFront cache behavior with `viewer_protocol_policy = "allow-all"`
#   serves its paths over plain HTTP as well as HTTPS, so requests, cookies
#   and responses can be read and changed on the way. The viewer
#   certificate's security policy decides the lowest TLS version CloudFront
#   negotiates with viewers: `SSLv3`, `TLSv1`, `TLSv1_2016` and
#   `TLSv1.1_2016` accept protocols that PCI DSS forbids; the `TLSv1.2_*`
#   policies (2018, 2019, 2021, 2025) accept TLS 1.2 and 1.3, and
#   `TLSv1.3_2025` TLS 1.3 only (CloudFront Developer Guide, "Supported
#   protocols and ciphers between viewers and CloudFront"). The provider's
#   default for `minimum_protocol_version` is `TLSv1`. The default
#   `*.cloudfront.net` certificate (`cloudfront_default_certificate = true`)
#   always uses the `TLSv1` policy, whatever `minimum_protocol_version`
#   says: only a custom certificate (ACM or IAM) with an alternate domain
#   name can require TLS 1.2 or 1.3. With `min_tls_version: "1.3"`, policies
#   below `TLSv1.3_2025` are flagged. Unknown policy names and values known
#   only after apply are not judged.
# custom:
#   id: AWS012
#   name: cloudfront-weak-viewer-tls
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_cloudfront_distribution, "AWS::CloudFront::Distribution"]
#   remediation: |
#     Redirect viewers to HTTPS in every cache behavior and use a custom
#     certificate with a TLS 1.2 (or 1.3) security policy:
#
#     ```hcl
#     default_cache_behavior {
#       viewer_protocol_policy = "redirect-to-https"
#       # ...
#     }
#     viewer_certificate {
#       acm_certificate_arn      = aws_acm_certificate.site.arn
#       ssl_support_method       = "sni-only"
#       minimum_protocol_version = "TLSv1.2_2021"
#     }
#     ```
#
#     Use `TLSv1.3_2025` when `min_tls_version` is 1.3.
#
#     CloudFormation: in `DistributionConfig`, a `ViewerCertificate`
#     with an ACM certificate and `MinimumProtocolVersion:
#     TLSv1.2_2021`, and `ViewerProtocolPolicy: redirect-to-https` on
#     every cache behavior.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_cloudfront_distribution" "site" {
#       # ...
#       default_cache_behavior {
#         viewer_protocol_policy = "allow-all"
#         # ...
#       }
#       viewer_certificate {
#         cloudfront_default_certificate = true
#       }
#     }
package aws.cloudfront_weak_viewer_tls

import rego.v1


# The lowest protocol of each CloudFront viewer security policy.
policies := {
	"SSLv3": "ssl3",
	"TLSv1": "1.0",
	"TLSv1_2016": "1.0",
	"TLSv1.1_2016": "1.1",
	"TLSv1.2_2018": "1.2",
	"TLSv1.2_2019": "1.2",
	"TLSv1.2_2021": "1.2",
	"TLSv1.2_2025": "1.2",
	"TLSv1.3_2025": "1.3",
}

suggestion := "TLSv1.3_2025" if data.aws_lib.min_tls_version == "1.3"

suggestion := "TLSv1.2_2021" if data.aws_lib.min_tls_version != "1.3"

allow_all(path) if {
	data.aws_lib.string(array.concat(path, ["viewer_protocol_policy"])) == "allow-all"
}

deny contains data.aws_lib.finding(["default_cache_behavior", 0, "viewer_protocol_policy"], msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	allow_all(["default_cache_behavior", 0])
	msg := sprintf("%s serves its default cache behavior over plain HTTP (viewer_protocol_policy = \"allow-all\"): requests and cookies cross the network unencrypted; set viewer_protocol_policy = \"redirect-to-https\" or \"https-only\"", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(["ordered_cache_behavior", i, "viewer_protocol_policy"], msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	some i, b in data.aws_lib.items(["ordered_cache_behavior"])
	allow_all(["ordered_cache_behavior", i])
	msg := sprintf("%s serves the cache behavior for %s over plain HTTP (viewer_protocol_policy = \"allow-all\"): requests and cookies cross the network unencrypted; set viewer_protocol_policy = \"redirect-to-https\" or \"https-only\"", [data.aws_lib.name, object.get(b, "path_pattern", "?")])
}

cert := ["viewer_certificate", 0]

default_certificate if data.aws_lib.value(array.concat(cert, ["cloudfront_default_certificate"])) == true

deny contains data.aws_lib.finding(array.concat(cert, ["cloudfront_default_certificate"]), msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	not data.aws_lib.unknown(array.concat(cert, ["cloudfront_default_certificate"]))
	default_certificate
	msg := sprintf("%s uses the default *.cloudfront.net certificate, whose security policy is always TLSv1 (TLS 1.0 and up), below the minimum TLS %s; use an ACM certificate for an alternate domain name with minimum_protocol_version = \"%s\"", [data.aws_lib.name, data.aws_lib.min_tls_version, suggestion])
}

# A custom certificate: the policy as set, or the provider's default TLSv1.
policy := p if {
	p := data.aws_lib.string(array.concat(cert, ["minimum_protocol_version"]))
	p != ""
}

policy := "TLSv1" if data.aws_lib.unset(array.concat(cert, ["minimum_protocol_version"]))

deny contains data.aws_lib.finding(array.concat(cert, ["minimum_protocol_version"]), msg) if {
	data.aws_lib.type == "aws_cloudfront_distribution"
	count(data.aws_lib.items(["viewer_certificate"])) > 0
	not data.aws_lib.unknown(array.concat(cert, ["cloudfront_default_certificate"]))
	not default_certificate
	lowest := policies[policy]
	data.aws_lib.tls_below_min(lowest)
	how := describe(policy)
	msg := sprintf("%s lets viewers connect with %s (%s), below the minimum TLS %s; set minimum_protocol_version = \"%s\"", [data.aws_lib.name, data.aws_lib.tls_label(lowest), how, data.aws_lib.min_tls_version, suggestion])
}

describe(p) := sprintf("minimum_protocol_version = \"%s\"", [p]) if {
	data.aws_lib.string(array.concat(cert, ["minimum_protocol_version"])) != ""
}

describe(p) := sprintf("minimum_protocol_version unset: %s", [p]) if data.aws_lib.unset(array.concat(cert, ["minimum_protocol_version"]))

# --- CloudFormation: AWS::CloudFront::Distribution DistributionConfig ---
# Without ViewerCertificate, or with CloudFrontDefaultCertificate, the
# distribution uses the *.cloudfront.net certificate (TLSv1); a custom
# certificate without MinimumProtocolVersion gets TLSv1.

dc := ["Properties", "DistributionConfig"]

cfn_cloudfront if data.aws_lib.type == "AWS::CloudFront::Distribution"

deny contains data.aws_lib.finding(path, msg) if {
	cfn_cloudfront
	path := array.concat(dc, ["DefaultCacheBehavior", "ViewerProtocolPolicy"])
	data.aws_lib.string(path) == "allow-all"
	msg := sprintf("%s serves its default cache behavior over plain HTTP (ViewerProtocolPolicy: allow-all): requests and cookies cross the network unencrypted; set ViewerProtocolPolicy: redirect-to-https or https-only", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_cloudfront
	some i, b in data.aws_lib.items(array.concat(dc, ["CacheBehaviors"]))
	path := array.concat(dc, ["CacheBehaviors", i, "ViewerProtocolPolicy"])
	data.aws_lib.string(path) == "allow-all"
	msg := sprintf("%s serves the cache behavior for %v over plain HTTP (ViewerProtocolPolicy: allow-all): requests and cookies cross the network unencrypted; set ViewerProtocolPolicy: redirect-to-https or https-only", [data.aws_lib.name, object.get(b, "PathPattern", "?")])
}

vc := array.concat(dc, ["ViewerCertificate"])

cfn_default_certificate_at := array.concat(vc, ["CloudFrontDefaultCertificate"]) if data.aws_lib.on(array.concat(vc, ["CloudFrontDefaultCertificate"]))

cfn_default_certificate_at := vc if {
	not data.aws_lib.unknown(dc)
	data.aws_lib.unset(vc)
}

deny contains data.aws_lib.finding(path, msg) if {
	cfn_cloudfront
	path := cfn_default_certificate_at
	msg := sprintf("%s uses the default *.cloudfront.net certificate, whose security policy is always TLSv1 (TLS 1.0 and up), below the minimum TLS %s; use an ACM certificate for an alternate domain name with MinimumProtocolVersion: %s", [data.aws_lib.name, data.aws_lib.min_tls_version, suggestion])
}

cfn_custom_certificate if {
	not data.aws_lib.unset(vc)
	not data.aws_lib.unknown(vc)
	not data.aws_lib.on(array.concat(vc, ["CloudFrontDefaultCertificate"]))
	not data.aws_lib.unknown(array.concat(vc, ["CloudFrontDefaultCertificate"]))
}

cfn_policy := p if {
	p := data.aws_lib.string(array.concat(vc, ["MinimumProtocolVersion"]))
	p != ""
}

cfn_policy := "TLSv1" if data.aws_lib.unset(array.concat(vc, ["MinimumProtocolVersion"]))

deny contains data.aws_lib.finding(array.concat(vc, ["MinimumProtocolVersion"]), msg) if {
	cfn_cloudfront
	cfn_custom_certificate
	lowest := policies[cfn_policy]
	data.aws_lib.tls_below_min(lowest)
	how := cfn_describe(cfn_policy)
	msg := sprintf("%s lets viewers connect with %s (%s), below the minimum TLS %s; set MinimumProtocolVersion: %s", [data.aws_lib.name, data.aws_lib.tls_label(lowest), how, data.aws_lib.min_tls_version, suggestion])
}

cfn_describe(p) := sprintf("MinimumProtocolVersion: %s", [p]) if {
	data.aws_lib.string(array.concat(vc, ["MinimumProtocolVersion"])) != ""
}

cfn_describe(p) := sprintf("MinimumProtocolVersion unset: %s", [p]) if data.aws_lib.unset(array.concat(vc, ["MinimumProtocolVersion"]))
