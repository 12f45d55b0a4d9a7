//! Phase 3, read: every discovered file read once, on all cores, into the
//! run's sources (the line index of each is built as it is read); and the
//! `--var-file`s, parsed into the evaluator's inputs.

use crate::discover::Found;
use crate::{Options, Report};
use rampart_terraform::eval::Inputs;
use rampart_terraform::module::{parse_file, FileKind};
use rampart_terraform::source::{FileId, SourceFile};
use rampart_terraform::Problem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files read, by directory (directories none of whose files could be
/// read are left out).
pub(crate) struct Read {
    /// The checked paths (as [`Found::paths`]).
    pub paths: Vec<PathBuf>,
    pub by_dir: BTreeMap<PathBuf, Vec<FileId>>,
}

/// Read the files of `found`, with the overlays' texts instead of what is
/// on disk; a file that cannot be read is a problem.
pub(crate) fn read(opts: &Options, found: Found, report: &mut Report) -> Read {
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
    Read {
        paths: found.paths,
        by_dir,
    }
}

/// The evaluator's inputs: `--var`s, and the `--var-file`s read and
/// parsed (one that cannot be is a problem, and left out).
pub(crate) fn inputs(opts: &Options, report: &mut Report) -> Inputs {
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
    inputs
}

/// Read a file as UTF-8 text, refusing what is not a regular file.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
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
