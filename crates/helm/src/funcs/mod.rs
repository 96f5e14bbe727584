//! Sprig, as Helm ships it, and Helm's own template functions.
//!
//! [`helm_funcs`] is the function map Helm installs: Sprig's `TxtFuncMap` minus
//! `env` and `expandenv`, plus `toYaml`, `mustToYaml`, `toYamlPretty`, `fromYaml`,
//! `fromYamlArray`, `toJson`, `mustToJson`, `fromJson`, `fromJsonArray`, `toToml`,
//! `fromToml`, `required`, `fail`, `lookup`. (`include` and `tpl` need the template set and
//! live in the executor.)
//!
//! Each family lives in its own module and documents what is faithful to
//! Sprig/Go and what is not. Functions check their own arguments and report
//! Go's messages (`wrong number of args for X: want N got M`, `wrong type for
//! value; expected string; got int`); where Sprig panics, they return the error
//! Go's template would report for the panic. Nothing panics on user input, and
//! string-building functions refuse results over 64 MiB.
//!
//! Not provided: `genPrivateKey "dsa"` (see [`certs`]), and
//! `getHostByName` (no DNS offline). Go's `int` and
//! `int64` are one type here ([`Value::Int`](crate::value::Value::Int)), named
//! `int` by `typeOf`/`kindOf` as by the template engine's `%T`: `typeOf (add 1
//! 2)` is `int` where Go says `int64`. Local time is UTC and IANA zones are not
//! loaded (see [`dates`]).

pub mod certs;
pub mod crypto;
pub mod dates;
pub mod encoding;
pub mod helm;
pub mod json;
pub mod lists;
pub mod math;
pub mod regex;
pub mod semver;
pub mod strings;
pub mod toml;
pub mod util;
pub mod yaml;

use crate::value::FuncMap;

/// Every function Helm installs in its template engine (except `include` and
/// `tpl`, which the executor provides).
pub fn helm_funcs() -> FuncMap {
    let mut m = FuncMap::new();
    strings::register(&mut m);
    math::register(&mut m);
    lists::register(&mut m);
    encoding::register(&mut m);
    regex::register(&mut m);
    semver::register(&mut m);
    dates::register(&mut m);
    crypto::register(&mut m);
    certs::register(&mut m);
    helm::register(&mut m);
    m
}
