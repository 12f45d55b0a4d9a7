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
    /// Symbolic links not followed (they lead outside the boundaries, see
    /// [`boundaries`]), one note each.
    pub notes: Vec<Problem>,
}

/// The directories a run may read, canonical: for each checked path, the
/// root of the git repository holding it (the nearest directory with a
/// `.git`), or outside a repository the path itself (a file's
/// directory). The working directory plays no part. Symbolic links,
/// module sources, `file()` paths and `terraform init`'s module manifest
/// are followed only when they resolve inside one of them.
pub fn boundaries(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        let dir = if p.is_file() {
            p.parent().unwrap_or(Path::new(""))
        } else {
            p.as_path()
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let Ok(dir) = dir.canonicalize() else {
            continue;
        };
        let root = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or_else(|| dir.clone(), Path::to_path_buf);
        if !out.contains(&root) {
            out.push(root);
        }
    }
    out
}

/// Is `path` a symbolic link? `Some(Ok(()))` when it may be followed (it
/// resolves to a regular file inside `bounds`), `Some(Err(note))` when not,
/// `None` when it is no link.
pub fn check_link(path: &Path, bounds: &[PathBuf]) -> Option<Result<(), Problem>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let note = |why: &str| {
        Some(Err(Problem::new(
            clean(path),
            format!("symbolic link not followed: {why}"),
        )))
    };
    let Ok(target) = path.canonicalize() else {
        return note("it leads nowhere");
    };
    if !bounds.iter().any(|b| target.starts_with(b)) {
        return note("it leads outside the checked tree");
    }
    if !target.is_file() {
        return note("it does not lead to a regular file");
    }
    Some(Ok(()))
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
    let bounds = boundaries(paths);
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
            add_dir_files(&mut out, &dir, exclude, &bounds);
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
        walk(&mut out, &mut walked, path, exclude, &bounds);
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

/// What the walk found: a Terraform file, an error, or a note.
enum Found {
    File(PathBuf),
    Problem(Problem),
    Note(Problem),
}

/// Makes one [`Visitor`] per walking thread.
struct Visitors<'s, 'x> {
    root: &'s Path,
    bounds: &'s [PathBuf],
    exclude: Option<&'s Exclude<'x>>,
    found: &'s Mutex<Vec<Found>>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Visitors<'s, '_> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            bounds: self.bounds,
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
    bounds: &'s [PathBuf],
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
                Some(Found::Problem(Problem::new(
                    path,
                    format!("cannot read: {e}"),
                )))
            }
            Ok(entry) => {
                let path = entry.path();
                let is_link = entry.path_is_symlink();
                let kind = entry.file_type();
                let wanted = (is_link || kind.is_some_and(|t| t.is_file()))
                    && FileKind::of(path).is_some()
                    && !self.exclude.is_some_and(|x| x(path));
                if !wanted {
                    // A linked directory is not entered; say so when it
                    // leads out of the tree (inside, it is checked where
                    // it is).
                    if is_link && entry.depth() > 0 && path.is_dir() {
                        check_link_dir(path, self.bounds).map(Found::Note)
                    } else {
                        None
                    }
                } else if is_link {
                    match check_link(path, self.bounds) {
                        Some(Err(note)) => Some(Found::Note(note)),
                        _ => Some(Found::File(clean(path))),
                    }
                } else {
                    Some(Found::File(clean(path)))
                }
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
    bounds: &[PathBuf],
) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.require_git(false).follow_links(false);
    builder.filter_entry(|e| !e.file_name().to_str().is_some_and(is_skipped_dir));
    let found: Mutex<Vec<Found>> = Mutex::default();
    builder.build_parallel().visit(&mut Visitors {
        root,
        bounds,
        exclude,
        found: &found,
    });
    let found = found.into_inner().unwrap_or_default();
    // Grouped by directory first (one ordered insertion per directory,
    // not per file: path comparisons are not cheap).
    let mut groups: std::collections::HashMap<PathBuf, Vec<PathBuf>> = Default::default();
    for item in found {
        match item {
            Found::File(path) => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                groups.entry(dir).or_default().push(path);
            }
            Found::Problem(problem) => out.problems.push(problem),
            Found::Note(note) => out.notes.push(note),
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
fn add_dir_files(
    out: &mut Discovered,
    dir: &Path,
    exclude: Option<&Exclude<'_>>,
    bounds: &[PathBuf],
) {
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
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if !(kind.is_file() || kind.is_symlink())
            || hidden
            || FileKind::of(&path).is_none()
            || exclude.is_some_and(|x| x(&path))
        {
            continue;
        }
        if kind.is_symlink() {
            if let Some(Err(note)) = check_link(&path, bounds) {
                out.notes.push(note);
                continue;
            }
        }
        out.dirs
            .entry(dir.to_path_buf())
            .or_default()
            .push(clean(&path));
    }
}

/// A note for a linked directory that leads outside `bounds`.
fn check_link_dir(path: &Path, bounds: &[PathBuf]) -> Option<Problem> {
    let target = path.canonicalize().ok()?;
    (!bounds.iter().any(|b| target.starts_with(b))).then(|| {
        Problem::new(
            clean(path),
            "symbolic link not followed: it leads outside the checked tree",
        )
    })
}
