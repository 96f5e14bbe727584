//! YAML as Helm reads and writes it: `sigs.k8s.io/yaml` over go-yaml v2.
//!
//! Reading ([`parse_yaml`], [`parse_values`]) follows `sigs.k8s.io/yaml.Unmarshal`:
//! go-yaml v2 resolves plain scalars with YAML 1.1 rules (`yes`/`on`/`y` are
//! booleans, `0644` is octal, `1_000` is 1000, `0x1f` is 31, timestamps stay the
//! text written), then the document goes through JSON, so every number becomes a
//! `float64` ([`Value::Float`]), non-string keys become their text (`1: a` gives
//! key `"1"`, `y: b` gives key `"true"`), `.inf`/`.nan` are errors (JSON cannot hold
//! them), duplicate keys keep the last value, and merge keys (`<<`) apply in order
//! as go-yaml v2 does (a later `<<` overwrites an earlier explicit key). Only the
//! first document of a stream is read, as `yaml.Unmarshal` does.
//!
//! Writing ([`to_yaml`]) follows `sigs.k8s.io/yaml.Marshal`: JSON-marshal the value
//! (Go's float formatting), then go-yaml v2's emitter: keys in go-yaml's natural
//! order (`a2` before `a10`), block sequences not indented under their key, strings
//! that would read back as another type double-quoted, strings with newlines as
//! literal blocks (`|`, `|-`, `|+`, `|2-`), plain scalars folded past column 80, and
//! libyaml's rules for when plain, single-quoted or double-quoted style is allowed.
//! Keys over 128 bytes or with line breaks are written as `? ` complex keys, as
//! libyaml does. Not reproduced: go-yaml's quirks around U+FEFF and U+2028.
//! Float keys are printed with 64-bit precision where go-yaml uses 32-bit.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::value::{go_float, Value};

/// Most nodes alias expansion may produce (a "billion laughs" document is an error).
const MAX_ALIAS_NODES: usize = 1_000_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = super::util::MAX_DEPTH;

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Parses the first document of `text` as Helm's `fromYaml` does (numbers become
/// [`Value::Float`]); an empty document is [`Value::Nil`].
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    Ok(parse_stream(text, true)?
        .into_iter()
        .next()
        .unwrap_or(Value::Nil))
}

/// Parses every document of a stream (for `fromYamlArray`-like callers and tests).
pub fn parse_yaml_documents(text: &str) -> Result<Vec<Value>, String> {
    parse_stream(text, false)
}

/// Parses a values file as Helm v4 does: every document must be a mapping (or
/// empty), and later documents are merged over earlier ones (Helm's `MergeMaps`:
/// maps merge recursively, anything else is replaced). Errors read as Helm's, e.g.
/// `error converting YAML to JSON: yaml: line 3, column 5: ...`.
pub fn parse_values(text: &str) -> Result<Value, String> {
    let merged = Value::empty_map();
    for doc in parse_stream(text, false)? {
        match doc {
            Value::Nil => {}
            Value::Map(m) => {
                if let Value::Map(into) = &merged {
                    merge_documents(into, &m);
                }
            }
            other => {
                return Err(format!(
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_kind(&other)
                ))
            }
        }
    }
    Ok(merged)
}

/// Helm's `MergeMaps`: a later document's keys win, maps merge recursively.
fn merge_documents(into: &crate::value::Map, from: &crate::value::Map) {
    for (k, v) in from.borrow().iter() {
        let existing = into.borrow().get(k).cloned();
        if let (Value::Map(src), Some(Value::Map(dst))) = (v, existing) {
            merge_documents(&dst, src);
            continue;
        }
        into.borrow_mut().insert(k.clone(), v.clone());
    }
}

/// The name Go's `encoding/json` gives a value's JSON type in its errors.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map {
        entries: BTreeMap<String, Value>,
        key: Option<KeyState>,
        anchor: usize,
    },
}

enum KeyState {
    Key(String),
    Merge,
}

struct Builder {
    stack: Vec<Frame>,
    anchors: std::collections::HashMap<usize, (Value, usize)>,
    expanded: usize,
}

fn err_at(m: &saphyr_parser::Marker, msg: &str) -> String {
    format!(
        "error converting YAML to JSON: yaml: line {}, column {}: {}",
        m.line(),
        m.col() + 1,
        msg
    )
}

/// [`parse_stream_once`], repairing what go-yaml accepts and saphyr does not
/// (see [`crate::yaml_compat`]) and parsing again.
fn parse_stream(text: &str, first_only: bool) -> Result<Vec<Value>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut scan_error = None;
    let mut first_error = None;
    let mut owned: Option<String> = None;
    for _ in 0..64 {
        let current = owned.as_deref().unwrap_or(text);
        match parse_stream_once(current, first_only, &mut scan_error) {
            Ok(v) => return Ok(v),
            Err(e) => {
                first_error.get_or_insert(e);
                let Some((line, col, info)) = scan_error.take() else {
                    break;
                };
                match crate::yaml_compat::repair(current, line, col, &info) {
                    Some(r) => owned = Some(r),
                    None => break,
                }
            }
        }
    }
    Err(first_error.unwrap_or_default())
}

/// One parse; a scanner error also leaves its 0-based line, column and
/// message in `scan_error`.
fn parse_stream_once(
    text: &str,
    first_only: bool,
    scan_error: &mut Option<(usize, usize, String)>,
) -> Result<Vec<Value>, String> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        anchors: Default::default(),
        expanded: 0,
    };
    let mut docs = Vec::new();
    let mut root: Option<Value> = None;
    let mut in_doc = false;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                *scan_error = Some((
                    e.marker().line().saturating_sub(1),
                    e.marker().col(),
                    e.info().to_string(),
                ));
                return Err(err_at(e.marker(), e.info()));
            }
        };
        let at = |msg: &str| err_at(&span.start, msg);
        let node = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing => None,
            Event::DocumentStart(_) => {
                in_doc = true;
                b.anchors.clear();
                None
            }
            Event::DocumentEnd => {
                if in_doc {
                    docs.push(root.take().unwrap_or(Value::Nil));
                }
                in_doc = false;
                if first_only {
                    break;
                }
                None
            }
            Event::Alias(id) => {
                let Some((v, size)) = b.anchors.get(&id) else {
                    return Err(at("unknown anchor referenced"));
                };
                b.expanded += size;
                if b.expanded > MAX_ALIAS_NODES {
                    return Err(at(&format!(
                        "aliases expand to more than {MAX_ALIAS_NODES} nodes; write the content out instead of nesting aliases"
                    )));
                }
                Some(v.deep_copy())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let is_key = matches!(b.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key && style == ScalarStyle::Plain && tag.is_none() && value == "<<" {
                    if let Some(Frame::Map { key, .. }) = b.stack.last_mut() {
                        *key = Some(KeyState::Merge);
                    }
                    continue;
                }
                let v = scalar_value(&value, style, tag.as_deref()).map_err(|m| at(&m))?;
                if anchor != 0 {
                    b.anchors.insert(anchor, (v.clone(), 1));
                }
                if is_key {
                    let k = key_string(&v).map_err(|m| at(&m))?;
                    if let Some(Frame::Map { key, .. }) = b.stack.last_mut() {
                        *key = Some(KeyState::Key(k));
                    }
                    continue;
                }
                Some(v)
            }
            Event::SequenceStart(anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(at(&format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                b.stack.push(Frame::Seq(Vec::new(), anchor));
                None
            }
            Event::MappingStart(anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err(at(&format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                b.stack.push(Frame::Map {
                    entries: BTreeMap::new(),
                    key: None,
                    anchor,
                });
                None
            }
            Event::SequenceEnd => match b.stack.pop() {
                Some(Frame::Seq(items, anchor)) => {
                    let v = Value::list(items);
                    if anchor != 0 {
                        b.anchors.insert(anchor, (v.clone(), count(&v)));
                    }
                    Some(v)
                }
                _ => return Err(at("unbalanced sequence end")),
            },
            Event::MappingEnd => match b.stack.pop() {
                Some(Frame::Map {
                    entries, anchor, ..
                }) => {
                    let v = Value::map(entries);
                    if anchor != 0 {
                        b.anchors.insert(anchor, (v.deep_copy(), count(&v)));
                    }
                    Some(v)
                }
                _ => return Err(at("unbalanced mapping end")),
            },
        };
        if let Some(v) = node {
            match b.stack.last_mut() {
                None => root = Some(v),
                Some(Frame::Seq(items, _)) => items.push(v),
                Some(Frame::Map { entries, key, .. }) => match key.take() {
                    None => {
                        return Err(at(&format!(
                            "invalid map key: {}",
                            super::json::to_json(&v, false).unwrap_or_default()
                        )))
                    }
                    Some(KeyState::Key(k)) => {
                        entries.insert(k, v);
                    }
                    Some(KeyState::Merge) => merge_into(entries, v).map_err(|m| at(&m))?,
                },
            }
        }
    }
    if in_doc || root.is_some() {
        docs.push(root.take().unwrap_or(Value::Nil));
    }
    Ok(docs)
}

fn count(v: &Value) -> usize {
    match v {
        Value::List(l) => 1 + l.iter().map(count).sum::<usize>(),
        Value::Map(m) => 1 + m.borrow().values().map(count).sum::<usize>(),
        _ => 1,
    }
}

/// go-yaml v2's merge: a mapping is merged key by key (overwriting, in document
/// order); in a sequence of mappings the earlier ones take precedence.
fn merge_into(entries: &mut BTreeMap<String, Value>, v: Value) -> Result<(), String> {
    match v {
        Value::Map(m) => {
            for (k, x) in m.borrow().iter() {
                entries.insert(k.clone(), x.clone());
            }
            Ok(())
        }
        Value::List(items) => {
            for item in items.iter().rev() {
                match item {
                    Value::Map(_) => merge_into(entries, item.clone())?,
                    _ => {
                        return Err("map merge requires map or sequence of maps as the value".into())
                    }
                }
            }
            Ok(())
        }
        _ => Err("map merge requires map or sequence of maps as the value".into()),
    }
}

/// A mapping key as `sigs.k8s.io/yaml` turns it into a JSON object key.
fn key_string(v: &Value) -> Result<String, String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Float(f) => Ok(match go_float(*f).as_str() {
            "+Inf" => ".inf".to_string(),
            "-Inf" => "-.inf".to_string(),
            "NaN" => ".nan".to_string(),
            s => s.to_string(),
        }),
        Value::Int(i) => Ok(i.to_string()),
        Value::Nil => Err("unsupported map key of type: <nil>".into()),
        _ => Err("invalid map key".into()),
    }
}

fn scalar_value(
    text: &str,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
) -> Result<Value, String> {
    if let Some(t) = tag {
        if t.is_yaml_core_schema() {
            return match t.suffix.as_str() {
                "str" | "timestamp" => Ok(Value::str(text)),
                "binary" => {
                    let compact: String = text.split_whitespace().collect();
                    super::encoding::b64dec(&compact)
                        .map(|b| Value::from(String::from_utf8_lossy(&b).into_owned()))
                        .map_err(|_| "!!binary value contains invalid base64 data".to_string())
                }
                "null" => Ok(Value::Nil),
                "bool" => match resolve(text) {
                    v @ Value::Bool(_) => Ok(v),
                    _ => Err(format!("cannot decode !!str `{text}` as a !!bool")),
                },
                "int" => match resolve(text) {
                    v @ Value::Float(_) if is_int_text(text) => Ok(v),
                    _ => Err(format!("cannot decode !!str `{text}` as a !!int")),
                },
                "float" => match resolve(text) {
                    v @ Value::Float(_) => json_number(v),
                    _ => Err(format!("cannot decode !!str `{text}` as a !!float")),
                },
                _ => Ok(Value::str(text)),
            };
        }
        // A local tag: go-yaml keeps the value as written.
        if style != ScalarStyle::Plain {
            return Ok(Value::str(text));
        }
        return json_number(resolve(text));
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::str(text));
    }
    json_number(resolve(text))
}

fn is_int_text(text: &str) -> bool {
    let t = text.replace('_', "");
    let t = t.trim_start_matches(['+', '-']);
    !t.contains(['.', 'e', 'E']) || t.starts_with("0x")
}

/// JSON cannot hold infinities or NaN: `sigs.k8s.io/yaml` fails on them.
fn json_number(v: Value) -> Result<Value, String> {
    match v {
        Value::Float(f) if !f.is_finite() => Err(format!(
            "json: unsupported value: {}",
            crate::value::go_float(f)
        )),
        v => Ok(v),
    }
}

/// What a plain scalar means to go-yaml v2, with numbers as `float64` (as they are
/// after the JSON round trip).
pub fn resolve(s: &str) -> Value {
    match resolve_tag(s) {
        Resolved::Null => Value::Nil,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Float(i as f64),
        Resolved::Float(f) => Value::Float(f),
        Resolved::Str | Resolved::Timestamp => Value::str(s),
    }
}

#[derive(Debug, PartialEq)]
enum Resolved {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str,
    Timestamp,
}

fn resolve_tag(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first == b'.' {
        return match go_parse_float(s) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        };
    }
    if !(first.is_ascii_digit() || first == b'+' || first == b'-') {
        return Resolved::Str;
    }
    if first.is_ascii_digit() && is_timestamp(s) {
        return Resolved::Timestamp;
    }
    let plain = s.replace('_', "");
    if let Some(i) = go_parse_int(&plain) {
        return Resolved::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Some(f) = go_parse_float(&plain) {
            return Resolved::Float(f);
        }
    }
    for (prefix, radix) in [("0b", 2), ("0o", 8)] {
        let (neg, rest) = match plain.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, plain.as_str()),
        };
        if let Some(digits) = rest.strip_prefix(prefix) {
            if let Ok(v) = u64::from_str_radix(digits, radix) {
                let v = v as i128;
                if neg && v <= 1i128 << 63 {
                    return Resolved::Int(-v);
                }
                if !neg {
                    return Resolved::Int(v);
                }
            }
        }
    }
    Resolved::Str
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: decimal, `0x`,
/// `0o`, `0b`, and a leading `0` for octal.
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(r) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (r, 8)
    } else if let Some(r) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (r, 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()? as i128;
    if neg {
        (v <= 1i128 << 63).then_some(-v)
    } else {
        Some(v)
    }
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
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
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML uses.
fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// go-yaml v2's timestamp formats: `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`
/// (also with `t`), `2006-1-2 15:4:5.999999999`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut p = Cursor { b, i: 5 };
    let Some(month) = p.num(1, 2) else {
        return false;
    };
    if !p.eat(b'-') {
        return false;
    }
    let Some(day) = p.num(1, 2) else {
        return false;
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return false;
    }
    if p.i == b.len() {
        return true;
    }
    let sep = b[p.i];
    p.i += 1;
    let zoned = match sep {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    let (Some(h), true, Some(m), true, Some(sec)) = (
        p.num(1, 2),
        p.eat(b':'),
        p.num(1, 2),
        p.eat(b':'),
        p.num(1, 2),
    ) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if p.eat(b'.') && p.num(1, 9).is_none() {
        return false;
    }
    if zoned {
        if p.eat(b'Z') {
        } else if p.eat(b'+') || p.eat(b'-') {
            let (Some(zh), true, Some(zm)) = (p.num(2, 2), p.eat(b':'), p.num(2, 2)) else {
                return false;
            };
            if zh > 23 || zm > 59 {
                return false;
            }
        } else {
            return false;
        }
    }
    p.i == b.len()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() && self.i - start < max {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// What Helm's `toYaml` prints (`sigs.k8s.io/yaml.Marshal` without the final
/// newline). A value JSON cannot hold (NaN, infinities) gives "" as Helm swallows
/// the error.
pub fn to_yaml(v: &Value) -> String {
    match marshal(v, false) {
        Ok(mut s) => {
            if s.ends_with('\n') {
                s.pop();
            }
            s
        }
        Err(_) => String::new(),
    }
}

/// What Helm's `toYamlPretty` prints (go-yaml v3 encoder on the value, indent 2:
/// sequences indented under their key, floats as `%g` (`1e+06`), no folding of
/// long lines).
pub fn to_yaml_pretty(v: &Value) -> String {
    match marshal(v, true) {
        Ok(mut s) => {
            if s.ends_with('\n') {
                s.pop();
            }
            s
        }
        Err(_) => String::new(),
    }
}

/// `sigs.k8s.io/yaml.Marshal`: the full document text, with its final newline.
pub fn marshal(v: &Value, indent_seqs: bool) -> Result<String, String> {
    let data = to_data(v, 0, indent_seqs)?;
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        indent_seqs,
        // go-yaml v3 (toYamlPretty) does not fold long lines.
        width: if indent_seqs { usize::MAX } else { BEST_WIDTH },
    };
    match &data {
        Data::Map(m) if !m.is_empty() => e.map(m, 0),
        Data::List(l) if !l.is_empty() => e.list(l, 0),
        _ => {
            e.inline(&data, 2);
            e.newline();
        }
    }
    Ok(e.out)
}

/// The value after the JSON round trip: numbers are ints when their JSON text is
/// an integer that fits go-yaml's int/uint, keys sorted in go-yaml's order.
enum Data {
    Null,
    Bool(bool),
    /// Digits as JSON wrote them and go-yaml reads them back as an integer.
    Int(String),
    Float(f64),
    Str(String),
    List(Vec<Data>),
    Map(Vec<(String, Data)>),
}

/// `v3`: go-yaml v3 on the Go value (`toYamlPretty`): floats stay floats
/// (`1e+06`) and infinities are `.inf`; otherwise the JSON round trip of
/// `sigs.k8s.io/yaml`.
fn to_data(v: &Value, depth: usize, v3: bool) -> Result<Data, String> {
    if depth > MAX_DEPTH {
        return Err("json: unsupported value: encountered a cycle or nesting too deep".into());
    }
    Ok(match v {
        Value::Nil => Data::Null,
        Value::Bool(b) => Data::Bool(*b),
        Value::Int(i) => Data::Int(i.to_string()),
        Value::Float(f) if v3 => Data::Float(*f),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(format!("json: unsupported value: {}", go_float(*f)));
            }
            if f.fract() == 0.0 && f.abs() < 1e21 {
                // JSON writes it as integer digits; go-yaml reads an int when it fits.
                if *f >= -9.223_372_036_854_776e18 && *f < 1.844_674_407_370_955_2e19 {
                    if f.abs() < 9.0e18 {
                        Data::Int((*f as i64).to_string())
                    } else {
                        Data::Int(format!("{f}"))
                    }
                } else {
                    Data::Float(*f)
                }
            } else {
                Data::Float(*f)
            }
        }
        Value::Str(s) => Data::Str(s.to_string()),
        Value::List(l) => Data::List(
            l.iter()
                .map(|x| to_data(x, depth + 1, v3))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) => {
            let mut entries: Vec<(String, Data)> = m
                .borrow()
                .iter()
                .map(|(k, x)| Ok((k.clone(), to_data(x, depth + 1, v3)?)))
                .collect::<Result<_, String>>()?;
            entries.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            Data::Map(entries)
        }
        Value::Object(o) => to_data(&o.to_data(), depth + 1, v3)?,
    })
}

/// go-yaml's key order (`keyList.Less`): letters compare by code point, runs of
/// digits by numeric value, a letter sorts after a non-letter.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

struct Emitter {
    out: String,
    column: usize,
    indent_seqs: bool,
    width: usize,
}

const BEST_WIDTH: usize = 80;

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            self.put_char(c);
        }
    }
    fn put_char(&mut self, c: char) {
        self.out.push(c);
        if c == '\n' {
            self.column = 0;
        } else {
            self.column += 1;
        }
    }
    fn newline(&mut self) {
        self.put_char('\n');
    }
    fn pad(&mut self, n: usize) {
        for _ in 0..n {
            self.put_char(' ');
        }
    }

    /// A scalar or an empty collection, written where the cursor is; `indent` is
    /// the indentation of continuation lines.
    fn inline(&mut self, d: &Data, indent: usize) {
        match d {
            Data::Null => self.put("null"),
            Data::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Data::Int(s) => self.put(s),
            Data::Float(f) => self.put(&match go_float(*f).as_str() {
                "+Inf" => ".inf".to_string(),
                "-Inf" => "-.inf".to_string(),
                "NaN" => ".nan".to_string(),
                other => other.to_string(),
            }),
            Data::Str(s) => self.string(s, indent, false),
            Data::List(_) => self.put("[]"),
            Data::Map(_) => self.put("{}"),
        }
    }

    fn map(&mut self, m: &[(String, Data)], indent: usize) {
        for (i, (k, v)) in m.iter().enumerate() {
            if i > 0 {
                self.pad(indent);
            }
            // libyaml writes a key over 128 bytes or with a line break as a
            // complex key: `? key` then `: value`.
            if k.len() > 128 || k.contains(is_break) {
                self.put("? ");
                self.string(k, indent + 2, false);
                self.newline();
                self.pad(indent);
                self.put_char(':');
                self.put_char(' ');
                match v {
                    Data::Map(m) if !m.is_empty() => self.map(m, indent + 2),
                    Data::List(l) if !l.is_empty() => self.list(l, indent + 2),
                    _ => {
                        self.inline(v, indent + 2);
                        self.newline();
                    }
                }
                continue;
            }
            self.string(k, indent, true);
            self.put_char(':');
            self.value_after(v, indent, true);
        }
    }

    fn list(&mut self, l: &[Data], indent: usize) {
        for (i, v) in l.iter().enumerate() {
            if i > 0 {
                self.pad(indent);
            }
            self.put("- ");
            match v {
                Data::Map(m) if !m.is_empty() => self.map(m, indent + 2),
                Data::List(l) if !l.is_empty() => self.list(l, indent + 2),
                _ => {
                    self.inline(v, indent + 2);
                    self.newline();
                }
            }
        }
    }

    /// After `key:`: a space and a scalar, or a nested block.
    fn value_after(&mut self, v: &Data, indent: usize, _in_map: bool) {
        match v {
            Data::Map(m) if !m.is_empty() => {
                self.newline();
                self.pad(indent + 2);
                self.map(m, indent + 2);
            }
            Data::List(l) if !l.is_empty() => {
                self.newline();
                let ind = if self.indent_seqs { indent + 2 } else { indent };
                self.pad(ind);
                self.list(l, ind);
            }
            _ => {
                self.put_char(' ');
                self.inline(v, indent + 2);
                self.newline();
            }
        }
    }

    fn string(&mut self, s: &str, indent: usize, simple_key: bool) {
        let style = choose_style(s, simple_key, self.indent_seqs);
        match style {
            Style::Plain => self.plain(s, indent, !simple_key),
            Style::Single => self.single(s, indent, !simple_key),
            Style::Double => self.double(s, indent, !simple_key),
            Style::Literal => self.literal(s, indent),
        }
    }

    /// Folding a long scalar: a line break, then the continuation indentation.
    fn write_indent(&mut self, indent: usize) {
        self.newline();
        self.pad(indent);
    }

    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
        }
    }

    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.put_char('\'');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && i != 0
                    && i != chars.len() - 1
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.put_char('\'');
                }
                self.put_char(c);
                spaces = false;
            }
        }
        self.put_char('\'');
    }

    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.put_char('"');
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put_char('\\');
                let esc = match c {
                    '\0' => "0".to_string(),
                    '\x07' => "a".into(),
                    '\x08' => "b".into(),
                    '\t' => "t".into(),
                    '\n' => "n".into(),
                    '\x0b' => "v".into(),
                    '\x0c' => "f".into(),
                    '\r' => "r".into(),
                    '\x1b' => "e".into(),
                    '"' => "\"".into(),
                    '\\' => "\\".into(),
                    '\u{85}' => "N".into(),
                    '\u{a0}' => "_".into(),
                    '\u{2028}' => "L".into(),
                    '\u{2029}' => "P".into(),
                    c if (c as u32) <= 0xff => format!("x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("u{:04X}", c as u32),
                    c => format!("U{:08X}", c as u32),
                };
                self.put(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && i != 0
                    && i != chars.len() - 1
                {
                    self.write_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put_char('\\');
                    }
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
            i += 1;
        }
        self.put_char('"');
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.put_char('|');
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.put_char('2');
        }
        let last = chars.last().copied();
        if !last.is_some_and(is_break) {
            self.put_char('-');
        } else if chars.len() == 1 || chars.len() >= 2 && is_break(chars[chars.len() - 2]) {
            self.put_char('+');
        }
        self.newline();
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.newline();
                breaks = true;
            } else {
                if breaks {
                    self.pad(indent);
                }
                self.put_char(c);
                breaks = false;
            }
        }
        // The caller writes the line break that ends the node; a literal already
        // ended with its own, unless its text ended without one.
        if last.is_some_and(is_break) {
            self.out.pop();
            self.column = 1;
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0a
        || (0x20..=0x7e).contains(&u)
        || u == 0x85
        || (0xa0..=0xd7ff).contains(&u)
        || ((0xe000..=0xfffd).contains(&u) && u != 0xfeff)
}

/// go-yaml v2's `stringv` choice, then libyaml's `analyze_scalar` and
/// `select_scalar_style` in block context.
fn choose_style(s: &str, simple_key: bool, v3: bool) -> Style {
    let wanted = if s.contains('\n') {
        Style::Literal
    } else if resolves_to_non_string(s, v3) {
        Style::Double
    } else {
        Style::Plain
    };
    let a = analyze(s);
    let mut style = wanted;
    if style == Style::Literal && (simple_key || !a.block_allowed) {
        style = Style::Double;
    }
    if style == Style::Plain && (!a.block_plain_allowed || s.is_empty() && simple_key) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single_allowed {
        style = Style::Double;
    }
    style
}

fn resolves_to_non_string(s: &str, v3: bool) -> bool {
    if s == "<<" {
        return false;
    }
    if is_base60_float(s) {
        return true;
    }
    if v3 {
        // go-yaml v3 still quotes YAML 1.1 booleans for compatibility.
        return !matches!(resolve_tag(s), Resolved::Str);
    }
    !matches!(resolve_tag(s), Resolved::Str)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !s.contains(':') {
        return false;
    }
    let mut i = 0;
    if b[0] == b'+' || b[0] == b'-' {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let n = i - start;
        if n == 0 || (n == 2 && b[start] > b'5') {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

struct Analysis {
    block_plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            block_plain_allowed: true,
            single_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut special, mut line_breaks) =
        (false, false, false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws = i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\t';
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = c == ' ' || c == '\t' || is_break(c);
    }
    let mut a = Analysis {
        block_plain_allowed: true,
        single_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_yaml_accepts_and_saphyr_does_not_are_read() {
        // Real values files close flow collections at the key's indentation
        // and continue quoted strings under their key; helm reads both.
        let v = parse_values(
            "server:\n  args: [\n    \"server\",\n    \"-dev\"\n  ]\n  note: 'one\n  two'\n",
        )
        .unwrap();
        assert_eq!(
            to_yaml(&v),
            "server:\n  args:\n  - server\n  - -dev\n  note: one two"
        );
        // Other errors still say where.
        let e = parse_values("a: [1\nb: 2\n").unwrap_err();
        assert!(e.contains("line"), "{e}");
    }

    fn y(text: &str) -> String {
        to_yaml(&parse_values(text).expect("parses"))
    }

    #[test]
    fn scalars_resolve_as_helm_reads_values() {
        let v = parse_values("a: [1, 2.5, 1e3, 0644, yes, on, ~, 2001-01-01, 0x1f, 1_000, 0o17]")
            .unwrap();
        assert_eq!(
            v.to_string(),
            "map[a:[1 2.5 1000 420 true true <nil> 2001-01-01 31 1000 15]]"
        );
        if let Value::Map(m) = &v {
            if let Value::List(l) = &m.borrow()["a"] {
                assert!(matches!(l[0], Value::Float(_)), "numbers are float64");
            }
        }
        assert!(parse_values("a: .inf").unwrap_err().contains("+Inf"));
        assert!(parse_values("- a")
            .unwrap_err()
            .contains("cannot unmarshal array"));
        assert_eq!(parse_values("").unwrap().to_string(), "map[]");
    }

    #[test]
    fn values_documents_merge_as_helm_v4() {
        // What helm v4.1.4 prints for `toJson .Values` with these values files.
        let cases = [
            ("---\na: 1\n---\nb: 2\n", r#"{"a":1,"b":2}"#),
            (
                "a: {x: 1}\nk: 1\n---\na: {y: 2}\n",
                r#"{"a":{"true":2,"x":1},"k":1}"#,
            ),
            (
                "a: 1\nb: {c: 1, d: [1]}\n---\na: 2\nb: {c: 2, d: [2]}\n",
                r#"{"a":2,"b":{"c":2,"d":[2]}}"#,
            ),
            (
                "a: 1\nb: 2\n---\na: null\nb: {x: 1}\n",
                r#"{"a":null,"b":{"x":1}}"#,
            ),
            ("a: {x: 1}\n---\na: 5\n", r#"{"a":5}"#),
            ("---\n---\nb: 2\n", r#"{"b":2}"#),
            ("# only comment\n", "{}"),
            ("\u{feff}a: 1\n", r#"{"a":1}"#),
            (
                "a: !!str 123\nb: !!int \"7\"\nc: !!float 3\nd: !custom x\ne: !!binary aGk=\n",
                r#"{"a":"123","b":7,"c":3,"d":"x","e":"hi"}"#,
            ),
            (
                "a: |\n  x\n  y\nb: >\n  folded\n  text\n\n  para\nc: \"\\u00e9\\x41\"\n",
                r#"{"a":"x\ny\n","b":"folded text\npara\n","c":"éA"}"#,
            ),
            (
                "a:\n- b: 1\n  c: 2\n-   - x\n    - y\n",
                r#"{"a":[{"b":1,"c":2},["x",true]]}"#,
            ),
            ("? complex\n: 1\n", r#"{"complex":1}"#),
        ];
        for (text, want) in cases {
            let v = parse_values(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(
                super::super::json::to_json(&v, true).unwrap(),
                want,
                "{text:?}"
            );
        }
        assert!(parse_values("a: 1\n---\n- x\n")
            .unwrap_err()
            .contains("cannot unmarshal array"));
        assert!(parse_values("a: -.inf").unwrap_err().contains("-Inf"));
    }

    #[test]
    fn keys_and_merges_as_go_yaml_v2() {
        let v = parse_values(
            "base: &b {x: 1, y: 2}\nm1: {x: 0, <<: *b}\nm2: {<<: *b, x: 0}\n1: a\n1.5: b\ntrue: c\ndup: 1\ndup: 2",
        )
        .unwrap();
        assert_eq!(
            to_yaml(&v),
            "\"1\": a\n\"1.5\": b\nbase:\n  \"true\": 2\n  x: 1\ndup: 2\nm1:\n  \"true\": 2\n  x: 1\nm2:\n  \"true\": 2\n  x: 0\n\"true\": c"
        );
        let err = parse_values("a: [1\nb: 2").unwrap_err();
        assert!(err.contains("line"), "{err}");
    }

    #[test]
    fn to_yaml_matches_helm() {
        // Expected texts printed by helm v4.1.4 `toYaml .Values`.
        assert_eq!(
            y("l: [[1,2],{z: 1, a: 2}]\nb: {}\nc: []\no: {a: [{b: 1, c: [1, {d: 2}]}], e: {f: {g: []}}}"),
            "b: {}\nc: []\nl:\n- - 1\n  - 2\n- a: 2\n  z: 1\no:\n  a:\n  - b: 1\n    c:\n    - 1\n    - d: 2\n  e:\n    f:\n      g: []"
        );
        assert_eq!(
            y("f: [1234567.5, 1e20, 1e21, 0.000001, 0.0000001, 100000000000000000000000000, 3.0, -1.5, 123456.7, 1.5e300, 9007199254740993, 12345678901234567890]"),
            "f:\n- 1.2345675e+06\n- 1e+20\n- 1e+21\n- 1e-06\n- 1e-07\n- 1e+26\n- 3\n- -1.5\n- 123456.7\n- 1.5e+300\n- 9007199254740992\n- 12345678901234567000"
        );
        assert_eq!(
            y("k: {a10: 1, a9: 1, a_b: 1, aB: 1, Ab: 1, A: 1, \"1\": 1, \"10\": 1, \"2\": 1, \"-x\": 1, b1c: 1, b01c: 1, \"ä\": 1, a-b: 1, a.b: 1, \"\": 1, \" \": 1, a: 1, \"a 1\": 1, \"a01\": 1, \"a1\": 1, \"a001\": 1, \"x0y\": 1, \"x00y\": 1}"),
            "k:\n  \"\": 1\n  ' ': 1\n  -x: 1\n  \"1\": 1\n  \"2\": 1\n  \"10\": 1\n  A: 1\n  Ab: 1\n  a: 1\n  a 1: 1\n  a-b: 1\n  a.b: 1\n  a_b: 1\n  a1: 1\n  a01: 1\n  a001: 1\n  a9: 1\n  a10: 1\n  aB: 1\n  b1c: 1\n  b01c: 1\n  x00y: 1\n  x0y: 1\n  ä: 1"
        );
    }

    #[test]
    fn long_and_multiline_keys_are_complex_keys() {
        let (k, l, m) = ("k".repeat(130), "l".repeat(130), "m".repeat(130));
        let text = format!(
            "a:\n  {k}: 1\n  {l}: [1, 2]\n  {m}: x\n  \"a\\nb\": {{c: 1}}\n  \"x\\ny\": z\n"
        );
        // Printed by helm v4.1.4.
        let want = format!("a:\n  ? |-\n    a\n    b\n  : c: 1\n  ? {k}\n  : 1\n  ? {l}\n  : - 1\n    - 2\n  ? {m}\n  : x\n  ? |-\n    x\n    y\n  : z");
        assert_eq!(y(&text), want);
    }

    #[test]
    fn strings_quoted_as_helm() {
        let cases: &[(&str, &str)] = &[
            ("1:20", "\"1:20\""),
            ("190:20:30", "\"190:20:30\""),
            ("0b101", "\"0b101\""),
            (".nan", "\".nan\""),
            ("0x", "0x"),
            ("1.", "\"1.\""),
            ("-", "'-'"),
            ("+", "+"),
            (".", "."),
            ("1e", "1e"),
            ("08", "\"08\""),
            ("1,000", "1,000"),
            ("True", "\"True\""),
            ("tRue", "tRue"),
            ("nULL", "nULL"),
            ("2001-01-01T10:00:00Z", "\"2001-01-01T10:00:00Z\""),
            ("2001-1-1", "\"2001-1-1\""),
            ("12:30", "\"12:30\""),
            ("_1", "_1"),
            ("+0x10", "\"+0x10\""),
            ("-.5", "\"-.5\""),
            ("=", "="),
            ("a:b", "a:b"),
            ("a: b", "'a: b'"),
            (":a", ":a"),
            ("a:", "'a:'"),
            ("a#", "a#"),
            ("a #", "'a #'"),
            (" ", "' '"),
            ("x ", "'x '"),
            ("\tx", "\"\\tx\""),
            ("a\"b", "a\"b"),
            ("a'b", "a'b"),
            ("'a", "'''a'"),
            ("\"a", "'\"a'"),
            ("a\\b", "a\\b"),
            ("€", "€"),
            ("😀", "\"\\U0001F600\""),
            ("", "\"\""),
            ("<<", "<<"),
            ("x\r\ny", "\"x\\r\\ny\""),
            ("a\n", "|\n  a"),
            ("\na", "|2-\n\n  a"),
            ("a\n\n\n", "|+\n  a\n\n"),
            (" a\nb", "|2-\n   a\n  b"),
            ("a \nb", "\"a \\nb\""),
            ("a\n b", "|-\n  a\n   b"),
            ("- a\nb", "|-\n  - a\n  b"),
        ];
        for (s, want) in cases {
            assert_eq!(to_yaml(&Value::str(*s)), *want, "{s:?}");
        }
        let long = "long ".repeat(30);
        let long = long.trim_end();
        let mut m = BTreeMap::new();
        m.insert("ad".to_string(), Value::str(long));
        assert_eq!(
            to_yaml(&Value::map(m)),
            format!(
                "ad: {}\n  {}",
                "long ".repeat(16).trim_end(),
                "long ".repeat(14).trim_end()
            )
        );
    }
}
