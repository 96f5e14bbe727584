//! `helm template`'s pipeline: dependencies, values, schema, template data,
//! execution. Faithful to Helm's `action.Install` (client-only) and `engine`:
//! templates are parsed deepest path first (so a parent's `define` wins over a
//! subchart's), partials (`_*`) are not executed, library charts only lend their
//! partials, `NOTES.txt` is executed but never printed, and `<no value>` is
//! replaced by "" in every output.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::objects::{Capabilities, Files, KubeVersion};
use super::semver::is_compatible_range;
use super::values::{self, new_map};
use super::{
    schema, Chart, RenderError, RenderErrorKind, RenderOptions, RenderOutput, RenderedTemplate,
};
use crate::template::{self, ErrorKind, MissingKey, Templates};
use crate::value::{Map, Value};

fn values_error(message: String) -> RenderError {
    RenderError {
        file: String::new(),
        line: 0,
        col: 0,
        kind: RenderErrorKind::Values,
        message,
    }
}

/// Renders `chart` as `helm template` does with `opts`. Never stops at an error:
/// every error is in [`RenderOutput::errors`], and everything that could be
/// rendered is in [`RenderOutput::templates`].
pub fn render(chart: &Chart, opts: &RenderOptions) -> RenderOutput {
    let mut out = RenderOutput::default();
    let user = opts.user_values().unwrap_or_else(|e| {
        out.errors.push(values_error(e.to_string()));
        new_map()
    });
    let kube = match &opts.kube_version {
        None => None,
        Some(k) => match KubeVersion::parse(k) {
            Ok(k) => Some(k),
            Err(e) => {
                out.errors.push(values_error(e));
                None
            }
        },
    };
    let mut chart = chart.clone();
    let kube_text = kube
        .as_ref()
        .map(|k| k.version.clone())
        .unwrap_or_else(|| KubeVersion::default_version().version);
    if !chart.metadata.kube_version.is_empty()
        && !is_compatible_range(&chart.metadata.kube_version, &kube_text)
    {
        out.errors.push(values_error(format!(
            "chart requires kubeVersion: {} which is incompatible with Kubernetes {kube_text}",
            chart.metadata.kube_version
        )));
    }
    if !matches!(chart.metadata.chart_type.as_str(), "" | "application") {
        out.errors.push(values_error(format!(
            "{} charts are not installable",
            chart.metadata.chart_type
        )));
        return out;
    }
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|r| !chart.dependencies.iter().any(|d| d.name() == r.name))
        .map(|r| r.name.as_str())
        .collect();
    if !missing.is_empty() {
        out.errors.push(values_error(format!(
            "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        )));
    }
    let mut dep_errors = Vec::new();
    process_dependency_enabled(&mut chart, &user, "", 0, &mut dep_errors);
    dep_errors.dedup();
    for e in dep_errors {
        out.errors.push(values_error(format!(
            "chart dependencies processing failed: {e}"
        )));
    }
    process_import_values(&mut chart, 0);
    set_paths(&mut chart, "");

    let vals = values::coalesce_values(&chart, &user);
    let violations = schema::validate(&chart, &vals);
    if !violations.is_empty() {
        for (name, lines) in violations {
            out.errors.push(RenderError {
                file: format!("{name}/values.schema.json"),
                line: 0,
                col: 0,
                kind: RenderErrorKind::Schema,
                message: format!(
                    "values don't meet the specifications of the schema(s) in the following chart(s):\n{name}:\n{}",
                    lines.join("\n")
                ),
            });
        }
    }
    if opts.include_crds {
        out.crds = chart.crd_objects();
    }

    let caps = Value::Object(Rc::new(Capabilities::new(kube, &opts.api_versions)));
    let mut release = BTreeMap::new();
    release.insert("Name".into(), Value::str(&opts.release_name));
    release.insert("Namespace".into(), Value::str(&opts.namespace));
    release.insert("IsInstall".into(), Value::Bool(true));
    release.insert("IsUpgrade".into(), Value::Bool(false));
    release.insert("Revision".into(), Value::Int(1));
    release.insert("Service".into(), Value::str("Helm"));
    let top = Top {
        release: Value::map(release),
        caps,
        values: vals.clone(),
    };
    let mut tpls = Vec::new();
    rec_all_tpls(&chart, &mut tpls, None, &top, 0);
    out.values = Some(vals);

    // Helm's sortTemplates: most `/` first, then reverse byte order.
    tpls.sort_by(|a, b| {
        let (ca, cb) = (a.name.matches('/').count(), b.name.matches('/').count());
        cb.cmp(&ca).then_with(|| b.name.cmp(&a.name))
    });
    let mut set = Templates::new(crate::funcs::helm_funcs());
    set.set_missing_key(MissingKey::Zero);
    let mut parsed = vec![false; tpls.len()];
    for (i, t) in tpls.iter().enumerate() {
        match set.parse(&t.name, &t.text) {
            Ok(()) => parsed[i] = true,
            Err(e) => out.errors.push(template_error(&t.name, e)),
        }
    }
    let mut rendered = Vec::new();
    for (i, t) in tpls.iter().enumerate() {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if !parsed[i] || base.starts_with('_') {
            continue;
        }
        t.vals.borrow_mut().insert("Template".into(), {
            let mut m = BTreeMap::new();
            m.insert("Name".into(), Value::str(&t.name));
            m.insert("BasePath".into(), Value::str(&t.base_path));
            Value::map(m)
        });
        match set.execute(&t.name, &Value::Map(t.vals.clone())) {
            Ok(mut r) => {
                if !t.name.ends_with("NOTES.txt") {
                    r.replace_no_value();
                    rendered.push(RenderedTemplate {
                        name: t.name.clone(),
                        rendered: r,
                    });
                }
            }
            Err(e) => out.errors.push(template_error(&t.name, e)),
        }
    }
    rendered.sort_by(|a, b| a.name.cmp(&b.name));
    out.templates = rendered;
    let (_, yaml_errors) = super::manifest::sorted_documents(&out);
    out.errors.extend(yaml_errors);
    out
}

fn template_error(name: &str, e: template::Error) -> RenderError {
    let (file, line, col) = match &e.pos {
        Some(p) => (p.template.to_string(), p.line, p.col),
        None => (name.to_string(), 0, 0),
    };
    RenderError {
        file,
        line,
        col,
        kind: match e.kind {
            ErrorKind::Parse => RenderErrorKind::Parse,
            ErrorKind::Exec => RenderErrorKind::Exec,
            ErrorKind::Fail => RenderErrorKind::Fail,
        },
        message: match e.kind {
            // Helm prints only what `fail`/`required` said.
            ErrorKind::Fail => ["error calling fail: ", "error calling required: "]
                .iter()
                .filter_map(|p| e.message.rfind(p).map(|i| i + p.len()))
                .max()
                .map(|i| e.message[i..].to_string())
                .unwrap_or(e.message),
            _ => e.message,
        },
    }
}

/// `Chart.ChartFullPath` for every chart: `root/charts/sub`.
fn set_paths(c: &mut Chart, parent: &str) {
    c.parent_path = parent.to_string();
    let me = format!("{}/charts/", c.full_path());
    for d in &mut c.dependencies {
        set_paths(d, &me);
    }
}

const MAX_DEPTH: usize = 64;

/// Helm's `processDependencyEnabled`: aliases, then tags, then conditions (the
/// first condition path that resolves to a bool wins), recursively.
fn process_dependency_enabled(
    c: &mut Chart,
    v: &Map,
    path: &str,
    depth: usize,
    errors: &mut Vec<String>,
) {
    if c.metadata.dependencies.is_empty() || depth > MAX_DEPTH {
        return;
    }
    let existing = std::mem::take(&mut c.dependencies);
    let compatible = |r: &super::Dependency, e: &Chart| {
        r.name == e.name() && is_compatible_range(&r.version, &e.metadata.version)
    };
    let mut deps: Vec<Chart> = existing
        .iter()
        .filter(|e| !c.metadata.dependencies.iter().any(|r| compatible(r, e)))
        .cloned()
        .collect();
    for req in &mut c.metadata.dependencies {
        if let Some(e) = existing.iter().find(|e| compatible(req, e)) {
            let mut copy = e.clone();
            if !req.alias.is_empty() {
                copy.metadata.name = req.alias.clone();
            }
            deps.push(copy);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = deps;
    for r in &mut c.metadata.dependencies {
        r.enabled = true;
    }
    let (cvals, errs) = values::coalesce_values_checked(c, v);
    errors.extend(errs);
    // Tags.
    if let Some(tags) = values::table(&cvals, "tags") {
        for r in &mut c.metadata.dependencies {
            let (mut has_true, mut has_false) = (false, false);
            for k in &r.tags {
                match tags.borrow().get(k) {
                    Some(Value::Bool(true)) => has_true = true,
                    Some(Value::Bool(false)) => has_false = true,
                    _ => {}
                }
            }
            r.enabled = has_true || !has_false;
        }
    }
    // Conditions.
    for r in &mut c.metadata.dependencies {
        for cond in r.condition.trim().split(',') {
            if cond.is_empty() {
                continue;
            }
            if let Some(Value::Bool(b)) = values::path_value(&cvals, &format!("{path}{cond}")) {
                r.enabled = b;
                break;
            }
        }
    }
    let rm: BTreeSet<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies.retain(|d| !rm.contains(d.name()));
    c.metadata.dependencies.retain(|r| !rm.contains(&r.name));
    for t in &mut c.dependencies {
        let sub = format!("{path}{}.", t.name());
        process_dependency_enabled(t, &cvals, &sub, depth + 1, errors);
    }
}

/// Helm's `processDependencyImportValues` (with merge, as `helm template`):
/// children first; a chart with dependencies gets its values merged with theirs
/// plus the imported tables (`exports.X` for a string entry, `child` → `parent`
/// for a map), its own values winning.
fn process_import_values(c: &mut Chart, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for d in &mut c.dependencies {
        process_import_values(d, depth + 1);
    }
    if c.metadata.dependencies.is_empty() {
        return;
    }
    let cvals = values::merge_values(c, &new_map());
    let b = new_map();
    for r in &mut c.metadata.dependencies {
        let mut outiv = Vec::new();
        for riv in &r.import_values {
            let (child, parent) = match riv {
                yaml_serde::Value::Mapping(m) => {
                    let get = |k: &str| m.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    match (get("child"), get("parent")) {
                        (Some(c), Some(p)) => (c, p),
                        _ => continue,
                    }
                }
                yaml_serde::Value::String(s) => (format!("exports.{s}"), ".".to_string()),
                _ => continue,
            };
            let mut entry = yaml_serde::Mapping::new();
            entry.insert("child".into(), child.clone().into());
            entry.insert("parent".into(), parent.clone().into());
            outiv.push(yaml_serde::Value::Mapping(entry));
            let Some(vv) = values::table(&cvals, &format!("{}.{child}", r.name)) else {
                continue;
            };
            let vv = values::copy_map(&vv);
            values::coalesce_tables(&b, &values::path_to_map(&parent, vv), "", true);
        }
        r.import_values = outiv;
    }
    let cvals = values::copy_map(&cvals);
    values::coalesce_tables(&cvals, &b, "", true);
    c.values = cvals;
}

struct Top {
    release: Value,
    caps: Value,
    values: Map,
}

struct Tpl {
    name: String,
    text: String,
    vals: Map,
    base_path: String,
}

/// Helm's `recAllTpls`: the data of each chart's templates, and `.Subcharts`.
fn rec_all_tpls(
    c: &Chart,
    out: &mut Vec<Tpl>,
    parent: Option<&Map>,
    top: &Top,
    depth: usize,
) -> Map {
    let next = new_map();
    if depth > MAX_DEPTH {
        return next;
    }
    let subcharts = new_map();
    let files = Files {
        files: Rc::new(
            c.files
                .iter()
                .map(|f| (f.name.clone(), Rc::from(f.data.as_slice())))
                .collect(),
        ),
    };
    let chart_values = match parent {
        None => top.values.clone(),
        Some(p) => {
            let pv = p.borrow().get("Values").cloned();
            match pv {
                Some(Value::Map(pv)) => values::table(&pv, c.name()).unwrap_or_else(new_map),
                _ => new_map(),
            }
        }
    };
    {
        let mut n = next.borrow_mut();
        n.insert("Chart".into(), c.metadata.to_value(parent.is_none()));
        n.insert("Files".into(), Value::Object(Rc::new(files)));
        n.insert("Release".into(), top.release.clone());
        n.insert("Capabilities".into(), top.caps.clone());
        n.insert("Values".into(), Value::Map(chart_values));
        n.insert("Subcharts".into(), Value::Map(subcharts.clone()));
    }
    for child in &c.dependencies {
        let child_next = rec_all_tpls(child, out, Some(&next), top, depth + 1);
        subcharts
            .borrow_mut()
            .insert(child.name().to_string(), Value::Map(child_next));
    }
    let full = c.full_path();
    for t in &c.templates {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if c.is_library() && !base.starts_with('_') {
            continue;
        }
        out.push(Tpl {
            name: format!("{full}/{}", t.name),
            text: String::from_utf8_lossy(&t.data).into_owned(),
            vals: next.clone(),
            base_path: format!("{full}/templates"),
        });
    }
    next
}
