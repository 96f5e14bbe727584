//! Reporters: each a pure function of the scan's report. None re-reads input.

pub mod human;
pub mod json;

use crate::scan::Report;

/// Output formats of `plumb check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, with the offending source line.
    Human,
    /// Machine-readable findings and summary.
    Json,
}

/// Renders a report. `color` only affects the human format.
pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
    }
}
