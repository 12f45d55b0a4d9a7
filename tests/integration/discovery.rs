//! Which files a run reads, and which findings it reports when files are
//! named explicitly.

use crate::common::{brief, related, security_group, summary, Fixture};

fn open_ssh(name: &str) -> String {
    security_group(name, 22, 22, r#"["0.0.0.0/0"]"#)
}

#[test]
fn gitignored_directory_is_skipped_outside_a_git_repository() {
    let fx = Fixture::with(&[
        ("main.tf", &open_ssh("root")),
        ("generated/main.tf", &open_ssh("generated")),
        ("keep/main.tf", &open_ssh("keep")),
    ]);
    assert!(!fx.path().join(".git").exists());
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        brief(&doc),
        [
            "NET001 generated/main.tf:6:20",
            "NET001 keep/main.tf:6:20",
            "NET001 main.tf:6:20",
        ]
    );

    fx.write(".gitignore", "generated/\n");
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        brief(&doc),
        ["NET001 keep/main.tf:6:20", "NET001 main.tf:6:20"]
    );
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn dot_terraform_and_dot_git_are_skipped() {
    let fx = Fixture::with(&[
        ("main.tf", &open_ssh("root")),
        (".terraform/modules/vpc/main.tf", &open_ssh("cached")),
        (".git/hooks/main.tf", &open_ssh("git")),
    ]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn nested_modules_are_checked_each_with_its_own_variables() {
    let fx = Fixture::with(&[
        ("a/variables.tf", "variable \"cidr\" {}\n"),
        ("a/main.tf", &security_group("a", 22, 22, "[var.cidr]")),
        ("a/terraform.tfvars", "cidr = \"0.0.0.0/0\"\n"),
        ("b/variables.tf", "variable \"cidr\" {}\n"),
        ("b/main.tf", &security_group("b", 22, 22, "[var.cidr]")),
        ("b/terraform.tfvars", "cidr = \"10.0.0.0/8\"\n"),
    ]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 a/main.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["a/terraform.tfvars:1:8 `var.cidr` set in terraform.tfvars"]
    );
}

/// main.tf's SSH comes from `var.ssh_cidr`, set open in terraform.tfvars;
/// other.tf has RDP open directly.
fn module_with_tfvars() -> Fixture {
    Fixture::with(&[
        (
            "variables.tf",
            "variable \"ssh_cidr\" {\n  default = \"10.0.0.0/8\"\n}\n",
        ),
        (
            "main.tf",
            &security_group("bastion", 22, 22, "[var.ssh_cidr]"),
        ),
        (
            "other.tf",
            &security_group("rdp", 3389, 3389, r#"["0.0.0.0/0"]"#),
        ),
        ("terraform.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n"),
    ])
}

#[test]
fn whole_directory() {
    let doc = module_with_tfvars().check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);
}

#[test]
fn explicit_file_is_checked_with_its_whole_module() {
    let fx = module_with_tfvars();
    let doc = fx.check_json(&["main.tf"], 1);
    // pre-commit names the changed files: their modules are checked whole,
    // with values from the module's other files.
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["terraform.tfvars:1:12 `var.ssh_cidr` set in terraform.tfvars"]
    );
    assert_eq!(summary(&doc).1, 2);

    let doc = fx.check_json(&["./main.tf"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);

    let out = fx.run(&["check", "main.tf"]);
    out.expect_code(1);
    snap!("explicit_file_pretty", out.stdout);
}

#[test]
fn explicit_tfvars_checks_its_module() {
    let fx = module_with_tfvars();
    let doc = fx.check_json(&["terraform.tfvars"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);
}

#[test]
fn explicit_variables_file_reports_findings_from_its_default() {
    let fx = module_with_tfvars();
    fx.remove("terraform.tfvars").write(
        "variables.tf",
        "variable \"ssh_cidr\" {\n  default = \"0.0.0.0/0\"\n}\n",
    );
    let doc = fx.check_json(&["variables.tf"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["variables.tf:2:13 default of `var.ssh_cidr`"]
    );
}

#[test]
fn explicit_file_in_a_subdirectory() {
    let fx = Fixture::with(&[
        ("infra/variables.tf", "variable \"ssh_cidr\" {}\n"),
        (
            "infra/main.tf",
            &security_group("bastion", 22, 22, "[var.ssh_cidr]"),
        ),
        ("infra/terraform.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n"),
    ]);
    let doc = fx.check_json(&["infra/main.tf"], 1);
    assert_eq!(brief(&doc), ["NET001 infra/main.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["infra/terraform.tfvars:1:12 `var.ssh_cidr` set in terraform.tfvars"]
    );
}

#[test]
fn explicit_file_and_its_directory() {
    let doc = module_with_tfvars().check_json(&[".", "main.tf"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET001 other.tf:6:20"]);
}

#[test]
fn empty_directory() {
    let fx = Fixture::new();
    let out = fx.run(&["check"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 0 files.\n");
}
