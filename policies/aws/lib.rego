# Helpers of the AWS pack (package `aws_lib`, outside `aws.*` so that
# evaluating a rule never materialises the others). Rules call them by full
# path, `data.aws_lib.off(path)`, not through `import data.aws_lib`: regorus
# evaluates every rule of an imported package on each evaluation (about
# 60 us per resource on a 5,000-resource plan); a full path evaluates only
# the rule it names.
#
# Helpers of the AWS pack: reading a resource's attributes where some values
# are unknown until apply, links to other resources, and parameters.
#
# A CloudFormation resource's input is its entry in the template with
# `Properties` evaluated (parameters, mappings, conditions; unknown values
# null, and true in `_plumb.unknown`, shaped like the entry), so its paths
# start with "Properties" (`prop(["MultiAZ"])`). `_plumb` has type,
# address (the logical id), template, region (the stack's, when given),
# other_regions, unknown, links and linked_from (by `Ref`, `Fn::GetAtt`,
# `Fn::Sub`), and no `config`: nothing is computed by a provider, and a
# property referencing another resource is set (`by_reference`) though
# unknown. `data.plumb.cloudformation[template][logical_id]` and
# `data.plumb.cloudformation_types[template][type]` are the templates'.
#
# A Terraform resource's input is its planned values (`after`), with
# `input._plumb` holding what the loader worked out:
#   type, address, module_address, plan, region, region_from,
#   other_regions [{path, region, what}], actions,
#   unknown  (tree shaped like the values: true where known only after apply)
#   config   (the configuration's expressions: {constant_value} or
#             {references} per attribute; nested blocks as lists)
#   links    [{path, address, type, via}]: resources this one points at
#   linked_from [{path, address, type, via}]: resources pointing here
# and `data.plumb.terraform[plan][address]` holds every resource of the plan
# ({address, type, values, unknown, region}), `data.plumb.terraform_types
# [plan][type]` their addresses by type.
#
# Unknown is never false. A rule asks `off(path)` ("known to be off"):
# the value is false or unset, and not unknown; or it is unknown only because
# the provider computes a default the configuration does not set (AWS then
# applies its default, which for the settings checked here is "off").
package aws_lib

import rego.v1

plumb := object.get(input, "_plumb", {})

params := object.get(plumb, "params", {})

type := object.get(plumb, "type", "")

# The resource's name in messages: its Terraform address.
name := object.get(plumb, "identity", "resource")

terraform if plumb.target == "terraform"

cloudformation if plumb.target == "cloudformation"

# A CloudFormation resource's property path: `prop(["MultiAZ"])` is
# `["Properties", "MultiAZ"]`.
prop(path) := array.concat(["Properties"], path)

# The value at `path` (an array of keys and indexes), null if absent.
value(path) := object.get(input, path, null)

# Whether the value at `path`, or a value holding it, is unknown until apply.
unknown(path) if {
	some n in numbers.range(1, count(path))
	object.get(object.get(plumb, "unknown", {}), array.slice(path, 0, n), false) == true
}

# The plan has the configuration (plans without it leave unknowns unknown).
has_config if is_object(plumb.config)

# The configuration writes an expression for `path`.
configured(path) if object.get(plumb.config, path, null) != null

# The configuration sets `path` from references (`kms_key_id =
# aws_kms_key.db.arn`): a value is set, even if unknown until apply.
by_reference(path) if count(object.get(plumb.config, array.concat(path, ["references"]), [])) > 0

by_reference(path) if {
	cloudformation
	some l in object.get(plumb, "links", [])
	array.slice(l.path, 0, count(path)) == path
}

# The value is unknown because the provider computes it, and the
# configuration does not set it: AWS applies its default.
computed_default(path) if {
	unknown(path)
	has_config
	not configured(path)
}

# Known (or defaulted) to be false, null or absent.
off(path) if {
	not unknown(path)
	value(path) in {null, false, ""}
}

off(path) if computed_default(path)

# CloudFormation reads "false" (any case) as false: parameters are strings.
off(path) if {
	cloudformation
	not unknown(path)
	v := value(path)
	is_string(v)
	lower(v) == "false"
}

# Known to be on: true, or "true" in a CloudFormation template.
on(path) if {
	not unknown(path)
	value(path) == true
}

on(path) if {
	cloudformation
	not unknown(path)
	v := value(path)
	is_string(v)
	lower(v) == "true"
}

# Known to be unset: null or absent (or an empty string or list).
unset(path) if {
	not unknown(path)
	value(path) in {null, "", []}
}

unset(path) if computed_default(path)

# A known number at `path` (numbers written as strings count too).
number(path) := n if {
	not unknown(path)
	v := value(path)
	is_number(v)
	n := v
}

number(path) := n if {
	not unknown(path)
	v := value(path)
	is_string(v)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, v)
	n := to_number(v)
}

# A known string at `path`.
string(path) := s if {
	not unknown(path)
	s := value(path)
	is_string(s)
}

# Items of a list, [] for null or absent (blocks and lists alike).
items(path) := v if {
	v := value(path)
	is_array(v)
} else := []

# The links from the attribute at `path` (or below it) to resources of the
# given types: [{path, address, type, via}].
links(path, types) := [l |
	some l in object.get(plumb, "links", [])
	l.type in types
	array.slice(l.path, 0, count(path)) == path
]

# The links to this resource from resources of the given types.
linked_from(types) := [l |
	some l in object.get(plumb, "linked_from", [])
	l.type in types
]

# A resource of this plan by address ({address, type, values, unknown,
# region}), from `data.plumb.terraform`.
resource(address) := data.plumb.terraform[plumb.plan][address] if terraform

resource(address) := data.plumb.cloudformation[plumb.template][address] if cloudformation

# The resources of a type in this plan, with their data (a lookup, not a
# pass over the plan).
of_type(t) := [r |
	some a in object.get(object.get(data.plumb.terraform_types, plumb.plan, {}), t, [])
	r := resource(a)
] if terraform

of_type(t) := [r |
	some a in object.get(object.get(data.plumb.cloudformation_types, plumb.template, {}), t, [])
	r := resource(a)
] if cloudformation

# The resources linked from `path`, with their data.
linked(path, types) := [r |
	some l in links(path, types)
	r := resource(l.address)
]

# The resources linking here, with their data.
linking(types) := [r |
	some l in linked_from(types)
	r := resource(l.address)
]

# A value of another resource (from `resource()`): known, or null.
other_value(r, path) := v if {
	not other_unknown(r, path)
	v := object.get(r.values, path, null)
}

other_unknown(r, path) if {
	some n in numbers.range(1, count(path))
	object.get(r.unknown, array.slice(path, 0, n), false) == true
}

# A finding at `path` (the offending value, or the object that should hold
# a missing one).
finding(path, msg) := {"msg": msg, "path": path}

# Parameters, with the defaults of plumb.yaml.
min_tls_version := object.get(params, "min_tls_version", "1.2")

allowed_regions := object.get(params, "allowed_regions", [])

require_cmk if object.get(params, "require_customer_managed_keys", false) == true

min_replicas := object.get(params, "min_replicas", 2)

# A value as a list: itself if it is one, else [] (null, absent).
list(x) := x if is_array(x)

else := []
