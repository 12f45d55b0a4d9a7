//! `.pre-commit-hooks.yaml`: the hook pre-commit users reference. The real
//! pre-commit runs it in `tests/precommit/run.sh`; this checks the manifest
//! and that its entry, given file names the way pre-commit passes them,
//! behaves as documented.

use crate::ci_templates::read_yaml;
use crate::common::{rampart, security_group, Fixture};
use serde_json::Value;

fn hook() -> Value {
    let doc = read_yaml(".pre-commit-hooks.yaml");
    let hooks = doc.as_array().expect("a list of hooks");
    assert_eq!(hooks.len(), 1, "{doc}");
    hooks[0].clone()
}

#[test]
fn manifest() {
    let h = hook();
    assert_eq!(h["id"], "rampart");
    assert_eq!(h["name"], "rampart");
    assert_eq!(h["language"], "rust");
    assert_eq!(h["entry"], "rampart check");
    assert_eq!(h["files"], r"\.(tf|tfvars)(\.json)?$");
    assert_eq!(h["require_serial"], "true");
    assert!(
        h.get("pass_filenames").is_none(),
        "pre-commit must pass the file names"
    );
}

#[test]
fn files_pattern() {
    let pattern = hook()["files"].as_str().unwrap().to_string();
    // pre-commit applies it with Python's re.search; this one means the same
    // in the regex crate.
    let re = regex::Regex::new(&pattern).unwrap();
    for yes in [
        "main.tf",
        "infra/network.tf",
        "main.tf.json",
        "terraform.tfvars",
        "env/prod.auto.tfvars",
        "prod.tfvars.json",
    ] {
        assert!(re.is_match(yes), "{yes}");
    }
    for no in [
        "README.md",
        "main.tfx",
        "policy.json",
        "tf",
        ".terraform.lock.hcl",
        "main.tf.bak",
    ] {
        assert!(!re.is_match(no), "{no}");
    }
}

#[test]
fn entry_checks_the_named_files_modules() {
    // pre-commit runs `ENTRY FILE...` from the repository root.
    let fx = Fixture::with(&[
        (
            "app/main.tf",
            &security_group("app", 22, 22, "[var.admin_cidr]"),
        ),
        (
            "app/variables.tf",
            "variable \"admin_cidr\" {\n  default = \"10.8.0.0/16\"\n}\n",
        ),
        ("app/terraform.tfvars", "admin_cidr = \"0.0.0.0/0\"\n"),
        (
            "legacy/main.tf",
            &security_group("legacy", 3389, 3389, r#"["0.0.0.0/0"]"#),
        ),
    ]);
    let h = hook();
    let mut entry: Vec<&str> = h["entry"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .collect();
    // Only the tfvars changed: its module is checked, the value it sets is
    // found in main.tf; legacy/ is not part of the commit.
    entry.push("app/terraform.tfvars");
    let out = rampart(fx.path(), &entry);
    out.expect_code(1);
    assert!(out.stdout.contains("app/main.tf:6:20"), "{}", out.stdout);
    assert!(
        out.stdout.contains("app/terraform.tfvars:1:14"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("legacy"), "{}", out.stdout);
    // Several files of one module: each finding once.
    let out = rampart(
        fx.path(),
        &[
            "check",
            "app/main.tf",
            "app/variables.tf",
            "app/terraform.tfvars",
        ],
    );
    out.expect_code(1);
    assert_eq!(out.stdout.matches("[NET001/").count(), 1, "{}", out.stdout);
}
