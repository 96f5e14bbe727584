//! CloudFormation's short-form tags (`!Ref X`, `!GetAtt A.B`, `!If [...]`)
//! rewritten as the long forms they stand for (`{"Ref": "X"}`,
//! `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::If": [...]}`), so that everything
//! downstream sees one form whether the template is YAML or JSON.
//!
//! The mapping node takes the tagged node's span (from the tag to the end
//! of its value), its one key the span of the tag itself.

use compact_str::CompactString;

use crate::source::span::{Pos, Span};
use crate::source::yaml::{Entry, Node, Value};

/// Short-form tag → long-form key.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Sub", "Fn::Sub"),
    ("GetAtt", "Fn::GetAtt"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Join", "Fn::Join"),
    ("FindInMap", "Fn::FindInMap"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Transform", "Fn::Transform"),
    // AWS::LanguageExtensions.
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

/// The long-form key for a short-form tag (`GetAtt` → `Fn::GetAtt`).
pub fn long_form(tag: &str) -> Option<&'static str> {
    SHORT_FORMS
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, long)| *long)
}

/// Rewrites every short-form tag below and at `node` in place. `lines` is
/// the file's text by line, to place the tag and the parts of
/// `!GetAtt A.B` exactly.
///
/// Also reads plain `y`, `Y`, `n` and `N` as strings: CloudFormation's
/// YAML 1.1 (like PyYAML's, which cfn-lint uses) takes `yes`/`no`/`on`/
/// `off` as booleans but not the single letters, which the Kubernetes
/// reading of the YAML loader does take.
pub fn normalize(node: &mut Node, lines: &[&str]) {
    if let Value::Bool(b) = node.value {
        let s = node.span;
        if s.start.line == s.end.line && s.end.col == s.start.col + 1 {
            let letter = if b { ['y', 'Y'] } else { ['n', 'N'] };
            if let Some(c) = char_slice(lines, s.start).and_then(|r| r.chars().next()) {
                if letter.contains(&c) {
                    node.value = Value::Str(c.to_string().into());
                }
            }
        }
    }
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| normalize(n, lines)),
        Value::Map(entries) => {
            // CloudFormation keeps the last of duplicate keys (the
            // duplicate itself is a parse-error finding of the YAML loader).
            let mut i = 0;
            while i < entries.len() {
                if entries[i + 1..].iter().any(|e| e.key == entries[i].key) {
                    entries.remove(i);
                } else {
                    i += 1;
                }
            }
            entries
                .iter_mut()
                .for_each(|e| normalize(&mut e.value, lines));
        }
        _ => {}
    }
    let Some(long) = node.tag().and_then(long_form) else {
        return;
    };
    let tag_len = node.tag().map_or(0, |t| t.chars().count()) as u32 + 1;
    let span = node.span;
    let key_span = match char_slice(lines, span.start) {
        Some(rest) if rest.starts_with('!') => Span::new(
            span.start,
            Pos::new(span.start.line, span.start.col + tag_len),
        ),
        _ => span,
    };
    let mut inner = std::mem::replace(node, Node::new(span, Value::Null));
    inner.tag = None;
    if long == "Fn::GetAtt" {
        if let Value::Str(s) = &inner.value {
            inner = split_get_att(s, span, key_span, lines);
        }
    } else if key_span != span {
        // The value without the tag in front of it.
        inner.span = trim_start(inner.span, key_span.end, lines);
    }
    *node = Node::new(
        span,
        Value::Map(vec![Entry {
            key: CompactString::from(long),
            key_span,
            value: inner,
        }]),
    );
}

/// `A.B.C` → `["A", "B.C"]` (a logical id has no dot; an attribute may),
/// each part with its own span when the text is on the tag's line.
fn split_get_att(s: &str, span: Span, tag: Span, lines: &[&str]) -> Node {
    let (id, attr) = s.split_once('.').unwrap_or((s, ""));
    let mut id_span = span;
    let mut attr_span = span;
    if span.start.line == span.end.line {
        if let Some(rest) = char_slice(lines, tag.end) {
            if let Some(byte) = rest.find(s) {
                let col = tag.end.col + rest[..byte].chars().count() as u32;
                let line = span.start.line;
                let id_end = col + id.chars().count() as u32;
                id_span = Span::new(Pos::new(line, col), Pos::new(line, id_end));
                attr_span = Span::new(
                    Pos::new(line, id_end + 1),
                    Pos::new(line, id_end + 1 + attr.chars().count() as u32),
                );
            }
        }
    }
    Node::new(
        span,
        Value::Seq(vec![
            Node::new(id_span, Value::Str(id.into())),
            Node::new(attr_span, Value::Str(attr.into())),
        ]),
    )
}

/// `span` starting after `from` and the blanks that follow it, when that
/// is still inside it.
fn trim_start(span: Span, from: Pos, lines: &[&str]) -> Span {
    let mut p = from;
    if let Some(rest) = char_slice(lines, from) {
        p.col += rest.chars().take_while(|c| *c == ' ' || *c == '\t').count() as u32;
        if rest.chars().all(char::is_whitespace) {
            // The value starts on a later line (a block sequence).
            return span;
        }
    }
    if p < span.end {
        Span::new(p, span.end)
    } else {
        span
    }
}

/// The text of the line of `at` from its column on.
fn char_slice<'a>(lines: &[&'a str], at: Pos) -> Option<&'a str> {
    let line = lines.get((at.line as usize).checked_sub(1)?)?;
    let skip = (at.col as usize).checked_sub(1)?;
    let byte = line
        .char_indices()
        .nth(skip)
        .map(|(b, _)| b)
        .or_else(|| (line.chars().count() == skip).then_some(line.len()))?;
    Some(&line[byte..])
}
