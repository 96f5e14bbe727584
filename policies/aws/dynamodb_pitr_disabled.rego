# METADATA
# title: DynamoDB table without point-in-time recovery
# description: |
#   Point-in-time recovery keeps continuous backups of a DynamoDB table for
#   up to 35 days and restores it to any second in that window: the way back
#   from a bad deploy that overwrote items or a script that deleted them.
#   It is off unless `point_in_time_recovery { enabled = true }` is set.
# custom:
#   id: AWS045
#   name: dynamodb-pitr-disabled
#   severity: medium
#   categories: [backup]
#   targets: [terraform, cloudformation]
#   kinds: [aws_dynamodb_table, "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable"]
#   remediation: |
#     Add `point_in_time_recovery { enabled = true }` to the table.
#
#     CloudFormation: `PointInTimeRecoverySpecification:
#     {PointInTimeRecoveryEnabled: true}` on the table, or on each
#     `Replicas` item of a global table; a SAM `SimpleTable` cannot turn
#     it on, so use an `AWS::DynamoDB::Table`.
#   frameworks:
#     SOC2: [A1.2]
#     ISO27001: [A.8.13]
#   example: |
#     resource "aws_dynamodb_table" "orders" {
#       name         = "orders"
#       hash_key     = "id"
#       billing_mode = "PAY_PER_REQUEST"
#       attribute {
#         name = "id"
#         type = "S"
#       }
#     }
package aws.dynamodb_pitr_disabled

import rego.v1


deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "aws_dynamodb_table"
	count(data.aws_lib.items(["point_in_time_recovery"])) > 0
	path := ["point_in_time_recovery", 0, "enabled"]
	data.aws_lib.off(path)
	msg := sprintf("%s has point-in-time recovery off; set point_in_time_recovery { enabled = true }", [data.aws_lib.name])
}

deny contains data.aws_lib.finding([], msg) if {
	data.aws_lib.type == "aws_dynamodb_table"
	data.aws_lib.unset(["point_in_time_recovery"])
	msg := sprintf("%s has no point_in_time_recovery block, so point-in-time recovery is off; add point_in_time_recovery { enabled = true }", [data.aws_lib.name])
}

# CloudFormation: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled
# (off when absent); a global table's per replica.
deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::DynamoDB::Table"
	path := ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	data.aws_lib.off(path)
	msg := sprintf("%s has point-in-time recovery off; set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true", [data.aws_lib.name])
}

deny contains data.aws_lib.finding(path, msg) if {
	data.aws_lib.type == "AWS::DynamoDB::GlobalTable"
	some i, _ in data.aws_lib.items(["Properties", "Replicas"])
	path := ["Properties", "Replicas", i, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	data.aws_lib.off(path)
	region := object.get(input.Properties.Replicas[i], "Region", "?")
	msg := sprintf("%s has point-in-time recovery off in its replica in %v (Replicas[%d]); set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on each replica", [data.aws_lib.name, region, i])
}

# SAM: a SimpleTable has no point-in-time recovery setting at all.
deny contains data.aws_lib.finding([], msg) if {
	data.aws_lib.type == "AWS::Serverless::SimpleTable"
	msg := sprintf("%s is an AWS::Serverless::SimpleTable, which cannot turn point-in-time recovery on; use an AWS::DynamoDB::Table with PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true", [data.aws_lib.name])
}
