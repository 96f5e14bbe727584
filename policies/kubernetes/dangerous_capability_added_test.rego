package kubernetes.dangerous_capability_added_test

import rego.v1

import data.kubernetes.dangerous_capability_added as rule

pod(caps) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": {"capabilities": caps}}]}}

test_sys_admin_is_denied_at_its_item if {
	rule.deny == {{
		"msg": "container c of Pod p adds capability SYS_ADMIN, beyond the baseline set; remove it and drop ALL",
		"path": ["spec", "containers", 0, "securityContext", "capabilities", "add", 1],
	}} with input as pod({"add": ["NET_BIND_SERVICE", "SYS_ADMIN"]})
}

test_prefixed_and_lower_case_names if {
	count(rule.deny) == 2 with input as pod({"add": ["cap_net_admin", "all"]})
	count(rule.deny) == 0 with input as pod({"add": ["CAP_CHOWN", "setuid"]})
}

test_drop_is_not_add if {
	count(rule.deny) == 0 with input as pod({"drop": ["ALL"]})
}
