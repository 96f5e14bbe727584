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
#   always run three instances in three zones. In CloudFormation the
#   instances are the template's `AWS::RDS::DBInstance` whose
#   `DBClusterIdentifier` references the `AWS::RDS::DBCluster` (or names
#   it), zones their `AvailabilityZone`.
# custom:
#   id: AWS002
#   name: aurora-cluster-single-az
#   severity: high
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_rds_cluster, "AWS::RDS::DBCluster"]
#   remediation: |
#     Add a second `aws_rds_cluster_instance` (a `count = 2` or more), in
#     another availability zone (leave `availability_zone` unset and Aurora
#     spreads them). CloudFormation: two or more `AWS::RDS::DBInstance`
#     with `DBClusterIdentifier: !Ref` the `AWS::RDS::DBCluster`, without
#     `AvailabilityZone` (or in different zones), and no single-zone
#     `AvailabilityZones` list on the cluster.
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

# CloudFormation: an Aurora AWS::RDS::DBCluster (Engine aurora,
# aurora-mysql, aurora-postgresql; `EngineMode` defaults to provisioned).
# Other engines make a Multi-AZ DB cluster (`DBClusterInstanceClass`),
# three instances in three zones by design.
cfn_checked if {
	data.aws_lib.type == "AWS::RDS::DBCluster"
	startswith(lower(data.aws_lib.string(data.aws_lib.prop(["Engine"]))), "aurora")
	not lower(object.get(input.Properties, "EngineMode", "provisioned")) == "serverless"
	not data.aws_lib.unknown(data.aws_lib.prop(["EngineMode"]))
}

# The cluster's members: instances whose DBClusterIdentifier references it
# (`!Ref`, `!GetAtt`, `!Sub`), or names its known DBClusterIdentifier
# (stored lowercase by RDS). Instances under a Condition that is unknown
# count: they may exist.
cfn_member_ids contains l.address if {
	some l in data.aws_lib.linked_from(["AWS::RDS::DBInstance"])
	l.path == ["Properties", "DBClusterIdentifier"]
}

cfn_member_ids contains r.address if {
	name := lower(data.aws_lib.string(data.aws_lib.prop(["DBClusterIdentifier"])))
	some r in data.aws_lib.of_type("AWS::RDS::DBInstance")
	v := data.aws_lib.other_value(r, ["Properties", "DBClusterIdentifier"])
	is_string(v)
	lower(v) == name
}

cfn_members := [data.aws_lib.resource(a) | some a in cfn_member_ids]

# Members may also come from a nested stack the cluster is passed to: their
# number cannot be known from this template.
cfn_nested_stack_may_add_members if {
	count(data.aws_lib.linked_from(["AWS::CloudFormation::Stack", "AWS::Serverless::Application"])) > 0
}

deny contains data.aws_lib.finding([], msg) if {
	cfn_checked
	not cfn_nested_stack_may_add_members
	count(cfn_members) < 2
	msg := sprintf("%s has %d instance(s) in this template (AWS::RDS::DBInstance with DBClusterIdentifier), so losing one availability zone leaves it without a writer for minutes; run two or more AWS::RDS::DBInstance in different zones", [data.aws_lib.name, count(cfn_members)])
}

cfn_zone(r) := z if {
	z := data.aws_lib.other_value(r, ["Properties", "AvailabilityZone"])
	is_string(z)
	z != ""
}

deny contains data.aws_lib.finding([], msg) if {
	cfn_checked
	not cfn_nested_stack_may_add_members
	count(cfn_members) >= 2
	every r in cfn_members {
		cfn_zone(r)
	}
	zones := {cfn_zone(r) | some r in cfn_members}
	count(zones) == 1
	some zone in zones
	msg := sprintf("%s has %d instances, all in %s (AvailabilityZone), so one zone outage takes them all; spread them across zones (leave AvailabilityZone unset)", [data.aws_lib.name, count(cfn_members), zone])
}

# `AvailabilityZones` of the cluster: "the Availability Zones where
# instances in the DB cluster can be created" (AWS::RDS::DBCluster
# reference). One zone, and no member known to be placed elsewhere.
deny contains data.aws_lib.finding(path, msg) if {
	cfn_checked
	path := data.aws_lib.prop(["AvailabilityZones"])
	not data.aws_lib.unknown(path)
	listed := data.aws_lib.items(path)
	every z in listed {
		is_string(z)
	}
	zones := {z | some z in listed}
	count(zones) == 1
	not cfn_member_elsewhere(zones)
	some zone in zones
	msg := sprintf("%s lists one availability zone (AvailabilityZones: %s), so its instances are created in that zone only; list two or more zones, or leave AvailabilityZones unset", [data.aws_lib.name, zone])
}

cfn_member_elsewhere(zones) if {
	some r in cfn_members
	not cfn_zone(r) in zones
	cfn_zone(r)
}
