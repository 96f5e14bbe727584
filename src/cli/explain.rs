//! `plumb explain RULE`.

use clap::Args;

use crate::rules::{self, docs};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id (K8S001) or name (insufficient-replicas).
    pub rule: String,
}

pub fn run(a: ExplainArgs) -> anyhow::Result<u8> {
    match rules::find(&a.rule) {
        Some(m) => {
            super::emit(None, &docs::explain(m))?;
            Ok(0)
        }
        None => anyhow::bail!(
            "no rule \"{}\"; run `plumb rules` to list ids and names",
            a.rule
        ),
    }
}
