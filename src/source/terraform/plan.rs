//! Reading a plan: instances, configuration, providers and regions,
//! references, and the `.tf` blocks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use super::addr::{self, Step};
use super::hcl::{Local, ModuleDir};
use super::{OtherRegion, RegionFrom, TfResource, TfSource};
use crate::model::{Path, Resource, Target};
use crate::source::span::Span;
use crate::source::yaml::Node;

/// A `.tf` file that resources of the plan are written in, with those
/// resources (their findings land in it).
#[derive(Debug)]
pub struct TfSourceFile {
    pub path: PathBuf,
    pub resources: Vec<Resource>,
}

/// What loading a plan gave.
#[derive(Debug, Default)]
pub struct PlanLoad {
    /// Resources whose `.tf` block was not found: their findings point at
    /// the plan JSON.
    pub resources: Vec<Resource>,
    /// The `.tf` files the other resources point into.
    pub tf_files: Vec<TfSourceFile>,
    /// For `--verbose`: why locations fall back to the plan JSON.
    pub notes: Vec<String>,
}

/// Most steps followed through module variables and outputs when resolving
/// one reference.
const MAX_DEPTH: usize = 16;

struct Inst<'a> {
    address: String,
    module_address: String,
    module_path: Vec<String>,
    r#type: String,
    name: String,
    index: Option<Json>,
    provider_name: String,
    actions: Vec<String>,
    values: Option<&'a Node>,
    unknown: Json,
    json_span: Span,
}

struct Plan<'a> {
    config: Option<&'a Node>,
    provider_config: Option<&'a Node>,
    variables: Option<&'a Node>,
    /// The `.tf` directories of the modules, read when first needed.
    dirs: std::cell::RefCell<Dirs>,
    /// Per module, its configuration's managed resources by `type.name`.
    config_index: ConfigIndex<'a>,
}

type ConfigIndex<'a> = std::cell::RefCell<HashMap<Vec<String>, HashMap<String, &'a Node>>>;

fn strs(n: Option<&Node>) -> Vec<String> {
    n.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn index_of(n: &Node) -> Option<Json> {
    n.get("index").map(Node::to_json).filter(|j| !j.is_null())
}

impl<'a> Plan<'a> {
    /// The configuration of the module reached by `path` (call names).
    fn module(&self, path: &[String]) -> Option<&'a Node> {
        let mut cur = self.config?.get("root_module")?;
        for m in path {
            cur = cur.get("module_calls")?.get(m)?.get("module")?;
        }
        Some(cur)
    }

    /// The `module "name" { }` call for the module at `path`.
    fn call(&self, path: &[String]) -> Option<&'a Node> {
        let (last, parent) = path.split_last()?;
        self.module(parent)?.get("module_calls")?.get(last)
    }

    fn config_resource(&self, path: &[String], ty: &str, name: &str) -> Option<&'a Node> {
        let mut by_module = self.config_index.borrow_mut();
        let table = by_module.entry(path.to_vec()).or_insert_with(|| {
            self.module(path)
                .and_then(|m| m.get("resources"))
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter(|r| r.get_str("mode").is_none_or(|m| m == "managed"))
                .filter_map(|r| Some((r.get_str("address")?.to_string(), r)))
                .collect()
        });
        table.get(&format!("{ty}.{name}")).copied()
    }

    /// The provider configuration a resource uses: its
    /// `provider_config_key` if listed, else the same provider in the
    /// enclosing modules (inheritance), up to the root. A module's entry
    /// without any arguments (what Terraform lists for a module that only
    /// declares `required_providers`) gives way to an enclosing one that has
    /// arguments.
    fn provider(&self, key: &str, path: &[String]) -> Option<(String, &'a Node)> {
        let pc = self.provider_config?;
        let implied =
            |n: &Node| n.get("expressions").is_none() && n.get("module_address").is_some();
        let mut fallback = None;
        if let Some(n) = pc.get(key) {
            if !implied(n) {
                return Some((key.to_string(), n));
            }
            fallback = Some((key.to_string(), n));
        }
        // `module.a:aws.west` (1.x), `a:aws` (0.1), or `aws.west`.
        let mut local = key.rsplit_once(':').map_or(key, |(_, l)| l).to_string();
        for d in (0..=path.len()).rev() {
            // A name the call passes (`providers = { aws = aws.west }` in
            // the calling module's `.tf`; 1.x plans resolve this already).
            if d < path.len() {
                let passed = self
                    .dir(&path[..d])
                    .and_then(|dir| dir.providers.get(&path[d])?.get(&local).cloned());
                if let Some(p) = passed {
                    local = p;
                }
            }
            let cands = if d == 0 {
                vec![local.clone()]
            } else {
                vec![
                    format!("{}:{local}", addr::module_address(&path[..d])),
                    format!("{}:{local}", path[..d].join(".")),
                ]
            };
            for c in cands {
                if let Some(n) = pc.get(&c) {
                    if !implied(n) {
                        return Some((c, n));
                    }
                    fallback.get_or_insert((c, n));
                }
            }
        }
        fallback
    }

    /// A string an expression settles to in the module at `path`: a
    /// constant, or a variable or local value (as the only thing the
    /// expression references) whose value is known: a module call's
    /// argument, the plan's `variables`, a variable's default, or a
    /// `locals` entry of the module's `.tf` files that is a string or
    /// another variable or local.
    fn eval_str(&self, expr: &Node, path: &[String], depth: usize) -> Option<String> {
        if let Some(c) = expr.get("constant_value") {
            return c.as_str().map(str::to_string);
        }
        let refs = strs(expr.get("references"));
        // `var.x`, `local.x`: the first two steps; every reference must be
        // to that one value (`var.x` and its parts).
        let root = |r: &str| {
            let st = addr::steps(r);
            match (st.first(), st.get(1)) {
                (Some(a), Some(b)) if a.name == "var" || a.name == "local" => {
                    Some(format!("{}.{}", a.name, b.name))
                }
                _ => None,
            }
        };
        let first = root(refs.first()?)?;
        if refs
            .iter()
            .any(|r| root(r).as_deref() != Some(first.as_str()))
        {
            return None;
        }
        self.eval_named(&first, path, depth + 1)
    }

    /// The value of `var.x` or `local.x` in the module at `path`.
    fn eval_named(&self, name: &str, path: &[String], depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(l) = name.strip_prefix("local.") {
            let dir = self.dir(path)?;
            return match dir.locals.get(l)? {
                Local::Str(s) => Some(s.clone()),
                Local::Ref(r) => self.eval_named(r, path, depth + 1),
            };
        }
        let var = name.strip_prefix("var.")?;
        let default = || {
            self.module(path)?
                .get("variables")?
                .get(var)?
                .get("default")?
                .as_str()
                .map(str::to_string)
        };
        if path.is_empty() {
            if let Some(v) = self.variables.and_then(|v| v.get(var)) {
                return v.get("value").and_then(Node::as_str).map(str::to_string);
            }
            return default();
        }
        match self
            .call(path)
            .and_then(|c| c.get("expressions"))
            .and_then(|e| e.get(var))
        {
            Some(e) => self.eval_str(e, &path[..path.len() - 1], depth + 1),
            None => default(),
        }
    }

    /// The parsed `.tf` files of the module at `path`, if found.
    fn dir(&self, path: &[String]) -> Option<Arc<ModuleDir>> {
        if let Some(d) = self.dirs.borrow().cache.get(path) {
            return d.clone();
        }
        let d = self
            .dir_of(path)
            .map(|p| Arc::new(ModuleDir::load(&p)))
            .filter(|d| !d.files.is_empty() || !d.problems.is_empty());
        self.dirs
            .borrow_mut()
            .cache
            .insert(path.to_vec(), d.clone());
        d
    }

    /// Where the module at `path` is: the root module's directory,
    /// `.terraform/modules/modules.json` (registry and local modules, as
    /// `terraform init` recorded them), else a local `source` relative to
    /// the calling module.
    fn dir_of(&self, m: &[String]) -> Option<PathBuf> {
        let dirs = self.dirs.borrow();
        let root = dirs.root.as_ref()?;
        if m.is_empty() {
            return Some(root.clone());
        }
        if let Some(d) = dirs.modules_json.get(&m.join(".")) {
            return Some(d.clone());
        }
        drop(dirs);
        let source = self.call(m)?.get_str("source")?;
        if source.starts_with("./") || source.starts_with("../") {
            Some(join_clean(&self.dir_of(&m[..m.len() - 1])?, source))
        } else {
            None
        }
    }

    /// The resources (module path, `type.name`, explicit key) that a
    /// reference made in the module at `path` leads to.
    fn ref_targets(
        &self,
        path: &[String],
        r: &str,
        depth: usize,
        out: &mut Vec<(Vec<String>, String, Option<Json>)>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let st = addr::steps(r);
        let Some(first) = st.first() else { return };
        match first.name.as_str() {
            "var" => {
                let (Some(v), false) = (st.get(1), path.is_empty()) else {
                    return;
                };
                let parent = &path[..path.len() - 1];
                if let Some(e) = self
                    .call(path)
                    .and_then(|c| c.get("expressions"))
                    .and_then(|e| e.get(&v.name))
                {
                    for r in strs(e.get("references")) {
                        self.ref_targets(parent, &r, depth + 1, out);
                    }
                }
            }
            "module" => {
                let (Some(call), Some(output)) = (st.get(1), st.get(2)) else {
                    return;
                };
                let mut inner = path.to_vec();
                inner.push(call.name.clone());
                if let Some(e) = self
                    .module(&inner)
                    .and_then(|m| m.get("outputs"))
                    .and_then(|o| o.get(&output.name))
                    .and_then(|o| o.get("expression"))
                {
                    for r in strs(e.get("references")) {
                        self.ref_targets(&inner, &r, depth + 1, out);
                    }
                }
            }
            "data" | "local" | "each" | "count" | "path" | "terraform" | "self" => {}
            _ => {
                if let Some(n) = st.get(1) {
                    let t = (
                        path.to_vec(),
                        format!("{}.{}", first.name, n.name),
                        n.key.clone(),
                    );
                    if !out.contains(&t) {
                        out.push(t);
                    }
                }
            }
        }
    }
}

/// Every `{references: [...]}` expression of a configuration `expressions`
/// tree, with its attribute path.
fn walk_exprs(j: &Json, path: &Path, out: &mut Vec<(Path, Vec<String>)>) {
    match j {
        Json::Object(m) => {
            let is_expr =
                !m.is_empty() && m.keys().all(|k| k == "references" || k == "constant_value");
            if is_expr {
                if let Some(Json::Array(r)) = m.get("references") {
                    let refs: Vec<String> = r
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect();
                    if !refs.is_empty() {
                        out.push((path.clone(), refs));
                    }
                }
            } else {
                for (k, v) in m {
                    walk_exprs(v, &path.key(k), out);
                }
            }
        }
        Json::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk_exprs(v, &path.idx(i), out);
            }
        }
        _ => {}
    }
}

/// The region of an ARN (`arn:aws:backup:eu-west-1:123:backup-vault:x`).
fn arn_region(s: &str) -> Option<String> {
    let mut parts = s.split(':');
    (parts.next()? == "arn").then_some(())?;
    let region = parts.nth(2)?;
    (!region.is_empty()).then(|| region.to_string())
}

/// Attribute paths that name another region, per resource type: the path
/// to the list items, the attribute, and what it is. Each item of the lists
/// on the way is visited.
const OTHER_REGIONS: &[(&str, &[&str], &str)] = &[
    ("aws_dynamodb_table", &["replica", "region_name"], "replica"),
    (
        "aws_dynamodb_global_table",
        &["replica", "region_name"],
        "replica",
    ),
    (
        "aws_secretsmanager_secret",
        &["replica", "region"],
        "replica",
    ),
    (
        "aws_ecr_replication_configuration",
        &["replication_configuration", "rule", "destination", "region"],
        "replication-destination",
    ),
    (
        "aws_s3_bucket_replication_configuration",
        &["rule", "destination", "bucket"],
        "replication-destination",
    ),
    (
        "aws_s3_bucket",
        &[
            "replication_configuration",
            "rules",
            "destination",
            "bucket",
        ],
        "replication-destination",
    ),
    (
        "aws_backup_plan",
        &["rule", "copy_action", "destination_vault_arn"],
        "backup-copy",
    ),
    (
        "aws_db_instance_automated_backups_replication",
        &["source_db_instance_arn"],
        "replication-source",
    ),
];

/// Visits `keys` below `node`, through every item of the lists on the way.
fn visit_paths(node: &Node, keys: &[&str], path: Path, out: &mut Vec<(Path, Option<String>)>) {
    let Some((k, rest)) = keys.split_first() else {
        out.push((path, node.as_str().map(str::to_string)));
        return;
    };
    let p = path.key(k);
    let Some(v) = node.get(k) else {
        // An attribute unknown until apply (a bucket ARN to be): its path,
        // the region to come from what it references.
        if rest.is_empty() {
            out.push((p, None));
        }
        return;
    };
    match v.as_seq() {
        Some(items) if !rest.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                visit_paths(item, rest, p.idx(i), out);
            }
        }
        _ => visit_paths(v, rest, p, out),
    }
}

/// Loads the plan parsed as `root`. `plan_path` is where it was read from;
/// `tf_root` the root module's directory when given (`--tf-root`), else the
/// plan's directory.
pub fn load(plan_path: Option<&FsPath>, root: &Node, tf_root: Option<&FsPath>) -> PlanLoad {
    let config = root.get("configuration");
    let plan_dir = plan_path
        .and_then(FsPath::parent)
        .map(|p| {
            if p.as_os_str().is_empty() {
                FsPath::new(".")
            } else {
                p
            }
        })
        .map(FsPath::to_path_buf);
    let root_dir = tf_root.map(FsPath::to_path_buf).or(plan_dir);
    let plan = Plan {
        config,
        provider_config: config.and_then(|c| c.get("provider_config")),
        variables: root.get("variables"),
        dirs: std::cell::RefCell::new(Dirs {
            root: root_dir.clone(),
            modules_json: root_dir
                .as_deref()
                .map(read_modules_json)
                .unwrap_or_default(),
            cache: HashMap::new(),
        }),
        config_index: Default::default(),
    };
    let insts = instances(root);
    let plan_id: Arc<str> = Arc::from(
        plan_path
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let mut out = PlanLoad::default();

    // Configuration, provider and region of each instance.
    let mut tfs: Vec<TfResource> = insts
        .iter()
        .map(|i| {
            let cfg = plan.config_resource(&i.module_path, &i.r#type, &i.name);
            // Old plans without configuration: the provider's local name.
            let key = cfg
                .and_then(|c| c.get_str("provider_config_key"))
                .map(str::to_string)
                .unwrap_or_else(|| {
                    i.provider_name
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("provider.")
                        .to_string()
                });
            let provider = plan.provider(&key, &i.module_path);
            let values = i.values;
            let own = values
                .and_then(|v| v.get_str("region"))
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .or_else(|| {
                    let e = cfg?.get("expressions")?.get("region")?;
                    plan.eval_str(e, &i.module_path, 0)
                });
            // The configuration sets the resource's own region to something
            // known only after apply: unknown, not the provider's. (An
            // unknown `region` alone is the provider computing it.)
            let own_unknown = own.is_none()
                && cfg
                    .and_then(|c| c.get("expressions"))
                    .and_then(|e| e.get("region"))
                    .is_some();
            let (region, region_from) = match own {
                Some(r) => (Some(r), Some(RegionFrom::Resource)),
                None if own_unknown => (None, None),
                None => {
                    let r = provider.as_ref().and_then(|(_, p)| {
                        let e = p.get("expressions")?.get("region")?;
                        let m = addr::module_path(p.get_str("module_address").unwrap_or(""));
                        plan.eval_str(e, &m, 0)
                    });
                    let from = r.as_ref().map(|_| RegionFrom::Provider);
                    (r, from)
                }
            };
            TfResource {
                plan: plan_id.clone(),
                address: i.address.clone(),
                module_address: i.module_address.clone(),
                module_path: i.module_path.clone(),
                r#type: i.r#type.clone(),
                name: i.name.clone(),
                index: i.index.clone(),
                provider_name: i.provider_name.clone(),
                provider_key: provider.map(|(k, _)| k),
                region,
                region_from,
                other_regions: Vec::new(),
                actions: i.actions.clone(),
                unknown: i.unknown.clone(),
                config: cfg
                    .and_then(|c| c.get("expressions"))
                    .map_or(Json::Null, Node::to_json),
                references: BTreeMap::new(),
                source: None,
                json_span: i.json_span,
                values: Arc::new(i.values.cloned().unwrap_or_else(|| {
                    Node::new(i.json_span, crate::source::yaml::Value::Map(Vec::new()))
                })),
            }
        })
        .collect();

    // References: from configuration addresses to instances.
    let mut by_config: HashMap<(Vec<String>, String), Vec<usize>> = HashMap::new();
    for (n, t) in tfs.iter().enumerate() {
        by_config
            .entry((t.module_path.clone(), format!("{}.{}", t.r#type, t.name)))
            .or_default()
            .push(n);
    }
    let mut all_refs = Vec::with_capacity(tfs.len());
    for t in &tfs {
        let mut exprs = Vec::new();
        walk_exprs(&t.config, &Path::root(), &mut exprs);
        let mut refs = BTreeMap::new();
        for (p, rs) in exprs {
            let mut targets = Vec::new();
            for r in &rs {
                plan.ref_targets(&t.module_path, r, 0, &mut targets);
            }
            let mut addrs: Vec<String> = Vec::new();
            for (m, a, key) in targets {
                let Some(cands) = by_config.get(&(m.clone(), a)) else {
                    continue;
                };
                let mut picked: Vec<usize> = match &key {
                    Some(k) => cands
                        .iter()
                        .copied()
                        .filter(|&c| tfs[c].index.as_ref() == Some(k))
                        .collect(),
                    None => cands.clone(),
                };
                // In the same module: the same module instance.
                if m == t.module_path {
                    let same: Vec<usize> = picked
                        .iter()
                        .copied()
                        .filter(|&c| tfs[c].module_address == t.module_address)
                        .collect();
                    if !same.is_empty() {
                        picked = same;
                    }
                }
                // `count`/`for_each` pairs (`aws_s3_bucket.b[count.index]`,
                // `each.key`): the instance with the same key.
                if key.is_none() && t.index.is_some() && picked.len() > 1 {
                    let same: Vec<usize> = picked
                        .iter()
                        .copied()
                        .filter(|&c| tfs[c].index == t.index)
                        .collect();
                    if !same.is_empty() {
                        picked = same;
                    }
                }
                addrs.extend(picked.into_iter().map(|c| tfs[c].address.clone()));
            }
            addrs.sort();
            addrs.dedup();
            if !addrs.is_empty() {
                refs.insert(p.to_string(), addrs);
            }
        }
        all_refs.push(refs);
    }
    for (t, r) in tfs.iter_mut().zip(all_refs) {
        t.references = r;
    }

    // Other regions named (replicas, replication destinations).
    let region_of: HashMap<String, Option<String>> = tfs
        .iter()
        .map(|t| (t.address.clone(), t.region.clone()))
        .collect();
    for (t, i) in tfs.iter_mut().zip(&insts) {
        let Some(values) = i.values else { continue };
        for (ty, keys, what) in OTHER_REGIONS {
            if *ty != t.r#type {
                continue;
            }
            let mut found = Vec::new();
            visit_paths(values, keys, Path::root(), &mut found);
            for (p, v) in found {
                let region = if keys.last().is_some_and(|k| k.contains("region")) {
                    v
                } else {
                    // A bucket or ARN: the referenced resource's region,
                    // else the ARN's.
                    t.referenced_at(&p)
                        .iter()
                        .find_map(|a| region_of.get(a).cloned().flatten())
                        .or_else(|| v.as_deref().and_then(arn_region))
                };
                t.other_regions.push(OtherRegion {
                    path: p,
                    region,
                    what,
                });
            }
        }
    }

    // Source: the `.tf` blocks.
    let mut by_file: Vec<TfSourceFile> = Vec::new();
    let mut file_index: HashMap<PathBuf, usize> = HashMap::new();
    let mut unmapped = 0usize;
    drop(insts);
    for mut t in tfs {
        if let Some(dir) = plan.dir(&t.module_path) {
            if let Some(l) = dir.find("managed", &t.r#type, &t.name) {
                t.source = Some(TfSource {
                    path: dir.files[l.file].path.clone(),
                    block: l.block.clone(),
                });
            }
        }
        let body = t.values.clone();
        let file = t.source.as_ref().map(|s| s.path.clone());
        let res = Resource {
            target: Target::Terraform,
            file: 0,
            doc: 0,
            doc_path: Path::root(),
            api_version: String::new(),
            kind: t.r#type.clone(),
            name: t.address.clone(),
            namespace: String::new(),
            body,
            terraform: Some(Arc::new(t)),
            cloudformation: None,
        };
        match file {
            Some(f) => {
                let n = *file_index.entry(f.clone()).or_insert_with(|| {
                    by_file.push(TfSourceFile {
                        path: f,
                        resources: Vec::new(),
                    });
                    by_file.len() - 1
                });
                by_file[n].resources.push(res);
            }
            None => {
                unmapped += 1;
                out.resources.push(res);
            }
        }
    }
    out.tf_files = by_file;
    for d in plan.dirs.borrow().cache.values().flatten() {
        out.notes.extend(d.problems.iter().cloned());
    }
    if unmapped > 0 {
        let root_shown = root_dir
            .as_deref()
            .map_or_else(|| "?".to_string(), |d| d.display().to_string());
        out.notes.push(format!(
            "{unmapped} resource(s) not found in .tf files (root module: {root_shown}); their findings point at the plan JSON (set --tf-root or terraform.root to the directory the plan was made in)"
        ));
    }
    out.notes.sort();
    out
}

/// The managed instances the plan leaves deployed (see the module doc).
fn instances(root: &Node) -> Vec<Inst<'_>> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for rc in root.get("resource_changes").map(Node::items).unwrap_or(&[]) {
        let Some(address) = rc.get_str("address") else {
            continue;
        };
        if rc.get("deposed").is_some_and(|d| !d.is_null()) {
            continue;
        }
        seen.insert(address.to_string());
        if rc.get_str("mode").is_some_and(|m| m != "managed") {
            continue;
        }
        let change = rc.get("change");
        let actions = strs(change.and_then(|c| c.get("actions")));
        let deployed = actions
            .iter()
            .any(|a| matches!(a.as_str(), "create" | "update" | "no-op"));
        if !deployed {
            continue;
        }
        let values = change.and_then(|c| c.get("after")).filter(|v| !v.is_null());
        out.push(inst(
            rc,
            address,
            actions,
            values,
            change.and_then(|c| c.get("after_unknown")),
        ));
    }
    // Instances without a change entry.
    let mut stack: Vec<&Node> = root
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
        .into_iter()
        .collect();
    while let Some(m) = stack.pop() {
        for r in m.get("resources").map(Node::items).unwrap_or(&[]) {
            let Some(address) = r.get_str("address") else {
                continue;
            };
            if r.get_str("mode").is_some_and(|m| m != "managed") || seen.contains(address) {
                continue;
            }
            seen.insert(address.to_string());
            out.push(inst(r, address, Vec::new(), r.get("values"), None));
        }
        let children = m.get("child_modules").map(Node::items).unwrap_or(&[]);
        stack.extend(children.iter().rev());
    }
    out
}

fn inst<'a>(
    n: &'a Node,
    address: &str,
    actions: Vec<String>,
    values: Option<&'a Node>,
    unknown: Option<&Node>,
) -> Inst<'a> {
    let module_address = n
        .get_str("module_address")
        .map(str::to_string)
        .unwrap_or_else(|| addr::module_of(address));
    // Type and name from the address when the entry lacks them.
    let st: Vec<Step> = addr::steps(address);
    let tail = &st[st.len().saturating_sub(2)..];
    Inst {
        address: address.to_string(),
        module_path: addr::module_path(&module_address),
        module_address,
        r#type: n
            .get_str("type")
            .map(str::to_string)
            .or_else(|| tail.first().map(|s| s.name.clone()))
            .unwrap_or_default(),
        name: n
            .get_str("name")
            .map(str::to_string)
            .or_else(|| tail.get(1).map(|s| s.name.clone()))
            .unwrap_or_default(),
        index: index_of(n),
        provider_name: n.get_str("provider_name").unwrap_or_default().to_string(),
        actions,
        values,
        unknown: unknown
            .map(Node::to_json)
            .filter(|j| !j.is_null())
            .unwrap_or_else(|| Json::Object(Default::default())),
        json_span: n.entry("address").map_or(n.span, |e| e.span()),
    }
}

/// `.terraform/modules/modules.json`: module key (`a.b`) to directory.
fn read_modules_json(root: &FsPath) -> HashMap<String, PathBuf> {
    let p = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(p) else {
        return HashMap::new();
    };
    let Ok(j) = serde_json::from_str::<Json>(&text) else {
        return HashMap::new();
    };
    j.get("Modules")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m.get("Key")?.as_str()?;
            let dir = m.get("Dir")?.as_str()?;
            Some((key.to_string(), join_clean(root, dir)))
        })
        .collect()
}

/// Module directories, parsed once per plan.
#[derive(Default)]
struct Dirs {
    root: Option<PathBuf>,
    modules_json: HashMap<String, PathBuf>,
    cache: HashMap<Vec<String>, Option<Arc<ModuleDir>>>,
}

/// `base/rel` with `.` and `..` steps of `rel` applied (`..` only while
/// `base` has a step to take back), so that shown paths stay plain.
fn join_clean(base: &FsPath, rel: &str) -> PathBuf {
    use std::path::Component;
    let mut out: PathBuf = base
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    for c in FsPath::new(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_directories_are_joined_plainly() {
        let j = |b: &str, r: &str| join_clean(FsPath::new(b), r).to_string_lossy().into_owned();
        assert_eq!(j("infra", "./modules/net"), "infra/modules/net");
        assert_eq!(j("infra/modules/net", "../logs"), "infra/modules/logs");
        assert_eq!(j(".", "../shared"), "../shared");
        assert_eq!(j("a", "../../b"), "../b");
    }

    #[test]
    fn arns_name_their_region() {
        assert_eq!(
            arn_region("arn:aws:backup:us-east-1:1:backup-vault:x").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(arn_region("arn:aws:s3:::bucket"), None);
        assert_eq!(arn_region("bucket"), None);
    }
}
