//! No input makes the loader or a scan panic, and every problem it reports
//! has a real location: arbitrary bytes, and YAML-ish text built from the
//! fragments that trip parsers (indicators, anchors and aliases, merge
//! keys, flow brackets, quotes, tabs, document markers, tags, deep nesting,
//! non-ASCII text and control characters).

use std::path::PathBuf;

use plumb::config::Config;
use plumb::scan::{self, Options};
use plumb::source::load_file;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "- ",
    ": ",
    ":",
    "? ",
    "&a ",
    "*a",
    "*b",
    "<<: *a",
    "<<: ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "\\",
    "\t",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "---\n",
    "--- ",
    "...\n",
    "!tag ",
    "!!str ",
    "!!map ",
    "!Ref ",
    "!<x> ",
    "%YAML 1.1\n",
    "%TAG ! x\n",
    "#",
    "|",
    "|-\n",
    ">\n",
    "@",
    "`",
    "%",
    "key",
    "name",
    "a",
    "1",
    "-1",
    "0x1F",
    "0o17",
    "1e3",
    ".inf",
    ".nan",
    "null",
    "~",
    "true",
    "on",
    "yes",
    "\"\\u00e9\"",
    "\"\\x\"",
    "é",
    "日本",
    "🚀",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\u{0}",
    "\u{7}",
    "\u{1b}[1m",
    "apiVersion: v1\n",
    "apiVersion: apps/v1\n",
    "kind: Pod\n",
    "kind: Deployment\n",
    "kind: List\n",
    "metadata:\n",
    "  name: web\n",
    "  namespace: ",
    "spec:\n",
    "  replicas: ",
    "  template:\n",
    "    spec:\n",
    "      containers:\n",
    "        - name: c\n",
    "items:\n",
    "  - ",
    // CloudFormation: tags, functions and loops in odd places.
    "  Db:\n",
    "    Type: AWS::RDS::DBInstance\n",
    "    Properties:\n",
    "      MultiAZ: ",
    "!Ref ",
    "!If [C, ",
    "!Sub \"${AWS::Region}-${X.Y}\"",
    "!GetAtt A.B.C",
    "!Select [0, !GetAZs \"\"]",
    "!FindInMap [M, !Ref P, K]",
    "!Equals [",
    "!Condition C",
    "Fn::ForEach::L: [Id, [a, b], {X${Id}: {Type: AWS::SQS::Queue}}]\n",
    "Fn::Transform: {Name: AWS::Include}\n",
    "Condition: C\n",
    "Conditions: {C: !Equals [!Ref P, x]}\n",
    "Parameters: {P: {Type: CommaDelimitedList, Default: \"a,b\"}}\n",
    "Mappings: {M: {x: {K: v}}}\n",
    "[\n",
    "  ]\n",
];

/// Text made of fragments, sometimes behind a Kubernetes header (so the
/// Kubernetes loader sees it), sometimes with deep nesting.
fn yamlish() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n",
        "apiVersion: v1\nkind: List\nitems:\n",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
    ]);
    let body = prop::collection::vec(prop::sample::select(FRAGMENTS.to_vec()), 0..48);
    let nesting = (0usize..4, 0usize..600).prop_map(|(how, depth)| match how {
        0 => String::new(),
        1 => "[".repeat(depth),
        2 => "{a: ".repeat(depth),
        _ => (0..depth.min(300))
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect(),
    });
    (header, body, nesting, any::<bool>()).prop_map(|(h, b, n, nest_first)| {
        let body = b.concat();
        if nest_first {
            format!("{h}{n}{body}")
        } else {
            format!("{h}{body}{n}")
        }
    })
}

fn check_loaded(bytes: &[u8]) -> Result<(), TestCaseError> {
    for explicit in [false, true] {
        let l = load_file(0, bytes, explicit);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        for p in &l.problems {
            prop_assert!(
                p.span.start.line >= 1 && p.span.start.col >= 1,
                "problem without a location: {p:?}"
            );
            prop_assert!(
                p.span.start.line <= lines,
                "problem past the end of a {lines}-line file: {p:?}"
            );
            prop_assert!(!p.message.is_empty());
        }
        for r in &l.resources {
            let at = r.resolve(&plumb::Path::root()).span.start;
            prop_assert!(at.line >= 1 && at.col >= 1, "{}: {at:?}", r.identity());
        }
    }
    Ok(())
}

/// Writes the inputs into a temporary directory and scans it in-process.
fn check_scan(inputs: &[Vec<u8>]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, bytes) in inputs.iter().enumerate() {
        let p = dir.path().join(format!("in{i}.yaml"));
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    // Once as a directory walk, once with every file named explicitly.
    for roots in [vec![dir.path().to_path_buf()], paths.clone()] {
        let opts = Options {
            paths: roots.into_iter().collect::<Vec<PathBuf>>(),
            ..Options::default()
        };
        let report = scan::run(&Config::default(), &opts)
            .map_err(|e| TestCaseError::fail(format!("scan failed: {e}")))?;
        for f in &report.findings {
            prop_assert!(
                f.span.start.line >= 1 && f.span.start.col >= 1,
                "finding without a location: {f:?}"
            );
            prop_assert!(f.span.report_end() > f.span.start, "{f:?}");
        }
        // Every reporter renders it.
        for format in [
            plumb::report::Format::Human,
            plumb::report::Format::Json,
            plumb::report::Format::Sarif,
            plumb::report::Format::Junit,
            plumb::report::Format::Github,
        ] {
            plumb::report::render(format, &report, false);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_loaded(&bytes)?;
    }

    #[test]
    fn yamlish_text_never_panics(text in yamlish()) {
        check_loaded(text.as_bytes())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn scanning_bad_inputs_never_panics(
        texts in prop::collection::vec(yamlish(), 1..4),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut inputs: Vec<Vec<u8>> = texts.into_iter().map(String::into_bytes).collect();
        inputs.push(bytes);
        check_scan(&inputs)?;
    }
}

/// Inputs that once went wrong or that sit on an edge, kept as plain cases.
#[test]
fn edge_cases_load_and_scan() {
    let cases: &[&[u8]] = &[
        b"",
        b"\n\n",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbfapiVersion: v1\nkind: Pod\nmetadata: {name: a}\n",
        b"apiVersion: v1\nkind: Pod\n\tmetadata: {}\n",
        b"apiVersion: v1\nkind: [Pod\n",
        b"apiVersion: v1\nkind: Pod\nmetadata: &a {name: x}\nspec: *a\nx: *nope\n",
        b"apiVersion: v1\nkind: Pod\n<<: {metadata: {name: m}}\n",
        b"---\n---\n...\n---\napiVersion: v1\nkind: List\nitems: [1, null, {kind: Pod}]\n",
        b"apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: \"caf\\xe9\r\n",
        b"apiVersion: v1\nkind: Pod\nmetadata: {name: \xff}\n",
        b"{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"}",
    ];
    let mut inputs = Vec::new();
    for c in cases {
        check_loaded(c).unwrap();
        inputs.push(c.to_vec());
    }
    let deep = format!("apiVersion: v1\nkind: Pod\nspec: {}", "[".repeat(5000));
    check_loaded(deep.as_bytes()).unwrap();
    inputs.push(deep.into_bytes());
    check_scan(&inputs).unwrap();
}
