//! Issue 13, "visible, never silent": what rampart could not evaluate is
//! said, once per kind in a terminal, every time in machine formats.

use crate::common::Fixture;

const TWO_REGISTRY_CALLS: &str = r#"module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
"#;

#[test]
fn module_calls_not_downloaded_are_one_line_in_pretty_output_and_each_in_json() {
    let fx = Fixture::with(&[("main.tf", TWO_REGISTRY_CALLS)]);
    let pretty = fx.run(&["check"]);
    pretty.expect_code(0);
    let lines: Vec<&str> = pretty
        .stdout
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(
        lines,
        ["note: 2 module calls not evaluated (registry or git modules not downloaded: run `terraform init`; `--format json` lists each)"],
        "{}",
        pretty.stdout
    );
    let doc = fx.check_json(&[], 0);
    let notes = doc["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{doc}");
    assert!(notes.iter().all(|n| n["message"]
        .as_str()
        .unwrap()
        .contains("has not been downloaded")));
}

#[test]
fn a_single_module_call_not_downloaded_is_named_with_its_place() {
    let fx = Fixture::with(&[(
        "main.tf",
        "module \"label\" {\n  source  = \"cloudposse/label/null\"\n  version = \"0.25.0\"\n}\n",
    )]);
    let pretty = fx.run(&["check"]);
    assert!(
        pretty
            .stdout
            .contains("note: main.tf:2:13: `module.label` is not checked"),
        "{}",
        pretty.stdout
    );
}

/// A port rampart cannot read, in every format: a JSON note, a pretty
/// `note:` line, a SARIF notification (the LSP: `lsp.rs`).
const ODD_PORT: &str = "resource \"aws_security_group\" \"odd\" {\n  ingress {\n    from_port   = -1\n    to_port     = -1\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";

#[test]
fn a_rule_note_is_in_json_pretty_and_sarif() {
    let fx = Fixture::with(&[("main.tf", ODD_PORT)]);
    let doc = fx.check_json(&[], 0);
    let notes = doc["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["file"] == "main.tf" && n["range"]["start"]["line"] == 3),
        "{doc}"
    );
    let pretty = fx.run(&["check"]);
    assert!(
        pretty
            .stdout
            .lines()
            .any(|l| l.starts_with("note: main.tf:3:")),
        "{}",
        pretty.stdout
    );
    let sarif = fx.run(&["check", "--format", "sarif"]).json();
    let notifications = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notifications
            .as_array()
            .is_some_and(|a| a.iter().any(|n| n["level"] == "note"
                && n["locations"][0]["physicalLocation"]["region"]["startLine"] == 3)),
        "{sarif:#}"
    );
}
