# Zones of the subnets a resource is placed in, for the multi-az rules.
package aws_lib

import rego.v1

# Subnet resource types: Terraform's and CloudFormation's.
subnet_types := ["aws_subnet", "AWS::EC2::Subnet"]

# The availability zone of a subnet resource (from data.plumb.terraform or
# data.plumb.cloudformation), when known. A CloudFormation subnet's
# `AvailabilityZone: !Select [0, !GetAZs ""]` is unknown to the loader (the
# region's zones are not known before deployment), so such subnets have no
# known zone: rules stay silent on them.
subnet_zone(r) := z if {
	r.type == "AWS::EC2::Subnet"
	z := other_value(r, ["Properties", "AvailabilityZone"])
	is_string(z)
	z != ""
} else := z if {
	# `!Select [n, !GetAZs ""]`: the name is unknown, the zone is the n-th.
	r.type == "AWS::EC2::Subnet"
	i := object.get(r, ["az_index", "AvailabilityZone"], null)
	is_number(i)
	z := sprintf("!Select [%d, !GetAZs]", [i])
} else := z if {
	r.type == "AWS::EC2::Subnet"
	z := other_value(r, ["Properties", "AvailabilityZoneId"])
	is_string(z)
	z != ""
} else := z if {
	z := other_value(r, ["availability_zone"])
	is_string(z)
	z != ""
} else := z if {
	z := other_value(r, ["availability_zone_id"])
	is_string(z)
	z != ""
}

# The subnet resources of the plan named by the list at `path`.
subnets_at(path) := {r.address: r |
	some l in links(path, subnet_types)
	r := resource(l.address)
}

# How many subnets the list at `path` names: its length when known, else
# the number of subnets it references.
subnet_count(path) := count(items(path)) if {
	not unknown(path)
	count(items(path)) > 0
} else := count(subnets_at(path))

# The zones of the list at `path`, when every subnet's zone is known:
# at least as many subnets resolved as the list has entries, each with a
# known zone.
known_zones(path) := zones if {
	subnets := subnets_at(path)
	count(subnets) >= subnet_count(path)
	count(subnets) > 0
	every _, r in subnets {
		subnet_zone(r)
	}
	zones := {subnet_zone(r) | some r in subnets}
}
