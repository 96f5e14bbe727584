//! `plumb render CHART`: print a Helm chart's manifests exactly as
//! `helm template` would, with no `helm` binary.
//!
//! Every error (a bad template, `required`/`fail`, values not meeting the schema,
//! a rendered document that is not YAML) goes to stderr with its template file
//! and line, and the command exits 2; the templates that did render are still
//! printed (helm would stop at the first error and print nothing).

use std::path::PathBuf;

use clap::Args;
use plumb_helm::chart::{self, RenderOptions};

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The chart: a directory holding Chart.yaml, or a packaged .tgz.
    pub chart: PathBuf,
    /// A values file (repeatable; later files win).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Set a value (Helm's syntax: a.b=c, list={x,y}, a[0].b=1; repeatable).
    #[arg(long, value_name = "K=V")]
    pub set: Vec<String>,
    /// Set a string value (no type guessing; repeatable).
    #[arg(long, value_name = "K=V")]
    pub set_string: Vec<String>,
    /// Set a JSON value (repeatable).
    #[arg(long, value_name = "K=JSON")]
    pub set_json: Vec<String>,
    /// Set a value from a file's content (repeatable).
    #[arg(long, value_name = "K=PATH")]
    pub set_file: Vec<String>,
    /// The release name (.Release.Name).
    #[arg(long, visible_alias = "release-name", default_value = "release-name")]
    pub release: String,
    /// The namespace (.Release.Namespace).
    #[arg(short, long, default_value = "default")]
    pub namespace: String,
    /// The Kubernetes version for .Capabilities (default: helm's, v1.35.0).
    #[arg(long)]
    pub kube_version: Option<String>,
    /// An extra API version for .Capabilities.APIVersions (repeatable).
    #[arg(short = 'a', long, value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Print the CRDs of crds/ directories too.
    #[arg(long)]
    pub include_crds: bool,
    /// Write the manifests to this file instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(a: RenderArgs) -> anyhow::Result<u8> {
    let chart = chart::load(&a.chart)?;
    let opts = RenderOptions {
        release_name: a.release,
        namespace: a.namespace,
        values_files: a.values,
        set_json: a.set_json,
        set: a.set,
        set_string: a.set_string,
        set_file: a.set_file,
        kube_version: a.kube_version,
        api_versions: a.api_versions,
        include_crds: a.include_crds,
    };
    let out = chart::render(&chart, &opts);
    super::emit(a.output.as_deref(), &out.helm_template_text())?;
    for e in &out.errors {
        eprintln!("plumb: error: {e}");
    }
    Ok(if out.errors.is_empty() { 0 } else { 2 })
}
