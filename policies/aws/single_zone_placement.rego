# METADATA
# title: Load balancer, auto-scaling group or EKS node group confined to one zone
# description: |
#   A load balancer, an auto-scaling group or an EKS managed node group
#   placed in subnets of a single availability zone goes down with that
#   zone, however many instances it runs. Application and Network Load
#   Balancers need subnets in two zones at least (AWS requires two for an
#   ALB), and instances behind them should be spread the same way. The
#   zones come from the subnets the resource names (`subnets`,
#   `subnet_mapping`, `vpc_zone_identifier`, `subnet_ids`) and the
#   `availability_zone` of those `aws_subnet` resources in the plan; when a
#   subnet's zone is not known, only a single subnet is reported. In
#   CloudFormation the zones are those of the template's `AWS::EC2::Subnet`
#   resources (`AvailabilityZone`, `AvailabilityZoneId`); a zone chosen at
#   deployment (`!Select [0, !GetAZs ""]`) is not known.
# custom:
#   id: AWS005
#   name: single-zone-placement
#   severity: high
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_lb, aws_alb, aws_elb, aws_autoscaling_group, aws_eks_node_group, "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer", "AWS::AutoScaling::AutoScalingGroup", "AWS::EKS::Nodegroup"]
#   remediation: |
#     Place the resource in subnets of two or more availability zones (three
#     where the region has them): one subnet per zone in `subnets`,
#     `vpc_zone_identifier` or `subnet_ids`. CloudFormation: `Subnets` or
#     `SubnetMappings` of the load balancer, `VPCZoneIdentifier` (or
#     `AvailabilityZones`) of the `AWS::AutoScaling::AutoScalingGroup`,
#     `Subnets` of the `AWS::EKS::Nodegroup`.
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.14]
#   example: |
#     resource "aws_lb" "web" {
#       name    = "web"
#       subnets = [aws_subnet.public_a.id]
#     }
package aws.single_zone_placement

import rego.v1


subnet_attr := {
	"aws_lb": "subnets",
	"aws_alb": "subnets",
	"aws_elb": "subnets",
	"aws_autoscaling_group": "vpc_zone_identifier",
	"aws_eks_node_group": "subnet_ids",
}

# subnet_mapping blocks instead of subnets (load balancers).
placement := ["subnet_mapping", count(data.aws_lib.items(["subnet_mapping"]))] if {
	data.aws_lib.type in {"aws_lb", "aws_alb"}
	count(data.aws_lib.items(["subnet_mapping"])) > 0
} else := [attr, data.aws_lib.subnet_count([attr])] if {
	attr := subnet_attr[data.aws_lib.type]
	not data.aws_lib.unknown([attr])
	data.aws_lib.subnet_count([attr]) > 0
}

# Classic load balancers and ASGs may name zones instead of subnets.
zone_list := ["availability_zones", count(data.aws_lib.items(["availability_zones"]))] if {
	data.aws_lib.type in {"aws_elb", "aws_autoscaling_group"}
	count(data.aws_lib.items(["availability_zones"])) > 0
}

deny contains data.aws_lib.finding([attr], msg) if {
	[attr, n] := placement
	n == 1
	msg := sprintf("%s is placed in a single subnet (%s), so one availability zone outage takes it down; use subnets in two or more zones", [data.aws_lib.name, attr])
}

deny contains data.aws_lib.finding([attr], msg) if {
	[attr, n] := placement
	n > 1
	attr != "subnet_mapping"
	zones := data.aws_lib.known_zones([attr])
	count(zones) == 1
	some zone in zones
	msg := sprintf("%s is placed in %d subnets, all in %s (%s), so one availability zone outage takes it down; use subnets in two or more zones", [data.aws_lib.name, n, zone, attr])
}

deny contains data.aws_lib.finding(["availability_zones"], msg) if {
	[_, n] := zone_list
	n == 1
	msg := sprintf("%s runs in a single availability zone (availability_zones); list two or more zones", [data.aws_lib.name])
}

# CloudFormation: the property holding the subnets, by type.
cfn_subnet_prop := {
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "Subnets",
	"AWS::ElasticLoadBalancing::LoadBalancer": "Subnets",
	"AWS::AutoScaling::AutoScalingGroup": "VPCZoneIdentifier",
	"AWS::EKS::Nodegroup": "Subnets",
}

# `SubnetMappings` instead of `Subnets` (Application, Network and Gateway
# Load Balancers).
cfn_placement := [p, count(data.aws_lib.items(path))] if {
	data.aws_lib.type == "AWS::ElasticLoadBalancingV2::LoadBalancer"
	p := "SubnetMappings"
	path := data.aws_lib.prop([p])
	not data.aws_lib.unknown(path)
	count(data.aws_lib.items(path)) > 0
} else := [p, data.aws_lib.subnet_count(path)] if {
	p := cfn_subnet_prop[data.aws_lib.type]
	path := data.aws_lib.prop([p])
	not data.aws_lib.unknown(path)
	data.aws_lib.subnet_count(path) > 0
}

deny contains data.aws_lib.finding(data.aws_lib.prop([p]), msg) if {
	[p, n] := cfn_placement
	n == 1
	msg := sprintf("%s is placed in a single subnet (%s), so one availability zone outage takes it down; use subnets in two or more zones", [data.aws_lib.name, p])
}

deny contains data.aws_lib.finding(data.aws_lib.prop([p]), msg) if {
	[p, n] := cfn_placement
	n > 1
	zones := data.aws_lib.known_zones(data.aws_lib.prop([p]))
	count(zones) == 1
	some zone in zones
	msg := sprintf("%s is placed in %d subnets, all in %s (%s), so one availability zone outage takes it down; use subnets in two or more zones", [data.aws_lib.name, n, zone, p])
}

# Classic load balancers and auto-scaling groups may name zones instead of
# subnets: one entry (even one chosen at deployment, `!Select [0, !GetAZs
# ""]`), or the same known zone repeated.
cfn_single_zone_list if {
	count(data.aws_lib.items(data.aws_lib.prop(["AvailabilityZones"]))) == 1
}

cfn_single_zone_list if {
	zones := data.aws_lib.items(data.aws_lib.prop(["AvailabilityZones"]))
	count(zones) > 1
	every z in zones {
		is_string(z)
	}
	count({z | some z in zones}) == 1
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type in {"AWS::ElasticLoadBalancing::LoadBalancer", "AWS::AutoScaling::AutoScalingGroup"}
	path := data.aws_lib.prop(["AvailabilityZones"])
	not data.aws_lib.unknown(path)
	cfn_single_zone_list
	msg := sprintf("%s runs in a single availability zone (AvailabilityZones); list two or more zones", [data.aws_lib.name])
}
