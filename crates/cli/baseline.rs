//! Baselines on the command line: `--write-baseline FILE` records the
//! current findings by fingerprint; `--baseline FILE` (or `[suppressions]
//! baseline` in the configuration) has the engine report only findings not
//! in it (`rampart_engine::baseline`, which the language server uses too).
//!
//! A baseline written records every finding present, including those an
//! applied baseline hid: `--baseline B --write-baseline B` keeps the entries
//! whose finding is still there (as they were written, whatever fields they
//! hold), drops those whose finding is gone and adds the new ones.

use crate::output::Destination;
use rampart_engine::baseline::{Baseline, LoadError};
use serde_json::{json, Value};
use std::path::Path;

/// Write `entries` (the current findings) to `dest`, each as `old` recorded
/// it when it did.
pub fn write(
    entries: Vec<(String, Value)>,
    old: Option<&Baseline>,
    dest: &Destination,
) -> Result<(), miette::Report> {
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|(fp, new)| old.and_then(|b| b.entry(&fp)).cloned().unwrap_or(new))
        .collect();
    let doc = json!({"version": 1, "tool": "rampart", "findings": entries});
    let text = serde_json::to_string_pretty(&doc).map_err(|e| miette::miette!("{e}"))? + "\n";
    dest.write(|out| out.write_all(text.as_bytes()))
        .map_err(|e| {
            miette::miette!(
                "cannot write the baseline {}: {e}",
                crate::escape::text(&dest.path().display().to_string())
            )
        })
}

/// Read the baseline at `path`; fingerprints relative to `cwd`'s repository.
pub fn load(path: &Path, cwd: &Path) -> Result<Baseline, miette::Report> {
    let shown = crate::escape::text(&path.display().to_string()).into_owned();
    Baseline::load(path, cwd.to_path_buf()).map_err(|e| match e {
        LoadError::Read(e) => miette::miette!("cannot read the baseline {shown}: {e}"),
        LoadError::Invalid(e) => miette::miette!(
            help = "write it with --write-baseline",
            "{shown} is not a rampart baseline: {e}"
        ),
    })
}
