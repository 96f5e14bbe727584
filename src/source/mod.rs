//! Loaders: from a file's bytes to located resources. A loader never knows
//! about rules.

pub mod cloudformation;
pub mod helm;
pub mod k8s;
pub mod span;
pub mod terraform;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    /// Other files the input's resources point into (a Terraform plan's
    /// `.tf` files), each with the resources whose findings land in it.
    pub extra: Vec<ExtraFile>,
    /// Other remarks for `--verbose` (where plan locations fall back to the
    /// plan JSON, `.tf` files that could not be read).
    pub notes: Vec<String>,
}

/// A file besides the one loaded that resources of it point into.
#[derive(Debug)]
pub struct ExtraFile {
    pub path: PathBuf,
    pub resources: Vec<Resource>,
}

/// What loaders may need beyond the bytes.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The root module of Terraform plans (`--tf-root`, `terraform.root`);
    /// default: the plan's directory.
    pub tf_root: Option<PathBuf>,
    /// CloudFormation parameter values (`--cfn-param`,
    /// `cloudformation.parameters`), over the templates' `Default`s.
    pub cfn_params: BTreeMap<String, String>,
    /// The CloudFormation stack's region (`--region`,
    /// `cloudformation.region`): `AWS::Region`.
    pub region: Option<String>,
}

/// Loads the file at `path` (its bytes already read): like [`load_file`],
/// and a Terraform plan's `.tf` files are looked for next to it.
pub fn load_path(path: &Path, bytes: &[u8], explicit: bool, opts: &LoadOptions) -> Loaded {
    load_inner(0, bytes, explicit, Some((path, opts)))
}

/// Loads one file. `explicit` is true when the user named the file itself,
/// so that a file of unknown content is reported rather than skipped.
pub fn load_file(file: usize, bytes: &[u8], explicit: bool) -> Loaded {
    load_inner(file, bytes, explicit, None)
}

fn load_inner(
    file: usize,
    bytes: &[u8],
    explicit: bool,
    at: Option<(&Path, &LoadOptions)>,
) -> Loaded {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Loaded {
            skipped: Some("empty file".into()),
            ..Loaded::default()
        };
    }
    // kubectl reads UTF-16 files that start with a byte-order mark; so does plumb.
    if let Some(text) = decode_utf16_bom(bytes) {
        return match text {
            Ok(text) => load_inner(file, text.as_bytes(), explicit, at),
            Err(at) => Loaded {
                text: Arc::from(""),
                problems: vec![ParseProblem {
                    span: Span::at(Pos::new(1, 1)),
                    message: format!("invalid UTF-16 (an unpaired surrogate at byte {at}); re-encode the file as UTF-8 (for example with iconv -t UTF-8)"),
                }],
                ..Loaded::default()
            },
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
    // A Terraform plan: one JSON object with `format_version` and plan
    // sections, read by a JSON parser (plans are large); what it does not
    // take goes on to the YAML loader, which also recognises plans.
    if let Some(root) = terraform::json::parse_plan(text).filter(terraform::is_plan) {
        return load_plan(Arc::from(text), &root, at);
    }
    let stream = yaml::parse_stream(text);
    let yaml::Stream {
        documents,
        diagnostics,
    } = stream;
    if let [doc] = documents.as_slice() {
        if terraform::is_plan(&doc.root) && !diagnostics.iter().any(|d| d.fatal) {
            return load_plan(Arc::from(text), &doc.root, at);
        }
    }
    let mut loaded = Loaded {
        text: Arc::from(text),
        ..Loaded::default()
    };
    // CloudFormation templates, then Kubernetes objects in the rest.
    let (templates, documents): (Vec<_>, Vec<_>) = documents
        .into_iter()
        .partition(|d| cloudformation::is_template(&d.root));
    let recognised_cfn = !templates.is_empty();
    if recognised_cfn {
        let default_opts = LoadOptions::default();
        let opts = at.map_or(&default_opts, |(_, o)| o);
        let name = at.map(|(p, _)| p.display().to_string()).unwrap_or_default();
        let lines: Vec<&str> = text.split('\n').collect();
        for doc in templates {
            let t = cloudformation::load(file, doc, &lines, &name, opts);
            loaded.resources.extend(t.resources);
            loaded.problems.extend(t.problems);
            loaded.notes.extend(t.notes);
        }
    }
    let recognised = k8s::load(file, documents, &mut loaded.resources) || recognised_cfn;
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
            "no Kubernetes object (a document with apiVersion and kind), Terraform plan (terraform show -json) or CloudFormation template (AWSTemplateFormatVersion, or Resources with AWS:: types) in the file".into()
        } else {
            "not a Kubernetes manifest, Terraform plan or CloudFormation template".into()
        });
    }
    loaded
}

/// A Terraform plan's resources, and the `.tf` files they point into.
fn load_plan(text: Arc<str>, root: &yaml::Node, at: Option<(&Path, &LoadOptions)>) -> Loaded {
    let plan = terraform::load(
        at.map(|(p, _)| p),
        root,
        at.and_then(|(_, o)| o.tf_root.as_deref()),
    );
    Loaded {
        text,
        resources: plan.resources,
        extra: plan
            .tf_files
            .into_iter()
            .map(|f| ExtraFile {
                path: f.path,
                resources: f.resources,
            })
            .collect(),
        notes: plan.notes,
        ..Loaded::default()
    }
}

/// A file's text as the loader reads it (UTF-16 with a byte-order mark
/// decoded, invalid UTF-8 replaced), for excerpts.
pub fn decode_text(bytes: &[u8]) -> String {
    match decode_utf16_bom(bytes) {
        Some(Ok(text)) => text,
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A UTF-16 text with its byte-order mark (`FF FE` little-endian, `FE FF`
/// big-endian), decoded; `Err(byte offset)` for an unpaired surrogate. None
/// when the bytes have no UTF-16 byte-order mark.
fn decode_utf16_bom(bytes: &[u8]) -> Option<Result<String, usize>> {
    let le = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|c| match (c, le) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd trailing byte cannot be a code unit.
        _ => 0xD800,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => return Some(Err(2 + 2 * i)),
        }
    }
    Some(Ok(out))
}

fn looks_relevant(text: &str) -> bool {
    text.contains("apiVersion")
        || text.contains("kind:")
        || text.contains("\"kind\"")
        // A CloudFormation template.
        || text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
        // A Terraform plan cut short.
        || (text.contains("\"format_version\"")
            && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\"")))
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
    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_kubectl_reads_it() {
        let doc = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: é\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in doc.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for bytes in [le, be] {
            let l = super::load_file(0, &bytes, false);
            assert!(l.problems.is_empty(), "{:?}", l.problems);
            assert_eq!(l.resources.len(), 1);
            assert_eq!(l.resources[0].name, "é");
            assert_eq!(super::decode_text(&bytes), doc);
        }
        // An unpaired surrogate is a located problem, not a panic.
        let l = super::load_file(0, &[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], false);
        assert!(
            l.problems[0].message.contains("invalid UTF-16"),
            "{:?}",
            l.problems
        );
    }

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
    fn a_broken_plan_is_a_parse_error() {
        let l = load_file(
            0,
            b"{\"format_version\": \"1.2\", \"resource_changes\": [\n  {\"address\": \"a.b\"\n",
            false,
        );
        assert_eq!(l.problems.len(), 1, "{:?}", l);
        let l = load_file(
            0,
            b"{\"format_version\": \"1.2\", \"planned_values\": {}}",
            false,
        );
        assert!(l.problems.is_empty() && l.skipped.is_none() && l.resources.is_empty());
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
