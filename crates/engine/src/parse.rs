//! Phase 4, parse: each directory's files parsed (through the editor's
//! parse cache when there is one) and built into its module, on all cores;
//! suppression comments are read from each tree first.

use crate::read::Read;
use crate::{canonical, debug_panic, guarded, module_file, Options, Report};
use rampart_policy::suppress::{self, Suppression};
use rampart_terraform::module::{parse_file_lenient, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb};
use rampart_terraform::Problem;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every discovered directory parsed and built, and the suppression
/// comments of its files.
pub(crate) struct Parsed {
    /// The checked paths (as [`Read::paths`]).
    pub paths: Vec<PathBuf>,
    /// In directory order; their problems are already in the report.
    pub built: Vec<Built>,
    pub suppressions: Vec<Suppression>,
    /// What may be read: the checked paths' repositories (see
    /// `discover::boundaries`); never the working directory as such.
    pub tree: Vec<PathBuf>,
}

/// Parse each directory's files and build its module, on all cores:
/// parsing is the costly part and directories are independent. Each file's
/// tree is moved into its module (no copy is made).
pub(crate) fn parse(opts: &Options, read: Read, report: &mut Report) -> Parsed {
    use rayon::prelude::*;
    let Read { paths, by_dir } = read;
    let tree = rampart_terraform::discover::boundaries(&paths);
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
    Parsed {
        paths,
        built,
        suppressions,
        tree,
    }
}

/// Parsed files by path, with a hash of the text each was parsed from.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<PathBuf, (u64, ParsedOne)>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What parsing one file gave: the tree (possibly of a broken file with
/// its broken block blanked out) and its first syntax error.
type ParsedOne = (Option<ParsedFile>, Option<Problem>);

/// Parse file `id` leniently, through the cache when there is one.
fn parse_cached(db: &SourceDb, id: FileId, cache: Option<&Mutex<ParseCache>>) -> ParsedOne {
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

/// One discovered directory, parsed and built.
pub(crate) struct Built {
    /// The directory, canonical.
    pub key: PathBuf,
    /// `None` when the directory holds no configuration file.
    pub module: Option<Module>,
    pub problems: Vec<Problem>,
    pub suppressions: Vec<Suppression>,
    /// Registry and git modules, as `terraform init` recorded them (those
    /// inside what may be read).
    pub manifest: Option<HashMap<String, PathBuf>>,
}

/// Parse the files of one discovered directory and build its module.
pub(crate) fn build_dir(
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
            .filter(|(_, target)| crate::inside(tree, target))
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
