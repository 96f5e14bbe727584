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

# CloudFormation: the resource entry with evaluated Properties, links to
# the template's subnets.
cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": t, "identity": "Events", "template": "t", "unknown": {}, "links": []}, plumb)}

cfn_subnets := {"t": {
	"A": {"address": "A", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1a"}}, "unknown": {}},
	"A2": {"address": "A2", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1a"}}, "unknown": {}},
	"B": {"address": "B", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZoneId": "euw1-az2"}}, "unknown": {}},
	"C": {"address": "C", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1c"}}, "unknown": {}},
	"Any": {"address": "Any", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": null}}, "unknown": {"Properties": {"AvailabilityZone": true}}},
}}

cfn_link(a, i) := {"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets", i], "address": a, "type": "AWS::EC2::Subnet", "via": "reference"}

broker_info(subnets) := {"InstanceType": "kafka.m7g.large", "ClientSubnets": subnets}

test_cfn_two_brokers_two_subnets if {
	rule.deny == {
		{
			"msg": "Events has 2 brokers (NumberOfBrokerNodes), fewer than 3, so partitions cannot keep in-sync replicas through a zone outage; use 3 brokers in 3 zones",
			"path": ["Properties", "NumberOfBrokerNodes"],
		},
		{
			"msg": "Events has 2 client subnets, so its brokers span fewer than 3 zones; give BrokerNodeGroupInfo.ClientSubnets three subnets in three zones",
			"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"],
		},
	} with input as cfn("AWS::MSK::Cluster", {"NumberOfBrokerNodes": "2", "BrokerNodeGroupInfo": broker_info(["subnet-1", "subnet-2"])}, {})
}

test_cfn_three_subnets_in_two_zones if {
	rule.deny == {{
		"msg": "Events has client subnets in only 2 zones (eu-west-1a, euw1-az2); use subnets in three zones",
		"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"],
	}} with input as cfn("AWS::MSK::Cluster", {"NumberOfBrokerNodes": 3, "BrokerNodeGroupInfo": broker_info([null, null, null])}, {"links": [cfn_link("A", 0), cfn_link("A2", 1), cfn_link("B", 2)], "unknown": {"Properties": {"BrokerNodeGroupInfo": {"ClientSubnets": [true, true, true]}}}})
		with data.plumb.cloudformation as cfn_subnets
}

test_cfn_unknown_zones_and_lists_are_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::MSK::Cluster", {"NumberOfBrokerNodes": 3, "BrokerNodeGroupInfo": broker_info([null, null, null])}, {"links": [cfn_link("A", 0), cfn_link("A2", 1), cfn_link("Any", 2)], "unknown": {"Properties": {"BrokerNodeGroupInfo": {"ClientSubnets": [true, true, true]}}}})
		with data.plumb.cloudformation as cfn_subnets
	count(rule.deny) == 0 with input as cfn("AWS::MSK::Cluster", {"NumberOfBrokerNodes": null, "BrokerNodeGroupInfo": broker_info(null)}, {"unknown": {"Properties": {"NumberOfBrokerNodes": true, "BrokerNodeGroupInfo": {"ClientSubnets": true}}}})
		with data.plumb.cloudformation as cfn_subnets
}

test_cfn_three_zones_pass if {
	count(rule.deny) == 0 with input as cfn("AWS::MSK::Cluster", {"NumberOfBrokerNodes": 6, "BrokerNodeGroupInfo": broker_info([null, null, null])}, {"links": [cfn_link("A", 0), cfn_link("B", 1), cfn_link("C", 2)], "unknown": {"Properties": {"BrokerNodeGroupInfo": {"ClientSubnets": [true, true, true]}}}})
		with data.plumb.cloudformation as cfn_subnets
}

serverless_link(a, i) := {"path": ["Properties", "VpcConfigs", 0, "SubnetIds", i], "address": a, "type": "AWS::EC2::Subnet", "via": "reference"}

test_cfn_serverless if {
	rule.deny == {{
		"msg": "Events is reachable through 1 subnet (VpcConfigs SubnetIds), so clients lose it with that zone; give SubnetIds subnets in two or more zones",
		"path": ["Properties", "VpcConfigs", 0, "SubnetIds"],
	}} with input as cfn("AWS::MSK::ServerlessCluster", {"VpcConfigs": [{"SubnetIds": ["subnet-1"]}]}, {})
	rule.deny == {{
		"msg": "Events is reachable through subnets in only 1 zone (eu-west-1a), so clients lose it with that zone; give SubnetIds subnets in two or more zones",
		"path": ["Properties", "VpcConfigs", 0, "SubnetIds"],
	}} with input as cfn("AWS::MSK::ServerlessCluster", {"VpcConfigs": [{"SubnetIds": [null, null]}]}, {"links": [serverless_link("A", 0), serverless_link("A2", 1)]})
		with data.plumb.cloudformation as cfn_subnets
	count(rule.deny) == 0 with input as cfn("AWS::MSK::ServerlessCluster", {"VpcConfigs": [{"SubnetIds": [null, null]}]}, {"links": [serverless_link("A", 0), serverless_link("B", 1)]})
		with data.plumb.cloudformation as cfn_subnets
	count(rule.deny) == 0 with input as cfn("AWS::MSK::ServerlessCluster", {"VpcConfigs": [{"SubnetIds": ["subnet-1", "subnet-2"]}]}, {})
}
