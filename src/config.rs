//! `plumb.yaml` / `.plumb.yaml`: typed, validated, with the file, line and
//! key in every error.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer, Serialize};

use crate::rules::Severity;
use crate::source::yaml::{self, Node};

/// Names looked up, in this order, in each directory.
pub const FILE_NAMES: [&str; 2] = ["plumb.yaml", ".plumb.yaml"];

/// A configuration error: where it is and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Minimum TLS version a rule accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TlsVersion {
    #[serde(rename = "1.0")]
    V1_0,
    #[serde(rename = "1.1")]
    V1_1,
    #[serde(rename = "1.2")]
    V1_2,
    #[serde(rename = "1.3")]
    V1_3,
}

impl TlsVersion {
    pub fn parse(s: &str) -> Option<Self> {
        // "TLSv1.2", "TLS1_2", "tls 1.2", "v1.2", "1.2": any case.
        let lower = s.trim().to_ascii_lowercase();
        let s = lower.strip_prefix("tls").unwrap_or(&lower);
        let s = s.trim_start_matches(['_', 'v', ' ', '-']).replace('_', ".");
        match s.as_str() {
            "1" | "1.0" => Some(Self::V1_0),
            "1.1" => Some(Self::V1_1),
            "1.2" => Some(Self::V1_2),
            "1.3" => Some(Self::V1_3),
            _ => None,
        }
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::V1_0 => "1.0",
            Self::V1_1 => "1.1",
            Self::V1_2 => "1.2",
            Self::V1_3 => "1.3",
        })
    }
}

impl<'de> Deserialize<'de> for TlsVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            F(f64),
        }
        let text = match Raw::deserialize(d)? {
            Raw::S(s) => s,
            Raw::F(f) => format!("{f:.1}"),
        };
        match TlsVersion::parse(&text) {
            Some(v @ (TlsVersion::V1_2 | TlsVersion::V1_3)) => Ok(v),
            _ => Err(serde::de::Error::custom(format!(
                "min_tls_version must be \"1.2\" or \"1.3\", not \"{text}\""
            ))),
        }
    }
}

/// The parameters rules read. Defaults are the contract's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Params {
    pub min_replicas: u32,
    pub min_tls_version: TlsVersion,
    pub allowed_regions: Vec<String>,
    pub require_customer_managed_keys: bool,
    pub require_cpu_limits: bool,
    /// Days of automated backups a database keeps at least.
    pub min_backup_retention_days: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_replicas: 2,
            min_tls_version: TlsVersion::V1_2,
            allowed_regions: Vec::new(),
            require_customer_managed_keys: false,
            require_cpu_limits: true,
            min_backup_retention_days: 7,
        }
    }
}

/// Parameters as written: every one optional, applied over the defaults and
/// then over each matching environment.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsPatch {
    pub min_replicas: Option<u32>,
    pub min_tls_version: Option<TlsVersion>,
    pub allowed_regions: Option<Vec<String>>,
    pub require_customer_managed_keys: Option<bool>,
    pub require_cpu_limits: Option<bool>,
    pub min_backup_retention_days: Option<u32>,
}

impl ParamsPatch {
    pub fn apply(&self, p: &mut Params) {
        if let Some(v) = self.min_replicas {
            p.min_replicas = v;
        }
        if let Some(v) = self.min_tls_version {
            p.min_tls_version = v;
        }
        if let Some(v) = &self.allowed_regions {
            p.allowed_regions = v.clone();
        }
        if let Some(v) = self.require_customer_managed_keys {
            p.require_customer_managed_keys = v;
        }
        if let Some(v) = self.require_cpu_limits {
            p.require_cpu_limits = v;
        }
        if let Some(v) = self.min_backup_retention_days {
            p.min_backup_retention_days = v;
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub name: String,
    pub paths: Vec<String>,
    #[serde(default)]
    pub params: ParamsPatch,
    /// The region of the CloudFormation stacks deployed from these paths
    /// (over `cloudformation.region`; `--region` wins over both).
    pub region: Option<String>,
}

/// Per-chart Helm settings (used by Helm rendering).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelmChart {
    pub chart: String,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub set: Vec<String>,
    pub release: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerraformSection {
    pub root: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFormationSection {
    pub region: Option<String>,
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// A parameters file in the CloudFormation CLI's JSON format (see
    /// [`crate::source::cloudformation::params`]), relative to the
    /// configuration; `parameters` win over it.
    pub parameters_file: Option<String>,
}

/// `plumb.yaml` as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub params: ParamsPatch,
    #[serde(default)]
    pub environments: Vec<Environment>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub helm: Vec<HelmChart>,
    #[serde(default)]
    pub terraform: TerraformSection,
    #[serde(default)]
    pub cloudformation: CloudFormationSection,
}

/// The loaded configuration: the file's settings with globs compiled.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// The directory paths in the file are relative to.
    pub base: PathBuf,
    pub file: ConfigFile,
    pub params: Params,
    environments: Vec<(GlobSet, Params, String, Option<String>)>,
    pub exclude: Option<GlobSet>,
    /// The text of the file, to locate keys in later validation errors.
    text: String,
}

impl Config {
    /// Finds `plumb.yaml` or `.plumb.yaml` in `start` or its parents, up to
    /// the repository root (a directory holding `.git`).
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let p = d.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
            if d.join(".git").exists() {
                return None;
            }
            dir = d.parent();
        }
        None
    }

    /// Loads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: shown.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read the configuration: {e}"),
        })?;
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::from_text(&text, &shown, base).map(|mut c| {
            c.path = Some(path.to_path_buf());
            c
        })
    }

    /// Parses configuration text; `shown` names the file in errors.
    pub fn from_text(text: &str, shown: &str, base: PathBuf) -> Result<Config, ConfigError> {
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            yaml_serde::from_str(text).map_err(|e| {
                let (line, column) = e
                    .location()
                    .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
                ConfigError {
                    file: shown.to_string(),
                    line,
                    column,
                    message: format!(
                        "{}; see the configuration reference in the README",
                        strip_location(&e.to_string())
                    ),
                }
            })?
        };
        let mut cfg = Config {
            path: None,
            base,
            params: Params::default(),
            environments: Vec::new(),
            exclude: None,
            text: text.to_string(),
            file,
        };
        let err = |keys: &[&str], msg: String| cfg.error_at(shown, keys, msg);
        let mut params = Params::default();
        cfg.file.params.apply(&mut params);
        let mut envs = Vec::new();
        for (i, env) in cfg.file.environments.iter().enumerate() {
            let mut b = GlobSetBuilder::new();
            for pat in &env.paths {
                let g = Glob::new(pat).map_err(|e| {
                    err(
                        &["environments", &i.to_string(), "paths"],
                        format!("environments[{i}].paths: bad glob \"{pat}\": {}", e.kind()),
                    )
                })?;
                b.add(g);
            }
            let set = b
                .build()
                .map_err(|e| err(&["environments"], e.to_string()))?;
            let mut p = params.clone();
            env.params.apply(&mut p);
            if let Some(r) = &env.region {
                if !crate::source::cloudformation::looks_like_region(r) {
                    return Err(err(
                        &["environments", &i.to_string(), "region"],
                        format!("environments[{i}].region: \"{r}\" is not an AWS region name such as eu-west-1"),
                    ));
                }
            }
            envs.push((set, p, env.name.clone(), env.region.clone()));
        }
        if let Some(r) = &cfg.file.cloudformation.region {
            if !crate::source::cloudformation::looks_like_region(r) {
                return Err(err(
                    &["cloudformation", "region"],
                    format!("cloudformation.region: \"{r}\" is not an AWS region name such as eu-west-1"),
                ));
            }
        }
        let exclude = if cfg.file.exclude.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for (i, pat) in cfg.file.exclude.iter().enumerate() {
                b.add(Glob::new(pat).map_err(|e| {
                    err(
                        &["exclude", &i.to_string()],
                        format!("exclude: bad glob \"{pat}\": {}", e.kind()),
                    )
                })?);
            }
            Some(b.build().map_err(|e| err(&["exclude"], e.to_string()))?)
        };
        cfg.params = params;
        cfg.environments = envs;
        cfg.exclude = exclude;
        Ok(cfg)
    }

    /// An error located at a key path of the file (`rules.severity.K8S999`).
    pub fn error_at(&self, shown: &str, keys: &[&str], message: String) -> ConfigError {
        let (line, column) = locate(&self.text, keys);
        ConfigError {
            file: shown.to_string(),
            line,
            column,
            message,
        }
    }

    /// The name to show for this configuration in errors.
    pub fn shown(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<defaults>".to_string(), |p| p.display().to_string())
    }

    /// The first environment whose globs match a file (an absolute or
    /// working-directory-relative path).
    fn environment(&self, file: &Path) -> Option<&(GlobSet, Params, String, Option<String>)> {
        if self.environments.is_empty() {
            return None;
        }
        let rel = relative_to(file, &self.base);
        self.environments.iter().find(|e| e.0.is_match(&rel))
    }

    /// The parameters for a file: its environment's, else the defaults.
    pub fn params_for(&self, file: &Path) -> (&Params, Option<&str>) {
        match self.environment(file) {
            Some((_, p, name, _)) => (p, Some(name)),
            None => (&self.params, None),
        }
    }

    /// The CloudFormation stack region its environment gives a file, if it
    /// matches one that sets `region` (else `cloudformation.region`, or
    /// `--region`, applies).
    pub fn environment_region(&self, file: &Path) -> Option<&str> {
        self.environment(file).and_then(|e| e.3.as_deref())
    }

    /// Whether the configuration's `exclude` globs match a path.
    pub fn is_excluded(&self, file: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(relative_to(file, &self.base)))
    }
}

/// A path made relative to `base` where it lies below it, with forward slashes.
pub fn relative_to(file: &Path, base: &Path) -> String {
    let abs = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let (f, b) = (normalize(&abs(file)), normalize(&abs(base)));
    let rel = f.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(f);
    rel.to_string_lossy().replace('\\', "/")
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Line and column of the deepest key of `keys` present in the text.
fn locate(text: &str, keys: &[&str]) -> (u32, u32) {
    let stream = yaml::parse_stream(text);
    let Some(doc) = stream.documents.first() else {
        return (1, 1);
    };
    let mut cur: &Node = &doc.root;
    let mut at = (1, 1);
    for k in keys {
        let next = match k.parse::<usize>() {
            Ok(i) if cur.as_seq().is_some() => cur.items().get(i).map(|n| (n, n.span)),
            _ => cur.entry(k).map(|e| (&e.value, e.key_span)),
        };
        match next {
            Some((n, span)) => {
                at = (span.start.line, span.start.col);
                cur = n;
            }
            None => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(t: &str) -> Result<Config, ConfigError> {
        Config::from_text(t, "plumb.yaml", PathBuf::from("/repo"))
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = cfg("params:\n  min_replicas: 2\n  min_replica: 3\n").unwrap_err();
        assert_eq!(e.file, "plumb.yaml");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("min_replica"), "{}", e.message);
    }

    #[test]
    fn bad_value_is_located() {
        let e = cfg("params:\n  min_tls_version: \"1.1\"\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("1.2"), "{}", e.message);
        let e = cfg("rules:\n  severity: {K8S001: urgent}\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn tls_version_accepts_numbers_and_strings() {
        let c = cfg("params: {min_tls_version: 1.3}\n").unwrap();
        assert_eq!(c.params.min_tls_version, TlsVersion::V1_3);
        for (text, want) in [
            ("TLSv1.2", Some(TlsVersion::V1_2)),
            ("Tls1.2", Some(TlsVersion::V1_2)),
            ("tlsv1.3", Some(TlsVersion::V1_3)),
            ("TLS_1_1", Some(TlsVersion::V1_1)),
            ("TLS 1.0", Some(TlsVersion::V1_0)),
            ("1.2", Some(TlsVersion::V1_2)),
            ("SSLv3", None),
            ("1.4", None),
        ] {
            assert_eq!(TlsVersion::parse(text), want, "{text}");
        }
    }

    #[test]
    fn min_backup_retention_days_defaults_to_seven() {
        assert_eq!(cfg("").unwrap().params.min_backup_retention_days, 7);
        let c = cfg("params: {min_backup_retention_days: 14}\n").unwrap();
        assert_eq!(c.params.min_backup_retention_days, 14);
        let e = cfg("params:\n  min_backup_retention_days: -1\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn environments_first_match_wins() {
        let c = cfg(
            "params: {min_replicas: 2}\nenvironments:\n- name: eu\n  paths: [\"deploy/eu/**\"]\n  params: {min_replicas: 3, allowed_regions: [eu-west-1]}\n- name: all\n  paths: [\"deploy/**\"]\n  params: {min_replicas: 5}\n",
        )
        .unwrap();
        let (p, n) = c.params_for(Path::new("/repo/deploy/eu/app.yaml"));
        assert_eq!((p.min_replicas, n), (3, Some("eu")));
        assert_eq!(p.allowed_regions, ["eu-west-1"]);
        let (p, n) = c.params_for(Path::new("/repo/deploy/us/app.yaml"));
        assert_eq!((p.min_replicas, n), (5, Some("all")));
        let (p, n) = c.params_for(Path::new("/repo/other/app.yaml"));
        assert_eq!((p.min_replicas, n), (2, None));
    }
}
