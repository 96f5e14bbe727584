# METADATA
# title: AWS resource deployed outside the allowed regions
# description: |
#   Data-residency commitments (GDPR transfers, customer contracts, national
#   rules) name the regions where data and compute may live. A resource
#   created in another region, often through a provider alias added for one
#   global feature and then reused, or a module that inherits the wrong
#   provider, moves data there. The region is the resource's own `region`
#   argument (AWS provider 6) or its provider configuration's `region`,
#   following aliases and module inheritance; a region that is not known
#   before apply (from the environment, or computed) is not reported.
#   Global services whose resources have no region of their own (IAM,
#   Route 53 zones and records, CloudFront, Organizations, Budgets, Shield
#   Advanced, Cost Explorer, WAF Classic global, Global Accelerator) are not
#   checked. Silent when `allowed_regions` is empty.
#
#   A CloudFormation resource is in its stack's region: `--region`, the
#   environment's `region` in plumb.yaml, or `cloudformation.region`; a
#   template scanned without one is not reported. The same global types are
#   skipped, with the template's own machinery (`AWS::CloudFormation::*`,
#   custom resources, `AWS::CDK::Metadata`, SAM nested applications) and
#   WAFv2 objects of `Scope: CLOUDFRONT`, which AWS requires in us-east-1.
# custom:
#   id: AWS040
#   name: resource-outside-allowed-regions
#   severity: high
#   categories: [data-residency]
#   targets: [terraform, cloudformation]
#   remediation: |
#     Create the resource with a provider configured for an allowed region
#     (`provider = aws.eu`), or pass the right provider to the module
#     (`providers = { aws = aws.eu }`). For CloudFormation, deploy the
#     stack to an allowed region. If the region is allowed, add it to
#     `params.allowed_regions` in plumb.yaml (per environment if needed).
#   frameworks:
#     GDPR: [Art.44]
#     ISO27001: [A.5.34]
#   example: |
#     provider "aws" {
#       alias  = "us"
#       region = "us-east-1"
#     }
#     resource "aws_s3_bucket" "exports" {
#       provider = aws.us
#       bucket   = "acme-exports"
#     }
package aws.resource_outside_allowed_regions

import rego.v1


global_prefixes := [
	"aws_iam_",
	"aws_cloudfront_",
	"aws_organizations_",
	"aws_budgets_",
	"aws_shield_",
	"aws_ce_",
	"aws_globalaccelerator_",
	"aws_waf_",
	"aws_account_",
]

global(t) if {
	some p in global_prefixes
	startswith(t, p)
}

global(t) if {
	startswith(t, "aws_route53_")
	not startswith(t, "aws_route53_resolver_")
}

deny contains data.aws_lib.finding(path, msg) if {
	count(data.aws_lib.allowed_regions) > 0
	region := data.aws_lib.plumb.region
	is_string(region)
	not region in data.aws_lib.allowed_regions
	data.aws_lib.terraform
	startswith(data.aws_lib.type, "aws_")
	not global(data.aws_lib.type)
	[path, from] := where
	msg := sprintf("%s is in %s (%s), outside the allowed regions %s; create it with a provider for an allowed region", [data.aws_lib.name, region, from, concat(", ", data.aws_lib.allowed_regions)])
}

where := [["region"], "its region argument"] if data.aws_lib.plumb.region_from == "resource"

where := [[], sprintf("from provider %s", [object.get(data.aws_lib.plumb, "provider_config_key", "aws")])] if data.aws_lib.plumb.region_from != "resource"

cfn_global_prefixes := [
	"AWS::IAM::",
	"AWS::CloudFront::",
	"AWS::Organizations::",
	"AWS::Budgets::",
	"AWS::Shield::",
	"AWS::CE::",
	"AWS::GlobalAccelerator::",
	"AWS::WAF::",
	"AWS::CloudFormation::",
	"AWS::CDK::",
	"AWS::Route53::",
	"AWS::Route53RecoveryControl::",
	"AWS::Route53RecoveryReadiness::",
	"Custom::",
]

cfn_global(t) if {
	some p in cfn_global_prefixes
	startswith(t, p)
}

# A SAM nested application is a nested stack: its resources are its own.
cfn_global(t) if t == "AWS::Serverless::Application"

# WAFv2 objects for CloudFront must be created in us-east-1.
cfn_global(t) if {
	startswith(t, "AWS::WAFv2::")
	upper(object.get(object.get(input, "Properties", {}), "Scope", "")) == "CLOUDFRONT"
}

deny contains data.aws_lib.finding([], msg) if {
	data.aws_lib.cloudformation
	count(data.aws_lib.allowed_regions) > 0
	region := data.aws_lib.plumb.region
	is_string(region)
	not region in data.aws_lib.allowed_regions
	not cfn_global(data.aws_lib.type)
	msg := sprintf("%s (%s) is in %s, the stack's region, outside the allowed regions %s; deploy the stack to an allowed region", [data.aws_lib.name, data.aws_lib.type, region, concat(", ", data.aws_lib.allowed_regions)])
}
