package aws.aurora_cluster_single_az_test

import rego.v1

import data.aws.aurora_cluster_single_az as rule

cluster(values, from) := object.union(values, {"_plumb": {"target": "terraform", "type": "aws_rds_cluster", "identity": "aws_rds_cluster.c", "config": {}, "unknown": {}, "plan": "p", "linked_from": [{"address": a, "type": "aws_rds_cluster_instance", "path": ["cluster_identifier"], "via": "reference"} | some a in from]}})

instances := {"p": {
	"i[0]": {"address": "i[0]", "type": "aws_rds_cluster_instance", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"i[1]": {"address": "i[1]", "type": "aws_rds_cluster_instance", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"j": {"address": "j", "type": "aws_rds_cluster_instance", "values": {}, "unknown": {"availability_zone": true}},
}}

test_one_instance_is_denied if {
	rule.deny == {{
		"msg": "aws_rds_cluster.c has 1 instance(s) in this plan, so losing one availability zone leaves it without a writer for minutes; run two or more aws_rds_cluster_instance in different zones",
		"path": [],
	}} with input as cluster({"engine": "aurora-postgresql"}, ["j"]) with data.plumb.terraform as instances
}

test_same_zone_is_denied_unknown_zone_is_not if {
	count(rule.deny) == 1 with input as cluster({"engine": "aurora-mysql"}, ["i[0]", "i[1]"]) with data.plumb.terraform as instances
	count(rule.deny) == 0 with input as cluster({"engine": "aurora-mysql"}, ["i[0]", "j"]) with data.plumb.terraform as instances
}

test_serverless_and_multi_az_db_clusters_are_not_checked if {
	count(rule.deny) == 0 with input as cluster({"engine": "aurora-mysql", "engine_mode": "serverless"}, []) with data.plumb.terraform as instances
	count(rule.deny) == 0 with input as cluster({"engine": "postgres", "db_cluster_instance_class": "db.r6gd.large"}, []) with data.plumb.terraform as instances
}

# CloudFormation: the resource entry with evaluated Properties, the
# instances linking to it, and the template's resources.
cfn(props, plumb) := {"Type": "AWS::RDS::DBCluster", "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": "AWS::RDS::DBCluster", "identity": "Cluster", "template": "t", "unknown": {}, "linked_from": []}, plumb)}

member(id) := {"address": id, "type": "AWS::RDS::DBInstance", "path": ["Properties", "DBClusterIdentifier"], "via": "reference"}

template := {"t": {
	"A1": {"address": "A1", "type": "AWS::RDS::DBInstance", "values": {"Properties": {"DBInstanceClass": "db.r6g.large", "AvailabilityZone": "eu-west-1a"}}, "unknown": {"Properties": {"DBClusterIdentifier": true}}},
	"A2": {"address": "A2", "type": "AWS::RDS::DBInstance", "values": {"Properties": {"DBInstanceClass": "db.r6g.large", "AvailabilityZone": "eu-west-1a"}}, "unknown": {"Properties": {"DBClusterIdentifier": true}}},
	"B": {"address": "B", "type": "AWS::RDS::DBInstance", "values": {"Properties": {"DBInstanceClass": "db.r6g.large", "AvailabilityZone": "eu-west-1b"}}, "unknown": {"Properties": {"DBClusterIdentifier": true}}},
	"Any": {"address": "Any", "type": "AWS::RDS::DBInstance", "values": {"Properties": {"DBInstanceClass": "db.r6g.large"}}, "unknown": {"Properties": {"DBClusterIdentifier": true}}},
	"Named": {"address": "Named", "type": "AWS::RDS::DBInstance", "values": {"Properties": {"DBInstanceClass": "db.r6g.large", "DBClusterIdentifier": "Orders"}}, "unknown": {}},
}}

types := {"t": {"AWS::RDS::DBInstance": ["A1", "A2", "B", "Any", "Named"]}}

test_cfn_one_instance_is_denied_at_the_cluster if {
	rule.deny == {{
		"msg": "Cluster has 1 instance(s) in this template (AWS::RDS::DBInstance with DBClusterIdentifier), so losing one availability zone leaves it without a writer for minutes; run two or more AWS::RDS::DBInstance in different zones",
		"path": [],
	}} with input as cfn({"Engine": "aurora-postgresql"}, {"linked_from": [member("Any")]})
		with data.plumb.cloudformation as template
		with data.plumb.cloudformation_types as types
}

test_cfn_no_instance_is_denied if {
	count(rule.deny) == 1 with input as cfn({"Engine": "aurora-mysql"}, {}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_two_instances_pass if {
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql"}, {"linked_from": [member("Any"), member("A1")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql"}, {"linked_from": [member("A1"), member("B")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_two_instances_in_one_zone_are_denied if {
	rule.deny == {{
		"msg": "Cluster has 2 instances, all in eu-west-1a (AvailabilityZone), so one zone outage takes them all; spread them across zones (leave AvailabilityZone unset)",
		"path": [],
	}} with input as cfn({"Engine": "aurora-mysql"}, {"linked_from": [member("A1"), member("A2")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_member_by_name if {
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql", "DBClusterIdentifier": "orders"}, {"linked_from": [member("Any")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	count(rule.deny) == 1 with input as cfn({"Engine": "aurora-mysql", "DBClusterIdentifier": "payments"}, {"linked_from": [member("Any")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_one_zone_listed_on_the_cluster if {
	rule.deny == {{
		"msg": "Cluster lists one availability zone (AvailabilityZones: eu-west-1a), so its instances are created in that zone only; list two or more zones, or leave AvailabilityZones unset",
		"path": ["Properties", "AvailabilityZones"],
	}} with input as cfn({"Engine": "aurora-mysql", "AvailabilityZones": ["eu-west-1a"]}, {"linked_from": [member("A1"), member("Any")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql", "AvailabilityZones": ["eu-west-1a"]}, {"linked_from": [member("A1"), member("B")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql", "AvailabilityZones": ["eu-west-1a", "eu-west-1b"]}, {"linked_from": [member("A1"), member("Any")]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_unknowns_are_silent if {
	# An engine from a parameter without a value.
	count(rule.deny) == 0 with input as cfn({"Engine": null}, {"unknown": {"Properties": {"Engine": true}}}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	# Instances that may come from a nested stack the cluster is passed to.
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql"}, {"linked_from": [{"address": "Readers", "type": "AWS::CloudFormation::Stack", "path": ["Properties", "Parameters", "ClusterId"], "via": "reference"}]}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}

test_cfn_serverless_v1_and_multi_az_db_clusters_are_not_checked if {
	count(rule.deny) == 0 with input as cfn({"Engine": "aurora-mysql", "EngineMode": "serverless"}, {}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
	count(rule.deny) == 0 with input as cfn({"Engine": "postgres", "DBClusterInstanceClass": "db.r6gd.large"}, {}) with data.plumb.cloudformation as template with data.plumb.cloudformation_types as types
}
