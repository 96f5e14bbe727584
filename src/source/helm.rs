//! Helm charts: a chart directory renders natively (crate `plumb-helm`) into
//! one output per template, each loaded like a manifest, with every span
//! mapped back to the template line that produced it.
//!
//! Mapping: the rendered text remembers, for each chunk of output, the
//! template node that wrote it ([`plumb_helm::template::Locator`]).
//! Literal template text maps to its exact line and column; a value written by
//! an action (`{{ .Values.replicas }}`) maps to the action. Output written by
//! an `include`d definition in another file (`_helpers.tpl`) maps to the
//! `include` in the template being rendered, so every finding on a resource
//! lands in the file that produced the resource.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use plumb_helm::chart::{self as hchart, RenderErrorKind, RenderOptions};
use plumb_helm::template::{Locator, Rendered};

use super::span::{Pos, Span};
use super::yaml::{self, Node, Value};
use super::{k8s, ParseProblem};
use crate::model::Resource;

/// One template of a chart, rendered and loaded.
#[derive(Debug)]
pub struct Template {
    /// The template file (inside the chart directory; for a template of a
    /// `.tgz` dependency, a path inside the archive, not on disk).
    pub path: PathBuf,
    pub on_disk: bool,
    /// The template's own text (what excerpts show).
    pub text: Arc<str>,
    pub resources: Vec<Resource>,
    pub problems: Vec<ParseProblem>,
}

/// A chart's templates, and a note for `--verbose`.
#[derive(Debug, Default)]
pub struct Chart {
    pub files: Vec<Template>,
    pub note: Option<String>,
}

/// Renders the chart in `dir` with `opts` and loads what it renders. Never
/// fails: a chart that cannot be loaded or a template that does not render
/// becomes a problem on the file at fault, and the other templates load.
pub fn load_chart(dir: &Path, opts: &RenderOptions) -> Chart {
    // Keys a chart generates (`genCA`, `genPrivateKey`) never change a
    // finding; making a new 4,096-bit RSA key per call cost seconds per chart.
    plumb_helm::funcs::certs::reuse_generated_keys(true);
    let chart = match hchart::load(dir) {
        Ok(c) => c,
        Err(e) => {
            let (path, message) = match &e {
                hchart::Error::Load { path, message } => (path.clone(), message.clone()),
                other => (dir.join("Chart.yaml"), other.to_string()),
            };
            let path = if path.is_dir() {
                path.join("Chart.yaml")
            } else {
                path
            };
            return Chart {
                files: vec![problem_file(
                    path,
                    Pos::new(1, 1),
                    format!("{message}; the chart was not rendered, fix it and run again"),
                )],
                note: None,
            };
        }
    };
    let sources = template_sources(&chart);
    let out = hchart::render(&chart, opts);
    let root = chart.name().to_string();
    let mut files: Vec<Template> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // The file behind a Helm template name (`shop/charts/db/templates/x.yaml`).
    let mut file_for = |name: &str, files: &mut Vec<Template>| -> usize {
        if let Some(&i) = index.get(name) {
            return i;
        }
        let rel = name.strip_prefix(&format!("{root}/")).unwrap_or(name);
        let path = dir.join(rel);
        let on_disk = path.is_file();
        let text: Arc<str> = match sources.get(name) {
            Some(t) => Arc::from(t.as_str()),
            None => read_text(&path),
        };
        files.push(Template {
            path,
            on_disk,
            text,
            resources: Vec::new(),
            problems: Vec::new(),
        });
        index.insert(name.to_string(), files.len() - 1);
        files.len() - 1
    };
    for t in &out.templates {
        let i = file_for(&t.name, &mut files);
        let stream = yaml::parse_stream(&t.rendered.text);
        let map = Mapper::new(&t.rendered, &t.name);
        for d in stream.diagnostics {
            files[i].problems.push(ParseProblem {
                span: map.span(d.span),
                message: format!(
                    "the rendered output is not valid YAML: {}",
                    d.message
                        .trim_end_matches("; the document was skipped, fix the YAML syntax")
                ) + "; the document was skipped, fix the template",
            });
        }
        let mut documents = stream.documents;
        for d in &mut documents {
            map.node(&mut d.root);
        }
        k8s::load_in(0, documents, &opts.namespace, &mut files[i].resources);
    }
    for e in &out.errors {
        let name = if e.file.is_empty() {
            format!("{root}/Chart.yaml")
        } else {
            e.file.clone()
        };
        let i = file_for(&name, &mut files);
        let pos = Pos::new(e.line.max(1), e.col.max(1));
        let what = match e.kind {
            RenderErrorKind::Parse => "the template does not parse",
            RenderErrorKind::Exec => "the template failed",
            RenderErrorKind::Fail => "the chart refused to render",
            RenderErrorKind::Schema => "the values do not match values.schema.json",
            RenderErrorKind::Yaml => "the rendered output is not valid YAML",
            RenderErrorKind::Values => "the values cannot be used",
        };
        let hint = match e.kind {
            RenderErrorKind::Fail | RenderErrorKind::Schema | RenderErrorKind::Values => {
                "set the values it needs (plumb.yaml `helm:` values or set, or --values/--set)"
            }
            _ => "fix the template",
        };
        files[i].problems.push(ParseProblem {
            span: Span::at(pos),
            message: format!("{what}: {}; {hint}", e.message),
        });
    }
    let rendered = out.templates.len();
    Chart {
        note: Some(format!(
            "Helm chart rendered natively ({rendered} template{})",
            if rendered == 1 { "" } else { "s" }
        )),
        files,
    }
}

/// A file's text for excerpts ("" when it cannot be read).
fn read_text(path: &Path) -> Arc<str> {
    std::fs::read(path)
        .map(|b| Arc::from(super::decode_text(&b)))
        .unwrap_or_else(|_| Arc::from(""))
}

/// A chart that could not be loaded: one file holding the problem.
fn problem_file(path: PathBuf, pos: Pos, message: String) -> Template {
    let on_disk = path.is_file();
    let text = read_text(&path);
    Template {
        path,
        on_disk,
        text,
        resources: Vec::new(),
        problems: vec![ParseProblem {
            span: Span::at(pos),
            message,
        }],
    }
}

/// The text of every template of a chart and its dependencies, by the name
/// Helm gives it (`root/templates/x.yaml`, `root/charts/sub/templates/y.yaml`).
fn template_sources(chart: &hchart::Chart) -> HashMap<String, String> {
    fn walk(c: &hchart::Chart, prefix: &str, out: &mut HashMap<String, String>) {
        let base = format!("{prefix}{}", c.name());
        for t in &c.templates {
            out.insert(
                format!("{base}/{}", t.name),
                String::from_utf8_lossy(&t.data).into_owned(),
            );
        }
        for d in &c.dependencies {
            walk(d, &format!("{base}/charts/"), out);
        }
    }
    let mut out = HashMap::new();
    walk(chart, "", &mut out);
    out
}

/// Maps positions in a rendered output to positions in its template.
struct Mapper<'a> {
    locator: Locator<'a>,
    template: &'a str,
}

impl<'a> Mapper<'a> {
    fn new(rendered: &'a Rendered, template: &'a str) -> Self {
        Mapper {
            locator: Locator::new(rendered),
            template,
        }
    }

    fn pos(&self, p: Pos) -> Pos {
        let offset = self.locator.offset_of(p.line, p.col);
        let Some((pos, call_site)) = self.locator.position_at(offset) else {
            return Pos::new(1, 1);
        };
        let at = if &*pos.template == self.template {
            pos
        } else {
            match call_site {
                Some(c) => c,
                None => pos,
            }
        };
        Pos::new(at.line.max(1), at.col.max(1))
    }

    fn span(&self, s: Span) -> Span {
        let start = self.pos(s.start);
        let end = self.pos(s.end);
        Span::new(start, if end < start { start } else { end })
    }

    fn node(&self, n: &mut Node) {
        n.span = self.span(n.span);
        match &mut n.value {
            Value::Seq(items) => items.iter_mut().for_each(|i| self.node(i)),
            Value::Map(entries) => {
                for e in entries {
                    e.key_span = self.span(e.key_span);
                    self.node(&mut e.value);
                }
            }
            _ => {}
        }
    }
}
