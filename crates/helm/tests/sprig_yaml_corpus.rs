//! A tool more than a test: with `PLUMB_YAML_CORPUS=DIR`, writes `DIR/plumb/X.out`
//! for every `DIR/in/X.yaml`, holding what `{{ toYaml .Values | toJson }}` and
//! `{{ toJson .Values | toJson }}` (and `pretty:` for `toYamlPretty`) print with that file as values, in the same
//! layout as helm's output, so a script can compare the two on a corpus of real
//! values files (which are not ours to commit). Does nothing without the variable.

use plumb_helm::funcs::json::to_json;
use plumb_helm::funcs::yaml::{parse_values, to_yaml, to_yaml_pretty};
use plumb_helm::Value;

#[test]
fn dump_corpus_when_asked() {
    let Ok(dir) = std::env::var("PLUMB_YAML_CORPUS") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let out = dir.join("plumb");
    std::fs::create_dir_all(&out).expect("out dir");
    for entry in std::fs::read_dir(dir.join("in")).expect("in dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let body = match parse_values(&text) {
            Ok(v) => {
                let y = to_json(&Value::from(to_yaml(&v)), true).expect("json");
                let j = to_json(&Value::from(to_json(&v, true).unwrap_or_default()), true)
                    .expect("json");
                let p = to_json(&Value::from(to_yaml_pretty(&v)), true).expect("json");
                format!("yaml: {y}\njson: {j}\npretty: {p}\n")
            }
            Err(e) => format!("Error: {e}\n"),
        };
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        std::fs::write(out.join(format!("{name}.out")), body).expect("write");
    }
}
