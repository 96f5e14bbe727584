# METADATA
# title: RDS instance runs in a single availability zone
# description: |
#   An RDS instance without Multi-AZ lives on one host in one availability
#   zone. When that zone fails, or the host does, the database is down until
#   AWS replaces the host or someone restores a snapshot, and writes since
#   the last backup may be lost. With `multi_az = true` RDS keeps a
#   synchronous standby in another zone and fails over to it in one or two
#   minutes, without data loss; maintenance and instance-class changes are
#   applied to the standby first.
# custom:
#   id: AWS001
#   name: rds-instance-single-az
#   severity: high
#   categories: [multi-az]
#   targets: [terraform, cloudformation]
#   kinds: [aws_db_instance, "AWS::RDS::DBInstance"]
#   remediation: |
#     Set `multi_az = true` on the `aws_db_instance` (CloudFormation:
#     `MultiAZ: true` on the `AWS::RDS::DBInstance`). For read-heavy
#     workloads that also need a readable standby, use a Multi-AZ DB cluster
#     or Aurora with instances in two or more zones.
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.14]
#   example: |
#     resource "aws_db_instance" "orders" {
#       engine         = "postgres"
#       instance_class = "db.r6g.large"
#       multi_az       = false
#     }
package aws.rds_instance_single_az

import rego.v1


deny contains data.aws_lib.finding(["multi_az"], msg) if {
	data.aws_lib.type == "aws_db_instance"
	data.aws_lib.off(["multi_az"])
	msg := sprintf("%s runs in one availability zone (multi_az is off): a zone outage takes the database down; set multi_az = true", [data.aws_lib.name])
}

# CloudFormation: instances of an Aurora or Multi-AZ DB cluster
# (`DBClusterIdentifier`) take their zones from the cluster (AWS002).
deny contains data.aws_lib.finding(data.aws_lib.prop(["MultiAZ"]), msg) if {
	data.aws_lib.type == "AWS::RDS::DBInstance"
	data.aws_lib.unset(data.aws_lib.prop(["DBClusterIdentifier"]))
	not startswith(lower(object.get(input.Properties, "Engine", "")), "aurora")
	data.aws_lib.off(data.aws_lib.prop(["MultiAZ"]))
	msg := sprintf("%s runs in one availability zone (MultiAZ is off): a zone outage takes the database down; set MultiAZ: true", [data.aws_lib.name])
}
