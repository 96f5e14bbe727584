# METADATA
# title: MSK cluster with fewer than three brokers or zones
# description: |
#   Kafka keeps a topic available through a zone outage only when its
#   partitions have replicas in other zones and enough of them stay in sync:
#   with the usual replication factor 3 and `min.insync.replicas = 2`, that
#   takes brokers in three zones. MSK spreads brokers evenly over the client
#   subnets, one zone per subnet, so a cluster needs three subnets in three
#   zones and a broker count that is a multiple of three. MSK Serverless
#   runs its brokers across zones itself; its `VpcConfigs` subnets are where
#   clients reach it, and need two zones to survive the loss of one.
# custom:
#   id: AWS004
#   name: msk-cluster-too-few-zones
#   severity: high
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_msk_cluster, "AWS::MSK::Cluster", "AWS::MSK::ServerlessCluster"]
#   remediation: |
#     Give `broker_node_group_info.client_subnets` three subnets in three
#     availability zones and set `number_of_broker_nodes` to 3 (or a
#     multiple of 3). CloudFormation: `BrokerNodeGroupInfo.ClientSubnets`
#     with three subnets in three zones and `NumberOfBrokerNodes: 3` on the
#     `AWS::MSK::Cluster`; `VpcConfigs` `SubnetIds` in two or more zones on
#     the `AWS::MSK::ServerlessCluster`.
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.14]
#   example: |
#     resource "aws_msk_cluster" "events" {
#       cluster_name           = "events"
#       kafka_version          = "3.6.0"
#       number_of_broker_nodes = 2
#       broker_node_group_info {
#         instance_type  = "kafka.m7g.large"
#         client_subnets = [aws_subnet.a.id, aws_subnet.b.id]
#       }
#     }
package aws.msk_cluster_too_few_zones

import rego.v1


subnets := ["broker_node_group_info", 0, "client_subnets"]

deny contains data.aws_lib.finding(["number_of_broker_nodes"], msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	n := data.aws_lib.number(["number_of_broker_nodes"])
	n < 3
	msg := sprintf("%s has %d brokers (number_of_broker_nodes), fewer than 3, so partitions cannot keep in-sync replicas through a zone outage; use 3 brokers in 3 zones", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(subnets, msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	not data.aws_lib.unknown(subnets)
	n := data.aws_lib.subnet_count(subnets)
	n > 0
	n < 3
	msg := sprintf("%s has %d client subnets, so its brokers span fewer than 3 zones; give client_subnets three subnets in three zones", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(subnets, msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	data.aws_lib.subnet_count(subnets) >= 3
	zones := data.aws_lib.known_zones(subnets)
	count(zones) < 3
	msg := sprintf("%s has client subnets in only %d zones (%s); use subnets in three zones", [data.aws_lib.name, count(zones), concat(", ", sort(zones))])
}

# CloudFormation: AWS::MSK::Cluster (`NumberOfBrokerNodes` and
# `BrokerNodeGroupInfo.ClientSubnets` are both required: no defaults).
cfn_subnets := data.aws_lib.prop(["BrokerNodeGroupInfo", "ClientSubnets"])

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::MSK::Cluster"
	path := data.aws_lib.prop(["NumberOfBrokerNodes"])
	n := data.aws_lib.number(path)
	n < 3
	msg := sprintf("%s has %d brokers (NumberOfBrokerNodes), fewer than 3, so partitions cannot keep in-sync replicas through a zone outage; use 3 brokers in 3 zones", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(cfn_subnets, msg) if {
	data.aws_lib.type == "AWS::MSK::Cluster"
	not data.aws_lib.unknown(cfn_subnets)
	n := data.aws_lib.subnet_count(cfn_subnets)
	n > 0
	n < 3
	msg := sprintf("%s has %d client subnets, so its brokers span fewer than 3 zones; give BrokerNodeGroupInfo.ClientSubnets three subnets in three zones", [data.aws_lib.name, n])
}

deny contains data.aws_lib.finding(cfn_subnets, msg) if {
	data.aws_lib.type == "AWS::MSK::Cluster"
	data.aws_lib.subnet_count(cfn_subnets) >= 3
	zones := data.aws_lib.known_zones(cfn_subnets)
	count(zones) < 3
	msg := sprintf("%s has client subnets in only %d zones (%s); use subnets in three zones", [data.aws_lib.name, count(zones), concat(", ", sort(zones))])
}

# AWS::MSK::ServerlessCluster: each `VpcConfigs` entry's `SubnetIds`
# ("subnets in at least two different Availability Zones", MSK Serverless
# API VpcConfig).
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::MSK::ServerlessCluster"
	some i, _ in data.aws_lib.items(data.aws_lib.prop(["VpcConfigs"]))
	path := data.aws_lib.prop(["VpcConfigs", i, "SubnetIds"])
	not data.aws_lib.unknown(path)
	n := data.aws_lib.subnet_count(path)
	n == 1
	msg := sprintf("%s is reachable through 1 subnet (VpcConfigs SubnetIds), so clients lose it with that zone; give SubnetIds subnets in two or more zones", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::MSK::ServerlessCluster"
	some i, _ in data.aws_lib.items(data.aws_lib.prop(["VpcConfigs"]))
	path := data.aws_lib.prop(["VpcConfigs", i, "SubnetIds"])
	data.aws_lib.subnet_count(path) >= 2
	zones := data.aws_lib.known_zones(path)
	count(zones) < 2
	msg := sprintf("%s is reachable through subnets in only %d zone (%s), so clients lose it with that zone; give SubnetIds subnets in two or more zones", [data.aws_lib.name, count(zones), concat(", ", sort(zones))])
}
