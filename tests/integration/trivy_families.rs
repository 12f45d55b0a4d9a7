//! Issue 15, "measure it": the good and bad examples that another scanner
//! (aquasecurity/trivy-checks, in `../shared/corpus/trivy-checks`) ships
//! with each of its checks, for the checks whose concern is one of
//! rampart's three families (ingress, transport, identity), listed with the
//! rules that answer them in `tests/corpus/trivy-families.tsv`.
//!
//! Every example is its own root module (one directory each, checked in one
//! run). A bad example must give a finding of one of its check's rules, a
//! good example none of them, unless the difference is a documented policy
//! choice (a `choice` line naming the section of `docs/coverage.md` that
//! explains it). Per family, at least 95% of the bad examples are flagged
//! (the ones rampart passes by a documented choice aside; the raw share is
//! printed too), and no good one is flagged outside the documented choices.

use crate::common::{rampart, repo_root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The least share of bad examples a family must flag.
const MIN_BAD_FLAGGED_PERCENT: f64 = 95.0;

struct Check {
    family: String,
    rules: BTreeSet<String>,
}

/// One family's counts.
#[derive(Default)]
struct Figures {
    bad: usize,
    bad_flagged: usize,
    /// Bad examples rampart passes on purpose (documented choices).
    bad_clean_by_choice: usize,
    good: usize,
    good_flagged: usize,
    /// Good examples rampart flags on purpose (documented choices).
    good_flagged_by_choice: usize,
}

/// What the selection file says.
struct Selection {
    checks: BTreeMap<String, Check>,
    /// `check/example` → (what rampart does instead: `flagged`/`clean`, the docs anchor).
    choices: BTreeMap<String, (String, String)>,
}

fn selection() -> Selection {
    let path = repo_root().join("tests/corpus/trivy-families.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/corpus/trivy-families.tsv");
    let mut checks = BTreeMap::new();
    let mut choices = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols[0] == "choice" {
            assert!(
                cols.len() == 4 && matches!(cols[2], "flagged" | "clean"),
                "trivy-families.tsv:{}: want `choice`, check/example, flagged|clean, docs anchor",
                n + 1
            );
            let prev = choices.insert(
                cols[1].to_string(),
                (cols[2].to_string(), cols[3].to_string()),
            );
            assert!(prev.is_none(), "trivy-families.tsv:{}: listed twice", n + 1);
            continue;
        }
        assert!(
            cols.len() == 3,
            "trivy-families.tsv:{}: want check, family, rules",
            n + 1
        );
        assert!(
            matches!(cols[1], "ingress" | "transport" | "identity"),
            "trivy-families.tsv:{}: unknown family {}",
            n + 1,
            cols[1]
        );
        let prev = checks.insert(
            cols[0].to_string(),
            Check {
                family: cols[1].to_string(),
                rules: cols[2].split(',').map(str::to_string).collect(),
            },
        );
        assert!(prev.is_none(), "trivy-families.tsv:{}: listed twice", n + 1);
    }
    Selection { checks, choices }
}

/// The `good-N`/`bad-N` example directories of one check.
fn examples(root: &Path, check: &str) -> Vec<String> {
    let dir = root.join(check);
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("good-") || name.starts_with("bad-"))
        .collect();
    out.sort();
    out
}

#[test]
fn the_families_flag_the_bad_examples_of_another_scanner_and_pass_the_good() {
    let root = repo_root().join("../shared/corpus/trivy-checks");
    if !root.join("INDEX.tsv").is_file() {
        eprintln!("SKIPPED: ../shared/corpus/trivy-checks is not here");
        return;
    }
    let sel = selection();
    let coverage_doc =
        std::fs::read_to_string(repo_root().join("docs/coverage.md")).unwrap_or_default();

    // Every example of every selected check, as its own root module.
    let mut dirs: Vec<String> = Vec::new();
    for check in sel.checks.keys() {
        for ex in examples(&root, check) {
            dirs.push(format!("{check}/{ex}"));
        }
    }
    let mut args = vec!["check", "--format", "json", "--exit-zero"];
    args.extend(dirs.iter().map(String::as_str));
    let doc = rampart(&root, &args).json();
    // Some examples are not valid Terraform (a reference to an undeclared
    // local): rampart says so, as Terraform would, and checks the rest.
    for e in doc["errors"].as_array().into_iter().flatten() {
        eprintln!("  error (as Terraform): {} {}", e["file"], e["message"]);
    }

    // Example directory → the rules it gave.
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in doc["findings"].as_array().expect("findings") {
        let file = f["file"].as_str().unwrap_or_default();
        let dir = Path::new(file)
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        found
            .entry(dir)
            .or_default()
            .insert(f["rule"].as_str().unwrap_or_default().to_string());
    }

    let mut problems = Vec::new();
    let mut figures: BTreeMap<&str, Figures> = BTreeMap::new();
    for dir in &dirs {
        let (check, ex) = dir.rsplit_once('/').expect("check/example");
        let spec = &sel.checks[check];
        let flagged = found
            .get(dir)
            .is_some_and(|rules| rules.iter().any(|r| spec.rules.contains(r)));
        let bad = ex.starts_with("bad-");
        let fig = figures.entry(spec.family.as_str()).or_default();
        let expected = match sel.choices.get(dir) {
            Some((what, anchor)) => {
                if bad && what == "clean" {
                    fig.bad_clean_by_choice += 1;
                } else if !bad && what == "flagged" {
                    fig.good_flagged_by_choice += 1;
                }
                if !coverage_doc.contains(anchor.trim_start_matches('#')) {
                    problems.push(format!(
                        "{dir}: the choice's section `{anchor}` is not in docs/coverage.md"
                    ));
                }
                what == "flagged"
            }
            None => bad,
        };
        if bad {
            fig.bad += 1;
            fig.bad_flagged += usize::from(flagged);
        } else {
            fig.good += 1;
            fig.good_flagged += usize::from(flagged);
        }
        if flagged != expected {
            let got = found.get(dir).cloned().unwrap_or_default();
            problems.push(format!(
                "{dir}: expected {} of {:?}, got {:?}",
                if expected { "a finding" } else { "no finding" },
                spec.rules,
                got
            ));
        }
    }
    for key in sel.choices.keys() {
        if !dirs.contains(key) {
            problems.push(format!("choice for an example that is not selected: {key}"));
        }
    }

    eprintln!("trivy-checks examples, per family:");
    let mut short = Vec::new();
    for (family, f) in &figures {
        let raw = 100.0 * f.bad_flagged as f64 / f.bad.max(1) as f64;
        // A bad example rampart passes on purpose (a documented choice) is
        // not a miss; the raw share is printed beside it.
        let judged = f.bad - f.bad_clean_by_choice;
        let share = 100.0 * f.bad_flagged as f64 / judged.max(1) as f64;
        eprintln!(
            "  {family}: bad flagged {}/{} ({raw:.1}%); {} passed by documented choice, so {}/{judged} ({share:.1}%) of the rest; good flagged {}/{} ({} by documented choice)",
            f.bad_flagged, f.bad, f.bad_clean_by_choice, f.bad_flagged, f.good_flagged, f.good, f.good_flagged_by_choice
        );
        if share < MIN_BAD_FLAGGED_PERCENT {
            short.push(format!(
                "{family}: {share:.1}% of bad examples flagged, documented choices aside (at least {MIN_BAD_FLAGGED_PERCENT}%)"
            ));
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(short.is_empty(), "\n{}", short.join("\n"));
    // Undocumented misses on bad examples are allowed up to the threshold;
    // a good example flagged outside a documented choice never is.
    let good_flagged: Vec<&String> = problems
        .iter()
        .filter(|p| p.contains("/good-") || !p.contains("expected a finding"))
        .collect();
    assert!(
        good_flagged.is_empty(),
        "\n{}",
        good_flagged
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
