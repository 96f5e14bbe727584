package kubernetes.container_may_run_as_root_test

import rego.v1

import data.kubernetes.container_may_run_as_root as rule

deploy(pod_sc, containers) := {
	"kind": "Deployment",
	"metadata": {"name": "api"},
	"spec": {"template": {"spec": {"securityContext": pod_sc, "containers": containers}}},
}

test_pod_level_non_root_covers_every_container if {
	count(rule.deny) == 0 with input as deploy({"runAsNonRoot": true}, [{"name": "a"}, {"name": "b"}])
}

test_non_zero_user_is_enough if {
	count(rule.deny) == 0 with input as deploy({}, [{"name": "a", "securityContext": {"runAsUser": 1000}}])
	count(rule.deny) == 0 with input as deploy({"runAsUser": 65534}, [{"name": "a"}])
}

test_missing_points_at_the_container_field if {
	rule.deny == {{
		"msg": "container a of Deployment api may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set; set runAsNonRoot: true",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"],
	}} with input as deploy({}, [{"name": "a"}])
}

test_container_overrides_pod if {
	r := rule.deny with input as deploy({"runAsNonRoot": true}, [{"name": "a", "securityContext": {"runAsNonRoot": false}}])
	[x | some x in r; x.path == ["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"]] != []
}

test_user_zero_is_reported_where_it_is_set if {
	r := rule.deny with input as deploy({"runAsUser": 0}, [{"name": "a"}])
	r == {{
		"msg": "container a of Deployment api runs as user 0 (root), set for the pod; run it as a non-root user and set runAsNonRoot: true",
		"path": ["spec", "template", "spec", "securityContext", "runAsUser"],
	}}
	r2 := rule.deny with input as deploy({"runAsNonRoot": true}, [{"name": "a", "securityContext": {"runAsUser": 0}}])
	count(r2) == 1
}

test_pod_false_points_at_the_pod if {
	r := rule.deny with input as deploy({"runAsNonRoot": false}, [{"name": "a"}])
	[x | some x in r; x.path == ["spec", "template", "spec", "securityContext", "runAsNonRoot"]] != []
}

test_init_containers_are_named if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "setup"}], "containers": [{"name": "a", "securityContext": {"runAsUser": 1}}]}}
	r := rule.deny with input as pod
	count(r) == 1
	some x in r
	startswith(x.msg, "init container setup of Pod p")
}
