//! Runs every example under `policies/` through the real engine: each bad
//! example yields exactly the findings it marks (`# expect: CODE` at the end
//! of a line, or `LINE CODE` lines in a `<file>.expect` sidecar for JSON),
//! each good one yields none.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_config::Config;
use rampart_engine::{run, Options};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

type Expected = BTreeSet<(String, u32, String)>;

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

fn codes() -> Vec<&'static str> {
    rampart_policy::registry::codes()
}

/// `# expect: NET001, NET002` markers and `.expect` sidecars.
fn expectations(file_name: &str, text: &str, sidecar: Option<&str>) -> Expected {
    let mut out = Expected::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("# expect:") {
            for code in line[at + "# expect:".len()..].split(',') {
                let code = code.trim();
                if !code.is_empty() {
                    out.insert((file_name.to_string(), i as u32 + 1, code.to_string()));
                }
            }
        }
    }
    if let Some(sidecar) = sidecar {
        for line in sidecar.lines().filter(|l| !l.trim().is_empty()) {
            let mut parts = line.split_whitespace();
            let n: u32 = parts
                .next()
                .and_then(|n| n.parse().ok())
                .expect("LINE CODE");
            let code = parts.next().expect("LINE CODE");
            out.insert((file_name.to_string(), n, code.to_string()));
        }
    }
    out
}

fn is_terraform(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}

/// Check one example (a file, or a directory module) in isolation and
/// compare with its markers. Returns a description of any mismatch.
fn check_example(example: &Path, family: &str) -> Option<String> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut expected = Expected::new();
    let sources: Vec<PathBuf> = if example.is_dir() {
        let mut v: Vec<PathBuf> = fs::read_dir(example)
            .expect("read_dir")
            .map(|e| e.expect("entry").path())
            .collect();
        v.sort();
        v
    } else {
        vec![example.to_path_buf()]
    };
    let mut config = Config::default();
    for src in &sources {
        let name = src
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        if name == "rampart.toml" {
            config = Config::load(src, &codes()).expect("example config is valid");
            continue;
        }
        if !is_terraform(src) {
            // Files a module reads with file() or templatefile().
            if example.is_dir() && src.is_file() && !name.ends_with(".expect") {
                fs::copy(src, tmp.path().join(&name)).expect("copy");
                let text = fs::read_to_string(src).unwrap_or_default();
                let sidecar = fs::read_to_string(src.with_file_name(format!("{name}.expect"))).ok();
                expected.extend(expectations(&name, &text, sidecar.as_deref()));
            }
            continue;
        }
        let text = fs::read_to_string(src).expect("read example");
        let sidecar = fs::read_to_string(src.with_file_name(format!("{name}.expect"))).ok();
        expected.extend(expectations(&name, &text, sidecar.as_deref()));
        fs::write(tmp.path().join(&name), text).expect("copy");
    }
    // Each family's examples are about that family: other families' rules
    // (say TLS005 on an open port 80) are not what the example documents.
    // An example's own rampart.toml may select otherwise.
    if config.rules.select.is_empty() {
        config.rules.select = vec![family.to_string()];
    }
    expected.retain(|(_, _, code)| config.rules.is_enabled(code));
    let report = run(&Options {
        paths: vec![tmp.path().to_path_buf()],
        config,
        ..Options::default()
    });
    let actual: Expected = report
        .findings
        .iter()
        .map(|f| {
            let file = report.db.get(f.loc.file).expect("file");
            let name = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            (
                name,
                file.line_col(f.loc.span.start()).line,
                f.code.to_string(),
            )
        })
        .collect();
    let mut problems = String::new();
    for p in &report.problems {
        problems.push_str(&format!("\n    error: {}: {}", p.path.display(), p.message));
    }
    if actual == expected && problems.is_empty() {
        return None;
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    Some(format!(
        "{}:\n    missing {missing:?}\n    unexpected {extra:?}{problems}",
        example
            .strip_prefix(policies_dir())
            .unwrap_or(example)
            .display()
    ))
}

#[test]
fn every_policy_example_yields_exactly_its_marked_findings() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in rampart_policy::RULES {
        let dir = policies_dir().join(format!("{}-{}", rule.code, rule.name));
        for kind in ["bad", "good"] {
            let sub = dir.join(kind);
            let mut examples: Vec<PathBuf> = fs::read_dir(&sub)
                .unwrap_or_else(|e| panic!("{}: {e}", sub.display()))
                .map(|e| e.expect("entry").path())
                .filter(|p| p.is_dir() || (is_terraform(p)))
                .collect();
            examples.sort();
            assert!(!examples.is_empty(), "{} has no {kind} examples", rule.code);
            let mut marked = 0;
            for ex in &examples {
                checked += 1;
                if let Some(f) = check_example(ex, &rule.code[..3]) {
                    failures.push(f);
                }
                if kind == "bad" {
                    marked += usize::from(bad_example_marks(ex, rule.code));
                }
            }
            if kind == "bad" {
                assert_eq!(
                    marked,
                    examples.len(),
                    "every bad example of {} must expect {}",
                    rule.code,
                    rule.code
                );
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A bad example must expect at least one finding of its own rule.
fn bad_example_marks(example: &Path, code: &str) -> bool {
    let files: Vec<PathBuf> = if example.is_dir() {
        fs::read_dir(example)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect()
    } else {
        vec![
            example.to_path_buf(),
            PathBuf::from(format!("{}.expect", example.display())),
        ]
    };
    files
        .iter()
        .any(|f| fs::read_to_string(f).is_ok_and(|t| t.contains(code)))
}

/// The first ```hcl block after the line that starts with `marker` and
/// ends with a colon (`Use:`, `Use (Caddy on the instance …):`) in a rule's
/// README.
fn hcl_after(readme: &str, marker: &str) -> Option<String> {
    let mut offset = 0;
    let mut at = None;
    for line in readme.split_inclusive('\n') {
        let t = line.trim_end();
        let after = t.strip_prefix(marker).unwrap_or("-");
        if t.ends_with(':') && (after == ":" || after.starts_with(" (")) {
            at = Some(offset);
            break;
        }
        offset += line.len();
    }
    let rest = &readme[at?..];
    let start = rest.find("```hcl")? + "```hcl".len();
    let body = &rest[start..];
    let end = body.find("```")?;
    Some(body[..end].trim_start_matches('\n').to_string())
}

/// The rule codes the engine reports on `text` as a one-file module.
fn codes_on(text: &str, config: &Config) -> Vec<String> {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("main.tf"), text).expect("write");
    let report = run(&Options {
        paths: vec![tmp.path().to_path_buf()],
        config: config.clone(),
        ..Options::default()
    });
    // Snippets may use variables they do not declare (`var.ami_id`); they
    // must parse.
    assert!(
        !report
            .problems
            .iter()
            .any(|p| p.message.starts_with("syntax error")),
        "the README's example does not parse: {:?}\n{text}",
        report.problems
    );
    report.findings.iter().map(|f| f.code.to_string()).collect()
}

/// Each rule README's "How to fix" runs, as its `bad/`/`good/` folders do
/// (policies/README.md): the "Instead of:" block gives the rule's finding,
/// the "Use:" block does not.
#[test]
fn each_readmes_instead_of_and_use_examples_run() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for meta in rampart_policy::RULES {
        let dir = policies_dir().join(format!("{}-{}", meta.code, meta.name));
        let readme = fs::read_to_string(dir.join("README.md")).expect("README");
        let (Some(bad), Some(good)) = (hcl_after(&readme, "Instead of"), hcl_after(&readme, "Use"))
        else {
            failures.push(format!("{}: no `Instead of:`/`Use:` HCL blocks", meta.code));
            continue;
        };
        checked += 1;
        // A rule that reports only under a setting (RMP003's
        // `require_reason`) is shown with the setting its `bad/` examples use.
        let config = fs::read_dir(dir.join("bad"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("rampart.toml"))
            .find(|p| p.is_file())
            .filter(|_| {
                !codes_on(&bad, &Config::default())
                    .iter()
                    .any(|c| c == meta.code)
            })
            .map(|p| Config::load(&p, &codes()).expect("example config is valid"))
            .unwrap_or_default();
        let on_bad = codes_on(&bad, &config);
        if !on_bad.iter().any(|c| c == meta.code) {
            failures.push(format!(
                "{}: `Instead of:` gives {on_bad:?}, not {}",
                meta.code, meta.code
            ));
        }
        let on_good = codes_on(&good, &config);
        if on_good.iter().any(|c| c == meta.code) {
            failures.push(format!("{}: `Use:` still gives {}", meta.code, meta.code));
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The root README's rules table lists every rule, with the code, name and
/// severity its `policies/` README declares (the "what it flags" column is
/// prose of its own).
#[test]
fn the_readme_rules_table_matches_the_rules() {
    let readme = fs::read_to_string(policies_dir().join("../README.md")).expect("README.md");
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && l.get(2..5)
                    .is_some_and(|c| c.chars().all(|ch| ch.is_ascii_uppercase()))
                && l.get(5..8)
                    .is_some_and(|n| n.chars().all(|ch| ch.is_ascii_digit()))
        })
        .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    let listed: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[1].clone(), r[2].clone(), r[3].clone()))
        .collect();
    let mut want: Vec<(String, String, String)> = rampart_policy::RULES
        .iter()
        .map(|m| {
            (
                m.code.to_string(),
                m.name.to_string(),
                m.severity.as_str().to_string(),
            )
        })
        .collect();
    let mut got = listed.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "README.md's rules table and policies/ disagree");
}

/// `docs/rules.md`: every rule's README, one section each, in code order.
fn rules_doc() -> String {
    let mut out = String::from(
        "# Rules\n\nMade from `policies/*/README.md` by `RAMPART_UPDATE_DOCS=1 cargo test -p rampart-engine --test policies`; a test keeps it so. Each rule's folder also holds its `bad/` and `good/` examples.\n",
    );
    let mut metas: Vec<_> = rampart_policy::RULES.iter().collect();
    metas.sort_by_key(|m| m.code);
    for m in metas {
        let dir = format!("{}-{}", m.code, m.name);
        let text = fs::read_to_string(policies_dir().join(&dir).join("README.md")).expect("README");
        out.push('\n');
        let mut in_code = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            // One level down: the rule's title becomes a section (not a
            // comment inside a code block).
            if line.starts_with('#') && !in_code {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!(
            "\nExamples: [`policies/{dir}/`](../policies/{dir}/).\n"
        ));
    }
    out
}

#[test]
fn docs_rules_md_is_made_from_the_rule_readmes() {
    let path = policies_dir().join("../docs/rules.md");
    let want = rules_doc();
    if std::env::var_os("RAMPART_UPDATE_DOCS").is_some() {
        fs::write(&path, &want).expect("write docs/rules.md");
    }
    let got = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/rules.md is out of date: RAMPART_UPDATE_DOCS=1 cargo test -p rampart-engine --test policies"
    );
}
