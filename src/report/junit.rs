//! `--format junit`: JUnit XML, for the test-report views of CI systems.
//!
//! One `<testsuite>` per enabled rule, named `ID name`; one failing
//! `<testcase>` per finding of that rule, named `file:line:col` (and the
//! resource), with `classname="plumb.ID"` so Jenkins groups cases by rule
//! under a `plumb` package, and the `file`/`line` attributes GitLab links
//! from. A rule without findings holds one passing case, so a clean scan
//! is a report of passed checks (Jenkins treats a report with no test at
//! all as an error) with zero failures.

use std::fmt::Write;

use crate::finding::Finding;
use crate::scan::Report;

/// Escapes text for XML 1.0 attribute values (and content). Characters XML
/// 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
pub fn escape(s: &str) -> String {
    escape_inner(s, true)
}

/// Escapes element content: as [`escape`], but line breaks and tabs stay
/// as they are, for readable failure bodies.
pub fn escape_text(s: &str) -> String {
    escape_inner(s, false)
}

fn escape_inner(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if !attribute => out.push(c),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references so attribute values keep them too.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn case_name(f: &Finding) -> String {
    let mut name = format!("{}:{}:{}", f.file, f.span.start.line, f.span.start.col);
    if let Some(r) = &f.resource {
        name.push(' ');
        name.push_str(r);
    }
    name
}

fn failure_body(f: &Finding, title: &str) -> String {
    let mut body = format!(
        "{} {} ({})\n{}:{}:{}\n",
        f.rule_id, f.rule_name, f.severity, f.file, f.span.start.line, f.span.start.col
    );
    if let Some(r) = &f.resource {
        let _ = writeln!(body, "resource: {r}");
    }
    if let Some(p) = &f.path {
        let _ = writeln!(body, "path: {p}");
    }
    let _ = write!(body, "{}\n{title}", f.message);
    body
}

pub fn render(report: &Report) -> String {
    // Suites in the report's rule order; findings of a rule not listed
    // (none today) still get a suite of their own.
    let mut suites: Vec<(&str, &str, &str, Vec<&Finding>)> = report
        .rules
        .iter()
        .map(|r| (r.meta.id, r.meta.name, r.meta.title, Vec::new()))
        .collect();
    for f in &report.findings {
        match suites.iter_mut().find(|s| s.0 == f.rule_id) {
            Some(s) => s.3.push(f),
            None => suites.push((f.rule_id, f.rule_name, "", vec![f])),
        }
    }
    let tests: usize = suites.iter().map(|s| s.3.len().max(1)).sum();
    let failures = report.findings.len();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"plumb\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">"
    );
    for (id, name, title, findings) in &suites {
        let label = if id == name {
            id.to_string()
        } else {
            format!("{id} {name}")
        };
        let suite = escape(&label);
        let classname = escape(&format!("plumb.{id}"));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{suite}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{classname}\" time=\"0\"/>",
                escape(&format!("{label}: no findings"))
            );
        }
        for f in findings {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{classname}\" file=\"{}\" line=\"{}\" time=\"0\">",
                escape(&case_name(f)),
                escape(&f.file),
                f.span.start.line
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                f.severity,
                escape_text(&failure_body(f, title))
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_handles_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b>&\"c'\n\u{1}\u{7}z"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{fffd}\u{fffd}z"
        );
        assert_eq!(escape("café ✓"), "café ✓");
        assert_eq!(escape_text("a\n\tb\r<"), "a\n\tb&#13;&lt;");
    }
}
