//! Phase 5, resolve modules: the discovered modules, then every module
//! their calls lead to (local sources, and registry or git modules that
//! `terraform init` recorded in `.terraform/modules/modules.json`), read
//! only inside the checked tree; the roots (modules nobody calls); and the
//! evaluator's [`ModuleResolver`] over them.

use crate::parse::{Built, Parsed};
use crate::read::read_text;
use crate::{canonical, Report};
use rampart_policy::suppress::Suppression;
use rampart_terraform::discover;
use rampart_terraform::eval::{ModuleResolver, Unresolved};
use rampart_terraform::module::{parse_file, FileKind, Module};
use rampart_terraform::source::SourceFile;
use rampart_terraform::{NoteGroup, Problem};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The run's modules, ready to evaluate.
pub(crate) struct Loaded {
    /// The checked paths.
    pub paths: Vec<PathBuf>,
    pub modules: Modules,
    /// The suppression comments of the discovered files.
    pub suppressions: Vec<Suppression>,
    /// What may be read (see [`Parsed::tree`]).
    pub tree: Vec<PathBuf>,
}

/// Gather the parsed modules and load what they call.
pub(crate) fn load(parsed: Parsed, report: &mut Report) -> Loaded {
    let Parsed {
        paths,
        built,
        suppressions,
        tree,
    } = parsed;
    let cwd = canonical(Path::new("."));
    let modules = load_modules(report, built, &tree, &cwd);
    Loaded {
        paths,
        modules,
        suppressions,
        tree,
    }
}

/// Every module of the run: those discovered, and those their calls lead
/// to (local sources, and registry or git modules `terraform init` left in
/// `.terraform/modules`), keyed by canonical directory.
pub(crate) struct Modules {
    pub by_dir: BTreeMap<PathBuf, Module>,
    /// Discovered modules nobody in the run calls: evaluated on their own.
    pub roots: Vec<PathBuf>,
    /// How many of `roots`, from the start, nobody calls (the rest are
    /// modules calling each other in a circle, each reached from another).
    pub uncalled: usize,
    /// (calling module's directory as loaded, call name) → target directory.
    pub local: HashMap<(PathBuf, String), PathBuf>,
    /// Root directory → manifest key → module directory.
    pub manifests: HashMap<PathBuf, HashMap<String, PathBuf>>,
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

/// Gather the discovered modules, then follow module calls until every
/// module they lead to (inside the checked tree) is loaded.
pub(crate) fn load_modules(
    report: &mut Report,
    built: Vec<Built>,
    tree: &[PathBuf],
    cwd: &Path,
) -> Modules {
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
    let inside = |p: &Path| crate::inside(tree, p);
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
pub(crate) fn reached_by(modules: &Modules, root: &Path, module: &Module) -> BTreeSet<PathBuf> {
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
pub(crate) struct Resolver<'a> {
    pub modules: &'a Modules,
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
