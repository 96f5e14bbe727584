//! Embeds the built-in Rego packs: every `.rego` file under `policies/`,
//! listed in `$OUT_DIR/policies.rs` (read by `src/rego/builtin.rs`).

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rego") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("policies"), &mut files);
    files.sort();
    let mut src = String::from("pub const FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .expect("under the manifest directory")
            .to_string_lossy()
            .replace('\\', "/");
        src.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.to_string_lossy()
        ));
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("policies.rs");
    std::fs::write(out, src).expect("write policies.rs");
    println!("cargo:rerun-if-changed=policies");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
}
