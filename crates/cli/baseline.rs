//! Baselines: `--write-baseline FILE` records the current findings by
//! fingerprint; `--baseline FILE` then reports only findings not in it.

use crate::fingerprint::fingerprints;
use crate::json::display_path;
use rampart_engine::Report;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;

pub fn write(report: &Report, path: &Path, cwd: &Path) -> Result<(), miette::Report> {
    let findings: Vec<_> = report.findings.iter().collect();
    let prints = fingerprints(report, &findings, cwd);
    let entries: Vec<Value> = findings
        .iter()
        .zip(&prints)
        .map(|(f, fp)| {
            let file = report
                .db
                .get(f.loc.file)
                .map(|s| display_path(&s.path, cwd))
                .unwrap_or_default();
            json!({"fingerprint": fp, "rule": f.code, "file": file, "resource": f.resource})
        })
        .collect();
    let doc = json!({"version": 1, "tool": "rampart", "findings": entries});
    let text = serde_json::to_string_pretty(&doc).map_err(|e| miette::miette!("{e}"))?;
    std::fs::write(path, text + "\n")
        .map_err(|e| miette::miette!("cannot write the baseline {}: {e}", path.display()))
}

/// Drop the findings the baseline at `path` already records. They are
/// counted as suppressed-by-baseline in `report.baselined`.
pub fn apply(report: &mut Report, path: &Path, cwd: &Path) -> Result<(), miette::Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette::miette!("cannot read the baseline {}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        miette::miette!(
            help = "write it with --write-baseline",
            "{} is not a rampart baseline: {e}",
            path.display()
        )
    })?;
    let known: HashSet<&str> = doc["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["fingerprint"].as_str()).collect())
        .unwrap_or_default();
    let findings: Vec<_> = report.findings.iter().collect();
    let prints = fingerprints(report, &findings, cwd);
    let keep: Vec<bool> = prints.iter().map(|p| !known.contains(p.as_str())).collect();
    let mut i = 0;
    let before = report.findings.len();
    report.findings.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
    report.baselined += before - report.findings.len();
    Ok(())
}
