//! YAML (and JSON) with a span on every node.
//!
//! Built on `saphyr-parser`'s event stream. Plain, untagged scalars are
//! resolved with the YAML 1.1 rules Kubernetes applies (go-yaml v2 through
//! `sigs.k8s.io/yaml`): `yes`/`on`/`y` are booleans, `0644` is octal, `1_000`
//! is an integer. Anchors and aliases are expanded with a bound, so that a
//! "billion laughs" document is an error, not an out-of-memory. Merge keys
//! (`<<`) are applied. A document that fails to parse is reported with the
//! parser's line and column; the other documents of the stream still load.

use compact_str::CompactString;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use serde_json::Value as Json;

use super::span::{Pos, Span};

/// Most nodes that alias expansion may add to one document stream.
pub const MAX_ALIAS_NODES: usize = 200_000;
/// Deepest nesting accepted (guards the recursive algorithms downstream).
pub const MAX_DEPTH: usize = 256;

/// A YAML node and where it stands in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
    /// A tag other than the core schema's (`!Ref`, `!Sub`, ...), without the
    /// leading `!`. Rare, so a thin box: every node pays for this field.
    pub tag: Option<Box<CompactString>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(CompactString),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping. Keys are kept as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: CompactString,
    pub key_span: Span,
    pub value: Node,
}

impl Entry {
    /// From the start of the key to the end of the value.
    pub fn span(&self) -> Span {
        self.key_span.join(self.value.span)
    }
}

impl Node {
    /// The node's custom tag (`Ref` for `!Ref`), if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref().map(CompactString::as_str)
    }

    pub fn new(span: Span, value: Value) -> Self {
        Node {
            span,
            value,
            tag: None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            _ => None,
        }
    }

    /// A scalar's text as a user wrote it in meaning: strings as they are,
    /// numbers and booleans in their canonical form.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null => None,
            _ => None,
        }
    }

    /// The entry for `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key == key)
    }

    /// The value for `key` in a mapping (the last one if a key repeats, as
    /// Kubernetes' decoder keeps it).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// `get` followed by `as_str`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// Follow a chain of mapping keys.
    pub fn get_in(&self, keys: &[&str]) -> Option<&Node> {
        let mut cur = self;
        for k in keys {
            cur = cur.get(k)?;
        }
        Some(cur)
    }

    /// The items of a sequence, or nothing.
    pub fn items(&self) -> &[Node] {
        self.as_seq().unwrap_or(&[])
    }

    /// The entries of a mapping, or nothing.
    pub fn entries(&self) -> &[Entry] {
        self.as_map().unwrap_or(&[])
    }

    /// Converts to JSON (for the `json` reporter, Rego input and tests).
    pub fn to_json(&self) -> Json {
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(Json::Number)
                .unwrap_or_else(|| Json::String(f.to_string())),
            Value::Str(s) => Json::String(s.to_string()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut m = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    m.insert(e.key.to_string(), e.value.to_json());
                }
                Json::Object(m)
            }
        }
    }

    fn count(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Map(entries) => 1 + entries.iter().map(|e| 1 + e.value.count()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// One document of a YAML stream.
#[derive(Clone, Debug)]
pub struct Document {
    /// 0-based position of the document in its stream.
    pub index: usize,
    pub root: Node,
}

/// Something wrong in the input, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    /// Whether the document it belongs to was dropped.
    pub fatal: bool,
}

/// What loading a stream gives: the documents that parsed and what went wrong.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a YAML (or JSON) stream. Never panics; a document that fails to
/// parse becomes a fatal diagnostic and the documents around it still load.
pub fn parse_stream(text: &str) -> Stream {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match parse_chunk_lenient(text, 0, 0) {
        Ok(stream) => stream,
        Err(_) => {
            let mut out = Stream::default();
            // kubectl reads a stream of JSON objects one after another.
            if let Some(values) = split_json_stream(text) {
                for (line_offset, chunk) in values {
                    let first = out.documents.len();
                    match parse_chunk(&chunk, line_offset, first) {
                        Ok(mut s) => {
                            out.documents.append(&mut s.documents);
                            out.diagnostics.append(&mut s.diagnostics);
                        }
                        Err(d) => out.diagnostics.push(d),
                    }
                }
                return out;
            }
            // Recover: parse each `---`-separated document on its own, so
            // one broken document does not hide the others.
            for (line_offset, chunk) in split_documents(text) {
                let first = out.documents.len();
                match parse_chunk_lenient(chunk, line_offset, first) {
                    Ok(mut s) => {
                        out.documents.append(&mut s.documents);
                        out.diagnostics.append(&mut s.diagnostics);
                    }
                    Err(d) => out.diagnostics.push(d),
                }
            }
            out
        }
    }
}

/// [`parse_chunk`], accepting what Kubernetes' YAML library (go-yaml, after
/// libyaml) accepts and saphyr does not (see [`plumb_helm::yaml_compat`]):
/// under-indented lines of a multi-line quoted scalar, and a flow
/// collection's closing bracket at its key's indentation. The lines are
/// indented until the parser takes them; values and line numbers are
/// unchanged, and only columns on those lines move.
fn parse_chunk_lenient(text: &str, line_offset: u32, first: usize) -> Result<Stream, Diagnostic> {
    let mut err = match parse_chunk(text, line_offset, first) {
        Ok(s) => return Ok(s),
        Err(d) => d,
    };
    let mut owned: Option<String> = None;
    for _ in 0..64 {
        let current = owned.as_deref().unwrap_or(text);
        let line = err.span.start.line.saturating_sub(line_offset + 1) as usize;
        let col = err.span.start.col.saturating_sub(1) as usize;
        let Some(repaired) = plumb_helm::yaml_compat::repair(current, line, col, &err.message)
        else {
            break;
        };
        match parse_chunk(&repaired, line_offset, first) {
            Ok(s) => return Ok(s),
            Err(d) => {
                err = d;
                owned = Some(repaired);
            }
        }
    }
    // Report the first error against the text as written.
    parse_chunk(text, line_offset, first)
}

/// Splits a stream of concatenated JSON objects (`{...}\n{...}`) into one
/// chunk per object, each padded with spaces to its column so that positions
/// stay exact. None unless the text is such a stream of at least two.
fn split_json_stream(text: &str) -> Option<Vec<(u32, String)>> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let mut out = Vec::new();
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    let (mut line, mut col) = (0u32, 0usize);
    let mut start: Option<(usize, u32, usize)> = None;
    for (i, c) in text.char_indices() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else {
            match c {
                '"' => in_str = true,
                '{' | '[' => {
                    if depth == 0 {
                        start = Some((i, line, col));
                    }
                    depth += 1;
                }
                '}' | ']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        let (at, l, c0) = start.take()?;
                        out.push((l, format!("{}{}", " ".repeat(c0), &text[at..=i])));
                    }
                }
                c if depth == 0 && !c.is_whitespace() => return None,
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    (depth == 0 && out.len() > 1).then_some(out)
}

/// Splits a stream at lines that start with a `---` document marker.
fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 0u32;
    let mut pos = 0usize;
    for (line, l) in (0u32..).zip(text.split_inclusive('\n')) {
        let is_marker = l.starts_with("---")
            && l[3..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
        if is_marker && pos > start {
            let prev = &text[start..pos];
            // A chunk holding only directives and comments belongs to the next.
            if prev.lines().any(|x| {
                let t = x.trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
            }) {
                chunks.push((start_line, prev));
                start = pos;
                start_line = line;
            }
        }
        pos += l.len();
    }
    if start < text.len() {
        chunks.push((start_line, &text[start..]));
    }
    chunks
}

fn pos_of(m: &saphyr_parser::Marker, line_offset: u32) -> Pos {
    Pos::new(m.line() as u32 + line_offset, m.col() as u32 + 1)
}

/// An error at the end of input (an unclosed `[`) is reported by the parser
/// on the line after the last one, which may not exist. Keep it just after
/// the last character of content instead, where an editor can show it.
fn clamp_to_content(text: &str, p: Pos, line_offset: u32) -> Pos {
    let end = (1u32..)
        .zip(text.split('\n'))
        .filter_map(|(n, l)| {
            let l = l.trim_end();
            (!l.is_empty()).then(|| Pos::new(n + line_offset, l.chars().count() as u32 + 1))
        })
        .last()
        .unwrap_or(Pos::new(1 + line_offset, 1));
    p.min(end)
}

fn span_of(s: &YSpan, line_offset: u32) -> Span {
    Span::new(pos_of(&s.start, line_offset), pos_of(&s.end, line_offset))
}

enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        tag: Option<Box<CompactString>>,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        anchor: usize,
        tag: Option<Box<CompactString>>,
        entries: Vec<Entry>,
        merges: Vec<Node>,
        key: Option<(CompactString, Span, bool)>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    expanded: usize,
    diagnostics: Vec<Diagnostic>,
}

fn fatal(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        span,
        message: message.into(),
        fatal: true,
    }
}

fn parse_chunk(text: &str, line_offset: u32, first_index: usize) -> Result<Stream, Diagnostic> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
        diagnostics: Vec::new(),
    };
    let mut documents = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let (event, yspan) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let p = clamp_to_content(text, pos_of(e.marker(), line_offset), line_offset);
                return Err(fatal(Span::at(p), e.info().to_string()));
            }
        };
        let span = span_of(&yspan, line_offset);
        let done = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing => None,
            Event::DocumentStart(_) => {
                b.anchors.clear();
                None
            }
            Event::DocumentEnd => {
                if let Some(node) = root.take() {
                    documents.push(Document {
                        index: first_index + documents.len(),
                        root: node,
                    });
                }
                None
            }
            Event::Alias(id) => {
                let Some((node, size)) = b.anchors.get(&id) else {
                    return Err(fatal(span, "alias to an unknown anchor"));
                };
                b.expanded += size;
                if b.expanded > MAX_ALIAS_NODES {
                    return Err(fatal(
                        span,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (a \"billion laughs\" document?); write the repeated content out or use fewer nested aliases"
                        ),
                    ));
                }
                let mut node = node.clone();
                node.span = span;
                Some(node)
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| t.into_owned());
                let node = scalar_node(&text, style, tag.as_ref(), span)?;
                // Keys keep the raw text; remember it alongside.
                let node = b.anchor(anchor, node);
                return_if_key(&mut b, node, &text, style)
            }
            Event::SequenceStart(anchor, tag) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(fatal(
                        span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                b.stack.push(Frame::Seq {
                    start: span,
                    anchor,
                    tag: custom_tag(tag.as_deref()),
                    items: Vec::new(),
                });
                None
            }
            Event::MappingStart(anchor, tag) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(fatal(
                        span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                b.stack.push(Frame::Map {
                    start: span,
                    anchor,
                    tag: custom_tag(tag.as_deref()),
                    entries: Vec::new(),
                    merges: Vec::new(),
                    key: None,
                });
                None
            }
            Event::SequenceEnd => match b.stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    tag,
                    mut items,
                }) => {
                    // Trees of a whole scan stay in memory until it ends: no
                    // spare capacity.
                    items.shrink_to_fit();
                    let end = items.last().map_or(span.end, |n| n.span.end.max(start.end));
                    let node = Node {
                        span: Span::new(start.start, end),
                        value: Value::Seq(items),
                        tag,
                    };
                    Some(b.anchor(anchor, node))
                }
                _ => return Err(fatal(span, "unbalanced sequence end")),
            },
            Event::MappingEnd => match b.stack.pop() {
                Some(Frame::Map {
                    start,
                    anchor,
                    tag,
                    mut entries,
                    merges,
                    ..
                }) => {
                    apply_merges(&mut entries, merges);
                    entries.shrink_to_fit();
                    let span = match (entries.first(), entries.last()) {
                        // A tagged mapping (`!Base64 {...}`) starts at its tag.
                        (Some(f), Some(l)) => Span::new(
                            if tag.is_some() {
                                start.start.min(f.key_span.start)
                            } else {
                                f.key_span.start
                            },
                            l.value.span.end.max(l.key_span.end),
                        ),
                        _ => Span::new(start.start, span.end),
                    };
                    let node = Node {
                        span,
                        value: Value::Map(entries),
                        tag,
                    };
                    Some(b.anchor(anchor, node))
                }
                _ => return Err(fatal(span, "unbalanced mapping end")),
            },
        };
        if let Some(node) = done {
            b.push(node, &mut root);
        }
    }
    if let Some(node) = root.take() {
        documents.push(Document {
            index: first_index + documents.len(),
            root: node,
        });
    }
    Ok(Stream {
        documents,
        diagnostics: b.diagnostics,
    })
}

/// Scalars that are map keys carry their raw text; everything else is a
/// finished node. Returns the node to push.
fn return_if_key(b: &mut Builder, node: Node, raw: &str, style: ScalarStyle) -> Option<Node> {
    if let Some(Frame::Map {
        key: key @ None, ..
    }) = b.stack.last_mut()
    {
        let is_merge = style == ScalarStyle::Plain && raw == "<<" && node.tag.is_none();
        *key = Some((raw.into(), node.span, is_merge));
        return None;
    }
    Some(node)
}

impl Builder {
    fn anchor(&mut self, anchor: usize, node: Node) -> Node {
        if anchor != 0 {
            let size = node.count();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        node
    }

    /// Attach a finished node to its parent (or make it the document root).
    fn push(&mut self, node: Node, root: &mut Option<Node>) {
        match self.stack.last_mut() {
            None => *root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                key,
                ..
            }) => match key.take() {
                None => {
                    // A complex (non-scalar) key: keep its JSON text as the key.
                    let text = node.to_json().to_string();
                    *key = Some((text.into(), node.span, false));
                }
                Some((_, _, true)) => merges.push(node),
                Some((k, key_span, false)) => {
                    if let Some(prev) = entries.iter().find(|e| e.key == k) {
                        self.diagnostics.push(Diagnostic {
                            span: key_span,
                            message: format!(
                                "mapping key \"{k}\" already defined at line {}; remove one (Kubernetes rejects duplicate keys, CloudFormation silently keeps the last)",
                                prev.key_span.start.line
                            ),
                            fatal: false,
                        });
                    }
                    entries.push(Entry {
                        key: k,
                        key_span,
                        value: node,
                    });
                }
            },
        }
    }
}

/// `<<: *base` and `<<: [*a, *b]`: keys not already present are added, the
/// earlier merge source winning, as YAML 1.1's merge key specifies.
fn apply_merges(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for source in merges {
        let sources: Vec<Node> = match source.value {
            Value::Seq(items) => items,
            _ => vec![source],
        };
        for src in sources {
            if let Value::Map(src_entries) = src.value {
                for e in src_entries {
                    if !entries.iter().any(|x| x.key == e.key) {
                        entries.push(e);
                    }
                }
            }
        }
    }
}

fn custom_tag(tag: Option<&saphyr_parser::Tag>) -> Option<Box<CompactString>> {
    let tag = tag?;
    if tag.is_yaml_core_schema() {
        return None;
    }
    let name = if tag.handle == "!" {
        tag.suffix.clone()
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    Some(Box::new(name.into()))
}

fn scalar_node(
    text: &str,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
    span: Span,
) -> Result<Node, Diagnostic> {
    let node = |value| Ok(Node::new(span, value));
    if let Some(t) = tag {
        if t.is_yaml_core_schema() {
            return match t.suffix.as_str() {
                "str" => node(Value::Str(text.into())),
                "null" => node(Value::Null),
                "bool" => match resolve_plain(text) {
                    Value::Bool(b) => node(Value::Bool(b)),
                    _ => Err(fatal(span, format!("cannot read \"{text}\" as !!bool"))),
                },
                "int" => match resolve_plain(text) {
                    Value::Int(i) => node(Value::Int(i)),
                    _ => Err(fatal(span, format!("cannot read \"{text}\" as !!int"))),
                },
                "float" => match resolve_plain(text) {
                    Value::Int(i) => node(Value::Float(i as f64)),
                    Value::Float(f) => node(Value::Float(f)),
                    _ => Err(fatal(span, format!("cannot read \"{text}\" as !!float"))),
                },
                // !!binary, !!timestamp and friends: keep the text.
                _ => node(Value::Str(text.into())),
            };
        }
        // A local tag such as CloudFormation's `!Ref`: keep it, value as text.
        let mut n = Node::new(span, Value::Str(text.into()));
        n.tag = custom_tag(Some(t));
        if style == ScalarStyle::Plain && text.is_empty() {
            n.value = Value::Null;
        }
        return Ok(n);
    }
    if style != ScalarStyle::Plain {
        return node(Value::Str(text.into()));
    }
    node(resolve_plain(text))
}

/// Resolves a plain scalar as go-yaml v2 (YAML 1.1) does for Kubernetes.
pub fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Value::Str(s.into());
    }
    if let Some(i) = parse_go_int(s) {
        return Value::Int(i);
    }
    if is_yaml_float(s) {
        if let Ok(f) = s.replace('_', "").parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(s.into())
}

/// Go's `strconv.ParseInt(s, 0, 64)` after removing underscores, which is
/// what go-yaml v2 does: `0x1F`, `0o17`, `0b101`, and a leading `0` for octal.
fn parse_go_int(s: &str) -> Option<i64> {
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, digits) = match plain.as_bytes().first()? {
        b'-' => (true, &plain[1..]),
        b'+' => (false, &plain[1..]),
        _ => (false, &plain[..]),
    };
    if digits.is_empty() {
        return None;
    }
    let (radix, body) = if let Some(r) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, r)
    } else if let Some(r) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, r)
    } else if let Some(r) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, r)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    let v = if neg { -magnitude } else { magnitude };
    i64::try_from(v).ok()
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && (b[*i].is_ascii_digit() || b[*i] == b'_') {
            *i += 1;
        }
        *i - st
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let s = parse_stream(text);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        s.documents.into_iter().next().unwrap().root
    }

    #[test]
    fn yaml_1_1_scalars() {
        let n = one("a: yes\nb: on\nc: 0644\nd: \"0644\"\ne: 1_000\nf: 0x1F\ng: 1.5\nh: ~\ni: 'yes'\nj: 08\nk: -.inf\nl: y\n");
        assert_eq!(n.get("a").unwrap().value, Value::Bool(true));
        assert_eq!(n.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(n.get("c").unwrap().value, Value::Int(420));
        assert_eq!(n.get("d").unwrap().value, Value::Str("0644".into()));
        assert_eq!(n.get("e").unwrap().value, Value::Int(1000));
        assert_eq!(n.get("f").unwrap().value, Value::Int(31));
        assert_eq!(n.get("g").unwrap().value, Value::Float(1.5));
        assert_eq!(n.get("h").unwrap().value, Value::Null);
        assert_eq!(n.get("i").unwrap().value, Value::Str("yes".into()));
        // Not valid octal: go-yaml falls back to a float, like 08 -> 8.
        assert_eq!(n.get("j").unwrap().value, Value::Float(8.0));
        assert_eq!(n.get("k").unwrap().value, Value::Float(f64::NEG_INFINITY));
        assert_eq!(n.get("l").unwrap().value, Value::Bool(true));
    }

    #[test]
    fn spans_are_one_based_code_points() {
        let n = one("métadonnée: x\nspec:\n  replicas: 3\n");
        let e = n.entry("métadonnée").unwrap();
        assert_eq!(e.key_span.start, Pos::new(1, 1));
        assert_eq!(e.value.span.start, Pos::new(1, 13));
        let r = n.get_in(&["spec", "replicas"]).unwrap();
        assert_eq!(r.span.start, Pos::new(3, 13));
        assert_eq!(r.span.end, Pos::new(3, 14));
    }

    #[test]
    fn aliases_and_merge_keys() {
        let n = one("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nlist: [*b]\n");
        let d = n.get("derived").unwrap();
        assert_eq!(d.get("x").unwrap().value, Value::Int(1));
        assert_eq!(d.get("y").unwrap().value, Value::Int(3));
        assert_eq!(n.get("list").unwrap().items().len(), 1);
    }

    #[test]
    fn billion_laughs_is_an_error() {
        let mut t = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            t.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = n;
        }
        let s = parse_stream(&t);
        assert!(s.documents.is_empty());
        assert_eq!(s.diagnostics.len(), 1);
        assert!(s.diagnostics[0].message.contains("billion laughs"));
    }

    #[test]
    fn broken_document_does_not_hide_the_others() {
        let t = "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n";
        let s = parse_stream(t);
        let keys: Vec<_> = s
            .documents
            .iter()
            .map(|d| d.root.entries()[0].key.clone())
            .collect();
        assert_eq!(keys, ["a", "d"]);
        assert_eq!(s.documents[1].index, 1);
        assert_eq!(s.diagnostics.len(), 1);
        assert!(s.diagnostics[0].fatal);
        assert!(s.diagnostics[0].span.start.line >= 3);
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let s = parse_stream("a: 1\na: 2\n");
        assert_eq!(s.diagnostics.len(), 1);
        assert!(!s.diagnostics[0].fatal);
        assert_eq!(s.diagnostics[0].span.start.line, 2);
        assert_eq!(s.documents[0].root.get("a").unwrap().value, Value::Int(2));
    }

    #[test]
    fn json_is_read() {
        let n = one("{\"kind\":\"Pod\",\n\t\"spec\": {\"x\": [1, 2.5, true, null]}}");
        assert_eq!(n.get_str("kind"), Some("Pod"));
        assert_eq!(n.get_in(&["spec", "x"]).unwrap().items().len(), 4);
    }

    #[test]
    fn quoted_scalars_indented_like_their_key_load_as_kubectl_loads_them() {
        let text = "a:\n  m: 'one\n  two'\n  n: \"x \\\" y\n  z\" # c\nl:\n- k: 'p\n  q'\n";
        let s = parse_stream(text);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let root = &s.documents[0].root;
        let a = root.get("a").unwrap();
        assert_eq!(a.get("m").unwrap().value, Value::Str("one two".into()));
        assert_eq!(a.get("n").unwrap().value, Value::Str("x \" y z".into()));
        // Lines are unchanged: the value of m starts where it is written.
        assert_eq!(a.get("m").unwrap().span.start, Pos::new(2, 6));
        assert_eq!(a.get("n").unwrap().span.start.line, 4);
        let l = root.get("l").unwrap();
        let Value::Seq(items) = &l.value else {
            panic!()
        };
        assert_eq!(items[0].get("k").unwrap().value, Value::Str("p q".into()));
        // Real indentation errors are still errors.
        let bad = parse_stream("a:\n  m: 'one\n two'\n b: 1\n");
        assert!(bad.documents.is_empty());
        assert!(bad.diagnostics[0].fatal);
    }

    #[test]
    fn flow_collections_closed_at_their_key_indentation_load() {
        let text = "data:\n  args: [\n    \"server\",\n    \"-dev\"\n  ]\n  labels: {\n    a: b\n  }\n  n: 1\n";
        let s = parse_stream(text);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let data = s.documents[0].root.get("data").unwrap();
        let Value::Seq(args) = &data.get("args").unwrap().value else {
            panic!()
        };
        assert_eq!(args.len(), 2);
        assert_eq!(data.get("n").unwrap().span.start, Pos::new(9, 6));
        // A stray bracket is still an error.
        assert!(!parse_stream("a: 1\n]\n").diagnostics.is_empty());
    }

    #[test]
    fn a_stream_of_json_objects_loads_as_kubectl_loads_it() {
        let text = "{\"kind\": \"A\"}\n{\"kind\": \"B\",\n \"x\": \"}{\"} {\"kind\": \"C\"}\n";
        let s = parse_stream(text);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let kinds: Vec<_> = s
            .documents
            .iter()
            .map(|d| d.root.get("kind").unwrap().value.clone())
            .collect();
        assert_eq!(kinds, ["A", "B", "C"].map(|k| Value::Str(k.into())));
        // Positions are exact, including an object that starts mid-line.
        assert_eq!(
            s.documents[2].root.get("kind").unwrap().span.start,
            Pos::new(3, 22)
        );
        // One object is not a stream; trailing junk is still an error.
        assert!(split_json_stream("{\"a\": 1}").is_none());
        let bad = parse_stream("{\"a\": 1}\n{\"b\": 2} x\n");
        assert!(!bad.diagnostics.is_empty());
    }

    #[test]
    fn custom_tags_are_kept() {
        let n = one("a: !Ref Bucket\nb: !GetAtt [X, Arn]\n");
        assert_eq!(n.get("a").unwrap().tag(), Some("Ref"));
        assert_eq!(n.get_str("a"), Some("Bucket"));
        assert_eq!(n.get("b").unwrap().tag(), Some("GetAtt"));
    }

    #[test]
    fn errors_at_end_of_input_stay_on_a_real_line() {
        // The parser reports an unclosed `[` on the line after the last.
        for (text, at) in [
            ("!tag [", Pos::new(1, 7)),
            ("apiVersion: v1\nkind: [Service\n\n  \n", Pos::new(2, 15)),
            ("a: 1\n---\nb: [x\n---\nc: 1\n", Pos::new(3, 6)),
        ] {
            let s = parse_stream(text);
            let fatal: Vec<_> = s.diagnostics.iter().filter(|d| d.fatal).collect();
            assert_eq!(fatal.len(), 1, "{text:?}: {:?}", s.diagnostics);
            assert_eq!(fatal[0].span.start, at, "{text:?}");
        }
    }
}
