//! The command line: one file per subcommand. Every command returns an exit
//! code: 0 clean, 1 findings at or above `--fail-on`, 2 usage or internal error.

mod check;
mod explain;
mod render;
mod rules;
mod test;

use std::io::Write;

use clap::{Parser, Subcommand};

pub use check::CheckArgs;

#[derive(Parser, Debug)]
#[command(
    name = "plumb",
    version,
    about = "Policy-as-code compliance checks for Kubernetes manifests",
    long_about = "plumb checks what you deploy against your written standards (multi-AZ, TLS, encryption at rest, NetworkPolicies, PodDisruptionBudgets, resource limits, data residency) and reports each violation at its file, line and column.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files and directories (default: .) and print findings.
    Check(CheckArgs),
    /// List every rule with its metadata.
    Rules(rules::RulesArgs),
    /// Show a rule's full documentation (by id or name).
    Explain(explain::ExplainArgs),
    /// Print a Helm chart's rendered manifests, as `helm template` would.
    Render(render::RenderArgs),
    /// Run policy unit tests (`test_*` rules in `*_test.rego` files).
    Test(test::TestArgs),
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Render(a) => render::run(a),
        Command::Test(a) => test::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("plumb: error: {e:#}");
            2
        }
    }
}

/// Writes to `--output` or stdout.
fn emit(output: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(p) => std::fs::write(p, text)
            .map_err(|e| anyhow::anyhow!("{}: cannot write the report: {e}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`plumb check | head`) is not an error.
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(()),
            }
        }
    }
}
