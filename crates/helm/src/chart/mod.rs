//! Charts: loading (`Chart.yaml`, values, dependencies) and rendering them as
//! `helm template` does.
//!
//! - [`load`] reads a chart directory or `.tgz` ([`loader`]);
//! - [`RenderOptions`] holds what `helm template` takes on its command line
//!   (release, namespace, `--values`, `--set*`, `--kube-version`,
//!   `--api-versions`, `--include-crds`);
//! - [`render`] processes dependencies (`condition`, `tags`, `import-values`,
//!   aliases), coalesces values ([`values`]), validates them against each chart's
//!   `values.schema.json` ([`schema`]), builds each template's data as Helm v4
//!   does (`.Values`, `.Release`, `.Chart`, `.Capabilities`, `.Template`,
//!   `.Files`, `.Subcharts`) and executes every template, collecting every error
//!   where Helm stops at the first;
//! - [`RenderOutput::helm_template_text`] prints the result exactly as
//!   `helm template` does ([`manifest`]: documents split at `---`, sorted by kind
//!   in Helm's install order, hooks last, `# Source:` comments).
//!
//! A dependency entry applies (alias, condition, import-values) only to a
//! subchart whose version satisfies its `version` range, and a chart's
//! `kubeVersion` range is checked against the Kubernetes version ([`semver`]).
//!
//! Checked against helm v4.1.4 by `tests/differential.rs` (byte-identical
//! output on the test charts under `tests/charts/`, the coalesced values, the
//! `.Files` lists, and the error messages of schema violations, `fail`,
//! `required`, parse, execution and YAML errors).
//!
//! Differences from Helm: every error is collected instead of stopping at the
//! first; Helm's warnings (non-bool conditions, import-values of non-tables) are
//! not printed; subcharts in `charts/`
//! are taken in name order (Helm's loader order is unspecified). Not done:
//! `lookup` against a cluster (there is none), `--post-renderer`, `--show-only`,
//! `--set-literal`.

pub mod ignore;
pub mod loader;
pub mod manifest;
pub mod objects;
mod render;
pub mod schema;
pub mod semver;
pub mod strvals;
pub mod values;
pub mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::value::{Map, Value};

pub use render::render;

/// A file of a chart, by its path inside the chart (`templates/x.yaml`).
#[derive(Clone, Debug)]
pub struct File {
    pub name: String,
    pub data: Vec<u8>,
}

/// A loaded chart.
#[derive(Clone, Debug)]
pub struct Chart {
    pub metadata: Metadata,
    /// `values.yaml` (an empty map when absent).
    pub values: Map,
    /// `values.yaml`'s text, for mapping values back to their lines.
    pub values_text: Option<String>,
    /// `values.schema.json`.
    pub schema: Option<Vec<u8>>,
    /// `templates/**`, partials and `NOTES.txt` included.
    pub templates: Vec<File>,
    /// Every other file (`.Files`), `crds/` included.
    pub files: Vec<File>,
    /// Subcharts from `charts/`, sorted by their directory or archive name.
    pub dependencies: Vec<Chart>,
    /// The path of the parent chart as Helm names it (`parent/charts/`), set
    /// while rendering; empty for the root.
    pub parent_path: String,
}

impl Chart {
    /// The chart's name (its alias once dependencies are processed).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Helm's `ChartFullPath`: `root/charts/sub/charts/subsub`.
    pub fn full_path(&self) -> String {
        format!("{}{}", self.parent_path, self.metadata.name)
    }

    /// Whether `type: library`.
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type == "library"
    }

    /// The CRD files (`crds/*.yaml|yml|json`) of this chart and its dependencies,
    /// with the names `helm template --include-crds` prints.
    pub fn crd_objects(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for f in &self.files {
            let ext_ok = [".yaml", ".yml", ".json"]
                .iter()
                .any(|e| f.name.ends_with(e));
            if f.name.starts_with("crds/") && ext_ok {
                out.push((
                    format!("{}/{}", self.full_path(), f.name),
                    String::from_utf8_lossy(&f.data).into_owned(),
                ));
            }
        }
        for d in &self.dependencies {
            out.extend(d.crd_objects());
        }
        out
    }
}

/// A string in `Chart.yaml` that YAML may have typed as a number or bool
/// (`appVersion: 1.0`).
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = yaml_serde::Value::deserialize(d)?;
    Ok(match v {
        yaml_serde::Value::Null => String::new(),
        yaml_serde::Value::String(s) => s,
        yaml_serde::Value::Bool(b) => b.to_string(),
        yaml_serde::Value::Number(n) => n.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a string, got {other:?}"
            )))
        }
    })
}

/// `Chart.yaml`, with Helm's field names.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Metadata {
    #[serde(rename = "apiVersion", deserialize_with = "lenient_string")]
    pub api_version: String,
    #[serde(deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(deserialize_with = "lenient_string")]
    pub home: String,
    pub sources: Vec<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub version: String,
    #[serde(deserialize_with = "lenient_string")]
    pub description: String,
    pub keywords: Vec<String>,
    pub maintainers: Vec<Maintainer>,
    #[serde(deserialize_with = "lenient_string")]
    pub icon: String,
    #[serde(deserialize_with = "lenient_string")]
    pub condition: String,
    #[serde(deserialize_with = "lenient_string")]
    pub tags: String,
    #[serde(rename = "appVersion", deserialize_with = "lenient_string")]
    pub app_version: String,
    pub deprecated: bool,
    pub annotations: Option<BTreeMap<String, String>>,
    #[serde(rename = "kubeVersion", deserialize_with = "lenient_string")]
    pub kube_version: String,
    pub dependencies: Vec<Dependency>,
    #[serde(rename = "type", deserialize_with = "lenient_string")]
    pub chart_type: String,
}

/// A `maintainers` entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Maintainer {
    pub name: String,
    pub email: String,
    pub url: String,
}

/// A `dependencies` entry of `Chart.yaml` (or v1's `requirements.yaml`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Dependency {
    #[serde(deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(deserialize_with = "lenient_string")]
    pub version: String,
    #[serde(deserialize_with = "lenient_string")]
    pub repository: String,
    #[serde(deserialize_with = "lenient_string")]
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    #[serde(rename = "import-values")]
    pub import_values: Vec<yaml_serde::Value>,
    #[serde(deserialize_with = "lenient_string")]
    pub alias: String,
}

impl Metadata {
    /// `.Chart` as Helm v4 gives it to templates: a map with Go's field names.
    pub fn to_value(&self, is_root: bool) -> Value {
        let strs = |v: &[String]| Value::list(v.iter().map(Value::str).collect());
        let mut m = BTreeMap::new();
        m.insert("APIVersion".into(), Value::str(&self.api_version));
        m.insert(
            "Annotations".into(),
            match &self.annotations {
                None => Value::Nil,
                Some(a) => Value::map(a.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect()),
            },
        );
        m.insert("AppVersion".into(), Value::str(&self.app_version));
        m.insert("Condition".into(), Value::str(&self.condition));
        m.insert(
            "Dependencies".into(),
            Value::list(self.dependencies.iter().map(Dependency::to_value).collect()),
        );
        m.insert("Deprecated".into(), Value::Bool(self.deprecated));
        m.insert("Description".into(), Value::str(&self.description));
        m.insert("Home".into(), Value::str(&self.home));
        m.insert("Icon".into(), Value::str(&self.icon));
        m.insert("IsRoot".into(), Value::Bool(is_root));
        m.insert("Keywords".into(), strs(&self.keywords));
        m.insert("KubeVersion".into(), Value::str(&self.kube_version));
        m.insert(
            "Maintainers".into(),
            Value::list(
                self.maintainers
                    .iter()
                    .map(|x| {
                        let mut mm = BTreeMap::new();
                        mm.insert("Email".into(), Value::str(&x.email));
                        mm.insert("Name".into(), Value::str(&x.name));
                        mm.insert("URL".into(), Value::str(&x.url));
                        Value::map(mm)
                    })
                    .collect(),
            ),
        );
        m.insert("Name".into(), Value::str(&self.name));
        m.insert("Sources".into(), strs(&self.sources));
        m.insert("Tags".into(), Value::str(&self.tags));
        m.insert("Type".into(), Value::str(&self.chart_type));
        m.insert("Version".into(), Value::str(&self.version));
        Value::map(m)
    }
}

impl Dependency {
    fn to_value(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("Alias".into(), Value::str(&self.alias));
        m.insert("Condition".into(), Value::str(&self.condition));
        m.insert("Enabled".into(), Value::Bool(self.enabled));
        m.insert(
            "ImportValues".into(),
            Value::list(self.import_values.iter().map(yaml::from_yaml).collect()),
        );
        m.insert("Name".into(), Value::str(&self.name));
        m.insert("Repository".into(), Value::str(&self.repository));
        m.insert(
            "Tags".into(),
            Value::list(self.tags.iter().map(Value::str).collect()),
        );
        m.insert("Version".into(), Value::str(&self.version));
        Value::map(m)
    }
}

/// Loads a chart directory or packaged chart (`.tgz`), as `helm template` does.
pub fn load(path: impl AsRef<Path>) -> Result<Chart, Error> {
    loader::load(path.as_ref())
}

/// What `helm template` takes on its command line.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The release name (`helm template NAME`; default `release-name`).
    pub release_name: String,
    /// `--namespace` (default `default`).
    pub namespace: String,
    /// `--values` files, in order.
    pub values_files: Vec<PathBuf>,
    /// `--set-json` arguments.
    pub set_json: Vec<String>,
    /// `--set` arguments.
    pub set: Vec<String>,
    /// `--set-string` arguments.
    pub set_string: Vec<String>,
    /// `--set-file` arguments (`key=path`).
    pub set_file: Vec<String>,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions` (repeatable).
    pub api_versions: Vec<String>,
    /// `--include-crds`.
    pub include_crds: bool,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            release_name: "release-name".into(),
            namespace: "default".into(),
            values_files: Vec::new(),
            set_json: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            set_file: Vec::new(),
            kube_version: None,
            api_versions: Vec::new(),
            include_crds: false,
        }
    }
}

impl RenderOptions {
    /// The user's values as Helm assembles them: `--values` files merged in order,
    /// then `--set-json`, `--set`, `--set-string`, `--set-file`.
    pub fn user_values(&self) -> Result<Map, Error> {
        let mut base = values::new_map();
        for f in &self.values_files {
            let text = std::fs::read_to_string(f).map_err(|e| Error::Values {
                message: format!("{}: cannot read the values file: {e}", f.display()),
            })?;
            let v = yaml::parse_values(&text).map_err(|e| Error::Values {
                message: format!("failed to parse {}: {e}", f.display()),
            })?;
            if let Value::Map(m) = v {
                base = values::merge_maps(&base, &m);
            }
        }
        let passes: [(&Vec<String>, strvals::Mode, &str); 3] = [
            (&self.set_json, strvals::Mode::Json, "--set-json"),
            (&self.set, strvals::Mode::Typed, "--set"),
            (&self.set_string, strvals::Mode::String, "--set-string"),
        ];
        for (args, mode, flag) in passes {
            for a in args {
                strvals::parse_into(a, &base, mode).map_err(|e| Error::Values {
                    // Helm's wording (it names the argument for --set-json only).
                    message: if mode == strvals::Mode::Json {
                        format!("failed parsing {flag} data {a}")
                    } else {
                        format!("failed parsing {flag} data: {e}")
                    },
                })?;
            }
        }
        let read = |p: &str| -> Result<Value, String> {
            std::fs::read_to_string(p)
                .map(Value::from)
                .map_err(|e| format!("open {p}: {e}"))
        };
        for a in &self.set_file {
            strvals::parse_into_file(a, &base, &read).map_err(|e| Error::Values {
                message: format!("failed parsing --set-file data: {e}"),
            })?;
        }
        Ok(base)
    }
}

/// A chart that cannot be loaded, values that cannot be read, or a dependency
/// problem that stops rendering.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The chart cannot be loaded.
    Load { path: PathBuf, message: String },
    /// `--values`/`--set` cannot be read.
    Values { message: String },
    /// Dependencies declared but not in `charts/`, or a library chart as root.
    Chart { message: String },
}

impl Error {
    fn load(path: &Path, message: String) -> Error {
        Error::Load {
            path: path.to_path_buf(),
            message,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Values { message } | Error::Chart { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// What went wrong in one template (or with the values), with where.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderError {
    /// The template as Helm names it (`mychart/templates/x.yaml`); for a schema
    /// violation, `mychart/values.schema.json`; for a YAML problem in the
    /// output, the template that produced it and the template line that wrote
    /// the offending output line.
    pub file: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column in characters (0 when unknown); messages print Go's
    /// 0-based byte column, as Helm does.
    pub col: u32,
    pub kind: RenderErrorKind,
    /// The message, without the position.
    pub message: String,
}

/// The kind of a [`RenderError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderErrorKind {
    /// The template does not parse.
    Parse,
    /// Execution failed (a bad call, a missing template, ...).
    Exec,
    /// `fail` or `required`.
    Fail,
    /// The values do not meet `values.schema.json`.
    Schema,
    /// A rendered document is not valid YAML (Helm: `YAML parse error on ...`).
    Yaml,
    /// The values or dependencies cannot be processed.
    Values,
}

impl fmt::Display for RenderError {
    /// As Helm words it, with the position in front.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RenderErrorKind::Fail => write!(
                f,
                "execution error at ({}:{}:{}): {}",
                self.file,
                self.line,
                self.col.saturating_sub(1),
                self.message
            ),
            RenderErrorKind::Parse => write!(
                f,
                "parse error at ({}:{}): {}",
                self.file, self.line, self.message
            ),
            RenderErrorKind::Exec => write!(
                f,
                "template: {}:{}:{}: {}",
                self.file,
                self.line,
                self.col.saturating_sub(1),
                self.message
            ),
            RenderErrorKind::Yaml => {
                write!(f, "YAML parse error on {}: {}", self.file, self.message)
            }
            RenderErrorKind::Schema => write!(f, "{}: {}", self.file, self.message),
            RenderErrorKind::Values => f.write_str(&self.message),
        }
    }
}

/// One rendered template.
#[derive(Clone, Debug)]
pub struct RenderedTemplate {
    /// As Helm prints it in `# Source:` (`mychart/charts/sub/templates/y.yaml`).
    pub name: String,
    /// The output (Go's `<no value>` already replaced by "", as Helm does).
    pub rendered: crate::template::Rendered,
}

/// The result of [`render`].
#[derive(Clone, Debug, Default)]
pub struct RenderOutput {
    /// Every template that rendered, in Helm's order (sorted by path), partials
    /// and `NOTES.txt` excluded.
    pub templates: Vec<RenderedTemplate>,
    /// CRD files (`--include-crds`): name as printed, and content.
    pub crds: Vec<(String, String)>,
    /// Every error; Helm would have stopped at the first.
    pub errors: Vec<RenderError>,
    /// The coalesced values the templates saw.
    pub values: Option<Map>,
}

impl RenderOutput {
    /// Exactly what `helm template` prints for this render (when there are no
    /// errors; with errors, the documents of the templates that did render).
    pub fn helm_template_text(&self) -> String {
        manifest::helm_template_text(self).0
    }

    /// The documents in `helm template`'s order, each with its template name.
    pub fn documents(&self) -> Vec<manifest::Document> {
        manifest::sorted_documents(self).0
    }

    /// Where the byte at `offset` in `doc.content` came from: the template
    /// position that wrote it and, when that is inside a `define`, the call site
    /// in the executed template (see [`crate::template::Rendered::position_at`]).
    pub fn source_position(
        &self,
        doc: &manifest::Document,
        offset: usize,
    ) -> Option<(crate::template::Pos, Option<crate::template::Pos>)> {
        let t = self.templates.get(doc.template)?;
        t.rendered.position_at(doc.offset + offset)
    }
}
