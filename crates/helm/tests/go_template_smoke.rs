mod support;
use support::helm_render;

#[test]
fn smoke() {
    let cases = [
        ("a: {{ .Values.missing }}|{{ .Values.l }}|{{$x := .Values.missing}}{{$x.b}}|{{ 1.0 }} {{ 1e6 }} {{ 0x10 }} {{ .Values.f }}", r#"{"l": [1, null, "x"], "f": 1000000}"#),
        ("{{ range $i, $v := .Values.l }}{{$i}}={{$v}} {{end}}{{ if .Values.f }}yes{{else}}no{{end}}{{ with .Values.m }}{{.a}}{{end}}", r#"{"l": [1, null, "x"], "f": 1000000, "m": {"a": "A"}}"#),
        ("{{ define \"t\" }}T{{ . }}{{ end }}{{ template \"t\" 1 }}|{{ include \"t\" 2 | upper }}|{{ tpl \"{{ .a }}\" .Values.m }}", r#"{"m": {"a": "A"}}"#),
        ("{{ .Values.a.b }}", "{}"),
        ("{{ printf \"%d %s %v %5.2f|%-4s|%q\" 3 \"x\" .Values.l 3.14159 \"ab\" \"q\" }}", r#"{"l": [1, null, "x"]}"#),
    ];
    for (t, v) in cases {
        println!("{:?}", helm_render(t, v, ""));
    }
}
