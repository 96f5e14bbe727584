//! Evaluating a [`PolicySet`] over a scan's resources: in parallel, one
//! engine clone per rayon worker, each resource's tree converted to a Rego
//! value once and shared by every package.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use regorus::value::Object;
use regorus::Value;

use super::{convert, Package, PolicySet, Style};
use crate::config::{Config, Params};
use crate::finding::{fingerprint, Finding};
use crate::model::{Path, Resource, Target};
use crate::rules::Severity;
use crate::scan::EnabledRule;

/// What a package's rule returned for one resource, before locating it.
#[derive(Debug, PartialEq)]
pub struct RawResult {
    pub message: String,
    pub path: Option<Value>,
    pub warn: bool,
}

/// Reads a `deny`/`violation`/`warn` rule's value: a set (or array) of
/// strings or of objects with `msg` and an optional `path`; `true` alone is
/// one result named after the rule.
pub fn read_results(rule: &str, v: &Value, warn: bool, out: &mut Vec<RawResult>) {
    let one = |item: &Value, out: &mut Vec<RawResult>| match item {
        Value::String(s) => out.push(RawResult {
            message: s.to_string(),
            path: None,
            warn,
        }),
        Value::Object(o) => {
            let msg = o.get(&Value::from("msg"));
            let message = match msg {
                Some(Value::String(s)) => s.to_string(),
                Some(other) => convert::to_json(other).to_string(),
                None => convert::to_json(item).to_string(),
            };
            let path = o
                .get(&Value::from("path"))
                .filter(|p| !matches!(p, Value::Null | Value::Undefined))
                .cloned();
            out.push(RawResult {
                message,
                path,
                warn,
            });
        }
        Value::Bool(false) | Value::Null | Value::Undefined => {}
        other => out.push(RawResult {
            message: convert::to_json(other).to_string(),
            path: None,
            warn,
        }),
    };
    match v {
        Value::Set(s) => s.iter().for_each(|i| one(i, out)),
        Value::Array(a) => a.iter().for_each(|i| one(i, out)),
        Value::Bool(true) => out.push(RawResult {
            message: format!("{rule} is true"),
            path: None,
            warn,
        }),
        Value::Undefined | Value::Null | Value::Bool(false) => {}
        other => one(other, out),
    }
}

/// Everything a scan gives the Rego evaluation.
pub struct ScanInput<'a> {
    pub config: &'a Config,
    /// For each file of `shown`, the path whose environment applies to it
    /// (for a `.tf` file, the plan that names it).
    pub paths: &'a [std::path::PathBuf],
    pub shown: &'a [String],
    pub resources: &'a [Resource],
}

/// `input._plumb` for the resources of one file: params, environment, file.
fn file_context(shown: &str, params: &Params, env: Option<&str>) -> Object {
    let mut o = Object::default();
    o.insert(Value::from("file"), Value::from(shown));
    o.insert(
        Value::from("params"),
        Value::from(serde_json::to_value(params).unwrap_or_default()),
    );
    o.insert(
        Value::from("environment"),
        env.map_or(Value::Null, Value::from),
    );
    o
}

/// `data.plumb.resources[namespace][kind][name]`: the scan's documents.
fn resources_data(resources: &[Resource]) -> Value {
    let mut tree: BTreeMap<&str, BTreeMap<&str, Vec<&Resource>>> = BTreeMap::new();
    for r in resources.iter().filter(|r| r.target == Target::Kubernetes) {
        tree.entry(r.namespace.as_str())
            .or_default()
            .entry(r.kind.as_str())
            .or_default()
            .push(r);
    }
    let mut by_ns = Object::default();
    for (ns, kinds) in tree {
        let mut by_kind = Object::default();
        for (kind, rs) in kinds {
            let mut by_name = Object::default();
            for r in rs {
                by_name.insert(Value::from(r.name.as_str()), convert::to_value(&r.body));
            }
            by_kind.insert(Value::from(kind), by_name.into());
        }
        by_ns.insert(Value::from(ns), by_kind.into());
    }
    let mut plumb = Object::default();
    plumb.insert(Value::from("resources"), by_ns.into());
    let mut root = Object::default();
    root.insert(Value::from("plumb"), plumb.into());
    root.into()
}

/// Findings of the enabled Rego rules, and errors (a policy that failed on a
/// resource), at most a few per package.
pub fn evaluate(
    set: &PolicySet,
    enabled: &[EnabledRule],
    scan: &ScanInput,
) -> (Vec<Finding>, Vec<String>) {
    let packages: Vec<(&Package, Severity)> = set
        .packages
        .iter()
        .filter_map(|p| {
            enabled
                .iter()
                .find(|e| e.meta.id == p.meta.id)
                .map(|e| (p, e.severity))
        })
        .collect();
    if packages.is_empty() || scan.resources.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut engine = set.engine.clone();
    if set.wants_terraform {
        if let Some(d) = super::terraform::data(scan.resources) {
            if let Err(e) = engine.add_data(d) {
                return (
                    Vec::new(),
                    vec![format!(
                        "cannot add the scan's Terraform resources as data.plumb.terraform: {e:#}"
                    )],
                );
            }
        }
    }
    if set.wants_cloudformation {
        if let Some(d) = super::cloudformation::data(scan.resources) {
            if let Err(e) = engine.add_data(d) {
                return (
                    Vec::new(),
                    vec![format!(
                        "cannot add the scan's CloudFormation resources as data.plumb.cloudformation: {e:#}"
                    )],
                );
            }
        }
    }
    if set.wants_resources {
        if let Err(e) = engine.add_data(resources_data(scan.resources)) {
            return (
                Vec::new(),
                vec![format!(
                    "cannot add the scan's resources as data.plumb: {e:#}"
                )],
            );
        }
    }
    // The plumb packages that apply to each kind of the scan.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_kind: HashMap<(Target, &str), usize> = HashMap::new();
    for r in scan.resources {
        if group_of_kind.contains_key(&(r.target, r.kind.as_str())) {
            continue;
        }
        let members: Vec<usize> = packages
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| p.style == Style::Plumb && applies_to(p, r))
            .map(|(i, _)| i)
            .collect();
        if members.is_empty() {
            continue;
        }
        let g = groups
            .iter()
            .position(|m| *m == members)
            .unwrap_or_else(|| {
                groups.push(members);
                groups.len() - 1
            });
        group_of_kind.insert((r.target, r.kind.as_str()), g);
    }
    let group_rules: Vec<String> = (0..groups.len())
        .map(|g| format!("data.{AGGREGATE}.results_{g}"))
        .collect();
    let (aggregate_src, aggregate) = aggregate_module(&packages, &groups);
    let aggregate = if groups.is_empty() {
        Vec::new()
    } else if let Err(e) = engine.add_policy(format!("<{AGGREGATE}>"), aggregate_src) {
        return (Vec::new(), vec![format!("policies: {e:#}")]);
    } else {
        aggregate
    };
    let aggregate_ok = AtomicBool::new(true);
    // Prepare once, so that workers clone a ready engine.
    if let Err(e) = engine.eval_query("true".to_string(), false) {
        return (Vec::new(), vec![format!("policies: {e:#}")]);
    }
    let contexts: Vec<Object> = scan
        .paths
        .iter()
        .zip(scan.shown)
        .map(|(p, shown)| {
            let (params, env) = scan.config.params_for(p);
            file_context(shown, params, env)
        })
        .collect();
    let tf = super::terraform::contexts(scan.resources, scan.shown);
    let cfn = super::cloudformation::contexts(scan.resources);
    let stopped: Vec<AtomicBool> = packages.iter().map(|_| AtomicBool::new(false)).collect();
    let shared = Shared {
        tf: &tf.per_resource,
        cfn: &cfn,
        packages: &packages,
        contexts: &contexts,
        shown: scan.shown,
        stopped: &stopped,
        aggregate: &aggregate,
        aggregate_ok: &aggregate_ok,
        group_of_kind: &group_of_kind,
        group_rules: &group_rules,
    };
    let workers: Vec<Mutex<Option<(regorus::Engine, convert::Keys)>>> = (0
        ..rayon::current_num_threads().max(1))
        .map(|_| Mutex::new(None))
        .collect();
    let results: Vec<Evaluated> = scan
        .resources
        .par_iter()
        .enumerate()
        .map(|(index, res)| {
            let slot = rayon::current_thread_index().unwrap_or(0) % workers.len();
            let mut guard = workers[slot].lock().unwrap_or_else(|e| e.into_inner());
            let (eng, keys) =
                guard.get_or_insert_with(|| (engine.clone(), convert::Keys::default()));
            eval_resource(eng, keys, &shared, res, index)
        })
        .collect();
    let mut findings = Vec::new();
    let mut errors_by_pkg: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (f, e) in results {
        findings.extend(f);
        for (i, msg) in e {
            errors_by_pkg.entry(i).or_default().push(msg);
        }
    }
    let mut errors = Vec::new();
    for (i, stop) in stopped.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            errors_by_pkg.entry(i).or_default().push(format!(
                "policy {} ({}) ran past the {} s limit and was stopped for the rest of the scan",
                packages[i].0.package,
                packages[i].0.file,
                super::EVAL_LIMIT.as_secs()
            ));
        }
    }
    for (_, msgs) in errors_by_pkg {
        let n = msgs.len();
        errors.extend(msgs.into_iter().take(3));
        if n > 3 {
            errors.push(format!("... and {} more errors of the same policy", n - 3));
        }
    }
    (findings, errors)
}

/// A resource's findings and its errors, by package index.
type Evaluated = (Vec<Finding>, Vec<(usize, String)>);

/// The package of the generated module that evaluates every enabled
/// plumb-style package in one evaluation per resource.
const AGGREGATE: &str = "plumb_internal_aggregate";

/// One evaluation for all plumb-style packages that apply to a kind: their
/// results tagged with the entrypoint's index. Helpers (`kubernetes_lib`)
/// are computed once per resource instead of once per package, the per-call
/// setup of the engine is paid once, and packages that do not apply to the
/// kind are not touched. One rule per distinct set of applicable packages
/// (`groups`, lists of package indexes), named `results_<n>`.
fn aggregate_module(
    packages: &[(&Package, Severity)],
    groups: &[Vec<usize>],
) -> (String, Vec<(usize, bool, String)>) {
    use std::fmt::Write;
    let mut src = format!("package {AGGREGATE}\n\nimport rego.v1\n");
    let mut index = Vec::new();
    for (pi, (pkg, _)) in packages.iter().enumerate() {
        for (rule, warn) in &pkg.entrypoints {
            let n = index.len();
            index.push((pi, *warn, rule.clone()));
            for (g, members) in groups.iter().enumerate() {
                if members.contains(&pi) {
                    let _ = write!(
                        src,
                        "\nresults_{g} contains [{n}, r] if {{\n\tsome r in {rule}\n}}\n"
                    );
                }
            }
        }
    }
    (src, index)
}

/// What every worker shares.
struct Shared<'a> {
    packages: &'a [(&'a Package, Severity)],
    contexts: &'a [Object],
    shown: &'a [String],
    /// Packages stopped after running past the time limit.
    stopped: &'a [AtomicBool],
    /// The aggregate's entrypoints, if it is in use.
    aggregate: &'a [(usize, bool, String)],
    /// Cleared when the aggregate ran past the time limit once.
    aggregate_ok: &'a AtomicBool,
    /// The aggregate rule (in `group_rules`) for each target and kind.
    group_of_kind: &'a HashMap<(Target, &'a str), usize>,
    /// The Terraform part of `input._plumb`, by resource.
    tf: &'a [Option<Object>],
    /// The CloudFormation part of `input._plumb`, by resource.
    cfn: &'a [Option<Object>],
    group_rules: &'a [String],
}

/// Whether a package looks at this resource: its target, and its kind
/// when the package lists kinds. Conftest-style packages read Kubernetes
/// documents only.
fn applies_to(p: &Package, r: &Resource) -> bool {
    p.meta.targets.contains(&r.target)
        && (p.meta.kinds.is_empty() || p.meta.kinds.contains(&r.kind.as_str()))
}

fn eval_resource(
    engine: &mut regorus::Engine,
    keys: &mut convert::Keys,
    sh: &Shared,
    res: &Resource,
    index: usize,
) -> Evaluated {
    let packages = sh.packages;
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    let applies = |p: &Package| applies_to(p, res);
    if !packages.iter().any(|(p, _)| applies(p)) {
        return (findings, errors);
    }
    let doc = match crate::source::cloudformation::of(res) {
        Some(c) => super::cloudformation::input_doc(c, &res.body, keys),
        None => convert::to_value_with(&res.body, keys),
    };
    let file = sh.shown.get(res.file).map_or("", String::as_str);
    let identity = res.identity();
    let mut raw: Vec<(usize, RawResult)> = Vec::new();
    let mut done = vec![false; packages.len()];
    let group = sh
        .group_of_kind
        .get(&(res.target, res.kind.as_str()))
        .copied();
    let target_ctx = match res.target {
        Target::Terraform => sh.tf.get(index).and_then(Option::as_ref),
        Target::CloudFormation => sh.cfn.get(index).and_then(Option::as_ref),
        _ => None,
    };
    let mut current: Option<Style> = None;
    if let (Some(g), false, true) = (
        group,
        sh.aggregate.is_empty(),
        sh.aggregate_ok.load(Ordering::Relaxed),
    ) {
        engine.set_input(plumb_input(
            &doc,
            res,
            file,
            &identity,
            sh.contexts,
            target_ctx,
        ));
        current = Some(Style::Plumb);
        match engine.eval_rule(sh.group_rules[g].clone()) {
            Ok(v) => {
                let mut items = Vec::new();
                if let Value::Set(set) = &v {
                    for item in set.iter() {
                        let Value::Array(pair) = item else { continue };
                        let (Some(i), Some(r)) = (pair.get(0), pair.get(1)) else {
                            continue;
                        };
                        let Some((pi, warn, rule)) =
                            i.as_u64().ok().and_then(|i| sh.aggregate.get(i as usize))
                        else {
                            continue;
                        };
                        if sh.stopped[*pi].load(Ordering::Relaxed) {
                            continue;
                        }
                        read_results(rule, &Value::from(vec![r.clone()]), *warn, &mut items);
                        raw.extend(items.drain(..).map(|x| (*pi, x)));
                    }
                }
                for (pi, (p, _)) in packages.iter().enumerate() {
                    done[pi] = p.style == Style::Plumb;
                }
            }
            Err(e) => {
                // Evaluate package by package below, to name the one at fault.
                if super::short_error(&e).contains("time limit") {
                    sh.aggregate_ok.store(false, Ordering::Relaxed);
                }
            }
        }
    }
    // Plumb packages first, then Conftest ones: the input is set twice at most.
    let mut order: Vec<usize> = (0..packages.len()).collect();
    order.sort_by_key(|&i| packages[i].0.style == Style::Conftest);
    for i in order {
        let (pkg, _) = packages[i];
        if done[i] || !applies(pkg) || sh.stopped[i].load(Ordering::Relaxed) {
            continue;
        }
        if current != Some(pkg.style) {
            let input = match pkg.style {
                Style::Conftest => doc.clone(),
                Style::Plumb => plumb_input(&doc, res, file, &identity, sh.contexts, target_ctx),
            };
            engine.set_input(input);
            current = Some(pkg.style);
        }
        let mut items = Vec::new();
        for (rule, warn) in &pkg.entrypoints {
            match engine.eval_rule(rule.clone()) {
                Ok(v) => read_results(rule, &v, *warn, &mut items),
                Err(e) => {
                    let text = super::short_error(&e);
                    if text.contains("time limit") {
                        // Stop a runaway policy for the rest of the scan.
                        sh.stopped[i].store(true, Ordering::Relaxed);
                    }
                    errors.push((
                        i,
                        format!(
                            "policy {} ({}) failed on {identity} in {file}: {text}",
                            pkg.package, pkg.file
                        ),
                    ));
                }
            }
        }
        raw.extend(items.into_iter().map(|x| (i, x)));
    }
    for (i, r) in raw {
        let (pkg, severity) = packages[i];
        let path = match r.path.as_ref().map(convert::to_path) {
            None => Path::root(),
            Some(Ok(p)) => p,
            Some(Err(why)) => {
                errors.push((
                    i,
                    format!(
                        "policy {} ({}) returned a bad path for {identity} in {file}: {why}; the finding points at the resource",
                        pkg.package, pkg.file
                    ),
                ));
                Path::root()
            }
        };
        let resolved = res.resolve(&path);
        let path_text = path.to_string();
        findings.push(Finding {
            rule_id: pkg.meta.id,
            rule_name: pkg.meta.name,
            severity: if r.warn { Severity::Info } else { severity },
            fingerprint: fingerprint(&[pkg.meta.id, file, &identity, &path_text]),
            message: r.message,
            file: file.to_string(),
            span: resolved.span,
            resource: Some(identity.clone()),
            path: if path_text.is_empty() {
                None
            } else {
                Some(path_text)
            },
        });
    }
    (findings, errors)
}

/// The document with plumb's context under `input._plumb`; `target_ctx`
/// is the target's part of it (Terraform or CloudFormation).
fn plumb_input(
    doc: &Value,
    res: &Resource,
    file: &str,
    identity: &str,
    contexts: &[Object],
    target_ctx: Option<&Object>,
) -> Value {
    let mut ctx = contexts.get(res.file).cloned().unwrap_or_default();
    if ctx.is_empty() {
        ctx.insert(Value::from("file"), Value::from(file));
    }
    ctx.insert(Value::from("identity"), Value::from(identity));
    ctx.insert(
        Value::from("namespace"),
        Value::from(res.namespace.as_str()),
    );
    ctx.insert(Value::from("document"), Value::from(res.doc as u64));
    ctx.insert(Value::from("target"), Value::from(res.target.as_str()));
    if let Some(t) = target_ctx {
        for (k, v) in t.iter() {
            ctx.insert(k.clone(), v.clone());
        }
    }
    let mut top = match doc {
        Value::Object(o) => (**o).clone(),
        _ => Object::default(),
    };
    top.insert(Value::from("_plumb"), ctx.into());
    top.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_from_strings_objects_and_sets() {
        let mut out = Vec::new();
        let obj: Object = [
            (Value::from("msg"), Value::from("m2")),
            (Value::from("path"), Value::from(vec![Value::from("spec")])),
        ]
        .into_iter()
        .collect();
        let set: regorus::value::Set = [Value::from("m1"), obj.into()].into_iter().collect();
        read_results("data.x.deny", &set.into(), false, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].message, "m1");
        assert_eq!(out[1].message, "m2");
        assert!(out[1].path.is_some());
        out.clear();
        read_results("data.x.warn", &Value::Undefined, true, &mut out);
        read_results("data.x.warn", &Value::Bool(true), true, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].warn);
    }
}
