# TLS versions of AWS's predefined policies, for the tls rules. Versions
# are strings "1.0" to "1.3" (they compare in order).
package aws_tls

import rego.v1


tls_dated_elb_policies := {
	"ELBSecurityPolicy-2011-08": "1.0",
	"ELBSecurityPolicy-2014-01": "1.0",
	"ELBSecurityPolicy-2014-10": "1.0",
	"ELBSecurityPolicy-2015-02": "1.0",
	"ELBSecurityPolicy-2015-03": "1.0",
	"ELBSecurityPolicy-2015-05": "1.0",
	"ELBSecurityPolicy-2016-08": "1.0",
	"ELBSecurityPolicy-FS-2018-06": "1.0",
}

# The lowest TLS version of a predefined ELB policy
# (`ELBSecurityPolicy-TLS13-1-2-2021-06` -> "1.2"); undefined for custom
# or unknown names.
tls_elb_min(name) := tls_dated_elb_policies[name]

tls_elb_min(name) := v if {
	not tls_dated_elb_policies[name]
	m := regex.find_all_string_submatch_n(`^ELBSecurityPolicy-(?:TLS13|TLS|FS)-1-([0-3])-.+`, name, 1)
	count(m) == 1
	v := sprintf("1.%s", [m[0][1]])
}

# CloudFront viewer policies.
tls_cloudfront_min := {
	"SSLv3": "0",
	"TLSv1": "1.0",
	"TLSv1_2016": "1.0",
	"TLSv1.1_2016": "1.1",
	"TLSv1.2_2018": "1.2",
	"TLSv1.2_2019": "1.2",
	"TLSv1.2_2021": "1.2",
	"TLSv1.2_2025": "1.2",
	"TLSv1.3_2025": "1.3",
}

# OpenSearch / Elasticsearch domain endpoint policies.
tls_opensearch_min := {
	"Policy-Min-TLS-1-0-2019-07": "1.0",
	"Policy-Min-TLS-1-2-2019-07": "1.2",
	"Policy-Min-TLS-1-2-PFS-2023-10": "1.2",
}

# API Gateway (REST) domain security policies.
tls_apigateway_min(name) := "1.0" if name == "TLS_1_0"

tls_apigateway_min(name) := "1.2" if name == "TLS_1_2"

tls_apigateway_min(name) := v if {
	m := regex.find_all_string_submatch_n(`^SecurityPolicy_TLS1(2|3)_`, name, 1)
	count(m) == 1
	v := sprintf("1.%s", [m[0][1]])
}

tls_below_minimum(v) if v < data.aws_lib.min_tls_version
