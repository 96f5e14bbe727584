package aws.cloudfront_weak_viewer_tls_test

import rego.v1

import data.aws.cloudfront_weak_viewer_tls as rule

tf(values, plumb) := object.union(values, {"_plumb": object.union({"target": "terraform", "type": "aws_cloudfront_distribution", "identity": "aws_cloudfront_distribution.site", "config": {}, "unknown": {}}, plumb)})

good := {"default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}], "viewer_certificate": [{"acm_certificate_arn": "arn", "minimum_protocol_version": "TLSv1.2_2021"}]}

test_good_is_allowed if {
	count(rule.deny) == 0 with input as tf(good, {})
}

test_allow_all_is_denied if {
	rule.deny == {{
		"msg": "aws_cloudfront_distribution.site serves its default cache behavior over plain HTTP (viewer_protocol_policy = \"allow-all\"): requests and cookies cross the network unencrypted; set viewer_protocol_policy = \"redirect-to-https\" or \"https-only\"",
		"path": ["default_cache_behavior", 0, "viewer_protocol_policy"],
	}} with input as tf(object.union(good, {"default_cache_behavior": [{"viewer_protocol_policy": "allow-all"}]}), {})
}

test_default_certificate_is_denied if {
	count(rule.deny) == 1 with input as tf(object.union(good, {"viewer_certificate": [{"cloudfront_default_certificate": true, "minimum_protocol_version": "TLSv1"}]}), {})
}

test_tls12_is_denied_at_13_and_tls13_allowed if {
	count(rule.deny) == 1 with input as tf(good, {"params": {"min_tls_version": "1.3"}})
	count(rule.deny) == 0 with input as tf(object.union(good, {"viewer_certificate": [{"acm_certificate_arn": "arn", "minimum_protocol_version": "TLSv1.3_2025"}]}), {"params": {"min_tls_version": "1.3"}})
}

test_unknown_version_is_not_judged if {
	count(rule.deny) == 0 with input as tf(object.union(good, {"viewer_certificate": [{"acm_certificate_arn": "arn", "minimum_protocol_version": null}]}), {
		"config": {"viewer_certificate": [{"minimum_protocol_version": {"references": ["var.v"]}}]},
		"unknown": {"viewer_certificate": [{"minimum_protocol_version": true}]},
	})
}

cfn(config, unknown) := {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": config}, "_plumb": {"target": "cloudformation", "type": "AWS::CloudFront::Distribution", "identity": "Cdn", "unknown": unknown}}

test_cfn_custom_certificate_without_policy_is_tls10 if {
	rule.deny == {{
		"msg": "Cdn lets viewers connect with TLS 1.0 (MinimumProtocolVersion unset: TLSv1), below the minimum TLS 1.2; set MinimumProtocolVersion: TLSv1.2_2021",
		"path": ["Properties", "DistributionConfig", "ViewerCertificate", "MinimumProtocolVersion"],
	}} with input as cfn({"ViewerCertificate": {"AcmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "SslSupportMethod": "sni-only"}}, {})
}

test_cfn_modern_policy_passes if {
	count(rule.deny) == 0 with input as cfn({"ViewerCertificate": {"AcmCertificateArn": "a", "MinimumProtocolVersion": "TLSv1.2_2021"}}, {})
}

test_cfn_unknown_certificate_is_silent if {
	count(rule.deny) == 0 with input as cfn({"ViewerCertificate": null}, {"Properties": {"DistributionConfig": {"ViewerCertificate": true}}})
}

test_cfn_default_certificate_as_string if {
	count(rule.deny) == 1 with input as cfn({"ViewerCertificate": {"CloudFrontDefaultCertificate": "true"}}, {})
}
