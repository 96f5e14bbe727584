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
