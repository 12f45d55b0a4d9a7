//! Issue 11, confidentiality: checking a tree never reads or shows a file
//! outside it. Each test builds a minimal reproduction: a "repository"
//! (a directory holding `.git`) inside a temporary directory, and beside it
//! a file standing for a secret (`/proc/self/environ`, `~/.aws/credentials`)
//! that a malicious pull request tries to reach through a symbolic link, a
//! module source or a configuration file in a parent directory.
#![cfg(unix)]

use crate::common::{brief, rampart, security_group, Fixture};
use serde_json::Value;
use std::os::unix::fs::symlink;

/// What a secret looks like; it must never appear in any output.
const SECRET: &str = "AKIAEXAMPLESECRET0042";

/// A file outside the repository holding the secret in a form each reader
/// would choke on (TOML, HCL) — so that reading it would print a line of it
/// in an error message.
fn secret_text() -> String {
    format!("export AWS_SECRET_ACCESS_KEY={SECRET} = = {{\n")
}

/// `outside/` holds the secret; `repo/` (with `.git`) is what is checked.
fn repo() -> Fixture {
    let fx = Fixture::new();
    fx.write("outside/credentials", secret_text())
        .write("outside/credentials.tf", secret_text())
        .write("outside/credentials.tfvars", secret_text())
        .write(
            "outside/open.tf",
            security_group("world", 22, 22, r#"["0.0.0.0/0"]"#),
        )
        .write("repo/.git/HEAD", "ref: refs/heads/main\n");
    fx
}

/// `file: message` of each JSON note.
fn notes(doc: &Value) -> Vec<String> {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{}: {}",
                n["file"].as_str().unwrap(),
                n["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[track_caller]
fn assert_no_secret(out: &crate::common::Output) {
    assert!(
        !out.stdout.contains(SECRET) && !out.stderr.contains(SECRET),
        "the secret leaked\n--- stdout\n{}\n--- stderr\n{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn a_config_file_linked_outside_the_repository_is_not_read() {
    let fx = repo();
    fx.write(
        "repo/main.tf",
        security_group("web", 22, 22, r#"["0.0.0.0/0"]"#),
    );
    symlink(
        fx.path().join("outside/credentials"),
        fx.path().join("repo/rampart.toml"),
    )
    .unwrap();
    let out = rampart(
        &fx.path().join("repo"),
        &["check", "--format", "json", "-v"],
    );
    assert_no_secret(&out);
    // Not a configuration error (which would quote the file): the defaults
    // apply and the finding is reported.
    out.expect_code(1);
    let doc = out.json();
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    let notes = notes(&doc);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("rampart.toml: configuration file not read: it leads outside"),
        "{notes:?}"
    );
    // -v says what was (not) used.
    assert!(
        out.stderr
            .contains("rampart: no configuration file; using the defaults"),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .contains("rampart.toml: configuration file not read"));
}

#[test]
fn a_config_file_named_on_the_command_line_is_read_as_given() {
    // The user's choice: allowed, and its error quotes it.
    let fx = repo();
    fx.write("repo/main.tf", "");
    let out = rampart(
        &fx.path().join("repo"),
        &["check", "--config", "../outside/credentials"],
    );
    out.expect_code(2);
    assert!(out.stderr.contains("credentials"), "{}", out.stderr);
}

#[test]
fn a_config_file_above_the_repository_root_does_not_apply() {
    let fx = repo();
    // It would hide the finding.
    fx.write("rampart.toml", "[rules]\nignore = [\"NET\"]\n")
        .write(
            "repo/infra/main.tf",
            security_group("web", 22, 22, r#"["0.0.0.0/0"]"#),
        );
    let out = rampart(
        &fx.path().join("repo/infra"),
        &["check", "--format", "json", "-v"],
    );
    out.expect_code(1);
    assert_eq!(brief(&out.json()), ["NET001 main.tf:6:20"]);
    assert!(
        out.stderr.contains("no configuration file"),
        "{}",
        out.stderr
    );

    // Inside the repository, a parent's configuration applies, and -v
    // names it.
    fx.write("repo/rampart.toml", "[rules]\nignore = [\"NET\"]\n");
    let out = rampart(
        &fx.path().join("repo/infra"),
        &["check", "--format", "json", "-v"],
    );
    out.expect_code(0);
    assert!(
        out.stderr.contains("rampart: using configuration "),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("repo/rampart.toml"), "{}", out.stderr);
}

#[test]
fn a_config_file_above_the_working_directory_outside_a_repository_does_not_apply() {
    let fx = Fixture::new();
    fx.write("rampart.toml", "[rules]\nignore = [\"NET\"]\n")
        .write(
            "infra/main.tf",
            security_group("web", 22, 22, r#"["0.0.0.0/0"]"#),
        );
    let out = rampart(&fx.path().join("infra"), &["check", "--format", "json"]);
    out.expect_code(1);
    assert_eq!(brief(&out.json()), ["NET001 main.tf:6:20"]);
    // From the directory holding it, it applies to the paths below.
    let out = rampart(fx.path(), &["check", "--format", "json", "infra"]);
    out.expect_code(0);
}

#[test]
fn terraform_files_linked_outside_the_tree_are_notes_not_read() {
    let fx = repo();
    fx.write("repo/main.tf", "");
    symlink(
        fx.path().join("outside/credentials.tf"),
        fx.path().join("repo/creds.tf"),
    )
    .unwrap();
    symlink(
        fx.path().join("outside/open.tf"),
        fx.path().join("repo/open.tf"),
    )
    .unwrap();
    symlink(
        fx.path().join("outside/credentials.tfvars"),
        fx.path().join("repo/terraform.tfvars"),
    )
    .unwrap();
    let out = rampart(&fx.path().join("repo"), &["check", "--format", "json"]);
    assert_no_secret(&out);
    out.expect_code(0);
    let doc = out.json();
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(
        notes(&doc),
        [
            "creds.tf: symbolic link not followed: it leads outside the checked tree",
            "open.tf: symbolic link not followed: it leads outside the checked tree",
            "terraform.tfvars: symbolic link not followed: it leads outside the checked tree",
        ]
    );
}

#[test]
fn terraform_files_linked_inside_the_tree_are_checked() {
    let fx = repo();
    fx.write(
        "repo/shared/open.tf.txt",
        security_group("web", 22, 22, r#"["0.0.0.0/0"]"#),
    )
    .write("repo/app/variables.tf", "");
    symlink("../shared/open.tf.txt", fx.path().join("repo/app/open.tf")).unwrap();
    // Named by its own name inside the module: checked there.
    let doc = rampart(
        &fx.path().join("repo"),
        &["check", "--format", "json", "app"],
    );
    let doc = doc.expect_code(1).json();
    assert_eq!(brief(&doc), ["NET001 app/open.tf:6:20"]);
    assert_eq!(notes(&doc), Vec::<String>::new());
}

#[test]
fn a_linked_directory_leading_outside_is_a_note() {
    let fx = repo();
    fx.write("repo/main.tf", "");
    symlink(fx.path().join("outside"), fx.path().join("repo/vendor")).unwrap();
    let out = rampart(&fx.path().join("repo"), &["check", "--format", "json"]);
    assert_no_secret(&out);
    let doc = out.expect_code(0).json();
    assert_eq!(
        notes(&doc),
        ["vendor: symbolic link not followed: it leads outside the checked tree"]
    );
}

#[test]
fn module_sources_resolve_only_inside_the_checked_tree_whatever_the_working_directory() {
    let fx = Fixture::new();
    // `secretmod` would both fail to parse (quoting the secret) and open
    // SSH with the caller's argument.
    fx.write("secretmod/main.tf", secret_text())
        .write(
            "secretmod/sg.tf",
            "variable \"cidr\" {}\n".to_string() + &security_group("m", 22, 22, "[var.cidr]"),
        )
        .write(
            "app/main.tf",
            "module \"m\" {\n  source = \"../secretmod\"\n  cidr   = \"0.0.0.0/0\"\n}\n",
        );
    // The working directory holds both, as a CI job's might.
    for args in [
        &["check", "--format", "json", "app"][..],
        &["check", "--format", "json", "app/main.tf"],
    ] {
        let out = rampart(fx.path(), args);
        assert_no_secret(&out);
        let doc = out.expect_code(0).json();
        assert_eq!(brief(&doc), Vec::<String>::new());
        let notes = notes(&doc);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("`module.m` is not checked"), "{notes:?}");
        assert!(notes[0].contains("inside the checked tree"), "{notes:?}");
    }
}

#[test]
fn a_module_directory_linked_outside_the_repository_is_not_read() {
    let fx = repo();
    fx.write("outside/mod/main.tf", secret_text()).write(
        "repo/app/main.tf",
        "module \"m\" {\n  source = \"../vendor/mod\"\n}\n",
    );
    symlink(fx.path().join("outside"), fx.path().join("repo/vendor")).unwrap();
    let out = rampart(&fx.path().join("repo"), &["check", "--format", "json"]);
    assert_no_secret(&out);
    let doc = out.expect_code(0).json();
    let notes = notes(&doc);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`module.m` is not checked")),
        "{notes:?}"
    );
}

#[test]
fn a_module_manifest_leading_outside_the_repository_is_not_read() {
    // `terraform init`'s record, written by the pull request, points a
    // registry module at a directory outside.
    let fx = repo();
    fx.write("outside/bastion/main.tf", secret_text())
        .write(
            "repo/main.tf",
            "module \"bastion\" {\n  source  = \"acme/bastion/aws\"\n  version = \"1.0.0\"\n}\n",
        )
        .write(
            "repo/.terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"bastion","Source":"registry.terraform.io/acme/bastion/aws","Version":"1.0.0","Dir":"../outside/bastion"}]}"#,
        );
    let out = rampart(&fx.path().join("repo"), &["check", "--format", "json"]);
    assert_no_secret(&out);
    let doc = out.expect_code(0).json();
    let notes = notes(&doc);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("has not been downloaded"), "{notes:?}");
}

#[test]
fn modules_elsewhere_in_the_repository_are_followed() {
    // A pre-commit run names one changed file; its module calls a shared
    // module higher up in the same repository: that is inside the tree.
    let fx = repo();
    fx.write(
        "repo/modules/sg/main.tf",
        "variable \"cidr\" {}\n".to_string() + &security_group("m", 22, 22, "[var.cidr]"),
    )
    .write(
        "repo/envs/prod/main.tf",
        "module \"m\" {\n  source = \"../../modules/sg\"\n  cidr   = \"0.0.0.0/0\"\n}\n",
    );
    let out = rampart(
        &fx.path().join("repo"),
        &["check", "--format", "json", "envs/prod/main.tf"],
    );
    let doc = out.expect_code(1).json();
    assert_eq!(brief(&doc), ["NET001 modules/sg/main.tf:7:20"]);
}

#[test]
fn file_function_does_not_read_outside_the_repository() {
    let fx = repo();
    fx.write(
        "repo/main.tf",
        "locals {\n  leaked = file(\"../outside/credentials\")\n}\n\
         resource \"aws_security_group\" \"x\" {\n  description = local.leaked\n}\n",
    );
    let out = rampart(&fx.path().join("repo"), &["check", "--format", "json"]);
    assert_no_secret(&out);
    out.expect_code(0);
}
