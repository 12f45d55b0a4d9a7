//! Custom Rego policies (`rampart-rego`): loaded in the setup phase from
//! the configuration's `[policies]` (unless the caller loaded them, as
//! the CLI does to validate the configuration's rule codes), run in the
//! check phase beside the built-in rules on every module instance; their
//! errors are the report's errors, at their place in the `.rego` file.

use crate::Report;
use rampart_config::Config;
use rampart_rego::{PolicyError, PolicySet};
use rampart_terraform::source::{SourceDb, SourceFile, Span};
use rampart_terraform::Problem;
use std::path::{Path, PathBuf};

/// The directory a run's policies are looked for from when there is no
/// configuration file: the first checked path (a file's directory).
pub fn checked_root(paths: &[PathBuf]) -> PathBuf {
    match paths.first() {
        Some(p) if p.is_file() => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        Some(p) if !p.as_os_str().is_empty() => p.clone(),
        _ => PathBuf::from("."),
    }
}

/// The policies `config` names (`[policies] paths`, else
/// `.rampart/policies` beside the configuration file, or under the first
/// checked path without one), read only inside that directory's
/// repository.
pub fn load(config: &Config, paths: &[PathBuf]) -> PolicySet {
    let root = checked_root(paths);
    let dirs = config.policy_paths(&root);
    if dirs.is_empty() {
        return PolicySet::empty();
    }
    let base = if config.path.is_some() {
        config.files.base_dir.clone()
    } else {
        root
    };
    let bound = rampart_config::policy_bound(&base);
    PolicySet::load(&dirs, bound.as_deref())
}

/// A policy's error as a problem of the report: its `.rego` file joins the
/// run's sources (once) so that the error has a line and column.
pub(crate) fn problem(e: &PolicyError, db: &SourceDb) -> Problem {
    let file = e.text.as_ref().map(|text| {
        db.find(&e.path)
            .unwrap_or_else(|| db.push(SourceFile::new(e.path.clone(), text.to_string())))
    });
    Problem {
        file,
        path: e.path.clone(),
        span: file.and(e.span.as_ref()).map(|s| Span::new(s.start, s.end)),
        message: e.message.clone(),
        group: None,
    }
}

/// Put the policies' load errors in the report.
pub(crate) fn report_errors(errors: &[PolicyError], report: &mut Report) {
    for e in errors {
        let p = problem(e, &report.db);
        report.problems.push(p);
    }
}
