//! The human format: grouped by file, each finding with its source line and
//! a caret under the offending value, then a summary line.

use std::fmt::Write;

use serde_json::json;

use crate::rules::Severity;
use crate::scan::Report;
use crate::source::span::line_text;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn sev(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;34",
            Severity::Info => "1;36",
        };
        self.wrap(code, s.as_str())
    }
}

/// Counts by severity, for the summary line and the JSON report.
pub fn summary_counts(report: &Report) -> serde_json::Value {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let files_with = {
        let mut v: Vec<&str> = report.findings.iter().map(|f| f.file.as_str()).collect();
        v.dedup();
        v.len()
    };
    json!({
        "findings": report.findings.len(),
        "critical": count(Severity::Critical),
        "high": count(Severity::High),
        "medium": count(Severity::Medium),
        "low": count(Severity::Low),
        "info": count(Severity::Info),
        "files": report.files.len(),
        "files_with_findings": files_with,
        "resources": report.resources,
        "rules": report.rules.len(),
    })
}

pub fn render(report: &Report, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for f in &report.findings {
        if current != Some(f.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", p.wrap("1;4", &f.file));
            current = Some(&f.file);
        }
        let name = if f.rule_name == f.rule_id {
            String::new()
        } else {
            format!(" {}", p.wrap("2", f.rule_name))
        };
        let _ = writeln!(
            out,
            "  {}:{}  {}  {}{}  {}",
            f.span.start.line,
            f.span.start.col,
            p.sev(f.severity),
            p.wrap("1", f.rule_id),
            name,
            sanitize(&f.message)
        );
        // No excerpt for a file with no text (a binary file).
        if let Some(line) = report
            .file_text(&f.file)
            .filter(|t| !t.is_empty())
            .and_then(|t| line_text(t, f.span.start.line))
        {
            let no = f.span.start.line.to_string();
            let start = f.span.start.col.max(1) as usize;
            let end = if f.span.end.line == f.span.start.line {
                (f.span.report_end().col as usize).max(start + 1)
            } else {
                line.chars().count() + 1
            };
            let shown = sanitize(line);
            let _ = writeln!(out, "    {no} | {}", shown.trim_end());
            let _ = writeln!(
                out,
                "    {} | {}{}",
                " ".repeat(no.len()),
                " ".repeat(start - 1),
                p.wrap("1;31", &"^".repeat(end.saturating_sub(start).max(1)))
            );
        }
        if let Some(r) = &f.resource {
            let _ = writeln!(out, "    {} {}", p.wrap("2", "resource:"), sanitize(r));
        }
    }
    if !report.findings.is_empty() {
        out.push('\n');
    }
    let c = summary_counts(report);
    let n = report.findings.len();
    if n == 0 {
        let _ = writeln!(
            out,
            "{} no findings in {} files ({} resources, {} rules)",
            p.wrap("1;32", "✓"),
            report.files.len(),
            report.resources,
            report.rules.len()
        );
    } else {
        let parts: Vec<String> = ["critical", "high", "medium", "low", "info"]
            .iter()
            .filter(|k| c[**k].as_u64().unwrap_or(0) > 0)
            .map(|k| format!("{} {k}", c[*k]))
            .collect();
        let _ = writeln!(
            out,
            "{} {n} finding{} ({}) in {} of {} files ({} resources, {} rules)",
            p.wrap("1;31", "✗"),
            if n == 1 { "" } else { "s" },
            parts.join(", "),
            c["files_with_findings"],
            report.files.len(),
            report.resources,
            report.rules.len()
        );
    }
    out
}

/// Text from the input, made safe for a terminal: tabs become spaces (so the
/// caret lines up) and other control characters become U+FFFD, so a
/// manifest cannot send escape sequences to the user's terminal.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}
