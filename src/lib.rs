//! plumb: policy-as-code compliance checks for what teams deploy.
//!
//! Data flows one way: [`discover`] → [`source`] (load) → [`rules`]
//! (evaluate, with the [`index`]) → [`report`].

pub mod cli;
pub mod config;
pub mod discover;
pub mod finding;
pub mod index;
pub mod model;
pub mod rego;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;

pub use config::{Config, Params};
pub use finding::Finding;
pub use model::{Path, Resource};
pub use rules::{Meta, Severity};
pub use scan::{Error, Options, Report};
