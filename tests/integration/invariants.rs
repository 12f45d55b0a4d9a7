//! ARCHITECTURE.md's invariants that a test can hold: the crate graph runs
//! one way, only the LSP crate knows the protocol, and no library crate
//! prints or exits.

use crate::common::repo_root;
use std::path::Path;

/// The workspace crates a crate's Cargo.toml depends on, and whether it
/// names `dependency`.
fn manifest(krate: &str) -> String {
    std::fs::read_to_string(repo_root().join("crates").join(krate).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("crates/{krate}/Cargo.toml: {e}"))
}

fn depends_on(krate: &str, dependency: &str) -> bool {
    manifest(krate).lines().map(str::trim_start).any(|l| {
        l.starts_with(&format!("{dependency} ")) || l.starts_with(&format!("{dependency}."))
    })
}

#[test]
fn the_crate_graph_runs_one_way() {
    // Lower crates never depend on higher ones.
    let order = [
        "rampart-terraform",
        "rampart-config",
        "rampart-policy",
        "rampart-rego",
        "rampart-engine",
        "rampart-lsp",
    ];
    let dirs = ["terraform", "config", "policy", "rego", "engine", "lsp"];
    for (i, dir) in dirs.iter().enumerate() {
        for higher in &order[i + 1..] {
            assert!(
                !depends_on(dir, higher),
                "crates/{dir} depends on {higher}, which is above it"
            );
        }
    }
    // The parsing core knows nothing about policies or configuration.
    assert!(!depends_on("terraform", "rampart-config"));
    // Only the custom-policy crate knows Rego.
    for dir in ["terraform", "config", "policy", "engine", "lsp"] {
        assert!(
            !depends_on(dir, "regorus"),
            "crates/{dir} depends on regorus"
        );
    }
    assert!(depends_on("rego", "regorus"));
}

/// regorus prints warnings on stderr when built with its `std` feature:
/// rampart builds it without (and brings its clock and `net` built-ins).
#[test]
fn regorus_is_built_without_std() {
    let root = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("Cargo.toml");
    let line = root
        .lines()
        .find(|l| l.starts_with("regorus "))
        .expect("regorus in [workspace.dependencies]");
    assert!(line.contains("default-features = false"), "{line}");
    assert!(!line.contains("\"std\""), "{line}");
    assert!(line.contains("\"no_std\""), "{line}");
}

#[test]
fn only_the_lsp_crate_knows_the_protocol() {
    for dir in ["terraform", "config", "policy", "rego", "engine"] {
        for dep in ["tower-lsp-server", "lsp-types", "tokio"] {
            assert!(!depends_on(dir, dep), "crates/{dir} depends on {dep}");
        }
    }
    assert!(depends_on("lsp", "tower-lsp-server"));
}

/// Lines of the non-test code of every `.rs` file under `dir` (a file's
/// `#[cfg(test)]` module, last by convention, is left out).
fn source_lines(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            source_lines(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read source");
            for line in text.lines() {
                if line.trim_start().starts_with("#[cfg(test)]") {
                    break;
                }
                out.push((path.display().to_string(), line.to_string()));
            }
        }
    }
}

#[test]
fn no_library_crate_prints_or_exits() {
    // Only the CLI prints, reads argv or sets exit codes; the LSP speaks
    // the protocol through its transport, never with print macros.
    let mut lines = Vec::new();
    for dir in ["terraform", "config", "policy", "rego", "engine", "lsp"] {
        source_lines(
            &repo_root().join("crates").join(dir).join("src"),
            &mut lines,
        );
    }
    let bad: Vec<String> = lines
        .iter()
        .filter(|(_, l)| {
            let code = l.split("//").next().unwrap_or("");
            [
                "println!",
                "eprintln!",
                "print!(",
                "eprint!(",
                "process::exit",
                "env::args",
            ]
            .iter()
            .any(|m| code.contains(m))
        })
        .map(|(f, l)| format!("{f}: {}", l.trim()))
        .collect();
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}
