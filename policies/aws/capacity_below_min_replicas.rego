# METADATA
# title: Auto-scaling group or EKS node group can shrink to fewer instances than min_replicas
# description: |
#   Spreading subnets over zones does not help a group that is allowed to
#   run one instance: with `min_size = 1` the group may be running exactly
#   that one when its zone fails, and the capacity is gone until a new
#   instance boots elsewhere. The floor should be at least `min_replicas`
#   (plumb.yaml, default 2), so that one instance survives the loss of a
#   zone.
# custom:
#   id: AWS006
#   name: capacity-below-min-replicas
#   severity: medium
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_autoscaling_group, aws_eks_node_group, "AWS::AutoScaling::AutoScalingGroup", "AWS::EKS::Nodegroup"]
#   remediation: |
#     Raise `min_size` (`scaling_config { min_size }` for EKS node groups)
#     to `min_replicas` or more, across subnets in several zones.
#     CloudFormation: `MinSize` of the `AWS::AutoScaling::AutoScalingGroup`,
#     `ScalingConfig.MinSize` of the `AWS::EKS::Nodegroup`.
#   frameworks:
#     SOC2: [A1.2]
#   example: |
#     resource "aws_autoscaling_group" "web" {
#       min_size            = 1
#       max_size            = 4
#       vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
#     }
package aws.capacity_below_min_replicas

import rego.v1


min_path := ["min_size"] if data.aws_lib.type == "aws_autoscaling_group"

min_path := ["scaling_config", 0, "min_size"] if data.aws_lib.type == "aws_eks_node_group"

deny contains data.aws_lib.finding(path, msg) if {
	path := min_path
	n := data.aws_lib.number(path)
	n < data.aws_lib.min_replicas
	msg := sprintf("%s may run %d instance(s) (min_size), fewer than min_replicas %d, so one zone outage can take all its capacity; set min_size to %d or more", [data.aws_lib.name, n, data.aws_lib.min_replicas, data.aws_lib.min_replicas])
}

# CloudFormation: `MinSize` is required on an AWS::AutoScaling::AutoScalingGroup
# (a String, "1"); `ScalingConfig` of an AWS::EKS::Nodegroup is optional and
# the EKS API documents no default for an omitted one, so only a known
# `ScalingConfig.MinSize` is checked.
cfn_min_path := data.aws_lib.prop(["MinSize"]) if data.aws_lib.type == "AWS::AutoScaling::AutoScalingGroup"

cfn_min_path := data.aws_lib.prop(["ScalingConfig", "MinSize"]) if data.aws_lib.type == "AWS::EKS::Nodegroup"

deny contains data.aws_lib.finding(path, msg) if {
	path := cfn_min_path
	n := data.aws_lib.number(path)
	n < data.aws_lib.min_replicas
	msg := sprintf("%s may run %d instance(s) (%s), fewer than min_replicas %d, so one zone outage can take all its capacity; set %s to %d or more", [data.aws_lib.name, n, concat(".", array.slice(path, 1, count(path))), data.aws_lib.min_replicas, concat(".", array.slice(path, 1, count(path))), data.aws_lib.min_replicas])
}
