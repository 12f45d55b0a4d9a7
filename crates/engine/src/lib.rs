//! The engine behind every front door (CLI, language server, hooks): it
//! discovers Terraform files, parses them, builds and evaluates each module,
//! runs the policies and applies suppressions. It prints nothing.
//!
//! Invariant: a broken or unreadable file becomes a [`Problem`] and never
//! stops the other files from being checked.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
pub mod debug;

use rampart_config::{Config, Date};
use rampart_policy::suppress::{self, Suppression};
use rampart_policy::Finding;
use rampart_terraform::discover::{self, Exclude};
use rampart_terraform::eval::{Evaluator, FileLoader, Inputs, ModuleResolver, Unresolved};
use rampart_terraform::module::{parse_file, parse_file_lenient, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use rampart_terraform::{NoteGroup, Problem};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

/// Parsed files by path, with a hash of the text each was parsed from.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<PathBuf, (u64, Parsed)>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What parsing one file gave: the tree (possibly of a broken file with
/// its broken block blanked out) and its first syntax error.
type Parsed = (Option<ParsedFile>, Option<Problem>);

/// Parse file `id` leniently, through the cache when there is one.
fn parse_cached(db: &SourceDb, id: FileId, cache: Option<&Mutex<ParseCache>>) -> Parsed {
    let (Some(file), Some(cache)) = (db.get(id), cache) else {
        return parse_file_lenient(db, id);
    };
    let hash = text_hash(&file.text);
    if let Ok(guard) = cache.lock() {
        if let Some((h, (tree, problem))) = guard.entries.get(&file.path) {
            if *h == hash {
                return (
                    tree.as_ref().map(|p| ParsedFile { id, ..p.clone() }),
                    problem.as_ref().map(|p| Problem {
                        file: Some(id),
                        ..p.clone()
                    }),
                );
            }
        }
    }
    let result = parse_file_lenient(db, id);
    if let Ok(mut guard) = cache.lock() {
        guard
            .entries
            .insert(file.path.clone(), (hash, result.clone()));
    }
    result
}

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
    /// Parsed files of modules loaded because something calls them.
    extra_parsed: Vec<ParsedFile>,
    /// How long each phase of the run took (wall time), in order.
    pub phases: Vec<(&'static str, std::time::Duration)>,
    /// The run's modules (syntax trees), freed with the report: a program
    /// that exits after reporting can skip freeing them (`mem::forget`).
    retained: Retained,
}

/// The modules a report keeps until it is dropped.
#[derive(Default)]
struct Retained {
    /// Dropped with the report; read only by [`Report::module_calls`].
    _modules: Option<Modules>,
}

impl Report {
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

/// Read a file as UTF-8 text, refusing what is not a regular file.
fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > rampart_terraform::source::MAX_FILE_SIZE {
        return Err(format!(
            "too large to be a Terraform file ({} MB; rampart reads files up to {} MB)",
            meta.len() / (1024 * 1024),
            rampart_terraform::source::MAX_FILE_SIZE / (1024 * 1024)
        ));
    }
    // Bounded even if the file grows after the check above.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?,
            rampart_terraform::source::MAX_FILE_SIZE,
        ),
        &mut bytes,
    )
    .map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Serves `file()` and `templatefile()`: only regular files inside the
/// scanned tree, so checking untrusted code never reads arbitrary files.
/// Shared by the root modules evaluated in parallel: each file is read
/// once and added to the run's sources as it is first read.
struct TreeLoader<'a> {
    roots: &'a [PathBuf],
    db: &'a SourceDb,
    seen: Mutex<HashMap<PathBuf, (FileId, Arc<str>)>>,
}

/// Evaluation steps allowed per byte of a root module's configuration, on
/// top of the base budget.
const STEPS_PER_BYTE: u64 = 40;

/// Files read through `file()` larger than this are not loaded.
const MAX_LOADED_FILE: u64 = 8 * 1024 * 1024;

impl<'a> TreeLoader<'a> {
    fn new(roots: &'a [PathBuf], db: &'a SourceDb) -> TreeLoader<'a> {
        TreeLoader {
            roots,
            db,
            seen: Mutex::new(HashMap::new()),
        }
    }
}

impl TreeLoader<'_> {
    /// `path` made absolute and free of `..` (following symlinks where it
    /// exists), if it lies inside the tree.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        let canon = path.canonicalize().ok().or_else(|| {
            // A file that does not exist: judge by its directory.
            let parent = path.parent()?.canonicalize().ok()?;
            Some(parent.join(path.file_name()?))
        })?;
        self.roots
            .iter()
            .any(|r| canon.starts_with(r))
            .then_some(canon)
    }
}

impl FileLoader for TreeLoader<'_> {
    fn exists(&self, path: &Path) -> Option<bool> {
        let canon = self.inside(path)?;
        Some(canon.is_file())
    }

    fn absolute(&self, path: &Path) -> Option<PathBuf> {
        self.inside(path)
    }

    fn load(&self, path: &Path) -> Option<(FileId, Arc<str>)> {
        let canon = path.canonicalize().ok()?;
        if !self.roots.iter().any(|r| canon.starts_with(r)) {
            return None;
        }
        let seen = |canon: &PathBuf| self.seen.lock().ok().and_then(|m| m.get(canon).cloned());
        if let Some(hit) = seen(&canon) {
            return Some(hit);
        }
        let meta = std::fs::metadata(&canon).ok()?;
        if !meta.is_file() || meta.len() > MAX_LOADED_FILE {
            return None;
        }
        let text: Arc<str> = std::fs::read_to_string(&canon).ok()?.into();
        // Another root may have read it meanwhile: the first one added wins.
        let mut map = self.seen.lock().ok()?;
        if let Some(hit) = map.get(&canon) {
            return Some(hit.clone());
        }
        let id = self
            .db
            .push(SourceFile::new(path.to_path_buf(), text.to_string()));
        map.insert(canon, (id, text.clone()));
        Some((id, text))
    }
}

/// Check the paths in `opts`.
pub fn run(opts: &Options) -> Report {
    let mut phases = Phases::start();
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
    // A named file that exists only as an editor's or stdin's text: check
    // its directory's module (the overlay joins it below).
    let paths: Vec<PathBuf> = paths
        .into_iter()
        .map(|p| {
            if !p.exists() && opts.overlays.contains_key(&p) {
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            } else {
                p
            }
        })
        .collect();
    phases.mark("setup");
    let mut found = match &opts.discovered {
        Some(dirs) => discover::Discovered {
            dirs: dirs.clone(),
            ..discover::Discovered::default()
        },
        None => discover::discover(&paths, Some(&is_excluded as &Exclude<'_>)),
    };
    report.problems.append(&mut found.problems);
    report.notes.append(&mut found.notes);
    // An editor's new, unsaved file joins its directory's module.
    for path in opts.overlays.keys() {
        if FileKind::of(path).is_none() || path.exists() {
            continue;
        }
        // Discovery names the working directory's files without `./`, so
        // their directory is the empty path.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let scanned = paths
            .iter()
            .any(|p| p == &dir || (dir.as_os_str().is_empty() && p == Path::new(".")));
        if scanned || found.dirs.contains_key(&dir) {
            let files = found.dirs.entry(dir).or_default();
            if !files.contains(path) {
                files.push(path.clone());
                files.sort();
            }
        }
    }

    phases.mark("discover");
    // Read every file once, on all cores (the line index of each is built
    // as it is read).
    use rayon::prelude::*;
    let listed: Vec<&PathBuf> = found.dirs.values().flatten().collect();
    let read: Vec<Result<SourceFile, String>> = listed
        .par_iter()
        .map(|path| {
            match opts.overlays.get(*path) {
                Some(text) => Ok(text.clone()),
                None => read_text(path),
            }
            .map(|text| SourceFile::new((*path).clone(), text))
        })
        .collect();
    // Back into directories, in the same order (one insertion per
    // directory).
    let mut by_dir: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
    let mut read = read.into_iter();
    for (dir, files) in &found.dirs {
        let mut ids = Vec::new();
        for (path, file) in files.iter().zip(read.by_ref()) {
            match file {
                Ok(file) => {
                    ids.push(report.db.add(file));
                    report.files += 1;
                }
                Err(message) => report.problems.push(Problem::new(path.clone(), message)),
            }
        }
        if !ids.is_empty() {
            by_dir.insert(dir.clone(), ids);
        }
    }
    phases.mark("read");
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

    // What may be read: the checked paths' repositories (see
    // `discover::boundaries`); never the working directory as such.
    let tree = discover::boundaries(&paths);
    let cwd = canonical(Path::new("."));
    // Parse each directory's files and build its module, on all cores:
    // parsing is the costly part and directories are independent. Each
    // file's tree is moved into its module (no copy is made); suppression
    // comments are read from it first.
    let built: Vec<Built> = {
        let db = &report.db;
        let cache = opts.cache.as_deref();
        let tree = &tree;
        by_dir
            .par_iter()
            .map(|(dir, ids)| {
                guarded(
                    || build_dir(db, cache, dir, ids, tree),
                    |problem| Built {
                        key: canonical(dir),
                        module: None,
                        problems: vec![Problem::new(
                            module_file(db, ids, dir),
                            format!("internal error while parsing this module: {problem}"),
                        )],
                        suppressions: Vec::new(),
                        manifest: None,
                    },
                )
            })
            .collect()
    };
    phases.mark("parse");
    let mut suppressions: Vec<Suppression> = Vec::new();
    for b in &built {
        report.problems.extend(b.problems.iter().cloned());
    }
    let built: Vec<Built> = built
        .into_iter()
        .map(|mut b| {
            suppressions.append(&mut b.suppressions);
            b.problems.clear();
            b
        })
        .collect();
    let mut modules = load_modules(&mut report, built, &tree, &cwd);
    phases.mark("modules");
    let focus = opts.focus.as_deref().map(canonical);
    // Root modules are independent: evaluated and checked on all cores,
    // each with its own evaluator; only the findings are kept.
    // A root nobody calls is needed by no other root: its module is taken
    // out of the shared map, moved into its task and freed there as soon as
    // it is checked, so the run's memory shrinks as evaluation proceeds.
    let roots: Vec<(PathBuf, Option<Module>)> = modules
        .roots
        .clone()
        .into_iter()
        .enumerate()
        .map(|(i, root)| {
            let owned = if i < modules.uncalled {
                modules.by_dir.remove(&root)
            } else {
                None
            };
            (root, owned)
        })
        .collect();
    let loader = TreeLoader::new(&tree, &report.db);
    let cx = RootCx {
        modules: &modules,
        db: &report.db,
        inputs: &inputs,
        loader: &loader,
        resolver: &Resolver { modules: &modules },
        opts,
    };
    let outcomes: Vec<RootOutcome> = roots
        .into_par_iter()
        .filter_map(|(root, owned)| {
            let module = match &owned {
                Some(m) => m,
                None => cx.modules.by_dir.get(&root)?,
            };
            let reached = reached_by(cx.modules, &root, module);
            if focus.as_ref().is_some_and(|dir| !reached.contains(dir)) {
                return None;
            }
            Some(guarded(
                || check_root(&cx, &root, module, &reached),
                |problem| RootOutcome {
                    findings: Vec::new(),
                    problems: vec![Problem::new(
                        module_file(cx.db, &module.files, &module.dir),
                        format!("internal error while checking this module: {problem}"),
                    )],
                    notes: Vec::new(),
                    checked: Vec::new(),
                },
            ))
        })
        .collect();
    phases.mark("evaluate");
    // In root order, so that a module called from several roots reports
    // each place once, as the first root to reach it found it.
    let mut findings: Vec<Finding> = Vec::new();
    let mut seen: BTreeMap<(&'static str, rampart_terraform::source::Loc, String), usize> =
        BTreeMap::new();
    for outcome in outcomes {
        report.checked.extend(outcome.checked);
        report.problems.extend(outcome.problems);
        report.notes.extend(outcome.notes);
        for f in outcome.findings {
            match seen.entry((f.code, f.loc, f.identity.clone())) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    if let Some(first) = findings.get_mut(*e.get()) {
                        first.add_instances(&f.instances);
                    }
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(findings.len());
                    findings.push(f);
                }
            }
        }
    }

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
    };
    let outcome = suppress::apply(findings, &suppressions, &report.db, &cx);
    report.findings = outcome.findings;
    report.suppressed = outcome.suppressed;
    phases.mark("suppress");
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
    phases.mark("sort");
    report.retained = Retained {
        _modules: Some(modules),
    };
    report.phases = phases.done;
    report
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

/// Every module of the run: those discovered, and those their calls lead
/// to (local sources, and registry or git modules `terraform init` left in
/// `.terraform/modules`), keyed by canonical directory.
struct Modules {
    by_dir: BTreeMap<PathBuf, Module>,
    /// Discovered modules nobody in the run calls: evaluated on their own.
    roots: Vec<PathBuf>,
    /// How many of `roots`, from the start, nobody calls (the rest are
    /// modules calling each other in a circle, each reached from another).
    uncalled: usize,
    /// (calling module's directory as loaded, call name) → target directory.
    local: HashMap<(PathBuf, String), PathBuf>,
    /// Root directory → manifest key → module directory.
    manifests: HashMap<PathBuf, HashMap<String, PathBuf>>,
}

fn canonical(p: &Path) -> PathBuf {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

fn literal_source(call: &rampart_terraform::module::NamedBlock) -> Option<&str> {
    match &call.block.body.attribute("source")?.expr.kind {
        rampart_terraform::syntax::ExprKind::String(s) => Some(s),
        _ => None,
    }
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

/// One discovered directory, parsed and built.
struct Built {
    /// The directory, canonical.
    key: PathBuf,
    /// `None` when the directory holds no configuration file.
    module: Option<Module>,
    problems: Vec<Problem>,
    suppressions: Vec<Suppression>,
    /// Registry and git modules, as `terraform init` recorded them (those
    /// inside what may be read).
    manifest: Option<HashMap<String, PathBuf>>,
}

/// Parse the files of one discovered directory and build its module.
fn build_dir(
    db: &SourceDb,
    cache: Option<&Mutex<ParseCache>>,
    dir: &Path,
    ids: &[FileId],
    tree: &[PathBuf],
) -> Built {
    debug_panic(db, ids, "PARSE");
    let mut problems = Vec::new();
    let mut suppressions = Vec::new();
    let mut files = Vec::new();
    for &id in ids {
        let (parsed, problem) = parse_cached(db, id, cache);
        problems.extend(problem);
        let (Some(parsed), Some(file)) = (parsed, db.get(id)) else {
            continue;
        };
        suppressions.extend(suppress::collect(&parsed, file));
        if parsed.kind.is_config() || FileKind::is_auto_vars(&file.path) {
            files.push(parsed);
        }
    }
    let key = canonical(dir);
    let has_config = ids.iter().any(|id| {
        db.get(*id)
            .and_then(|f| FileKind::of(&f.path))
            .is_some_and(FileKind::is_config)
    });
    if !has_config {
        return Built {
            key,
            module: None,
            problems,
            suppressions,
            manifest: None,
        };
    }
    let (module, more) = Module::build(dir.to_path_buf(), files, db);
    problems.extend(more);
    let manifest = rampart_terraform::module::read_manifest(&key, tree).map(|entries| {
        entries
            .into_iter()
            .map(|(k, d)| (k, canonical(&key.join(d))))
            .filter(|(_, target)| inside(tree, target))
            .collect()
    });
    Built {
        key,
        module: Some(module),
        problems,
        suppressions,
        manifest,
    }
}

/// May modules be loaded from the canonical directory `p`: is it inside
/// the checked tree (whatever the working directory is)?
fn inside(tree: &[PathBuf], p: &Path) -> bool {
    tree.iter().any(|r| p.starts_with(r))
}

/// What checking one root module (and every module it calls) gave.
struct RootOutcome {
    findings: Vec<Finding>,
    problems: Vec<Problem>,
    notes: Vec<Problem>,
    checked: Vec<FileId>,
}

/// What every root's evaluation shares.
struct RootCx<'a> {
    modules: &'a Modules,
    db: &'a SourceDb,
    inputs: &'a Inputs,
    loader: &'a TreeLoader<'a>,
    resolver: &'a Resolver<'a>,
    opts: &'a Options,
}

/// Evaluate one root module with everything it calls, and run the policies
/// over each evaluated module.
fn check_root(
    cx: &RootCx<'_>,
    root: &Path,
    module: &Module,
    reached: &BTreeSet<PathBuf>,
) -> RootOutcome {
    let RootCx {
        modules,
        db,
        inputs,
        loader,
        resolver,
        opts,
    } = *cx;
    // The budget grows with the configuration: a few dozen steps per byte
    // of source is far more than real code needs and still stops runaway
    // loops quickly.
    let others = || {
        reached
            .iter()
            .filter(|d| d.as_path() != root)
            .filter_map(|d| modules.by_dir.get(d))
    };
    let bytes: u64 = std::iter::once(module)
        .chain(others())
        .flat_map(|m| m.files.iter())
        .filter_map(|id| db.get(*id))
        .map(|f| f.text.len() as u64)
        .sum();
    debug_panic(db, &module.files, "EVALUATE");
    let evaluated = Evaluator::new(module, db, inputs)
        .with_step_budget(rampart_terraform::eval::MAX_STEPS + STEPS_PER_BYTE * bytes)
        .with_value_budget(rampart_terraform::eval::value_budget(bytes))
        .with_loader(loader)
        .with_resolver(resolver)
        .evaluate();
    let mut out = RootOutcome {
        findings: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
        checked: Vec::new(),
    };
    // The root and every module it calls, each checked on its own.
    for m in std::iter::once(module).chain(others()) {
        out.checked.extend(m.files.iter().copied());
        out.checked.extend(m.auto_vars.iter().copied());
    }
    let mut stack = vec![&evaluated];
    while let Some(m) = stack.pop() {
        out.problems.extend(m.problems.iter().cloned());
        out.notes.extend(m.notes.iter().cloned());
        let checked = rampart_policy::check_all(m, db, &opts.config);
        out.findings.extend(checked.findings);
        for n in checked.notes {
            let note = Problem {
                file: Some(n.loc.file),
                path: db
                    .get(n.loc.file)
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
                span: Some(n.loc.span),
                message: n.message,
                group: None,
            };
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
        stack.extend(m.children.iter().rev());
    }
    for f in &mut out.findings {
        through_callers(f, root, module, resolver);
        keep_in_repository(f, db, root, module, resolver);
    }
    out
}

/// Is the file downloaded by `terraform init` (under `.terraform/`), and so
/// not part of the repository a user can edit?
fn downloaded(db: &SourceDb, file: FileId) -> bool {
    db.get(file)
        .is_some_and(|f| f.path.components().any(|c| c.as_os_str() == ".terraform"))
}

/// A finding whose offending line is inside a downloaded module points
/// at the nearest place in the repository instead: the latest repository
/// location on the value's chain (a module call's argument), else the
/// `module` call in the repository that leads to the downloaded module.
/// The module's line becomes the last related location. Users fix, and
/// suppress, what they can edit.
fn keep_in_repository(
    f: &mut Finding,
    db: &SourceDb,
    root: &Path,
    root_module: &Module,
    resolver: &Resolver<'_>,
) {
    if !downloaded(db, f.loc.file) {
        return;
    }
    let on_chain = f
        .related
        .iter()
        .rposition(|r| r.loc.is_some_and(|l| !downloaded(db, l.file)));
    let new = match on_chain {
        Some(i) => f.related.remove(i).loc,
        None => calling_site(&f.resource, db, root, root_module, resolver),
    };
    let Some(new) = new else {
        return;
    };
    let old = std::mem::replace(&mut f.loc, new);
    f.related.push(rampart_policy::Related {
        loc: Some(old),
        message: "the offending line, in a module downloaded by `terraform init`".to_string(),
    });
}

/// The deepest `module` call in the repository on the way to `address`:
/// its `source`.
fn calling_site(
    address: &str,
    db: &SourceDb,
    root: &Path,
    root_module: &Module,
    resolver: &Resolver<'_>,
) -> Option<rampart_terraform::source::Loc> {
    call_path(address, root, root_module, resolver)
        .into_iter()
        .rev()
        .find(|c| !downloaded(db, c.call.file))
        .map(|c| {
            let span = c
                .call
                .block
                .body
                .attribute("source")
                .map_or(c.call.block.ident_span, |a| a.expr.span);
            rampart_terraform::source::Loc::new(c.call.file, span)
        })
}

/// One `module` call on the way from the root to a resource.
struct CallStep<'m> {
    /// `module.a.module.b`
    address: String,
    call: &'m rampart_terraform::module::NamedBlock,
}

/// The `module` calls leading from the root module to `address`
/// (`module.a.module.b.aws_x.y`, instance keys allowed), outermost first.
fn call_path<'m>(
    address: &str,
    root: &Path,
    root_module: &'m Module,
    resolver: &'m Resolver<'m>,
) -> Vec<CallStep<'m>> {
    use rampart_terraform::eval::ModuleResolver;
    let mut out = Vec::new();
    let mut current = root_module;
    let mut key: Vec<&str> = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = &after[..end];
        rest = &after[end..];
        if rest.starts_with('[') {
            // An instance key: skip to its closing bracket (keys are
            // quoted strings or numbers; one holding `].` only makes the
            // path shorter).
            rest = rest.find("].").map_or("", |i| &rest[i + 1..]);
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
        let Some(call) = current.module_calls.get(name) else {
            break;
        };
        key.push(name);
        out.push(CallStep {
            address: key
                .iter()
                .map(|k| format!("module.{k}"))
                .collect::<Vec<_>>()
                .join("."),
            call,
        });
        match resolver.resolve(root, current, &key.join("."), call) {
            Ok(next) => current = next,
            Err(_) => break,
        }
    }
    out
}

/// A finding inside a called module says which call led there, when its
/// chain does not already pass through that call: two callers sharing a
/// module's line each get a finding with their own chain.
fn through_callers(f: &mut Finding, root: &Path, root_module: &Module, resolver: &Resolver<'_>) {
    if !f.resource.starts_with("module.") {
        return;
    }
    let mut hops = Vec::new();
    for step in call_path(&f.resource, root, root_module, resolver) {
        let block = step.call.block.span;
        let covered = f.related.iter().any(|r| {
            r.loc.is_some_and(|l| {
                l.file == step.call.file
                    && l.span.start() >= block.start()
                    && l.span.end() <= block.end()
            })
        });
        if !covered {
            let span = step
                .call
                .block
                .labels
                .first()
                .map_or(step.call.block.ident_span, |l| l.span);
            hops.push(rampart_policy::Related {
                loc: Some(rampart_terraform::source::Loc::new(step.call.file, span)),
                message: format!("`{}` calls the module here", step.address),
            });
        }
    }
    f.related.splice(0..0, hops);
}

/// Gather the discovered modules, then follow module calls until every
/// module they lead to (inside the checked tree) is loaded.
fn load_modules(report: &mut Report, built: Vec<Built>, tree: &[PathBuf], cwd: &Path) -> Modules {
    let mut modules = Modules {
        by_dir: BTreeMap::new(),
        roots: Vec::new(),
        uncalled: 0,
        local: HashMap::new(),
        manifests: HashMap::new(),
    };
    let mut discovered = Vec::new();
    for b in built {
        let Some(module) = b.module else {
            continue;
        };
        discovered.push(b.key.clone());
        if let Some(m) = b.manifest {
            modules.manifests.insert(b.key.clone(), m);
        }
        modules.by_dir.insert(b.key, module);
    }
    let inside = |p: &Path| inside(tree, p);
    let mut work: Vec<PathBuf> = modules.by_dir.keys().cloned().collect();
    work.extend(modules.manifests.values().flat_map(|m| m.values().cloned()));
    let mut called: BTreeSet<PathBuf> = BTreeSet::new();
    let mut visited: BTreeSet<PathBuf> = BTreeSet::new();
    let mut resolved: HashMap<PathBuf, PathBuf> = HashMap::new();
    while let Some(dir) = work.pop() {
        if !visited.insert(dir.clone()) {
            continue;
        }
        if !modules.by_dir.contains_key(&dir) {
            if !inside(&dir) {
                continue;
            }
            if let Some(m) = load_dir(report, &dir, cwd, tree) {
                modules.by_dir.insert(dir.clone(), m);
            } else {
                continue;
            }
        }
        let Some(module) = modules.by_dir.get(&dir) else {
            continue;
        };
        let module_dir = module.dir.clone();
        let mut targets = Vec::new();
        for (name, call) in &module.module_calls {
            let Some(source) = literal_source(call).filter(|s| is_local_source(s)) else {
                continue;
            };
            let target = call_target(&dir, source, &mut resolved);
            targets.push((name.clone(), target));
        }
        for (name, target) in targets {
            // Called by anything the run loads (even a module reached only
            // through another call): checked through its caller.
            called.insert(target.clone());
            modules
                .local
                .insert((module_dir.clone(), name), target.clone());
            work.push(target);
        }
    }
    // Roots: discovered modules nobody calls; then, so that modules calling
    // each other in a circle are still checked, the first of any left unreached.
    modules.roots = discovered
        .iter()
        .filter(|d| !called.contains(*d))
        .cloned()
        .collect();
    modules.uncalled = modules.roots.len();
    let mut reached = reachable(&modules, &modules.roots);
    for d in &discovered {
        if !reached.contains(d) {
            modules.roots.push(d.clone());
            reached = reachable(&modules, &modules.roots);
        }
    }
    modules
}

/// The directory a local module source leads to from the canonical
/// directory `dir`. Leading `..` and `.` are resolved by dropping
/// components (exact: every component of a canonical path is a real
/// directory), the rest by the file system once per distinct path: a
/// shared module called from thousands of places costs one lookup.
fn call_target(dir: &Path, source: &str, cache: &mut HashMap<PathBuf, PathBuf>) -> PathBuf {
    use std::path::Component;
    let mut base = dir.to_path_buf();
    let mut rest = PathBuf::new();
    let mut leading = true;
    for c in Path::new(source).components() {
        match c {
            Component::CurDir if leading => {}
            Component::ParentDir if leading => {
                base.pop();
            }
            other => {
                leading = false;
                rest.push(other);
            }
        }
    }
    let joined = base.join(rest);
    cache
        .entry(joined)
        .or_insert_with_key(|p| canonical(p))
        .clone()
}

/// `root` (whose module is `module`, possibly no longer in the map) and
/// every module it leads to.
fn reached_by(modules: &Modules, root: &Path, module: &Module) -> BTreeSet<PathBuf> {
    let targets: Vec<PathBuf> = module
        .module_calls
        .keys()
        .filter_map(|name| {
            modules
                .local
                .get(&(module.dir.clone(), name.clone()))
                .cloned()
        })
        .collect();
    let mut seen = reachable(modules, &targets);
    seen.insert(root.to_path_buf());
    seen
}

fn reachable(modules: &Modules, from: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut work: Vec<PathBuf> = from.to_vec();
    while let Some(d) = work.pop() {
        if !seen.insert(d.clone()) {
            continue;
        }
        if let Some(m) = modules.by_dir.get(&d) {
            for name in m.module_calls.keys() {
                if let Some(t) = modules.local.get(&(m.dir.clone(), name.clone())) {
                    work.push(t.clone());
                }
            }
        }
    }
    seen
}

/// Read and parse the Terraform files of a module directory that was not
/// discovered (a called module outside the given paths, or one in
/// `.terraform/modules`), shown relative to the working directory.
fn load_dir(report: &mut Report, dir: &Path, cwd: &Path, tree: &[PathBuf]) -> Option<Module> {
    let shown = pathdiff::diff_paths(dir, cwd).unwrap_or_else(|| dir.to_path_buf());
    let mut entries: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let path = shown.join(e.file_name());
        let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
        let Ok(kind) = e.file_type() else {
            continue;
        };
        if hidden
            || !(kind.is_file() || kind.is_symlink())
            || !FileKind::of(&path).is_some_and(FileKind::is_config)
        {
            continue;
        }
        if kind.is_symlink() {
            if let Some(Err(note)) = discover::check_link(&dir.join(e.file_name()), tree) {
                report.notes.push(Problem { path, ..note });
                continue;
            }
        }
        entries.push(path);
    }
    entries.sort();
    if entries.is_empty() {
        return None;
    }
    let mut files = Vec::new();
    for path in entries {
        match read_text(&path) {
            Ok(text) => {
                let id = report.db.add(SourceFile::new(path.clone(), text));
                report.files += 1;
                match parse_file(&report.db, id) {
                    Ok(p) => {
                        report.extra_parsed.push(p.clone());
                        files.push(p);
                    }
                    Err(problem) => report.problems.push(problem),
                }
            }
            Err(message) => report.problems.push(Problem::new(path, message)),
        }
    }
    let (module, problems) = Module::build(shown, files, &report.db);
    report.problems.extend(problems);
    Some(module)
}

/// Resolves module calls against the modules loaded before evaluation.
struct Resolver<'a> {
    modules: &'a Modules,
}

impl ModuleResolver for Resolver<'_> {
    fn resolve(
        &self,
        root_dir: &Path,
        parent: &Module,
        key: &str,
        call: &rampart_terraform::module::NamedBlock,
    ) -> Result<&Module, Unresolved> {
        let Some(source) = literal_source(call) else {
            return Err("its `source` is not a literal string".to_string().into());
        };
        if is_local_source(source) {
            let target = self
                .modules
                .local
                .get(&(parent.dir.clone(), call.name.to_string()))
                .ok_or_else(|| format!("`{source}` was not found"))?;
            return self.modules.by_dir.get(target).ok_or_else(|| {
                format!("`{source}` holds no Terraform files rampart may read (it must be inside the checked tree)").into()
            });
        }
        self.modules
            .manifests
            .get(&canonical(root_dir))
            .and_then(|m| m.get(key))
            .and_then(|dir| self.modules.by_dir.get(dir))
            .ok_or_else(|| Unresolved {
                reason: format!("`{source}` is a registry or remote module that has not been downloaded (run `terraform init` so that .terraform/modules holds it)"),
                group: Some(NoteGroup::ModuleNotDownloaded),
            })
    }
}
