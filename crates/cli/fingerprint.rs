//! Stable fingerprints of findings, for baselines and for CI formats that
//! track findings across commits (SARIF `partialFingerprints`, GitLab
//! `fingerprint`). Built from what a finding is — rule, file, resource and
//! the offending text — never from line numbers, so inserting lines above a
//! finding keeps its fingerprint and changing the offending value makes it
//! a new finding. Paths are relative to the repository root.

use rampart_engine::Report;
use rampart_policy::Finding;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// The fingerprint of each finding of `findings`, in order.
pub fn fingerprints(report: &Report, findings: &[&Finding], cwd: &Path) -> Vec<String> {
    // Repository-relative, so running from another directory of the same
    // repository gives the same fingerprints.
    let paths = crate::formats::Paths::new(cwd);
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
