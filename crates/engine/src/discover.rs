//! Phases 1 and 2, setup and discover: the paths to check, and the
//! Terraform files under them grouped by directory (a directory with
//! `.tf`/`.tf.json` files is a module), with an editor's new, unsaved
//! files joining their directory.

use crate::{Options, Report};
use rampart_terraform::discover::{self, Exclude};
use rampart_terraform::module::FileKind;
use rampart_terraform::Problem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to walk: the checked paths and what the configuration excludes.
pub(crate) struct Setup {
    /// The checked paths; a named file that exists only as an overlay is
    /// replaced by its directory.
    pub paths: Vec<PathBuf>,
    /// `files.exclude`, `None` if it is invalid (a problem).
    exclude: Option<rampart_config::GlobSet>,
}

/// The Terraform files to read, by directory.
pub(crate) struct Found {
    /// The checked paths (as [`Setup::paths`]).
    pub paths: Vec<PathBuf>,
    pub dirs: BTreeMap<PathBuf, Vec<PathBuf>>,
}

/// The paths to check (`.` when none is given) and the exclusion set.
pub(crate) fn setup(opts: &Options, report: &mut Report) -> Setup {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let exclude = match opts.config.exclude_set() {
        Ok(set) => Some(set),
        Err(e) => {
            report.problems.push(Problem::new(
                opts.config.path.clone().unwrap_or_default(),
                e.to_string(),
            ));
            None
        }
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
    Setup { paths, exclude }
}

/// Walk the paths (or take the directories an editor already knows), and
/// add the overlays that are not on disk to their directories.
pub(crate) fn discover(opts: &Options, setup: Setup, report: &mut Report) -> Found {
    let Setup { paths, exclude } = setup;
    let is_excluded = |p: &Path| {
        exclude
            .as_ref()
            .is_some_and(|set| opts.config.is_excluded(set, p))
    };
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
    Found {
        paths,
        dirs: found.dirs,
    }
}
