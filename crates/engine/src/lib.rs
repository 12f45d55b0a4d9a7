//! The engine behind every front door (CLI, language server, hooks): it
//! discovers Terraform files, parses them, builds and evaluates each module,
//! runs the policies and applies suppressions. It prints nothing.
//!
//! A run is a pipeline of phases, one module each, every phase taking the
//! previous one's output: [`discover`] (setup, discover) → [`read`] →
//! [`parse`] → [`modules`] (resolve module calls) → [`check`] (which runs
//! [`evaluate`] per root) → [`suppress`] → [`report`] (sort) → [`baseline`]. Problems,
//! notes and the sources go into the [`Report`] as the phases meet them.
//!
//! Invariant: a broken or unreadable file becomes a
//! [`Problem`](rampart_terraform::Problem) and never
//! stops the other files from being checked.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
pub mod baseline;
mod check;
pub mod debug;
mod discover;
mod evaluate;
mod modules;
mod parse;
pub mod paths;
pub mod policies;
mod read;
mod report;
mod suppress;
pub mod testing;

pub use parse::ParseCache;
pub use report::Report;

use rampart_config::{Config, Date};
use rampart_terraform::source::{FileId, SourceDb};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

// Used by `debug`.
pub(crate) use evaluate::{TreeLoader, STEPS_PER_BYTE};
pub(crate) use modules::{load_modules, Resolver};
pub(crate) use parse::build_dir;
pub(crate) use read::read_text;

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
    /// Texts that replace what is on disk (an editor's unsaved buffers),
    /// by path as discovered. A path here that is not on disk is added to
    /// its directory's module.
    pub overlays: HashMap<PathBuf, String>,
    /// Only evaluate the root modules whose configuration includes this
    /// directory (an editor re-checking after a change in one module).
    pub focus: Option<PathBuf>,
    /// Parsed files kept between runs, reused when a file's text has not
    /// changed.
    pub cache: Option<Arc<Mutex<ParseCache>>>,
    /// The day suppressions' `expires` dates are compared with; `None`:
    /// today by the system clock (UTC).
    pub today: Option<Date>,
    /// Terraform files already discovered (directory → its files, as
    /// [`discover::discover`] gives them): used instead of walking
    /// `paths`, which still bound what may be read. An editor keeps this
    /// index between runs and passes the directories a change concerns.
    pub discovered: Option<BTreeMap<PathBuf, Vec<PathBuf>>>,
    /// Findings already accepted (`--baseline`, `[suppressions] baseline`):
    /// left out of the report, counted in [`Report::baselined`].
    pub baseline: Option<Arc<baseline::Baseline>>,
    /// The custom Rego policies, already loaded (the CLI loads them with
    /// the configuration, whose rule codes they extend; an editor keeps
    /// them between runs). `None`: the setup phase loads them from the
    /// configuration's `[policies]` (see [`policies::load`]).
    pub policies: Option<Arc<rampart_rego::PolicySet>>,
}

/// Wall time per phase of a run.
struct Phases {
    last: std::time::Instant,
    done: Vec<(&'static str, std::time::Duration)>,
}

impl Phases {
    fn start() -> Phases {
        Phases {
            last: std::time::Instant::now(),
            done: Vec::new(),
        }
    }

    /// The phase called `name` ends now.
    fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }
}

/// Check the paths in `opts`.
pub fn run(opts: &Options) -> Report {
    let mut phases = Phases::start();
    let mut report = Report::default();
    let setup = discover::setup(opts, &mut report);
    let policies = match &opts.policies {
        Some(p) => p.clone(),
        None => Arc::new(policies::load(&opts.config, &setup.paths)),
    };
    policies::report_errors(policies.errors(), &mut report);
    report.custom_rules = policies.rules();
    phases.mark("setup");
    let found = discover::discover(opts, setup, &mut report);
    phases.mark("discover");
    let read = read::read(opts, found, &mut report);
    phases.mark("read");
    let inputs = read::inputs(opts, &mut report);
    let parsed = parse::parse(opts, read, &mut report);
    phases.mark("parse");
    let loaded = modules::load(parsed, &mut report);
    phases.mark("modules");
    let checked = check::check(opts, loaded, &inputs, &policies, &mut report);
    phases.mark("evaluate");
    let suppressed = suppress::suppress(opts, checked, &mut report);
    phases.mark("suppress");
    report::sort(&mut report);
    if let Some(b) = &opts.baseline {
        baseline::apply(&mut report, b);
    }
    phases.mark("sort");
    report.retained = report::Retained {
        _modules: Some(suppressed.modules),
    };
    report.phases = phases.done;
    report
}

fn canonical(p: &Path) -> PathBuf {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// `f()`, or, if it panics (a bug in rampart), `failed` with the panic's
/// message: one module's bug becomes an error naming it, and every other
/// module is still checked.
fn guarded<T>(f: impl FnOnce() -> T, failed: impl FnOnce(String) -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => failed(format!(
            "{} (a bug in rampart; please report it with this file)",
            panic_message(payload.as_ref())
        )),
    }
}

/// The message a panic carried (`panic!("...")` payloads are a `&str` or a
/// `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// The file an error about a module names: its first file, else its
/// directory.
fn module_file(db: &SourceDb, ids: &[FileId], dir: &Path) -> PathBuf {
    ids.first()
        .and_then(|id| db.get(*id))
        .map_or_else(|| dir.to_path_buf(), |f| f.path.clone())
}

/// Tests only (debug builds): panic while handling a file whose text
/// contains `RAMPART_DEBUG_PANIC`, so that the handling of internal errors
/// can be tested through the real binary.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn debug_panic(db: &SourceDb, ids: &[FileId], phase: &str) {
    let marker = format!("RAMPART_DEBUG_PANIC_{phase}");
    if ids
        .iter()
        .filter_map(|id| db.get(*id))
        .any(|f| f.text.contains(&marker))
    {
        panic!("deliberate panic for a test ({phase})");
    }
}

#[cfg(not(debug_assertions))]
fn debug_panic(_: &SourceDb, _: &[FileId], _: &str) {}

/// May modules be loaded from the canonical directory `p`: is it inside
/// the checked tree (whatever the working directory is)?
pub(crate) fn inside(tree: &[PathBuf], p: &Path) -> bool {
    tree.iter().any(|r| p.starts_with(r))
}
