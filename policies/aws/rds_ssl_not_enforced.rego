# METADATA
# title: RDS database accepts connections without TLS
# description: |
#   RDS and Aurora accept TLS connections, but unless the parameter group
#   forces TLS they also accept plaintext ones: a client that does not ask
#   for TLS (or is downgraded) sends credentials and query results in clear
#   text. The setting is `rds.force_ssl = 1` for PostgreSQL, Aurora
#   PostgreSQL and SQL Server, and `require_secure_transport = ON` for MySQL,
#   MariaDB and Aurora MySQL (a cluster parameter for Aurora and Multi-AZ DB
#   clusters). Defaults relied on: `rds.force_ssl` is 1 in the default
#   parameter groups of RDS for PostgreSQL 15 and later and 0 before
#   (Amazon RDS User Guide, "Using SSL with a PostgreSQL DB instance"); it
#   is 0 for Aurora PostgreSQL and SQL Server, and `require_secure_transport`
#   is OFF for MySQL, MariaDB and Aurora MySQL. A PostgreSQL instance without
#   `engine_version` gets AWS's current default version (15 or later).
#   Where the fix belongs: an `aws_db_instance` or `aws_rds_cluster` on a
#   default parameter group (none named, or a `default.*` name) is reported
#   at `parameter_group_name` / `db_cluster_parameter_group_name`; a custom
#   `aws_db_parameter_group` or `aws_rds_cluster_parameter_group` that an
#   instance or cluster of the plan uses (by reference or by name) is
#   reported on the group, at the parameter that turns TLS off or at the
#   group when the parameter is missing. Groups named but not in the plan,
#   engines without these parameters (Oracle, Db2) and values known only
#   after apply are not judged. The TLS version is the engine's business (no
#   parameter group setting is checked against `min_tls_version`).
# custom:
#   id: AWS015
#   name: rds-ssl-not-enforced
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_db_parameter_group, aws_rds_cluster_parameter_group, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup"]
#   remediation: |
#     Use a custom parameter group that forces TLS:
#
#     ```hcl
#     resource "aws_db_parameter_group" "pg14" {
#       name   = "orders-pg14"
#       family = "postgres14"
#       parameter {
#         name  = "rds.force_ssl"
#         value = "1"
#       }
#     }
#     ```
#
#     For MySQL and MariaDB set `require_secure_transport = "1"` (on an
#     `aws_rds_cluster_parameter_group` for Aurora MySQL), and point the
#     instance's `parameter_group_name` (or the cluster's
#     `db_cluster_parameter_group_name`) at the group.
#
#     CloudFormation: an `AWS::RDS::DBParameterGroup` (or
#     `DBClusterParameterGroup`) with `Parameters: {rds.force_ssl: "1"}`
#     (PostgreSQL, SQL Server) or `{require_secure_transport: "1"}`
#     (MySQL, MariaDB), named in `DBParameterGroupName`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine         = "mysql"
#       engine_version = "8.0"
#       instance_class = "db.r6g.large"
#     }
package aws.rds_ssl_not_enforced

import rego.v1


# The TLS parameter of an engine, and whether its default forces TLS.
force_ssl := "rds.force_ssl"

secure_transport := "require_secure_transport"

engine_param(e) := force_ssl if e in {"postgres", "aurora-postgresql"}

engine_param(e) := force_ssl if startswith(e, "sqlserver")

engine_param(e) := secure_transport if e in {"mysql", "mariadb", "aurora-mysql", "aurora"}

major(v) := to_number(regex.find_n(`^[0-9]+`, v, 1)[0])

# The default parameter group forces TLS: RDS for PostgreSQL 15 and later.
default_forces(e, version) if {
	e == "postgres"
	major(version) >= 15
}

# Engine and major version of a parameter group family: postgres15,
# aurora-postgresql15, mysql8.0, aurora-mysql8.0, aurora5.6, mariadb10.6,
# sqlserver-se-15.0.
family_engine(f) := "postgres" if startswith(f, "postgres")

family_engine(f) := "aurora-postgresql" if startswith(f, "aurora-postgresql")

family_engine(f) := "aurora-mysql" if startswith(f, "aurora-mysql")

family_engine(f) := "aurora" if regex.match(`^aurora[0-9]`, f)

family_engine(f) := "mysql" if startswith(f, "mysql")

family_engine(f) := "mariadb" if startswith(f, "mariadb")

family_engine(f) := "sqlserver" if startswith(f, "sqlserver")

family_version(f) := v if {
	m := regex.find_n(`[0-9]+(\.[0-9]+)?$`, f, 1)
	v := m[0]
}

forces(param, value) if {
	param == force_ssl
	sprintf("%v", [value]) == "1"
}

forces(param, value) if {
	param == secure_transport
	lower(sprintf("%v", [value])) in {"1", "on", "true"}
}

# --- Instances and clusters on a default parameter group ---

group_attr := "parameter_group_name" if data.aws_lib.type == "aws_db_instance"

group_attr := "db_cluster_parameter_group_name" if data.aws_lib.type == "aws_rds_cluster"

default_group if data.aws_lib.unset([group_attr])

default_group if startswith(data.aws_lib.string([group_attr]), "default.")

# The engine version: as set, or AWS's default (a current one) when unset.
version := v if {
	v := data.aws_lib.string(["engine_version"])
	v != ""
}

version := "current" if data.aws_lib.unset(["engine_version"])

default_forced(e) if {
	e == "postgres"
	version == "current"
}

default_forced(e) if default_forces(e, version)

deny contains data.aws_lib.finding([group_attr], msg) if {
	default_group
	e := lower(data.aws_lib.string(["engine"]))
	param := engine_param(e)
	version
	not default_forced(e)
	which := describe_group
	msg := sprintf("%s uses %s, where %s is off for %s %s: clients can connect without TLS; attach a custom parameter group that sets %s = 1", [data.aws_lib.name, which, param, e, version, param])
}

describe_group := "the default parameter group" if data.aws_lib.unset([group_attr])

describe_group := sprintf("the default parameter group %s", [data.aws_lib.string([group_attr])]) if {
	startswith(data.aws_lib.string([group_attr]), "default.")
}

# --- Custom parameter groups used by an instance or cluster ---

users := [l.address |
	data.aws_lib.type == "aws_db_parameter_group"
	some l in data.aws_lib.linked_from({"aws_db_instance"})
	l.path[0] == "parameter_group_name"
] if data.aws_lib.type == "aws_db_parameter_group"

users := [l.address |
	some l in data.aws_lib.linked_from({"aws_rds_cluster"})
	l.path[0] == "db_cluster_parameter_group_name"
] if data.aws_lib.type == "aws_rds_cluster_parameter_group"

used if count(users) > 0

family := data.aws_lib.string(["family"])

group_engine := family_engine(family)

group_param := engine_param(group_engine)


users_text := concat(", ", sort(users))

deny contains data.aws_lib.finding(["parameter", i, "value"], msg) if {
	used
	some i, p in data.aws_lib.items(["parameter"])
	p.name == group_param
	not data.aws_lib.unknown(["parameter", i, "value"])
	not forces(group_param, p.value)
	msg := sprintf("%s sets %s = %v, so databases using it (%s) accept connections without TLS; set %s = 1", [data.aws_lib.name, group_param, p.value, users_text, group_param])
}

sets_param if {
	some p in data.aws_lib.items(["parameter"])
	p.name == group_param
}

deny contains data.aws_lib.finding(["parameter"], msg) if {
	used
	not data.aws_lib.unknown(["parameter"])
	group_param
	not sets_param
	not default_forces(group_engine, family_version(family))
	msg := sprintf("%s (family %s) does not set %s, which is off by default, so databases using it (%s) accept connections without TLS; add parameter { name = \"%s\", value = \"1\" }", [data.aws_lib.name, family, group_param, users_text, group_param])
}

# --- CloudFormation ---
# An instance (not a cluster member: the cluster's group applies) or a
# cluster on a default group; a parameter group of the template used by an
# instance or cluster (`DBParameterGroupName: !Ref Group`), whose
# `Parameters` map does not force TLS.

cfn_group_attr := "DBParameterGroupName" if {
	data.aws_lib.type == "AWS::RDS::DBInstance"
	data.aws_lib.unset(["Properties", "DBClusterIdentifier"])
	data.aws_lib.unset(["Properties", "SourceDBInstanceIdentifier"])
}

cfn_group_attr := "DBClusterParameterGroupName" if data.aws_lib.type == "AWS::RDS::DBCluster"

cfn_default_group if data.aws_lib.unset(["Properties", cfn_group_attr])

cfn_default_group if startswith(data.aws_lib.string(["Properties", cfn_group_attr]), "default.")

cfn_version := v if {
	v := data.aws_lib.string(["Properties", "EngineVersion"])
	v != ""
}

cfn_version := "current" if data.aws_lib.unset(["Properties", "EngineVersion"])

cfn_default_forced(e) if {
	e == "postgres"
	cfn_version == "current"
}

cfn_default_forced(e) if default_forces(e, cfn_version)

deny contains data.aws_lib.finding(["Properties", cfn_group_attr], msg) if {
	cfn_default_group
	e := lower(data.aws_lib.string(["Properties", "Engine"]))
	param := engine_param(e)
	cfn_version
	not cfn_default_forced(e)
	which := cfn_describe_group
	msg := sprintf("%s uses %s, where %s is off for %s %s: clients can connect without TLS; attach a parameter group that sets %s: \"1\" (%s)", [data.aws_lib.name, which, param, e, cfn_version, param, cfn_group_attr])
}

cfn_describe_group := "the default parameter group" if data.aws_lib.unset(["Properties", cfn_group_attr])

cfn_describe_group := sprintf("the default parameter group %s", [data.aws_lib.string(["Properties", cfn_group_attr])]) if {
	startswith(data.aws_lib.string(["Properties", cfn_group_attr]), "default.")
}

cfn_users := [l.address |
	some l in data.aws_lib.linked_from({"AWS::RDS::DBInstance"})
	l.path == ["Properties", "DBParameterGroupName"]
] if data.aws_lib.type == "AWS::RDS::DBParameterGroup"

cfn_users := [l.address |
	some l in data.aws_lib.linked_from({"AWS::RDS::DBCluster"})
	l.path == ["Properties", "DBClusterParameterGroupName"]
] if data.aws_lib.type == "AWS::RDS::DBClusterParameterGroup"

cfn_family := lower(data.aws_lib.string(["Properties", "Family"]))

cfn_group_param := engine_param(family_engine(cfn_family))

cfn_users_text := concat(", ", sort(cfn_users))

deny contains data.aws_lib.finding(path, msg) if {
	count(cfn_users) > 0
	path := ["Properties", "Parameters", cfn_group_param]
	not data.aws_lib.unknown(path)
	v := data.aws_lib.value(path)
	v != null
	not forces(cfn_group_param, v)
	msg := sprintf("%s sets %s to %v, so databases using it (%s) accept connections without TLS; set %s: \"1\"", [data.aws_lib.name, cfn_group_param, v, cfn_users_text, cfn_group_param])
}

deny contains data.aws_lib.finding(["Properties", "Parameters"], msg) if {
	count(cfn_users) > 0
	not data.aws_lib.unknown(["Properties", "Parameters"])
	data.aws_lib.value(["Properties", "Parameters", cfn_group_param]) == null
	not data.aws_lib.unknown(["Properties", "Parameters", cfn_group_param])
	not default_forces(family_engine(cfn_family), family_version(cfn_family))
	msg := sprintf("%s (family %s) does not set %s, which is off by default, so databases using it (%s) accept connections without TLS; add %s: \"1\" to Parameters", [data.aws_lib.name, cfn_family, cfn_group_param, cfn_users_text, cfn_group_param])
}
