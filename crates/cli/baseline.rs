//! Baselines: `--write-baseline FILE` records the current findings by
//! fingerprint; `--baseline FILE` then reports only findings not in it.
//!
//! A baseline written records every finding present, including those an
//! applied baseline hid: `--baseline B --write-baseline B` keeps the entries
//! whose finding is still there (as they were written, whatever fields they
//! hold), drops those whose finding is gone and adds the new ones.

use crate::fingerprint::fingerprints;
use crate::json::display_path;
use crate::output::Destination;
use rampart_engine::Report;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// A baseline read from a file: its entries by fingerprint.
pub struct Baseline {
    entries: HashMap<String, Value>,
}

/// The baseline entry of each current finding, in report order.
pub fn entries(report: &Report, cwd: &Path) -> Vec<(String, Value)> {
    let findings: Vec<_> = report.findings.iter().collect();
    let prints = fingerprints(report, &findings, cwd);
    findings
        .iter()
        .zip(prints)
        .map(|(f, fp)| {
            let file = report
                .db
                .get(f.loc.file)
                .map(|s| display_path(&s.path, cwd))
                .unwrap_or_default();
            let entry =
                json!({"fingerprint": fp, "rule": f.code, "file": file, "resource": f.resource});
            (fp, entry)
        })
        .collect()
}

/// Write `entries` (the current findings) to `dest`, each as `old` recorded
/// it when it did.
pub fn write(
    entries: Vec<(String, Value)>,
    old: Option<&Baseline>,
    dest: &Destination,
) -> Result<(), miette::Report> {
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|(fp, new)| old.and_then(|b| b.entries.get(&fp)).cloned().unwrap_or(new))
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

/// Read the baseline at `path`.
pub fn load(path: &Path) -> Result<Baseline, miette::Report> {
    let shown = crate::escape::text(&path.display().to_string()).into_owned();
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette::miette!("cannot read the baseline {shown}: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        miette::miette!(
            help = "write it with --write-baseline",
            "{shown} is not a rampart baseline: {e}"
        )
    })?;
    let entries = doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| Some((f["fingerprint"].as_str()?.to_string(), f.clone())))
                .collect()
        })
        .unwrap_or_default();
    Ok(Baseline { entries })
}

/// Drop the findings `baseline` already records. They are counted as
/// suppressed-by-baseline in `report.baselined`.
pub fn apply(report: &mut Report, baseline: &Baseline, cwd: &Path) {
    let findings: Vec<_> = report.findings.iter().collect();
    let prints = fingerprints(report, &findings, cwd);
    let keep: Vec<bool> = prints
        .iter()
        .map(|p| !baseline.entries.contains_key(p))
        .collect();
    let mut i = 0;
    let before = report.findings.len();
    report.findings.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
    report.baselined += before - report.findings.len();
}
