//! Bad input never panics: random byte strings and random soups of template
//! tokens are parsed and executed (parse errors and execution errors are fine;
//! a panic or a stack overflow is not).

mod support;

use plumb_helm::template::{MissingKey, Templates};
use plumb_helm::Value;
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "{{- ",
    " -}}",
    "{{/*",
    "*/}}",
    " ",
    "\n",
    "\t",
    ".",
    ".a",
    ".b",
    ".Values",
    "$",
    "$x",
    "$y",
    ":=",
    "=",
    ",",
    "|",
    "(",
    ")",
    "\"s\"",
    "`r`",
    "'c'",
    "1",
    "-2",
    "0x1F",
    "1.5e3",
    "1_0",
    "true",
    "false",
    "nil",
    "if",
    "else",
    "end",
    "range",
    "with",
    "break",
    "continue",
    "define",
    "template",
    "block",
    "\"t\"",
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "print",
    "printf",
    "println",
    "\"%d %s %v %q %x %5.2f %!\"",
    "html",
    "js",
    "urlquery",
    "call",
    "include",
    "tpl",
    "\"{{ .a }}\"",
    "list",
    "dict",
    "fail",
    "required",
    "text",
    "é",
    "nindent",
    "indent",
    "| nindent 2",
    "{{ include \"t\" . | nindent 2 }}",
    "{{ include \"t\" . | indent 1 }}",
    "<no value>",
    "{{ .missing }}",
    "{{ define \"t\" }}",
    "{{ end }}",
    "{{ template \"t\" . }}",
    "{{ include \"t\" . }}",
];

fn data() -> Value {
    support::json(
        r#"{"a": {"b": [1, "x", null, {"c": 2}]}, "Values": {"n": 3, "s": "str", "m": {"k": "v"}}, "l": [1, 2, 3], "b": "bee"}"#,
    )
}

/// Origins are sorted, inside the text, and the first starts at 0.
fn check_origins(r: &plumb_helm::template::Rendered) {
    assert!(
        r.origins.windows(2).all(|w| w[0].offset < w[1].offset),
        "{:?}",
        r.origins
    );
    assert!(r.origins.iter().all(|o| o.offset < r.text.len()));
    assert_eq!(r.text.is_empty(), r.origins.is_empty(), "{:?}", r);
    if let Some(o) = r.origins.first() {
        assert_eq!(o.offset, 0);
    }
}

fn run(text: &str) {
    for mode in [MissingKey::Default, MissingKey::Zero, MissingKey::Error] {
        let mut t = Templates::new(support::test_funcs());
        t.set_missing_key(mode);
        if t.parse("fuzz", text).is_ok() {
            if let Ok(mut r) = t.execute("fuzz", &data()) {
                check_origins(&r);
                r.replace_no_value();
                check_origins(&r);
                for off in [0, r.text.len() / 2, r.text.len()] {
                    let _ = r.position_at(off);
                }
            }
        }
        let _ = t.parse("second", "{{ template \"t\" . }}{{ include \"t\" . }}");
        let _ = t.execute("second", &data());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        run(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_token_soup_never_panics(idx in proptest::collection::vec(0..TOKENS.len(), 0..60)) {
        let text: String = idx.iter().map(|&i| TOKENS[i]).collect();
        run(&text);
    }

    #[test]
    fn random_actions_never_panic(idx in proptest::collection::vec(0..TOKENS.len(), 0..12), n in 1usize..6) {
        // Mostly well-formed actions, so execution is reached often.
        let mut text = String::new();
        for chunk in idx.chunks(n) {
            text.push_str("{{ ");
            for &i in chunk {
                if !matches!(TOKENS[i], "{{" | "}}" | "{{- " | " -}}" | "{{/*" | "*/}}") {
                    text.push_str(TOKENS[i]);
                    text.push(' ');
                }
            }
            text.push_str("}}");
        }
        run(&text);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(2000), ")".repeat(2000));
    run(&parens);
    let ifs = format!("{}x{}", "{{ if 1 }}".repeat(2000), "{{ end }}".repeat(2000));
    run(&ifs);
    let mut t = Templates::new(support::test_funcs());
    assert!(t
        .parse("p", &parens)
        .unwrap_err()
        .to_string()
        .contains("max expression depth exceeded"));
    assert!(t.parse("i", &ifs).is_err());
    // 900 nested ifs and 900 nested parentheses are fine.
    let ok = format!("{}x{}", "{{ if 1 }}".repeat(900), "{{ end }}".repeat(900));
    t.parse("ok", &ok).unwrap();
    assert_eq!(t.execute("ok", &Value::Nil).unwrap().text, "x");
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(900), ")".repeat(900));
    t.parse("deep", &deep).unwrap();
    assert_eq!(t.execute("deep", &Value::Nil).unwrap().text, "1");
}

#[test]
fn infinite_template_recursion_stops_at_the_depth_limit() {
    let mut t = Templates::new(support::test_funcs());
    t.parse(
        "r",
        r#"{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}"#,
    )
    .unwrap();
    let e = t.execute("r", &Value::Nil).unwrap_err();
    assert!(
        e.to_string()
            .contains("exceeded maximum template depth (10000)"),
        "{e}"
    );
}

#[test]
fn infinite_include_recursion_stops_with_helms_message() {
    let mut t = Templates::new(support::test_funcs());
    t.parse(
        "r",
        r#"{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}"#,
    )
    .unwrap();
    let e = t.execute("r", &Value::Nil).unwrap_err();
    assert!(
        e.to_string().ends_with("error calling include: rendering template has a nested reference name: loop: unable to execute template"),
        "{}",
        &e.to_string()[e.to_string().len() - 300..]
    );
}

#[test]
fn mutual_tpl_recursion_is_bounded() {
    let mut t = Templates::new(support::test_funcs());
    t.parse(
        "r",
        r#"{{ define "a" }}{{ tpl "{{ include \"a\" . }}" . }}{{ end }}{{ include "a" . }}"#,
    )
    .unwrap();
    assert!(t.execute("r", &Value::Nil).is_err());
}

#[test]
fn a_map_containing_itself_prints_without_exhausting_the_stack() {
    let mut t = Templates::new(support::test_funcs());
    t.parse(
        "c",
        r#"{{ $d := dict "a" 1 }}{{ $_ := set $d "self" $d }}{{ $d }}|{{ print $d }}|{{ printf "%v %s %d" $d $d $d }}|{{ range $d }}{{ end }}{{ html $d }}"#,
    )
    .unwrap();
    let r = t.execute("c", &Value::Nil).unwrap();
    assert!(
        r.text
            .starts_with("map[a:1 self:map[a:1 self:map[a:1 self:"),
        "{}",
        &r.text[..80]
    );
    assert!(r.text.contains("..."));
}
