//! Terraform addresses and references: `module.a["x"].aws_s3_bucket.b[0]`,
//! `var.region`, `module.net.subnet_ids[0]`.

use serde_json::Value as Json;

/// One step of an address: a name and an optional `[key]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub name: String,
    /// `[0]` is a number, `["k"]` a string; `[*]` and other expressions
    /// are kept as None.
    pub key: Option<Json>,
}

/// Splits an address or reference into its dotted steps, keeping bracketed
/// keys (which may hold dots and quotes) with their step.
pub fn steps(s: &str) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut name = String::new();
    while i < b.len() {
        match b[i] {
            b'.' => {
                if !name.is_empty() {
                    out.push(Step {
                        name: std::mem::take(&mut name),
                        key: None,
                    });
                }
                i += 1;
            }
            b'[' => {
                // Find the closing bracket, skipping a quoted string.
                let start = i + 1;
                let mut j = start;
                let mut in_str = false;
                while j < b.len() {
                    match b[j] {
                        b'\\' if in_str => j += 1,
                        b'"' => in_str = !in_str,
                        b']' if !in_str => break,
                        _ => {}
                    }
                    j += 1;
                }
                let inner = &s[start..j.min(s.len())];
                let key = if inner.starts_with('"') {
                    serde_json::from_str::<String>(inner).ok().map(Json::String)
                } else {
                    inner.parse::<u64>().ok().map(Json::from)
                };
                if name.is_empty() {
                    // `a[0][1]`: a key on the previous step's value.
                    if let Some(last) = out.last_mut() {
                        if last.key.is_none() {
                            last.key = key;
                        }
                    }
                } else {
                    out.push(Step {
                        name: std::mem::take(&mut name),
                        key,
                    });
                }
                i = j + 1;
            }
            _ => {
                let start = i;
                while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                    i += 1;
                }
                name.push_str(&s[start..i]);
            }
        }
    }
    if !name.is_empty() {
        out.push(Step { name, key: None });
    }
    out
}

/// The module calls of a module address (`module.a[0].module.b` →
/// `["a", "b"]`). Also reads the older form without `module.` (`a.b`), used
/// by format 0.1 in provider configuration keys.
pub fn module_path(module_address: &str) -> Vec<String> {
    let st = steps(module_address);
    if st.first().is_some_and(|s| s.name == "module") {
        st.chunks(2)
            .filter(|c| c.len() == 2 && c[0].name == "module")
            .map(|c| c[1].name.clone())
            .collect()
    } else {
        st.into_iter().map(|s| s.name).collect()
    }
}

/// `module.a.module.b` for `["a", "b"]`.
pub fn module_address(path: &[String]) -> String {
    path.iter()
        .map(|m| format!("module.{m}"))
        .collect::<Vec<_>>()
        .join(".")
}

/// The module part of a resource instance address
/// (`module.a["x"].aws_s3_bucket.b[0]` → `module.a["x"]`).
pub fn module_of(address: &str) -> String {
    let st = steps(address);
    let mut n = 0;
    while n + 1 < st.len() && st[n].name == "module" {
        n += 2;
    }
    if n == 0 {
        return String::new();
    }
    // Cut the text at the start of the first step after the modules: count
    // dots outside brackets.
    let mut seen = 0;
    let mut depth = 0;
    let mut in_str = false;
    for (i, c) in address.char_indices() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth -= 1,
            '.' if depth == 0 && !in_str => {
                seen += 1;
                if seen == n {
                    return address[..i].to_string();
                }
            }
            _ => {}
        }
    }
    address.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_module_paths() {
        let s = steps(r#"module.a["x.y"].module.b[2].aws_s3_bucket.c["k"]"#);
        let names: Vec<_> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["module", "a", "module", "b", "aws_s3_bucket", "c"]);
        assert_eq!(s[1].key, Some(Json::from("x.y")));
        assert_eq!(s[3].key, Some(Json::from(2)));
        assert_eq!(module_path(r#"module.a["x.y"].module.b[2]"#), ["a", "b"]);
        assert_eq!(module_path("a.b"), ["a", "b"]);
        assert_eq!(module_path(""), Vec::<String>::new());
        assert_eq!(
            module_of(r#"module.a["x.y"].module.b[2].aws_s3_bucket.c["k"]"#),
            r#"module.a["x.y"].module.b[2]"#
        );
        assert_eq!(module_of("aws_s3_bucket.c[0]"), "");
        assert_eq!(
            module_address(&["a".into(), "b".into()]),
            "module.a.module.b"
        );
        let r = steps("aws_instance.web[*].id");
        assert_eq!(r[1].key, None);
        assert_eq!(r[2].name, "id");
    }
}
