//! The Go objects Helm puts in a template's data: `.Files` (`engine.files`) and
//! `.Capabilities` (`*common.Capabilities` with `KubeVersion`, `APIVersions` and
//! `HelmVersion`), with the fields, methods and `%v` printing Helm v4 has.
//! (`.Chart`, `.Release`, `.Template`, `.Values` and `.Subcharts` are plain maps
//! in Helm v4, and so they are here.)

use std::collections::BTreeMap;
use std::rc::Rc;

use super::yaml::string_map_to_yaml;
use crate::value::{FuncResult, Object, Value};

/// `.Files`: the chart's non-template files by path.
#[derive(Clone, Debug, Default)]
pub struct Files {
    pub files: Rc<BTreeMap<String, Rc<[u8]>>>,
}

fn str_arg(method: &str, args: &[Value]) -> Result<String, String> {
    match args {
        [Value::Str(s)] => Ok(s.to_string()),
        [other] => Err(format!(
            "wrong type for value; expected string; got {}",
            go_type_name(other)
        )),
        _ => Err(format!(
            "wrong number of args for {method}: want 1 got {}",
            args.len()
        )),
    }
}

fn go_type_name(v: &Value) -> String {
    crate::template::fmt::type_name(v)
}

/// Go's `path.Base`.
fn base(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "." } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

fn bytes_list(b: &[u8]) -> Value {
    Value::list(b.iter().map(|x| Value::Int(*x as i64)).collect())
}

/// Standard base64 with padding (Go's `base64.StdEncoding`).
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

impl Files {
    /// `.Files.Get`: the file's text ("" when absent).
    pub fn get(&self, name: &str) -> String {
        self.files
            .get(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// `.Files.Glob`: the files whose path matches a gobwas/glob pattern with `/`
    /// as separator (`*` within a segment, `**` across, `?`, `[...]`, `{a,b}`).
    pub fn glob(&self, pattern: &str) -> Files {
        let files = self
            .files
            .iter()
            .filter(|(name, _)| glob_match(pattern, name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Files {
            files: Rc::new(files),
        }
    }

    /// `.Files.Lines`: the file split at newlines (one final newline dropped).
    pub fn lines(&self, name: &str) -> Vec<String> {
        match self.files.get(name) {
            None => Vec::new(),
            Some(b) => {
                let s = String::from_utf8_lossy(b);
                let s = s.strip_suffix('\n').unwrap_or(&s);
                s.split('\n').map(str::to_string).collect()
            }
        }
    }

    /// `.Files.AsConfig`: YAML of base name to text.
    pub fn as_config(&self) -> String {
        let m: BTreeMap<String, String> = self
            .files
            .iter()
            .map(|(k, v)| (base(k).to_string(), String::from_utf8_lossy(v).into_owned()))
            .collect();
        string_map_to_yaml(&m)
    }

    /// `.Files.AsSecrets`: YAML of base name to base64 of the content.
    pub fn as_secrets(&self) -> String {
        let m: BTreeMap<String, String> = self
            .files
            .iter()
            .map(|(k, v)| (base(k).to_string(), base64(v)))
            .collect();
        string_map_to_yaml(&m)
    }
}

impl Object for Files {
    fn type_name(&self) -> String {
        "engine.files".into()
    }

    /// `files` is a Go map type: an empty one (a `Glob` that matched
    /// nothing) is false.
    fn truthy(&self) -> bool {
        !self.files.is_empty()
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        let r = match name {
            "Get" => str_arg(name, args).map(|p| Value::str(self.get(&p))),
            "GetBytes" => str_arg(name, args).map(|p| {
                self.files
                    .get(&p)
                    .map(|b| bytes_list(b))
                    .unwrap_or_else(|| Value::list(Vec::new()))
            }),
            "Glob" => str_arg(name, args).map(|p| Value::Object(Rc::new(self.glob(&p)))),
            "Lines" => str_arg(name, args)
                .map(|p| Value::list(self.lines(&p).into_iter().map(Value::from).collect())),
            "AsConfig" | "AsSecrets" if !args.is_empty() => Err(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            )),
            "AsConfig" => Ok(Value::str(self.as_config())),
            "AsSecrets" => Ok(Value::str(self.as_secrets())),
            _ => return None,
        };
        Some(r)
    }

    fn display(&self) -> String {
        let parts: Vec<String> = self
            .files
            .iter()
            .map(|(k, v)| format!("{k}:{}", bytes_list(v)))
            .collect();
        format!("map[{}]", parts.join(" "))
    }

    /// Path to content, as text. What templates do with a file's `[]byte`
    /// (`range $path, $bytes := .Files.Glob ...` then `$bytes | toString` or
    /// `printf "%s"`) gives its text, as here; Go differs where the bytes
    /// themselves show (`{{ $bytes }}` prints `[104 105]`, `toJson` base64).
    fn to_data(&self) -> Value {
        Value::map(
            self.files
                .iter()
                .map(|(k, v)| (k.clone(), Value::str(String::from_utf8_lossy(v))))
                .collect(),
        )
    }
}

/// gobwas/glob matching with `/` as the separator, as `.Files.Glob` uses:
/// `{a,b}` alternatives (at most 256 expansions), then each alternative matched
/// in O(pattern × name) time.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let mut alts = Vec::new();
    expand_braces(pattern, &mut alts);
    let n: Vec<char> = name.chars().collect();
    alts.iter().any(|a| {
        let p: Vec<char> = a.chars().collect();
        glob_dp(&p, &n)
    })
}

fn expand_braces(pattern: &str, out: &mut Vec<String>) {
    const MAX: usize = 256;
    if out.len() >= MAX {
        return;
    }
    let Some(open) = pattern.find('{') else {
        out.push(pattern.to_string());
        return;
    };
    let Some(close_rel) = pattern[open..].find('}') else {
        out.push(pattern.to_string());
        return;
    };
    let close = open + close_rel;
    let (pre, alts, post) = (
        &pattern[..open],
        &pattern[open + 1..close],
        &pattern[close + 1..],
    );
    for alt in alts.split(',') {
        expand_braces(&format!("{pre}{alt}{post}"), out);
        if out.len() >= MAX {
            return;
        }
    }
}

/// One pattern element.
enum Tok {
    /// `**`: any characters.
    Any,
    /// `*`: any characters but `/`.
    Star,
    /// `?`: one character but `/`.
    One,
    /// `[...]` (negated, ranges).
    Class(bool, Vec<(char, char)>),
    Lit(char),
}

fn tokens(p: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '*' if p.get(i + 1) == Some(&'*') => {
                out.push(Tok::Any);
                i += 2;
            }
            '*' => {
                out.push(Tok::Star);
                i += 1;
            }
            '?' => {
                out.push(Tok::One);
                i += 1;
            }
            '[' => match p[i..].iter().position(|c| *c == ']') {
                Some(len) => {
                    let class = &p[i + 1..i + len];
                    let (neg, class) = match class.first() {
                        Some('!') | Some('^') => (true, &class[1..]),
                        _ => (false, class),
                    };
                    let mut ranges = Vec::new();
                    let mut j = 0;
                    while j < class.len() {
                        if j + 2 < class.len() && class[j + 1] == '-' {
                            ranges.push((class[j], class[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((class[j], class[j]));
                            j += 1;
                        }
                    }
                    out.push(Tok::Class(neg, ranges));
                    i += len + 1;
                }
                None => {
                    out.push(Tok::Lit('['));
                    i += 1;
                }
            },
            '\\' if i + 1 < p.len() => {
                out.push(Tok::Lit(p[i + 1]));
                i += 2;
            }
            c => {
                out.push(Tok::Lit(c));
                i += 1;
            }
        }
    }
    out
}

fn glob_dp(p: &[char], n: &[char]) -> bool {
    let toks = tokens(p);
    // reach[j]: the tokens so far can match n[..j].
    let mut reach = vec![false; n.len() + 1];
    reach[0] = true;
    for t in &toks {
        let mut next = vec![false; n.len() + 1];
        match t {
            Tok::Any => {
                let mut on = false;
                for j in 0..=n.len() {
                    on |= reach[j];
                    next[j] = on;
                }
            }
            Tok::Star => {
                let mut on = false;
                for j in 0..=n.len() {
                    if j > 0 && n[j - 1] == '/' {
                        on = false;
                    }
                    on |= reach[j];
                    next[j] = on;
                }
            }
            _ => {
                for j in 0..n.len() {
                    if !reach[j] {
                        continue;
                    }
                    let c = n[j];
                    let ok = match t {
                        Tok::One => c != '/',
                        Tok::Class(neg, ranges) => {
                            ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *neg
                        }
                        Tok::Lit(l) => *l == c,
                        Tok::Any | Tok::Star => false,
                    };
                    next[j + 1] = ok;
                }
            }
        }
        reach = next;
    }
    reach[n.len()]
}

/// `.Capabilities.KubeVersion`.
#[derive(Clone, Debug)]
pub struct KubeVersion {
    pub version: String,
    pub major: String,
    pub minor: String,
    pub git_version: String,
}

impl KubeVersion {
    /// Helm's default for `helm template` (the client library's Kubernetes version).
    pub fn default_version() -> KubeVersion {
        KubeVersion {
            version: "v1.35.0".into(),
            major: "1".into(),
            minor: "35".into(),
            git_version: "v1.35.0".into(),
        }
    }

    /// Parses `--kube-version` as Helm does (Kubernetes' generic version parser:
    /// an optional `v`, at least two dot-separated numbers, anything after is kept
    /// only in `GitVersion`).
    pub fn parse(text: &str) -> Result<KubeVersion, String> {
        let bad = || format!("invalid kube version '{text}': could not parse {text:?} as version");
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let numbers = &t[..end];
        if numbers.is_empty() || !numbers.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(bad());
        }
        let numbers = numbers.trim_end_matches('.');
        let comps: Vec<&str> = numbers.split('.').collect();
        if comps.len() < 2 || comps.iter().any(|c| c.is_empty()) {
            return Err(format!(
                "invalid kube version '{text}': illegal version string {text:?}"
            ));
        }
        let nums: Result<Vec<u64>, _> = comps.iter().map(|c| c.parse::<u64>()).collect();
        let nums = nums.map_err(|_| bad())?;
        let version = format!(
            "v{}",
            nums.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(".")
        );
        let git_version = if text.starts_with('v') {
            text.to_string()
        } else {
            format!("v{text}")
        };
        Ok(KubeVersion {
            version,
            major: nums[0].to_string(),
            minor: nums[1].to_string(),
            git_version,
        })
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        "common.KubeVersion".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::str(match name {
            "Version" => &self.version,
            "Major" => &self.major,
            "Minor" => &self.minor,
            "GitVersion" => &self.git_version,
            _ => return None,
        }))
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        match name {
            "String" if args.is_empty() => Some(Ok(Value::str(&self.version))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        self.version.clone()
    }
    fn to_data(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("Version".into(), Value::str(&self.version));
        m.insert("Major".into(), Value::str(&self.major));
        m.insert("Minor".into(), Value::str(&self.minor));
        Value::map(m)
    }
}

/// `.Capabilities.APIVersions` (`common.VersionSet`).
#[derive(Clone, Debug)]
pub struct VersionSet(pub Vec<String>);

/// The API versions `helm template` v4.1.4 knows without a cluster (printed by
/// `{{ range .Capabilities.APIVersions }}`), in its order.
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

impl Object for VersionSet {
    fn type_name(&self) -> String {
        "common.VersionSet".into()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        match name {
            "Has" => Some(str_arg(name, args).map(|v| Value::Bool(self.0.contains(&v)))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        format!("[{}]", self.0.join(" "))
    }
    fn to_data(&self) -> Value {
        Value::list(self.0.iter().map(Value::str).collect())
    }
}

/// `.Capabilities.HelmVersion`: the Helm release plumb renders like.
#[derive(Clone, Debug)]
pub struct HelmVersion;

const HELM_VERSION: [(&str, &str, &str); 5] = [
    ("Version", "version", "v4.1.4"),
    (
        "GitCommit",
        "git_commit",
        "05fa37973dc9e42b76e1d2883494c87174b6074f",
    ),
    ("GitTreeState", "git_tree_state", "clean"),
    ("GoVersion", "go_version", "go1.25.9"),
    ("KubeClientVersion", "kube_client_version", "v1.35"),
];

impl Object for HelmVersion {
    fn type_name(&self) -> String {
        "version.BuildInfo".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        HELM_VERSION
            .iter()
            .find(|(f, _, _)| *f == name)
            .map(|(_, _, v)| Value::str(v))
    }
    fn display(&self) -> String {
        let vals: Vec<&str> = HELM_VERSION.iter().map(|(_, _, v)| *v).collect();
        format!("{{{}}}", vals.join(" "))
    }
    fn to_data(&self) -> Value {
        Value::map(
            HELM_VERSION
                .iter()
                .map(|(_, k, v)| (k.to_string(), Value::str(v)))
                .collect(),
        )
    }
}

/// `.Capabilities`.
#[derive(Clone, Debug)]
pub struct Capabilities {
    pub kube_version: KubeVersion,
    pub api_versions: VersionSet,
}

impl Capabilities {
    /// `helm template`'s capabilities: the given (or default) Kubernetes version,
    /// and the default API versions followed by `extra` (`--api-versions`).
    pub fn new(kube_version: Option<KubeVersion>, extra: &[String]) -> Capabilities {
        let mut versions: Vec<String> =
            DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect();
        versions.extend(extra.iter().cloned());
        Capabilities {
            kube_version: kube_version.unwrap_or_else(KubeVersion::default_version),
            api_versions: VersionSet(versions),
        }
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> String {
        "*common.Capabilities".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(Rc::new(self.kube_version.clone()))),
            "APIVersions" => Some(Value::Object(Rc::new(self.api_versions.clone()))),
            "HelmVersion" => Some(Value::Object(Rc::new(HelmVersion))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        let k = &self.kube_version;
        format!(
            "{{{{{} {} {} {}}} {} {}}}",
            k.version,
            k.git_version,
            k.major,
            k.minor,
            self.api_versions.display(),
            HelmVersion.display()
        )
    }
    fn to_data(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("KubeVersion".into(), self.kube_version.to_data());
        m.insert("APIVersions".into(), self.api_versions.to_data());
        m.insert("HelmVersion".into(), HelmVersion.to_data());
        Value::map(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[(&str, &str)]) -> Files {
        Files {
            files: Rc::new(
                names
                    .iter()
                    .map(|(k, v)| (k.to_string(), Rc::from(v.as_bytes())))
                    .collect(),
            ),
        }
    }

    #[test]
    fn kube_versions_as_helm_parses_them() {
        // From helm v4.1.4: `--kube-version X` then `.Capabilities.KubeVersion.*`.
        let k = KubeVersion::parse("1.29.3").unwrap();
        assert_eq!(
            (k.version.as_str(), k.major.as_str(), k.minor.as_str()),
            ("v1.29.3", "1", "29")
        );
        let k = KubeVersion::parse("v1.30").unwrap();
        assert_eq!(
            (k.version.as_str(), k.git_version.as_str()),
            ("v1.30", "v1.30")
        );
        let k = KubeVersion::parse("1.31.2-gke.100").unwrap();
        assert_eq!(
            (k.version.as_str(), k.git_version.as_str()),
            ("v1.31.2", "v1.31.2-gke.100")
        );
        assert_eq!(
            KubeVersion::parse("foo").unwrap_err(),
            "invalid kube version 'foo': could not parse \"foo\" as version"
        );
    }

    #[test]
    fn files_methods() {
        let f = files(&[
            ("files/a.txt", "hello\n"),
            ("files/b/c.txt", "x\ny"),
            ("crds/c.yaml", "k"),
        ]);
        assert_eq!(f.get("files/a.txt"), "hello\n");
        assert_eq!(f.get("nope"), "");
        assert_eq!(f.lines("files/a.txt"), vec!["hello"]);
        assert_eq!(f.lines("files/b/c.txt"), vec!["x", "y"]);
        let g = f.glob("files/*");
        assert_eq!(g.files.keys().collect::<Vec<_>>(), vec!["files/a.txt"]);
        let g = f.glob("files/**");
        assert_eq!(g.files.len(), 2);
        let g = f.glob("{crds,files}/*.{yaml,txt}");
        assert_eq!(g.files.len(), 2);
        assert_eq!(f.glob("files/?.txt").files.len(), 1);
        assert_eq!(f.glob("files/[a-b].txt").files.len(), 1);
        assert_eq!(f.glob("files/[!a].txt").files.len(), 0);
        assert_eq!(f.glob("**.txt").files.len(), 2);
        assert_eq!(f.glob("*").files.len(), 0, "* stops at /");
        // Many stars on a long name stay fast.
        let long = format!("{}b", "a".repeat(5000));
        let many = "**a".repeat(40);
        assert!(glob_match(&many, &long[..4000]));
        assert!(!glob_match(&many, &"a".repeat(39)));
        assert!(!glob_match(&format!("{many}c"), &long));
        assert_eq!(base64(b"hello\n"), "aGVsbG8K");
        assert_eq!(base64(b"ab"), "YWI=");
    }
}
