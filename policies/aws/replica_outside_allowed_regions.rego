# METADATA
# title: Replica, replication destination or backup copy outside the allowed regions
# description: |
#   A resource in an allowed region can still copy its data elsewhere: a
#   DynamoDB global-table replica, a Secrets Manager replica, S3 or ECR
#   replication to a bucket or registry in another region, an AWS Backup
#   copy action to a vault in another region, automated RDS backups
#   replicated from another region. The copy is as much a transfer as the
#   original. The region comes from the attribute itself (`region_name`),
#   from the resource it references, or from the ARN; one not known before
#   apply is not reported. Silent when `allowed_regions` is empty.
#
#   In CloudFormation: DynamoDB global-table and ElastiCache global
#   datastore replicas, Secrets Manager `ReplicaRegions`, ECR and EFS
#   replication destinations, S3 replication (the region of the
#   destination's replica KMS key ARN), AWS Backup copy actions, Redshift
#   and DLM snapshot copies, Image Builder distributions, RDS `SourceRegion`
#   and source ARNs; and any property holding an ARN of another region (a
#   key, a topic, a stream), which sends data to that region or reads it
#   from there, including ARNs written in an `Fn::Sub` with a literal region
#   (`!Sub "arn:${AWS::Partition}:backup:us-east-1:${AWS::AccountId}:..."`).
#   A replica in the stack's own region is the resource itself (AWS040).
# custom:
#   id: AWS041
#   name: replica-outside-allowed-regions
#   severity: high
#   categories: [data-residency]
#   targets: [terraform, cloudformation]
#   remediation: |
#     Replicate to an allowed region (a replica `region_name`, a destination
#     bucket or vault created with a provider for an allowed region), or
#     add the region to `params.allowed_regions` if it is allowed. In a
#     template, name a region or an ARN in an allowed region.
#   frameworks:
#     GDPR: [Art.44]
#     ISO27001: [A.5.34]
#   example: |
#     resource "aws_dynamodb_table" "orders" {
#       name             = "orders"
#       hash_key         = "id"
#       billing_mode     = "PAY_PER_REQUEST"
#       stream_enabled   = true
#       stream_view_type = "NEW_AND_OLD_IMAGES"
#       attribute {
#         name = "id"
#         type = "S"
#       }
#       replica {
#         region_name = "us-east-1"
#       }
#     }
package aws.replica_outside_allowed_regions

import rego.v1


# What the loaders found (`input._plumb.other_regions`), and, for
# Terraform, copies and sources the loader's table does not cover.
others contains o if {
	some o in object.get(data.aws_lib.plumb, "other_regions", [])
}

# The region of an ARN (`arn:aws:rds:us-east-1:123:db:orders`).
arn_region(s) := r if {
	is_string(s)
	parts := split(s, ":")
	count(parts) > 4
	parts[0] == "arn"
	r := parts[3]
	r != ""
}

# A region at `path`, or the region of an ARN there, or of the resource of
# the plan it references.
region_at(path) := r if {
	r := data.aws_lib.string(path)
	r != ""
	not startswith(r, "arn:")
}

arn_region_at(path, types) := r if {
	r := arn_region(data.aws_lib.string(path))
} else := r if {
	regions := [x |
		some l in data.aws_lib.links(path, types)
		x := data.aws_lib.resource(l.address).region
		is_string(x)
	]
	r := regions[0]
}

others contains {"path": ["replicate_source_db"], "region": r, "what": "replication-source"} if {
	data.aws_lib.type == "aws_db_instance"
	r := arn_region_at(["replicate_source_db"], ["aws_db_instance"])
}

others contains {"path": ["replication_source_identifier"], "region": r, "what": "replication-source"} if {
	data.aws_lib.type in {"aws_rds_cluster", "aws_neptune_cluster"}
	r := arn_region_at(["replication_source_identifier"], [data.aws_lib.type])
}

others contains {"path": path, "region": r, "what": "snapshot-copy"} if {
	data.aws_lib.type == "aws_redshift_cluster"
	some i, _ in data.aws_lib.items(["snapshot_copy"])
	path := ["snapshot_copy", i, "destination_region"]
	r := region_at(path)
}

others contains {"path": ["destination_region"], "region": r, "what": "snapshot-copy"} if {
	data.aws_lib.type == "aws_redshift_snapshot_copy"
	r := region_at(["destination_region"])
}

others contains {"path": path, "region": r, "what": "replication-destination"} if {
	data.aws_lib.type == "aws_efs_replication_configuration"
	some i, _ in data.aws_lib.items(["destination"])
	path := ["destination", i, "region"]
	r := region_at(path)
}

others contains {"path": path, "region": r, "what": "snapshot-copy"} if {
	data.aws_lib.type == "aws_dlm_lifecycle_policy"
	some i, _ in data.aws_lib.items(["policy_details"])
	some j, _ in data.aws_lib.items(["policy_details", i, "schedule"])
	some k, _ in data.aws_lib.items(["policy_details", i, "schedule", j, "cross_region_copy_rule"])
	some attr in ["target", "target_region"]
	path := ["policy_details", i, "schedule", j, "cross_region_copy_rule", k, attr]
	r := region_at(path)
}

others contains {"path": ["source_region"], "region": r, "what": "copy-source"} if {
	data.aws_lib.type == "aws_ebs_snapshot_copy"
	r := region_at(["source_region"])
}

others contains {"path": ["source_ami_region"], "region": r, "what": "copy-source"} if {
	data.aws_lib.type == "aws_ami_copy"
	r := region_at(["source_ami_region"])
}

deny contains data.aws_lib.finding(o.path, msg) if {
	count(data.aws_lib.allowed_regions) > 0
	some o in others
	is_string(o.region)
	not o.region in data.aws_lib.allowed_regions
	o.what != "cross-region-reference"
	not own_region(o.region)
	msg := sprintf("%s has a %s in %s, outside the allowed regions %s; keep copies in an allowed region", [data.aws_lib.name, replace(o.what, "-", " "), o.region, concat(", ", data.aws_lib.allowed_regions)])
}

deny contains data.aws_lib.finding(o.path, msg) if {
	count(data.aws_lib.allowed_regions) > 0
	some o in object.get(data.aws_lib.plumb, "other_regions", [])
	o.what == "cross-region-reference"
	is_string(o.region)
	not o.region in data.aws_lib.allowed_regions
	msg := sprintf("%s references a resource in %s (an ARN at %s), outside the allowed regions %s; use one in an allowed region", [data.aws_lib.name, o.region, concat(".", [sprintf("%v", [x]) | some x in array.slice(o.path, 1, count(o.path))]), concat(", ", data.aws_lib.allowed_regions)])
}

# A copy or source in the resource's own region is local (a global table's
# replica there is the table itself): AWS040 judges that region.
own_region(r) if r == data.aws_lib.plumb.region
