//! Cross-resource questions a rule asks about Terraform resources, answered
//! within one plan (two plans of a scan may both hold `aws_s3_bucket.logs`):
//! which bucket an encryption configuration belongs to, which parameter
//! group a database uses, which load balancer a listener is on.
//!
//! A link is found by the configuration's references first (resolved by
//! the loader through module variables and outputs), else by a matching
//! value (`bucket = "acme-logs"` against the bucket's `bucket` or `id`).

use crate::index::Index;
use crate::model::Resource;

use super::of;

fn same_plan(a: &Resource, b: &Resource) -> bool {
    match (of(a), of(b)) {
        (Some(x), Some(y)) => x.plan == y.plan,
        _ => false,
    }
}

/// The resource of the same plan at `address`.
pub fn by_address<'a>(index: &Index<'a>, from: &Resource, address: &str) -> Option<&'a Resource> {
    index.terraform(&of(from)?.plan, address)
}

/// The resources of type `kind` that `res`'s attribute `attr` points at:
/// those its expression references, else those whose attribute in `keys`
/// (`id`, `bucket`, `arn`, `name`) equals the value of `attr`.
pub fn related<'a>(
    index: &Index<'a>,
    res: &Resource,
    attr: &str,
    kind: &str,
    keys: &[&str],
) -> Vec<&'a Resource> {
    let Some(tf) = of(res) else {
        return Vec::new();
    };
    let by_ref: Vec<&'a Resource> = tf
        .referenced(attr)
        .iter()
        .filter_map(|a| index.terraform(&tf.plan, a))
        .filter(|r| r.kind == kind)
        .collect();
    if !by_ref.is_empty() {
        return by_ref;
    }
    let Some(value) = res.body.get(attr).and_then(|v| v.scalar_text()) else {
        return Vec::new();
    };
    index
        .of_kind(kind)
        .filter(|r| {
            same_plan(r, res)
                && keys
                    .iter()
                    .any(|k| r.body.get(k).and_then(|v| v.scalar_text()).as_deref() == Some(&value))
        })
        .collect()
}

/// The resources of type `kind` whose attribute `attr` points at `target`
/// (the reverse of [`related`]): the encryption configurations of a bucket,
/// the listeners of a load balancer.
pub fn referencing<'a>(
    index: &Index<'a>,
    target: &Resource,
    kind: &str,
    attr: &str,
    keys: &[&str],
) -> Vec<&'a Resource> {
    index
        .of_kind(kind)
        .filter(|r| same_plan(r, target))
        .filter(|r| {
            related(index, r, attr, &target.kind, keys)
                .iter()
                .any(|t| std::ptr::eq(*t, target))
        })
        .collect()
}
