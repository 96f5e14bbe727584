//! The engine's own API: output origins, `<no value>` replacement, objects with
//! fields and methods, the missingkey options, parse error lines and Display.
//! Where an expected value is Go's behaviour, it was checked against helm v4.1.4
//! (noted "helm:"); the missingkey=default/error cases follow Go's exec.go (helm
//! always renders with missingkey=zero).

mod support;

use std::rc::Rc;

use plumb_helm::template::{ErrorKind, MissingKey, Pos, Templates};
use plumb_helm::{FuncResult, Object, Value};

fn pos(t: &str, line: u32, col: u32) -> Pos {
    Pos {
        template: Rc::from(t),
        line,
        col,
    }
}

fn set(files: &[(&str, &str)]) -> Templates {
    let mut t = Templates::new(support::test_funcs());
    t.set_missing_key(MissingKey::Zero);
    for (name, text) in files {
        t.parse(name, text).unwrap();
    }
    t
}

#[test]
fn origins_map_output_back_to_template_lines_and_columns() {
    let tpl = "kind: Deployment\nspec:\n  replicas: {{ .n }}\n  image: {{ .img | quote }}\n  literal: text\n";
    let t = set(&[("c/templates/d.yaml", tpl)]);
    let data = support::json(r#"{"n": 3, "img": "nginx"}"#);
    let r = t.execute("c/templates/d.yaml", &data).unwrap();
    assert_eq!(
        r.text,
        "kind: Deployment\nspec:\n  replicas: 3\n  image: \"nginx\"\n  literal: text\n"
    );
    let at = |needle: &str| r.position_at(r.text.find(needle).unwrap()).unwrap();
    // Verbatim text: exact line and column.
    assert_eq!(at("kind"), (pos("c/templates/d.yaml", 1, 1), None));
    assert_eq!(at("spec"), (pos("c/templates/d.yaml", 2, 1), None));
    assert_eq!(at("replicas"), (pos("c/templates/d.yaml", 3, 3), None));
    assert_eq!(at("literal"), (pos("c/templates/d.yaml", 5, 3), None));
    // An action's output: the action's position.
    assert_eq!(at("3"), (pos("c/templates/d.yaml", 3, 13), None));
    assert_eq!(at("\"nginx\""), (pos("c/templates/d.yaml", 4, 10), None));
    let first = &r.origins[0];
    assert!(first.verbatim && first.offset == 0);
    assert!(r.origins.windows(2).all(|w| w[0].offset < w[1].offset));
    assert_eq!(r.position_at(r.text.len() + 1), None);
}

#[test]
fn text_after_trim_markers_keeps_its_own_position() {
    let t = set(&[("a", "x:\n  {{- if true }}\n  y: 1\n  {{- end }}\n")]);
    let r = t.execute("a", &Value::Nil).unwrap();
    assert_eq!(r.text, "x:\n  y: 1\n");
    let (p, _) = r.position_at(r.text.find("y").unwrap()).unwrap();
    assert_eq!((p.line, p.col), (3, 3));
}

#[test]
fn output_of_a_define_carries_the_call_site_in_the_executed_template() {
    let helpers = "{{- define \"labels\" -}}\napp: {{ .name }}\ntier: web\n{{- end }}";
    let main =
        "metadata:\n  labels:\n    {{- template \"labels\" . }}\n  x: {{ include \"labels\" . }}\n";
    let t = set(&[
        ("c/templates/_helpers.tpl", helpers),
        ("c/templates/d.yaml", main),
    ]);
    let data = support::json(r#"{"name": "web"}"#);
    let r = t.execute("c/templates/d.yaml", &data).unwrap();
    assert_eq!(
        r.text,
        "metadata:\n  labels:app: web\ntier: web\n  x: app: web\ntier: web\n"
    );
    let call1 = pos("c/templates/d.yaml", 3, 5);
    let call2 = pos("c/templates/d.yaml", 4, 6);
    let first_tier = r.text.find("tier").unwrap();
    let (p, cs) = r.position_at(first_tier).unwrap();
    assert_eq!(
        (p, cs),
        (pos("c/templates/_helpers.tpl", 3, 1), Some(call1.clone()))
    );
    let (p, cs) = r.position_at(r.text.find("web").unwrap()).unwrap();
    assert_eq!(
        (p, cs),
        (pos("c/templates/_helpers.tpl", 2, 6), Some(call1))
    );
    // An include printed unchanged keeps the origins of the included text.
    let second_tier = first_tier + 1 + r.text[first_tier + 1..].find("tier").unwrap();
    let (p, cs) = r.position_at(second_tier).unwrap();
    assert_eq!(
        (p, cs),
        (pos("c/templates/_helpers.tpl", 3, 1), Some(call2))
    );
}

#[test]
fn indented_include_output_keeps_the_definitions_lines() {
    let helpers = "{{- define \"labels\" -}}\napp: {{ .name }}\ntier: web\n{{- end }}";
    let main = "metadata:\n  labels:{{ include \"labels\" . | nindent 4 }}\n  x: {{ include \"labels\" . | indent 2 }}\n  y: {{ include \"labels\" . | upper }}\n";
    let t = set(&[("h", helpers), ("m", main)]);
    let r = t
        .execute("m", &support::json(r#"{"name": "web"}"#))
        .unwrap();
    assert_eq!(
        r.text,
        "metadata:\n  labels:\n    app: web\n    tier: web\n  x:   app: web\n  tier: web\n  y: APP: WEB\nTIER: WEB\n"
    );
    let at = |off: usize| r.position_at(off).unwrap();
    let nth = |needle: &str, n: usize| r.text.match_indices(needle).nth(n).unwrap().0;
    let nindent_call = Some(pos("m", 2, 10));
    let indent_call = Some(pos("m", 3, 6));
    // nindent: the newline and the padding are the action's, the lines the helper's.
    assert_eq!(at(nth("\n    app", 0)), (pos("m", 2, 10), None));
    assert_eq!(at(nth("    app", 0)), (pos("m", 2, 10), None));
    assert_eq!(at(nth("app", 0)), (pos("h", 2, 1), nindent_call.clone()));
    assert_eq!(at(nth("web", 0)), (pos("h", 2, 6), nindent_call.clone()));
    assert_eq!(at(nth("tier", 0)), (pos("h", 3, 1), nindent_call.clone()));
    assert_eq!(at(nth("web", 1) + 1), (pos("h", 3, 8), nindent_call));
    // indent
    assert_eq!(at(nth("app", 1)), (pos("h", 2, 1), indent_call.clone()));
    assert_eq!(at(nth("tier", 1)), (pos("h", 3, 1), indent_call));
    // Any other transformation: the action's output.
    assert_eq!(at(nth("APP", 0)), (pos("m", 4, 6), None));
    assert!(r.origins.windows(2).all(|w| w[0].offset < w[1].offset));
}

#[test]
fn replace_no_value_keeps_origins_aligned() {
    let tpl = "a: {{ .missing }}\nb: <no value>here\nc: {{ .x }}\n";
    let mut t = Templates::new(support::test_funcs());
    t.parse("f", tpl).unwrap();
    let mut r = t.execute("f", &support::json(r#"{"x": "X"}"#)).unwrap();
    assert_eq!(r.text, "a: <no value>\nb: <no value>here\nc: X\n");
    r.replace_no_value();
    assert_eq!(r.text, "a: \nb: here\nc: X\n");
    let at = |s: &str| r.position_at(r.text.find(s).unwrap()).unwrap().0;
    assert_eq!((at("b:").line, at("b:").col), (2, 1));
    assert_eq!((at("here").line, at("here").col), (2, 14));
    assert_eq!((at("c:").line, at("c:").col), (3, 1));
    assert_eq!((at("X").line, at("X").col), (3, 4));
    assert!(r.origins.windows(2).all(|w| w[0].offset < w[1].offset));
    assert!(r.origins.iter().all(|o| o.offset < r.text.len()));
}

struct Caps;

impl Object for Caps {
    fn type_name(&self) -> String {
        "*chartutil.Capabilities".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::str("v1.35.0")),
            "APIVersions" => Some(Value::Object(Rc::new(Versions))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        "&{caps}".into()
    }
}

struct Versions;

impl Object for Versions {
    fn type_name(&self) -> String {
        "chartutil.VersionSet".into()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        match name {
            "Has" => Some(match args {
                [Value::Str(s)] => Ok(Value::Bool(&**s == "apps/v1")),
                [_] => Err("wrong type for value; expected string; got int".into()),
                _ => Err(format!(
                    "wrong number of args for Has: want 1 got {}",
                    args.len()
                )),
            }),
            "Boom" => Some(Err("kaboom".into())),
            _ => None,
        }
    }
    fn display(&self) -> String {
        "[apps/v1 v1]".into()
    }
}

fn caps_data() -> Value {
    let mut m = std::collections::BTreeMap::new();
    m.insert("Capabilities".to_string(), Value::Object(Rc::new(Caps)));
    Value::map(m)
}

fn run(text: &str, data: &Value) -> Result<String, String> {
    let mut t = Templates::new(support::test_funcs());
    t.set_missing_key(MissingKey::Zero);
    t.parse("x/templates/a.yaml", text)
        .map_err(|e| e.to_string())?;
    t.execute("x/templates/a.yaml", data)
        .map(|r| r.text)
        .map_err(|e| e.to_string())
}

#[test]
fn objects_have_fields_and_methods_with_arguments() {
    let d = caps_data();
    assert_eq!(
        run(r#"{{ .Capabilities.KubeVersion }} {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "x" }} {{ .Capabilities.APIVersions }}"#, &d).unwrap(),
        "v1.35.0 true false [apps/v1 v1]"
    );
    assert_eq!(
        run(r#"{{ "apps/v1" | .Capabilities.APIVersions.Has }}"#, &d).unwrap(),
        "true"
    );
    assert_eq!(
        run(
            r#"{{ if .Capabilities.APIVersions.Has "apps/v1" }}y{{ end }}"#,
            &d
        )
        .unwrap(),
        "y"
    );
    // helm: `{{ .Capabilities.APIVersions.Has }}` fails with this message, at the field.
    assert_eq!(
        run("{{ .Capabilities.APIVersions.Has }}", &d).unwrap_err(),
        r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Capabilities.APIVersions.Has>: wrong number of args for Has: want 1 got 0"#
    );
    assert_eq!(
        run("{{ .Capabilities.APIVersions.Boom }}", &d).unwrap_err(),
        r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Capabilities.APIVersions.Boom>: error calling Boom: kaboom"#
    );
    // helm: the same message for its .Capabilities (a map value, hence `interface {}`).
    assert_eq!(
        run("{{ .Capabilities.Nope }}", &d).unwrap_err(),
        r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Capabilities.Nope>: can't evaluate field Nope in type interface {}"#
    );
    // helm: a field's value has its concrete type.
    assert_eq!(
        run("{{ .Capabilities.KubeVersion.x }}", &d).unwrap_err(),
        r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Capabilities.KubeVersion.x>: can't evaluate field x in type string"#
    );
    assert_eq!(
        run("{{ printf \"%T %v\" .Capabilities .Capabilities }}", &d).unwrap(),
        "*chartutil.Capabilities &{caps}"
    );
}

#[test]
fn missingkey_options_follow_go() {
    let data = support::json(r#"{"a": {"n": null}}"#);
    let render = |mode: MissingKey, text: &str| {
        let mut t = Templates::new(support::test_funcs());
        t.set_missing_key(mode);
        t.parse("t", text).unwrap();
        t.execute("t", &data)
            .map(|r| r.text)
            .map_err(|e| e.to_string())
    };
    // Go's default: a missing key is "no value", and fields of no value are no value.
    assert_eq!(
        render(
            MissingKey::Default,
            "{{ .a.x }}|{{ .a.x.y }}|{{ print .a.x }}"
        )
        .unwrap(),
        "<no value>|<no value>|<nil>"
    );
    // An explicit nil is a nil interface: a field of it fails in every mode.
    for mode in [MissingKey::Default, MissingKey::Zero, MissingKey::Error] {
        assert!(render(mode, "{{ .a.n.y }}")
            .unwrap_err()
            .ends_with("nil pointer evaluating interface {}.y"));
    }
    // helm (zero): a missing key is a nil interface.
    assert!(render(MissingKey::Zero, "{{ .a.x.y }}")
        .unwrap_err()
        .ends_with("nil pointer evaluating interface {}.y"));
    assert_eq!(
        render(MissingKey::Zero, "{{ .a.x }}").unwrap(),
        "<no value>"
    );
    assert_eq!(
        render(MissingKey::Error, "{{ .a.x }}").unwrap_err(),
        r#"template: t:1:5: executing "t" at <.a.x>: map has no entry for key "x""#
    );
    assert_eq!(
        render(MissingKey::Error, "{{ $v := index .a \"x\" }}{{ $v.y }}").unwrap_err(),
        r#"template: t:1:29: executing "t" at <$v.y>: nil data; no entry for key "y""#
    );
    // tpl runs with missingkey=zero (helm), or error when strict.
    assert!(render(MissingKey::Default, r#"{{ tpl "{{ .a.x.y }}" . }}"#)
        .unwrap_err()
        .ends_with("nil pointer evaluating interface {}.y"));
}

#[test]
fn errors_have_kinds_positions_and_go_text() {
    let mut t = Templates::new(support::test_funcs());
    // helm: parse error at (x/templates/a.yaml:3): missing value for if
    let e = t.parse("x/templates/a.yaml", "a\nb\n{{ if }}").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Parse);
    assert_eq!(
        e.to_string(),
        "template: x/templates/a.yaml:3: missing value for if"
    );
    // helm: parse error at (x/templates/a.yaml:2): unterminated quoted string in action started at x/templates/a.yaml:1
    let e = t.parse("x/templates/a.yaml", "{{ 1\n2 \"x }}").unwrap_err();
    assert_eq!(e.to_string(), "template: x/templates/a.yaml:2: unterminated quoted string in action started at x/templates/a.yaml:1");
    // helm: parse error at (x/templates/a.yaml:2): unclosed action
    let e = t.parse("x/templates/a.yaml", "a\n{{ .x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "template: x/templates/a.yaml:2: unclosed action"
    );
    // A failed parse leaves the set unchanged.
    assert!(!t.has_template("x/templates/a.yaml"));
    // helm: x/templates/a.yaml:2:13 executing ... nil pointer evaluating interface {}.b
    t.set_missing_key(MissingKey::Zero);
    t.parse("x/templates/a.yaml", "l1\nl2 {{ .Values.a.b }}")
        .unwrap();
    let e = t
        .execute("x/templates/a.yaml", &support::json(r#"{"Values": {}}"#))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Exec);
    assert_eq!(e.pos, Some(pos("x/templates/a.yaml", 2, 14)));
    assert_eq!(
        e.to_string(),
        r#"template: x/templates/a.yaml:2:13: executing "x/templates/a.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b"#
    );
    // fail/required: kind Fail, and the message Helm shows.
    t.parse(
        "f",
        "{{ define \"h\" }}{{ required \"need x\" .x }}{{ end }}{{ include \"h\" . }}",
    )
    .unwrap();
    let e = t.execute("f", &Value::empty_map()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Fail);
    assert_eq!(e.fail_message(), Some("need x"));
    assert_eq!(e.pos, Some(pos("f", 1, 55)));
    let e = t.execute("nope", &Value::Nil).unwrap_err();
    assert!(e.to_string().contains("no template \"nope\""));
}

#[test]
fn later_definitions_replace_earlier_ones() {
    let mut t = Templates::new(support::test_funcs());
    t.parse("a", "{{ define \"d\" }}one{{ end }}").unwrap();
    t.parse("b", "{{ define \"d\" }}two{{ end }}{{ template \"d\" }}")
        .unwrap();
    assert_eq!(t.execute("b", &Value::Nil).unwrap().text, "two");
    t.parse("c", "{{ define \"d\" }}  {{ end }}").unwrap();
    assert_eq!(
        t.execute("b", &Value::Nil).unwrap().text,
        "two",
        "an empty body does not replace"
    );
    assert!(t.has_template("d") && t.has_template("a"));
}

/// A Go map type with methods, as Helm's `Files` (what `.Files.Glob` returns).
struct FileSet;

impl Object for FileSet {
    fn type_name(&self) -> String {
        "engine.files".into()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        match (name, args) {
            ("Get", [Value::Str(p)]) => Some(Ok(Value::str(format!("content of {p}")))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        "map[a.txt:[97] b.txt:[98]]".into()
    }
    fn to_data(&self) -> Value {
        support::json(r#"{"a.txt": "YQ==", "b.txt": "Yg=="}"#)
    }
}

#[test]
fn map_like_objects_range_index_and_len_as_their_data() {
    let mut m = std::collections::BTreeMap::new();
    m.insert("Files".to_string(), Value::Object(Rc::new(FileSet)));
    let d = Value::map(m);
    assert_eq!(
        run(
            r#"{{ range $path, $_ := .Files }}{{ $path }}={{ $.Files.Get $path }};{{ end }}"#,
            &d
        )
        .unwrap(),
        "a.txt=content of a.txt;b.txt=content of b.txt;"
    );
    assert_eq!(
        run(r#"{{ len .Files }} {{ index .Files "b.txt" }}"#, &d).unwrap(),
        "2 Yg=="
    );
    assert_eq!(run(r#"[{{ .Files.nope }}]"#, &d).unwrap(), "[<no value>]");
    assert!(run(r#"{{ range .Capabilities }}{{ end }}"#, &caps_data())
        .unwrap_err()
        .ends_with("range can't iterate over &{caps}"));
}
