//! Helm's `--set` syntax (`pkg/strvals`), parsed into values as Helm does.
//!
//! `a.b=c,d=e`; lists `a={x,y}`; indexes `a[0].b=1` (missing elements become
//! `null`); `\` escapes the next character anywhere (`a\.b=x\,y`); with `--set`
//! `true`/`false` are bools, `null` is null (it deletes a chart default when the
//! values are coalesced), integers not starting with `0` are int64 and `0` is 0;
//! `--set-string` keeps strings; `--set-json` takes JSON values; `--set-file`
//! reads the value from a file. Error texts follow Helm's.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::value::{Map, Value};

/// Go's limits in strvals.
const MAX_INDEX: usize = 65536;
const MAX_NESTED_NAME_LEVEL: usize = 30;
/// plumb's own limit on `a[0][0]...` nesting.
const MAX_LIST_NESTING: usize = 100;

/// How a `--set`-style value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--set`: typed (`true`, `null`, `42` become bool, null, int64).
    Typed,
    /// `--set-string`.
    String,
    /// `--set-json`.
    Json,
}

/// Parses `s` (one `--set` argument) into `dest`, as `strvals.ParseInto`.
pub fn parse_into(s: &str, dest: &Map, mode: Mode) -> Result<(), String> {
    let mut p = Parser {
        sc: s.chars().collect(),
        pos: 0,
        mode,
        file_reader: None,
        list_depth: 0,
    };
    p.parse(dest)
}

/// Parses one `--set-file` argument: each value is a file path read by `read`.
pub fn parse_into_file(s: &str, dest: &Map, read: &FileReader) -> Result<(), String> {
    let mut p = Parser {
        sc: s.chars().collect(),
        pos: 0,
        mode: Mode::String,
        file_reader: Some(read),
        list_depth: 0,
    };
    p.parse(dest)
}

/// Parses `s` into a fresh map (`strvals.Parse`).
pub fn parse(s: &str, mode: Mode) -> Result<Value, String> {
    let m: Map = Rc::new(RefCell::new(BTreeMap::new()));
    parse_into(s, &m, mode)?;
    Ok(Value::Map(m))
}

/// Reads a `--set-file` value from its path.
pub type FileReader = dyn Fn(&str) -> Result<Value, String>;

enum Stop {
    Eof,
    Char(char),
}

struct Parser<'a> {
    sc: Vec<char>,
    pos: usize,
    mode: Mode,
    file_reader: Option<&'a FileReader>,
    /// Current `[i][j]...` nesting (plumb's stack guard).
    list_depth: usize,
}

/// Helm's `typedVal`.
pub fn typed_val(v: &str, string: bool) -> Value {
    if string {
        return Value::str(v);
    }
    if v.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if v.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if v == "0" {
        return Value::Int(0);
    }
    if !v.is_empty() && !v.starts_with('0') {
        if let Some(i) = go_parse_int(v) {
            return Value::Int(i);
        }
    }
    Value::str(v)
}

/// Go's `strconv.ParseInt(v, 10, 64)` (an optional sign, then decimal digits,
/// `_` not allowed in base 10).
fn go_parse_int(v: &str) -> Option<i64> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<i64>().ok()
}

enum Err {
    Eof,
    Msg(String),
}

impl From<String> for Err {
    fn from(s: String) -> Err {
        Err::Msg(s)
    }
}

impl Parser<'_> {
    fn parse(&mut self, dest: &Map) -> Result<(), String> {
        loop {
            match self.key(dest, 0) {
                Ok(()) => continue,
                Err(Err::Eof) => return Ok(()),
                Err(Err::Msg(m)) => return Err(m),
            }
        }
    }

    fn read(&mut self) -> Option<char> {
        let c = self.sc.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// Go's `runesUntil`: reads up to a stop character (consumed), `\` escaping.
    fn runes_until(&mut self, stop: &[char]) -> (String, Stop) {
        let mut v = String::new();
        loop {
            match self.read() {
                None => return (v, Stop::Eof),
                Some(c) if stop.contains(&c) => return (v, Stop::Char(c)),
                Some('\\') => match self.read() {
                    None => return (v, Stop::Eof),
                    Some(n) => v.push(n),
                },
                Some(c) => v.push(c),
            }
        }
    }

    fn reader(&self, rs: &str) -> Result<Value, String> {
        if let Some(read) = self.file_reader {
            return read(rs);
        }
        Ok(typed_val(rs, self.mode == Mode::String))
    }

    fn key(&mut self, data: &Map, level: usize) -> Result<(), Err> {
        let (k, last) = self.runes_until(&['=', '[', ',', '.']);
        match last {
            Stop::Eof => {
                if k.is_empty() {
                    Err(Err::Eof)
                } else {
                    Err(Err::Msg(format!("key {k:?} has no value")))
                }
            }
            Stop::Char('[') => {
                let i = self
                    .key_index()
                    .map_err(|e| Err::Msg(format!("error parsing index: {e}")))?;
                let list = match data.borrow().get(&k) {
                    None => Vec::new(),
                    Some(Value::List(l)) => l.as_ref().clone(),
                    Some(other) => {
                        return Err(Err::Msg(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not []interface {{}}",
                            go_type(other)
                        )))
                    }
                };
                let result = self.list_item(list, i, level);
                match result {
                    Ok(list) => {
                        set(data, &k, Value::list(list));
                        Ok(())
                    }
                    Err((list, e)) => {
                        set(data, &k, Value::list(list));
                        Err(e)
                    }
                }
            }
            Stop::Char('=') => {
                if self.mode == Mode::Json {
                    let v = self.json_val()?;
                    set(data, &k, v);
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => {
                        set(data, &k, Value::list(vl));
                        Ok(())
                    }
                    Err(ListErr::Eof) => {
                        set(data, &k, Value::str(""));
                        Err(Err::Eof)
                    }
                    Err(ListErr::NotList) => {
                        let (rs, _) = self.runes_until(&[',']);
                        let v = self.reader(&rs)?;
                        set(data, &k, v);
                        Ok(())
                    }
                    Err(ListErr::Msg(m)) => Err(Err::Msg(m)),
                }
            }
            Stop::Char(',') => {
                set(data, &k, Value::str(""));
                Err(Err::Msg(format!(
                    "key {k:?} has no value (cannot end with ,)"
                )))
            }
            Stop::Char(_) => {
                // '.'
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(Err::Msg(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner: Map = match data.borrow().get(&k) {
                    None => Rc::new(RefCell::new(BTreeMap::new())),
                    Some(Value::Map(m)) => m.clone(),
                    Some(other) => {
                        return Err(Err::Msg(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                            go_type(other)
                        )))
                    }
                };
                let e = self.key(&inner, level);
                let empty = inner.borrow().is_empty();
                if e.is_ok() && empty {
                    return Err(Err::Msg(format!("key map {k:?} has no value")));
                }
                if !empty {
                    set(data, &k, Value::Map(inner));
                }
                e
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, String> {
        let (v, last) = self.runes_until(&[']']);
        if let Stop::Eof = last {
            return Err("EOF".into());
        }
        go_atoi(&v)
    }

    /// Reads what follows `[i]`; on error returns the list as it stands.
    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        level: usize,
    ) -> Result<Vec<Value>, (Vec<Value>, Err)> {
        if i < 0 {
            return Err((list, Err::Msg(format!("negative {i} index not allowed"))));
        }
        let i = i as usize;
        let (k, last) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return Err((
                list,
                Err::Msg(format!("unexpected data at end of array index: {k:?}")),
            ));
        }
        match last {
            Stop::Eof => Err((list, Err::Eof)),
            Stop::Char('=') => {
                if self.mode == Mode::Json {
                    return match self.json_val() {
                        Ok(v) => set_index(list, i, v),
                        Err(e) => Err((list, e)),
                    };
                }
                match self.val_list() {
                    Ok(vl) => set_index(list, i, Value::list(vl)),
                    Err(ListErr::Eof) => set_index(list, i, Value::str("")),
                    Err(ListErr::NotList) => {
                        let (rs, _) = self.runes_until(&[',']);
                        match self.reader(&rs) {
                            Ok(v) => set_index(list, i, v),
                            Err(e) => Err((list, Err::Msg(e))),
                        }
                    }
                    Err(ListErr::Msg(m)) => Err((list, Err::Msg(m))),
                }
            }
            Stop::Char('[') => {
                // Go has no limit (its stacks grow); plumb stops before the
                // recursion could exhaust the stack.
                if self.list_depth > MAX_LIST_NESTING {
                    return Err((
                        list,
                        Err::Msg(format!(
                            "list index nested level is greater than the maximum of {MAX_LIST_NESTING}"
                        )),
                    ));
                }
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return Err((list, Err::Msg(format!("error parsing index: {e}")))),
                };
                let current = match list.get(i) {
                    Some(Value::List(l)) => l.as_ref().clone(),
                    Some(Value::Nil) | None => Vec::new(),
                    Some(other) => {
                        let msg = format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not []interface {{}}",
                            go_type(other)
                        );
                        return Err((list, Err::Msg(msg)));
                    }
                };
                self.list_depth += 1;
                let r = self.list_item(current, next, level);
                self.list_depth -= 1;
                match r {
                    Ok(l2) => set_index(list, i, Value::list(l2)),
                    Err((_, e)) => Err((list, e)),
                }
            }
            Stop::Char(_) => {
                // '.'
                let inner: Map = match list.get(i) {
                    Some(Value::Map(m)) => m.clone(),
                    _ => {
                        let m: Map = Rc::new(RefCell::new(BTreeMap::new()));
                        if i < list.len() {
                            list[i] = Value::Map(m.clone());
                        }
                        m
                    }
                };
                if let Err(e) = self.key(&inner, level) {
                    return Err((list, e));
                }
                set_index(list, i, Value::Map(inner))
            }
        }
    }

    /// Go's `valList`: `{a,b}` lists.
    fn val_list(&mut self) -> Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.pos -= 1;
                return Err(ListErr::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.runes_until(&[',', '}']);
            match last {
                Stop::Eof => return Err(ListErr::Msg("list must terminate with '}'".into())),
                Stop::Char('}') => {
                    if let Some(c) = self.read() {
                        if c != ',' {
                            self.pos -= 1;
                        }
                    }
                    list.push(self.reader(&rs).map_err(ListErr::Msg)?);
                    return Ok(list);
                }
                Stop::Char(_) => list.push(self.reader(&rs).map_err(ListErr::Msg)?),
            }
        }
    }

    /// Skips blanks; true (and the comma consumed) when the value is empty.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None => return true,
                Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(_) => {
                    self.pos -= 1;
                    return false;
                }
            }
        }
    }

    /// One JSON value (`--set-json`), then optional blanks and a comma.
    fn json_val(&mut self) -> Result<Value, Err> {
        if self.empty_val() {
            return Ok(Value::Nil);
        }
        let rest: String = self.sc[self.pos..].iter().collect();
        let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<serde_json::Value>();
        match stream.next() {
            Some(Ok(v)) => {
                let used = rest[..stream.byte_offset()].chars().count();
                self.pos += used;
                self.empty_val();
                Ok(super::values::from_json(&v))
            }
            Some(Err(e)) => Err(Err::Msg(e.to_string())),
            None => Ok(Value::Nil),
        }
    }
}

enum ListErr {
    Eof,
    NotList,
    Msg(String),
}

fn set(data: &Map, key: &str, val: Value) {
    if key.is_empty() {
        return;
    }
    data.borrow_mut().insert(key.to_string(), val);
}

fn set_index(mut list: Vec<Value>, i: usize, val: Value) -> Result<Vec<Value>, (Vec<Value>, Err)> {
    if i > MAX_INDEX {
        return Err((
            list,
            Err::Msg(format!(
                "index of {i} is greater than maximum supported index of {MAX_INDEX}"
            )),
        ));
    }
    if list.len() <= i {
        list.resize(i + 1, Value::Nil);
    }
    list[i] = val;
    Ok(list)
}

/// Go's `strconv.Atoi` with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    go_parse_int(s).ok_or_else(|| {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            format!("strconv.Atoi: parsing {s:?}: value out of range")
        } else {
            format!("strconv.Atoi: parsing {s:?}: invalid syntax")
        }
    })
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::super::values::to_json;
    use super::*;

    fn json(s: &str, mode: Mode) -> String {
        to_json(&parse(s, mode).unwrap()).to_string()
    }

    /// Every expected value is what helm v4.1.4 renders for `{{ .Values | toJson }}`
    /// with the same `--set` argument and an empty values.yaml.
    #[test]
    fn set_syntax_as_helm_parses_it() {
        let cases = [
            ("a=b,c=d", r#"{"a":"b","c":"d"}"#),
            ("a.b.c=1", r#"{"a":{"b":{"c":1}}}"#),
            ("a={x,y,z}", r#"{"a":["x","y","z"]}"#),
            ("a[0].b=1,a[2]=x", r#"{"a":[{"b":1},null,"x"]}"#),
            (r"a\.b=c\,d", r#"{"a.b":"c,d"}"#),
            (
                "x=true,y=FALSE,z=null,w=0,v=007,u=-5,t=1.5,s=9223372036854775808",
                r#"{"s":"9223372036854775808","t":"1.5","u":-5,"v":"007","w":0,"x":true,"y":false,"z":null}"#,
            ),
            ("a=", r#"{"a":""}"#),
            ("a[1][1]=x", r#"{"a":[null,[null,"x"]]}"#),
            ("a.b=1,a.c=2", r#"{"a":{"b":1,"c":2}}"#),
            ("a=x=y", r#"{"a":"x=y"}"#),
            ("k={}", r#"{"k":[""]}"#),
            ("a={1,{b}", r#"{"a":[1,"{b"]}"#),
            ("a[0]=1,a[0]=2", r#"{"a":[2]}"#),
            (".a=1", r#"{}"#),
        ];
        for (input, want) in cases {
            assert_eq!(json(input, Mode::Typed), want, "--set {input}");
        }
        assert_eq!(json("a=true,b=1", Mode::String), r#"{"a":"true","b":"1"}"#);
        assert_eq!(
            json(r#"a={"x":[1,2]},b=3"#, Mode::Json),
            r#"{"a":{"x":[1,2]},"b":3}"#
        );
        assert_eq!(json("c=null", Mode::Json), r#"{"c":null}"#);
        assert_eq!(json(r#"d="s""#, Mode::Json), r#"{"d":"s"}"#);
    }

    #[test]
    fn set_errors_as_helm_words_them() {
        let cases = [
            ("a", r#"key "a" has no value"#),
            ("a,b=1", r#"key "a" has no value (cannot end with ,)"#),
            ("a.=1", r#"key map "a" has no value"#),
            (
                "a[x]=1",
                r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#,
            ),
            ("a[-1]=1", "negative -1 index not allowed"),
            (
                "a=1,a.b=2",
                "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse(input, Mode::Typed).unwrap_err(),
                want,
                "--set {input}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("a{}=1", "[0]".repeat(100_000));
        assert!(parse(&deep, Mode::Typed).is_err());
        let ok = format!("a{}=1", "[0]".repeat(50));
        assert!(parse(&ok, Mode::Typed).is_ok());
        // List nesting does not count towards Helm's 30 nested names.
        let names = format!("a{}.b.c=1", "[0][0]".repeat(20));
        assert!(parse(&names, Mode::Typed).is_ok());
    }

    #[test]
    fn set_file_reads_values_from_files() {
        let m: Map = Rc::new(RefCell::new(BTreeMap::new()));
        let read = |p: &str| -> Result<Value, String> { Ok(Value::str(format!("content of {p}"))) };
        parse_into_file("cfg=a.txt,x.y=b.txt", &m, &read).unwrap();
        assert_eq!(
            to_json(&Value::Map(m)).to_string(),
            r#"{"cfg":"content of a.txt","x":{"y":"content of b.txt"}}"#
        );
    }
}
