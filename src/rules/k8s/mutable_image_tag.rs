//! ## What it does
//! Flags container images referenced without a tag or with the `latest`
//! tag, unless they are pinned by digest (`image@sha256:...`).
//!
//! ## Why is this bad?
//! A mutable reference is resolved again on every pull: two replicas of the
//! same Deployment can run different code, a rollback does not roll back,
//! and nobody can tell from the manifest what is running.

use crate::model::{Resource, Target};
use crate::rules::{Ctx, Meta, NativeRule, Severity, Sink};
use crate::source::yaml::Node;

use super::{containers, pod_template};

pub static RULE: NativeRule = NativeRule {
    meta: Meta {
        id: "K8S022",
        name: "mutable-image-tag",
        title: "Container image has no tag or the latest tag",
        severity: Severity::Medium,
        categories: &["image-provenance"],
        rationale: "An image without a tag means `:latest`, and `latest` (like any tag) is a pointer the registry lets anyone with push rights move. Every node pulls it afresh when a pod lands there (`imagePullPolicy` defaults to `Always` for `latest`), so replicas of one Deployment run different builds after a push, a rollback to the previous manifest redeploys the new code, an incident cannot be traced to a build, and a compromised registry account ships straight to production on the next reschedule. A digest (`@sha256:...`) names exactly one image and is not flagged, with or without a tag beside it. A port in the registry host (`registry:5000/team/app`) is not a tag.",
        remediation: "Reference a versioned tag your pipeline never overwrites, or better a digest (a tag may stay beside it for readers):\n\n```yaml\ncontainers:\n  - name: web\n    image: registry.example.com/shop/web:1.14.2@sha256:0d6f4f1b1c7c9a8e5d2b3a4f6e7d8c9b0a1f2e3d4c5b6a7980f1e2d3c4b5a697\n```",
        compliance: &[],
        targets: &[Target::Kubernetes],
        kinds: super::WORKLOADS,
        example: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n",
    },
    check,
};

/// What an image reference pins.
#[derive(Debug, PartialEq, Eq)]
enum Pin<'a> {
    /// `@<algorithm>:<hex>`: immutable.
    Digest,
    /// `:<tag>` without a digest.
    Tag(&'a str),
    /// Neither: the runtime pulls `latest`.
    Nothing,
}

/// Reads `[registry[:port]/]path[:tag][@digest]`. The tag is what follows
/// the last `:` after the last `/`, so a registry port is not a tag.
fn pin(image: &str) -> Pin<'_> {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some((alg, hex)) = digest.and_then(|d| d.split_once(':')) {
        if !alg.is_empty() && !hex.is_empty() {
            return Pin::Digest;
        }
    }
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.rsplit_once(':') {
        Some((_, tag)) if !tag.is_empty() => Pin::Tag(tag),
        _ => Pin::Nothing,
    }
}

fn check(res: &Resource, _cx: &Ctx, out: &mut Sink) {
    let Some(pod) = pod_template(res) else {
        return;
    };
    for c in containers(&pod) {
        let Some(image) = c.node.get("image").and_then(Node::scalar_text) else {
            continue;
        };
        if image.trim().is_empty() {
            continue;
        }
        let problem = match pin(&image) {
            Pin::Digest => continue,
            Pin::Tag(t) if t != "latest" => continue,
            Pin::Tag(_) => "the mutable tag latest",
            Pin::Nothing => "no tag (it pulls latest)",
        };
        out.report(
            c.path.key("image"),
            format!(
                "{} of {} {} uses image \"{image}\" with {problem}; pin a version tag or a digest (@sha256:...)",
                c.describe(),
                res.kind,
                res.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_image_references() {
        assert_eq!(pin("nginx"), Pin::Nothing);
        assert_eq!(pin("nginx:latest"), Pin::Tag("latest"));
        assert_eq!(pin("nginx:1.27"), Pin::Tag("1.27"));
        assert_eq!(pin("registry:5000/ns/app"), Pin::Nothing);
        assert_eq!(pin("registry:5000/ns/app:2.1"), Pin::Tag("2.1"));
        assert_eq!(pin("registry:5000/ns/app:latest"), Pin::Tag("latest"));
        assert_eq!(pin("app@sha256:abc123"), Pin::Digest);
        assert_eq!(pin("app:1.2@sha256:abc123"), Pin::Digest);
        assert_eq!(pin("registry:5000/app:latest@sha256:abc123"), Pin::Digest);
        assert_eq!(pin("app:"), Pin::Nothing);
        assert_eq!(pin("app@"), Pin::Nothing);
        assert_eq!(
            pin("ghcr.io/org/team/app:v1.0.0-rc.1"),
            Pin::Tag("v1.0.0-rc.1")
        );
    }
}
