//! Loading a chart from a directory or a `.tgz`, as Helm's `loader` does.
//!
//! Faithful to Helm: a directory's `.helmignore` (plus `templates/.?*`) filters
//! files; a UTF-8 BOM is dropped; `Chart.yaml` without `apiVersion` is v1;
//! `requirements.yaml` gives a v1 chart its dependencies; files under
//! `templates/` are templates, `charts/X/` and `charts/X.tgz` are subcharts
//! (names starting with `_` or `.` are skipped), everything else but
//! `Chart.yaml`, `Chart.lock`, `values.yaml`, `values.schema.json`,
//! `requirements.yaml` and `requirements.lock` is in `.Files`. Archive entries
//! lose their first path component. Subcharts are sorted by directory name
//! (Helm's order is a Go map's, i.e. unspecified).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::ignore::Rules;
use super::{yaml, Chart, Dependency, Error, File, Metadata};
use crate::value::Value;

/// Helm's limit on a decompressed archive.
const MAX_DECOMPRESSED: u64 = 100 * 1024 * 1024;

struct BufferedFile {
    name: String,
    data: Vec<u8>,
}

/// Loads a chart directory or packaged chart (`.tgz`).
pub fn load(path: &Path) -> Result<Chart, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::load(path, e.to_string()))?;
    if meta.is_dir() {
        load_dir(path)
    } else {
        let data = std::fs::read(path).map_err(|e| Error::load(path, e.to_string()))?;
        load_archive(&data).map_err(|e| Error::load(path, e))
    }
}

fn load_dir(dir: &Path) -> Result<Chart, Error> {
    if !dir.join("Chart.yaml").is_file() {
        return Err(Error::load(
            dir,
            "Chart.yaml file is missing; a chart directory holds Chart.yaml".into(),
        ));
    }
    let mut rules = match std::fs::read_to_string(dir.join(".helmignore")) {
        Ok(text) => Rules::parse(&text).map_err(|e| Error::load(dir, e))?,
        Err(_) => Rules::default(),
    };
    rules.add_defaults();
    let mut files = Vec::new();
    walk(dir, "", &rules, &mut files, 0).map_err(|e| Error::load(dir, e))?;
    load_files(files).map_err(|e| Error::load(dir, e))
}

fn walk(
    dir: &Path,
    rel: &str,
    rules: &Rules,
    out: &mut Vec<BufferedFile>,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Err(format!(
            "{rel}: directories nested too deep (symlink loop?)"
        ));
    }
    let mut entries: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();
    for (name, path) in entries {
        let n = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let meta = std::fs::metadata(&path).map_err(|e| format!("{n}: {e}"))?;
        if meta.is_dir() {
            if rules.ignore(&n, true) {
                continue;
            }
            walk(&path, &n, rules, out, depth + 1)?;
            continue;
        }
        if rules.ignore(&n, false) {
            continue;
        }
        if !meta.is_file() {
            return Err(format!(
                "cannot load irregular file {} as it has file mode type bits set",
                path.display()
            ));
        }
        let data = std::fs::read(&path).map_err(|e| format!("{n}: {e}"))?;
        out.push(BufferedFile {
            name: n,
            data: strip_bom(data),
        });
    }
    Ok(())
}

fn strip_bom(data: Vec<u8>) -> Vec<u8> {
    match data.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => data,
    }
}

/// Loads a packaged chart (gzip'd tar) from memory.
pub fn load_archive(data: &[u8]) -> Result<Chart, String> {
    let gz = flate2::read::GzDecoder::new(data);
    let mut ar = tar::Archive::new(gz.take(MAX_DECOMPRESSED));
    let mut files = Vec::new();
    let entries = ar
        .entries()
        .map_err(|e| format!("cannot read the chart archive: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("cannot read the chart archive: {e}"))?;
        let kind = entry.header().entry_type();
        if !kind.is_file() {
            continue;
        }
        let path = entry
            .path()
            .map_err(|e| format!("bad path in the chart archive: {e}"))?
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() == 1 && parts[0] == "Chart.yaml" {
            return Err("chart yaml not in base directory".into());
        }
        let n = parts[1..].join("/");
        if n.is_empty() {
            continue;
        }
        if parts[1..].contains(&"..") {
            return Err(format!(
                "chart illegally contains content outside the base directory: {path:?}"
            ));
        }
        let mut buf = Vec::new();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read {path} in the chart archive: {e}"))?;
        files.push(BufferedFile {
            name: n,
            data: strip_bom(buf),
        });
    }
    if files.is_empty() {
        return Err("no files in chart archive".into());
    }
    load_files(files)
}

/// Helm's `Metadata.Validate` essentials.
fn validate(md: &Metadata) -> Result<(), String> {
    if md.api_version.is_empty() {
        return Err("validation: chart.metadata.apiVersion is required".into());
    }
    if md.name.is_empty() {
        return Err("validation: chart.metadata.name is required".into());
    }
    if md.name.contains('/') || md.name.contains('\\') || md.name == "." || md.name == ".." {
        return Err(format!(
            "validation: chart.metadata.name {:?} is invalid",
            md.name
        ));
    }
    if md.version.is_empty() {
        return Err("validation: chart.metadata.version is required".into());
    }
    if !matches!(md.chart_type.as_str(), "" | "application" | "library") {
        return Err("validation: chart.metadata.type must be application or library".into());
    }
    Ok(())
}

fn load_files(files: Vec<BufferedFile>) -> Result<Chart, String> {
    let mut metadata: Option<Metadata> = None;
    let mut requirements: Option<Vec<Dependency>> = None;
    let mut values = None;
    let mut values_text = None;
    let mut schema = None;
    let mut templates = Vec::new();
    let mut other = Vec::new();
    let mut subcharts: BTreeMap<String, Vec<BufferedFile>> = BTreeMap::new();
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" => {
                let text = String::from_utf8_lossy(&f.data);
                let mut md: Metadata = yaml_serde::from_str(&text)
                    .map_err(|e| format!("cannot load Chart.yaml: {e}"))?;
                if md.api_version.is_empty() {
                    md.api_version = "v1".into();
                }
                metadata = Some(md);
            }
            "Chart.lock" | "requirements.lock" => {}
            "values.yaml" => {
                let text = String::from_utf8_lossy(&f.data).into_owned();
                let v = yaml::parse_values(&text)
                    .map_err(|e| format!("cannot load values.yaml: {e}"))?;
                values = Some(v);
                values_text = Some(text);
            }
            "values.schema.json" => schema = Some(f.data),
            "requirements.yaml" => {
                #[derive(serde::Deserialize, Default)]
                struct Req {
                    #[serde(default)]
                    dependencies: Vec<Dependency>,
                }
                let text = String::from_utf8_lossy(&f.data);
                let r: Req = if text.trim().is_empty() {
                    Req::default()
                } else {
                    yaml_serde::from_str(&text)
                        .map_err(|e| format!("cannot load requirements.yaml: {e}"))?
                };
                requirements = Some(r.dependencies);
                other.push(File {
                    name: f.name,
                    data: f.data,
                });
            }
            n if n.starts_with("templates/") => templates.push(File {
                name: f.name,
                data: f.data,
            }),
            n if n.starts_with("charts/") => {
                if n.ends_with(".prov") {
                    other.push(File {
                        name: f.name,
                        data: f.data,
                    });
                    continue;
                }
                let fname = &n["charts/".len()..];
                let cname = fname.split('/').next().unwrap_or(fname).to_string();
                subcharts.entry(cname).or_default().push(BufferedFile {
                    name: fname.to_string(),
                    data: f.data,
                });
            }
            _ => other.push(File {
                name: f.name,
                data: f.data,
            }),
        }
    }
    let mut metadata = metadata.ok_or_else(|| "Chart.yaml file is missing".to_string())?;
    if metadata.api_version == "v1" {
        if let Some(reqs) = requirements {
            metadata.dependencies = reqs;
        }
    }
    validate(&metadata)?;
    let mut dependencies = Vec::new();
    for (n, files) in subcharts {
        if n.starts_with('_') || n.starts_with('.') {
            continue;
        }
        let sub = if n.ends_with(".tgz") {
            match files.iter().find(|f| f.name == n) {
                Some(f) => load_archive(&f.data),
                None => Err(format!("expected {n}")),
            }
        } else {
            let buff: Vec<BufferedFile> = files
                .into_iter()
                .filter_map(|f| {
                    f.name.split_once('/').map(|(_, rest)| BufferedFile {
                        name: rest.to_string(),
                        data: f.data,
                    })
                })
                .collect();
            load_files(buff)
        };
        let sub =
            sub.map_err(|e| format!("error unpacking subchart {n} in {}: {e}", metadata.name))?;
        dependencies.push(sub);
    }
    let values = match values {
        Some(Value::Map(m)) => m,
        _ => super::values::new_map(),
    };
    Ok(Chart {
        metadata,
        values,
        values_text,
        schema,
        templates,
        files: other,
        dependencies,
        parent_path: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tgz(entries: &[(&str, &str)]) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        for (name, text) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(text.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            tar.append_data(&mut h, name, text.as_bytes()).unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn archives_lose_their_top_directory() {
        let data = tgz(&[
            (
                "mychart/Chart.yaml",
                "apiVersion: v2\nname: mychart\nversion: 1.0.0\n",
            ),
            ("mychart/values.yaml", "\u{feff}a: 1\n"),
            ("mychart/templates/x.yaml", "x: 1\n"),
            ("mychart/files/f.txt", "hi\n"),
            (
                "mychart/charts/sub/Chart.yaml",
                "name: sub\nversion: 0.1.0\n",
            ),
            (
                "mychart/charts/_skipped/Chart.yaml",
                "name: nope\nversion: 0.1.0\n",
            ),
        ]);
        let c = load_archive(&data).unwrap();
        assert_eq!(c.metadata.name, "mychart");
        assert_eq!(c.templates[0].name, "templates/x.yaml");
        assert_eq!(c.files.len(), 1);
        assert_eq!(c.files[0].name, "files/f.txt");
        assert_eq!(c.dependencies.len(), 1, "_skipped is not a subchart");
        assert_eq!(
            c.dependencies[0].metadata.api_version, "v1",
            "no apiVersion: v1"
        );
        assert_eq!(
            c.values.borrow().get("a"),
            Some(&Value::Float(1.0)),
            "BOM dropped, numbers are float64"
        );
    }

    #[test]
    fn archive_errors_as_helm_words_them() {
        let data = tgz(&[("Chart.yaml", "name: x\nversion: 1.0.0\n")]);
        assert_eq!(
            load_archive(&data).unwrap_err(),
            "chart yaml not in base directory"
        );
        let data = tgz(&[("c/values.yaml", "a: 1\n")]);
        assert_eq!(
            load_archive(&data).unwrap_err(),
            "Chart.yaml file is missing"
        );
        let data = tgz(&[("c/Chart.yaml", "apiVersion: v2\nname: c\n")]);
        assert_eq!(
            load_archive(&data).unwrap_err(),
            "validation: chart.metadata.version is required"
        );
        assert!(load_archive(b"not gzip").is_err());
    }
}
