//! Native Helm rendering for plumb, with no `helm` binary.
//!
//! Three layers, each usable on its own:
//! - [`template`]: Go's `text/template` (lexer, parser, executor, Go's builtins and
//!   `fmt` formatting), which records where every byte of output came from;
//! - [`funcs`]: the Sprig library as Helm ships it, and Helm's own functions
//!   (`toYaml`, `fromYaml`, `required`, `fail`, `lookup`, ...);
//! - [`chart`]: charts (`Chart.yaml`, values, `--set`, dependencies, schema) and
//!   rendering a chart the way `helm template` does.
//!
//! [`value::Value`] is the dynamic value that flows between them: it mirrors the
//! Go types Helm's templates see (`map[string]interface{}` shared by reference,
//! `[]interface{}`, `int64`, `float64`, `string`, `bool`, `nil`, and structs with
//! fields and methods such as `.Capabilities` or `.Files`).

pub mod chart;
pub mod funcs;
pub mod template;
pub mod value;
pub mod yaml_compat;

pub use value::{Func, FuncMap, FuncResult, Object, Value};
