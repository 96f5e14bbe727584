//! `toToml` and `fromToml`: BurntSushi/toml as Helm uses it.
//!
//! Faithful for maps of scalars, lists, nested tables (indented two spaces per
//! level) and arrays of tables; `nil` values are skipped; floats always carry a
//! decimal point or exponent (`1.0`, `1e+21`). Not reproduced: inline tables
//! inside arrays that mix tables and scalars (written here as inline tables).

use crate::value::{go_float, Value};

/// The TOML text, or BurntSushi's error message.
pub fn to_toml(v: &Value) -> Result<String, String> {
    let Value::Map(_) = v else {
        return Err("toml: top-level values must be Go maps or structs".into());
    };
    let mut e = Enc {
        out: String::new(),
        written: false,
    };
    e.table(&[], v, 0)?;
    Ok(e.out)
}

struct Enc {
    out: String,
    written: bool,
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_array_of_tables(v: &Value) -> bool {
    matches!(v, Value::List(l) if !l.is_empty() && l.iter().all(is_table))
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let s = go_float(f);
    if s.contains(['.', 'e']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn inline(v: &Value, depth: usize) -> Result<String, String> {
    if depth > super::util::MAX_DEPTH {
        return Err("toml: nesting too deep".into());
    }
    Ok(match v {
        Value::Nil => return Err("toml: cannot encode a nil value".into()),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => float(*x),
        Value::Str(s) => quote(s),
        Value::List(l) => {
            let items: Vec<String> = l
                .iter()
                .map(|x| inline(x, depth + 1))
                .collect::<Result<_, _>>()?;
            format!("[{}]", items.join(", "))
        }
        Value::Map(m) => {
            let mut items = Vec::new();
            for (k, x) in m.borrow().iter() {
                if x.is_nil() {
                    continue;
                }
                items.push(format!("{} = {}", key(k), inline(x, depth + 1)?));
            }
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(o) => inline(&o.to_data(), depth + 1)?,
    })
}

impl Enc {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
        self.written = true;
    }
    fn newline(&mut self) {
        if self.written {
            self.out.push('\n');
        }
    }

    fn table(&mut self, path: &[String], v: &Value, depth: usize) -> Result<(), String> {
        if depth > super::util::MAX_DEPTH {
            return Err("toml: nesting too deep".into());
        }
        let Value::Map(m) = v else { return Ok(()) };
        let entries: Vec<(String, Value)> = m
            .borrow()
            .iter()
            .map(|(k, x)| (k.clone(), x.clone()))
            .collect();
        let indent = "  ".repeat(path.len());
        for (k, x) in &entries {
            if x.is_nil() || is_table(x) || is_array_of_tables(x) {
                continue;
            }
            let line = format!("{indent}{} = {}\n", key(k), inline(x, depth + 1)?);
            self.w(&line);
        }
        for (k, x) in &entries {
            let mut sub = path.to_vec();
            sub.push(k.clone());
            let name: Vec<String> = sub.iter().map(|p| key(p)).collect();
            let name = name.join(".");
            if is_table(x) {
                if sub.len() == 1 {
                    self.newline();
                }
                self.w(&format!("{indent}[{name}]\n"));
                self.table(&sub, x, depth + 1)?;
            } else if is_array_of_tables(x) {
                if let Value::List(l) = x {
                    for t in l.iter() {
                        self.newline();
                        self.w(&format!("{indent}[[{name}]]\n"));
                        self.table(&sub, t, depth + 1)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Helm's `fromToml` reader (BurntSushi/toml decoding into a map): integers are
/// `int64`, floats `float64`, date-times `time.Time` (local ones in UTC), and
/// errors read `toml: line N: ...` (worded more briefly than BurntSushi's).
pub fn from_toml(text: &str) -> Result<Value, String> {
    let mut p = Reader {
        s: text.chars().collect(),
        i: 0,
        line: 1,
    };
    let root = Value::empty_map();
    let mut current = root.clone();
    let mut defined: Vec<Vec<String>> = Vec::new();
    loop {
        p.skip_blank_lines();
        let Some(c) = p.peek() else { break };
        if c == '[' {
            p.i += 1;
            let array = p.peek() == Some('[');
            if array {
                p.i += 1;
            }
            p.skip_ws();
            let path = p.key()?;
            p.skip_ws();
            p.expect(']')?;
            if array {
                p.expect(']')?;
            }
            current = if array {
                p.array_table(&root, &path)?
            } else {
                if defined.contains(&path) {
                    return Err(p.err(&format!("table {:?} already defined", path.join("."))));
                }
                defined.push(path.clone());
                p.table(&root, &path)?
            };
        } else {
            let path = p.key()?;
            p.skip_ws();
            p.expect('=')?;
            p.skip_ws();
            let v = p.value(0)?;
            p.insert(&current, &path, v)?;
        }
        p.skip_ws();
        p.comment();
        match p.peek() {
            None => break,
            Some('\n') => {}
            Some('\r') if p.s.get(p.i + 1) == Some(&'\n') => {}
            Some(c) => return Err(p.err(&format!("expected a new line, found {c:?}"))),
        }
    }
    Ok(root)
}

struct Reader {
    s: Vec<char>,
    i: usize,
    line: usize,
}

impl Reader {
    fn err(&self, msg: &str) -> String {
        format!("toml: line {}: {msg}", self.line)
    }
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.peek() {
            Some(x) if x == c => {
                self.i += 1;
                Ok(())
            }
            Some(x) => Err(self.err(&format!("expected {c:?}, found {x:?}"))),
            None => Err(self.err(&format!("unexpected EOF; expected {c:?}"))),
        }
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }
    fn comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.i += 1;
            }
        }
    }
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_ws();
            self.comment();
            match self.peek() {
                Some('\n') | Some('\r') => {
                    self.bump();
                }
                _ => return,
            }
        }
    }
    /// Whitespace, newlines and comments (inside arrays).
    fn skip_all(&mut self) {
        loop {
            self.skip_blank_lines();
            if !matches!(self.peek(), Some('\n' | '\r' | ' ' | '\t' | '#')) {
                return;
            }
        }
    }

    fn key(&mut self) -> Result<Vec<String>, String> {
        let mut parts = Vec::new();
        loop {
            self.skip_ws();
            let part = match self.peek() {
                Some('"') => self.basic_string()?,
                Some('\'') => self.literal_string()?,
                Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '-' => {
                    let start = self.i;
                    while self
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        self.i += 1;
                    }
                    self.s[start..self.i].iter().collect()
                }
                Some(c) => return Err(self.err(&format!("invalid key character {c:?}"))),
                None => return Err(self.err("unexpected EOF; expected a key")),
            };
            parts.push(part);
            self.skip_ws();
            if self.peek() == Some('.') {
                self.i += 1;
            } else {
                return Ok(parts);
            }
        }
    }

    fn descend(&self, from: &Value, key: &str) -> Result<Value, String> {
        let Value::Map(m) = from else {
            return Err(self.err(&format!("key {key:?} is not a table")));
        };
        let existing = m.borrow().get(key).cloned();
        match existing {
            Some(v @ Value::Map(_)) => Ok(v),
            Some(Value::List(l)) => match l.last() {
                Some(v @ Value::Map(_)) => Ok(v.clone()),
                _ => Err(self.err(&format!("key {key:?} is not a table"))),
            },
            Some(_) => Err(self.err(&format!("key {key:?} has already been defined"))),
            None => {
                let t = Value::empty_map();
                m.borrow_mut().insert(key.to_string(), t.clone());
                Ok(t)
            }
        }
    }

    fn table(&self, root: &Value, path: &[String]) -> Result<Value, String> {
        let mut cur = root.clone();
        for k in path {
            cur = self.descend(&cur, k)?;
        }
        Ok(cur)
    }

    fn array_table(&self, root: &Value, path: &[String]) -> Result<Value, String> {
        let (last, parents) = path
            .split_last()
            .ok_or_else(|| self.err("empty table name"))?;
        let parent = self.table(root, parents)?;
        let Value::Map(m) = &parent else {
            return Err(self.err("not a table"));
        };
        let t = Value::empty_map();
        let existing = m.borrow().get(last).cloned();
        let list = match existing {
            None => vec![t.clone()],
            Some(Value::List(l)) => {
                let mut l = l.as_ref().clone();
                l.push(t.clone());
                l
            }
            Some(_) => return Err(self.err(&format!("key {last:?} has already been defined"))),
        };
        m.borrow_mut().insert(last.clone(), Value::list(list));
        Ok(t)
    }

    fn insert(&self, table: &Value, path: &[String], v: Value) -> Result<(), String> {
        let (last, parents) = path.split_last().ok_or_else(|| self.err("empty key"))?;
        let mut cur = table.clone();
        for k in parents {
            cur = self.descend(&cur, k)?;
        }
        let Value::Map(m) = &cur else {
            return Err(self.err("not a table"));
        };
        if m.borrow().contains_key(last) {
            return Err(self.err(&format!("Key '{last}' has already been defined.")));
        }
        m.borrow_mut().insert(last.clone(), v);
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > super::util::MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        match self.peek() {
            None => Err(self.err("unexpected EOF; expected value")),
            Some('"') => Ok(Value::from(self.basic_string()?)),
            Some('\'') => Ok(Value::from(self.literal_string()?)),
            Some('[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_all();
                    if self.peek() == Some(']') {
                        self.i += 1;
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    self.skip_all();
                    match self.bump() {
                        Some(',') => continue,
                        Some(']') => break,
                        _ => return Err(self.err("expected ',' or ']' in array")),
                    }
                }
                Ok(Value::list(items))
            }
            Some('{') => {
                self.i += 1;
                let t = Value::empty_map();
                self.skip_ws();
                if self.peek() == Some('}') {
                    self.i += 1;
                    return Ok(t);
                }
                loop {
                    let path = self.key()?;
                    self.skip_ws();
                    self.expect('=')?;
                    self.skip_ws();
                    let v = self.value(depth + 1)?;
                    self.insert(&t, &path, v)?;
                    self.skip_ws();
                    match self.bump() {
                        Some(',') => self.skip_ws(),
                        Some('}') => return Ok(t),
                        _ => return Err(self.err("expected ',' or '}' in inline table")),
                    }
                }
            }
            Some(_) => self.scalar(),
        }
    }

    fn basic_string(&mut self) -> Result<String, String> {
        let multi = self.s[self.i..].starts_with(&['"', '"', '"']);
        self.i += if multi { 3 } else { 1 };
        if multi && self.peek() == Some('\n') {
            self.bump();
        } else if multi && self.s[self.i..].starts_with(&['\r', '\n']) {
            self.i += 1;
            self.bump();
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err("unexpected EOF in string"));
            };
            match c {
                '"' if !multi => return Ok(out),
                '"' if self.s[self.i..].starts_with(&['"', '"']) => {
                    self.i += 2;
                    // Up to two more quotes belong to the content.
                    while self.peek() == Some('"') && out.len() < usize::MAX {
                        if self.s[self.i..].starts_with(&['"', '"', '"']) {
                            break;
                        }
                        out.push('"');
                        self.i += 1;
                    }
                    return Ok(out);
                }
                '\n' if !multi => return Err(self.err("newline in a string")),
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(self.err("unexpected EOF in string"));
                    };
                    match e {
                        'b' => out.push('\x08'),
                        't' => out.push('\t'),
                        'n' => out.push('\n'),
                        'f' => out.push('\x0c'),
                        'r' => out.push('\r'),
                        'e' => out.push('\x1b'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'u' | 'U' => {
                            let n = if e == 'u' { 4 } else { 8 };
                            let hex: String = self.s[self.i..(self.i + n).min(self.s.len())]
                                .iter()
                                .collect();
                            self.i += n;
                            let c = u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.err(&format!("invalid escape \\{e}{hex}")))?;
                            out.push(c);
                        }
                        c if multi && (c == '\n' || c == ' ' || c == '\t' || c == '\r') => {
                            // A line-ending backslash trims the following whitespace.
                            while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
                                self.bump();
                            }
                        }
                        c => return Err(self.err(&format!("invalid escape character {c:?}"))),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn literal_string(&mut self) -> Result<String, String> {
        let multi = self.s[self.i..].starts_with(&['\'', '\'', '\'']);
        self.i += if multi { 3 } else { 1 };
        if multi && self.peek() == Some('\n') {
            self.bump();
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err("unexpected EOF in string"));
            };
            match c {
                '\'' if !multi => return Ok(out),
                '\'' if self.s[self.i..].starts_with(&['\'', '\'']) => {
                    self.i += 2;
                    while self.peek() == Some('\'') {
                        if self.s[self.i..].starts_with(&['\'', '\'', '\'']) {
                            break;
                        }
                        out.push('\'');
                        self.i += 1;
                    }
                    return Ok(out);
                }
                '\n' if !multi => return Err(self.err("newline in a string")),
                c => out.push(c),
            }
        }
    }

    fn scalar(&mut self) -> Result<Value, String> {
        let start = self.i;
        let word = |c: char| c.is_ascii_alphanumeric() || "_+-.:".contains(c);
        while self.peek().is_some_and(word) {
            self.i += 1;
        }
        // `1979-05-27 07:32:00`: a date, a space, a time.
        if self.i - start == 10
            && self.peek() == Some(' ')
            && self.s.get(self.i + 1).is_some_and(char::is_ascii_digit)
            && self.s[start + 4] == '-'
        {
            self.i += 1;
            while self.peek().is_some_and(word) {
                self.i += 1;
            }
        }
        let t: String = self.s[start..self.i].iter().collect();
        match t.as_str() {
            "" => return Err(self.err("expected a value")),
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "inf" | "+inf" => return Ok(Value::Float(f64::INFINITY)),
            "-inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
            "nan" | "+nan" | "-nan" => return Ok(Value::Float(f64::NAN)),
            _ => {}
        }
        let b = t.as_bytes();
        let is_date = b.len() >= 10 && b[4] == b'-' && b[..4].iter().all(u8::is_ascii_digit);
        let is_time = b.len() >= 8 && b[2] == b':' && b[..2].iter().all(u8::is_ascii_digit);
        if is_date || is_time {
            let norm: String = t
                .chars()
                .enumerate()
                .map(|(k, c)| match c {
                    ' ' | 't' if k == 10 => 'T',
                    'z' => 'Z',
                    c => c,
                })
                .collect();
            // BurntSushi names the zone of local values `datetime-local`,
            // `date-local` and `time-local` (the local offset, UTC here).
            for (layout, zone) in [
                ("2006-01-02T15:04:05.999999999Z07:00", None),
                ("2006-01-02T15:04:05.999999999", Some("datetime-local")),
                ("2006-01-02", Some("date-local")),
                ("15:04:05.999999999", Some("time-local")),
            ] {
                if let Ok(mut time) = super::dates::parse(layout, &norm) {
                    if let Some(z) = zone {
                        time.zone = z.to_string();
                    }
                    return Ok(Value::Object(std::rc::Rc::new(time)));
                }
            }
            return Err(self.err(&format!("invalid datetime {t:?}")));
        }
        let digits = t.replace('_', "");
        let (neg, body) = match digits.strip_prefix('-') {
            Some(r) => (true, r.to_string()),
            None => (false, digits.trim_start_matches('+').to_string()),
        };
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(r) = body.strip_prefix(prefix) {
                return i64::from_str_radix(r, radix)
                    .map(Value::Int)
                    .map_err(|_| self.err(&format!("invalid integer {t:?}")));
            }
        }
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
            let v: i64 = format!("{}{body}", if neg { "-" } else { "" })
                .parse()
                .map_err(|_| self.err(&format!("integer {t:?} is out of range for int64")))?;
            return Ok(Value::Int(v));
        }
        if body
            .bytes()
            .all(|c| c.is_ascii_digit() || b".eE+-".contains(&c))
            && body.bytes().next().is_some_and(|c| c.is_ascii_digit())
        {
            if let Ok(f) = digits.parse::<f64>() {
                return Ok(Value::Float(f));
            }
        }
        Err(self.err(&format!("invalid value {t:?}")))
    }
}
