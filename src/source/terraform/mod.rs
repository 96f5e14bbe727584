//! Terraform plans: the JSON of `terraform show -json PLANFILE` (format
//! versions 0.1 to 1.2 and later), read into one [`Resource`] per resource
//! instance that the plan leaves deployed, each carrying a [`TfResource`]
//! with what rules need beyond the values: the actions, which values are
//! unknown until apply, the configuration's expressions and the resources
//! they reference, the region, and where the resource is written in `.tf`.
//!
//! Which instances are resources (what the rules check):
//! - every managed instance of `resource_changes` whose actions leave an
//!   object deployed: `create`, `update`, `no-op` (unchanged, still
//!   deployed: a plan is checked as the state it leads to, not as a diff),
//!   and replacements (`delete`+`create` either way round). Its values are
//!   `change.after`, its unknowns `change.after_unknown`.
//! - not `delete` alone, not `forget` (1.7+: left running but no longer
//!   managed here), not deposed objects, not data sources (`read`): they are
//!   not deployed infrastructure.
//! - managed instances of `planned_values` (root and nested
//!   `child_modules`) that `resource_changes` does not list (plans written
//!   without changes, older versions): their `values`, all known.
//!
//! `prior_state` is not read: `no-op` changes already carry the values.

pub mod addr;
pub mod hcl;
pub mod json;
mod plan;
pub mod query;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value as Json};

use crate::model::{Path, Resolved, Resource, Seg};
use crate::source::span::Span;
use crate::source::yaml::Node;

pub use plan::{load, PlanLoad, TfSourceFile};

/// Whether a parsed JSON document is a `terraform show -json` plan: an
/// object with `format_version` and one of `planned_values`,
/// `resource_changes` or `configuration`.
pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some()
        && ["planned_values", "resource_changes", "configuration"]
            .iter()
            .any(|k| root.get(k).is_some())
}

/// Where a Terraform resource is written.
#[derive(Clone, Debug)]
pub struct TfSource {
    /// The `.tf` file holding the `resource` block.
    pub path: PathBuf,
    /// The block's located tree: attribute paths resolve in it.
    pub block: Arc<hcl::HNode>,
}

/// A region named by a resource besides its own (a replica, a replication
/// destination, a backup copy), for data-residency rules.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OtherRegion {
    /// The attribute that names it (`replica[1].region_name`).
    pub path: Path,
    /// The region, when known (from the value, an ARN, or the region of the
    /// referenced resource).
    pub region: Option<String>,
    /// What it is: `replica`, `replication-destination`, `backup-copy`.
    pub what: &'static str,
}

/// How the region of a resource was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegionFrom {
    /// The resource's own `region` argument (AWS provider 6 and others).
    Resource,
    /// The `region` of its provider configuration.
    Provider,
}

/// The Terraform side of a [`Resource`] (whose `kind` is the resource type,
/// `name` the full address, `body` the planned values).
#[derive(Clone, Debug)]
pub struct TfResource {
    /// The plan file it comes from (addresses are unique within a plan,
    /// not within a scan).
    pub plan: Arc<str>,
    /// `module.net.aws_subnet.private["a"]`
    pub address: String,
    /// `module.net` (with instance keys, as Terraform writes it); empty at
    /// the root.
    pub module_address: String,
    /// The module calls leading to the resource, without instance keys:
    /// `["net"]`. Configuration and `.tf` files are per call, not instance.
    pub module_path: Vec<String>,
    /// `aws_subnet`
    pub r#type: String,
    /// `private`
    pub name: String,
    /// The `count` (number) or `for_each` (string) key, if any.
    pub index: Option<Json>,
    /// `registry.terraform.io/hashicorp/aws` (or `aws` in old plans).
    pub provider_name: String,
    /// The key of its provider configuration in
    /// `configuration.provider_config` (`aws.west`, `module.net:aws`), once
    /// module inheritance is followed; None when no configuration applies.
    pub provider_key: Option<String>,
    /// Where the resource lives; None when not determinable (a region from
    /// the environment, a computed value).
    pub region: Option<String>,
    pub region_from: Option<RegionFrom>,
    /// Regions named by replicas, replication destinations, backup copies.
    pub other_regions: Vec<OtherRegion>,
    /// `["create"]`, `["update"]`, `["no-op"]`, `["delete", "create"]`...;
    /// empty for an instance known only from `planned_values`.
    pub actions: Vec<String>,
    /// `change.after_unknown`: a tree shaped like the values, `true` where
    /// a value is known only after apply. `{}` when all is known.
    pub unknown: Json,
    /// The configuration's `expressions` for the resource (attribute →
    /// `{constant_value}` or `{references}`; nested blocks as lists of such
    /// maps). Null when the plan has no configuration for it.
    pub config: Json,
    /// For each attribute path of `config` with references (`bucket`,
    /// `rule[0].destination[0].bucket`, in the configuration's order of
    /// nested blocks), the addresses of the resource instances it
    /// references, followed through module variables and outputs.
    pub references: BTreeMap<String, Vec<String>>,
    /// The `.tf` block, when found.
    pub source: Option<TfSource>,
    /// The span of the resource in the plan JSON (its `address` entry):
    /// where findings go when no `.tf` is found.
    pub json_span: Span,
    /// The planned values (the same tree as the resource's `body`): paths
    /// are in their order, which for sets of blocks is not the source's.
    pub values: Arc<Node>,
}

impl TfResource {
    /// Whether the value at `path` is unknown until apply (itself, or an
    /// enclosing value). Unknown is never false: a rule that needs the value
    /// reports nothing unless the configuration settles it
    /// ([`TfResource::set_by_reference`], [`TfResource::constant`]).
    pub fn is_unknown(&self, path: &Path) -> bool {
        let mut cur = &self.unknown;
        for seg in &path.0 {
            if cur == &Json::Bool(true) {
                return true;
            }
            cur = match (seg, cur) {
                (Seg::Key(k), Json::Object(m)) => match m.get(k) {
                    Some(v) => v,
                    None => return false,
                },
                (Seg::Index(i), Json::Array(a)) => match a.get(*i) {
                    Some(v) => v,
                    None => return false,
                },
                _ => return false,
            };
        }
        cur == &Json::Bool(true)
    }

    /// The configuration's expression for `path` (`{"references": [...]}`
    /// or `{"constant_value": ...}`). A single nested block, which the
    /// configuration may write as an object, is reached with index 0 too.
    ///
    /// `path` is a path of the planned values, as everywhere; it is mapped
    /// to the configuration's order of nested blocks first.
    pub fn config_expr(&self, path: &Path) -> Option<&Json> {
        let path = self.source_path(path);
        let mut cur = &self.config;
        for seg in &path.0 {
            cur = match (seg, cur) {
                (Seg::Key(k), Json::Object(m)) => m.get(k)?,
                (Seg::Index(i), Json::Array(a)) => a.get(*i)?,
                (Seg::Index(0), Json::Object(_)) => cur,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Whether the configuration sets `path` from references (for example
    /// `kms_key_id = aws_kms_key.db.arn`): a value is set, even if unknown.
    pub fn set_by_reference(&self, path: &Path) -> bool {
        self.config_expr(path)
            .and_then(|e| e.get("references"))
            .and_then(Json::as_array)
            .is_some_and(|r| !r.is_empty())
    }

    /// The configuration's constant for `path`, if it writes one.
    pub fn constant(&self, path: &Path) -> Option<&Json> {
        self.config_expr(path)?.get("constant_value")
    }

    /// Addresses of the resources referenced by the top-level attribute
    /// `attr` (`bucket`, `load_balancer_arn`).
    pub fn referenced(&self, attr: &str) -> &[String] {
        self.references.get(attr).map_or(&[], Vec::as_slice)
    }

    /// Addresses of the resources referenced by the expression at `path`
    /// of the planned values (`rule[0].destination[0].bucket`).
    pub fn referenced_at(&self, path: &Path) -> &[String] {
        self.references
            .get(&self.source_path(path).to_string())
            .map_or(&[], Vec::as_slice)
    }

    /// Resolves an attribute path of the planned values (`values`) in the
    /// `.tf` block, when there is one. Nested blocks are matched to the
    /// source's blocks by position, except where the plan orders them
    /// otherwise (sets such as `ebs_block_device` come sorted): there the
    /// block whose constants agree with the planned item is taken.
    pub fn resolve_in_source(&self, path: &Path) -> Option<Resolved> {
        let s = self.source.as_ref()?;
        Some(s.block.resolve(&self.source_path(path)))
    }

    /// `path` with each nested-block index replaced by the index of the
    /// configuration block (source order) that the planned item matches.
    pub fn source_path(&self, path: &Path) -> Path {
        let mut out = Vec::with_capacity(path.0.len());
        let mut cfg = Some(&self.config);
        let mut val = Some(&*self.values);
        for seg in &path.0 {
            match seg {
                Seg::Key(k) => {
                    cfg = cfg.and_then(|c| c.get(k.as_str()));
                    val = val.and_then(|v| v.get(k));
                    out.push(seg.clone());
                }
                Seg::Index(n) => {
                    let item = val.and_then(|v| v.as_seq()).and_then(|s| s.get(*n));
                    let m = match (cfg, item) {
                        (Some(Json::Array(blocks)), Some(item)) if blocks.len() > 1 => {
                            best_block(blocks, item, *n)
                        }
                        _ => *n,
                    };
                    cfg = cfg.and_then(|c| match c {
                        Json::Array(a) => a.get(m),
                        Json::Object(_) if m == 0 => Some(c),
                        _ => None,
                    });
                    val = item;
                    out.push(Seg::Index(m));
                }
            }
        }
        Path(out)
    }

    /// The resource as a policy input: identity, the planned values, and
    /// what the loader worked out (unknowns, expressions, references,
    /// regions).
    pub fn to_json(&self) -> Json {
        json!({
            "address": self.address,
            "module_address": self.module_address,
            "type": self.r#type,
            "name": self.name,
            "index": self.index,
            "provider_name": self.provider_name,
            "provider_config_key": self.provider_key,
            "region": self.region,
            "region_from": self.region_from,
            "other_regions": self.other_regions,
            "actions": self.actions,
            "values": self.values.to_json(),
            "unknown": self.unknown,
            "config": self.config,
            "references": self.references,
        })
    }
}

/// The Terraform data of a resource, if it is one.
pub fn of(res: &Resource) -> Option<&TfResource> {
    res.terraform.as_deref()
}

/// The configuration block (of `blocks`, in source order) that a planned
/// item is: no constant of the block disagrees with the item, and the most
/// constants agree; `n` (same position) when nothing tells them apart.
fn best_block(blocks: &[Json], item: &Node, n: usize) -> usize {
    let mut best: Option<(usize, usize)> = None; // (agreeing constants, index)
    for (j, b) in blocks.iter().enumerate() {
        let Json::Object(attrs) = b else { continue };
        let mut agree = 0;
        let mut differ = false;
        for (k, e) in attrs {
            let Some(c) = e.get("constant_value") else {
                continue;
            };
            match item.get(k) {
                Some(v) if &v.to_json() == c => agree += 1,
                Some(_) => differ = true,
                None => {}
            }
        }
        if differ {
            continue;
        }
        let better = match best {
            None => true,
            Some((a, i)) => agree > a || (agree == a && j == n && i != n),
        };
        if better {
            best = Some((agree, j));
        }
    }
    match best {
        Some((a, j)) if a > 0 => j,
        _ => n,
    }
}
