# METADATA
# title: Load balancer TLS policy allows protocols below the minimum
# description: |
#   The security policy of an HTTPS or TLS listener decides which protocol
#   versions the load balancer negotiates with clients. Policies that accept
#   TLS 1.0 or 1.1 let clients (and a downgrading attacker) use deprecated
#   protocols that PCI DSS forbids. Checked: `aws_lb_listener` and
#   `aws_alb_listener` with protocol `HTTPS` or `TLS`, by their `ssl_policy`;
#   when `ssl_policy` is not set, AWS applies `ELBSecurityPolicy-2016-08`
#   (TLS 1.0 and up) to listeners created through the API, the CLI,
#   CloudFormation or Terraform (only the console picks
#   `ELBSecurityPolicy-TLS13-1-2-Res-2021-06`; Elastic Load Balancing
#   guides, "Security policies" for ALB and NLB). `aws_elb` (Classic)
#   listeners with `lb_protocol` `https` or `ssl` that no
#   `aws_lb_ssl_negotiation_policy` or `aws_load_balancer_listener_policy`
#   of the plan covers get the same default; the policies themselves
#   (`aws_lb_ssl_negotiation_policy`, and `aws_load_balancer_policy` of type
#   `SSLNegotiationPolicyType`) are judged by their
#   `Reference-Security-Policy` or by the `Protocol-*` attributes they turn
#   on. The lowest version of each predefined policy is known (the 2016-08
#   and other dated policies accept TLS 1.0; `-TLS-1-1-`, `-FS-1-2-`,
#   `-TLS13-1-3-` and the FIPS, PQ, Res and Ext variants by the version in
#   their name); custom or unknown policy names are not flagged.
#   `min_tls_version: "1.3"` is honoured: `ELBSecurityPolicy-TLS13-1-3-2021-06`
#   accepts TLS 1.3 only (ALB and NLB; Classic Load Balancers have no TLS
#   1.3 policy, so there any policy accepting 1.2 is flagged).
# custom:
#   id: AWS011
#   name: lb-listener-weak-tls-policy
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_lb_listener, aws_alb_listener, aws_elb, aws_lb_ssl_negotiation_policy, aws_load_balancer_policy, "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancing::LoadBalancer"]
#   remediation: |
#     Name a policy whose lowest protocol is at least `min_tls_version`:
#
#     ```hcl
#     resource "aws_lb_listener" "https" {
#       load_balancer_arn = aws_lb.web.arn
#       port              = 443
#       protocol          = "HTTPS"
#       ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
#       certificate_arn   = aws_acm_certificate.web.arn
#       # ...
#     }
#     ```
#
#     Use `ELBSecurityPolicy-TLS13-1-3-2021-06` when `min_tls_version` is
#     1.3. For a Classic Load Balancer, attach an SSL negotiation policy with
#     `Reference-Security-Policy = ELBSecurityPolicy-TLS-1-2-2017-01`.
#
#     CloudFormation: `SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06`
#     on the listener; for a Classic load balancer, an
#     `SSLNegotiationPolicyType` policy referencing
#     `ELBSecurityPolicy-TLS-1-2-2017-01` named in the listener's
#     `PolicyNames`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_lb_listener" "https" {
#       load_balancer_arn = aws_lb.web.arn
#       port              = 443
#       protocol          = "HTTPS"
#       ssl_policy        = "ELBSecurityPolicy-2016-08"
#       certificate_arn   = aws_acm_certificate.web.arn
#     }
package aws.lb_listener_weak_tls_policy

import rego.v1


listener_types := {"aws_lb_listener", "aws_alb_listener"}

# Elastic Load Balancing v2: HTTPS and TLS listeners.
deny contains data.aws_lib.finding(["ssl_policy"], msg) if {
	data.aws_lib.type in listener_types
	upper(data.aws_lib.string(["protocol"])) in {"HTTPS", "TLS"}
	policy := data.aws_lib.string(["ssl_policy"])
	lowest := data.aws_lib.tls_elb_policy_min(policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s uses security policy %s, which accepts TLS %s, below the minimum TLS %s: clients can negotiate deprecated protocols; set ssl_policy = \"%s\"", [data.aws_lib.name, policy, lowest, data.aws_lib.min_tls_version, data.aws_lib.tls_elb_suggestion])
}

deny contains data.aws_lib.finding(["ssl_policy"], msg) if {
	data.aws_lib.type in listener_types
	upper(data.aws_lib.string(["protocol"])) in {"HTTPS", "TLS"}
	data.aws_lib.unset(["ssl_policy"])
	lowest := data.aws_lib.tls_elb_policy_min(data.aws_lib.tls_elb_default_policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s terminates %s without ssl_policy, so AWS applies %s, which accepts TLS %s, below the minimum TLS %s; set ssl_policy = \"%s\"", [data.aws_lib.name, upper(data.aws_lib.string(["protocol"])), data.aws_lib.tls_elb_default_policy, lowest, data.aws_lib.min_tls_version, data.aws_lib.tls_elb_suggestion])
}

# Classic Load Balancers: an HTTPS/SSL listener without a negotiation
# policy of the plan gets the default policy.
classic_suggestion := "a policy with Reference-Security-Policy = ELBSecurityPolicy-TLS-1-2-2017-01"

covered(port) if {
	some r in data.aws_lib.linking({"aws_lb_ssl_negotiation_policy"})
	p := data.aws_lib.other_value(r, ["lb_port"])
	p in {port, null}
}

covered(port) if {
	some r in data.aws_lib.linking({"aws_load_balancer_listener_policy"})
	p := data.aws_lib.other_value(r, ["load_balancer_port"])
	p in {port, null}
}

# Unknown ports of policies: not judged.
covered(_) if {
	some r in data.aws_lib.linking({"aws_lb_ssl_negotiation_policy"})
	data.aws_lib.other_unknown(r, ["lb_port"])
}

covered(_) if {
	some r in data.aws_lib.linking({"aws_load_balancer_listener_policy"})
	data.aws_lib.other_unknown(r, ["load_balancer_port"])
}

deny contains data.aws_lib.finding(["listener", i, "lb_protocol"], msg) if {
	data.aws_lib.type == "aws_elb"
	some i, l in data.aws_lib.items(["listener"])
	is_string(l.lb_protocol)
	lower(l.lb_protocol) in {"https", "ssl"}
	not data.aws_lib.unknown(["listener", i, "lb_protocol"])
	not data.aws_lib.unknown(["listener", i, "lb_port"])
	not covered(l.lb_port)
	lowest := data.aws_lib.tls_elb_policy_min(data.aws_lib.tls_elb_default_policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s terminates %s on port %v without an SSL negotiation policy, so AWS applies %s, which accepts TLS %s, below the minimum TLS %s; attach %s (aws_lb_ssl_negotiation_policy or aws_load_balancer_policy with aws_load_balancer_listener_policy)", [data.aws_lib.name, upper(l.lb_protocol), l.lb_port, data.aws_lib.tls_elb_default_policy, lowest, data.aws_lib.min_tls_version, classic_suggestion])
}

# Classic SSL negotiation policies: the attribute list of each type.
attrs_path := ["attribute"] if data.aws_lib.type == "aws_lb_ssl_negotiation_policy"

attrs_path := ["policy_attribute"] if {
	data.aws_lib.type == "aws_load_balancer_policy"
	data.aws_lib.string(["policy_type_name"]) == "SSLNegotiationPolicyType"
}

protocol_attrs := {
	"Protocol-SSLv3": "ssl3",
	"Protocol-TLSv1": "1.0",
	"Protocol-TLSv1.1": "1.1",
	"Protocol-TLSv1.2": "1.2",
}

deny contains data.aws_lib.finding(array.concat(attrs_path, [i, "value"]), msg) if {
	some i, a in data.aws_lib.items(attrs_path)
	a.name == "Reference-Security-Policy"
	not data.aws_lib.unknown(array.concat(attrs_path, [i, "value"]))
	is_string(a.value)
	lowest := data.aws_lib.tls_elb_policy_min(a.value)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s references security policy %s, which accepts TLS %s, below the minimum TLS %s; reference ELBSecurityPolicy-TLS-1-2-2017-01", [data.aws_lib.name, a.value, lowest, data.aws_lib.min_tls_version])
}

# Without a reference policy, the protocols turned on decide.
deny contains data.aws_lib.finding(array.concat(attrs_path, [i, "value"]), msg) if {
	attrs := data.aws_lib.items(attrs_path)
	not has_reference(attrs)
	some i, a in attrs
	v := protocol_attrs[a.name]
	lower(sprintf("%v", [a.value])) == "true"
	not data.aws_lib.unknown(array.concat(attrs_path, [i, "value"]))
	data.aws_lib.tls_below_min(v)
	msg := sprintf("%s turns on %s, which accepts %s, below the minimum TLS %s; set it to false, or reference ELBSecurityPolicy-TLS-1-2-2017-01", [data.aws_lib.name, a.name, data.aws_lib.tls_label(v), data.aws_lib.min_tls_version])
}

has_reference(attrs) if {
	some a in attrs
	a.name == "Reference-Security-Policy"
}

# --- CloudFormation ---
# ELBv2 HTTPS and TLS listeners: SslPolicy, or the API's default when unset.
cfn_listener if data.aws_lib.type == "AWS::ElasticLoadBalancingV2::Listener"

cfn_protocol := upper(data.aws_lib.string(["Properties", "Protocol"]))

deny contains data.aws_lib.finding(["Properties", "SslPolicy"], msg) if {
	cfn_listener
	cfn_protocol in {"HTTPS", "TLS"}
	policy := data.aws_lib.string(["Properties", "SslPolicy"])
	lowest := data.aws_lib.tls_elb_policy_min(policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s uses security policy %s, which accepts TLS %s, below the minimum TLS %s: clients can negotiate deprecated protocols; set SslPolicy: %s", [data.aws_lib.name, policy, lowest, data.aws_lib.min_tls_version, data.aws_lib.tls_elb_suggestion])
}

deny contains data.aws_lib.finding(["Properties", "SslPolicy"], msg) if {
	cfn_listener
	cfn_protocol in {"HTTPS", "TLS"}
	data.aws_lib.unset(["Properties", "SslPolicy"])
	lowest := data.aws_lib.tls_elb_policy_min(data.aws_lib.tls_elb_default_policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s terminates %s without SslPolicy, so AWS applies %s, which accepts TLS %s, below the minimum TLS %s; set SslPolicy: %s", [data.aws_lib.name, cfn_protocol, data.aws_lib.tls_elb_default_policy, lowest, data.aws_lib.min_tls_version, data.aws_lib.tls_elb_suggestion])
}

# Classic Load Balancers: each HTTPS/SSL listener's PolicyNames name an
# SSLNegotiationPolicyType policy of Policies; without one, the default.
cfn_classic if data.aws_lib.type == "AWS::ElasticLoadBalancing::LoadBalancer"

cfn_negotiation_policies := {p.PolicyName: i |
	some i, p in data.aws_lib.items(["Properties", "Policies"])
	p.PolicyType == "SSLNegotiationPolicyType"
}

cfn_has_negotiation_policy(l) if {
	some n in object.get(l, "PolicyNames", [])
	cfn_negotiation_policies[n]
}

# A policy may name the ports it applies to instead (LoadBalancerPorts).
cfn_has_negotiation_policy(l) if {
	some p in data.aws_lib.items(["Properties", "Policies"])
	p.PolicyType == "SSLNegotiationPolicyType"
	some port in object.get(p, "LoadBalancerPorts", [])
	sprintf("%v", [port]) == sprintf("%v", [object.get(l, "LoadBalancerPort", "")])
}

deny contains data.aws_lib.finding(["Properties", "Listeners", i, "Protocol"], msg) if {
	cfn_classic
	not data.aws_lib.unknown(["Properties", "Policies"])
	some i, l in data.aws_lib.items(["Properties", "Listeners"])
	is_string(l.Protocol)
	lower(l.Protocol) in {"https", "ssl"}
	not data.aws_lib.unknown(["Properties", "Listeners", i, "PolicyNames"])
	not cfn_has_negotiation_policy(l)
	lowest := data.aws_lib.tls_elb_policy_min(data.aws_lib.tls_elb_default_policy)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s terminates %s on port %v without an SSL negotiation policy, so AWS applies %s, which accepts TLS %s, below the minimum TLS %s; add a Policies entry of PolicyType SSLNegotiationPolicyType with Reference-Security-Policy ELBSecurityPolicy-TLS-1-2-2017-01 and name it in the listener's PolicyNames", [data.aws_lib.name, upper(l.Protocol), object.get(l, "LoadBalancerPort", "?"), data.aws_lib.tls_elb_default_policy, lowest, data.aws_lib.min_tls_version])
}

deny contains data.aws_lib.finding(["Properties", "Policies", j, "Attributes", k, "Value"], msg) if {
	cfn_classic
	some j, p in data.aws_lib.items(["Properties", "Policies"])
	p.PolicyType == "SSLNegotiationPolicyType"
	some k, a in object.get(p, "Attributes", [])
	a.Name == "Reference-Security-Policy"
	is_string(a.Value)
	lowest := data.aws_lib.tls_elb_policy_min(a.Value)
	data.aws_lib.tls_below_min(lowest)
	msg := sprintf("%s references security policy %s in %s, which accepts TLS %s, below the minimum TLS %s; reference ELBSecurityPolicy-TLS-1-2-2017-01", [data.aws_lib.name, a.Value, p.PolicyName, lowest, data.aws_lib.min_tls_version])
}

# Without a reference policy, the protocols turned on decide.
deny contains data.aws_lib.finding(["Properties", "Policies", j, "Attributes", k, "Value"], msg) if {
	cfn_classic
	some j, p in data.aws_lib.items(["Properties", "Policies"])
	p.PolicyType == "SSLNegotiationPolicyType"
	attrs := object.get(p, "Attributes", [])
	not has_cfn_reference(attrs)
	some k, a in attrs
	v := protocol_attrs[a.Name]
	lower(sprintf("%v", [a.Value])) == "true"
	data.aws_lib.tls_below_min(v)
	msg := sprintf("%s turns on %s in %s, which accepts %s, below the minimum TLS %s; set it to false, or reference ELBSecurityPolicy-TLS-1-2-2017-01", [data.aws_lib.name, a.Name, p.PolicyName, data.aws_lib.tls_label(v), data.aws_lib.min_tls_version])
}

has_cfn_reference(attrs) if {
	some a in attrs
	a.Name == "Reference-Security-Policy"
}
