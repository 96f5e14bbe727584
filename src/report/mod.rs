//! Reporters: each a pure function of the scan's report. None re-reads input.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::scan::Report;

/// Output formats of `plumb check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, with the offending source line.
    Human,
    /// Machine-readable findings and summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: a test suite per rule, a failing test case per finding.
    Junit,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

/// Renders a report. `color` only affects the human format.
pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
    }
}
