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
