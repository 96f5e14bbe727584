//! ## What it does
//! When `require_customer_managed_keys` is on, flags a StorageClass
//! provisioning AWS EBS volumes without `parameters.kmsKeyId`, or with the
//! AWS-managed key `alias/aws/ebs`.
//!
//! ## Why is this bad?
//! Without a customer-managed KMS key the volumes are encrypted with the
//! AWS-managed key: nobody can restrict, audit separately, rotate on their
//! own schedule or revoke access to the data by key.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::tls_region::is_ebs_storage_class;

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S017",
        name: "storage-class-without-customer-managed-key",
        title: "EBS StorageClass does not use a customer-managed KMS key",
        severity: Severity::Medium,
        categories: &["encryption-at-rest"],
        rationale: "Only checked when `params.require_customer_managed_keys` is true. An EBS StorageClass without `parameters.kmsKeyId` encrypts (if at all) with the AWS-managed key `aws/ebs`, whose key policy you cannot change: any principal of the account allowed to use EBS can read the volumes and their snapshots, key use cannot be separated per team or data class, snapshots cannot be shared with another account, and access cannot be cut off by disabling the key. Standards that require customer-controlled keys (PCI DSS key management, many HIPAA and financial-sector policies) need a customer-managed KMS key. A `kmsKeyId` naming `alias/aws/ebs` is the AWS-managed key and is flagged too.",
        remediation: "Create a customer-managed KMS key (with a key policy for the EBS CSI driver's role) and name it in the class:\n\n```yaml\nparameters:\n  type: gp3\n  encrypted: \"true\"\n  kmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n```",
        compliance: &[
            Control { framework: "PCI-DSS", control: "3.6.1" },
            Control { framework: "SOC2", control: "CC6.1" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["StorageClass"],
        example: "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3}\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\n  encrypted: \"true\"\n",
    },
    check,
};

/// Whether a KMS key reference names the AWS-managed EBS key.
fn is_aws_managed(key: &str) -> bool {
    let k = key.trim();
    k == "alias/aws/ebs" || k.ends_with(":alias/aws/ebs")
}

fn check(res: &Resource, cx: &Ctx, out: &mut Sink) {
    if !cx.params.require_customer_managed_keys || !is_ebs_storage_class(res) {
        return;
    }
    let key = res
        .body
        .get_in(&["parameters", "kmsKeyId"])
        .and_then(Node::scalar_text)
        .filter(|k| !k.trim().is_empty());
    match key {
        Some(k) if is_aws_managed(&k) => out.report(
            path!["parameters", "kmsKeyId"],
            format!(
                "StorageClass {} uses the AWS-managed key {k}, not a customer-managed one; set kmsKeyId to the ARN of a customer-managed KMS key",
                res.name
            ),
        ),
        Some(_) => {}
        None => out.report(
            path!["parameters", "kmsKeyId"],
            format!(
                "StorageClass {} has no parameters.kmsKeyId, so its EBS volumes use the AWS-managed key; set kmsKeyId to the ARN of a customer-managed KMS key",
                res.name
            ),
        ),
    }
}
