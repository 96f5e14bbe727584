# Helpers of the AWS pack's TLS rules (AWS010-AWS017): TLS versions, the
# minimum of `min_tls_version`, and the lowest protocol of AWS's predefined
# Elastic Load Balancing security policies.
package aws_lib

import rego.v1

# TLS versions in order ("1.0" < "1.1" < "1.2" < "1.3"); SSLv3 ranks below.
tls_rank := {"ssl3": 0, "1.0": 1, "1.1": 2, "1.2": 3, "1.3": 4}

# The version `v` ("1.0".."1.3", or "ssl3") is below `min_tls_version`.
tls_below_min(v) if tls_rank[v] < tls_rank[min_tls_version]

# The version `v` is below TLS 1.2, whatever the parameter says (for services
# that offer no TLS 1.3-only setting).
tls_below_12(v) if tls_rank[v] < tls_rank["1.2"]

# How a version reads in messages.
tls_label(v) := "SSLv3" if v == "ssl3"

tls_label(v) := sprintf("TLS %s", [v]) if v != "ssl3"

# What AWS applies to an HTTPS or TLS listener (ALB, NLB, Classic) created
# through the API, the CLI, CloudFormation or Terraform without a policy.
tls_elb_default_policy := "ELBSecurityPolicy-2016-08"

# Predefined policies whose names do not say their lowest version (ported
# from src/rules/k8s/load_balancer_weak_tls_policy.rs).
tls_elb_dated_policies := {
	"ELBSecurityPolicy-2011-08": "1.0",
	"ELBSecurityPolicy-2014-01": "1.0",
	"ELBSecurityPolicy-2014-10": "1.0",
	"ELBSecurityPolicy-2015-02": "1.0",
	"ELBSecurityPolicy-2015-03": "1.0",
	"ELBSecurityPolicy-2015-05": "1.0",
	"ELBSecurityPolicy-2016-08": "1.0",
	"ELBSecurityPolicy-FS-2018-06": "1.0",
}

# The lowest TLS version a predefined ELB security policy accepts; undefined
# for names that are not predefined policies (custom or unknown: not
# judged). Names of the form `ELBSecurityPolicy-TLS-1-2-...`,
# `-FS-1-1-...`, `-TLS13-1-3-...` (with the FIPS, PQ, Res and Ext variants)
# carry the version.
tls_elb_policy_min(name) := v if {
	v := tls_elb_dated_policies[trim_space(name)]
}

tls_elb_policy_min(name) := v if {
	n := trim_space(name)
	not tls_elb_dated_policies[n]
	m := regex.find_all_string_submatch_n(`^ELBSecurityPolicy-(?:TLS13|TLS|FS)-1-([0-3])-.+$`, n, 1)
	count(m) == 1
	v := sprintf("1.%s", [m[0][1]])
}

# The policy to name in messages.
tls_elb_suggestion := "ELBSecurityPolicy-TLS13-1-3-2021-06" if min_tls_version == "1.3"

tls_elb_suggestion := "ELBSecurityPolicy-TLS13-1-2-2021-06" if min_tls_version != "1.3"

# A string value compared without case: known and equal.
tls_is(path, want) if lower(string(path)) == lower(want)
