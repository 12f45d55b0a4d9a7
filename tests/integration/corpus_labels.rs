//! Issue 13, "measure it": every finding rampart reports on the shared
//! corpus (`../shared/corpus`: 23 public repositories and another
//! scanner's good/bad examples) is labelled by hand in
//! `tests/corpus/labels.tsv` as a true or a false positive, with why. This
//! test keeps it so: a labelled true positive must still be found, a
//! labelled false positive must be gone (`fp`) or is a known one
//! (`fp-known`, counted against the 5% budget), and a finding without a
//! label fails the test (label it).

use crate::common::{rampart, repo_root};
use std::collections::{BTreeMap, BTreeSet};

/// The most known false positives allowed, as a share of the findings.
const MAX_FALSE_POSITIVE_PERCENT: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    True,
    False,
    KnownFalse,
}

/// `rule`, `path:line` (relative to the corpus) → verdict.
fn labels() -> BTreeMap<(String, String), (Verdict, String)> {
    let text = std::fs::read_to_string(repo_root().join("tests/corpus/labels.tsv"))
        .expect("tests/corpus/labels.tsv");
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() == 4,
            "labels.tsv:{}: want rule, place, verdict, why",
            n + 1
        );
        let verdict = match cols[2] {
            "tp" => Verdict::True,
            "fp" => Verdict::False,
            "fp-known" => Verdict::KnownFalse,
            v => panic!("labels.tsv:{}: unknown verdict {v}", n + 1),
        };
        let key = (cols[0].to_string(), cols[1].to_string());
        assert!(
            out.insert(key, (verdict, cols[3].to_string())).is_none(),
            "labels.tsv:{}: labelled twice",
            n + 1
        );
    }
    out
}

#[test]
fn every_finding_on_the_corpus_is_labelled_and_the_labels_hold() {
    let corpus = repo_root().join("../shared/corpus");
    if !corpus.join("repos").is_dir() {
        eprintln!("SKIPPED: ../shared/corpus is not here");
        return;
    }
    let out = rampart(
        &corpus,
        &["check", "repos", "trivy-checks", "--format", "json"],
    );
    let doc = out.json();
    let found: BTreeSet<(String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                format!(
                    "{}:{}",
                    f["file"].as_str().unwrap_or_default(),
                    f["range"]["start"]["line"]
                ),
            )
        })
        .collect();
    let labels = labels();
    let mut problems = Vec::new();
    for key in &found {
        match labels.get(key) {
            None => problems.push(format!("not labelled: {}\t{}", key.0, key.1)),
            Some((Verdict::False, why)) => problems.push(format!(
                "a false positive is back: {} {} ({why})",
                key.0, key.1
            )),
            Some(_) => {}
        }
    }
    for (key, (verdict, why)) in &labels {
        if matches!(verdict, Verdict::True | Verdict::KnownFalse) && !found.contains(key) {
            problems.push(format!("no longer found: {} {} ({why})", key.0, key.1));
        }
    }
    let known_false = labels
        .values()
        .filter(|(v, _)| *v == Verdict::KnownFalse)
        .count();
    let share = 100.0 * known_false as f64 / found.len().max(1) as f64;
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for key in &found {
        let e = by_rule.entry(key.0.as_str()).or_default();
        match labels.get(key) {
            Some((Verdict::True, _)) => e.0 += 1,
            _ => e.1 += 1,
        }
    }
    eprintln!(
        "corpus labels: {} findings, {known_false} known false positives ({share:.1}%)",
        found.len()
    );
    for (rule, (tp, other)) in &by_rule {
        eprintln!("  {rule}: {tp} true, {other} false or unlabelled");
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(
        share <= MAX_FALSE_POSITIVE_PERCENT,
        "{share:.1}% known false positives (at most {MAX_FALSE_POSITIVE_PERCENT}%)"
    );
}
