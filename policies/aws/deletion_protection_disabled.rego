# METADATA
# title: Database without deletion protection
# description: |
#   Without deletion protection, one `terraform destroy`, one resource
#   renamed so that Terraform replaces it, or one mistaken console click
#   deletes the database and, for RDS, its automated backups with it. AWS
#   turns deletion protection off by default for RDS instances, Aurora,
#   DocumentDB and Neptune clusters and DynamoDB tables; an attribute left
#   unset is off.
# custom:
#   id: AWS043
#   name: deletion-protection-disabled
#   severity: medium
#   categories: [backup]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_dynamodb_table, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"]
#   remediation: |
#     Set `deletion_protection = true` (`deletion_protection_enabled = true`
#     on DynamoDB tables). Deleting then takes a deliberate change first.
#
#     CloudFormation: `DeletionProtection: true` (RDS, DocumentDB,
#     Neptune) or `DeletionProtectionEnabled: true` (DynamoDB tables and
#     each global-table replica).
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.13]
#   example: |
#     resource "aws_rds_cluster" "orders" {
#       engine              = "aurora-postgresql"
#       deletion_protection = false
#     }
package aws.deletion_protection_disabled

import rego.v1


attribute := {
	"aws_db_instance": "deletion_protection",
	"aws_rds_cluster": "deletion_protection",
	"aws_docdb_cluster": "deletion_protection",
	"aws_neptune_cluster": "deletion_protection",
	"aws_dynamodb_table": "deletion_protection_enabled",
}

deny contains data.aws_lib.finding([attr], msg) if {
	attr := attribute[data.aws_lib.type]
	data.aws_lib.off([attr])
	msg := sprintf("%s can be deleted by one destroy or replacement (%s is off); set %s = true", [data.aws_lib.name, attr, attr])
}

# CloudFormation (off when absent). Instances of a cluster are protected by
# the cluster's setting.
cfn_property := {
	"AWS::RDS::DBInstance": "DeletionProtection",
	"AWS::RDS::DBCluster": "DeletionProtection",
	"AWS::DocDB::DBCluster": "DeletionProtection",
	"AWS::Neptune::DBCluster": "DeletionProtection",
	"AWS::DynamoDB::Table": "DeletionProtectionEnabled",
}

cfn_cluster_member if {
	data.aws_lib.type == "AWS::RDS::DBInstance"
	not data.aws_lib.unset(["Properties", "DBClusterIdentifier"])
}

deny contains data.aws_lib.finding(["Properties", prop], msg) if {
	prop := cfn_property[data.aws_lib.type]
	not cfn_cluster_member
	data.aws_lib.off(["Properties", prop])
	msg := sprintf("%s can be deleted by one stack deletion, replacement or API call (%s is off); set %s: true", [data.aws_lib.name, prop, prop])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::DynamoDB::GlobalTable"
	some i, r in data.aws_lib.items(["Properties", "Replicas"])
	path := ["Properties", "Replicas", i, "DeletionProtectionEnabled"]
	data.aws_lib.off(path)
	msg := sprintf("%s can lose its replica in %v (Replicas[%d]) to one stack update or API call (DeletionProtectionEnabled is off); set DeletionProtectionEnabled: true on each replica", [data.aws_lib.name, object.get(r, "Region", "?"), i])
}
