//! `plumb test`: run policy unit tests (`test_*` rules in Rego files).

use std::path::PathBuf;

use clap::Args;

use crate::rego::testing;

#[derive(Args, Debug)]
pub struct TestArgs {
    /// Policy files and directories (every `.rego` file and JSON/YAML data file below them).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Only tests whose full name (`data.pkg.test_name`) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,
    /// Report covered and uncovered lines per policy file.
    #[arg(long)]
    pub coverage: bool,
    /// Also list passing tests.
    #[arg(short, long)]
    pub verbose: bool,
}

pub fn run(a: TestArgs) -> anyhow::Result<u8> {
    let filter = a
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--run: bad regular expression: {e}"))?;
    let result = testing::run(&a.paths, filter.as_ref(), a.coverage)?;
    if result.cases.is_empty() {
        eprintln!("plumb: warning: no test_* rules found");
    }
    super::emit(None, &testing::render(&result, a.verbose))?;
    Ok(u8::from(result.failed() > 0))
}
