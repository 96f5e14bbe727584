package kubernetes.node_port_service_test

import rego.v1

import data.kubernetes.node_port_service as rule

svc(spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "admin"}, "spec": spec}

test_node_port_is_denied_at_type if {
	rule.deny == {{
		"msg": "Service admin is of type NodePort and open on every node (port 30080); use ClusterIP behind an Ingress or a LoadBalancer with source ranges",
		"path": ["spec", "type"],
	}} with input as svc({"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}]})
}

test_allocated_port_is_not_named if {
	some x in rule.deny with input as svc({"type": "NodePort", "ports": [{"port": 80}]})
	endswith(x.msg, "open on every node; use ClusterIP behind an Ingress or a LoadBalancer with source ranges")
}

test_cluster_ip_and_load_balancer_are_allowed if {
	count(rule.deny) == 0 with input as svc({"ports": [{"port": 80}]})
	count(rule.deny) == 0 with input as svc({"type": "LoadBalancer", "ports": [{"port": 443}]})
}
