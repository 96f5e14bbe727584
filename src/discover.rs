//! The walk: gitignore-aware and parallel (the `ignore` crate), skipping
//! Helm chart directories, excluded paths and files that cannot hold what
//! plumb reads. What a file holds is decided by its content, in `source`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::GlobSet;
use ignore::{WalkBuilder, WalkState};

/// Extensions of files read while walking a directory. A file named on the
/// command line is always read.
pub const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to load, sorted, with whether the user named them.
    pub files: Vec<(PathBuf, bool)>,
    /// Helm chart directories (holding `Chart.yaml`), sorted: rendered, not
    /// read as raw YAML.
    pub charts: Vec<PathBuf>,
    /// Problems met on the way (a symlink loop, an unreadable directory).
    pub errors: Vec<String>,
    /// Why things were skipped, for `--verbose`.
    pub notes: Vec<String>,
}

/// What the walk leaves out besides `.gitignore`d files.
pub struct Filter<'a> {
    /// `--exclude` globs, relative to the working directory.
    pub cli: Option<&'a GlobSet>,
    /// The configuration's `exclude`, a test on any path.
    pub config: &'a (dyn Fn(&Path) -> bool + Sync),
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

impl Filter<'_> {
    fn excluded(&self, p: &Path) -> bool {
        let shown = display(p);
        self.cli.is_some_and(|g| g.is_match(&shown)) || (self.config)(p)
    }
}

/// Walks `roots`. A root that does not exist is an error for the caller
/// (a usage error); everything else is recorded and the walk goes on.
pub fn discover(roots: &[PathBuf], filter: &Filter) -> Result<Discovered, String> {
    let mut out = Discovered::default();
    let mut dirs = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|e| {
            format!(
                "{}: {e}; check the path given to plumb check",
                display(root)
            )
        })?;
        if meta.is_file() {
            if filter.excluded(root) {
                out.notes.push(format!("{}: excluded", display(root)));
            } else {
                out.files.push((root.clone(), true));
            }
        } else {
            dirs.push(root.clone());
        }
    }
    if !dirs.is_empty() {
        let found = Mutex::new((Vec::new(), Vec::new(), Vec::new(), Vec::new()));
        let mut b = WalkBuilder::new(&dirs[0]);
        for d in &dirs[1..] {
            b.add(d);
        }
        b.follow_links(true).require_git(false);
        b.build_parallel().run(|| {
            let found = &found;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        // A problem below an excluded path (a symlink loop in
                        // vendor/) is the user's to ignore, as the path is.
                        let mut found = found.lock().unwrap();
                        match error_path(&err).filter(|p| filter.excluded(p)) {
                            Some(p) => found.2.push(format!("{}: excluded", display(p))),
                            None => found.1.push(walk_error(&err)),
                        }
                        return WalkState::Continue;
                    }
                };
                let path = entry.path();
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if entry.depth() > 0 && filter.excluded(path) {
                    found
                        .lock()
                        .unwrap()
                        .2
                        .push(format!("{}: excluded", display(path)));
                    return if is_dir {
                        WalkState::Skip
                    } else {
                        WalkState::Continue
                    };
                }
                if is_dir {
                    if path.join("Chart.yaml").is_file() {
                        found.lock().unwrap().3.push(path.to_path_buf());
                        return WalkState::Skip;
                    }
                    return WalkState::Continue;
                }
                let candidate = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
                if candidate {
                    found
                        .lock()
                        .unwrap()
                        .0
                        .push((path.to_path_buf(), entry.depth() == 0));
                }
                WalkState::Continue
            })
        });
        let (files, errors, notes, charts) = found.into_inner().unwrap();
        out.files.extend(files);
        out.charts.extend(charts);
        out.errors.extend(errors);
        out.notes.extend(notes);
    }
    out.files.sort();
    out.files.dedup_by(|a, b| a.0 == b.0);
    out.charts.sort();
    out.charts.dedup();
    out.errors.sort();
    out.notes.sort();
    Ok(out)
}

/// The path a walk error is about, if it names one.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    use ignore::Error as E;
    match err {
        E::Loop { child, .. } => Some(child),
        E::WithPath { path, .. } => Some(path),
        E::WithDepth { err, .. } | E::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

fn walk_error(err: &ignore::Error) -> String {
    use ignore::Error as E;
    match err {
        E::WithPath { path, err } => format!("{}: {}", display(path), walk_error(err)),
        E::WithDepth { err, .. } => walk_error(err),
        E::Loop { child, ancestor } => format!(
            "{}: symbolic link loop back to {}; skipped (remove the link or exclude it)",
            display(child),
            display(ancestor)
        ),
        E::Io(e) => format!("{e}; skipped"),
        other => format!("{other}; skipped"),
    }
}
