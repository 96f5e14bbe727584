//! Go `text/template` compatibility: every expected value below was produced by
//! the real helm v4.1.4 (`target/oracle/helm template`), with the template as
//! `x/templates/a.yaml`, the helpers as `x/templates/_h.tpl` and the values (JSON,
//! which is YAML) as the chart's values.yaml. Helm renders with missingkey=zero
//! and replaces `<no value>` by "", as `support::helm_render` does.
//!
//! Error expectations: `Exact` is Go's error text; helm reformats parse errors as
//! `parse error at (FILE:LINE): LAST-PART` and `fail`/`required` errors as
//! `execution error at (FILE:LINE:COL): MESSAGE`, so `Parse` and `Fail` check the
//! location prefix and the message; `Parts` checks pieces of a long nested error.

mod support;

use plumb_helm::template::ErrorKind;
use support::helm_render_err;

enum Expect {
    Out(&'static str),
    Exact(&'static str),
    Parse(&'static str, &'static str),
    Fail(&'static str, &'static str),
    Parts(&'static [&'static str]),
}
use Expect::*;

struct Case {
    name: &'static str,
    tpl: &'static str,
    values: &'static str,
    helpers: &'static str,
    expect: Expect,
}

const V: &str = r#"{"s": "str", "n": 3, "f": 1.5, "big": 1000000, "t": true, "z": 0, "e": "", "l": [1, "two", null, 3.5], "el": [], "m": {"b": 2, "a": "x", "c": [1, 2]}, "em": {}, "nil": null, "nested": {"inner": {"deep": "D"}}, "list_of_maps": [{"name": "a", "v": 1}, {"name": "b", "v": 2}], "html": "<a href=\"x\">&'</a>", "neg": -2, "str5": "5"}"#;

const CASES: &[Case] = &[
    Case {
        name: r"text_plain",
        tpl: r"hello
world
",
        values: V,
        helpers: r"",
        expect: Out(r"hello
world"),
    },
    Case {
        name: r"trim_left",
        tpl: r#"a   
  {{- "b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"trim_right",
        tpl: r#"{{ "a" -}}   
  b"#,
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"trim_both",
        tpl: r#"x 
 {{- "y" -}} 
 z"#,
        values: V,
        helpers: r"",
        expect: Out(r"xyz"),
    },
    Case {
        name: r"trim_needs_space_left",
        tpl: r"{{-3}}",
        values: V,
        helpers: r"",
        expect: Out(r"-3"),
    },
    Case {
        name: r"trim_needs_space_right",
        tpl: r"{{ 3-}}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""3-""#),
    },
    Case {
        name: r"trim_tab_newline",
        tpl: r"a	
{{-	1 -}}
	b",
        values: V,
        helpers: r"",
        expect: Out(r"a1b"),
    },
    Case {
        name: r"trim_multiline",
        tpl: r"a


{{- /* c */ -}}


b",
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"comment",
        tpl: r"a{{/* comment */}}b",
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"comment_trim",
        tpl: r"a  {{- /* c */ -}}  b",
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"comment_multiline",
        tpl: r"a{{/* line1
line2 */}}b",
        values: V,
        helpers: r"",
        expect: Out(r"ab"),
    },
    Case {
        name: r"comment_unclosed",
        tpl: r"a{{/* x }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"unclosed comment"),
    },
    Case {
        name: r"comment_bad_end",
        tpl: r"a{{/* x */ }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"comment ends before closing delimiter",
        ),
    },
    Case {
        name: r"comment_space_before",
        tpl: r"a{{ /* x */ }}b",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected "/" in command"#,
        ),
    },
    Case {
        name: r"action_newline",
        tpl: r"{{ print
 1
 2 }}",
        values: V,
        helpers: r"",
        expect: Out(r"1 2"),
    },
    Case {
        name: r"str_escapes",
        tpl: r#"{{ "a\tb\n\u00e9\x41\101\"" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"a	b
éAA""#),
    },
    Case {
        name: r"raw_string",
        tpl: r#"{{ `a\n"b"` }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"a\n"b""#),
    },
    Case {
        name: r"raw_string_multiline",
        tpl: r"{{ `a
b` }}",
        values: V,
        helpers: r"",
        expect: Out(r"a
b"),
    },
    Case {
        name: r"char_const",
        tpl: r"{{ 'a' }} {{ '\n' }} {{ print 'x' }}",
        values: V,
        helpers: r"",
        expect: Out(r"97 10 120"),
    },
    Case {
        name: r"int_lits",
        tpl: r"{{ 42 }} {{ -7 }} {{ +5 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}",
        values: V,
        helpers: r"",
        expect: Out(r"42 -7 5 31 15 15 5 1000"),
    },
    Case {
        name: r"float_lits",
        tpl: r"{{ 1.5 }} {{ 1e3 }} {{ 1.0 }} {{ .5 }} {{ 1e-7 }} {{ 2.5e+10 }} {{ 0x1p4 }} {{ 1_0.5 }}",
        values: V,
        helpers: r"",
        expect: Out(r"1.5 1000 1 0.5 1e-07 2.5e+10 16 10.5"),
    },
    Case {
        name: r"bool_lits",
        tpl: r"{{ true }} {{ false }}",
        values: V,
        helpers: r"",
        expect: Out(r"true false"),
    },
    Case {
        name: r"nil_command",
        tpl: r"{{ nil }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <nil>: nil is not a command"#,
        ),
    },
    Case {
        name: r"nil_arg",
        tpl: r"{{ print nil }}",
        values: V,
        helpers: r"",
        expect: Out(r"<nil>"),
    },
    Case {
        name: r"int_overflow",
        tpl: r"{{ 99999999999999999999 }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#""99999999999999999999""#,
        ),
    },
    Case {
        name: r"bad_number",
        tpl: r"{{ 3k }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""3k""#),
    },
    Case {
        name: r"bad_underscore",
        tpl: r"{{ 1__0 }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""1__0""#),
    },
    Case {
        name: r"hex_float_print",
        tpl: r#"{{ printf "%T %T" 0x10 1e2 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"int float64"),
    },
    Case {
        name: r"big_int",
        tpl: r"{{ 9223372036854775807 }}",
        values: V,
        helpers: r"",
        expect: Out(r"9223372036854775807"),
    },
    Case {
        name: r"unterminated_string",
        tpl: r#"{{ "abc }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unterminated quoted string",
        ),
    },
    Case {
        name: r"unterminated_raw",
        tpl: r"{{ `abc }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unterminated raw quoted string",
        ),
    },
    Case {
        name: r"bad_escape",
        tpl: r#"{{ "\q" }}"#,
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"invalid syntax"),
    },
    Case {
        name: r"unterminated_char",
        tpl: r"{{ 'a }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unterminated character constant",
        ),
    },
    Case {
        name: r"field",
        tpl: r"{{ .Values.s }}",
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"field_nested",
        tpl: r"{{ .Values.nested.inner.deep }}",
        values: V,
        helpers: r"",
        expect: Out(r"D"),
    },
    Case {
        name: r"field_missing",
        tpl: r"[{{ .Values.missing }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"field_missing_chain",
        tpl: r"{{ .Values.missing.x }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <.Values.missing.x>: nil pointer evaluating interface {}.x"#,
        ),
    },
    Case {
        name: r"field_nil_chain",
        tpl: r"{{ .Values.nil.x }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <.Values.nil.x>: nil pointer evaluating interface {}.x"#,
        ),
    },
    Case {
        name: r"field_on_string",
        tpl: r"{{ .Values.s.x }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <.Values.s.x>: can't evaluate field x in type interface {}"#,
        ),
    },
    Case {
        name: r"field_on_list",
        tpl: r"{{ .Values.l.x }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <.Values.l.x>: can't evaluate field x in type interface {}"#,
        ),
    },
    Case {
        name: r"print_map",
        tpl: r"{{ .Values.m }}",
        values: V,
        helpers: r"",
        expect: Out(r"map[a:x b:2 c:[1 2]]"),
    },
    Case {
        name: r"print_list",
        tpl: r"{{ .Values.l }}",
        values: V,
        helpers: r"",
        expect: Out(r"[1 two <nil> 3.5]"),
    },
    Case {
        name: r"print_nested",
        tpl: r"{{ .Values.list_of_maps }}",
        values: V,
        helpers: r"",
        expect: Out(r"[map[name:a v:1] map[name:b v:2]]"),
    },
    Case {
        name: r"print_float",
        tpl: r"{{ .Values.f }} {{ .Values.big }} {{ .Values.n }}",
        values: V,
        helpers: r"",
        expect: Out(r"1.5 1e+06 3"),
    },
    Case {
        name: r"print_empty",
        tpl: r"[{{ .Values.el }}][{{ .Values.em }}][{{ .Values.e }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[[]][map[]][]"),
    },
    Case {
        name: r"field_args",
        tpl: r"{{ .Values.s 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <.Values.s>: s is not a method but has arguments"#,
        ),
    },
    Case {
        name: r"field_with_pipe_arg",
        tpl: r"{{ 1 | .Values.m.a }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:14: executing "x/templates/a.yaml" at <.Values.m.a>: a is not a method but has arguments"#,
        ),
    },
    Case {
        name: r"dot_field_paren",
        tpl: r"{{ (.Values.m).a }}",
        values: V,
        helpers: r"",
        expect: Out(r"x"),
    },
    Case {
        name: r"paren_chain",
        tpl: r#"{{ (dict "a" (dict "b" 5)).a.b }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"5"),
    },
    Case {
        name: r"chain_on_nil_literal",
        tpl: r"{{ (nil).a }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:4: executing "x/templates/a.yaml" at <nil>: nil is not a command"#,
        ),
    },
    Case {
        name: r"field_on_literal",
        tpl: r#"{{ "x".a }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected . after term "\"x\"""#,
        ),
    },
    Case {
        name: r"dollar_root",
        tpl: r"{{ $.Values.s }}",
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"field_of_missing_var",
        tpl: r"{{ $x := .Values.missing }}{{ $x.a }}",
        values: V,
        helpers: r"",
        expect: Out(r""),
    },
    Case {
        name: r"nil_in_dict",
        tpl: r#"[{{ $d := dict "a" nil }}{{ $d.a }}][{{ print $d.a }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[][<nil>]"),
    },
    Case {
        name: r"print_missing",
        tpl: r"{{ print .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Out(r"<nil>"),
    },
    Case {
        name: r"index_missing_print",
        tpl: r#"[{{ index .Values "missing" }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"var_decl",
        tpl: r"{{ $x := 1 }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"1"),
    },
    Case {
        name: r"var_assign",
        tpl: r"{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"2"),
    },
    Case {
        name: r"var_scope_if",
        tpl: r"{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"21"),
    },
    Case {
        name: r"var_assign_in_if",
        tpl: r"{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"2"),
    },
    Case {
        name: r"var_undefined",
        tpl: r"{{ $y }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"undefined variable "$y""#,
        ),
    },
    Case {
        name: r"var_out_of_scope",
        tpl: r"{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"undefined variable "$x""#,
        ),
    },
    Case {
        name: r"var_in_range_assign",
        tpl: r"{{ $s := 0 }}{{ range $i, $v := .Values.el }}{{ end }}{{ range .Values.l }}{{ $s = . }}{{ end }}{{ $s }}",
        values: V,
        helpers: r"",
        expect: Out(r"3.5"),
    },
    Case {
        name: r"var_field",
        tpl: r"{{ $m := .Values.m }}{{ $m.a }}",
        values: V,
        helpers: r"",
        expect: Out(r"x"),
    },
    Case {
        name: r"var_dollar_in_define",
        tpl: r#"{{ define "d" }}{{ $.x }}{{ end }}{{ template "d" (dict "x" "X") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"X"),
    },
    Case {
        name: r"var_not_function",
        tpl: r"{{ $x := 1 }}{{ $x 2 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <$x>: can't give argument to non-function $x"#,
        ),
    },
    Case {
        name: r"var_assign_undefined",
        tpl: r"{{ $x = 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:8: executing "x/templates/a.yaml" at <1>: undefined variable: $x"#,
        ),
    },
    Case {
        name: r"var_if_decl_visible_in_else",
        tpl: r"{{ if $x := .Values.z }}a{{ else }}{{ $x }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"0"),
    },
    Case {
        name: r"var_with_decl",
        tpl: r"{{ with $x := .Values.s }}{{ $x }}{{ . }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"strstr"),
    },
    Case {
        name: r"pipe_final_arg",
        tpl: r#"{{ "a" | printf "%s-%s" "b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"b-a"),
    },
    Case {
        name: r"pipe_chain",
        tpl: r#"{{ .Values.s | upper | printf "<%s>" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"<STR>"),
    },
    Case {
        name: r"pipe_non_exec",
        tpl: r"{{ 1 | 2 }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"non executable command in pipeline stage 2",
        ),
    },
    Case {
        name: r"pipe_paren",
        tpl: r#"{{ print (print 1 2) (len "abc") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1 23"),
    },
    Case {
        name: r"pipe_nested_paren",
        tpl: r"{{ ((1)) }}",
        values: V,
        helpers: r"",
        expect: Out(r"1"),
    },
    Case {
        name: r"pipe_decl_value",
        tpl: r#"{{ $x := "a" | upper }}{{ $x }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"A"),
    },
    Case {
        name: r"pipe_to_non_function",
        tpl: r"{{ 1 | $ }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:7: executing "x/templates/a.yaml" at <$>: can't give argument to non-function $"#,
        ),
    },
    Case {
        name: r"empty_action",
        tpl: r"{{ }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"missing value for command",
        ),
    },
    Case {
        name: r"empty_paren",
        tpl: r"{{ () }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"missing value for parenthesized pipeline",
        ),
    },
    Case {
        name: r"unclosed_paren",
        tpl: r"{{ (1 }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"unclosed left paren"),
    },
    Case {
        name: r"extra_paren",
        tpl: r"{{ 1) }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unexpected right paren",
        ),
    },
    Case {
        name: r"function_not_defined",
        tpl: r"{{ nosuch 1 }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"function "nosuch" not defined"#,
        ),
    },
    Case {
        name: r"if_true",
        tpl: r"{{ if .Values.t }}T{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"T"),
    },
    Case {
        name: r"if_else",
        tpl: r"{{ if .Values.z }}T{{ else }}F{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"F"),
    },
    Case {
        name: r"if_else_if",
        tpl: r"{{ if .Values.z }}a{{ else if .Values.e }}b{{ else if .Values.s }}c{{ else }}d{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"c"),
    },
    Case {
        name: r"if_truthiness",
        tpl: r#"{{ range list 0 1 "" "x" .Values.el .Values.l .Values.em .Values.m .Values.nil .Values.missing false 0.0 }}{{ if . }}T{{ else }}F{{ end }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"FTFTFTFTFFFF"),
    },
    Case {
        name: r"if_missing_end",
        tpl: r"{{ if true }}x",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"unexpected EOF"),
    },
    Case {
        name: r"unexpected_end",
        tpl: r"x{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"unexpected {{end}}"),
    },
    Case {
        name: r"unexpected_else",
        tpl: r"x{{ else }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"unexpected {{else}}"),
    },
    Case {
        name: r"else_twice",
        tpl: r"{{ if true }}a{{ else }}b{{ else }}c{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"expected end; found {{else}}",
        ),
    },
    Case {
        name: r"if_no_pipeline",
        tpl: r"{{ if }}x{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"missing value for if"),
    },
    Case {
        name: r"with_dot",
        tpl: r"{{ with .Values.m }}{{ .a }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"x"),
    },
    Case {
        name: r"with_else",
        tpl: r"{{ with .Values.e }}x{{ else }}empty{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"empty"),
    },
    Case {
        name: r"with_else_with",
        tpl: r"{{ with .Values.e }}x{{ else with .Values.s }}{{ . }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"with_missing",
        tpl: r"[{{ with .Values.missing }}x{{ end }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"with_field_on_string_dot",
        tpl: r"{{ with .Values.s }}{{ .x }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:23: executing "x/templates/a.yaml" at <.x>: can't evaluate field x in type string"#,
        ),
    },
    Case {
        name: r"range_list",
        tpl: r"{{ range .Values.l }}[{{ . }}]{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"[1][two][][3.5]"),
    },
    Case {
        name: r"range_index",
        tpl: r"{{ range $i, $v := .Values.l }}{{ $i }}:{{ $v }} {{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"0:1 1:two 2: 3:3.5"),
    },
    Case {
        name: r"range_one_var",
        tpl: r"{{ range $v := .Values.l }}{{ $v }},{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"1,two,,3.5,"),
    },
    Case {
        name: r"range_map_sorted",
        tpl: r"{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"a=x;b=2;c=[1 2];"),
    },
    Case {
        name: r"range_map_dot",
        tpl: r"{{ range .Values.m }}{{ . }};{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"x;2;[1 2];"),
    },
    Case {
        name: r"range_else",
        tpl: r"{{ range .Values.el }}x{{ else }}empty{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"empty"),
    },
    Case {
        name: r"range_else_map",
        tpl: r"{{ range .Values.em }}x{{ else }}empty{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"empty"),
    },
    Case {
        name: r"range_missing",
        tpl: r"[{{ range .Values.missing }}x{{ else }}none{{ end }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[none]"),
    },
    Case {
        name: r"range_int",
        tpl: r"{{ range 3 }}{{ . }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"012"),
    },
    Case {
        name: r"range_int_var",
        tpl: r"{{ range $i := 3 }}{{ $i }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"012"),
    },
    Case {
        name: r"range_int_two_vars",
        tpl: r"{{ range $i, $v := 3 }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:19: executing "x/templates/a.yaml" at <3>: can't use 3 to iterate over more than one variable"#,
        ),
    },
    Case {
        name: r"range_int_zero_else",
        tpl: r"{{ range 0 }}x{{ else }}none{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"none"),
    },
    Case {
        name: r"range_float",
        tpl: r"{{ range .Values.n }}x{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Values.n>: range can't iterate over 3"#,
        ),
    },
    Case {
        name: r"range_string",
        tpl: r"{{ range .Values.s }}x{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:16: executing "x/templates/a.yaml" at <.Values.s>: range can't iterate over str"#,
        ),
    },
    Case {
        name: r"range_break",
        tpl: r#"{{ range .Values.l }}{{ if eq (printf "%v" .) "two" }}{{ break }}{{ end }}{{ . }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1"),
    },
    Case {
        name: r"range_continue",
        tpl: r#"{{ range .Values.l }}{{ if eq (printf "%v" .) "two" }}{{ continue }}{{ end }}{{ . }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"13.5"),
    },
    Case {
        name: r"break_outside_range",
        tpl: r"{{ break }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"{{break}} outside {{range}}",
        ),
    },
    Case {
        name: r"continue_outside_range",
        tpl: r"{{ if true }}{{ continue }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"{{continue}} outside {{range}}",
        ),
    },
    Case {
        name: r"range_nested_break",
        tpl: r#"{{ range list 1 2 }}{{ range list "a" "b" }}{{ break }}{{ end }}{{ . }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"12"),
    },
    Case {
        name: r"range_list_of_maps",
        tpl: r"{{ range .Values.list_of_maps }}{{ .name }}={{ .v }} {{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"a=1 b=2"),
    },
    Case {
        name: r"range_nil_elem_field",
        tpl: r"{{ range .Values.l }}{{ .x }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:24: executing "x/templates/a.yaml" at <.x>: can't evaluate field x in type interface {}"#,
        ),
    },
    Case {
        name: r"range_assign_vars",
        tpl: r"{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .Values.m }}{{ end }}{{ $i }}={{ $v }}",
        values: V,
        helpers: r"",
        expect: Out(r"c=[1 2]"),
    },
    Case {
        name: r"range_three_vars",
        tpl: r"{{ range $a, $b, $c := .Values.l }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"too many declarations in range",
        ),
    },
    Case {
        name: r"range_decl_not_var",
        tpl: r"{{ range $a, 1 := .Values.l }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"range can only initialize variables",
        ),
    },
    Case {
        name: r"range_dollar_inside",
        tpl: r"{{ range .Values.l }}{{ $.Values.s }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"strstrstrstr"),
    },
    Case {
        name: r"define_template",
        tpl: r#"{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" "x" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[x]"),
    },
    Case {
        name: r"template_no_pipe",
        tpl: r#"{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"template_undefined",
        tpl: r#"{{ template "nope" . }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:12: executing "x/templates/a.yaml" at <{{template "nope" .}}>: template "nope" not defined"#,
        ),
    },
    Case {
        name: r"template_in_helpers",
        tpl: r#"{{ template "h" .Values.s }}"#,
        values: V,
        helpers: r#"{{ define "h" }}H:{{ . }}{{ end }}"#,
        expect: Out(r"H:str"),
    },
    Case {
        name: r"include_helpers",
        tpl: r#"{{ include "h" .Values | upper }}"#,
        values: V,
        helpers: r#"{{ define "h" }}h:{{ .s }}{{ end }}"#,
        expect: Out(r"H:STR"),
    },
    Case {
        name: r"include_nindent",
        tpl: r#"a:{{ include "h" . | nindent 2 }}"#,
        values: V,
        helpers: r#"{{- define "h" -}}
x: 1
y: 2
{{- end -}}"#,
        expect: Out(r"a:
  x: 1
  y: 2"),
    },
    Case {
        name: r"include_undefined",
        tpl: r#"{{ include "nope" . }}"#,
        values: V,
        helpers: r"",
        expect: Parts(&[
            r"x/templates/a.yaml:1:3",
            r#"executing "x/templates/a.yaml" at <include "nope" .>:"#,
            r"error calling include:",
            r#"template: no template "nope" associated with template "gotpl""#,
        ]),
    },
    Case {
        name: r"include_wrong_args",
        tpl: r#"{{ include "h" }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ end }}"#,
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <include>: wrong number of args for include: want 2 got 1"#,
        ),
    },
    Case {
        name: r"include_nonstring_name",
        tpl: r"{{ include 1 . }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:11: executing "x/templates/a.yaml" at <1>: expected string; found 1"#,
        ),
    },
    Case {
        name: r"include_error_inside",
        tpl: r#"{{ include "h" .Values }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .missing.x }}{{ end }}"#,
        expect: Parts(&[
            r"x/templates/a.yaml:1:3",
            r#"executing "x/templates/a.yaml" at <include "h" .Values>:"#,
            r"error calling include:",
            r"x/templates/_h.tpl:1:27",
            r#"executing "h" at <.missing.x>:"#,
            r"nil pointer evaluating interface {}.x",
        ]),
    },
    Case {
        name: r"include_recursion_limit",
        tpl: r#"{{ include "r" 0 }}"#,
        values: V,
        helpers: r#"{{ define "r" }}{{ include "r" . }}{{ end }}"#,
        expect: Parts(&[
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <include "r" 0>: error calling include: template: x/templates/_h.tpl:1:19: executing "r" at <include "r" .>: error calling include: "#,
            r#""r" .>: error calling include: template: x/templates/_h.tpl:1:19: executing "r" at <include "r" .>: error calling include: rendering template has a nested reference name: r: unable to execute template"#,
        ]),
    },
    Case {
        name: r"include_bounded_recursion",
        tpl: r#"{{ include "r" (list 1 1 1) }}"#,
        values: V,
        helpers: r#"{{ define "r" }}{{ len . }}{{ if gt (len .) 1 }}{{ include "r" (slice . 1) }}{{ end }}{{ end }}"#,
        expect: Out(r"321"),
    },
    Case {
        name: r"block",
        tpl: r#"{{ block "b" .Values.s }}default:{{ . }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"default:str"),
    },
    Case {
        name: r"block_overridden",
        tpl: r#"{{ block "b" .Values.s }}default:{{ . }}{{ end }}"#,
        values: V,
        helpers: r#"{{ define "b" }}over:{{ . }}{{ end }}"#,
        expect: Out(r"over:str"),
    },
    Case {
        name: r"define_nested_error",
        tpl: r#"{{ define "a" }}{{ define "b" }}{{ end }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unexpected <define> in command",
        ),
    },
    Case {
        name: r"define_no_name",
        tpl: r"{{ define }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected "}}" in define clause"#,
        ),
    },
    Case {
        name: r"define_twice_same_file",
        tpl: r#"{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"multiple definition of template "a""#,
        ),
    },
    Case {
        name: r"define_empty_does_not_replace",
        tpl: r#"{{ define "h" }}{{ end }}{{ include "h" . }}"#,
        values: V,
        helpers: r#"{{ define "h" }}full{{ end }}"#,
        expect: Out(r"full"),
    },
    Case {
        name: r"tpl_basic",
        tpl: r#"{{ tpl "{{ .s }}-{{ .n }}" .Values }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"str-3"),
    },
    Case {
        name: r"tpl_missing_value",
        tpl: r#"[{{ tpl "{{ .missing }}" .Values }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"tpl_with_define",
        tpl: r#"{{ tpl "{{ define \"x\" }}X{{ end }}{{ include \"x\" . }}" . }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"X"),
    },
    Case {
        name: r"tpl_uses_helpers",
        tpl: r#"{{ tpl "{{ include \"h\" . }}" .Values }}"#,
        values: V,
        helpers: r#"{{ define "h" }}h:{{ .s }}{{ end }}"#,
        expect: Out(r"h:str"),
    },
    Case {
        name: r"tpl_parse_error",
        tpl: r#"{{ tpl "{{ if }}" . }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <tpl "{{ if }}" .>: error calling tpl: cannot parse template "{{ if }}": template: gotpl:1: missing value for if"#,
        ),
    },
    Case {
        name: r"tpl_exec_error",
        tpl: r#"{{ tpl "{{ .x.y }}" .Values }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <tpl "{{ .x.y }}" .Values>: error calling tpl: error during tpl function execution for "{{ .x.y }}": template: gotpl:1:5: executing "gotpl" at <.x.y>: nil pointer evaluating interface {}.y"#,
        ),
    },
    Case {
        name: r"tpl_from_values",
        tpl: r"{{ tpl .Values.tp . }}",
        values: r#"{"tp": "{{ .Values.s }}!", "s": "hi"}"#,
        helpers: r"",
        expect: Out(r"hi!"),
    },
    Case {
        name: r"and_or",
        tpl: r#"{{ and 1 0 "x" }}|{{ and 1 2 "x" }}|{{ or 0 "" "y" 3 }}|{{ or 0 "" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0|x|y|"),
    },
    Case {
        name: r"and_short_circuit",
        tpl: r#"{{ and false (fail "no") }}|{{ or true (fail "no") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"false|true"),
    },
    Case {
        name: r"and_pipe_final",
        tpl: r#"{{ 0 | and 1 }}|{{ "z" | or 0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0|z"),
    },
    Case {
        name: r"and_no_args",
        tpl: r"{{ and }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <and>: wrong number of args for and: want at least 1 got 0"#,
        ),
    },
    Case {
        name: r"not",
        tpl: r#"{{ not 0 }} {{ not "x" }} {{ not .Values.missing }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true false true"),
    },
    Case {
        name: r"not_args",
        tpl: r"{{ not 1 2 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <not>: wrong number of args for not: want 1 got 2"#,
        ),
    },
    Case {
        name: r"len",
        tpl: r#"{{ len .Values.s }} {{ len .Values.l }} {{ len .Values.m }} {{ len "héllo" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"3 4 3 6"),
    },
    Case {
        name: r"len_int",
        tpl: r"{{ len 3 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <len 3>: error calling len: len of type int"#,
        ),
    },
    Case {
        name: r"len_nil",
        tpl: r"{{ len .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <len .Values.missing>: error calling len: len of nil pointer"#,
        ),
    },
    Case {
        name: r"len_invalid",
        tpl: r"{{ $x := .Values.missing }}{{ len $x }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:30: executing "x/templates/a.yaml" at <len $x>: error calling len: reflect: call of reflect.Value.Type on zero Value"#,
        ),
    },
    Case {
        name: r"index_list",
        tpl: r#"{{ index .Values.l 1 }} {{ index .Values.m "a" }} {{ index .Values.m "c" 1 }} {{ index "abc" 1 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"two x 2 98"),
    },
    Case {
        name: r"index_float",
        tpl: r"{{ index .Values.l 1.0 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.l 1.0>: error calling index: cannot index slice/array with type float64"#,
        ),
    },
    Case {
        name: r"index_out_of_range",
        tpl: r"{{ index .Values.l 10 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.l 10>: error calling index: index out of range: 10"#,
        ),
    },
    Case {
        name: r"index_at_len",
        tpl: r"{{ index .Values.l 4 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.l 4>: error calling index: reflect: slice index out of range"#,
        ),
    },
    Case {
        name: r"index_negative",
        tpl: r"{{ index .Values.l -1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.l -1>: error calling index: index out of range: -1"#,
        ),
    },
    Case {
        name: r"index_map_int_key",
        tpl: r"{{ index .Values.m 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.m 1>: error calling index: value has type int; should be string"#,
        ),
    },
    Case {
        name: r"index_nil",
        tpl: r#"{{ index .Values.missing "a" }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.missing "a">: error calling index: index of untyped nil"#,
        ),
    },
    Case {
        name: r"index_no_indexes",
        tpl: r"{{ index .Values.s }}",
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"index_map_missing",
        tpl: r#"[{{ index .Values.m "zz" }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"index_of_int",
        tpl: r"{{ index 3 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index 3 1>: error calling index: can't index item of type int"#,
        ),
    },
    Case {
        name: r"slice",
        tpl: r"{{ slice .Values.l 1 3 }} {{ slice .Values.l }} {{ slice .Values.l 2 }}",
        values: V,
        helpers: r"",
        expect: Out(r"[two <nil>] [1 two <nil> 3.5] [<nil> 3.5]"),
    },
    Case {
        name: r"eq",
        tpl: r#"{{ eq 1 1 }} {{ eq "a" "b" }} {{ eq .Values.s "str" }} {{ eq 1 2 3 1 }} {{ eq .Values.missing "x" }} {{ eq true true }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true false true true false true"),
    },
    Case {
        name: r"eq_float_int",
        tpl: r"{{ eq .Values.n 3 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <eq .Values.n 3>: error calling eq: incompatible types for comparison: float64 and int"#,
        ),
    },
    Case {
        name: r"eq_float_float",
        tpl: r"{{ eq .Values.n 3.0 }}",
        values: V,
        helpers: r"",
        expect: Out(r"true"),
    },
    Case {
        name: r"eq_int_string",
        tpl: r#"{{ eq 1 "1" }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <eq 1 "1">: error calling eq: incompatible types for comparison: int and string"#,
        ),
    },
    Case {
        name: r"eq_maps",
        tpl: r"{{ eq .Values.m .Values.m }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <eq .Values.m .Values.m>: error calling eq: non-comparable type map[a:x b:%!s(float64=2) c:[%!s(float64=1) %!s(float64=2)]]: map[string]interface {}"#,
        ),
    },
    Case {
        name: r"eq_lists",
        tpl: r"{{ eq .Values.l .Values.el }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <eq .Values.l .Values.el>: error calling eq: non-comparable type []: []interface {}"#,
        ),
    },
    Case {
        name: r"eq_nil_nil",
        tpl: r"{{ eq .Values.missing .Values.nil }}",
        values: V,
        helpers: r"",
        expect: Out(r"true"),
    },
    Case {
        name: r"eq_one_arg",
        tpl: r"{{ eq 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <eq 1>: error calling eq: missing argument for comparison"#,
        ),
    },
    Case {
        name: r"eq_nil_literal",
        tpl: r"{{ eq nil 1 }}",
        values: V,
        helpers: r"",
        expect: Out(r"false"),
    },
    Case {
        name: r"ne",
        tpl: r#"{{ ne 1 2 }} {{ ne "a" "a" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true false"),
    },
    Case {
        name: r"lt_family",
        tpl: r#"{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} {{ lt .Values.f 2.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true true true false true"),
    },
    Case {
        name: r"lt_mixed",
        tpl: r"{{ lt 1 2.0 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <lt 1 2.0>: error calling lt: incompatible types for comparison: int and float64"#,
        ),
    },
    Case {
        name: r"lt_nil",
        tpl: r"{{ lt .Values.missing 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <lt .Values.missing 1>: error calling lt: invalid type for comparison"#,
        ),
    },
    Case {
        name: r"lt_bool",
        tpl: r"{{ lt true false }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <lt true false>: error calling lt: invalid type for comparison"#,
        ),
    },
    Case {
        name: r"ne_args",
        tpl: r"{{ ne 1 2 3 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <ne>: wrong number of args for ne: want 2 got 3"#,
        ),
    },
    Case {
        name: r"html",
        tpl: r#"{{ html .Values.html }} {{ html "a" 1 2 "b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; a1 2b"),
    },
    Case {
        name: r"html_missing",
        tpl: r"{{ html .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Out(r"&lt;no value&gt;"),
    },
    Case {
        name: r"js",
        tpl: r#"{{ js .Values.html }} {{ js "a\nb=c\\" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"\u003Ca href\u003D\"x\"\u003E\u0026\'\u003C/a\u003E a\u000Ab\u003Dc\\"#),
    },
    Case {
        name: r"urlquery",
        tpl: r#"{{ urlquery "a b&c=d/é" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"a+b%26c%3Dd%2F%C3%A9"),
    },
    Case {
        name: r"print",
        tpl: r#"{{ print 1 2 "a" 3 "b" "c" 4.5 true nil }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1 2a3bc4.5 true <nil>"),
    },
    Case {
        name: r"println",
        tpl: r#"{{ println 1 "a" 2 }}|"#,
        values: V,
        helpers: r"",
        expect: Out(r"1 a 2
|"),
    },
    Case {
        name: r"print_missing_nil",
        tpl: r"{{ print .Values.nil .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Out(r"<nil> <nil>"),
    },
    Case {
        name: r"call",
        tpl: r"{{ call .Values.s }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <call .Values.s>: error calling call: non-function .Values.s of type string"#,
        ),
    },
    Case {
        name: r"call_nil",
        tpl: r"{{ call .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <call .Values.missing>: error calling call: call of nil"#,
        ),
    },
    Case {
        name: r"printf_nonstring_format",
        tpl: r"{{ printf 1 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:10: executing "x/templates/a.yaml" at <1>: expected string; found 1"#,
        ),
    },
    Case {
        name: r"printf_format_from_values",
        tpl: r"{{ printf .Values.s }}",
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"printf_format_nil",
        tpl: r"{{ printf .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:17: executing "x/templates/a.yaml" at <.Values.missing>: wrong type for value; expected string; got interface {}"#,
        ),
    },
    Case {
        name: r"fail",
        tpl: r#"{{ fail "boom" }}"#,
        values: V,
        helpers: r"",
        expect: Fail(r"template: x/templates/a.yaml:1:3: ", r"boom"),
    },
    Case {
        name: r"required_ok",
        tpl: r#"{{ required "need" .Values.s }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"required_missing",
        tpl: r#"x: {{ required "need .Values.q" .Values.q }}"#,
        values: V,
        helpers: r"",
        expect: Fail(r"template: x/templates/a.yaml:1:6: ", r"need .Values.q"),
    },
    Case {
        name: r"fail_in_include",
        tpl: r#"{{ include "f" . }}"#,
        values: V,
        helpers: r#"{{ define "f" }}{{ fail "inner" }}{{ end }}"#,
        expect: Fail(r"template: x/templates/a.yaml:1:3: ", r"inner"),
    },
    Case {
        name: r"wrong_args_len",
        tpl: r"{{ len 1 2 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <len>: wrong number of args for len: want 1 got 2"#,
        ),
    },
    Case {
        name: r"pf_basic",
        tpl: r#"{{ printf "%v|%s|%d|%t|%q" "a" "b" 3 true "c" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"a|b|3|true|"c""#),
    },
    Case {
        name: r"pf_float_v",
        tpl: r#"{{ printf "%v %v %v %v" 1.0 .Values.f .Values.big 0.000012 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1 1.5 1e+06 1.2e-05"),
    },
    Case {
        name: r"pf_float_fmt",
        tpl: r#"{{ printf "%f|%.2f|%e|%E|%g|%G|%.3g|%8.3f|%-8.2f|%08.3f|%+.1f" 3.14159 3.14159 1234.5678 1234.5678 1234.5678 0.000001234 1234.5678 3.14159 3.14159 -3.14159 2.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(
            r"3.141590|3.14|1.234568e+03|1.234568E+03|1234.5678|1.234E-06|1.23e+03|   3.142|3.14    |-003.142|+2.0",
        ),
    },
    Case {
        name: r"pf_int_fmt",
        tpl: r#"{{ printf "%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b|%#x|%#o|% d|%.3d" 42 42 42 -42 42 255 255 8 8 5 255 8 42 7 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"42|   42|42   |-0042|+42|ff|FF|10|0o10|101|0xff|010| 42|007"),
    },
    Case {
        name: r"pf_char",
        tpl: r#"{{ printf "%c|%q|%U|%#U" 65 65 0x1F600 65 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"A|'A'|U+1F600|U+0041 'A'"),
    },
    Case {
        name: r"pf_string_fmt",
        tpl: r#"{{ printf "%5s|%-5s|%.2s|%x|%X|% x|%q|%#q|%+q|%#x" "ab" "ab" "abc" "hi" "hi" "hi" "a\"b" "ab" "é" "hi" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"   ab|ab   |ab|6869|6869|68 69|"a\"b"|`ab`|"\u00e9"|0x6869"#),
    },
    Case {
        name: r"pf_zero_pad_string",
        tpl: r#"{{ printf "%05s" "ab" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"000ab"),
    },
    Case {
        name: r"pf_bad_verb",
        tpl: r#"{{ printf "%d|%s|%t|%x" "x" 1 "y" 1.5 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!d(string=x)|%!s(int=1)|%!t(string=y)|0x1.8p+00"),
    },
    Case {
        name: r"pf_missing",
        tpl: r#"{{ printf "%d %d" 1 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1 %!d(MISSING)"),
    },
    Case {
        name: r"pf_extra",
        tpl: r#"{{ printf "%d" 1 2 "x" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1%!(EXTRA int=2, string=x)"),
    },
    Case {
        name: r"pf_extra_nil",
        tpl: r#"{{ printf "x" nil }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"x%!(EXTRA <nil>)"),
    },
    Case {
        name: r"pf_percent",
        tpl: r#"{{ printf "100%%" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"100%"),
    },
    Case {
        name: r"pf_noverb",
        tpl: r#"{{ printf "abc%" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"abc%!(NOVERB)"),
    },
    Case {
        name: r"pf_type",
        tpl: r#"{{ printf "%T|%T|%T|%T|%T|%T|%T" 1 1.5 "s" true .Values.l .Values.m nil }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"int|float64|string|bool|[]interface {}|map[string]interface {}|<nil>"),
    },
    Case {
        name: r"pf_list",
        tpl: r#"{{ printf "%v|%d|%s|%+v|%#v" .Values.l (list 1 2) (list "a" 1) .Values.m .Values.m }}"#,
        values: V,
        helpers: r"",
        expect: Out(
            r#"[1 two <nil> 3.5]|[1 2]|[a %!s(int=1)]|map[a:x b:2 c:[1 2]]|map[string]interface {}{"a":"x", "b":2, "c":[]interface {}{1, 2}}"#,
        ),
    },
    Case {
        name: r"pf_sharp_v",
        tpl: r#"{{ printf "%#v|%#v|%#v|%#v" "s" 1 1.5 .Values.l }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#""s"|1|1.5|[]interface {}{1, "two", interface {}(nil), 3.5}"#),
    },
    Case {
        name: r"pf_nil",
        tpl: r#"{{ printf "%v|%s|%d" nil nil nil }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"<nil>|%!s(<nil>)|%!d(<nil>)"),
    },
    Case {
        name: r"pf_star",
        tpl: r#"{{ printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"    1|2   |3.14"),
    },
    Case {
        name: r"pf_float_d",
        tpl: r#"{{ printf "%d" .Values.n }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!d(float64=3)"),
    },
    Case {
        name: r"pf_map_s",
        tpl: r#"{{ printf "%s" .Values.m }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"map[a:x b:%!s(float64=2) c:[%!s(float64=1) %!s(float64=2)]]"),
    },
    Case {
        name: r"pf_bool_v",
        tpl: r#"{{ printf "%v %5t" false true }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"false  true"),
    },
    Case {
        name: r"pf_big_float",
        tpl: r#"{{ printf "%v %f %g" 1e21 1e21 1e21 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1e+21 1000000000000000000000.000000 1e+21"),
    },
    Case {
        name: r"pf_inf",
        tpl: r#"{{ printf "%v %.2f" 1e400 -1e400 }}"#,
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""1e400""#),
    },
    Case {
        name: r"pf_hex_float",
        tpl: r#"{{ printf "%x %X %.2x" 1.5 -0.1 3.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0x1.8p+00 -0X1.999999999999AP-04 0x1.80p+01"),
    },
    Case {
        name: r"pf_e_prec",
        tpl: r#"{{ printf "%.0e %.1e %e" 5.5 0.0 123456789.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"6e+00 0.0e+00 1.234568e+08"),
    },
    Case {
        name: r"pf_g_prec",
        tpl: r#"{{ printf "%.1g %.2g %g %g %#g" 0.05 123.0 100000.0 1000000.0 1.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0.05 1.2e+02 100000 1e+06 1.00000"),
    },
    Case {
        name: r"pf_width_unicode",
        tpl: r#"{{ printf "[%4s][%-4s]" "é" "日本" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[   é][日本  ]"),
    },
    Case {
        name: r"pf_plus_space",
        tpl: r#"{{ printf "%+d % d %+.1e % f" 5 -5 1.0 2.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"+5 -5 +1.0e+00  2.000000"),
    },
    Case {
        name: r"pf_bad_index",
        tpl: r#"{{ printf "%[1]d" 5 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"5"),
    },
    Case {
        name: r"pf_int_s_quote",
        tpl: r#"{{ printf "%q" 1.5 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!q(float64=1.5)"),
    },
    Case {
        name: r"pf_nested_nil",
        tpl: r#"{{ printf "%s" (list nil "a") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[<nil> a]"),
    },
    Case {
        name: r"sprint_spacing",
        tpl: r#"{{ print "a" "b" 1 2 "c" 3 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"ab1 2c3"),
    },
    Case {
        name: r"print_floats",
        tpl: r"{{ print 1.0 2.5 100000000.0 0.00001 -0.0 }}",
        values: V,
        helpers: r"",
        expect: Out(r"1 2.5 1e+08 1e-05 -0"),
    },
    Case {
        name: r"pf_more_floats",
        tpl: r#"{{ printf "%.3v|%10.4g|%-10.1e|%+g|%.0f|%.1f" 3.14159 1234.5678 0.000123 5.0 2.5 0.05 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"3.14|      1235|1.2e-04   |+5|2|0.1"),
    },
    Case {
        name: r"pf_int_flags2",
        tpl: r#"{{ printf "%#b|%#X|%x|%o|%-+5d|%+05d" 5 255 -255 -8 3 3 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0b101|0XFF|-ff|-10|+3   |+0003"),
    },
    Case {
        name: r"pf_c_q_unicode",
        tpl: r#"{{ printf "%c%c|%q|%+q|%#q" 0x65e5 0x672c 0x65e5 0x65e5 96 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"日本|'日'|'\u65e5'|'`'"),
    },
    Case {
        name: r"pf_string_prec_unicode",
        tpl: r#"{{ printf "%.1s|%.3q|%5.1s|" "日本語" "日本語" "ab" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"日|"日本語"|    a|"#),
    },
    Case {
        name: r"pf_v_width_list",
        tpl: r#"{{ printf "%4v|%-3v|%03d" (list 1 2) (list "a") (list 1 2) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[   1    2]|[a  ]|[001 002]"),
    },
    Case {
        name: r"pf_t_bool",
        tpl: r#"{{ printf "%t|%t|%v" true false .Values.t }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true|false|true"),
    },
    Case {
        name: r"pf_e_values",
        tpl: r#"{{ printf "%e|%g|%.2e" .Values.big .Values.big .Values.f }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1.000000e+06|1e+06|1.50e+00"),
    },
    Case {
        name: r"pf_x_negative_float",
        tpl: r#"{{ printf "%x|%X" -1.0 0.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"-0x1p+00|0X0P+00"),
    },
    Case {
        name: r"pf_sharp_g_e",
        tpl: r#"{{ printf "%#.3g|%#e|%#.0f|%#.0e" 1.0 2.0 3.0 4.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1.00|2.000000e+00|3.|4.e+00"),
    },
    Case {
        name: r"pf_literal_text",
        tpl: r#"{{ printf "a	b %s" "c" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"a	b c"),
    },
    Case {
        name: r"print_nested_float",
        tpl: r#"{{ print (list 1.5 1000000.0 (dict "k" 0.1)) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[1.5 1e+06 map[k:0.1]]"),
    },
    Case {
        name: r"pf_bool_d",
        tpl: r#"{{ printf "%d|%s" true false }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!d(bool=true)|%!s(bool=false)"),
    },
    Case {
        name: r"pf_zero_width",
        tpl: r#"{{ printf "%0d|%-0d|%00d" 1 2 3 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1|2|3"),
    },
    Case {
        name: r"pf_u_values",
        tpl: r#"{{ printf "%U|%#U|%c" 10 0x1F600 -1 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"U+000A|U+1F600 '😀'|�"),
    },
    Case {
        name: r"pf_prec_int_zero",
        tpl: r#"{{ printf "%.0d|%5.0d|%.d" 0 0 0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"|     |"),
    },
    Case {
        name: r"pf_q_control",
        tpl: r#"{{ printf "%q|%+q|%q" "a\x01b\tc" "héllo" "\u00a0\u200b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#""a\x01b\tc"|"h\u00e9llo"|"\u00a0\u200b""#),
    },
    Case {
        name: r"js_unicode",
        tpl: r#"{{ js "é\u2028<>" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"é\u2028\u003C\u003E"),
    },
    Case {
        name: r"html_nul",
        tpl: r#"{{ html "a\x00b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"a�b"),
    },
    Case {
        name: r"urlquery_multi",
        tpl: r#"{{ urlquery "a" 1 "b c" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"a1b+c"),
    },
    Case {
        name: r"missingkey_root_map",
        tpl: r"{{ .nope }}|{{ .Values.nope }}",
        values: V,
        helpers: r"",
        expect: Out(r"|"),
    },
    Case {
        name: r"if_else_if_chain_vars",
        tpl: r"{{ if $a := .Values.z }}A{{ else if $b := .Values.s }}{{ $a }}-{{ $b }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"0-str"),
    },
    Case {
        name: r"with_else_with_var",
        tpl: r"{{ with $x := .Values.e }}1{{ else with $y := .Values.n }}{{ $y }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"3"),
    },
    Case {
        name: r"range_over_list_of_lists",
        tpl: r"{{ range $i, $l := list (list 1 2) (list 3) }}{{ $i }}:{{ len $l }} {{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"0:2 1:1"),
    },
    Case {
        name: r"nested_define_in_block_scope",
        tpl: r#"{{ $x := 1 }}{{ block "b" . }}{{ $x }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"undefined variable "$x""#,
        ),
    },
    Case {
        name: r"template_vars_not_inherited",
        tpl: r#"{{ define "t" }}{{ $x }}{{ end }}{{ $x := 1 }}{{ template "t" }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"undefined variable "$x""#,
        ),
    },
    Case {
        name: r"comment_only",
        tpl: r"{{/* only */}}",
        values: V,
        helpers: r"",
        expect: Out(r""),
    },
    Case {
        name: r"trim_comment_leading_ws",
        tpl: r"  {{- /* c */}}  x",
        values: V,
        helpers: r"",
        expect: Out(r"  x"),
    },
    Case {
        name: r"decl_in_paren",
        tpl: r"{{ ($x := 5) }} {{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"5 5"),
    },
    Case {
        name: r"assign_in_range_body",
        tpl: r#"{{ $last := "" }}{{ range .Values.list_of_maps }}{{ $last = .name }}{{ end }}{{ $last }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"b"),
    },
    Case {
        name: r"multiple_pipes_with_paren",
        tpl: r#"{{ (print "a" | printf "%s!") | printf "<%s>" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"<a!>"),
    },
    Case {
        name: r"chain_var_field_missing",
        tpl: r"{{ $v := .Values }}{{ $v.nested.nope.deep }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:24: executing "x/templates/a.yaml" at <$v.nested.nope.deep>: nil pointer evaluating interface {}.deep"#,
        ),
    },
    Case {
        name: r"index_nested_map_list",
        tpl: r#"{{ index .Values.list_of_maps 1 "name" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"b"),
    },
    Case {
        name: r"index_list_missing_key_print",
        tpl: r#"[{{ index .Values.nested "nope" }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"eq_missing_vs_nil_values",
        tpl: r"{{ eq .Values.nil .Values.missing }} {{ ne .Values.s .Values.missing }}",
        values: V,
        helpers: r"",
        expect: Out(r"true true"),
    },
    Case {
        name: r"le_strings",
        tpl: r#"{{ le "a" "a" }} {{ gt "a" "b" }} {{ ge "b" "b" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true false true"),
    },
    Case {
        name: r"le_incompatible",
        tpl: r#"{{ le 1 "a" }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <le 1 "a">: error calling le: incompatible types for comparison: int and string"#,
        ),
    },
    Case {
        name: r"and_returns_operand_types",
        tpl: r#"{{ printf "%T %T" (and 1 "x") (or 0 .Values.missing) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"string <nil>"),
    },
    Case {
        name: r"or_missing_print",
        tpl: r"[{{ or .Values.missing .Values.nil }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"not_nil_literal",
        tpl: r"{{ not nil }}",
        values: V,
        helpers: r"",
        expect: Out(r"true"),
    },
    Case {
        name: r"len_nil_literal",
        tpl: r"{{ len nil }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value"#,
        ),
    },
    Case {
        name: r"print_map_with_nil",
        tpl: r#"{{ dict "a" nil "b" (list) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"map[a:<nil> b:[]]"),
    },
    Case {
        name: r"print_bool_values",
        tpl: r"{{ .Values.t }} {{ not .Values.t }}",
        values: V,
        helpers: r"",
        expect: Out(r"true false"),
    },
    Case {
        name: r"text_unicode",
        tpl: r#"héllo {{ "wörld" }} ✓"#,
        values: V,
        helpers: r"",
        expect: Out(r"héllo wörld ✓"),
    },
    Case {
        name: r"yaml_if_block",
        tpl: r"spec:
  {{- if .Values.t }}
  a: 1
  {{- end }}
  b: 2
",
        values: V,
        helpers: r"",
        expect: Out(r"spec:
  a: 1
  b: 2"),
    },
    Case {
        name: r"yaml_range_block",
        tpl: r"items:
{{- range .Values.list_of_maps }}
  - name: {{ .name }}
    v: {{ .v }}
{{- end }}
",
        values: V,
        helpers: r"",
        expect: Out(r"items:
  - name: a
    v: 1
  - name: b
    v: 2"),
    },
    Case {
        name: r"trim_empty_dash_action",
        tpl: r"{{-}}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""-""#),
    },
    Case {
        name: r"trim_space_dash_only",
        tpl: r"a {{ -}} b",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"missing value for command",
        ),
    },
    Case {
        name: r"trim_crlf",
        tpl: r"a
{{- 1 -}}
b",
        values: V,
        helpers: r"",
        expect: Out(r"a1b"),
    },
    Case {
        name: r"trim_adjacent",
        tpl: r"{{ 1 }}  {{- 2 }}  {{- 3 -}}  {{ 4 }}",
        values: V,
        helpers: r"",
        expect: Out(r"1234"),
    },
    Case {
        name: r"double_dash",
        tpl: r"{{--1}}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""--1""#),
    },
    Case {
        name: r"trim_minus_number",
        tpl: r"{{ -1 }}|{{- -1 -}}|",
        values: V,
        helpers: r"",
        expect: Out(r"-1|-1|"),
    },
    Case {
        name: r"else_chain_fallthrough",
        tpl: r"{{ if false }}a{{ else if false }}b{{ else }}z{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"z"),
    },
    Case {
        name: r"else_trim",
        tpl: r"{{ if false }}
  a
{{- else -}}
  b
{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"b"),
    },
    Case {
        name: r"with_decl_visible_in_else",
        tpl: r"{{ with $x := 0 }}a{{ else }}{{ $x }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"0"),
    },
    Case {
        name: r"range_decl_visible_in_else",
        tpl: r"{{ range $i, $v := .Values.el }}x{{ else }}[{{ $i }}][{{ $v }}]{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"[[]][[]]"),
    },
    Case {
        name: r"break_in_with_in_range",
        tpl: r#"{{ range .Values.l }}{{ with . }}{{ if eq (printf "%T" .) "string" }}{{ break }}{{ end }}{{ . }}{{ end }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1"),
    },
    Case {
        name: r"continue_with_index",
        tpl: r"{{ range $i, $e := .Values.l }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"023"),
    },
    Case {
        name: r"range_empty_list_fn",
        tpl: r"{{ range (list) }}x{{ else }}empty{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"empty"),
    },
    Case {
        name: r"range_nested_maps",
        tpl: r"{{ range $k, $v := .Values.nested }}{{ $k }}:{{ range $k2, $v2 := $v }}{{ $k2 }}={{ $v2 }}{{ end }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"inner:deep=D"),
    },
    Case {
        name: r"print_list_floats",
        tpl: r"{{ .Values.m.c }} {{ index .Values.m.c 0 }}",
        values: V,
        helpers: r"",
        expect: Out(r"[1 2] 1"),
    },
    Case {
        name: r"float_to_d",
        tpl: r#"{{ 1e6 | printf "%d" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!d(float64=1e+06)"),
    },
    Case {
        name: r"no_value_string_in_values",
        tpl: r"[{{ .Values.nv }}]",
        values: r#"{"nv": "<no value>"}"#,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"no_value_through_include_upper",
        tpl: r#"{{ include "h" . | upper }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .nope }}{{ end }}"#,
        expect: Out(r"<NO VALUE>"),
    },
    Case {
        name: r"len_of_index",
        tpl: r"{{ len (index .Values.list_of_maps 0) }}",
        values: V,
        helpers: r"",
        expect: Out(r"2"),
    },
    Case {
        name: r"index_pipe_upper",
        tpl: r#"{{ index .Values.list_of_maps 0 "name" | upper }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"A"),
    },
    Case {
        name: r"not_eq",
        tpl: r#"{{ not (eq .Values.s "x") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true"),
    },
    Case {
        name: r"and_pipe_printf",
        tpl: r#"{{ and .Values.t .Values.s | printf "%v" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"or_default",
        tpl: r#"{{ or .Values.e .Values.missing "default" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"default"),
    },
    Case {
        name: r"print_empty_args",
        tpl: r#"[{{ print }}][{{ printf "%s" }}][{{ println }}][{{ html }}][{{ js }}][{{ urlquery }}]"#,
        values: V,
        helpers: r"",
        expect: Out(r"[][%!s(MISSING)][
][][][]"),
    },
    Case {
        name: r"urlquery_list",
        tpl: r"{{ urlquery .Values.l }}",
        values: V,
        helpers: r"",
        expect: Out(r"%5B1+two+%3Cnil%3E+3.5%5D"),
    },
    Case {
        name: r"eq_bool",
        tpl: r#"{{ eq .Values.t true }} {{ eq "a" "b" "a" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"true true"),
    },
    Case {
        name: r"lt_neg_float_int",
        tpl: r"{{ lt .Values.neg 0 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <lt .Values.neg 0>: error calling lt: incompatible types for comparison: float64 and int"#,
        ),
    },
    Case {
        name: r"lt_neg_float",
        tpl: r"{{ lt .Values.neg 0.0 }} {{ gt (len .Values.l) 2 }}",
        values: V,
        helpers: r"",
        expect: Out(r"true true"),
    },
    Case {
        name: r"multiline_unexpected_eof",
        tpl: r"{{ if true }}
x
{{ else }}
y
",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:5: ", r"unexpected EOF"),
    },
    Case {
        name: r"multiline_end",
        tpl: r"a
b
{{ end }}
",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:3: ", r"unexpected {{end}}"),
    },
    Case {
        name: r"template_no_name",
        tpl: r"{{ template }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected "}}" in template clause"#,
        ),
    },
    Case {
        name: r"template_field_name",
        tpl: r"{{ template .x }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected ".x" in template clause"#,
        ),
    },
    Case {
        name: r"decl_no_value",
        tpl: r"{{ $x := }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"missing value for command",
        ),
    },
    Case {
        name: r"literal_args",
        tpl: r"{{ 1 2 }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <1>: can't give argument to non-function 1"#,
        ),
    },
    Case {
        name: r"pipe_trailing",
        tpl: r"{{ .Values | }}",
        values: V,
        helpers: r"",
        expect: Out(
            r#"map[big:1e+06 e: el:[] em:map[] f:1.5 html:<a href="x">&'</a> l:[1 two <nil> 3.5] list_of_maps:[map[name:a v:1] map[name:b v:2]] m:map[a:x b:2 c:[1 2]] n:3 neg:-2 nested:map[inner:map[deep:D]] nil:<nil> s:str str5:5 t:true z:0]"#,
        ),
    },
    Case {
        name: r"pipe_leading",
        tpl: r"{{ | .x }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected "|" in command"#,
        ),
    },
    Case {
        name: r"two_strings",
        tpl: r#"{{ "a" "b" }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <"a">: can't give argument to non-function "a""#,
        ),
    },
    Case {
        name: r"define_in_if",
        tpl: r#"{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}"#,
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unexpected <define> in command",
        ),
    },
    Case {
        name: r"range_bad_comma",
        tpl: r"{{ range $i, $v, := .l }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"too many declarations in range",
        ),
    },
    Case {
        name: r"with_no_pipe",
        tpl: r"{{ with }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"missing value for with",
        ),
    },
    Case {
        name: r"char_multi",
        tpl: r"{{ 'ab' }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r"'ab'"),
    },
    Case {
        name: r"hex_no_digits",
        tpl: r"{{ 0x }}",
        values: V,
        helpers: r"",
        expect: Parse(r"template: x/templates/a.yaml:1: ", r#""0x""#),
    },
    Case {
        name: r"number_two_dots",
        tpl: r"{{ 1.2.3 }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected ".3" in operand"#,
        ),
    },
    Case {
        name: r"field_double_dot",
        tpl: r"{{ .a..b }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r"unexpected <.> in operand",
        ),
    },
    Case {
        name: r"field_unicode",
        tpl: r"[{{ .Values.é }}]",
        values: V,
        helpers: r"",
        expect: Out(r"[]"),
    },
    Case {
        name: r"index_list_string",
        tpl: r#"{{ index .Values.l "a" }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <index .Values.l "a">: error calling index: cannot index slice/array with type string"#,
        ),
    },
    Case {
        name: r"field_numeric",
        tpl: r"{{ .Values.l.0 }}",
        values: V,
        helpers: r"",
        expect: Parse(
            r"template: x/templates/a.yaml:1: ",
            r#"unexpected ".0" in operand"#,
        ),
    },
    Case {
        name: r"field_of_int_var",
        tpl: r"{{ $x := 1 }}{{ $x.y }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:18: executing "x/templates/a.yaml" at <$x.y>: can't evaluate field y in type int"#,
        ),
    },
    Case {
        name: r"float_d_pipe",
        tpl: r#"{{ 1.5 | printf "%d" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"%!d(float64=1.5)"),
    },
    Case {
        name: r"error_in_range_body",
        tpl: r"{{ range .Values.list_of_maps }}
{{ .name.x }}
{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:2:8: executing "x/templates/a.yaml" at <.name.x>: can't evaluate field x in type interface {}"#,
        ),
    },
    Case {
        name: r"error_in_else_if",
        tpl: r"{{ if false }}{{ else if .Values.nil.x }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:32: executing "x/templates/a.yaml" at <.Values.nil.x>: nil pointer evaluating interface {}.x"#,
        ),
    },
    Case {
        name: r"tpl_dollar",
        tpl: r#"{{ tpl "{{ $.s }}" .Values }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"tpl_in_include",
        tpl: r#"{{ include "h" .Values }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ tpl "<{{ .s }}>" . }}{{ end }}"#,
        expect: Out(r"<str>"),
    },
    Case {
        name: r"tpl_multiline_parse_error",
        tpl: r#"{{ tpl "a\n{{ if }}" . }}"#,
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <tpl "a\n{{ if }}" .>: error calling tpl: cannot parse template "a\n{{ if }}": template: gotpl:2: missing value for if"#,
        ),
    },
    Case {
        name: r"tpl_define_shadow",
        tpl: r#"{{ tpl "{{ define \"h\" }}T{{ end }}{{ include \"h\" . }}" . }}|{{ include "h" . }}"#,
        values: V,
        helpers: r#"{{ define "h" }}H{{ end }}"#,
        expect: Out(r"T|H"),
    },
    Case {
        name: r"tpl_nested",
        tpl: r#"{{ tpl "{{ tpl \"{{ .s }}\" . }}" .Values }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"str"),
    },
    Case {
        name: r"tpl_non_string",
        tpl: r"{{ tpl 1 . }}",
        values: V,
        helpers: r"",
        expect: Exact(
            r#"template: x/templates/a.yaml:1:7: executing "x/templates/a.yaml" at <1>: expected string; found 1"#,
        ),
    },
    Case {
        name: r"tpl_error_in_define",
        tpl: r#"{{ tpl "{{ include \"h\" . }}" .Values }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .x.y }}{{ end }}"#,
        expect: Exact(
            r#"template: x/templates/a.yaml:1:3: executing "x/templates/a.yaml" at <tpl "{{ include \"h\" . }}" .Values>: error calling tpl: error during tpl function execution for "{{ include \"h\" . }}": template: gotpl:1:3: executing "gotpl" at <include "h" .>: error calling include: template: x/templates/_h.tpl:1:21: executing "h" at <.x.y>: nil pointer evaluating interface {}.y"#,
        ),
    },
    Case {
        name: r"include_dict",
        tpl: r#"{{ include "h" (dict "a" 1 "b" "two") }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .a }}-{{ .b }}{{ end }}"#,
        expect: Out(r"1-two"),
    },
    Case {
        name: r"include_in_range",
        tpl: r#"{{ range .Values.list_of_maps }}{{ include "h" . }};{{ end }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .name }}{{ end }}"#,
        expect: Out(r"a;b;"),
    },
    Case {
        name: r"template_in_range_dollar",
        tpl: r#"{{ range .Values.list_of_maps }}{{ template "h" . }};{{ end }}"#,
        values: V,
        helpers: r#"{{ define "h" }}{{ .name }}{{ $.v }}{{ end }}"#,
        expect: Out(r"a1;b2;"),
    },
    Case {
        name: r"set_shared_map",
        tpl: r#"{{ $d := dict }}{{ $_ := set $d "k" "v" }}{{ $d.k }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"v"),
    },
    Case {
        name: r"var_shadow_in_range",
        tpl: r#"{{ $x := "outer" }}{{ range list 1 2 }}{{ $x := . }}{{ $x }}{{ end }}{{ $x }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"12outer"),
    },
    Case {
        name: r"assign_outer_in_range",
        tpl: r"{{ $x := 0 }}{{ range list 1 2 3 }}{{ $x = . }}{{ end }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"3"),
    },
    Case {
        name: r"assign_outer_in_with",
        tpl: r"{{ $x := 0 }}{{ with 5 }}{{ $x = . }}{{ end }}{{ $x }}",
        values: V,
        helpers: r"",
        expect: Out(r"5"),
    },
    Case {
        name: r"print_values_root_keys",
        tpl: r"{{ range $k, $_ := .Values.m }}{{ $k }}{{ end }}",
        values: V,
        helpers: r"",
        expect: Out(r"abc"),
    },
    Case {
        name: r"printf_v_nested_map",
        tpl: r#"{{ printf "%v" .Values.list_of_maps }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[map[name:a v:1] map[name:b v:2]]"),
    },
    Case {
        name: r"printf_q_list",
        tpl: r#"{{ printf "%q" (list "a" "b") }}"#,
        values: V,
        helpers: r"",
        expect: Out(r#"["a" "b"]"#),
    },
    Case {
        name: r"printf_x_list",
        tpl: r#"{{ printf "%x" (list "hi" 255) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[6869 ff]"),
    },
    Case {
        name: r"printf_5v_map",
        tpl: r#"{{ printf "%5v|%-4v" (dict "a" 1) "x" }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"map[    a:    1]|x"),
    },
    Case {
        name: r"printf_plus_v_map",
        tpl: r#"{{ printf "%+v" (dict "a" (list 1)) }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"map[a:[1]]"),
    },
    Case {
        name: r"printf_d_list_floats",
        tpl: r#"{{ printf "%d" .Values.m.c }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"[%!d(float64=1) %!d(float64=2)]"),
    },
    Case {
        name: r"printf_g_small",
        tpl: r#"{{ printf "%g %g %g %G" 0.0001 0.00001 123456789.0 1e-10 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"0.0001 1e-05 1.23456789e+08 1E-10"),
    },
    Case {
        name: r"printf_f_round",
        tpl: r#"{{ printf "%.2f %.0f %.0f %.1f" 2.675 0.5 1.5 0.25 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"2.67 0 2 0.2"),
    },
    Case {
        name: r"printf_e_large",
        tpl: r#"{{ printf "%e %.3e" 1e100 123456.0 }}"#,
        values: V,
        helpers: r"",
        expect: Out(r"1.000000e+100 1.235e+05"),
    },
];

fn check(c: &Case) -> Result<(), String> {
    let got = helm_render_err(c.tpl, c.values, c.helpers);
    match (&c.expect, got) {
        (Out(want), Ok(out)) if out.trim_end() == want.trim_end() => Ok(()),
        (Exact(want), Err(e)) if e.to_string() == *want => Ok(()),
        (Parse(loc, msg), Err(e))
            if e.kind == ErrorKind::Parse
                && e.to_string().starts_with(loc)
                && e.to_string().ends_with(msg) =>
        {
            Ok(())
        }
        (Fail(loc, msg), Err(e))
            if e.kind == ErrorKind::Fail
                && e.to_string().starts_with(loc)
                && e.fail_message() == Some(msg) =>
        {
            Ok(())
        }
        (Parts(parts), Err(e)) if parts.iter().all(|p| e.to_string().contains(p)) => Ok(()),
        (_, got) => Err(format!(
            "{}: got {:?}",
            c.name,
            got.map_err(|e| format!("{:?} {}", e.kind, e))
        )),
    }
}

#[test]
fn go_template_cases_match_helm() {
    assert!(CASES.len() >= 150);
    let failures: Vec<String> = CASES.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from helm:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
