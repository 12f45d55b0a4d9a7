//! Phase 10, baseline: findings a baseline file already records are left
//! out of the report (counted in [`Report::baselined`]). Applied by the
//! engine, so the CLI (`--baseline`, `[suppressions] baseline`) and the
//! language server hide the same findings.
//!
//! Findings are matched by fingerprint: rule, repository-relative file,
//! resource and the offending text (whitespace runs as one space), never
//! line numbers, so inserting lines above a finding keeps its fingerprint
//! and changing the offending value makes it a new finding. The same
//! thing twice in one file is told apart by its order. Fingerprints are a
//! contract (baselines, SARIF `partialFingerprints`, GitLab `fingerprint`):
//! they must not change.

use crate::paths::{display_path, Paths};
use crate::Report;
use rampart_policy::Finding;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A baseline read from a file: its entries by fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: HashMap<String, Value>,
    /// The directory the run's relative paths are relative to (the CLI's
    /// working directory, an editor's workspace folder): fingerprints'
    /// paths are relative to its repository (the nearest directory above
    /// it holding `.git`; itself outside git).
    pub base: PathBuf,
}

/// Why a baseline could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Read(std::io::Error),
    /// It is not JSON.
    Invalid(serde_json::Error),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read(e) => e.fmt(f),
            LoadError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}

impl Baseline {
    /// Read the baseline at `path`; `base` as [`Baseline::base`].
    pub fn load(path: &Path, base: PathBuf) -> Result<Baseline, LoadError> {
        let text = std::fs::read_to_string(path).map_err(LoadError::Read)?;
        Baseline::parse(&text, base)
    }

    /// A baseline's text (`{"findings": [{"fingerprint": …}, …]}`); entries
    /// without a fingerprint are ignored.
    pub fn parse(text: &str, base: PathBuf) -> Result<Baseline, LoadError> {
        let doc: Value = serde_json::from_str(text).map_err(LoadError::Invalid)?;
        let entries = doc["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| Some((f["fingerprint"].as_str()?.to_string(), f.clone())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Baseline { entries, base })
    }

    /// The entry recording the finding with this fingerprint, as written.
    pub fn entry(&self, fingerprint: &str) -> Option<&Value> {
        self.entries.get(fingerprint)
    }
}

/// Leave out of `report.findings` (sorted) those `baseline` records.
pub(crate) fn apply(report: &mut Report, baseline: &Baseline) {
    let findings: Vec<&Finding> = report.findings.iter().collect();
    let prints = fingerprints(report, &findings, &baseline.base);
    let all = std::mem::take(&mut report.findings);
    for (i, (f, fp)) in all.into_iter().zip(prints).enumerate() {
        if baseline.entries.contains_key(&fp) {
            report.hidden_by_baseline.push((i, f));
        } else {
            report.findings.push(f);
        }
    }
    report.baselined += report.hidden_by_baseline.len();
}

/// Every finding of the run, those a baseline hid included, in report
/// order.
fn all_findings(report: &Report) -> Vec<&Finding> {
    let mut out = Vec::with_capacity(report.findings.len() + report.hidden_by_baseline.len());
    let mut kept = report.findings.iter();
    for (i, f) in &report.hidden_by_baseline {
        while out.len() < *i {
            match kept.next() {
                Some(k) => out.push(k),
                None => break,
            }
        }
        out.push(f);
    }
    out.extend(kept);
    out
}

/// The baseline entry of every current finding (those an applied baseline
/// hid included: a baseline written records everything present), in
/// report order, with its fingerprint; paths as seen from `cwd`.
pub fn entries(report: &Report, cwd: &Path) -> Vec<(String, Value)> {
    let findings = all_findings(report);
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

/// The fingerprint of each finding of `findings`, in order; relative paths
/// are relative to `cwd`, and fingerprints' paths to its repository.
pub fn fingerprints(report: &Report, findings: &[&Finding], cwd: &Path) -> Vec<String> {
    // Repository-relative, so running from another directory of the same
    // repository gives the same fingerprints.
    let paths = Paths::new(cwd);
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let (file, text) = report
                .db
                .get(f.loc.file)
                .map_or_else(Default::default, |src| {
                    let text = src
                        .text
                        .get(f.loc.span.start()..f.loc.span.end())
                        .unwrap_or("");
                    (
                        paths.repo_path(&src.path),
                        text.split_whitespace().collect::<Vec<_>>().join(" "),
                    )
                });
            let key = format!("{}\0{file}\0{}\0{text}", f.code, f.resource);
            // The same thing twice in one file: tell them apart by order.
            let n = seen.entry(key.clone()).or_insert(0);
            let key = format!("{key}\0{n}");
            *n += 1;
            let digest = Sha256::digest(key.as_bytes());
            digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_paths_are_relative_to_the_git_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("infra/net")).unwrap();
        let from_sub = Paths::new(&root.join("infra"));
        let from_root = Paths::new(&root);
        assert_eq!(
            from_sub.repo_path(Path::new("net/main.tf")),
            "infra/net/main.tf"
        );
        assert_eq!(
            from_root.repo_path(Path::new("./infra/net/main.tf")),
            "infra/net/main.tf"
        );
        assert_eq!(
            from_root.repo_path(&root.join("infra/../infra/net/main.tf")),
            "infra/net/main.tf"
        );
    }

    #[test]
    fn a_baseline_without_findings_matches_nothing_and_bad_json_is_an_error() {
        let b = Baseline::parse(r#"{"version": 1}"#, PathBuf::from(".")).unwrap();
        assert!(b.entry("x").is_none());
        let b = Baseline::parse(
            r#"{"findings": [{"fingerprint": "ab", "rule": "NET001"}, {"rule": "x"}]}"#,
            PathBuf::from("."),
        )
        .unwrap();
        assert_eq!(b.entry("ab").unwrap()["rule"], "NET001");
        assert_eq!(b.entries.len(), 1);
        assert!(matches!(
            Baseline::parse("not json", PathBuf::from(".")),
            Err(LoadError::Invalid(_))
        ));
    }
}
