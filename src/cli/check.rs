//! `plumb check`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::config::Config;
use crate::report::{self, Format};
use crate::rules::Severity;
use crate::scan::{self, Options};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and directories to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Configuration file (default: plumb.yaml or .plumb.yaml here or in a parent, up to the repository root).
    #[arg(short, long)]
    pub config: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = Severity::Low)]
    pub fail_on: Severity,
    /// Only these rules: comma-separated ids, names or category tags.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules: comma-separated ids, names or category tags.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Extra Rego policies: a directory or file (repeatable). Packages with plumb
    /// METADATA are rules; others are read as Conftest policies.
    #[arg(long, value_name = "DIR")]
    pub policy: Vec<PathBuf>,
    /// Conftest-style packages to evaluate (repeatable; default: main), as conftest's --namespace.
    #[arg(long, value_name = "PACKAGE")]
    pub namespace: Vec<String>,
    /// Evaluate every Conftest-style package, as conftest's --all-namespaces.
    #[arg(long, conflicts_with = "namespace")]
    pub all_namespaces: bool,
    /// Leave out paths matching this glob (repeatable).
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Root module directory of Terraform plans (where `.tf` files are looked
    /// for; default: the plan's directory).
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,
    /// CloudFormation templates: the stack's region (`AWS::Region`; replaces
    /// `cloudformation.region` of plumb.yaml).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// CloudFormation templates: a parameter value, over its `Default` and
    /// `cloudformation.parameters` of plumb.yaml (repeatable).
    #[arg(long = "cfn-param", value_name = "KEY=VALUE")]
    pub cfn_param: Vec<String>,
    /// CloudFormation templates: a parameters file as the AWS CLI reads it
    /// (`[{"ParameterKey": ..., "ParameterValue": ...}]` or
    /// `{"Parameters": {...}}`), over plumb.yaml's, under `--cfn-param`.
    #[arg(long = "cfn-params", value_name = "FILE")]
    pub cfn_params: Option<PathBuf>,
    /// Helm charts scanned: a values file, after the chart's values.yaml and
    /// its `helm:` entry in plumb.yaml (repeatable).
    #[arg(long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Helm charts scanned: set a value, with Helm's --set syntax (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Say which files were skipped and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Never color the human output (also: NO_COLOR).
    #[arg(long)]
    pub no_color: bool,
}

pub fn run(a: CheckArgs) -> anyhow::Result<u8> {
    let config = match &a.config {
        Some(p) => {
            if !p.is_file() {
                anyhow::bail!(
                    "{}: configuration file not found; check the --config path",
                    p.display()
                );
            }
            Config::load(p)?
        }
        None => {
            let cwd = std::env::current_dir().context("cannot read the working directory")?;
            match Config::discover(&cwd) {
                Some(p) => Config::load(&p)?,
                None => Config::default(),
            }
        }
    };
    let opts = Options {
        paths: a.paths,
        exclude: a.exclude,
        select: a.select,
        ignore: a.ignore,
        tf_root: a.tf_root,
        region: a.region,
        cfn_params: parse_cfn_params(&a.cfn_param)?,
        cfn_params_file: a.cfn_params,
        helm_values: a.values,
        helm_set: a.set,
        policies: a.policy,
        namespaces: if a.all_namespaces {
            crate::rego::Namespaces::All
        } else if a.namespace.is_empty() {
            crate::rego::Namespaces::default()
        } else {
            crate::rego::Namespaces::Only(a.namespace)
        },
    };
    let report = scan::run(&config, &opts)?;
    for e in &report.errors {
        eprintln!("plumb: warning: {e}");
    }
    if a.verbose {
        if let Some(p) = &config.path {
            eprintln!("plumb: configuration: {}", p.display());
        }
        for n in &report.notes {
            eprintln!("plumb: {n}");
        }
    }
    let color = a.output.is_none()
        && !a.no_color
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::stdout().is_terminal();
    let text = report::render(a.format, &report, color);
    super::emit(a.output.as_deref(), &text)?;
    let failing = report.findings.iter().any(|f| f.severity >= a.fail_on);
    Ok(u8::from(failing))
}

/// `--cfn-param KEY=VALUE` pairs (the value may be empty, and may hold `=`).
fn parse_cfn_params(
    pairs: &[String],
) -> Result<std::collections::BTreeMap<String, String>, crate::scan::Error> {
    let mut out = std::collections::BTreeMap::new();
    for p in pairs {
        match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                out.insert(k.trim().to_string(), v.to_string());
            }
            _ => {
                return Err(crate::scan::Error::Usage(format!(
                    "--cfn-param {p:?}: expected KEY=VALUE, for example --cfn-param Environment=production"
                )))
            }
        }
    }
    Ok(out)
}
