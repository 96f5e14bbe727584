//! `plumb rules`.

use clap::{Args, ValueEnum};

use crate::rules::docs;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

pub fn run(a: RulesArgs) -> anyhow::Result<u8> {
    let text = match a.format {
        RulesFormat::Text => docs::text(),
        RulesFormat::Json => docs::json(),
        RulesFormat::Markdown => docs::markdown(),
    };
    super::emit(None, &text)?;
    Ok(0)
}
