//! Loaders: from a file's bytes to located resources. A loader never knows
//! about rules.

pub mod k8s;
pub mod span;
pub mod yaml;

use std::sync::Arc;

use crate::model::Resource;
use span::{Pos, Span};

/// A problem in an input file, reported as a `parse-error` finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseProblem {
    pub span: Span,
    pub message: String,
}

/// What loading one file gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file's text (lossy for invalid UTF-8), kept for excerpts.
    pub text: Arc<str>,
    pub resources: Vec<Resource>,
    pub problems: Vec<ParseProblem>,
    /// Why the file was skipped, for `--verbose`.
    pub skipped: Option<String>,
}

/// Loads one file. `explicit` is true when the user named the file itself,
/// so that a file of unknown content is reported rather than skipped.
pub fn load_file(file: usize, bytes: &[u8], explicit: bool) -> Loaded {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Loaded {
            skipped: Some("empty file".into()),
            ..Loaded::default()
        };
    }
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        let pos = byte_pos(bytes, at);
        return Loaded {
            text: Arc::from(""),
            problems: vec![ParseProblem {
                span: Span::at(pos),
                message: "binary content (a NUL byte); this is not a YAML or JSON file: exclude it with --exclude or remove it".into(),
            }],
            ..Loaded::default()
        };
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let pos = byte_pos(bytes, at);
            return Loaded {
                text: Arc::from(String::from_utf8_lossy(bytes).as_ref()),
                problems: vec![ParseProblem {
                    span: Span::at(pos),
                    message: format!(
                        "invalid UTF-8 (byte 0x{:02x}); YAML and JSON files must be UTF-8: re-encode the file (for example with iconv -t UTF-8)",
                        bytes[at]
                    ),
                }],
                ..Loaded::default()
            };
        }
    };
    let stream = yaml::parse_stream(text);
    let mut loaded = Loaded {
        text: Arc::from(text),
        ..Loaded::default()
    };
    let yaml::Stream {
        documents,
        diagnostics,
    } = stream;
    let recognised = k8s::load(file, documents, &mut loaded.resources);
    let fatal = diagnostics.iter().any(|d| d.fatal);
    // A file that failed to parse counts when it looks like something plumb
    // reads, or when the user named it.
    let relevant = recognised || explicit || (fatal && looks_relevant(text));
    if relevant {
        loaded
            .problems
            .extend(diagnostics.iter().map(|d| ParseProblem {
                span: clamp(text, d.span),
                message: if d.fatal {
                    format!(
                        "{}; the document was skipped, fix the YAML syntax",
                        d.message
                    )
                } else {
                    d.message.clone()
                },
            }));
    }
    if !recognised && loaded.problems.is_empty() {
        loaded.skipped = Some(if explicit {
            "no Kubernetes object (a document with apiVersion and kind) in the file".into()
        } else {
            "not a Kubernetes manifest".into()
        });
    }
    loaded
}

fn looks_relevant(text: &str) -> bool {
    text.contains("apiVersion") || text.contains("kind:") || text.contains("\"kind\"")
}

/// A parser error at the very end of the input (an unclosed bracket) is
/// reported past the last line; move it to the end of the last non-blank
/// line, where the user can see it.
fn clamp(text: &str, span: Span) -> Span {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match last {
        Some(i) if span.start.line as usize > i + 1 => {
            let col = lines[i].trim_end().chars().count() as u32 + 1;
            Span::at(Pos::new(i as u32 + 1, col))
        }
        _ => span,
    }
}

/// Line and column (code points) of a byte offset.
fn byte_pos(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    Pos::new(line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_skipped() {
        let l = load_file(0, b"  \n", false);
        assert!(l.problems.is_empty());
        assert_eq!(l.skipped.as_deref(), Some("empty file"));
    }

    #[test]
    fn non_utf8_is_located() {
        let l = load_file(0, b"kind: Pod\nname: caf\xe9\n", false);
        assert_eq!(l.problems.len(), 1);
        assert_eq!(l.problems[0].span.start, Pos::new(2, 10));
    }

    #[test]
    fn error_at_end_of_input_points_at_last_line() {
        let l = load_file(
            0,
            b"apiVersion: v1\nkind: Service\nspec: {ports: [\n\n\n",
            false,
        );
        assert_eq!(l.problems.len(), 1);
        assert_eq!(l.problems[0].span.start, Pos::new(3, 16));
    }

    #[test]
    fn binary_is_reported() {
        let l = load_file(0, b"\x7fELF\x00\x01", false);
        assert_eq!(l.problems.len(), 1);
        assert!(l.problems[0].message.contains("binary"));
    }

    #[test]
    fn unrelated_yaml_is_skipped_even_if_broken() {
        let l = load_file(0, b"steps: [a, b\n", false);
        assert!(l.problems.is_empty());
        assert!(l.skipped.is_some());
        let l = load_file(0, b"apiVersion: v1\nkind: [a\n", false);
        assert_eq!(l.problems.len(), 1);
    }
}
