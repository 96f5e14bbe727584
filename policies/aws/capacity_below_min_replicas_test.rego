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
