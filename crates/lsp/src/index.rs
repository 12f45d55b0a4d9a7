//! The workspace index: each folder's Terraform files, found once with the
//! engine's own discovery (`.gitignore`, `files.exclude`) and kept up to
//! date from file events, and the local module calls among its modules as
//! the engine last found them.
//!
//! A keystroke then walks nothing: the worker hands the engine only the
//! directories the change concerns — the edited module, every module that
//! calls it (directly or not), and everything those call — so the engine
//! finds the same roots for them as in a whole-folder run (a module's
//! callers are all there, so it is a root exactly when it is one in the
//! whole folder) while reading and building a handful of modules instead
//! of thousands.

use rampart_config::Config;
use rampart_terraform::discover::{self, Exclude};
use rampart_terraform::module::FileKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One workspace folder's Terraform files and module calls.
#[derive(Debug, Default)]
pub struct FolderIndex {
    /// Directory (as discovered) → its Terraform files, sorted.
    pub dirs: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// Directory as discovered → canonical, and back.
    canon: HashMap<PathBuf, PathBuf>,
    by_canon: HashMap<PathBuf, PathBuf>,
    /// Local module calls, by canonical directory: caller → called, and
    /// called → callers.
    calls: HashMap<PathBuf, BTreeSet<PathBuf>>,
    callers: HashMap<PathBuf, BTreeSet<PathBuf>>,
    /// Every module's calls are known: a whole-folder check ran since the
    /// index was first built.
    pub graph_known: bool,
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

impl FolderIndex {
    /// Walk `folder` as `rampart check` would (its configuration's
    /// exclusions and `.gitignore` rules hold), keeping what is known of
    /// the module calls from `old`.
    pub fn build(folder: &Path, config: &Config, old: Option<FolderIndex>) -> FolderIndex {
        let set = config.exclude_set().ok();
        let is_excluded = |p: &Path| set.as_ref().is_some_and(|s| config.is_excluded(s, p));
        let found = discover::discover(&[folder.to_path_buf()], Some(&is_excluded as &Exclude<'_>));
        let mut index = old.unwrap_or_default();
        index.dirs = found.dirs;
        let old_canon = std::mem::take(&mut index.canon);
        index.by_canon.clear();
        let dirs: Vec<PathBuf> = index.dirs.keys().cloned().collect();
        for dir in dirs {
            let c = old_canon
                .get(&dir)
                .cloned()
                .unwrap_or_else(|| canonical(&dir));
            index.by_canon.insert(c.clone(), dir.clone());
            index.canon.insert(dir, c);
        }
        // Modules that are gone call nothing.
        let gone: Vec<PathBuf> = index
            .calls
            .keys()
            .filter(|c| !index.by_canon.contains_key(*c))
            .cloned()
            .collect();
        for c in gone {
            index.set_calls(&c, BTreeSet::new());
        }
        index
    }

    /// Is `path` one of the indexed files?
    pub fn contains(&self, path: &Path) -> bool {
        path.parent()
            .and_then(|d| self.dirs.get(d))
            .is_some_and(|files| files.iter().any(|f| f == path))
    }

    /// Add a file (an editor's new, unsaved buffer).
    pub fn add(&mut self, path: &Path) {
        if FileKind::of(path).is_none() || self.contains(path) {
            return;
        }
        let Some(dir) = path.parent() else {
            return;
        };
        if !self.canon.contains_key(dir) {
            let c = canonical(dir);
            self.by_canon.insert(c.clone(), dir.to_path_buf());
            self.canon.insert(dir.to_path_buf(), c);
        }
        let files = self.dirs.entry(dir.to_path_buf()).or_default();
        files.push(path.to_path_buf());
        files.sort();
    }

    /// Drop a file (deleted, or an unsaved buffer closed).
    pub fn remove(&mut self, path: &Path) {
        let Some(dir) = path.parent() else {
            return;
        };
        let empty = match self.dirs.get_mut(dir) {
            Some(files) => {
                files.retain(|f| f != path);
                files.is_empty()
            }
            None => false,
        };
        if empty {
            self.dirs.remove(dir);
            if let Some(c) = self.canon.remove(dir) {
                self.by_canon.remove(&c);
                self.set_calls(&c, BTreeSet::new());
            }
        }
    }

    fn set_calls(&mut self, caller: &Path, targets: BTreeSet<PathBuf>) {
        if let Some(old) = self.calls.remove(caller) {
            for t in old {
                if let Some(set) = self.callers.get_mut(&t) {
                    set.remove(caller);
                    if set.is_empty() {
                        self.callers.remove(&t);
                    }
                }
            }
        }
        for t in &targets {
            self.callers
                .entry(t.clone())
                .or_default()
                .insert(caller.to_path_buf());
        }
        if !targets.is_empty() {
            self.calls.insert(caller.to_path_buf(), targets);
        }
    }

    /// Record the calls a check found. `scope`: the canonical directories
    /// whose modules the check read in full (their calls are replaced,
    /// even by none); `None`: the whole folder.
    pub fn record_calls(
        &mut self,
        found: &[(PathBuf, PathBuf)],
        scope: Option<&BTreeSet<PathBuf>>,
    ) {
        let mut by_caller: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for (caller, target) in found {
            by_caller
                .entry(caller.clone())
                .or_default()
                .insert(target.clone());
        }
        let replaced: Vec<PathBuf> = match scope {
            Some(s) => s.iter().cloned().collect(),
            None => self.calls.keys().cloned().collect(),
        };
        for c in replaced {
            if !by_caller.contains_key(&c) {
                self.set_calls(&c, BTreeSet::new());
            }
        }
        for (caller, targets) in by_caller {
            self.set_calls(&caller, targets);
        }
        if scope.is_none() {
            self.graph_known = true;
        }
    }

    /// What a change in `dir` concerns: the canonical directories of its
    /// module, every module calling it (directly or not) and everything
    /// those call; and the indexed files of those directories.
    pub fn scope(&self, dir: &Path) -> (BTreeSet<PathBuf>, BTreeMap<PathBuf, Vec<PathBuf>>) {
        let start = self
            .canon
            .get(dir)
            .cloned()
            .unwrap_or_else(|| canonical(dir));
        // Up: every caller, transitively.
        let mut up = BTreeSet::new();
        let mut work = vec![start];
        while let Some(d) = work.pop() {
            if !up.insert(d.clone()) {
                continue;
            }
            if let Some(callers) = self.callers.get(&d) {
                work.extend(callers.iter().cloned());
            }
        }
        // Down: everything those reach.
        let mut all = BTreeSet::new();
        let mut work: Vec<PathBuf> = up.into_iter().collect();
        while let Some(d) = work.pop() {
            if !all.insert(d.clone()) {
                continue;
            }
            if let Some(targets) = self.calls.get(&d) {
                work.extend(targets.iter().cloned());
            }
        }
        let files = all
            .iter()
            .filter_map(|c| self.by_canon.get(c))
            .filter_map(|d| self.dirs.get(d).map(|f| (d.clone(), f.clone())))
            .collect();
        (all, files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_follows_callers_up_and_calls_down() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path().canonicalize().unwrap();
        for d in ["app", "net", "vpc", "other", "lonely"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
            std::fs::write(root.join(d).join("main.tf"), "").unwrap();
        }
        let mut index = FolderIndex::build(&root, &Config::default(), None);
        assert_eq!(index.dirs.len(), 5);
        let d = |n: &str| root.join(n);
        // app → net → vpc; other → vpc.
        index.record_calls(
            &[
                (d("app"), d("net")),
                (d("net"), d("vpc")),
                (d("other"), d("vpc")),
            ],
            None,
        );
        let (dirs, files) = index.scope(&d("net"));
        assert_eq!(
            dirs,
            BTreeSet::from([d("app"), d("net"), d("vpc")]),
            "net's caller and what they call, not `other`"
        );
        assert_eq!(files.len(), 3);
        let (dirs, _) = index.scope(&d("vpc"));
        assert_eq!(dirs.len(), 4, "{dirs:?}");
        let (dirs, _) = index.scope(&d("lonely"));
        assert_eq!(dirs, BTreeSet::from([d("lonely")]));
        // net stops calling vpc.
        index.record_calls(&[], Some(&BTreeSet::from([d("net")])));
        let (dirs, _) = index.scope(&d("vpc"));
        assert_eq!(dirs, BTreeSet::from([d("other"), d("vpc")]));
        // A new unsaved file, then gone again.
        index.add(&d("lonely").join("new.tf"));
        assert!(index.contains(&d("lonely").join("new.tf")));
        index.remove(&d("lonely").join("new.tf"));
        index.remove(&d("lonely").join("main.tf"));
        assert!(!index.dirs.contains_key(&d("lonely")));
    }
}
