# METADATA
# title: API Gateway custom domain accepts TLS below the minimum
# description: |
#   The security policy of an API Gateway custom domain name decides the
#   lowest TLS version clients can use. `TLS_1_0` accepts TLS 1.0 and 1.1,
#   deprecated protocols that PCI DSS forbids; `TLS_1_2` and the enhanced
#   `SecurityPolicy_TLS13_1_2_*` and `SecurityPolicy_TLS12_*` policies
#   require TLS 1.2; `SecurityPolicy_TLS13_1_3_*` policies accept TLS 1.3
#   only. Checked: `security_policy` of `aws_api_gateway_domain_name` (REST
#   APIs); when unset, AWS applies `TLS_1_2` to new Regional and
#   edge-optimized domain names (API Gateway Developer Guide, "Supported
#   security policies", default security policies; older accounts' domains
#   got `TLS_1_0`), which passes at TLS 1.2 and is flagged with
#   `min_tls_version: "1.3"`. `domain_name_configuration.security_policy`
#   of `aws_apigatewayv2_domain_name` (HTTP and WebSocket APIs) is flagged
#   when below TLS 1.2; those APIs support only `TLS_1_2`, so no TLS
#   1.3-only policy exists for them and `min_tls_version: "1.3"` does not
#   flag them. Unknown policy names and values known only after apply are
#   not judged.
# custom:
#   id: AWS017
#   name: api-gateway-weak-tls
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_api_gateway_domain_name, aws_apigatewayv2_domain_name, "AWS::ApiGateway::DomainName", "AWS::ApiGateway::DomainNameV2", "AWS::ApiGatewayV2::DomainName", "AWS::Serverless::Api", "AWS::Serverless::HttpApi"]
#   remediation: |
#     ```hcl
#     resource "aws_api_gateway_domain_name" "api" {
#       domain_name              = "api.example.com"
#       regional_certificate_arn = aws_acm_certificate.api.arn
#       security_policy          = "TLS_1_2"
#       endpoint_configuration {
#         types = ["REGIONAL"]
#       }
#     }
#     ```
#
#     Use `SecurityPolicy_TLS13_1_3_2025_09` (with
#     `endpoint_access_mode = "STRICT"`) when `min_tls_version` is 1.3.
#
#     CloudFormation: `SecurityPolicy: TLS_1_2` on
#     `AWS::ApiGateway::DomainName` (or SAM `Domain.SecurityPolicy`),
#     and on each `DomainNameConfigurations` item of
#     `AWS::ApiGatewayV2::DomainName`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_api_gateway_domain_name" "api" {
#       domain_name     = "api.example.com"
#       certificate_arn = aws_acm_certificate.api.arn
#       security_policy = "TLS_1_0"
#     }
package aws.api_gateway_weak_tls

import rego.v1


legacy := {"TLS_1_0": "1.0", "TLS_1_2": "1.2"}

# The lowest TLS version of an API Gateway security policy.
policy_min(p) := legacy[p]

policy_min(p) := sprintf("1.%s", [m[0][1]]) if {
	m := regex.find_all_string_submatch_n(`^SecurityPolicy_TLS13_1_([23])_.+$`, p, 1)
	count(m) == 1
}

policy_min(p) := "1.2" if regex.match(`^SecurityPolicy_TLS12_.+$`, p)

default_policy := "TLS_1_2"

suggestion := "SecurityPolicy_TLS13_1_3_2025_09" if data.aws_lib.min_tls_version == "1.3"

suggestion := "TLS_1_2" if data.aws_lib.min_tls_version != "1.3"

policy := p if {
	p := data.aws_lib.string(["security_policy"])
	p != ""
}

policy := default_policy if data.aws_lib.unset(["security_policy"])

deny contains data.aws_lib.finding(["security_policy"], msg) if {
	data.aws_lib.type == "aws_api_gateway_domain_name"
	lowest := policy_min(policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s accepts TLS %s (%s), below the minimum TLS %s; set security_policy = \"%s\"", [data.aws_lib.name, lowest, describe(policy), data.aws_lib.min_tls_version, suggestion])
}

describe(p) := sprintf("security_policy = \"%s\"", [p]) if data.aws_lib.string(["security_policy"]) != ""

describe(p) := sprintf("security_policy unset: AWS applies %s", [p]) if data.aws_lib.unset(["security_policy"])

v2 := ["domain_name_configuration", 0, "security_policy"]

deny contains data.aws_lib.finding(v2, msg) if {
	data.aws_lib.type == "aws_apigatewayv2_domain_name"
	p := data.aws_lib.string(v2)
	lowest := policy_min(p)
	data.aws_lib.tls_below_12(lowest)
	msg := sprintf("%s accepts TLS %s (security_policy = \"%s\"), below TLS 1.2; set security_policy = \"TLS_1_2\"", [data.aws_lib.name, lowest, p])
}

# --- CloudFormation ---
# REST API domains (and SAM `AWS::Serverless::Api` `Domain`): SecurityPolicy,
# the same default as above when unset. HTTP/WebSocket domains (and SAM
# `AWS::Serverless::HttpApi` `Domain`): each DomainNameConfigurations item.

cfn_rest_policy_path := ["Properties", "SecurityPolicy"] if data.aws_lib.type in {"AWS::ApiGateway::DomainName", "AWS::ApiGateway::DomainNameV2"}

# SAM: only when the API has a custom domain.
cfn_rest_policy_path := ["Properties", "Domain", "SecurityPolicy"] if {
	data.aws_lib.type == "AWS::Serverless::Api"
	not data.aws_lib.unset(["Properties", "Domain"])
}

cfn_policy := p if {
	p := data.aws_lib.string(cfn_rest_policy_path)
	p != ""
}

cfn_policy := default_policy if data.aws_lib.unset(cfn_rest_policy_path)

deny contains data.aws_lib.finding(cfn_rest_policy_path, msg) if {
	lowest := policy_min(cfn_policy)
	data.aws_lib.tls_below_min(lowest)
	how := cfn_describe(cfn_policy)
	msg := sprintf("%s accepts TLS %s (%s), below the minimum TLS %s; set SecurityPolicy: %s", [data.aws_lib.name, lowest, how, data.aws_lib.min_tls_version, suggestion])
}

cfn_describe(p) := sprintf("SecurityPolicy: %s", [p]) if data.aws_lib.string(cfn_rest_policy_path) != ""

cfn_describe(p) := sprintf("SecurityPolicy unset: AWS applies %s", [p]) if data.aws_lib.unset(cfn_rest_policy_path)

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::ApiGatewayV2::DomainName"
	some i, _ in data.aws_lib.items(["Properties", "DomainNameConfigurations"])
	path := ["Properties", "DomainNameConfigurations", i, "SecurityPolicy"]
	p := data.aws_lib.string(path)
	lowest := policy_min(p)
	data.aws_lib.tls_below_12(lowest)
	msg := sprintf("%s accepts TLS %s (SecurityPolicy: %s), below TLS 1.2; set SecurityPolicy: TLS_1_2", [data.aws_lib.name, lowest, p])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::Serverless::HttpApi"
	path := ["Properties", "Domain", "SecurityPolicy"]
	p := data.aws_lib.string(path)
	lowest := policy_min(p)
	data.aws_lib.tls_below_12(lowest)
	msg := sprintf("%s accepts TLS %s (Domain.SecurityPolicy: %s), below TLS 1.2; set SecurityPolicy: TLS_1_2", [data.aws_lib.name, lowest, p])
}
