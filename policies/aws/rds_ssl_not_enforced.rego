# METADATA
# title: RDS database accepts connections without TLS
# description: |
#   RDS offers TLS on every engine but, for most of them, does not require
#   it: a client that does not ask for TLS (a misconfigured driver, a
#   `sslmode=prefer` that silently falls back) sends credentials and data in
#   clear text. Requiring it takes a parameter in the DB parameter group:
#   `rds.force_ssl = 1` for PostgreSQL, Aurora PostgreSQL and SQL Server,
#   `require_secure_transport = ON` (or 1) for MySQL, MariaDB and Aurora
#   MySQL. RDS for PostgreSQL 15 and later sets `rds.force_ssl = 1` in its
#   default parameter group, so an instance of those versions without a
#   custom group is not reported. The parameter group is the
#   `aws_db_parameter_group` (or `aws_rds_cluster_parameter_group`) the
#   instance or cluster references, or names by value, in the plan; a group
#   the plan does not hold is not concluded on. The finding is on the
#   custom parameter group (the fix goes there) when there is one, else on
#   the instance or cluster.
# custom:
#   id: AWS013
#   name: rds-ssl-not-enforced
#   severity: high
#   categories: [tls]
#   targets: [terraform]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_db_parameter_group, aws_rds_cluster_parameter_group]
#   remediation: |
#     Use a custom parameter group that forces TLS:
#     `parameter { name = "rds.force_ssl" value = "1" }` (PostgreSQL, SQL
#     Server) or `parameter { name = "require_secure_transport" value =
#     "ON" }` (MySQL, MariaDB), referenced by `parameter_group_name`
#     (`db_cluster_parameter_group_name` for Aurora clusters).
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     SOC2: [CC6.7]
#     HIPAA: [164.312(e)(1)]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine         = "mysql"
#       engine_version = "8.0"
#       instance_class = "db.r6g.large"
#     }
package aws.rds_ssl_not_enforced

import rego.v1


# The TLS parameter of an engine or parameter-group family.
tls_parameter(engine) := "rds.force_ssl" if regex.match(`^(postgres|aurora-postgresql|sqlserver)`, lower(engine))

tls_parameter(engine) := "require_secure_transport" if regex.match(`^(mysql|mariadb|aurora-mysql|aurora)`, lower(engine))

forcing(name, value) if {
	name == "rds.force_ssl"
	value in {"1", 1, true}
}

forcing(name, value) if {
	name == "require_secure_transport"
	lower(sprintf("%v", [value])) in {"on", "1", "true"}
}

group_attr := "parameter_group_name" if data.aws_lib.type == "aws_db_instance"

group_attr := "db_cluster_parameter_group_name" if data.aws_lib.type == "aws_rds_cluster"

group_type := "aws_db_parameter_group" if data.aws_lib.type == "aws_db_instance"

group_type := "aws_rds_cluster_parameter_group" if data.aws_lib.type == "aws_rds_cluster"

# PostgreSQL 15+ forces TLS in its default parameter group.
default_forces if {
	lower(object.get(input, "engine", "")) == "postgres"
	v := data.aws_lib.string(["engine_version"])
	major := to_number(split(v, ".")[0])
	major >= 15
}

# An instance or cluster on a default parameter group.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type in {"aws_db_instance", "aws_rds_cluster"}
	data.aws_lib.unset(["replicate_source_db"])
	engine := data.aws_lib.string(["engine"])
	param := tls_parameter(engine)
	count(data.aws_lib.links([group_attr], [group_type])) == 0
	default_group
	not default_forces
	path := location
	msg := sprintf("%s uses a default parameter group, which does not set %s, so clients may connect without TLS; use a parameter group with %s", [data.aws_lib.name, param, setting(param)])
}

default_group if data.aws_lib.unset([group_attr])

default_group if startswith(data.aws_lib.string([group_attr]), "default.")

location := [group_attr] if data.aws_lib.value([group_attr]) != null

else := []

setting("rds.force_ssl") := "rds.force_ssl = 1"

setting("require_secure_transport") := "require_secure_transport = ON"

# A custom parameter group used by an instance or cluster.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type in {"aws_db_parameter_group", "aws_rds_cluster_parameter_group"}
	count(data.aws_lib.linked_from(["aws_db_instance", "aws_rds_cluster"])) > 0
	family := data.aws_lib.string(["family"])
	param := tls_parameter(family)
	not data.aws_lib.unknown(["parameter"])
	not forced(param)
	[path, what] := group_problem(param)
	msg := sprintf("%s %s, so the databases using it accept connections without TLS; set %s", [data.aws_lib.name, what, setting(param)])
}

forced(param) if {
	some p in data.aws_lib.items(["parameter"])
	p.name == param
	forcing(param, p.value)
}

group_problem(param) := [["parameter", i, "value"], sprintf("sets %s = %v", [param, p.value])] if {
	some i, p in data.aws_lib.items(["parameter"])
	p.name == param
} else := [[], sprintf("does not set %s", [param])]
