package aws.replica_outside_allowed_regions_test

import rego.v1

import data.aws.replica_outside_allowed_regions as rule

res(others, allowed) := {"_plumb": {
	"target": "terraform", "type": "aws_dynamodb_table", "identity": "aws_dynamodb_table.t",
	"params": {"allowed_regions": allowed}, "region": "eu-west-1", "other_regions": others,
}}

test_replica_outside_is_denied_at_its_path if {
	rule.deny == {{
		"msg": "aws_dynamodb_table.t has a replica in us-east-1, outside the allowed regions eu-west-1, eu-central-1; keep copies in an allowed region",
		"path": ["replica", 1, "region_name"],
	}} with input as res(
		[
			{"path": ["replica", 0, "region_name"], "region": "eu-central-1", "what": "replica"},
			{"path": ["replica", 1, "region_name"], "region": "us-east-1", "what": "replica"},
		],
		["eu-west-1", "eu-central-1"],
	)
}

test_unknown_region_and_no_allowed_list_are_silent if {
	count(rule.deny) == 0 with input as res([{"path": ["rule", 0, "destination", 0, "bucket"], "region": null, "what": "replication-destination"}], ["eu-west-1"])
	count(rule.deny) == 0 with input as res([{"path": ["replica", 0, "region_name"], "region": "us-east-1", "what": "replica"}], [])
}

cfn(others) := {"Type": "AWS::SQS::Queue", "Properties": {}, "_plumb": {
	"target": "cloudformation", "type": "AWS::SQS::Queue", "identity": "Queue",
	"params": {"allowed_regions": ["eu-west-1"]}, "region": "eu-west-1", "other_regions": others,
}}

test_cfn_cross_region_reference_is_denied_at_the_arn if {
	rule.deny == {{
		"msg": "Queue references a resource in us-east-1 (an ARN at KmsMasterKeyId), outside the allowed regions eu-west-1; use one in an allowed region",
		"path": ["Properties", "KmsMasterKeyId"],
	}} with input as cfn([{"path": ["Properties", "KmsMasterKeyId"], "region": "us-east-1", "what": "cross-region-reference"}])
}

test_cfn_reference_in_an_allowed_region_passes if {
	count(rule.deny) == 0 with input as cfn([{"path": ["Properties", "KmsMasterKeyId"], "region": "eu-west-1", "what": "cross-region-reference"}])
}

test_cfn_unknown_replica_region_is_silent if {
	count(rule.deny) == 0 with input as cfn([{"path": ["Properties", "Replicas", 1, "Region"], "region": null, "what": "replica"}])
}

test_cfn_replica_in_the_stack_region_is_the_table_itself if {
	count(rule.deny) == 0 with input as object.union(cfn([{"path": ["Properties", "Replicas", 0, "Region"], "region": "us-east-1", "what": "replica"}]), {"_plumb": {"region": "us-east-1"}})
}

tf_res(t, values, region) := object.union(values, {"_plumb": {
	"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]),
	"params": {"allowed_regions": ["eu-west-1"]}, "region": region, "other_regions": [], "unknown": {},
}})

test_tf_copies_from_another_region if {
	rule.deny == {{
		"msg": "aws_ebs_snapshot_copy.x has a copy source in us-east-1, outside the allowed regions eu-west-1; keep copies in an allowed region",
		"path": ["source_region"],
	}} with input as tf_res("aws_ebs_snapshot_copy", {"source_region": "us-east-1"}, "eu-west-1")
}

test_tf_copy_in_the_own_region_is_local if {
	count(rule.deny) == 0 with input as tf_res("aws_ami_copy", {"source_ami_region": "us-east-1"}, "us-east-1")
}
