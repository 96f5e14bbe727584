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

# CloudFormation: the resource entry with evaluated Properties, links to
# the template's subnets.
cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": t, "identity": "Web", "template": "t", "unknown": {}, "links": []}, plumb)}

cfn_subnets := {"t": {
	"A": {"address": "A", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1a"}}, "unknown": {}},
	"A2": {"address": "A2", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1a"}}, "unknown": {}},
	"B": {"address": "B", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": "eu-west-1b"}}, "unknown": {}},
	"Any": {"address": "Any", "type": "AWS::EC2::Subnet", "values": {"Properties": {"AvailabilityZone": null}}, "unknown": {"Properties": {"AvailabilityZone": true}}},
}}

cfn_link(p, a) := {"path": p, "address": a, "type": "AWS::EC2::Subnet", "via": "reference"}

test_cfn_one_subnet_is_denied if {
	rule.deny == {{
		"msg": "Web is placed in a single subnet (Subnets), so one availability zone outage takes it down; use subnets in two or more zones",
		"path": ["Properties", "Subnets"],
	}} with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Subnets": ["subnet-1"]}, {})
	count(rule.deny) == 1 with input as cfn("AWS::EKS::Nodegroup", {"Subnets": [null]}, {"unknown": {"Properties": {"Subnets": [true]}}})
	count(rule.deny) == 1 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"VPCZoneIdentifier": ["subnet-1"]}, {})
}

test_cfn_two_subnets_in_one_zone_are_denied if {
	rule.deny == {{
		"msg": "Web is placed in 2 subnets, all in eu-west-1a (VPCZoneIdentifier), so one availability zone outage takes it down; use subnets in two or more zones",
		"path": ["Properties", "VPCZoneIdentifier"],
	}} with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "2", "VPCZoneIdentifier": [null, null]}, {"unknown": {"Properties": {"VPCZoneIdentifier": [true, true]}}, "links": [cfn_link(["Properties", "VPCZoneIdentifier", 0], "A"), cfn_link(["Properties", "VPCZoneIdentifier", 1], "A2")]})
		with data.plumb.cloudformation as cfn_subnets
}

test_cfn_subnet_mappings if {
	rule.deny == {{
		"msg": "Web is placed in 2 subnets, all in eu-west-1a (SubnetMappings), so one availability zone outage takes it down; use subnets in two or more zones",
		"path": ["Properties", "SubnetMappings"],
	}} with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Type": "network", "SubnetMappings": [{"SubnetId": null}, {"SubnetId": null}]}, {"links": [cfn_link(["Properties", "SubnetMappings", 0, "SubnetId"], "A"), cfn_link(["Properties", "SubnetMappings", 1, "SubnetId"], "A2")]})
		with data.plumb.cloudformation as cfn_subnets
	count(rule.deny) == 1 with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Type": "network", "SubnetMappings": [{"SubnetId": "subnet-1"}]}, {})
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Type": "network", "SubnetMappings": [{"SubnetId": null}, {"SubnetId": null}]}, {"links": [cfn_link(["Properties", "SubnetMappings", 0, "SubnetId"], "A"), cfn_link(["Properties", "SubnetMappings", 1, "SubnetId"], "B")]})
		with data.plumb.cloudformation as cfn_subnets
}

test_cfn_unknowns_are_silent if {
	# A zone chosen at deployment.
	count(rule.deny) == 0 with input as cfn("AWS::EKS::Nodegroup", {"Subnets": [null, null]}, {"links": [cfn_link(["Properties", "Subnets", 0], "A"), cfn_link(["Properties", "Subnets", 1], "Any")]})
		with data.plumb.cloudformation as cfn_subnets
	# A list parameter without a value.
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Subnets": null}, {"unknown": {"Properties": {"Subnets": true}}})
	count(rule.deny) == 0 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"AvailabilityZones": null}, {"unknown": {"Properties": {"AvailabilityZones": true}}})
	# Two zones, one literal, one chosen at deployment.
	count(rule.deny) == 0 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"AvailabilityZones": ["eu-west-1a", null]}, {"unknown": {"Properties": {"AvailabilityZones": [false, true]}}})
}

test_cfn_availability_zones if {
	rule.deny == {{
		"msg": "Web runs in a single availability zone (AvailabilityZones); list two or more zones",
		"path": ["Properties", "AvailabilityZones"],
	}} with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"AvailabilityZones": [null]}, {"unknown": {"Properties": {"AvailabilityZones": [true]}}})
	count(rule.deny) == 1 with input as cfn("AWS::ElasticLoadBalancing::LoadBalancer", {"AvailabilityZones": ["eu-west-1a", "eu-west-1a"]}, {})
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancing::LoadBalancer", {"AvailabilityZones": ["eu-west-1a", "eu-west-1b"]}, {})
}

test_cfn_two_zones_pass if {
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Subnets": [null, null]}, {"links": [cfn_link(["Properties", "Subnets", 0], "A"), cfn_link(["Properties", "Subnets", 1], "B")]})
		with data.plumb.cloudformation as cfn_subnets
	count(rule.deny) == 0 with input as cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Subnets": ["subnet-1", "subnet-2"]}, {})
}
