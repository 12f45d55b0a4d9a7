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
use rampart_terraform::eval::{Evaluator, Inputs};
use rampart_terraform::module::{parse_file, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use rampart_terraform::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not valid UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
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
                format!(
                    "--var-file {} must end in .tfvars or .tfvars.json",
                    path.display()
                ),
            ));
            continue;
        }
        let id = report.db.add(SourceFile::new(path.clone(), text));
        match parse_file(&report.db, id) {
            Ok(p) => inputs.var_files.push((id, p.body.clone())),
            Err(problem) => report.problems.push(problem),
        }
    }

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
        let evaluated = Evaluator::new(&module, &report.db, &inputs).evaluate();
        report.problems.extend(evaluated.problems.iter().cloned());
        findings.extend(rampart_policy::check(&evaluated, &opts.config));
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
        let file = report.db.get(f.loc.file);
        let hit = file.and_then(|file| suppressions.iter().find(|s| s.matches(&f, file)));
        match hit {
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
