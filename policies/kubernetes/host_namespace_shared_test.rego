package kubernetes.host_namespace_shared_test

import rego.v1

import data.kubernetes.host_namespace_shared

deployment(spec) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": spec}},
}

test_host_network_is_denied_at_its_path if {
	r := host_namespace_shared.deny with input as deployment({"hostNetwork": true, "containers": []})
	r == {{
		"msg": "Deployment web sets hostNetwork: true and shares the node's namespace; remove it",
		"path": ["spec", "template", "spec", "hostNetwork"],
	}}
}

test_each_namespace_is_a_finding if {
	spec := {"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": []}
	count(host_namespace_shared.deny) == 3 with input as deployment(spec)
}

test_false_and_missing_are_allowed if {
	count(host_namespace_shared.deny) == 0 with input as deployment({"hostNetwork": false, "containers": []})
	count(host_namespace_shared.deny) == 0 with input as deployment({"containers": []})
}

test_bare_pod_and_cronjob if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true}}
	host_namespace_shared.deny == {{"msg": "Pod p sets hostPID: true and shares the node's namespace; remove it", "path": ["spec", "hostPID"]}} with input as pod
	cron := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"hostIPC": true}}}}}}
	count(host_namespace_shared.deny) == 1 with input as cron
}
