# METADATA
# title: OpenSearch domain does not enforce HTTPS, TLS 1.2 or node-to-node encryption
# description: |
#   An OpenSearch (or Elasticsearch) domain that does not enforce HTTPS
#   answers plain HTTP on its endpoint: queries, documents and credentials
#   cross the network unencrypted. Its TLS security policy decides the
#   lowest TLS version: `Policy-Min-TLS-1-0-2019-07` accepts TLS 1.0 and
#   1.1; `Policy-Min-TLS-1-2-2019-07` and `Policy-Min-TLS-1-2-PFS-2023-10`
#   require TLS 1.2 (the PFS policy also offers 1.3). Without node-to-node
#   encryption, traffic between the domain's nodes is clear text. Defaults
#   relied on: when `domain_endpoint_options` is not set, the provider
#   leaves it to AWS, whose API default is HTTPS not enforced and
#   `Policy-Min-TLS-1-0-2019-07` (the provider's `enforce_https` defaults to
#   true once the block is written; `tls_security_policy` left unset gets
#   `Policy-Min-TLS-1-0-2019-07`); `node_to_node_encryption` is off unless
#   enabled. OpenSearch has no TLS 1.3-only policy, so with
#   `min_tls_version: "1.3"` a TLS 1.2 policy is still accepted. Checked on
#   `aws_opensearch_domain` and `aws_elasticsearch_domain`; values known only
#   after apply are not judged.
# custom:
#   id: AWS016
#   name: opensearch-https-not-enforced
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_opensearch_domain, aws_elasticsearch_domain, "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
#   remediation: |
#     ```hcl
#     domain_endpoint_options {
#       enforce_https       = true
#       tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
#     }
#     node_to_node_encryption {
#       enabled = true
#     }
#     ```
#
#     CloudFormation: `DomainEndpointOptions: {EnforceHTTPS: true,
#     TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10}` and
#     `NodeToNodeEncryptionOptions: {Enabled: true}`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_opensearch_domain" "logs" {
#       domain_name    = "logs"
#       engine_version = "OpenSearch_2.13"
#       domain_endpoint_options {
#         enforce_https       = false
#         tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
#       }
#     }
package aws.opensearch_https_not_enforced

import rego.v1


types := {"aws_opensearch_domain", "aws_elasticsearch_domain"}

endpoint := ["domain_endpoint_options", 0]

policies := {
	"Policy-Min-TLS-1-0-2019-07": "1.0",
	"Policy-Min-TLS-1-2-2019-07": "1.2",
	"Policy-Min-TLS-1-2-PFS-2023-10": "1.2",
}

default_policy := "Policy-Min-TLS-1-0-2019-07"

https_path := array.concat(endpoint, ["enforce_https"])

policy_path := array.concat(endpoint, ["tls_security_policy"])

deny contains data.aws_lib.finding(https_path, msg) if {
	data.aws_lib.type in types
	data.aws_lib.off(https_path)
	msg := sprintf("%s does not enforce HTTPS (enforce_https is off): its endpoint answers plain HTTP, so queries, documents and credentials cross the network unencrypted; set domain_endpoint_options { enforce_https = true, tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\" }", [data.aws_lib.name])
}

policy := p if {
	p := data.aws_lib.string(policy_path)
	p != ""
}

policy := default_policy if data.aws_lib.unset(policy_path)

deny contains data.aws_lib.finding(policy_path, msg) if {
	data.aws_lib.type in types
	not data.aws_lib.off(https_path)
	lowest := policies[policy]
	data.aws_lib.tls_below_12(lowest)
	how := describe(policy)
	msg := sprintf("%s accepts TLS %s on its endpoint (%s), below TLS 1.2; set tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"", [data.aws_lib.name, lowest, how])
}

describe(p) := sprintf("tls_security_policy = \"%s\"", [p]) if data.aws_lib.string(policy_path) != ""

describe(p) := sprintf("tls_security_policy unset: AWS applies %s", [p]) if data.aws_lib.unset(policy_path)

n2n := ["node_to_node_encryption", 0, "enabled"]

deny contains data.aws_lib.finding(n2n, msg) if {
	data.aws_lib.type in types
	data.aws_lib.off(n2n)
	msg := sprintf("%s does not encrypt traffic between its nodes (node_to_node_encryption is off); set node_to_node_encryption { enabled = true }", [data.aws_lib.name])
}

# --- CloudFormation: DomainEndpointOptions.EnforceHTTPS and
# TLSSecurityPolicy, NodeToNodeEncryptionOptions.Enabled (the same defaults).

cfn_types := {"AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"}

cfn_https := ["Properties", "DomainEndpointOptions", "EnforceHTTPS"]

cfn_policy_path := ["Properties", "DomainEndpointOptions", "TLSSecurityPolicy"]

deny contains data.aws_lib.finding(cfn_https, msg) if {
	data.aws_lib.type in cfn_types
	data.aws_lib.off(cfn_https)
	msg := sprintf("%s does not enforce HTTPS (EnforceHTTPS is off): its endpoint answers plain HTTP, so queries, documents and credentials cross the network unencrypted; set DomainEndpointOptions EnforceHTTPS: true and TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10", [data.aws_lib.name])
}

cfn_policy := p if {
	p := data.aws_lib.string(cfn_policy_path)
	p != ""
}

cfn_policy := default_policy if data.aws_lib.unset(cfn_policy_path)

deny contains data.aws_lib.finding(cfn_policy_path, msg) if {
	data.aws_lib.type in cfn_types
	not data.aws_lib.off(cfn_https)
	lowest := policies[cfn_policy]
	data.aws_lib.tls_below_12(lowest)
	how := cfn_describe(cfn_policy)
	msg := sprintf("%s accepts TLS %s on its endpoint (%s), below TLS 1.2; set TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10", [data.aws_lib.name, lowest, how])
}

cfn_describe(p) := sprintf("TLSSecurityPolicy: %s", [p]) if data.aws_lib.string(cfn_policy_path) != ""

cfn_describe(p) := sprintf("TLSSecurityPolicy unset: AWS applies %s", [p]) if data.aws_lib.unset(cfn_policy_path)

cfn_n2n := ["Properties", "NodeToNodeEncryptionOptions", "Enabled"]

deny contains data.aws_lib.finding(cfn_n2n, msg) if {
	data.aws_lib.type in cfn_types
	data.aws_lib.off(cfn_n2n)
	msg := sprintf("%s does not encrypt traffic between its nodes (NodeToNodeEncryptionOptions.Enabled is off); set NodeToNodeEncryptionOptions Enabled: true", [data.aws_lib.name])
}
