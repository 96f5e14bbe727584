package aws.single_zone_placement_test

import rego.v1

import data.aws.single_zone_placement as rule

res(t, values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "plan": "p", "links": []}, plumb)})

subnets := {"p": {
	"aws_subnet.a": {"address": "aws_subnet.a", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"aws_subnet.a2": {"address": "aws_subnet.a2", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1a"}, "unknown": {}},
	"aws_subnet.b": {"address": "aws_subnet.b", "type": "aws_subnet", "values": {"availability_zone": "eu-west-1b"}, "unknown": {}},
	"aws_subnet.u": {"address": "aws_subnet.u", "type": "aws_subnet", "values": {}, "unknown": {"availability_zone": true}},
}}

link(a) := {"path": ["subnets"], "address": a, "type": "aws_subnet", "via": "reference"}

test_one_subnet_is_denied if {
	rule.deny == {{
		"msg": "aws_lb.x is placed in a single subnet (subnets), so one availability zone outage takes it down; use subnets in two or more zones",
		"path": ["subnets"],
	}} with input as res("aws_lb", {"subnets": ["subnet-1"]}, {})
}

test_two_subnets_in_one_zone_are_denied if {
	rule.deny == {{
		"msg": "aws_lb.x is placed in 2 subnets, all in eu-west-1a (subnets), so one availability zone outage takes it down; use subnets in two or more zones",
		"path": ["subnets"],
	}} with input as res("aws_lb", {"subnets": [null, null]}, {"unknown": {"subnets": [true, true]}, "links": [link("aws_subnet.a"), link("aws_subnet.a2")]})
		with data.plumb.terraform as subnets
}

test_two_zones_or_unknown_zone_pass if {
	count(rule.deny) == 0 with input as res("aws_lb", {"subnets": [null, null]}, {"unknown": {"subnets": [true, true]}, "links": [link("aws_subnet.a"), link("aws_subnet.b")]})
		with data.plumb.terraform as subnets
	count(rule.deny) == 0 with input as res("aws_lb", {"subnets": [null, null]}, {"unknown": {"subnets": [true, true]}, "links": [link("aws_subnet.a"), link("aws_subnet.u")]})
		with data.plumb.terraform as subnets
}

test_fully_unknown_list_is_not_reported if {
	count(rule.deny) == 0 with input as res("aws_autoscaling_group", {}, {"unknown": {"vpc_zone_identifier": true}})
}

test_classic_elb_zone_list if {
	count(rule.deny) == 1 with input as res("aws_elb", {"availability_zones": ["eu-west-1a"]}, {})
}
