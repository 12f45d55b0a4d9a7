//! The engine behind every front door (CLI, language server, hooks): it
//! discovers Terraform files, parses them, builds and evaluates each module,
//! runs the policies and applies suppressions. It prints nothing.
//!
//! Invariant: a broken or unreadable file becomes a [`Problem`] and never
//! stops the other files from being checked.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use rampart_config::Config;
use rampart_policy::suppress::{self, Suppression};
use rampart_policy::Finding;
use rampart_terraform::discover::{self, Exclude};
use rampart_terraform::eval::{Evaluator, FileLoader, Inputs};
use rampart_terraform::module::{parse_file, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use rampart_terraform::Problem;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files or directories; empty means `.`.
    pub paths: Vec<PathBuf>,
    pub config: Config,
    /// `--var NAME=VALUE`
    pub vars: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
}

/// The outcome of one run.
#[derive(Debug, Default)]
pub struct Report {
    pub db: SourceDb,
    /// Findings to show, sorted by file, position and rule.
    pub findings: Vec<Finding>,
    /// Findings hidden by a `rampart:ignore` comment, with the suppression.
    pub suppressed: Vec<(Finding, Suppression)>,
    pub problems: Vec<Problem>,
    /// Terraform files read.
    pub files: usize,
}

/// Read a file as UTF-8 text, refusing what is not a regular file.
fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The directories `file()` and `templatefile()` may read from: those being
/// checked (a named file's directory), canonicalized.
fn scan_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| {
            let dir = if p.is_file() {
                p.parent()?
            } else {
                p.as_path()
            };
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            dir.canonicalize().ok()
        })
        .collect()
}

/// Serves `file()` and `templatefile()`: only regular files inside the
/// scanned tree, so checking untrusted code never reads arbitrary files.
struct TreeLoader<'a> {
    roots: &'a [PathBuf],
    next_id: usize,
    files: RefCell<Vec<SourceFile>>,
    seen: RefCell<HashMap<PathBuf, (FileId, Arc<str>)>>,
}

/// Files read through `file()` larger than this are not loaded.
const MAX_LOADED_FILE: u64 = 8 * 1024 * 1024;

impl<'a> TreeLoader<'a> {
    fn new(roots: &'a [PathBuf], next_id: usize) -> TreeLoader<'a> {
        TreeLoader {
            roots,
            next_id,
            files: RefCell::new(Vec::new()),
            seen: RefCell::new(HashMap::new()),
        }
    }
}

impl FileLoader for TreeLoader<'_> {
    fn load(&self, path: &Path) -> Option<(FileId, Arc<str>)> {
        let canon = path.canonicalize().ok()?;
        if !self.roots.iter().any(|r| canon.starts_with(r)) {
            return None;
        }
        if let Some(hit) = self.seen.borrow().get(&canon) {
            return Some(hit.clone());
        }
        let meta = std::fs::metadata(&canon).ok()?;
        if !meta.is_file() || meta.len() > MAX_LOADED_FILE {
            return None;
        }
        let text: Arc<str> = std::fs::read_to_string(&canon).ok()?.into();
        let mut files = self.files.borrow_mut();
        let id = FileId(u32::try_from(self.next_id + files.len()).ok()?);
        files.push(SourceFile::new(path.to_path_buf(), text.to_string()));
        self.seen.borrow_mut().insert(canon, (id, text.clone()));
        Some((id, text))
    }
}

/// Check the paths in `opts`.
pub fn run(opts: &Options) -> Report {
    let mut report = Report::default();
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let exclude_set = match opts.config.exclude_set() {
        Ok(set) => Some(set),
        Err(e) => {
            report.problems.push(Problem::new(
                opts.config.path.clone().unwrap_or_default(),
                e.to_string(),
            ));
            None
        }
    };
    let is_excluded = |p: &Path| {
        exclude_set
            .as_ref()
            .is_some_and(|set| opts.config.is_excluded(set, p))
    };
    let found = discover::discover(&paths, Some(&is_excluded as &Exclude<'_>));
    report.problems.extend(found.problems);

    // Read and parse every file once.
    let mut parsed: BTreeMap<FileId, ParsedFile> = BTreeMap::new();
    let mut by_dir: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
    for (dir, files) in &found.dirs {
        for path in files {
            match read_text(path) {
                Ok(text) => {
                    let id = report.db.add(SourceFile::new(path.clone(), text));
                    report.files += 1;
                    by_dir.entry(dir.clone()).or_default().push(id);
                    match parse_file(&report.db, id) {
                        Ok(p) => {
                            parsed.insert(id, p);
                        }
                        Err(problem) => report.problems.push(problem),
                    }
                }
                Err(message) => report.problems.push(Problem::new(path.clone(), message)),
            }
        }
    }

    let mut inputs = Inputs {
        vars: opts.vars.clone(),
        var_files: Vec::new(),
    };
    for path in &opts.var_files {
        let text = match read_text(path) {
            Ok(t) => t,
            Err(message) => {
                report.problems.push(Problem::new(path.clone(), message));
                continue;
            }
        };
        if !matches!(
            FileKind::of(path),
            Some(FileKind::Tfvars | FileKind::TfvarsJson)
        ) {
            report.problems.push(Problem::new(
                path.clone(),
                "a --var-file must end in .tfvars or .tfvars.json",
            ));
            continue;
        }
        let id = report.db.add(SourceFile::new(path.clone(), text));
        match parse_file(&report.db, id) {
            Ok(p) => inputs.var_files.push((id, p.body.clone())),
            Err(problem) => report.problems.push(problem),
        }
    }

    let roots = scan_roots(&paths);
    let mut findings = Vec::new();
    for (dir, ids) in &by_dir {
        let is_module = ids.iter().any(|id| {
            report
                .db
                .get(*id)
                .and_then(|f| FileKind::of(&f.path))
                .is_some_and(FileKind::is_config)
        });
        if !is_module {
            continue;
        }
        let files: Vec<ParsedFile> = ids
            .iter()
            .filter_map(|id| parsed.get(id))
            .filter(|p| {
                p.kind.is_config()
                    || report
                        .db
                        .get(p.id)
                        .is_some_and(|f| FileKind::is_auto_vars(&f.path))
            })
            .cloned()
            .collect();
        let (module, problems) = Module::build(dir.clone(), files, &report.db);
        report.problems.extend(problems);
        let loader = TreeLoader::new(&roots, report.db.len());
        let evaluated = Evaluator::new(&module, &report.db, &inputs)
            .with_loader(&loader)
            .evaluate();
        for file in loader.files.into_inner() {
            report.db.add(file);
        }
        report.problems.extend(evaluated.problems.iter().cloned());
        findings.extend(rampart_policy::check(&evaluated, &report.db, &opts.config));
    }

    // Only what was asked about: a file named explicitly is checked with its
    // module, and its findings (or findings whose value passed through it)
    // are reported; files loaded only as context are not.
    if !found.context_only.is_empty() {
        let explicit: BTreeSet<FileId> = found
            .explicit
            .iter()
            .filter_map(|p| report.db.find(p))
            .collect();
        let context: BTreeSet<FileId> = found
            .context_only
            .iter()
            .filter_map(|p| report.db.find(p))
            .collect();
        findings.retain(|f| {
            !context.contains(&f.loc.file)
                || f.related
                    .iter()
                    .any(|r| r.loc.is_some_and(|l| explicit.contains(&l.file)))
        });
    }

    let suppressions: Vec<Suppression> = parsed
        .values()
        .filter_map(|p| report.db.get(p.id).map(|f| suppress::collect(p, f)))
        .flatten()
        .collect();
    for f in findings {
        match suppress::find(&suppressions, &f, &report.db) {
            Some(s) => report.suppressed.push((f, s.clone())),
            None => report.findings.push(f),
        }
    }
    let db = &report.db;
    let key = |f: &Finding| {
        (
            db.get(f.loc.file).map(|x| x.path.clone()),
            f.loc.span.start,
            f.code,
        )
    };
    report.findings.sort_by_key(key);
    report.suppressed.sort_by_key(|(f, _)| key(f));
    report.problems.sort_by(|a, b| {
        (&a.path, a.span.map(|s| s.start)).cmp(&(&b.path, b.span.map(|s| s.start)))
    });
    report.problems.dedup();
    report
}
