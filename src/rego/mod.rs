//! The regorus adapter: loads Rego packs (the built-in ones, embedded in the
//! binary, and user directories), reads their `# METADATA`, and evaluates
//! them against every resource of a scan.
//!
//! Policies are parsed once per process (built-in) or per run (user
//! directories) into one [`regorus::Engine`]; a scan clones it, adds its
//! cross-resource data if a policy asks for it, prepares it once, and gives
//! each rayon worker its own clone.

pub mod builtin;
pub mod cloudformation;
pub mod convert;
pub mod eval;
pub mod metadata;
pub mod terraform;
pub mod testing;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regorus::Value;

use crate::rules::{Meta, Severity};

/// How a package's rules are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A package with plumb `# METADATA`: one rule of the registry; its
    /// input carries plumb's context under `input._plumb`.
    Plumb,
    /// A package without it, read as Conftest reads it: input is the
    /// document alone.
    Conftest,
}

/// One rule set: a Rego package that produces findings.
#[derive(Clone, Debug)]
pub struct Package {
    pub meta: &'static Meta,
    /// The package path, `kubernetes.host_namespaces`.
    pub package: String,
    /// The file that declares it (shown in errors).
    pub file: String,
    pub style: Style,
    /// Rules that produce results, as `(data.pkg.rule, is_warn)`.
    pub entrypoints: Vec<(String, bool)>,
}

/// A policy source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Shown path (`policies/kubernetes/host_path.rego`, or relative to the
    /// working directory for user files).
    pub path: String,
    pub text: String,
}

/// Compiled policies: one engine holding every module, and the packages
/// that produce findings.
#[derive(Clone)]
pub struct PolicySet {
    pub engine: regorus::Engine,
    pub packages: Vec<Package>,
    pub files: Vec<SourceFile>,
    /// Some policy reads `data.plumb.resources`: the scan's Kubernetes
    /// objects are loaded as data.
    pub wants_resources: bool,
    /// Some policy reads `data.plumb.terraform`: the scan's Terraform
    /// resources are loaded as data.
    pub wants_terraform: bool,
    /// Some policy reads `data.plumb.cloudformation`.
    pub wants_cloudformation: bool,
}

/// A policy that cannot be loaded, with its file and line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PolicyError {
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// The longest a policy may run for one resource before it is stopped.
pub const EVAL_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The built-in packs, parsed once per process.
pub fn builtin() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        let files: Vec<SourceFile> = builtin::FILES
            .iter()
            .filter(|(p, _)| !p.ends_with("_test.rego"))
            .map(|(p, t)| SourceFile {
                path: (*p).to_string(),
                text: (*t).to_string(),
            })
            .collect();
        let mut set = PolicySet::new();
        // The embedded pack is tested (`tests/rego.rs`, `plumb test
        // policies/`); failing here is a build defect.
        set.add_files(files, &Namespaces::All)
            .unwrap_or_else(|e| panic!("built-in policy does not load: {e}"));
        set
    })
}

/// The metadata of the built-in Rego rules.
pub fn builtin_metas() -> Vec<&'static Meta> {
    builtin().packages.iter().map(|p| p.meta).collect()
}

/// The policies of a scan: the built-in packs, plus the user directories of
/// `--policy` and `policies:` in `plumb.yaml` (relative to its directory).
pub fn for_scan(
    config: &crate::config::Config,
    opts: &crate::scan::Options,
) -> Result<std::borrow::Cow<'static, PolicySet>, PolicyError> {
    let mut dirs: Vec<PathBuf> = config
        .file
        .policies
        .iter()
        .map(|p| config.base.join(p))
        .collect();
    dirs.extend(opts.policies.iter().cloned());
    if dirs.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(builtin()));
    }
    let mut set = builtin().clone();
    set.add_dirs(&dirs, &opts.namespaces)?;
    Ok(std::borrow::Cow::Owned(set))
}

/// Which Conftest-style packages (those without plumb metadata) are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Namespaces {
    /// Only these (Conftest's `--namespace`; default `main`).
    Only(Vec<String>),
    /// Every package (Conftest's `--all-namespaces`).
    All,
}

impl Default for Namespaces {
    fn default() -> Self {
        Namespaces::Only(vec!["main".to_string()])
    }
}

impl Namespaces {
    fn includes(&self, package: &str) -> bool {
        match self {
            Namespaces::All => true,
            Namespaces::Only(v) => v.iter().any(|n| n == package),
        }
    }
}

/// Rule names Conftest reads: `deny`, `violation`, `warn`, optionally with
/// `_suffix`. Returns whether it is a warning.
fn conftest_rule(name: &str) -> Option<bool> {
    for (prefix, warn) in [("deny", false), ("violation", false), ("warn", true)] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.is_empty()
                || (rest.starts_with('_')
                    && rest[1..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_'))
            {
                return Some(warn);
            }
        }
    }
    None
}

/// The names of the rules a module declares at the start of a line (Rego
/// rule heads), with their 1-based lines.
pub fn rule_heads(source: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if matches!(name.as_str(), "package" | "import" | "default") {
            continue;
        }
        let rest = line[name.len()..].trim_start();
        let head = rest.is_empty()
            || rest.starts_with('[')
            || rest.starts_with('{')
            || rest.starts_with('(')
            || rest.starts_with('=')
            || rest.starts_with(":=")
            || rest.starts_with("if ")
            || rest.starts_with("if{")
            || rest.starts_with("contains ");
        if head {
            out.push((name, i as u32 + 1));
        }
    }
    out
}

/// Parses a policy, in Rego v1 first and then v0 (Conftest policies written
/// before OPA 1.0: `deny[msg] { ... }`). Returns the package path.
pub fn add_policy(
    engine: &mut regorus::Engine,
    path: &str,
    text: &str,
) -> Result<String, PolicyError> {
    let v1 = engine.add_policy(path.to_string(), text.to_string());
    let pkg = match v1 {
        Ok(p) => p,
        Err(e1) if looks_v1(text) => return Err(regorus_error(path, &e1)),
        Err(e1) => {
            engine.set_rego_v0(true);
            let v0 = engine.add_policy(path.to_string(), text.to_string());
            engine.set_rego_v0(false);
            v0.map_err(|_| regorus_error(path, &e1))?
        }
    };
    Ok(pkg.strip_prefix("data.").unwrap_or(&pkg).to_string())
}

/// A regorus error as file, line and message.
pub fn regorus_error(path: &str, e: &anyhow::Error) -> PolicyError {
    let text = format!("{e:#}");
    let (file, line, message) = match locate(&text) {
        Some((f, l, _, m)) => (f, l, m),
        None => (path.to_string(), 1, text.trim().to_string()),
    };
    PolicyError {
        file,
        line,
        message,
    }
}

/// Reads regorus' error format, `--> path:line:col`, a source excerpt and
/// `error: message`: the file, line, column, and the message followed by
/// the excerpt.
pub fn locate(text: &str) -> Option<(String, u32, u32, String)> {
    let at = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let file = parts.next()?.to_string();
    let mut message: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("error: "))
        .collect();
    if message.is_empty() {
        message.push(text.lines().last().unwrap_or("").trim());
    }
    let excerpt: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim().starts_with("--> "))
        .skip(1)
        .take_while(|l| !l.trim().starts_with("error: "))
        .collect();
    let mut m = message.join("; ");
    for l in excerpt {
        m.push_str("\n  ");
        m.push_str(l);
    }
    Some((file, line, col, m))
}

/// One line for a policy failure at evaluation: `file:line:col: message`.
pub fn short_error(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    match locate(&text) {
        Some((f, l, c, m)) => format!("{f}:{l}:{c}: {}", m.lines().next().unwrap_or("")),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Whether a file is written in Rego v1 (or with the future keywords), so
/// that a parse error is not retried as v0.
fn looks_v1(text: &str) -> bool {
    if text.contains("import rego.v1") {
        return true;
    }
    if text.contains("import future.keywords") {
        return false;
    }
    text.lines().any(|l| {
        let head = !l.starts_with([' ', '\t', '#']) && !l.is_empty();
        head && (l.contains(" if {")
            || l.contains(" if{")
            || l.contains(" if ")
            || l.trim_end().ends_with(" if")
            || l.contains(" contains "))
    })
}

/// Code without comments and string contents (kept the same length, so
/// columns stay right).
fn blank_strings_and_comments(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for ch in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if ch == '\\' && q == '"' {
                    escaped = true;
                } else if ch == q {
                    quote = None;
                    out.push(ch);
                    continue;
                }
                out.push(' ');
            }
            None if ch == '#' => break,
            None => {
                if ch == '"' || ch == '`' {
                    quote = Some(ch);
                }
                out.push(ch);
            }
        }
    }
    out
}

const KEYWORDS: &[&str] = &[
    "not", "some", "every", "if", "contains", "in", "with", "as", "default", "else", "package",
    "import", "true", "false", "null",
];

/// Calls of functions that exist neither in the policies nor among the
/// engine's builtins: `undefined function` as a load error with its file
/// and line, instead of a failure on the first resource that reaches it.
pub fn check_calls(files: &[SourceFile]) -> Result<(), PolicyError> {
    let defined: std::collections::HashSet<String> = files
        .iter()
        .flat_map(|f| rule_heads(&f.text))
        .map(|(n, _)| n)
        .collect();
    let mut known: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    let probe = regorus::Engine::new();
    for f in files {
        for (i, raw) in f.text.lines().enumerate() {
            let line = blank_strings_and_comments(raw);
            let b = line.as_bytes();
            let mut j = 0;
            while j < b.len() {
                let c = b[j] as char;
                let starts = (c.is_ascii_alphabetic() || c == '_')
                    && (j == 0
                        || !(b[j - 1] as char == '.'
                            || (b[j - 1] as char).is_ascii_alphanumeric()
                            || b[j - 1] == b'_'));
                if !starts {
                    j += 1;
                    continue;
                }
                let start = j;
                while j < b.len()
                    && ((b[j] as char).is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'.')
                {
                    j += 1;
                }
                let name = line[start..j].trim_end_matches('.');
                if b.get(j) != Some(&b'(') || name.starts_with("data.") || KEYWORDS.contains(&name)
                {
                    continue;
                }
                let last = name.rsplit('.').next().unwrap_or(name);
                // A rule head at column 0 is a definition, not a call.
                if defined.contains(last) || (start == 0 && !name.contains('.')) {
                    continue;
                }
                let exists = *known.entry(name.to_string()).or_insert_with(|| {
                    let mut e = probe.clone();
                    match e.eval_query(format!("{name}()"), false) {
                        Err(err) => !format!("{err:#}").contains("could not find function"),
                        Ok(_) => true,
                    }
                });
                if !exists {
                    return Err(PolicyError {
                        file: f.path.clone(),
                        line: i as u32 + 1,
                        message: format!(
                            "undefined function {name} (column {}): neither a builtin of plumb's Rego engine nor a function of the loaded policies",
                            start + 1
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Metadata for a Conftest-style package, made up from its path.
fn conftest_meta(package: &str, file: &str) -> Meta {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    Meta {
        id: leak(package.to_string()),
        name: leak(
            package
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                .collect(),
        ),
        title: leak(format!("Conftest policy `{package}`")),
        severity: Severity::High,
        categories: &["custom"],
        rationale: leak(format!(
            "A Conftest-style policy (package `{package}`, from `{file}`): its `deny` and `violation` results are findings of this severity, its `warn` results are `info`."
        )),
        remediation: leak("Follow the policy's message.".to_string()),
        compliance: &[],
        targets: &[crate::model::Target::Kubernetes],
        kinds: &[],
        example: "",
    }
}

impl PolicySet {
    pub fn new() -> Self {
        let mut engine = regorus::Engine::new();
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: EVAL_LIMIT,
            check_interval: std::num::NonZeroU32::new(64).unwrap_or(std::num::NonZeroU32::MIN),
        });
        PolicySet {
            engine,
            packages: Vec::new(),
            files: Vec::new(),
            wants_resources: false,
            wants_terraform: false,
            wants_cloudformation: false,
        }
    }

    /// Adds policy files: parses each, reads its metadata, and records the
    /// packages that produce findings.
    pub fn add_files(
        &mut self,
        files: Vec<SourceFile>,
        ns: &Namespaces,
    ) -> Result<(), PolicyError> {
        let mut plumb_pkgs: Vec<(String, &'static Meta, String)> = Vec::new();
        let mut heads: Vec<(String, String, Vec<String>)> = Vec::new();
        for f in &files {
            let package = add_policy(&mut self.engine, &f.path, &f.text)?;
            let err = |(line, message): (u32, String)| PolicyError {
                file: f.path.clone(),
                line,
                message,
            };
            if let Some(block) = metadata::package_block(&f.text).map_err(err)? {
                let meta = metadata::to_meta(&block, &package).map_err(err)?;
                if let Some(other) = self
                    .packages
                    .iter()
                    .map(|p| p.meta)
                    .chain(plumb_pkgs.iter().map(|p| p.1))
                    .chain(crate::rules::all().into_iter().map(|r| &r.meta))
                    .find(|m| m.id == meta.id || m.name == meta.name)
                {
                    return Err(err((
                        block.line,
                        format!(
                            "rule id or name {} / {} is already taken by {} / {}",
                            meta.id, meta.name, other.id, other.name
                        ),
                    )));
                }
                plumb_pkgs.push((package.clone(), Box::leak(Box::new(meta)), f.path.clone()));
            }
            let names = rule_heads(&f.text).into_iter().map(|(n, _)| n).collect();
            heads.push((package, f.path.clone(), names));
            // `data.plumb` alone (`some x in data.plumb`) wants both.
            let whole = f.text.match_indices("data.plumb").any(|(i, _)| {
                !f.text[i + "data.plumb".len()..].starts_with(".resources")
                    && !f.text[i + "data.plumb".len()..].starts_with(".terraform")
                    && !f.text[i + "data.plumb".len()..].starts_with(".cloudformation")
            });
            if whole || f.text.contains("data.plumb.resources") {
                self.wants_resources = true;
            }
            if whole || f.text.contains("data.plumb.terraform") {
                self.wants_terraform = true;
            }
            if whole || f.text.contains("data.plumb.cloudformation") {
                self.wants_cloudformation = true;
            }
        }
        // Group rule names by package (a package may span files).
        let mut packages: Vec<String> = heads.iter().map(|h| h.0.clone()).collect();
        packages.sort();
        packages.dedup();
        for package in packages {
            let mut names: Vec<&String> = heads
                .iter()
                .filter(|h| h.0 == package)
                .flat_map(|h| &h.2)
                .collect();
            names.sort();
            names.dedup();
            let file = heads
                .iter()
                .find(|h| h.0 == package)
                .map(|h| h.1.clone())
                .unwrap_or_default();
            let entrypoints: Vec<(String, bool)> = names
                .iter()
                .filter_map(|n| conftest_rule(n).map(|w| (format!("data.{package}.{n}"), w)))
                .collect();
            match plumb_pkgs.iter().find(|p| p.0 == package) {
                Some((_, meta, file)) => {
                    // Plumb rules read `deny` and `warn` (Conftest's names too).
                    self.packages.push(Package {
                        meta,
                        package: package.clone(),
                        file: file.clone(),
                        style: Style::Plumb,
                        entrypoints,
                    });
                }
                None if !entrypoints.is_empty() && ns.includes(&package) => {
                    let meta: &'static Meta = Box::leak(Box::new(conftest_meta(&package, &file)));
                    self.packages.push(Package {
                        meta,
                        package: package.clone(),
                        file,
                        style: Style::Conftest,
                        entrypoints,
                    });
                }
                None => {}
            }
        }
        self.packages.sort_by_key(|p| p.meta.id);
        self.files.extend(files);
        check_calls(&self.files)?;
        // Analyse now: a conflict or an unsafe variable is a load error.
        if let Err(e) = self.engine.eval_query("true".to_string(), false) {
            return Err(regorus_error("<policies>", &e));
        }
        Ok(())
    }

    /// Loads `.rego` files (not `*_test.rego`) and data files (`.json`,
    /// `.yaml`, `.yml`) from user directories.
    pub fn add_dirs(&mut self, dirs: &[PathBuf], ns: &Namespaces) -> Result<(), PolicyError> {
        let mut files = Vec::new();
        for dir in dirs {
            let found = walk(dir).map_err(|message| PolicyError {
                file: crate::scan::display_path(dir),
                line: 1,
                message,
            })?;
            for p in found {
                let shown = crate::scan::display_path(&p);
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let read = || {
                    std::fs::read_to_string(&p).map_err(|e| PolicyError {
                        file: shown.clone(),
                        line: 1,
                        message: format!("cannot read: {e}"),
                    })
                };
                if name.ends_with("_test.rego") {
                    continue;
                } else if name.ends_with(".rego") {
                    files.push(SourceFile {
                        path: shown.clone(),
                        text: read()?,
                    });
                } else if is_data_file(name) {
                    let rel = p
                        .parent()
                        .and_then(|d| d.strip_prefix(dir).ok())
                        .unwrap_or(Path::new(""));
                    let value = load_data(&shown, &read()?)?;
                    let value = nest(rel, value);
                    self.engine.add_data(value).map_err(|e| PolicyError {
                        file: shown.clone(),
                        line: 1,
                        message: format!("cannot merge into data: {e:#}"),
                    })?;
                }
            }
        }
        self.add_files(files, ns)
    }
}

impl Default for PolicySet {
    fn default() -> Self {
        Self::new()
    }
}

pub fn is_data_file(name: &str) -> bool {
    (name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml"))
        && !crate::config::FILE_NAMES.contains(&name)
}

/// A data file's value (YAML 1.1 as Kubernetes reads it, JSON too).
pub fn load_data(shown: &str, text: &str) -> Result<Value, PolicyError> {
    let stream = crate::source::yaml::parse_stream(text);
    if let Some(d) = stream.diagnostics.iter().find(|d| d.fatal) {
        return Err(PolicyError {
            file: shown.to_string(),
            line: d.span.start.line,
            message: d.message.clone(),
        });
    }
    let value = stream
        .documents
        .first()
        .map_or_else(Value::new_object, |d| convert::to_value(&d.root));
    if value.as_object().is_err() {
        return Err(PolicyError {
            file: shown.to_string(),
            line: 1,
            message: "a data file must hold a mapping at its top".into(),
        });
    }
    Ok(value)
}

/// Puts `value` below the directory components of `rel` (as OPA's loader
/// does: `dir/sub/data.yaml` becomes `data.sub`).
pub fn nest(rel: &Path, value: Value) -> Value {
    let mut v = value;
    let comps: Vec<String> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect();
    for c in comps.into_iter().rev() {
        let mut o = regorus::value::Object::default();
        o.insert(Value::from(c.as_str()), v);
        v = o.into();
    }
    v
}

/// Every file below `dir` (or `dir` itself), sorted, skipping hidden ones.
pub fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    if !dir.is_dir() {
        return Err("policy directory not found".into());
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in rd.flatten() {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_checked_against_builtins_and_policies() {
        let file = |text: &str| SourceFile {
            path: "p.rego".into(),
            text: text.into(),
        };
        let ok = file("package p\nimport rego.v1\nf(x) := upper(x)\ny := [p | walk(input, [p, _])]\nz := f(\"a(\") # g(\n");
        assert!(check_calls(&[ok]).is_ok());
        let bad = file("package p\nimport rego.v1\n\ny := uper(\"a\")\n");
        let e = check_calls(&[bad]).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(
            e.message.contains("undefined function uper"),
            "{}",
            e.message
        );
    }

    #[test]
    fn conftest_rule_names() {
        assert_eq!(conftest_rule("deny"), Some(false));
        assert_eq!(conftest_rule("deny_privileged"), Some(false));
        assert_eq!(conftest_rule("violation"), Some(false));
        assert_eq!(conftest_rule("warn_x1"), Some(true));
        assert_eq!(conftest_rule("denylist"), None);
        assert_eq!(conftest_rule("allow"), None);
    }

    #[test]
    fn rule_heads_in_v0_and_v1() {
        let src = "package main\nimport rego.v1\n\ndeny contains msg if {\n  x\n}\ndeny_x[msg] {\n}\nwarn[msg] {\n}\nhelper(x) := y if {\n}\n  deny_indented := 1\n";
        let names: Vec<String> = rule_heads(src).into_iter().map(|h| h.0).collect();
        assert_eq!(names, ["deny", "deny_x", "warn", "helper"]);
    }

    #[test]
    fn locate_reads_regorus_errors() {
        let text = "\n--> p.rego:6:1\n  |\n6 | }\n  | ^\nerror: expecting expression";
        let (f, l, c, m) = locate(text).unwrap();
        assert_eq!((f.as_str(), l, c), ("p.rego", 6, 1));
        assert!(m.starts_with("expecting expression\n"), "{m}");
        assert!(m.contains("6 | }"), "{m}");
        assert!(looks_v1("package x\ndeny contains m if {\n}\n"));
        assert!(!looks_v1("package x\ndeny[m] {\n  m := 1\n}\n"));
    }
}
