//! Phase 8, suppress: `rampart:ignore` comments (of the discovered files
//! and of the modules loaded because something calls them) and the
//! configuration's `[[suppress]]` entries hide the findings they cover;
//! unused, expired and unreadable suppressions become findings themselves.

use crate::check::Checked;
use crate::read::read_text;
use crate::{canonical, Options, Report};
use rampart_config::{Config, Date};
use rampart_policy::suppress::{self, Suppression};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The findings are in the report; what is left of the run.
pub(crate) struct Suppressed {
    /// Every module of the run, kept by the report.
    pub modules: crate::modules::Modules,
}

/// Apply the suppressions to `checked`'s findings: the report's `findings`
/// and `suppressed` are set (not yet sorted).
pub(crate) fn suppress(opts: &Options, checked: Checked, report: &mut Report) -> Suppressed {
    let Checked {
        paths,
        findings,
        mut suppressions,
        modules,
    } = checked;
    // A file named explicitly (as pre-commit names changed files) is checked
    // with its whole module, and the module's findings are reported: the
    // values come from the other files.
    suppressions.extend(
        report
            .extra_parsed
            .iter()
            .filter_map(|p| report.db.get(p.id).map(|f| suppress::collect(p, f)))
            .flatten(),
    );
    suppressions.extend(config_suppressions(
        &mut report.db,
        &mut report.checked,
        &opts.config,
    ));
    // Unused suppressions are judged only in files whose findings are
    // complete: evaluated, in a module (directory) without errors, which
    // could have hidden findings anywhere in it.
    let dir_of = |id: FileId| {
        report
            .db
            .get(id)
            .and_then(|f| f.path.parent().map(Path::to_path_buf))
    };
    let broken: BTreeSet<PathBuf> = report
        .problems
        .iter()
        .filter_map(|p| p.file.and_then(dir_of))
        .collect();
    let complete: BTreeSet<FileId> = report
        .checked
        .iter()
        .copied()
        .filter(|id| dir_of(*id).is_some_and(|d| !broken.contains(&d)))
        .collect();
    let cx = suppress::Context {
        config: &opts.config,
        today: opts.today.unwrap_or_else(today_utc),
        complete: &complete,
        config_complete: opts.focus.is_none() && covers_config_dir(&paths, &opts.config),
        custom: &report.custom_rules,
    };
    let outcome = suppress::apply(findings, &suppressions, &report.db, &cx);
    report.findings = outcome.findings;
    report.suppressed = outcome.suppressed;
    Suppressed { modules }
}

/// Today's date (UTC) by the system clock.
fn today_utc() -> Date {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs() / 86_400).ok())
        .and_then(Date::from_unix_days)
        .unwrap_or(Date::UNIX_EPOCH)
}

/// The configuration's `[[suppress]]` entries, with the configuration file
/// added to the run's sources so that findings about an entry (expired,
/// unused) point into it.
/// The file joins `checked`: an editor then clears findings about it too.
fn config_suppressions(
    db: &mut SourceDb,
    checked: &mut BTreeSet<FileId>,
    config: &Config,
) -> Vec<Suppression> {
    if config.suppress.is_empty() {
        return Vec::new();
    }
    let path = config
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(rampart_config::CONFIG_FILE_NAMES[0]));
    let text = match &config.text {
        Some(t) => t.to_string(),
        None => read_text(&path).unwrap_or_default(),
    };
    let len = text.len();
    let id = db.add(SourceFile::new(path, text));
    checked.insert(id);
    suppress::from_config(config, id, len)
}

/// Does the run cover the configuration's whole directory (a checked path
/// is that directory or one above it), so that a `[[suppress]]` entry that
/// hid nothing really is unused?
fn covers_config_dir(paths: &[PathBuf], config: &Config) -> bool {
    let base = canonical(&config.files.base_dir);
    paths
        .iter()
        .filter(|p| p.is_dir())
        .any(|p| base.starts_with(canonical(p)))
}
