//! Go's `text/template`, faithful to Go's behaviour (see the package tests), with a
//! record of where every byte of output came from.
//!
//! API (owned by this module; `chart` renders through it):
//! - [`Templates::new`] with the function map (Go builtins are always present,
//!   `include` and `tpl` are provided by the executor itself, as Helm does);
//! - [`Templates::parse`] adds a named template file and the `define`s in it;
//! - [`Templates::execute`] runs one template on data and returns [`Rendered`]:
//!   the text plus [`Origin`]s mapping output offsets back to template positions.

use std::rc::Rc;

use crate::value::{FuncMap, Value};

/// A position in a template: its name (Helm uses `chart/templates/x.yaml`) and
/// 1-based line and column (column in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pos {
    pub template: Rc<str>,
    pub line: u32,
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
    pub text: String,
    /// Sorted by `offset`; the first starts at 0 when `text` is not empty.
    pub origins: Vec<Origin>,
}

/// A parse or execution error, with the position Go would report.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub pos: Option<Pos>,
    /// Go's message without the `template: name:line:col:` prefix.
    pub message: String,
    pub kind: ErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Parse,
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
    _funcs: FuncMap,
}

impl Templates {
    pub fn new(funcs: FuncMap) -> Templates {
        Templates { _funcs: funcs }
    }

    pub fn set_missing_key(&mut self, _mode: MissingKey) {
        todo!("template engine")
    }

    /// Parse `text` as the template `name`, adding it and its `define`s to the set
    /// (a later definition of the same name replaces an earlier one, as in Go).
    pub fn parse(&mut self, _name: &str, _text: &str) -> Result<(), Error> {
        todo!("template engine")
    }

    /// Execute the template `name` with `data` as dot.
    pub fn execute(&self, _name: &str, _data: &Value) -> Result<Rendered, Error> {
        todo!("template engine")
    }
}
