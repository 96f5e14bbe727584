//! A JSON parser for plans: the same located tree as `yaml.rs` builds (a
//! span on every node, in code-point columns), about ten times faster on
//! the large, often single-line documents `terraform show -json` writes.
//! Anything it does not accept (not JSON, or not one object) is left to the
//! YAML loader, which reports the problem with its line and column.

use compact_str::CompactString;

use crate::source::span::{Pos, Span};
use crate::source::yaml::{Entry, Node, Value, MAX_DEPTH};

/// Parses `text` when it is one JSON object that looks like a plan (it
/// names `format_version`); None otherwise.
pub fn parse_plan(text: &str) -> Option<Node> {
    let first = text.bytes().find(|b| !b.is_ascii_whitespace())?;
    if first != b'{' || !text.contains("\"format_version\"") {
        return None;
    }
    parse(text)
}

/// Parses one JSON value filling `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Option<Node> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
    };
    // A byte-order mark is not JSON, but editors write one.
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    let v = p.value(0)?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b' ' | b'\t' | b'\r' => self.col += 1,
                b'\n' => {
                    self.line += 1;
                    self.col = 1;
                }
                _ => break,
            }
            self.i += 1;
        }
    }

    /// Moves past `n` ASCII bytes.
    fn skip(&mut self, n: usize) {
        self.i += n;
        self.col += n as u32;
    }

    fn literal(&mut self, word: &str, v: Value) -> Option<Value> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.skip(word.len());
            Some(v)
        } else {
            None
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        self.ws();
        let start = self.pos();
        let c = *self.b.get(self.i)?;
        let value = match c {
            b'{' | b'[' if depth >= MAX_DEPTH => return None,
            b'{' => return self.object(start, depth),
            b'[' => return self.array(start, depth),
            b'"' => Value::Str(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Node::new(Span::new(start, self.pos()), value))
    }

    fn object(&mut self, start: Pos, depth: usize) -> Option<Node> {
        self.skip(1);
        let mut entries = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.skip(1);
            return Some(Node::new(Span::new(start, self.pos()), Value::Map(entries)));
        }
        loop {
            self.ws();
            let key_start = self.pos();
            if self.b.get(self.i) != Some(&b'"') {
                return None;
            }
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos());
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return None;
            }
            self.skip(1);
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.b.get(self.i)? {
                b',' => self.skip(1),
                b'}' => {
                    self.skip(1);
                    break;
                }
                _ => return None,
            }
        }
        entries.shrink_to_fit();
        // Like the YAML loader: to the end of the last value.
        let end = entries.last().map_or(self.pos(), |e| e.value.span.end);
        Some(Node::new(Span::new(start, end), Value::Map(entries)))
    }

    fn array(&mut self, start: Pos, depth: usize) -> Option<Node> {
        self.skip(1);
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.skip(1);
            return Some(Node::new(Span::new(start, self.pos()), Value::Seq(items)));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.b.get(self.i)? {
                b',' => self.skip(1),
                b']' => {
                    self.skip(1);
                    break;
                }
                _ => return None,
            }
        }
        items.shrink_to_fit();
        let end = items.last().map_or(self.pos(), |n| n.span.end);
        Some(Node::new(Span::new(start, end), Value::Seq(items)))
    }

    /// A string, the cursor on its opening quote; columns count code points.
    fn string(&mut self) -> Option<CompactString> {
        self.skip(1);
        let mut out = CompactString::default();
        let mut seg = self.i;
        loop {
            let c = *self.b.get(self.i)?;
            match c {
                b'"' => {
                    out.push_str(&self.s[seg..self.i]);
                    self.skip(1);
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.s[seg..self.i]);
                    let e = *self.b.get(self.i + 1)?;
                    self.skip(2);
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi)
                                && self.b[self.i..].starts_with(b"\\u")
                            {
                                self.skip(2);
                                let lo = self.hex4()?;
                                char::from_u32(
                                    0x10000 + ((hi - 0xD800) << 10) + (lo.checked_sub(0xDC00)?),
                                )
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(ch.unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                    seg = self.i;
                }
                // A raw control character (a line break) is not JSON.
                0..=0x1f => return None,
                _ => {
                    self.i += 1;
                    // Count code points: every byte but continuation bytes.
                    if c & 0xC0 != 0x80 {
                        self.col += 1;
                    }
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        self.skip(4);
        Some(v)
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        while let Some(&c) = self.b.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let t = &self.s[start..self.i];
        self.col += (self.i - start) as u32;
        if let Ok(i) = t.parse::<i64>() {
            return Some(Value::Int(i));
        }
        t.parse::<f64>().ok().map(Value::Float)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    /// The same tree, spans included, as the YAML loader builds.
    #[test]
    fn same_tree_as_the_yaml_loader() {
        for text in [
            "{\"a\": 1, \"b\": [true, null, -2.5e3, \"x\\\"y\\u00e9\"], \"c\": {}}",
            "{\n  \"format_version\": \"1.2\",\n  \"é\": \"héllo\", \"n\": [],\n  \"o\": {\"k\": [1, {\"z\": false}]}\n}\n",
            "{\"s\": \"😀 ok\", \"t\": \"tab\\tx\", \"u\": 1}",
        ] {
            let ours = parse(text).unwrap();
            let theirs = parse_stream(text).documents.remove(0).root;
            assert_eq!(ours.to_json(), theirs.to_json(), "{text}");
            // Scalars and keys exactly; collections may differ in where
            // they are said to start and end.
            fn spans(n: &Node, out: &mut Vec<(Span, Option<Span>)>) {
                if !matches!(n.value, Value::Map(_) | Value::Seq(_)) {
                    out.push((n.span, None));
                }
                match &n.value {
                    Value::Map(es) => {
                        for e in es {
                            out.push((e.key_span, Some(e.key_span)));
                            spans(&e.value, out);
                        }
                    }
                    Value::Seq(items) => items.iter().for_each(|i| spans(i, out)),
                    _ => {}
                }
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            spans(&ours, &mut a);
            spans(&theirs, &mut b);
            assert_eq!(a, b, "{text}");
        }
    }

    #[test]
    fn surrogate_pairs() {
        let n = parse("{\"s\": \"\\ud83d\\ude00\", \"t\": 1}").unwrap();
        assert_eq!(n.get_str("s"), Some("😀"));
        assert_eq!(n.entry("t").unwrap().key_span.start, Pos::new(1, 23));
    }

    #[test]
    fn not_a_plan_or_not_json() {
        assert!(parse_plan("[1]").is_none());
        assert!(parse_plan("{\"a\": 1}").is_none());
        assert!(parse_plan("{\"format_version\": \"1.0\",}").is_none());
        assert!(parse_plan("{\"format_version\": \"1.0\"} {}").is_none());
        assert!(parse_plan("format_version: 1").is_none());
        assert!(parse_plan("{\"format_version\": \"1.0\"}").is_some());
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert!(parse(&format!("{{\"format_version\": {deep}")).is_none());
    }
}
