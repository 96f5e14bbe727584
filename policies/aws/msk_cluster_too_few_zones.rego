# METADATA
# title: MSK cluster with fewer than three brokers or zones
# description: |
#   Kafka keeps a topic available through a zone outage only when its
#   partitions have replicas in other zones and enough of them stay in sync:
#   with the usual replication factor 3 and `min.insync.replicas = 2`, that
#   takes brokers in three zones. MSK spreads brokers evenly over the client
#   subnets, one zone per subnet, so a cluster needs three subnets in three
#   zones and a broker count that is a multiple of three.
# custom:
#   id: AWS004
#   name: msk-cluster-too-few-zones
#   severity: high
#   categories: [multi-az]
#   targets: [terraform]
#   kinds: [aws_msk_cluster]
#   remediation: |
#     Give `broker_node_group_info.client_subnets` three subnets in three
#     availability zones and set `number_of_broker_nodes` to 3 (or a
#     multiple of 3).
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
