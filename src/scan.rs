//! The pipeline: discover → load → evaluate → report.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use plumb_helm::chart::RenderOptions;
use rayon::prelude::*;

use crate::config::{Config, Params};
use crate::discover::{self, Filter};
use crate::finding::{fingerprint, Finding};
use crate::index::Index;
use crate::model::Resource;
use crate::rules::{self, Ctx, Meta, NativeRule, Severity, Sink};
use crate::source;

/// A library error: what went wrong and what to do. Maps to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Policy(#[from] crate::rego::PolicyError),
}

/// What to scan and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub exclude: Vec<String>,
    /// `--select`: replaces the configuration's `rules.select` when given.
    pub select: Option<Vec<String>>,
    /// `--ignore`: added to the configuration's `rules.ignore`.
    pub ignore: Vec<String>,
    /// `--tf-root`: the root module of Terraform plans (replaces the
    /// configuration's `terraform.root`).
    pub tf_root: Option<PathBuf>,
    /// `--region`: the CloudFormation stack's region (replaces the
    /// configuration's `cloudformation.region`).
    pub region: Option<String>,
    /// `--cfn-param`: CloudFormation parameter values, over the
    /// configuration's `cloudformation.parameters`.
    pub cfn_params: std::collections::BTreeMap<String, String>,
    /// `--cfn-params`: a CloudFormation parameters file (between the
    /// configuration's parameters and `--cfn-param`).
    pub cfn_params_file: Option<PathBuf>,
    /// `--values`: values files for every chart scanned, after those the
    /// configuration's `helm:` entry gives it.
    pub helm_values: Vec<PathBuf>,
    /// `--set`: for every chart scanned, after the configuration's.
    pub helm_set: Vec<String>,
    /// `--policy`: Rego policy directories, added to the configuration's `policies`.
    pub policies: Vec<PathBuf>,
    /// Conftest-style packages to read (`--namespace`, `--all-namespaces`).
    pub namespaces: crate::rego::Namespaces,
}

/// How a chart directory renders: its `helm:` entry in the configuration
/// (matched by path), then `--values` and `--set`.
fn chart_options(config: &Config, opts: &Options, dir: &Path) -> RenderOptions {
    let mut o = RenderOptions::default();
    let here = crate::config::relative_to(dir, &config.base);
    let entry = config.file.helm.iter().find(|h| {
        let want = h.chart.trim_start_matches("./").trim_end_matches('/');
        here.trim_end_matches('/') == want
    });
    if let Some(h) = entry {
        o.values_files = h.values.iter().map(|v| config.base.join(v)).collect();
        o.set = h.set.clone();
        if let Some(r) = &h.release {
            o.release_name = r.clone();
        }
        if let Some(n) = &h.namespace {
            o.namespace = n.clone();
        }
    }
    o.values_files.extend(opts.helm_values.iter().cloned());
    o.set.extend(opts.helm_set.iter().cloned());
    o
}

/// A rule as enabled for a scan, with its effective severity.
#[derive(Clone, Copy, Debug)]
pub struct EnabledRule {
    pub meta: &'static Meta,
    pub severity: Severity,
}

/// A scanned file. Its text is kept only when a finding is in it (for
/// excerpts): a scan's trees are what must fit in memory, not its texts too.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: Option<Arc<str>>,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub files: Vec<SourceFile>,
    /// Enabled rules in id order, `parse-error` first.
    pub rules: Vec<EnabledRule>,
    /// Problems that are not findings (a symlink loop), shown as warnings.
    pub errors: Vec<String>,
    /// Why files were skipped, for `--verbose`.
    pub notes: Vec<String>,
    pub resources: usize,
    by_path: std::collections::HashMap<String, usize>,
}

impl Report {
    pub fn rule(&self, id: &str) -> Option<&EnabledRule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.meta.id == id)
    }

    pub fn file_text(&self, path: &str) -> Option<&str> {
        self.by_path
            .get(path)
            .and_then(|&i| self.files[i].text.as_deref())
    }
}

/// The shown form of a path: relative to the working directory where it is
/// below it, forward slashes, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rel = if p.is_absolute() {
        p.strip_prefix(&cwd).unwrap_or(p)
    } else {
        p
    };
    let s = crate::config::normalize(rel)
        .to_string_lossy()
        .replace('\\', "/");
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

/// Works out which rules run, from the configuration and the options.
pub fn enabled_rules(config: &Config, opts: &Options) -> Result<Vec<EnabledRule>, Error> {
    enabled_rules_with(config, opts, &[])
}

/// [`enabled_rules`] with the rules of user policies (`--policy`) as well.
pub fn enabled_rules_with(
    config: &Config,
    opts: &Options,
    extra: &[&'static Meta],
) -> Result<Vec<EnabledRule>, Error> {
    let shown = config.shown();
    let mut all = rules::all_meta();
    for m in extra {
        if !all.iter().any(|a| a.id == m.id) {
            all.push(m);
        }
    }
    let find = |key: &str| {
        all.iter()
            .copied()
            .find(|m| m.id.eq_ignore_ascii_case(key) || m.name == key)
    };
    let is_known_token = |t: &str| {
        rules::CATEGORIES.iter().any(|(c, _)| *c == t) || all.iter().any(|m| rules::matches(m, t))
    };
    let check = |tokens: &[String], what: &str, keys: &[&str]| -> Result<(), Error> {
        for (i, t) in tokens.iter().enumerate() {
            if !is_known_token(t) {
                let msg = format!("unknown rule or category \"{t}\" in {what}; run `plumb rules` to list ids, names and categories");
                return Err(if keys.is_empty() {
                    Error::Usage(msg)
                } else {
                    // Point at the token itself, not at the list's key.
                    let index = i.to_string();
                    let at: Vec<&str> = keys.iter().copied().chain([index.as_str()]).collect();
                    Error::Config(config.error_at(&shown, &at, msg))
                });
            }
        }
        Ok(())
    };
    if let Some(sel) = &opts.select {
        check(sel, "--select", &[])?;
    }
    check(&opts.ignore, "--ignore", &[])?;
    if let Some(sel) = &config.file.rules.select {
        check(sel, "rules.select", &["rules", "select"])?;
    }
    check(
        &config.file.rules.ignore,
        "rules.ignore",
        &["rules", "ignore"],
    )?;
    for key in config.file.rules.severity.keys() {
        if find(key).is_none() {
            return Err(Error::Config(config.error_at(
                &shown,
                &["rules", "severity", key],
                format!("rules.severity: unknown rule \"{key}\"; use a rule id or name from `plumb rules`"),
            )));
        }
    }
    let select = opts.select.as_ref().or(config.file.rules.select.as_ref());
    let ignore: Vec<&String> = config
        .file
        .rules
        .ignore
        .iter()
        .chain(&opts.ignore)
        .collect();
    let mut out = Vec::new();
    for &meta in &all {
        let reserved = meta.id == rules::PARSE_ERROR.id;
        // parse-error is always on unless ignored by its own id.
        let selected = reserved || select.is_none_or(|s| s.iter().any(|t| rules::matches(meta, t)));
        let ignored = ignore.iter().any(|t| {
            if reserved {
                t.as_str() == meta.id
            } else {
                rules::matches(meta, t)
            }
        });
        if selected && !ignored {
            let severity = config
                .file
                .rules
                .severity
                .iter()
                .find(|(k, _)| find(k).is_some_and(|m| m.id == meta.id))
                .map_or(meta.severity, |(_, s)| *s);
            out.push(EnabledRule { meta, severity });
        }
    }
    Ok(out)
}

fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>, Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.strip_prefix("./").unwrap_or(p);
        b.add(
            Glob::new(p)
                .map_err(|e| Error::Usage(format!("--exclude: bad glob \"{p}\": {}", e.kind())))?,
        );
        // `--exclude vendor` also leaves out what is below it.
        if !p.ends_with("/**") {
            if let Ok(g) = Glob::new(&format!("{}/**", p.trim_end_matches('/'))) {
                b.add(g);
            }
        }
    }
    b.build().map(Some).map_err(|e| Error::Usage(e.to_string()))
}

/// One loaded source file: a manifest, or a chart template after rendering.
struct FileOut {
    /// The shown path.
    path: String,
    /// Where to read the text again for excerpts (None: keep `text`).
    disk: Option<PathBuf>,
    text: Option<Arc<str>>,
    /// Resources with `file` still to be set to this file's index.
    resources: Vec<Resource>,
    findings: Vec<Finding>,
    note: Option<String>,
    /// The file whose path picks the `environments` params, when not this
    /// one: a plan's `.tf` files take the plan's (one `.tf` serves several
    /// environments' plans).
    params_path: Option<String>,
}

/// What the walk found that loads into files: a file, or a chart directory,
/// which renders into one file per template.
enum Unit<'a> {
    File(&'a Path, bool),
    Chart(&'a Path, Box<RenderOptions>),
}

fn load_unit(
    unit: &Unit,
    parse_rule: Option<EnabledRule>,
    opts: &source::LoadOptions,
) -> Vec<FileOut> {
    match unit {
        Unit::File(path, explicit) => load_one(path, *explicit, parse_rule, opts),
        Unit::Chart(dir, render) => {
            let chart = source::helm::load_chart(dir, render);
            let mut out: Vec<FileOut> = chart
                .files
                .into_iter()
                .map(|t| {
                    let shown = display_path(&t.path);
                    let findings = parse_findings(parse_rule, &shown, &t.problems);
                    FileOut {
                        path: shown,
                        disk: t.on_disk.then_some(t.path),
                        text: (!t.on_disk || !findings.is_empty()).then_some(t.text),
                        resources: t.resources,
                        findings,
                        note: None,
                        params_path: None,
                    }
                })
                .collect();
            if let (Some(note), Some(first)) = (&chart.note, out.first_mut()) {
                first.note = Some(format!("{}: {note}", display_path(dir)));
            } else if let Some(note) = chart.note {
                // Nothing rendered: the note alone, not counted as a file.
                out.push(FileOut {
                    path: String::new(),
                    disk: None,
                    text: None,
                    resources: Vec::new(),
                    findings: Vec::new(),
                    note: Some(format!("{}: {note}", display_path(dir))),
                    params_path: None,
                });
            }
            out
        }
    }
}

/// The `parse-error` findings for a file's problems (none when the rule is off).
fn parse_findings(
    rule: Option<EnabledRule>,
    shown: &str,
    problems: &[source::ParseProblem],
) -> Vec<Finding> {
    rule.map(|r| {
        problems
            .iter()
            .map(|p| parse_finding(r, shown, p.span, p.message.clone()))
            .collect()
    })
    .unwrap_or_default()
}

/// A file; a Terraform plan also yields the `.tf` files its resources are
/// written in, each holding those resources.
fn load_one(
    path: &Path,
    explicit: bool,
    parse_rule: Option<EnabledRule>,
    opts: &source::LoadOptions,
) -> Vec<FileOut> {
    let shown = display_path(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return vec![FileOut {
                path: shown.clone(),
                disk: None,
                text: None,
                resources: Vec::new(),
                findings: parse_rule
                    .map(|r| {
                        vec![parse_finding(
                            r,
                            &shown,
                            Default::default(),
                            format!("cannot read the file: {e}"),
                        )]
                    })
                    .unwrap_or_default(),
                note: None,
                params_path: None,
            }]
        }
    };
    let l = source::load_path(path, &bytes, explicit, opts);
    let findings = parse_findings(parse_rule, &shown, &l.problems);
    let extra: Vec<FileOut> = l
        .extra
        .into_iter()
        .map(|e| FileOut {
            path: display_path(&e.path),
            disk: Some(e.path),
            text: None,
            resources: e.resources,
            findings: Vec::new(),
            note: None,
            params_path: Some(shown.clone()),
        })
        .collect();
    let notes: Vec<String> = l.notes.iter().map(|n| format!("{shown}: {n}")).collect();
    let mut out = vec![FileOut {
        note: l
            .skipped
            .map(|why| format!("{shown}: skipped: {why}"))
            .or_else(|| (!notes.is_empty()).then(|| notes.join("\n"))),
        path: shown,
        disk: Some(path.to_path_buf()),
        // Read again after evaluation if a rule finds something here.
        text: (!findings.is_empty()).then_some(l.text),
        resources: l.resources,
        findings,
        params_path: None,
    }];
    out.extend(extra);
    out
}

/// SAM resources (`AWS::Serverless::*`) that no enabled rule reads, by
/// file: "3 serverless resource(s) not checked: no enabled rule reads
/// AWS::Serverless::Function (2), AWS::Serverless::LayerVersion (1)". A
/// rule reads a type when it lists it among its kinds (a rule for every
/// type, such as the region check, does not count).
fn serverless_notes(
    resources: &[Resource],
    files: &[SourceFile],
    rules_on: &[EnabledRule],
) -> Vec<String> {
    let mut by_file: std::collections::BTreeMap<usize, std::collections::BTreeMap<&str, usize>> =
        Default::default();
    for r in resources {
        if r.target != crate::model::Target::CloudFormation
            || !r.kind.starts_with("AWS::Serverless::")
        {
            continue;
        }
        let read = rules_on.iter().any(|e| {
            e.meta
                .targets
                .contains(&crate::model::Target::CloudFormation)
                && e.meta.kinds.contains(&r.kind.as_str())
        });
        if !read {
            *by_file
                .entry(r.file)
                .or_default()
                .entry(&r.kind)
                .or_default() += 1;
        }
    }
    by_file
        .into_iter()
        .map(|(f, kinds)| {
            let n: usize = kinds.values().sum();
            let list: Vec<String> = kinds.iter().map(|(k, c)| format!("{k} ({c})")).collect();
            format!(
                "{}: {n} serverless resource(s) not checked: no enabled rule reads {}",
                files.get(f).map_or("", |f| f.path.as_str()),
                list.join(", ")
            )
        })
        .collect()
}

/// Runs a scan.
pub fn run(config: &Config, opts: &Options) -> Result<Report, Error> {
    let policies = crate::rego::for_scan(config, opts)?;
    let extra: Vec<&'static Meta> = policies.packages.iter().map(|p| p.meta).collect();
    let rules_on = enabled_rules_with(config, opts, &extra)?;
    let cli_exclude = glob_set(&opts.exclude)?;
    let config_exclude = |p: &Path| config.is_excluded(p);
    let filter = Filter {
        cli: cli_exclude.as_ref(),
        config: &config_exclude,
    };
    let roots = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let found = discover::discover(&roots, &filter).map_err(Error::Usage)?;
    let parse_rule = rules_on
        .iter()
        .find(|r| r.meta.id == rules::PARSE_ERROR.id)
        .copied();

    // Load every file, and render every chart, in parallel.
    let units: Vec<Unit> = found
        .files
        .iter()
        .map(|(p, explicit)| Unit::File(p, *explicit))
        .chain(
            found
                .charts
                .iter()
                .map(|d| Unit::Chart(d, Box::new(chart_options(config, opts, d)))),
        )
        .collect();
    let load_opts = source::LoadOptions {
        tf_root: opts.tf_root.clone().or_else(|| {
            config
                .file
                .terraform
                .root
                .as_ref()
                .map(|r| config.base.join(r))
        }),
        cfn_params: {
            let cfn = &config.file.cloudformation;
            let mut p = match &cfn.parameters_file {
                Some(f) => crate::source::cloudformation::params::read_file(&config.base.join(f))
                    .map_err(|e| {
                    Error::Usage(format!(
                        "{e} (cloudformation.parameters_file in {})",
                        config.shown()
                    ))
                })?,
                None => Default::default(),
            };
            p.extend(cfn.parameters.clone());
            if let Some(f) = &opts.cfn_params_file {
                p.extend(
                    crate::source::cloudformation::params::read_file(f)
                        .map_err(|e| Error::Usage(format!("{e} (--cfn-params)")))?,
                );
            }
            p.extend(opts.cfn_params.clone());
            p
        },
        region: opts
            .region
            .clone()
            .or_else(|| config.file.cloudformation.region.clone()),
    };
    if let Some(r) = &opts.region {
        if !crate::source::cloudformation::looks_like_region(r) {
            return Err(Error::Usage(format!(
                "--region {r}: not an AWS region name such as eu-west-1"
            )));
        }
    }
    let loaded: Vec<Vec<FileOut>> = units
        .par_iter()
        .map(|u| match u {
            // The stack region of a template: --region, else its
            // environment's, else the configuration's.
            Unit::File(p, _) if opts.region.is_none() => match config.environment_region(p) {
                Some(r) if load_opts.region.as_deref() != Some(r) => {
                    let mut o = load_opts.clone();
                    o.region = Some(r.to_string());
                    load_unit(u, parse_rule, &o)
                }
                _ => load_unit(u, parse_rule, &load_opts),
            },
            _ => load_unit(u, parse_rule, &load_opts),
        })
        .collect();

    let mut report = Report {
        errors: found.errors,
        notes: found.notes,
        ..Report::default()
    };
    let mut resources = Vec::new();
    let mut file_params: Vec<&Params> = Vec::new();
    // Per file: the path whose environment applies (a `.tf` file: its plan).
    let mut params_paths: Vec<PathBuf> = Vec::new();
    let mut disks: Vec<Option<PathBuf>> = Vec::new();
    for f in loaded.into_iter().flatten() {
        if f.path.is_empty() {
            report.notes.extend(f.note);
            continue;
        }
        let index = report.files.len();
        report.findings.extend(f.findings);
        // A plan's notes come as lines of one note.
        report.notes.extend(
            f.note
                .iter()
                .flat_map(|n| n.split('\n'))
                .map(str::to_string),
        );
        resources.extend(f.resources.into_iter().map(|mut r| {
            r.file = index;
            r
        }));
        let params_path = f.params_path.as_deref().unwrap_or(&f.path);
        file_params.push(config.params_for(Path::new(params_path)).0);
        params_paths.push(PathBuf::from(params_path));
        disks.push(f.disk);
        report.files.push(SourceFile {
            path: f.path,
            text: f.text,
        });
    }
    report.resources = resources.len();
    report
        .notes
        .extend(serverless_notes(&resources, &report.files, &rules_on));

    // Evaluate every resource against every enabled rule, in parallel.
    let index = Index::new(&resources);
    let native: Vec<(&NativeRule, Severity)> = rules::all()
        .into_iter()
        .filter_map(|r| {
            rules_on
                .iter()
                .find(|e| e.meta.id == r.meta.id)
                .map(|e| (r, e.severity))
        })
        .collect();
    let files = &report.files;
    let findings: Vec<Finding> = resources
        .par_iter()
        .flat_map_iter(|res| {
            let cx = Ctx {
                params: file_params[res.file],
                index: &index,
            };
            let mut out = Vec::new();
            for (rule, severity) in &native {
                // Each rule sees only the targets it declares.
                if !rule.meta.targets.contains(&res.target) {
                    continue;
                }
                let mut sink = Sink::default();
                (rule.check)(res, &cx, &mut sink);
                for v in sink.violations {
                    out.push(resource_finding(
                        rule,
                        *severity,
                        res,
                        &files[res.file].path,
                        v,
                    ));
                }
            }
            out
        })
        .collect();
    report.findings.extend(findings);
    let shown: Vec<String> = report.files.iter().map(|f| f.path.clone()).collect();
    let (rego_findings, rego_errors) = crate::rego::eval::evaluate(
        &policies,
        &rules_on,
        &crate::rego::eval::ScanInput {
            config,
            paths: &params_paths,
            shown: &shown,
            resources: &resources,
        },
    );
    report.findings.extend(rego_findings);
    report.errors.extend(rego_errors);
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .findings
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    report.rules = rules_on;
    drop(index);
    drop(resources);
    // Texts for the excerpts of files with findings, read again now that the
    // trees are gone.
    report.by_path = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i))
        .collect();
    let mut wanted = vec![false; report.files.len()];
    for f in &report.findings {
        if let Some(&i) = report.by_path.get(&f.file) {
            wanted[i] = true;
        }
    }
    let texts: Vec<Option<Arc<str>>> = wanted
        .par_iter()
        .zip(&report.files)
        .zip(&disks)
        .map(|((&want, file), disk)| match (&file.text, disk) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(disk)) if want => std::fs::read(disk)
                .ok()
                .map(|b| Arc::from(source::decode_text(&b))),
            _ => None,
        })
        .collect();
    for (file, text) in report.files.iter_mut().zip(texts) {
        file.text = text;
    }
    Ok(report)
}

fn parse_finding(
    rule: EnabledRule,
    file: &str,
    span: source::span::Span,
    message: String,
) -> Finding {
    let span = if span.start.line == 0 {
        source::span::Span::at(source::span::Pos::new(1, 1))
    } else {
        span
    };
    Finding {
        rule_id: rule.meta.id,
        rule_name: rule.meta.name,
        severity: rule.severity,
        fingerprint: fingerprint(&[rule.meta.id, file, &message]),
        message,
        file: file.to_string(),
        span,
        resource: None,
        path: None,
    }
}

fn resource_finding(
    rule: &NativeRule,
    severity: Severity,
    res: &Resource,
    file: &str,
    v: rules::Violation,
) -> Finding {
    let resolved = res.resolve(&v.path);
    let identity = res.identity();
    let path = v.path.to_string();
    Finding {
        rule_id: rule.meta.id,
        rule_name: rule.meta.name,
        severity,
        fingerprint: fingerprint(&[rule.meta.id, file, &identity, &path]),
        message: v.message,
        file: file.to_string(),
        span: resolved.span,
        resource: Some(identity),
        path: if path.is_empty() { None } else { Some(path) },
    }
}
