# METADATA
# title: Automated backups kept for less than the minimum (7 days by default)
# description: |
#   Automated backups are what a restore after a bad migration, a deleted
#   table or ransomware goes back to. A retention of a day or two is often
#   gone before anyone notices the damage; seven days covers a week of
#   releases and a long weekend. AWS's defaults are short: one day for RDS
#   instances and Aurora, DocumentDB and Neptune clusters, one day for
#   Redshift's automated snapshots, and no snapshots at all for ElastiCache
#   (Redis OSS and Valkey) replication groups. An attribute left unset
#   gets that default and is reported. Read replicas (`replicate_source_db`)
#   are not checked: their source's backups are what counts. The minimum
#   is `params.min_backup_retention_days` in plumb.yaml (default 7).
#   CloudFormation: `BackupRetentionPeriod` (RDS, DocumentDB, Neptune),
#   `AutomatedSnapshotRetentionPeriod` (Redshift), `SnapshotRetentionLimit`
#   (ElastiCache), with the same defaults.
# custom:
#   id: AWS042
#   name: backup-retention-too-short
#   severity: medium
#   categories: [backup]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_redshift_cluster, aws_elasticache_replication_group, "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::Redshift::Cluster", "AWS::ElastiCache::ReplicationGroup"]
#   remediation: |
#     Set the retention to the minimum or more (`backup_retention_period = 7`;
#     `automated_snapshot_retention_period` for Redshift,
#     `snapshot_retention_limit` for ElastiCache). For longer or
#     cross-account retention, add an AWS Backup plan.
#
#     CloudFormation: `BackupRetentionPeriod` (RDS, DocumentDB,
#     Neptune), `AutomatedSnapshotRetentionPeriod` (Redshift),
#     `SnapshotRetentionLimit` (ElastiCache).
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.13]
#     HIPAA: [164.308(a)(7)(ii)(A)]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine                  = "postgres"
#       instance_class          = "db.r6g.large"
#       backup_retention_period = 1
#     }
package aws.backup_retention_too_short

import rego.v1


# `params.min_backup_retention_days` in plumb.yaml (default 7).
min_days := object.get(data.aws_lib.params, "min_backup_retention_days", 7)

# Resource type: [attribute, AWS's default in days].
attribute := {
	"aws_db_instance": ["backup_retention_period", 1],
	"aws_rds_cluster": ["backup_retention_period", 1],
	"aws_docdb_cluster": ["backup_retention_period", 1],
	"aws_neptune_cluster": ["backup_retention_period", 1],
	"aws_redshift_cluster": ["automated_snapshot_retention_period", 1],
	"aws_elasticache_replication_group": ["snapshot_retention_limit", 0],
}

checked if {
	data.aws_lib.terraform
	attribute[data.aws_lib.type]
	data.aws_lib.unset(["replicate_source_db"])
	not memcached
}

memcached if lower(object.get(input, "engine", "")) == "memcached"

deny contains data.aws_lib.finding([attr], msg) if {
	checked
	[attr, _] := attribute[data.aws_lib.type]
	days := data.aws_lib.number([attr])
	days < min_days
	msg := sprintf("%s keeps automated backups for %s (%s), fewer than %d; set %s = %d or more", [data.aws_lib.name, plural(days), attr, min_days, attr, min_days])
}

deny contains data.aws_lib.finding([], msg) if {
	checked
	[attr, default_days] := attribute[data.aws_lib.type]
	data.aws_lib.unset([attr])
	msg := sprintf("%s does not set %s, so AWS keeps automated backups for %s, fewer than %d; set %s = %d or more", [data.aws_lib.name, attr, plural(default_days), min_days, attr, min_days])
}

plural(1) := "1 day"

plural(n) := sprintf("%d days", [n]) if n != 1

# CloudFormation: type -> [property, AWS's default in days]. Read replicas
# and cluster members are backed up by their source or cluster.
cfn_property := {
	"AWS::RDS::DBInstance": ["BackupRetentionPeriod", 1],
	"AWS::RDS::DBCluster": ["BackupRetentionPeriod", 1],
	"AWS::DocDB::DBCluster": ["BackupRetentionPeriod", 1],
	"AWS::Neptune::DBCluster": ["BackupRetentionPeriod", 1],
	"AWS::Redshift::Cluster": ["AutomatedSnapshotRetentionPeriod", 1],
	"AWS::ElastiCache::ReplicationGroup": ["SnapshotRetentionLimit", 0],
}

cfn_checked if {
	cfn_property[data.aws_lib.type]
	data.aws_lib.unset(["Properties", "SourceDBInstanceIdentifier"])
	data.aws_lib.unset(["Properties", "DBClusterIdentifier"])
	data.aws_lib.unset(["Properties", "ReplicationSourceIdentifier"])
	lower(object.get(input.Properties, "Engine", "")) != "memcached"
}

deny contains data.aws_lib.finding(["Properties", prop], msg) if {
	cfn_checked
	[prop, _] := cfn_property[data.aws_lib.type]
	days := data.aws_lib.number(["Properties", prop])
	days < min_days
	msg := sprintf("%s keeps automated backups for %s (%s), fewer than %d; set %s: %d or more", [data.aws_lib.name, plural(days), prop, min_days, prop, min_days])
}

deny contains data.aws_lib.finding(["Properties", prop], msg) if {
	cfn_checked
	[prop, default_days] := cfn_property[data.aws_lib.type]
	data.aws_lib.unset(["Properties", prop])
	msg := sprintf("%s does not set %s, so AWS keeps automated backups for %s, fewer than %d; set %s: %d or more", [data.aws_lib.name, prop, plural(default_days), min_days, prop, min_days])
}
