# METADATA
# title: Aurora cluster with fewer than two instances or zones
# description: |
#   An Aurora cluster's storage is replicated across three zones, but its
#   compute is not: with a single instance, a zone outage (or the instance
#   failing) leaves the cluster without a writer until Aurora creates a new
#   one, which takes about ten minutes, against about thirty seconds to
#   promote a reader in another zone. The instances are the
#   `aws_rds_cluster_instance` resources of the plan whose
#   `cluster_identifier` points at the cluster; their zones are their
#   `availability_zone` when known. Aurora Serverless v1 (`engine_mode =
#   "serverless"`) manages its own capacity and is not checked; Multi-AZ DB
#   clusters of RDS for MySQL and PostgreSQL (`db_cluster_instance_class`)
#   always run three instances in three zones.
# custom:
#   id: AWS002
#   name: aurora-cluster-single-az
#   severity: high
#   categories: [multi-az]
#   targets: [terraform]
#   kinds: [aws_rds_cluster]
#   remediation: |
#     Add a second `aws_rds_cluster_instance` (a `count = 2` or more), in
#     another availability zone (leave `availability_zone` unset and Aurora
#     spreads them).
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.14]
#   example: |
#     resource "aws_rds_cluster" "orders" {
#       engine = "aurora-postgresql"
#     }
#     resource "aws_rds_cluster_instance" "orders" {
#       count              = 1
#       cluster_identifier = aws_rds_cluster.orders.id
#       instance_class     = "db.r6g.large"
#       engine             = aws_rds_cluster.orders.engine
#     }
package aws.aurora_cluster_single_az

import rego.v1


aurora if startswith(lower(object.get(input, "engine", "aurora")), "aurora")

checked if {
	data.aws_lib.type == "aws_rds_cluster"
	aurora
	object.get(input, "engine_mode", "provisioned") != "serverless"
	data.aws_lib.unset(["db_cluster_instance_class"])
}

instances := data.aws_lib.linking(["aws_rds_cluster_instance"])

deny contains data.aws_lib.finding([], msg) if {
	checked
	count(instances) < 2
	msg := sprintf("%s has %d instance(s) in this plan, so losing one availability zone leaves it without a writer for minutes; run two or more aws_rds_cluster_instance in different zones", [data.aws_lib.name, count(instances)])
}

deny contains data.aws_lib.finding([], msg) if {
	checked
	count(instances) >= 2
	zones := {z | some r in instances; z := data.aws_lib.other_value(r, ["availability_zone"]); is_string(z)}
	every r in instances {
		is_string(data.aws_lib.other_value(r, ["availability_zone"]))
	}
	count(zones) == 1
	some zone in zones
	msg := sprintf("%s has %d instances, all in %s, so one zone outage takes them all; spread them across zones (leave availability_zone unset)", [data.aws_lib.name, count(instances), zone])
}
