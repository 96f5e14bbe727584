//! `--format json`: findings, a summary and the non-finding errors.

use serde_json::json;

use crate::scan::Report;

pub fn render(report: &Report) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule_id,
                "name": f.rule_name,
                "severity": f.severity,
                "message": f.message,
                "file": f.file,
                "line": f.span.start.line,
                "column": f.span.start.col,
                "end_line": f.span.report_end().line,
                "end_column": f.span.report_end().col,
                "resource": f.resource,
                "path": f.path,
                "fingerprint": f.fingerprint,
            })
        })
        .collect();
    let out = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "findings": findings,
        "summary": super::human::summary_counts(report),
        "errors": report.errors,
    });
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
