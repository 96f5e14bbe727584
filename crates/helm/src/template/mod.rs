//! Go's `text/template`, faithful to Go's behaviour (see `tests/go_template.rs`,
//! whose expected values come from the real helm), with a record of where every
//! byte of output came from.
//!
//! API (owned by this module; `chart` renders through it):
//! - [`Templates::new`] with the function map (Go builtins are always present,
//!   `include` and `tpl` are provided by the executor itself, as Helm does);
//! - [`Templates::parse`] adds a named template file and the `define`s in it;
//! - [`Templates::execute`] runs one template on data and returns [`Rendered`]:
//!   the text plus [`Origin`]s mapping output offsets back to template positions.
//!
//! # What is faithful to Go
//! - Lexing and parsing follow `text/template/parse`: trim markers (`{{- ` and
//!   ` -}}` need the space), comments, Go's string/raw string/char/number syntax
//!   (hex, octal, binary, `_`, floats, exponents), variables and their scopes,
//!   `if`/`else if`/`with`/`else with`/`range` (lists, maps in key order, integers,
//!   `break`/`continue`)/`define`/`template`/`block`, and Go's parse errors
//!   (`template: NAME:LINE: unexpected ...`).
//! - Execution follows `exec.go`, including the difference between a missing
//!   key (no value) and a nil interface: with [`MissingKey::Zero`] (what Helm
//!   uses) `.a.b` with `a` missing fails with `nil pointer evaluating interface
//!   {}.b`, with [`MissingKey::Default`] it prints `<no value>`. Field access on
//!   [`Value::Object`] calls its fields and methods (`.Files.Get "x"`); an
//!   object whose [`to_data`](crate::value::Object::to_data) is a map or list is
//!   a Go map or slice type with methods (Helm's `Files` from `.Files.Glob`, a
//!   `VersionSet`): `range`, `len`, `index` and key lookup use that data. Error
//!   messages are Go's: `template: NAME:LINE:COL: executing "NAME" at <NODE>: MSG`.
//! - Builtins as Go's `funcs.go` (`and`/`or` short-circuit and return the deciding
//!   operand, `eq` with several operands, Go's comparison kind rules, `index`,
//!   `slice`, `len`, `print*` with Go's `fmt` (see [`fmt`]), `html`, `js`,
//!   `urlquery`); `call` always fails, since no function values exist here.
//! - Helm's `include` (nested includes of one name are limited to 1000, with
//!   Helm's message) and `tpl` (parsed as the template `gotpl` in a copy of the
//!   set, run with missingkey=zero, `<no value>` removed; errors wrapped as Helm
//!   does: `error during tpl function execution for "TEXT": ...`).
//! - Errors from the functions `fail` and `required` have [`ErrorKind::Fail`]
//!   (also when raised inside an `include`).
//! - A function's (or an [`Object`](crate::value::Object) method's) error is
//!   reported as Go does, `error calling NAME: TEXT`, except Go's own argument
//!   errors, which Go reports bare: a function whose error text starts with
//!   `wrong number of args for NAME: ` (reported at the function name, as Go),
//!   `wrong type for value; `, `invalid value; expected ` or `expected ` gets
//!   that text as the message. Functions checking their arguments should use
//!   these forms (`wrong number of args for quote: want 1 got 0`).
//!
//! # Limits (Go differs)
//! - Nested `template` calls are limited to 10000 (Go: 100000), parenthesised
//!   pipelines to 1000 levels (Go: 10000, same message `max expression depth
//!   exceeded`) and control structures to 1000 levels (Go: no limit). The parser
//!   and the executor grow their stack on the heap (`stacker`) when it runs low,
//!   so deep templates cannot overflow the caller's stack, whatever its size.
//! - Value types are those of [`Value`]: no complex numbers, unsigned integers
//!   or function values. Go's `int` and `int64` are one type (printed as `int` by
//!   `%T`; Sprig's arithmetic gives `int64` in Go), and a map is always
//!   `map[string]interface {}` (Helm's `.Values` is the named type
//!   `common.Values` for `%T`).
//! - Go's builtin `slice` is implemented, but in Helm Sprig's `slice` replaces
//!   it (a function map entry wins over a builtin, here as in Go).
//! - The column in [`Error`]'s Display is `Pos::col - 1`: Go's byte column on
//!   ASCII lines.
//! - Printing a value nested more than 100 lists/maps deep prints `...` there
//!   (Go recurses without limit; a map that contains itself would crash it).
//!
//! # Tests
//! `tests/go_template.rs` holds 385 cases (template, values, expected output or
//! error) whose expected values were produced by the real helm v4.1.4;
//! `tests/go_template_api.rs` covers origins, objects and the missingkey
//! options; `tests/go_template_fuzz.rs` feeds random input and checks that
//! nothing panics or overflows the stack.
//!
//! # Origins
//! [`Rendered::origins`] has one entry per output chunk: literal text of the
//! template (`verbatim`, so a position inside it is found by counting lines, see
//! [`Rendered::position_at`]) or the output of one action. Output produced inside
//! a `define` (through `template` or `include`) carries `call_site`: the outermost
//! action of the executed template that led there. An `include` result printed
//! unchanged (`{{ include "x" . }}`) or indented by Sprig's `indent`/`nindent`
//! (`{{ include "x" . | nindent 4 }}`, recognised by its text) keeps the
//! origins of the included text, line by line (the added newline and padding
//! are the action's); transformed any other way, it is the action's output.
//! [`Rendered::replace_no_value`] does Helm's `<no value>` removal and keeps the
//! origins aligned.

use std::collections::HashMap;
use std::fmt as stdfmt;
use std::rc::Rc;

use crate::value::{FuncMap, Value};

mod builtins;
mod exec;
pub mod fmt;
mod lex;
mod parse;

/// A position in a template: its name (Helm uses `chart/templates/x.yaml`) and
/// 1-based line and column (column in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pos {
    /// The template's name (for a `define`, the file it is written in).
    pub template: Rc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters (for an action: its `{{`).
    pub col: u32,
}

/// Where the output from `offset` onwards (up to the next origin) came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// Byte offset in [`Rendered::text`].
    pub offset: usize,
    /// The innermost node that wrote this output: a text node (then `verbatim`) or
    /// an action (`{{ .Values.x }}`), possibly inside a `define` in another file.
    pub pos: Pos,
    /// True for literal template text: the output is the template's own text, so a
    /// position `n` bytes further on is found by counting lines in the output.
    pub verbatim: bool,
    /// The outermost action in the executed template that led here (an `include`
    /// or `template` call), when `pos` is in another template; None otherwise.
    pub call_site: Option<Pos>,
}

/// The output of one execution.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The output.
    pub text: String,
    /// Sorted by `offset`; the first starts at 0 when `text` is not empty.
    pub origins: Vec<Origin>,
}

/// A parse or execution error, with the position Go would report.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// Where Go reports the error: the line of a parse error (column 0), the node
    /// of an execution error; None when there is no template (no such name).
    pub pos: Option<Pos>,
    /// Go's message without the `template: name:line:col:` prefix.
    pub message: String,
    /// What failed.
    pub kind: ErrorKind,
}

/// The kind of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The template text is not a valid template.
    Parse,
    /// Executing failed (a nil pointer, a bad argument, a function's error).
    Exec,
    /// `fail` or `required`: Helm prints these as `execution error at (pos): message`.
    Fail,
}

/// How a missing map key is treated (Go's `Option("missingkey=...")`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MissingKey {
    /// Go's default: prints `<no value>`.
    #[default]
    Default,
    /// `missingkey=zero`.
    Zero,
    /// `missingkey=error` (Helm's `--strict` lint).
    Error,
}

/// A set of templates sharing `define`s and functions, as Go's `*template.Template`.
pub struct Templates {
    pub(crate) funcs: FuncMap,
    pub(crate) missing: MissingKey,
    pub(crate) trees: HashMap<String, Rc<parse::Tree>>,
}

impl Templates {
    /// A set with the given functions (Go's builtins, `include` and `tpl` are
    /// always available; a function in `funcs` with a builtin's name replaces
    /// it, as in Go).
    pub fn new(funcs: FuncMap) -> Templates {
        Templates {
            funcs,
            missing: MissingKey::Default,
            trees: HashMap::new(),
        }
    }

    /// Go's `Option("missingkey=...")`. Helm renders with [`MissingKey::Zero`]
    /// (and [`MissingKey::Error`] for `--strict` lint).
    pub fn set_missing_key(&mut self, mode: MissingKey) {
        self.missing = mode;
    }

    /// Whether `name` can be called in a template.
    pub fn has_function(&self, name: &str) -> bool {
        self.funcs.contains_key(name) || builtins::NAMES.contains(&name)
    }

    /// Whether a template (file or `define`) of this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.trees.contains_key(name)
    }

    /// Parse `text` as the template `name`, adding it and its `define`s to the set
    /// (a later definition of the same name replaces an earlier one, as in Go).
    /// On error the set is unchanged.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let trees = parse::parse(name, text, &|f| self.has_function(f)).map_err(|e| Error {
            pos: Some(Pos {
                template: Rc::from(name),
                line: e.line,
                col: 0,
            }),
            message: e.message,
            kind: ErrorKind::Parse,
        })?;
        for t in trees {
            // Go's `associate`: an empty body does not replace a template.
            if let Some(old) = self.trees.get(&t.name) {
                if t.is_empty() && !old.is_empty() {
                    continue;
                }
            }
            self.trees.insert(t.name.clone(), Rc::new(t));
        }
        Ok(())
    }

    /// Execute the template `name` with `data` as dot.
    pub fn execute(&self, name: &str, data: &Value) -> Result<Rendered, Error> {
        exec::execute(self, name, data)
    }
}

impl stdfmt::Display for Error {
    /// Go's error text: `template: NAME:LINE: MESSAGE` for parse errors,
    /// `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` for
    /// execution errors (COL is Go's 0-based byte column, exact on ASCII lines).
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        match (&self.pos, self.kind) {
            (Some(p), ErrorKind::Parse) => {
                write!(f, "template: {}:{}: {}", p.template, p.line, self.message)
            }
            (Some(p), _) => write!(
                f,
                "template: {}:{}:{}: {}",
                p.template,
                p.line,
                p.col.saturating_sub(1),
                self.message
            ),
            (None, _) => write!(f, "template: {}", self.message),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// For [`ErrorKind::Fail`]: the text given to `fail`/`required` (what Helm
    /// prints after `execution error at (file:line:col): `). Nested `include`s
    /// are looked through: the innermost message is returned.
    pub fn fail_message(&self) -> Option<&str> {
        if self.kind != ErrorKind::Fail {
            return None;
        }
        ["error calling fail: ", "error calling required: "]
            .iter()
            .filter_map(|m| self.message.rfind(m).map(|i| i + m.len()))
            .max()
            .map(|i| &self.message[i..])
    }
}

impl Pos {
    /// The position `text` further on (counting lines and characters).
    pub(crate) fn advance(&self, text: &str) -> Pos {
        let mut p = self.clone();
        for c in text.chars() {
            if c == '\n' {
                p.line += 1;
                p.col = 1;
            } else {
                p.col += 1;
            }
        }
        p
    }
}

/// Answers [`Rendered::position_at`] for many offsets of one output, each in
/// time proportional to a line: a CRD template is one literal chunk of
/// megabytes, which counting from the chunk's start would walk every time.
pub struct Locator<'a> {
    rendered: &'a Rendered,
    /// Byte offset of the start of each output line.
    lines: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(rendered: &'a Rendered) -> Locator<'a> {
        let mut lines = vec![0];
        lines.extend(rendered.text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { rendered, lines }
    }

    /// The 0-based output line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset of a 1-based output line and column (in characters),
    /// clamped to the output.
    pub fn offset_of(&self, line: u32, col: u32) -> usize {
        let text = &self.rendered.text;
        let Some(&start) = self.lines.get(line.saturating_sub(1) as usize) else {
            return text.len();
        };
        let rest = &text[start..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        start
            + rest
                .char_indices()
                .nth(col.saturating_sub(1) as usize)
                .map_or(rest.len(), |(i, _)| i)
    }

    /// See [`Rendered::position_at`].
    pub fn position_at(&self, offset: usize) -> Option<(Pos, Option<Pos>)> {
        let r = self.rendered;
        if offset > r.text.len() {
            return None;
        }
        let i = r.origins.partition_point(|o| o.offset <= offset);
        let o = r.origins.get(i.checked_sub(1)?)?;
        let pos = if o.verbatim {
            let (from, to) = (self.line_of(o.offset), self.line_of(offset));
            if from == to {
                o.pos.advance(r.text.get(o.offset..offset).unwrap_or(""))
            } else {
                let start = self.lines[to];
                let mut p = o.pos.clone();
                p.line += (to - from) as u32;
                p.col = 1;
                p.advance(r.text.get(start..offset).unwrap_or(""))
            }
        } else {
            o.pos.clone()
        };
        Some((pos, o.call_site.clone()))
    }
}

impl Rendered {
    /// The template position that produced the output byte at `offset`, and
    /// the call site (outermost action of the executed template) when that
    /// position is inside an included or `template`d definition. For literal
    /// template text the position is exact; for an action's output it is the
    /// action's position. For many lookups, build one [`Locator`].
    pub fn position_at(&self, offset: usize) -> Option<(Pos, Option<Pos>)> {
        Locator::new(self).position_at(offset)
    }

    /// Helm's post-processing of every rendered file,
    /// `strings.ReplaceAll(out, "<no value>", "")`, keeping the origins right.
    pub fn replace_no_value(&mut self) {
        const NV: &str = "<no value>";
        if !self.text.contains(NV) {
            return;
        }
        let removed: Vec<(usize, usize)> = self
            .text
            .match_indices(NV)
            .map(|(i, _)| (i, i + NV.len()))
            .collect();
        let mut text = String::with_capacity(self.text.len());
        let mut last = 0;
        for &(s, e) in &removed {
            text.push_str(&self.text[last..s]);
            last = e;
        }
        text.push_str(&self.text[last..]);
        // Byte `o` of the old text is at map(o) in the new one (a byte inside a
        // removed occurrence maps to where it was).
        let map = |o: usize| -> usize {
            let k = removed.partition_point(|&(s, _)| s < o);
            let mut shift = NV.len() * k;
            if let Some(&(_, e)) = k.checked_sub(1).and_then(|i| removed.get(i)) {
                if o < e {
                    shift -= e - o;
                }
            }
            o - shift
        };
        let mut origins: Vec<Origin> = Vec::with_capacity(self.origins.len());
        for (i, o) in self.origins.iter().enumerate() {
            let end = self
                .origins
                .get(i + 1)
                .map_or(self.text.len(), |n| n.offset);
            // The pieces of [o.offset, end) that survive the removal.
            let mut start = o.offset;
            let mut pieces = Vec::new();
            let first = removed.partition_point(|&(_, e)| e <= start);
            for &(s, e) in removed[first..].iter().take_while(|&&(s, _)| s < end) {
                if s > start {
                    pieces.push((start, s));
                }
                start = start.max(e);
            }
            if start < end {
                pieces.push((start, end));
            }
            for (ps, _) in pieces {
                let pos = if o.verbatim {
                    o.pos.advance(&self.text[o.offset..ps])
                } else {
                    o.pos.clone()
                };
                let offset = map(ps);
                if let Some(prev) = origins.last_mut() {
                    if prev.offset == offset {
                        *prev = Origin {
                            offset,
                            pos,
                            verbatim: o.verbatim,
                            call_site: o.call_site.clone(),
                        };
                        continue;
                    }
                }
                origins.push(Origin {
                    offset,
                    pos,
                    verbatim: o.verbatim,
                    call_site: o.call_site.clone(),
                });
            }
        }
        self.text = text;
        self.origins = origins;
    }
}
