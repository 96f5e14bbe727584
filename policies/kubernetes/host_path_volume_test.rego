package kubernetes.host_path_volume_test

import rego.v1

import data.kubernetes.host_path_volume

pod(volumes) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [], "volumes": volumes}}

test_host_path_is_denied_at_the_volume if {
	r := host_path_volume.deny with input as pod([
		{"name": "cache", "emptyDir": {}},
		{"name": "sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}},
	])
	r == {{
		"msg": "Pod p mounts the node's /var/run/docker.sock through hostPath volume sock; use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir instead",
		"path": ["spec", "volumes", 1, "hostPath"],
	}}
}

test_other_volumes_are_allowed if {
	count(host_path_volume.deny) == 0 with input as pod([
		{"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
		{"name": "config", "configMap": {"name": "app"}},
	])
	count(host_path_volume.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}
}

test_path_missing_still_denied if {
	count(host_path_volume.deny) == 1 with input as pod([{"name": "x", "hostPath": {}}])
}

# `volumes:` and `containers:` with no value (null), as rendered charts
# often have: nothing to report, and no evaluation error.
test_null_lists_are_empty if {
	count(host_path_volume.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": null, "initContainers": null, "volumes": null}}
}
