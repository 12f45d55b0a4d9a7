//! Phase 6, evaluate: one root module with everything it calls, on its own
//! evaluator, with a step budget that grows with the configuration, the
//! run's [`TreeLoader`] for `file()` and the module resolver. Called per
//! root by the check phase ([`crate::check`]), on all cores.

use crate::modules::{Modules, Resolver};
use crate::Options;
use rampart_terraform::eval::{EvaluatedModule, Evaluator, FileLoader, Inputs};
use rampart_terraform::module::Module;
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What every root's evaluation shares.
pub(crate) struct RootCx<'a> {
    pub modules: &'a Modules,
    pub db: &'a SourceDb,
    pub inputs: &'a Inputs,
    pub loader: &'a TreeLoader<'a>,
    pub resolver: &'a Resolver<'a>,
    pub opts: &'a Options,
    pub policies: &'a rampart_rego::PolicySet,
}

/// Evaluate the root module `module` (in `root`), which leads to the
/// modules in `reached`.
pub(crate) fn evaluate_root(
    cx: &RootCx<'_>,
    root: &Path,
    module: &Module,
    reached: &BTreeSet<PathBuf>,
) -> EvaluatedModule {
    let RootCx {
        modules,
        db,
        inputs,
        loader,
        resolver,
        ..
    } = *cx;
    // The budget grows with the configuration: a few dozen steps per byte
    // of source is far more than real code needs and still stops runaway
    // loops quickly.
    let bytes: u64 = std::iter::once(module)
        .chain(called(modules, root, reached))
        .flat_map(|m| m.files.iter())
        .filter_map(|id| db.get(*id))
        .map(|f| f.text.len() as u64)
        .sum();
    crate::debug_panic(db, &module.files, "EVALUATE");
    Evaluator::new(module, db, inputs)
        .with_step_budget(rampart_terraform::eval::MAX_STEPS + STEPS_PER_BYTE * bytes)
        .with_value_budget(rampart_terraform::eval::value_budget(bytes))
        .with_loader(loader)
        .with_resolver(resolver)
        .evaluate()
}

/// The modules `reached` from `root`, other than the root itself.
pub(crate) fn called<'m>(
    modules: &'m Modules,
    root: &'m Path,
    reached: &'m BTreeSet<PathBuf>,
) -> impl Iterator<Item = &'m Module> + 'm {
    reached
        .iter()
        .filter(move |d| d.as_path() != root)
        .filter_map(|d| modules.by_dir.get(d))
}

/// Serves `file()` and `templatefile()`: only regular files inside the
/// scanned tree, so checking untrusted code never reads arbitrary files.
/// Shared by the root modules evaluated in parallel: each file is read
/// once and added to the run's sources as it is first read.
pub(crate) struct TreeLoader<'a> {
    roots: &'a [PathBuf],
    db: &'a SourceDb,
    seen: Mutex<HashMap<PathBuf, (FileId, Arc<str>)>>,
}

/// Evaluation steps allowed per byte of a root module's configuration, on
/// top of the base budget.
pub(crate) const STEPS_PER_BYTE: u64 = 40;

/// Files read through `file()` larger than this are not loaded.
const MAX_LOADED_FILE: u64 = 8 * 1024 * 1024;

impl<'a> TreeLoader<'a> {
    pub(crate) fn new(roots: &'a [PathBuf], db: &'a SourceDb) -> TreeLoader<'a> {
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
