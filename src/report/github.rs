//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=ID name::message`.
//!
//! Levels: critical and high are `error`, medium `warning`, low and info
//! `notice`. GitHub only accepts `col`/`endColumn` when the annotation
//! stays on one line, so a finding spanning lines is annotated at its start
//! position. A clean scan writes nothing.

use std::fmt::Write;

use crate::finding::Finding;
use crate::rules::Severity;
use crate::scan::Report;

/// Escapes a command's data (the message): `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

fn annotation(f: &Finding) -> String {
    let start = f.span.start;
    let (line, col) = (start.line.max(1), start.col.max(1));
    let end = f.span.report_end();
    let mut props = format!("file={},line={line}", escape_property(&f.file));
    if end.line <= line {
        let _ = write!(
            props,
            ",col={col},endLine={line},endColumn={}",
            end.col.max(col)
        );
    } else {
        let _ = write!(props, ",col={col}");
    }
    let title = if f.rule_id == f.rule_name {
        f.rule_id.to_string()
    } else {
        format!("{} {}", f.rule_id, f.rule_name)
    };
    let _ = write!(props, ",title={}", escape_property(&title));
    format!(
        "::{} {props}::{}\n",
        command(f.severity),
        escape_data(&f.message)
    )
}

pub fn render(report: &Report) -> String {
    report.findings.iter().map(annotation).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::span::{Pos, Span};

    fn finding(span: Span, severity: Severity) -> Finding {
        Finding {
            rule_id: "K8S001",
            rule_name: "insufficient-replicas",
            severity,
            message: "50% of\r\nthe: pods, gone".into(),
            file: "deploy/a,b:c.yaml".into(),
            span,
            resource: None,
            path: None,
            fingerprint: String::new(),
        }
    }

    #[test]
    fn one_line_finding_has_full_range_and_escapes() {
        let f = finding(Span::new(Pos::new(3, 5), Pos::new(3, 9)), Severity::High);
        assert_eq!(
            annotation(&f),
            "::error file=deploy/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,title=K8S001 insufficient-replicas::50%25 of%0D%0Athe: pods, gone\n"
        );
    }

    #[test]
    fn multi_line_finding_is_a_point_and_levels_map() {
        let f = finding(Span::new(Pos::new(3, 5), Pos::new(7, 1)), Severity::Medium);
        assert!(
            annotation(&f).starts_with("::warning file=deploy/a%2Cb%3Ac.yaml,line=3,col=5,title=")
        );
        let f = finding(Span::at(Pos::new(2, 1)), Severity::Info);
        assert!(annotation(&f).starts_with(
            "::notice file=deploy/a%2Cb%3Ac.yaml,line=2,col=1,endLine=2,endColumn=2,"
        ));
        assert_eq!(command(Severity::Critical), "error");
        assert_eq!(command(Severity::Low), "notice");
    }
}
