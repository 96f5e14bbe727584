//! ## What it does
//! Flags a StorageClass provisioning AWS EBS volumes (`ebs.csi.aws.com`,
//! EKS Auto Mode's `ebs.csi.eks.amazonaws.com` or the in-tree
//! `kubernetes.io/aws-ebs`) whose `parameters.encrypted` is not `"true"`.
//!
//! ## Why is this bad?
//! Every PersistentVolume the class creates is then an unencrypted EBS
//! volume: its data, its snapshots and any copy of them are readable
//! without a KMS key.

use crate::model::{Resource, Target};
use crate::path;
use crate::rules::{Control, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::{Node, Value};

use super::tls_region::is_ebs_storage_class;

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S016",
        name: "unencrypted-ebs-storage-class",
        title: "EBS StorageClass does not encrypt its volumes",
        severity: Severity::High,
        categories: &["encryption-at-rest"],
        rationale: "A StorageClass for the EBS CSI driver (`ebs.csi.aws.com`), EKS Auto Mode (`ebs.csi.eks.amazonaws.com`) or the in-tree `kubernetes.io/aws-ebs` provisioner creates encrypted volumes only when `parameters.encrypted` is `\"true\"`. Otherwise every PersistentVolume it provisions (databases, queues, uploaded files) is stored unencrypted, and so are its snapshots and any copy shared from them; a leaked snapshot or a mis-shared volume exposes the data outright. Some accounts turn on EBS encryption by default per region, which would encrypt these volumes anyway, but that setting lives outside the manifests and can be off in the next account or region, so a class that does not ask for encryption is flagged.",
        remediation: "Ask for encryption in the class (with a customer-managed key if your policy requires one). Existing volumes stay unencrypted: migrate them through an encrypted snapshot copy.\n\n```yaml\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3-encrypted\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\n  encrypted: \"true\"\n  kmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\nvolumeBindingMode: WaitForFirstConsumer\n```",
        compliance: &[
            Control { framework: "PCI-DSS", control: "3.5.1" },
            Control { framework: "HIPAA", control: "164.312(a)(2)(iv)" },
            Control { framework: "SOC2", control: "CC6.1" },
            Control { framework: "GDPR", control: "Art.32" },
        ],
        targets: &[Target::Kubernetes],
        kinds: &["StorageClass"],
        example: "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3}\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\n",
    },
    check,
};

/// Whether an EBS StorageClass asks for encrypted volumes.
pub fn is_encrypted(res: &Resource) -> bool {
    res.body
        .get_in(&["parameters", "encrypted"])
        .is_some_and(|v| match &v.value {
            Value::Bool(b) => *b,
            Value::Str(s) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        })
}

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    if !is_ebs_storage_class(res) || is_encrypted(res) {
        return;
    }
    let message = match res
        .body
        .get_in(&["parameters", "encrypted"])
        .and_then(Node::scalar_text)
    {
        Some(v) => format!(
            "StorageClass {} sets parameters.encrypted to \"{v}\", so its EBS volumes are created unencrypted; set it to \"true\"",
            res.name
        ),
        None => format!(
            "StorageClass {} does not set parameters.encrypted, so its EBS volumes are unencrypted unless the account enables EBS encryption by default; set encrypted: \"true\"",
            res.name
        ),
    };
    out.report(path!["parameters", "encrypted"], message);
}
