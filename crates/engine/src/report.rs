//! Phase 9, sort, and the [`Report`] a run gives its callers.

use crate::canonical;
use crate::modules::Modules;
use rampart_policy::suppress::Suppression;
use rampart_policy::Finding;
use rampart_terraform::module::ParsedFile;
use rampart_terraform::source::{FileId, SourceDb};
use rampart_terraform::Problem;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// The outcome of one run.
#[derive(Debug, Default)]
pub struct Report {
    pub db: SourceDb,
    /// Findings to show, sorted by file, position and rule.
    pub findings: Vec<Finding>,
    /// Findings hidden by a `rampart:ignore` comment or a `[[suppress]]`
    /// entry of the configuration, with the suppression.
    pub suppressed: Vec<(Finding, Suppression)>,
    pub problems: Vec<Problem>,
    /// Files whose findings this report is complete for: every file of the
    /// modules evaluated (all of them, unless `Options::focus` narrowed it).
    pub checked: BTreeSet<FileId>,
    /// Worth telling but not errors: a module call rampart could not follow.
    pub notes: Vec<Problem>,
    /// Terraform files read.
    pub files: usize,
    /// Findings left out because a baseline already records them.
    pub baselined: usize,
    /// The findings the baseline left out, with their places among all
    /// the run's findings (see [`crate::baseline::entries`]).
    pub(crate) hidden_by_baseline: Vec<(usize, Finding)>,
    /// Parsed files of modules loaded because something calls them.
    pub(crate) extra_parsed: Vec<ParsedFile>,
    /// The run's custom rules (its Rego policies), in path order.
    pub custom_rules: Vec<&'static rampart_policy::RuleMeta>,
    /// How long each phase of the run took (wall time), in order.
    pub phases: Vec<(&'static str, std::time::Duration)>,
    /// The run's modules (syntax trees), freed with the report: a program
    /// that exits after reporting can skip freeing them (`mem::forget`).
    pub(crate) retained: Retained,
}

/// The modules a report keeps until it is dropped.
#[derive(Default)]
pub(crate) struct Retained {
    /// Dropped with the report; read only by [`Report::module_calls`].
    pub(crate) _modules: Option<Modules>,
}

impl Report {
    /// Every rule of the run: the built-in ones, then the custom ones.
    pub fn rules(&self) -> impl Iterator<Item = &'static rampart_policy::RuleMeta> + '_ {
        rampart_policy::RULES
            .iter()
            .copied()
            .chain(self.custom_rules.iter().copied())
    }

    /// The rule of the run with this code.
    pub fn rule(&self, code: &str) -> Option<&'static rampart_policy::RuleMeta> {
        self.rules().find(|r| r.code == code)
    }

    /// The local module calls among the run's modules: (calling module's
    /// directory, called module's directory), both canonical. An editor
    /// keeps them to know which roots a change in one module concerns.
    pub fn module_calls(&self) -> Vec<(PathBuf, PathBuf)> {
        let Some(modules) = &self.retained._modules else {
            return Vec::new();
        };
        let mut canon: HashMap<&PathBuf, PathBuf> = HashMap::new();
        modules
            .local
            .iter()
            .map(|((dir, _), target)| {
                let dir = canon.entry(dir).or_insert_with(|| canonical(dir)).clone();
                (dir, target.clone())
            })
            .collect()
    }
}

impl std::fmt::Debug for Retained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Retained")
    }
}

/// Sort the findings (by file, position and rule), the suppressed
/// findings, the problems and the notes; drop repeated problems and notes.
pub(crate) fn sort(report: &mut Report) {
    let db = &report.db;
    let key = |f: &Finding| {
        (
            db.get(f.loc.file).map(|x| x.path.clone()),
            f.loc.span.start(),
            f.code,
        )
    };
    report.findings.sort_by_key(key);
    report.suppressed.sort_by_key(|(f, _)| key(f));
    report.problems.sort_by(|a, b| {
        (&a.path, a.span.map(|s| s.start())).cmp(&(&b.path, b.span.map(|s| s.start())))
    });
    report.problems.dedup();
    report.notes.sort_by(|a, b| {
        (&a.path, a.span.map(|s| s.start())).cmp(&(&b.path, b.span.map(|s| s.start())))
    });
    report.notes.dedup();
}
