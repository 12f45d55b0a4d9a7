//! Finding the Terraform files under the paths a user gives, grouped into
//! modules (one per directory holding `.tf`/`.tf.json` files).

use crate::module::FileKind;
use crate::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Discovered {
    /// Directory → its Terraform files (sorted).
    pub dirs: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// Files named on the command line (their whole directory is loaded,
    /// but only these were asked about).
    pub explicit: BTreeSet<PathBuf>,
    /// Files loaded only because an explicitly named file shares their
    /// directory: they inform evaluation but were not asked about.
    pub context_only: BTreeSet<PathBuf>,
    pub problems: Vec<Problem>,
}

/// Decides whether a discovered path is excluded (from `files.exclude`).
pub type Exclude<'a> = dyn Fn(&Path) -> bool + Sync + 'a;

fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./").unwrap_or(p).to_path_buf()
}

/// Walk `paths` (files or directories). Directories are walked recursively
/// with `.gitignore` rules respected (inside or outside a git repository);
/// `.git` and `.terraform` are never entered.
pub fn discover(paths: &[PathBuf], exclude: Option<&Exclude<'_>>) -> Discovered {
    let mut out = Discovered::default();
    let mut walked: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.problems
                    .push(Problem::new(path.clone(), format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_file() {
            if FileKind::of(path).is_none() {
                out.problems.push(Problem::new(
                    path.clone(),
                    format!(
                        "{} is not a Terraform file (.tf, .tf.json, .tfvars, .tfvars.json)",
                        path.display()
                    ),
                ));
                continue;
            }
            // The config's exclusions hold for named files too, as with
            // ruff's force-exclude: pre-commit passes every changed file.
            if exclude.is_some_and(|x| x(path)) {
                continue;
            }
            let path = clean(path);
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            out.explicit.insert(path.clone());
            add_dir_files(&mut out, &dir, exclude);
            out.dirs.entry(dir).or_default().push(path);
            continue;
        }
        if !meta.is_dir() {
            // A FIFO, a socket, a device: never opened.
            out.problems.push(Problem::new(
                path.clone(),
                "not a regular file or directory",
            ));
            continue;
        }
        walk(&mut out, &mut walked, path, exclude);
    }
    for files in out.dirs.values_mut() {
        files.sort();
        files.dedup();
    }
    if out.explicit.is_empty() {
        // Everything was walked: nothing is loaded only as context.
        return out;
    }
    let walked: BTreeSet<PathBuf> = walked.into_iter().collect();
    out.context_only = out
        .dirs
        .values()
        .flatten()
        .filter(|f| !out.explicit.contains(*f) && !walked.contains(*f))
        .cloned()
        .collect();
    out
}

fn is_skipped_dir(name: &str) -> bool {
    name == ".git" || name == ".terraform"
}

/// What the walk found: a Terraform file or an error.
type Found = Result<PathBuf, Problem>;

/// Makes one [`Visitor`] per walking thread.
struct Visitors<'s, 'x> {
    root: &'s Path,
    exclude: Option<&'s Exclude<'x>>,
    found: &'s Mutex<Vec<Found>>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Visitors<'s, '_> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            exclude: self.exclude,
            found: self.found,
            batch: Vec::new(),
        })
    }
}

/// One walking thread's findings, handed over in batches (and when the
/// thread is done) so the lock stays cold.
struct Visitor<'s, 'x> {
    root: &'s Path,
    exclude: Option<&'s Exclude<'x>>,
    found: &'s Mutex<Vec<Found>>,
    batch: Vec<Found>,
}

impl Visitor<'_, '_> {
    fn flush(&mut self) {
        if let Ok(mut all) = self.found.lock() {
            all.append(&mut self.batch);
        }
    }
}

impl Drop for Visitor<'_, '_> {
    fn drop(&mut self) {
        self.flush();
    }
}

impl ignore::ParallelVisitor for Visitor<'_, '_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        let item = match entry {
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| self.root.to_path_buf());
                Some(Err(Problem::new(path, format!("cannot read: {e}"))))
            }
            Ok(entry) => {
                let path = entry.path();
                let wanted = entry.file_type().is_some_and(|t| t.is_file())
                    && FileKind::of(path).is_some()
                    && !self.exclude.is_some_and(|x| x(path));
                wanted.then(|| Ok(clean(path)))
            }
        };
        self.batch.extend(item);
        if self.batch.len() >= 256 {
            self.flush();
        }
        ignore::WalkState::Continue
    }
}

/// Walk one directory tree on all cores (ripgrep's parallel walker), then
/// order what it found.
fn walk(
    out: &mut Discovered,
    walked: &mut Vec<PathBuf>,
    root: &Path,
    exclude: Option<&Exclude<'_>>,
) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.require_git(false).follow_links(false);
    builder.filter_entry(|e| !e.file_name().to_str().is_some_and(is_skipped_dir));
    let found: Mutex<Vec<Found>> = Mutex::default();
    builder.build_parallel().visit(&mut Visitors {
        root,
        exclude,
        found: &found,
    });
    let found = found.into_inner().unwrap_or_default();
    // Grouped by directory first (one ordered insertion per directory,
    // not per file: path comparisons are not cheap).
    let mut groups: std::collections::HashMap<PathBuf, Vec<PathBuf>> = Default::default();
    for item in found {
        match item {
            Ok(path) => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                groups.entry(dir).or_default().push(path);
            }
            Err(problem) => out.problems.push(problem),
        }
    }
    for (dir, files) in groups {
        walked.extend(files.iter().cloned());
        out.dirs.entry(dir).or_default().extend(files);
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The Terraform files directly in `dir` (for a file given explicitly: the
/// rest of its module).
fn add_dir_files(out: &mut Discovered, dir: &Path, exclude: Option<&Exclude<'_>>) {
    let read_dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(read_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = dir.join(entry.file_name());
        let hidden = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'));
        if entry.file_type().is_ok_and(|t| t.is_file())
            && !hidden
            && FileKind::of(&path).is_some()
            && !exclude.is_some_and(|x| x(&path))
        {
            out.dirs
                .entry(dir.to_path_buf())
                .or_default()
                .push(clean(&path));
        }
    }
}
