package kubernetes.writable_root_filesystem_test

import rego.v1

import data.kubernetes.writable_root_filesystem as rule

job(containers) := {"kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": containers}}}}

test_missing_and_false_are_denied if {
	r := rule.deny with input as job([
		{"name": "a"},
		{"name": "b", "securityContext": {"readOnlyRootFilesystem": false}},
		{"name": "c", "securityContext": {"readOnlyRootFilesystem": true}},
	])
	{x.path | some x in r} == {
		["spec", "template", "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"],
		["spec", "template", "spec", "containers", 1, "securityContext", "readOnlyRootFilesystem"],
	}
}

test_read_only_is_allowed if {
	count(rule.deny) == 0 with input as job([{"name": "a", "securityContext": {"readOnlyRootFilesystem": true}}])
}
