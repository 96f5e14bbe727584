//! The `.tf` side of a plan: parse a module directory's `.tf` files with
//! `hcl-edit` (which keeps a byte span on every block, attribute and
//! expression), and its `.tf.json` files with the plan JSON parser, and
//! keep, for each `resource` block, a small located tree that an attribute
//! path of the plan's values resolves in.
//!
//! Paths are those of the plan's values (`after`), where every nested block
//! is a list: `ebs_block_device[1].encrypted` is the `encrypted` attribute of
//! the second `ebs_block_device { }` block, counted in source order.

use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span as _;

use crate::model::{Path, Resolved, Seg};
use crate::source::span::{Pos, Span};

/// A located piece of a resource block.
#[derive(Clone, Debug, PartialEq)]
pub enum HNode {
    /// A block (the resource itself, `ebs_block_device { }`, or the
    /// `content { }` of a `dynamic` block).
    Block {
        /// `resource "aws_db_instance" "main" {`: from the identifier to the
        /// opening brace.
        header: Span,
        /// Attributes in source order: name, key span, value.
        attrs: Vec<(String, Span, HNode)>,
        /// Nested blocks in source order: identifier and block.
        blocks: Vec<(String, HNode)>,
        /// `dynamic "x" { content { } }` blocks: the label and the content.
        dynamic: Vec<(String, HNode)>,
    },
    /// `{ a = 1 }`
    Object {
        span: Span,
        entries: Vec<(String, Span, HNode)>,
    },
    /// `[a, b]`
    Array { span: Span, items: Vec<HNode> },
    /// Any other expression (a literal, a reference, a function call).
    Expr { span: Span },
}

impl HNode {
    fn span(&self) -> Span {
        match self {
            HNode::Block { header, .. } => *header,
            HNode::Object { span, .. } | HNode::Array { span, .. } | HNode::Expr { span } => *span,
        }
    }

    /// The span of the block header for a block (for tests and callers that
    /// want the resource line).
    pub fn header(&self) -> Span {
        self.span()
    }

    /// Resolves `path`: the span of the value when present (the key for an
    /// object or array value, the header for a block); otherwise the span of
    /// the deepest block or key on the path that exists, the place that
    /// should hold what is missing. A path that runs into an expression
    /// (`tags = merge(...)`, `setting = var.x`) lands on that expression,
    /// which is where the value comes from: it counts as found.
    pub fn resolve(&self, path: &Path) -> Resolved {
        let mut cur = self;
        // The span to report for `cur` when the walk ends on it.
        let mut here = self.span();
        let segs = &path.0;
        let mut i = 0;
        while i < segs.len() {
            let seg = &segs[i];
            let next: Option<(&HNode, Span)> = match (cur, seg) {
                (
                    HNode::Block {
                        attrs,
                        blocks,
                        dynamic,
                        ..
                    },
                    Seg::Key(k),
                ) => {
                    if let Some((_, ks, v)) = attrs.iter().rev().find(|(n, _, _)| n == k) {
                        Some((v, value_span(v, *ks)))
                    } else {
                        // A nested block: the index that follows (if any)
                        // picks among the blocks of that name, in order.
                        let idx = match segs.get(i + 1) {
                            Some(Seg::Index(n)) => {
                                i += 1;
                                Some(*n)
                            }
                            _ => None,
                        };
                        let same: Vec<&HNode> = blocks
                            .iter()
                            .filter(|(n, _)| n == k)
                            .map(|(_, b)| b)
                            .collect();
                        let picked = match idx {
                            Some(n) => same.get(n).copied(),
                            None => same.first().copied(),
                        }
                        // Blocks made by `dynamic "k"`: its `content`.
                        .or_else(|| {
                            if same.is_empty() {
                                dynamic.iter().find(|(n, _)| n == k).map(|(_, b)| b)
                            } else {
                                None
                            }
                        });
                        picked.map(|b| (b, b.span()))
                    }
                }
                (HNode::Object { entries, .. }, Seg::Key(k)) => entries
                    .iter()
                    .rev()
                    .find(|(n, _, _)| n == k)
                    .map(|(_, ks, v)| (v, value_span(v, *ks))),
                (HNode::Array { items, .. }, Seg::Index(n)) => items.get(*n).map(|v| (v, v.span())),
                // A single nested block written as an object (JSON syntax).
                (HNode::Object { .. }, Seg::Index(0)) => Some((cur, here)),
                (HNode::Expr { span }, _) => {
                    return Resolved {
                        span: *span,
                        found: true,
                    }
                }
                _ => None,
            };
            match next {
                Some((n, s)) => {
                    cur = n;
                    here = s;
                }
                None => {
                    return Resolved {
                        span: here,
                        found: false,
                    }
                }
            }
            i += 1;
        }
        Resolved {
            span: here,
            found: true,
        }
    }
}

/// What to point at for an attribute's value: a scalar or expression
/// itself, a collection by its key (`tags = {` rather than the whole map).
fn value_span(v: &HNode, key: Span) -> Span {
    match v {
        HNode::Object { .. } | HNode::Array { .. } => key,
        other => other.span(),
    }
}

/// Byte offsets to 1-based line and code-point column.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    pub fn pos(&self, at: usize) -> Pos {
        let at = at.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let start = self.starts[line];
        let col = self.text.get(start..at).map_or(0, |s| s.chars().count());
        Pos::new(line as u32 + 1, col as u32 + 1)
    }

    pub fn span(&self, r: Option<std::ops::Range<usize>>) -> Span {
        match r {
            Some(r) => Span::new(self.pos(r.start), self.pos(r.end)),
            None => Span::default(),
        }
    }
}

fn block_node(b: &Block, lines: &Lines) -> HNode {
    let whole = b.span().unwrap_or_default();
    // The header ends at the opening brace that follows the last label.
    let after_labels = b
        .labels
        .last()
        .and_then(|l| l.span())
        .or_else(|| b.ident.span())
        .map_or(whole.start, |r| r.end);
    let brace = lines
        .text
        .get(after_labels..whole.end)
        .and_then(|s| s.find('{'))
        .map_or(after_labels, |i| after_labels + i + 1);
    let header = Span::new(lines.pos(whole.start), lines.pos(brace));
    body_node(&b.body, header, lines)
}

fn body_node(body: &Body, header: Span, lines: &Lines) -> HNode {
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    let mut dynamic = Vec::new();
    for a in body.attributes() {
        attrs.push((
            a.key.as_str().to_string(),
            lines.span(a.key.span()),
            expr_node(&a.value, lines),
        ));
    }
    for b in body.blocks() {
        let ident = b.ident.as_str();
        if ident == "dynamic" {
            if let (Some(label), Some(content)) =
                (b.labels.first(), b.body.get_blocks("content").next())
            {
                dynamic.push((label.as_str().to_string(), block_node(content, lines)));
            }
            continue;
        }
        blocks.push((ident.to_string(), block_node(b, lines)));
    }
    HNode::Block {
        header,
        attrs,
        blocks,
        dynamic,
    }
}

fn expr_node(e: &Expression, lines: &Lines) -> HNode {
    let span = lines.span(e.span());
    match e {
        Expression::Object(o) => HNode::Object {
            span,
            entries: o
                .iter()
                .filter_map(|(k, v)| {
                    let name = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.as_str().to_string(),
                        ObjectKey::Expression(_) => return None,
                    };
                    Some((name, lines.span(k.span()), expr_node(v.expr(), lines)))
                })
                .collect(),
        },
        Expression::Array(a) => HNode::Array {
            span,
            items: a.iter().map(|x| expr_node(x, lines)).collect(),
        },
        Expression::Parenthesis(p) => expr_node(p.inner(), lines),
        _ => HNode::Expr { span },
    }
}

/// One `.tf` file and the blocks plumb locates in it.
#[derive(Debug)]
pub struct TfFile {
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// A `resource` (or `data`) block: which file of the module it is in, and
/// its located tree.
#[derive(Clone, Debug)]
pub struct Located {
    /// Index into [`ModuleDir::files`].
    pub file: usize,
    pub block: Arc<HNode>,
}

/// A `locals` entry plumb can follow: a string, or another value
/// (`var.region`, `local.base`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Local {
    Str(String),
    Ref(String),
}

fn local_value(e: &Expression) -> Option<Local> {
    match e {
        Expression::String(s) => Some(Local::Str(s.as_str().to_string())),
        Expression::Parenthesis(p) => local_value(p.inner()),
        Expression::Traversal(t) => {
            let root = t.expr.as_variable()?.as_str();
            if root != "var" && root != "local" {
                return None;
            }
            match t.operators.as_slice() {
                [op] => match op.value() {
                    TraversalOperator::GetAttr(name) => {
                        Some(Local::Ref(format!("{root}.{}", name.as_str())))
                    }
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// The name of a configuration file without `.tf` or `.tf.json`; None for
/// other files.
fn stem(p: &FsPath) -> Option<&str> {
    let name = p.file_name()?.to_str()?;
    name.strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
}

/// A JSON value that holds blocks: an object, or an array of objects.
fn objects(n: &crate::source::yaml::Node) -> Vec<&crate::source::yaml::Node> {
    use crate::source::yaml::Value;
    match &n.value {
        Value::Map(_) => vec![n],
        Value::Seq(items) => items.iter().filter(|i| i.as_map().is_some()).collect(),
        _ => Vec::new(),
    }
}

fn json_block(body: &crate::source::yaml::Node, header: Span) -> HNode {
    HNode::Block {
        header,
        attrs: body
            .entries()
            .iter()
            .filter(|e| e.key != "//")
            .map(|e| (e.key.to_string(), e.key_span, json_value(&e.value)))
            .collect(),
        blocks: Vec::new(),
        dynamic: Vec::new(),
    }
}

fn json_value(n: &crate::source::yaml::Node) -> HNode {
    use crate::source::yaml::Value;
    match &n.value {
        Value::Map(entries) => HNode::Object {
            span: n.span,
            entries: entries
                .iter()
                .map(|e| (e.key.to_string(), e.key_span, json_value(&e.value)))
                .collect(),
        },
        Value::Seq(items) => HNode::Array {
            span: n.span,
            items: items.iter().map(json_value).collect(),
        },
        _ => HNode::Expr { span: n.span },
    }
}

/// A JSON-syntax local: `"${var.region}"` refers, anything else is a string.
fn json_local(v: &str) -> Local {
    let inner = v.strip_prefix("${").and_then(|r| r.strip_suffix('}'));
    match inner {
        Some(r)
            if (r.starts_with("var.") || r.starts_with("local."))
                && r[r.find('.').unwrap_or(0) + 1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            Local::Ref(r.to_string())
        }
        _ => Local::Str(v.to_string()),
    }
}

/// `aws.west` for a traversal of attribute names.
fn dotted(e: &Expression) -> Option<String> {
    match e {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let mut s = dotted(&t.expr)?;
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(n) => {
                        s.push('.');
                        s.push_str(n.as_str());
                    }
                    _ => return None,
                }
            }
            Some(s)
        }
        _ => None,
    }
}

fn dotted_key(k: &ObjectKey) -> Option<String> {
    match k {
        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
        ObjectKey::Expression(e) => dotted(e),
    }
}

/// A module directory's `.tf` and `.tf.json` files, parsed once.
#[derive(Debug, Default)]
pub struct ModuleDir {
    /// `locals { }` entries that are strings or plain references.
    pub locals: HashMap<String, Local>,
    /// Module calls' `providers = { aws = aws.west }`: call name to the
    /// child's provider name and the caller's.
    pub providers: HashMap<String, HashMap<String, String>>,
    pub files: Vec<Arc<TfFile>>,
    /// `(mode, type, name)` to the block (`mode` is `managed` or `data`).
    pub blocks: HashMap<(String, String, String), Located>,
    /// Files that did not parse, with the parser's message.
    pub problems: Vec<String>,
}

impl ModuleDir {
    /// Reads and parses the `.tf` and `.tf.json` files of `dir` (not its
    /// subdirectories).
    pub fn load(dir: &FsPath) -> ModuleDir {
        let mut out = ModuleDir::default();
        let Ok(rd) = std::fs::read_dir(dir) else {
            return out;
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| stem(p).is_some() && p.is_file())
            .collect();
        // Override files (`override.tf`, `*_override.tf`) last: the block a
        // resource is found at is the one in its ordinary file.
        let is_override =
            |p: &PathBuf| stem(p).is_some_and(|s| s == "override" || s.ends_with("_override"));
        paths.sort_by_key(|p| (is_override(p), p.clone()));
        for p in paths {
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let text = Arc::from(crate::source::decode_text(&bytes));
            if p.to_string_lossy().ends_with(".json") {
                out.add_json(p, text);
            } else {
                out.add(p, text);
            }
        }
        out
    }

    /// Adds a `.tf.json` file (Terraform's JSON syntax, what CDK for
    /// Terraform writes): its blocks become trees of objects and arrays, so
    /// that `ebs_block_device[1].encrypted` resolves in
    /// `"ebs_block_device": [{...}, {...}]` as in HCL.
    pub fn add_json(&mut self, path: PathBuf, text: Arc<str>) {
        let Some(root) = super::json::parse(&text).filter(|r| r.as_map().is_some()) else {
            self.problems.push(format!(
                "{}: not read for source locations: not a JSON object",
                path.display()
            ));
            return;
        };
        let file = self.files.len();
        for (key, mode) in [("resource", "managed"), ("data", "data")] {
            for types in root.get(key).map(objects).unwrap_or_default() {
                for t in types.entries() {
                    for names in objects(&t.value) {
                        for n in names.entries() {
                            let Some(body) = objects(&n.value).into_iter().next() else {
                                continue;
                            };
                            let k = (mode.to_string(), t.key.to_string(), n.key.to_string());
                            self.blocks.entry(k).or_insert_with(|| Located {
                                file,
                                block: Arc::new(json_block(body, n.key_span)),
                            });
                        }
                    }
                }
            }
        }
        for locals in root.get("locals").map(objects).unwrap_or_default() {
            for e in locals.entries() {
                if let Some(v) = e.value.as_str() {
                    self.locals.insert(e.key.to_string(), json_local(v));
                }
            }
        }
        self.files.push(Arc::new(TfFile { path, text }));
    }

    /// Adds one file's text (also used by tests).
    pub fn add(&mut self, path: PathBuf, text: Arc<str>) {
        let body = match hcl_edit::parser::parse_body(&text) {
            Ok(b) => b,
            Err(e) => {
                let loc = e.location();
                self.problems.push(format!(
                    "{}:{}:{}: not read for source locations: {}",
                    path.display(),
                    loc.line(),
                    loc.column(),
                    e.message()
                ));
                return;
            }
        };
        let lines = Lines::new(&text);
        let file = self.files.len();
        for b in body.blocks() {
            if b.ident.as_str() == "module" && b.labels.len() == 1 {
                if let Some(Expression::Object(o)) =
                    b.body.get_attribute("providers").map(|a| &a.value)
                {
                    let map = o
                        .iter()
                        .filter_map(|(k, v)| Some((dotted_key(k)?, dotted(v.expr())?)))
                        .collect();
                    self.providers.insert(b.labels[0].as_str().to_string(), map);
                }
                continue;
            }
            if b.ident.as_str() == "locals" {
                for a in b.body.attributes() {
                    if let Some(v) = local_value(&a.value) {
                        self.locals.insert(a.key.as_str().to_string(), v);
                    }
                }
                continue;
            }
            let mode = match b.ident.as_str() {
                "resource" => "managed",
                "data" => "data",
                _ => continue,
            };
            if b.labels.len() != 2 {
                continue;
            }
            let key = (
                mode.to_string(),
                b.labels[0].as_str().to_string(),
                b.labels[1].as_str().to_string(),
            );
            self.blocks.entry(key).or_insert_with(|| Located {
                file,
                block: Arc::new(block_node(b, &lines)),
            });
        }
        drop(lines);
        self.files.push(Arc::new(TfFile { path, text }));
    }

    pub fn find(&self, mode: &str, ty: &str, name: &str) -> Option<&Located> {
        self.blocks
            .get(&(mode.to_string(), ty.to_string(), name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    fn block(text: &str) -> HNode {
        let mut d = ModuleDir::default();
        d.add(PathBuf::from("main.tf"), Arc::from(text));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let l = d.blocks.values().next().unwrap();
        (*l.block).clone()
    }

    fn at(r: Resolved) -> (u32, u32, u32, u32, bool) {
        (
            r.span.start.line,
            r.span.start.col,
            r.span.end.line,
            r.span.end.col,
            r.found,
        )
    }

    #[test]
    fn attributes_nested_blocks_objects_and_missing() {
        let b = block(
            "# c\nresource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  tags = { Name = \"web\", \"a:b\" = var.x }\n  ebs_block_device {\n    device_name = \"/dev/a\"\n  }\n  ebs_block_device {\n    encrypted = false\n  }\n  sg = [aws_security_group.a.id, \"sg-2\"]\n}\n",
        );
        assert_eq!(b.header().start, Pos::new(2, 1));
        assert_eq!(b.header().end, Pos::new(2, 32));
        assert_eq!(at(b.resolve(&path!["ami"])), (3, 9, 3, 16, true));
        assert_eq!(at(b.resolve(&path!["tags"])), (4, 3, 4, 7, true));
        assert_eq!(at(b.resolve(&path!["tags", "Name"])), (4, 19, 4, 24, true));
        assert_eq!(at(b.resolve(&path!["tags", "a:b"])), (4, 34, 4, 39, true));
        assert_eq!(
            at(b.resolve(&path!["ebs_block_device", 1usize, "encrypted"])),
            (9, 17, 9, 22, true)
        );
        // Missing inside the second block: that block's header.
        assert_eq!(
            at(b.resolve(&path!["ebs_block_device", 1usize, "kms_key_id"])),
            (8, 3, 8, 21, false)
        );
        // A block index past the blocks written: the resource.
        assert_eq!(
            at(b.resolve(&path!["ebs_block_device", 2usize, "encrypted"])),
            (2, 1, 2, 32, false)
        );
        assert_eq!(at(b.resolve(&path!["sg", 1usize])), (11, 34, 11, 40, true));
        // Missing at the top: the resource header.
        assert_eq!(at(b.resolve(&path!["monitoring"])), (2, 1, 2, 32, false));
        // Into an expression: the expression.
        assert_eq!(
            at(b.resolve(&path!["tags", "a:b", "x"])),
            (4, 34, 4, 39, true)
        );
    }

    #[test]
    fn dynamic_blocks_point_into_content() {
        let b = block(
            "resource \"aws_elastic_beanstalk_environment\" \"e\" {\n  dynamic \"setting\" {\n    for_each = var.settings\n    content {\n      name = setting.key\n    }\n  }\n}\n",
        );
        assert_eq!(
            at(b.resolve(&path!["setting", 3usize, "name"])),
            (5, 14, 5, 25, true)
        );
    }

    #[test]
    fn columns_count_code_points() {
        let b = block("resource \"a_b\" \"c\" {\n  d = \"é\" # é\n  e = 1\n}\n");
        assert_eq!(at(b.resolve(&path!["e"])), (3, 7, 3, 8, true));
        assert_eq!(at(b.resolve(&path!["d"])), (2, 7, 2, 10, true));
    }

    #[test]
    fn locals_and_unreadable_files() {
        let mut d = ModuleDir::default();
        d.add(
            PathBuf::from("locals.tf"),
            Arc::from("locals {\n  region = var.region\n  name = \"x\"\n  other = local.name\n  f = lower(var.a)\n}\n"),
        );
        assert_eq!(
            d.locals.get("region"),
            Some(&Local::Ref("var.region".into()))
        );
        assert_eq!(d.locals.get("name"), Some(&Local::Str("x".into())));
        assert_eq!(
            d.locals.get("other"),
            Some(&Local::Ref("local.name".into()))
        );
        assert_eq!(d.locals.get("f"), None);
        d.add(
            PathBuf::from("broken.tf"),
            Arc::from("resource \"a\" \"b\" {\n  x = \n}\n"),
        );
        assert_eq!(d.files.len(), 1);
        assert!(d.problems[0].starts_with("broken.tf:"), "{:?}", d.problems);
    }

    #[test]
    fn override_files_come_last() {
        let dir = std::env::temp_dir().join(format!("plumb-tf-override-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("main.tf"),
            "resource \"a_b\" \"c\" {\n  x = 1\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("a_override.tf"),
            "resource \"a_b\" \"c\" {\n  x = 2\n}\n",
        )
        .unwrap();
        let d = ModuleDir::load(&dir);
        let l = d.find("managed", "a_b", "c").unwrap();
        assert!(d.files[l.file].path.ends_with("main.tf"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn json_syntax_files() {
        let mut d = ModuleDir::default();
        d.add_json(
            PathBuf::from("cdk.tf.json"),
            Arc::from(
                "{\n  \"locals\": {\"region\": \"${var.region}\", \"name\": \"x\"},\n  \"resource\": {\n    \"aws_instance\": {\n      \"web\": {\n        \"//\": {\"metadata\": {}},\n        \"ami\": \"ami-1\",\n        \"ebs_block_device\": [{\"encrypted\": true}, {\"encrypted\": false}],\n        \"metadata_options\": {\"http_tokens\": \"optional\"}\n      }\n    }\n  }\n}\n",
            ),
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let b = d
            .find("managed", "aws_instance", "web")
            .unwrap()
            .block
            .clone();
        assert_eq!(b.header().start, Pos::new(5, 7));
        assert_eq!(at(b.resolve(&path!["ami"])), (7, 16, 7, 23, true));
        assert_eq!(
            at(b.resolve(&path!["ebs_block_device", 1usize, "encrypted"])),
            (8, 65, 8, 70, true)
        );
        assert_eq!(
            at(b.resolve(&path!["metadata_options", 0usize, "http_tokens"])),
            (9, 45, 9, 55, true)
        );
        assert_eq!(at(b.resolve(&path!["monitoring"])), (5, 7, 5, 12, false));
        assert_eq!(
            d.locals.get("region"),
            Some(&Local::Ref("var.region".into()))
        );
        assert_eq!(d.locals.get("name"), Some(&Local::Str("x".into())));
        d.add_json(PathBuf::from("bad.tf.json"), Arc::from("[1]"));
        assert_eq!(d.problems.len(), 1);
    }
}
