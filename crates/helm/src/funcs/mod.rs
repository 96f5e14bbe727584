//! Sprig, as Helm ships it, and Helm's own template functions.
//!
//! [`helm_funcs`] is the function map Helm installs: Sprig's `TxtFuncMap` minus
//! `env` and `expandenv`, plus `toYaml`, `fromYaml`, `fromYamlArray`, `toJson`,
//! `fromJson`, `fromJsonArray`, `toToml`, `required`, `fail`, `lookup`. (`include`
//! and `tpl` need the template set and live in the executor.)

pub mod json;
pub mod yaml;

use crate::value::FuncMap;

/// Every function Helm installs in its template engine.
pub fn helm_funcs() -> FuncMap {
    FuncMap::new()
}
