//! Helm charts: a chart directory renders into one file per template, each
//! loaded like a manifest, with every span mapped back to the template line
//! that produced it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::Resource;

use super::ParseProblem;

/// One template of a chart, rendered and loaded.
#[derive(Debug)]
pub struct Template {
    /// The template file (inside the chart directory, or inside a `.tgz`
    /// dependency, then not on disk).
    pub path: PathBuf,
    pub on_disk: bool,
    /// The template's own text (what excerpts show).
    pub text: Arc<str>,
    pub resources: Vec<Resource>,
    pub problems: Vec<ParseProblem>,
}

/// A chart's templates, and why nothing was loaded when that is the case.
#[derive(Debug, Default)]
pub struct Chart {
    pub files: Vec<Template>,
    pub note: Option<String>,
}

/// Renders the chart in `dir` and loads what it renders.
pub fn load_chart(_dir: &Path) -> Chart {
    Chart {
        files: Vec::new(),
        note: Some(
            "Helm chart directory, not scanned as raw YAML (Helm rendering is not supported yet)"
                .into(),
        ),
    }
}
