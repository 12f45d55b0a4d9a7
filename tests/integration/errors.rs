//! Broken inputs never stop the other files from being checked; they make
//! the run exit 2.

use crate::common::{at, brief, security_group, summary, Fixture};
use serde_json::json;

/// `broken.tf` has a stray `=` at line 2, column 13.
const BROKEN_TF: &str = "variable \"x\" {\n  default = = 1\n}\n";

fn good_and_broken() -> Fixture {
    Fixture::with(&[
        (
            "main.tf",
            &security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#),
        ),
        ("broken.tf", BROKEN_TF),
    ])
}

#[test]
fn syntax_error_json() {
    let fx = good_and_broken();
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{doc}");
    assert_eq!(errors[0]["file"], "broken.tf");
    assert_eq!(
        errors[0]["range"],
        json!({"start": {"line": 2, "column": 13}, "end": {"line": 2, "column": 14}})
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("syntax error: "),
        "{doc}"
    );
    assert_eq!(summary(&doc), (2, 1, 0, 1));
}

#[test]
fn syntax_error_pretty() {
    let fx = good_and_broken();
    let out = fx.run(&["check"]);
    out.expect_code(2);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout.contains("error: broken.tf:2:13: syntax error"),
        "{}",
        out.stdout
    );
    snap!("syntax_error_pretty", out.stdout);
}

#[test]
fn syntax_error_column_counts_characters() {
    // Five two-byte characters before the error: byte column 20, character
    // column 15.
    let fx = Fixture::with(&[("broken.tf", "locals {\n  a = \"ééééé\" b\n}\n")]);
    let doc = fx.check_json(&[], 2);
    assert_eq!(at(&doc["errors"][0]), "broken.tf:2:15");
}

#[test]
fn broken_tfvars_json_is_reported() {
    let fx = Fixture::with(&[
        (
            "main.tf",
            &security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#),
        ),
        ("terraform.tfvars.json", "{\n  \"a\": 1,\n}\n"),
    ]);
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    assert_eq!(doc["errors"][0]["file"], "terraform.tfvars.json");
    assert_eq!(doc["errors"][0]["range"]["start"]["line"], 2, "{doc}");
}

#[test]
fn invalid_utf8_file() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#),
    )]);
    // "café" in Latin-1.
    fx.write("latin1.tf", b"locals {\n  a = \"caf\xe9\"\n}\n");
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    let err = &doc["errors"][0];
    assert_eq!(err["file"], "latin1.tf");
    assert_eq!(err["range"], json!(null));
    assert!(
        err["message"].as_str().unwrap().contains("not valid UTF-8"),
        "{err}"
    );

    let out = fx.run(&["check"]);
    out.expect_code(2);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("an error line: {}", out.stdout));
    assert!(line.starts_with("error: latin1.tf: "), "{line}");
    assert!(line.contains("not valid UTF-8"), "{line}");
}

#[test]

fn unreadable_file_errors_name_the_path_once() {
    let fx = Fixture::new();
    fx.write("latin1.tf", b"# caf\xe9\n");
    let out = fx.run(&["check"]);
    out.expect_code(2);
    assert_eq!(out.stdout.matches("latin1.tf").count(), 1, "{}", out.stdout);

    let out = fx.run(&["check", "--var-file", "missing.tfvars"]);
    out.expect_code(2);
    assert_eq!(
        out.stdout.matches("missing.tfvars").count(),
        1,
        "{}",
        out.stdout
    );
}

#[test]

fn end_of_file_error_position_agrees_between_pretty_and_json() {
    // The block is never closed: the error is at the very end of the file,
    // shown on its last character (the final newline).
    let fx = Fixture::with(&[(
        "broken.tf",
        "resource \"aws_instance\" \"web\" {\n  ami = \"ami-123\"\n",
    )]);
    let doc = fx.check_json(&[], 2);
    let position = at(&doc["errors"][0]);
    assert_eq!(position, "broken.tf:2:18");
    let out = fx.run(&["check"]);
    out.expect_code(2);
    assert!(
        out.stdout.contains(&format!("error: {position}: ")),
        "{}",
        out.stdout
    );
}

#[test]
fn empty_tf_file_is_clean() {
    let fx = Fixture::with(&[("empty.tf", "")]);
    let out = fx.run(&["check"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file.\n");
}

#[test]
fn missing_path_argument() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("bastion", 22, 22, r#"["10.0.0.0/8"]"#),
    )]);
    let out = fx.run(&["check", "no-such-dir"]);
    out.expect_code(2);
    assert!(
        out.stdout.starts_with("error: no-such-dir: cannot read"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("No findings in 0 files; 1 error.\n"),
        "{}",
        out.stdout
    );

    let doc = fx.check_json(&["no-such-dir", "main.tf"], 2);
    assert_eq!(doc["errors"][0]["file"], "no-such-dir");
    assert_eq!(doc["errors"][0]["range"], json!(null));
    assert_eq!(
        summary(&doc),
        (1, 0, 0, 1),
        "the other path is still checked"
    );
}

#[test]
fn non_terraform_file_argument() {
    let fx = Fixture::with(&[("notes.txt", "hello\n")]);
    let doc = fx.check_json(&["notes.txt"], 2);
    assert_eq!(doc["errors"][0]["file"], "notes.txt");
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a Terraform file"),
        "{doc}"
    );
}

#[test]
fn undeclared_variable_is_an_error() {
    let fx = Fixture::with(&[("main.tf", &security_group("bastion", 22, 22, "[var.nope]"))]);
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(at(&doc["errors"][0]), "main.tf:6:20");
    assert_eq!(
        doc["errors"][0]["message"],
        "reference to undeclared variable `var.nope`"
    );
}
