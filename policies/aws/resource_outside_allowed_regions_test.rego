package aws.resource_outside_allowed_regions_test

import rego.v1

import data.aws.resource_outside_allowed_regions as rule

res(t, plumb) := {"_plumb": object.union({
	"target": "terraform", "type": t, "identity": sprintf("%s.x", [t]),
	"params": {"allowed_regions": ["eu-west-1", "eu-central-1"]},
	"region": "us-east-1", "region_from": "provider", "provider_config_key": "aws.us",
}, plumb)}

test_provider_region_outside_is_denied_at_the_resource if {
	rule.deny == {{
		"msg": "aws_s3_bucket.x is in us-east-1 (from provider aws.us), outside the allowed regions eu-west-1, eu-central-1; create it with a provider for an allowed region",
		"path": [],
	}} with input as res("aws_s3_bucket", {})
}

test_own_region_argument_is_the_location if {
	some f in rule.deny with input as res("aws_sqs_queue", {"region_from": "resource"})
	f.path == ["region"]
}

test_allowed_unknown_and_global_are_not_denied if {
	count(rule.deny) == 0 with input as res("aws_s3_bucket", {"region": "eu-west-1"})
	count(rule.deny) == 0 with input as res("aws_s3_bucket", {"region": null, "region_from": null})
	count(rule.deny) == 0 with input as res("aws_iam_role", {})
	count(rule.deny) == 0 with input as res("aws_route53_record", {})
	count(rule.deny) == 1 with input as res("aws_route53_resolver_endpoint", {})
}

test_silent_without_allowed_regions if {
	count(rule.deny) == 0 with input as res("aws_s3_bucket", {"params": {"allowed_regions": []}})
}

cfn(t, region) := {"Type": t, "Properties": {}, "_plumb": {
	"target": "cloudformation", "type": t, "identity": "Res",
	"params": {"allowed_regions": ["eu-west-1", "eu-central-1"]},
	"region": region, "region_from": "stack",
}}

test_cfn_stack_outside_is_denied_at_the_logical_id if {
	rule.deny == {{
		"msg": "Res (AWS::S3::Bucket) is in us-east-1, the stack's region, outside the allowed regions eu-west-1, eu-central-1; deploy the stack to an allowed region",
		"path": [],
	}} with input as cfn("AWS::S3::Bucket", "us-east-1")
}

test_cfn_allowed_region_passes if {
	count(rule.deny) == 0 with input as cfn("AWS::S3::Bucket", "eu-central-1")
}

test_cfn_unknown_region_is_not_outside if {
	count(rule.deny) == 0 with input as cfn("AWS::S3::Bucket", null)
}

test_cfn_global_and_template_types_are_skipped if {
	every t in ["AWS::IAM::Role", "AWS::CloudFront::Distribution", "AWS::CloudFormation::WaitConditionHandle", "Custom::Seed", "AWS::Route53::RecordSet"] {
		count(rule.deny) == 0 with input as cfn(t, "us-east-1")
	}
}

test_cfn_route53_resolver_is_regional if {
	count(rule.deny) == 1 with input as cfn("AWS::Route53Resolver::ResolverEndpoint", "us-east-1")
}

test_cfn_waf_for_cloudfront_lives_in_us_east_1 if {
	count(rule.deny) == 0 with input as object.union(cfn("AWS::WAFv2::WebACL", "us-east-1"), {"Properties": {"Scope": "CLOUDFRONT"}})
	count(rule.deny) == 1 with input as object.union(cfn("AWS::WAFv2::WebACL", "us-east-1"), {"Properties": {"Scope": "REGIONAL"}})
}
