package aws.capacity_below_min_replicas_test

import rego.v1

import data.aws.capacity_below_min_replicas as rule

res(t, values, params) := object.union(values, {"_plumb": {"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]), "config": {}, "unknown": {}, "params": params}})

test_min_one_is_denied if {
	rule.deny == {{
		"msg": "aws_autoscaling_group.x may run 1 instance(s) (min_size), fewer than min_replicas 2, so one zone outage can take all its capacity; set min_size to 2 or more",
		"path": ["min_size"],
	}} with input as res("aws_autoscaling_group", {"min_size": 1}, {"min_replicas": 2})
}

test_node_group_and_params if {
	count(rule.deny) == 1 with input as res("aws_eks_node_group", {"scaling_config": [{"min_size": 2}]}, {"min_replicas": 3})
	count(rule.deny) == 0 with input as res("aws_eks_node_group", {"scaling_config": [{"min_size": 3}]}, {"min_replicas": 3})
}

# CloudFormation: the resource entry with evaluated Properties.
cfn(t, props, plumb) := {"Type": t, "Properties": props, "_plumb": object.union({"target": "cloudformation", "type": t, "identity": "Group", "unknown": {}, "params": {"min_replicas": 2}}, plumb)}

test_cfn_min_size_string_one_is_denied_at_the_value if {
	rule.deny == {{
		"msg": "Group may run 1 instance(s) (MinSize), fewer than min_replicas 2, so one zone outage can take all its capacity; set MinSize to 2 or more",
		"path": ["Properties", "MinSize"],
	}} with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "1", "MaxSize": "4"}, {})
}

test_cfn_min_size_enough_is_allowed if {
	count(rule.deny) == 0 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "2", "MaxSize": "4"}, {})
	count(rule.deny) == 0 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"MinSize": 3}, {})
}

# A parameter without a value: unknown, never below.
test_cfn_unknown_min_size_is_silent if {
	count(rule.deny) == 0 with input as cfn("AWS::AutoScaling::AutoScalingGroup", {"MinSize": null}, {"unknown": {"Properties": {"MinSize": true}}})
}

test_cfn_node_group_scaling_config if {
	rule.deny == {{
		"msg": "Group may run 1 instance(s) (ScalingConfig.MinSize), fewer than min_replicas 3, so one zone outage can take all its capacity; set ScalingConfig.MinSize to 3 or more",
		"path": ["Properties", "ScalingConfig", "MinSize"],
	}} with input as cfn("AWS::EKS::Nodegroup", {"ScalingConfig": {"MinSize": 1, "MaxSize": 3, "DesiredSize": 2}}, {"params": {"min_replicas": 3}})
	count(rule.deny) == 0 with input as cfn("AWS::EKS::Nodegroup", {"ScalingConfig": {"MinSize": 2}}, {})
	count(rule.deny) == 0 with input as cfn("AWS::EKS::Nodegroup", {}, {})
}

test_cfn_other_types_are_ignored if {
	count(rule.deny) == 0 with input as cfn("AWS::EC2::Instance", {"MinSize": "1"}, {})
}
