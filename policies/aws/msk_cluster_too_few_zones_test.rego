package aws.msk_cluster_too_few_zones_test

import rego.v1

import data.aws.msk_cluster_too_few_zones as rule

msk(values, links) := object.union(values, {"_plumb": {"target": "terraform", "type": "aws_msk_cluster", "identity": "aws_msk_cluster.k", "config": {}, "unknown": {}, "plan": "p", "links": links}})

subnets := {"p": {
	"a": {"address": "a", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"a2": {"address": "a2", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"b": {"address": "b", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1b"}, "unknown": {}},
	"c": {"address": "c", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1c"}, "unknown": {}},
}}

link(a) := {"path": ["broker_node_group_info", 0, "client_subnets"], "address": a, "type": "aws_subnet", "via": "reference"}

test_two_brokers_two_subnets if {
	count(rule.deny) == 2 with input as msk({"number_of_broker_nodes": 2, "broker_node_group_info": [{"client_subnets": ["s1", "s2"]}]}, [])
		with data.plumb.terraform as subnets
}

test_three_subnets_in_two_zones if {
	rule.deny == {{
		"msg": "aws_msk_cluster.k has client subnets in only 2 zones (eu-west-1a, eu-west-1b); use subnets in three zones",
		"path": ["broker_node_group_info", 0, "client_subnets"],
	}} with input as msk({"number_of_broker_nodes": 3, "broker_node_group_info": [{"client_subnets": [null, null, null]}]}, [link("a"), link("a2"), link("b")])
		with data.plumb.terraform as subnets
}

test_three_zones_pass if {
	count(rule.deny) == 0 with input as msk({"number_of_broker_nodes": 3, "broker_node_group_info": [{"client_subnets": [null, null, null]}]}, [link("a"), link("b"), link("c")])
		with data.plumb.terraform as subnets
}
