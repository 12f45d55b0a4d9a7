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
    let (dirs, bound) = locate(config, paths);
    if dirs.is_empty() {
        return PolicySet::empty();
    }
    PolicySet::load(&dirs, bound.as_deref())
}

/// Where [`load`] reads policies from: the paths `config` names (none
/// when it names none and `.rampart/policies` does not exist), and the
/// directory they may not lead out of (the configuration's repository).
/// `rampart test` runs the tests there.
pub fn locate(config: &Config, paths: &[PathBuf]) -> (Vec<PathBuf>, Option<PathBuf>) {
    let root = checked_root(paths);
    let dirs = config.policy_paths(&root);
    let base = if config.path.is_some() {
        config.files.base_dir.clone()
    } else {
        root
    };
    (dirs, rampart_config::policy_bound(&base))
}

/// Load the configuration file at `path` with its custom policies: the
/// policies its `[policies]` names are loaded first, so that their codes
/// are valid in `[rules]` and `[[suppress]]`. `paths` are the checked
/// paths (see [`load`]). The policies' own errors are in
/// [`PolicySet::errors`]; only a broken configuration is an `Err`.
/// For every front door: the CLI, and an editor (which keeps the set in
/// [`crate::Options::policies`] between runs, reloading it when a `.rego`
/// file of [`PolicySet::files`] changes).
pub fn load_config(
    path: &Path,
    paths: &[PathBuf],
) -> Result<(Config, PolicySet), rampart_config::ConfigError> {
    let codes = rampart_policy::registry::codes();
    let mut policies = None;
    let config = Config::load_with_custom(path, &codes, |c| {
        let set = load(c, paths);
        let custom = set.codes();
        policies = Some(set);
        custom
    })?;
    let policies = policies.unwrap_or_else(|| load(&config, paths));
    Ok((config, policies))
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
