//! Variable precedence, lowest first: the default, `terraform.tfvars`,
//! `*.auto.tfvars` (lexical order), `--var-file` (in order), `--var`; and
//! the JSON forms of each file.

use crate::common::{brief, related, security_group, Fixture};

const VARIABLES_TF: &str = r#"variable "ssh_cidr" {
  default = "10.0.0.0/8"
}
"#;

/// The module under test: SSH open to `var.ssh_cidr`, private by default.
/// The finding, when there is one, sits on `var.ssh_cidr` at main.tf:6:20.
fn module() -> Fixture {
    Fixture::with(&[
        ("variables.tf", VARIABLES_TF),
        (
            "main.tf",
            &security_group("bastion", 22, 22, "[var.ssh_cidr]"),
        ),
    ])
}

const OPEN: &str = "ssh_cidr = \"0.0.0.0/0\"\n";
const PRIVATE: &str = "ssh_cidr = \"10.1.0.0/16\"\n";

#[test]
fn default_only_is_clean() {
    let fx = module();
    let out = fx.run(&["check"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 2 files.\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn terraform_tfvars_overrides_default() {
    let fx = module();
    fx.write("terraform.tfvars", OPEN);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["terraform.tfvars:1:12 `var.ssh_cidr` set in terraform.tfvars"]
    );
    let range = &doc["findings"][0]["related"][0]["range"];
    assert_eq!(range["end"]["line"], 1);
    assert_eq!(
        range["end"]["column"], 23,
        "end is exclusive, after the closing quote"
    );
}

#[test]
fn terraform_tfvars_pretty() {
    let fx = module();
    fx.write("terraform.tfvars", OPEN);
    let out = fx.run(&["check"]);
    out.expect_code(1);
    snap!("terraform_tfvars_pretty", out.stdout);
}

#[test]
fn auto_tfvars_overrides_terraform_tfvars() {
    let fx = module();
    fx.write("terraform.tfvars", PRIVATE)
        .write("x.auto.tfvars", OPEN);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["x.auto.tfvars:1:12 `var.ssh_cidr` set in x.auto.tfvars"]
    );

    // And the other way round: the auto file closes what terraform.tfvars opened.
    fx.write("terraform.tfvars", OPEN)
        .write("x.auto.tfvars", PRIVATE);
    let doc = fx.check_json(&[], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
}

#[test]
fn auto_tfvars_files_apply_in_lexical_order() {
    let fx = module();
    fx.write("a.auto.tfvars", OPEN)
        .write("b.auto.tfvars", PRIVATE);
    fx.check_json(&[], 0);

    fx.write("a.auto.tfvars", PRIVATE)
        .write("b.auto.tfvars", OPEN);
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        related(&doc["findings"][0]),
        ["b.auto.tfvars:1:12 `var.ssh_cidr` set in b.auto.tfvars"]
    );
}

#[test]
fn plain_tfvars_files_are_not_loaded_automatically() {
    let fx = module();
    fx.write("prod.tfvars", OPEN);
    let doc = fx.check_json(&[], 0);
    assert_eq!(doc["summary"]["files"], 3, "read, but not applied");
}

#[test]
fn var_file_overrides_auto_tfvars() {
    let fx = module();
    fx.write("x.auto.tfvars", OPEN)
        .write("other.tfvars", PRIVATE);
    fx.check_json(&["--var-file", "other.tfvars"], 0);

    fx.write("x.auto.tfvars", PRIVATE)
        .write("other.tfvars", OPEN);
    let doc = fx.check_json(&["--var-file", "other.tfvars"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    assert_eq!(
        related(&doc["findings"][0]),
        ["other.tfvars:1:12 `var.ssh_cidr` set in other.tfvars"]
    );
}

#[test]
fn later_var_files_win() {
    let fx = module();
    fx.write("open.tfvars", OPEN)
        .write("private.tfvars", PRIVATE);
    fx.check_json(
        &["--var-file", "open.tfvars", "--var-file", "private.tfvars"],
        0,
    );
    let doc = fx.check_json(
        &["--var-file", "private.tfvars", "--var-file", "open.tfvars"],
        1,
    );
    assert_eq!(
        related(&doc["findings"][0]),
        ["open.tfvars:1:12 `var.ssh_cidr` set in open.tfvars"]
    );
}

#[test]
fn var_flag_overrides_everything() {
    let fx = module();
    fx.write("terraform.tfvars", PRIVATE)
        .write("x.auto.tfvars", PRIVATE)
        .write("other.tfvars", PRIVATE);
    let doc = fx.check_json(
        &["--var-file", "other.tfvars", "--var", "ssh_cidr=0.0.0.0/0"],
        1,
    );
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
    // A command-line value has no location: JSON lists no related entry.
    assert_eq!(related(&doc["findings"][0]), Vec::<String>::new());
}

#[test]
fn var_flag_pretty_names_the_command_line() {
    let fx = module();
    let out = fx.run(&["check", "--var", "ssh_cidr=0.0.0.0/0"]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("Note: `var.ssh_cidr` set with --var"),
        "{}",
        out.stdout
    );
    snap!("var_flag_pretty", out.stdout);
}

#[test]
fn var_flag_removes_a_finding_from_tfvars() {
    let fx = module();
    fx.write("terraform.tfvars", OPEN)
        .write("x.auto.tfvars", OPEN)
        .write("other.tfvars", OPEN);
    fx.check_json(&["--var-file", "other.tfvars"], 1);
    let doc = fx.check_json(
        &[
            "--var-file",
            "other.tfvars",
            "--var",
            "ssh_cidr=10.1.0.0/16",
        ],
        0,
    );
    assert_eq!(doc["summary"]["findings"], 0);
}

#[test]
fn var_flag_takes_hcl_lists() {
    let fx = Fixture::with(&[
        (
            "variables.tf",
            "variable \"cidrs\" {\n  type = list(string)\n}\n",
        ),
        ("main.tf", &security_group("bastion", 22, 22, "var.cidrs")),
    ]);
    // Without a value the variable is unknown: nothing is guessed.
    fx.check_json(&[], 0);
    let doc = fx.check_json(&["--var", r#"cidrs=["10.0.0.0/8", "0.0.0.0/0"]"#], 1);
    // The whole list comes from the variable: the finding sits on it.
    assert_eq!(brief(&doc), ["NET001 main.tf:6:19"]);
    assert_eq!(doc["findings"][0]["range"]["end"]["column"], 28);
}

#[test]
fn tfvars_json_files() {
    let fx = module();
    fx.write(
        "terraform.tfvars.json",
        "{\n  \"ssh_cidr\": \"0.0.0.0/0\"\n}\n",
    );
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        related(&doc["findings"][0]),
        ["terraform.tfvars.json:2:15 `var.ssh_cidr` set in terraform.tfvars.json"]
    );

    // *.auto.tfvars.json overrides terraform.tfvars.json ...
    fx.write("x.auto.tfvars.json", r#"{"ssh_cidr": "10.2.0.0/16"}"#);
    fx.check_json(&[], 0);

    // ... and --var-file FILE.tfvars.json overrides both.
    fx.write("v.tfvars.json", r#"{"ssh_cidr": "0.0.0.0/0"}"#);
    let doc = fx.check_json(&["--var-file", "v.tfvars.json"], 1);
    assert_eq!(
        related(&doc["findings"][0]),
        ["v.tfvars.json:1:14 `var.ssh_cidr` set in v.tfvars.json"]
    );
}

#[test]
fn terraform_tfvars_json_is_loaded_after_terraform_tfvars() {
    let fx = module();
    fx.write("terraform.tfvars", PRIVATE)
        .write("terraform.tfvars.json", r#"{"ssh_cidr": "0.0.0.0/0"}"#);
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        related(&doc["findings"][0]),
        ["terraform.tfvars.json:1:14 `var.ssh_cidr` set in terraform.tfvars.json"]
    );
}

#[test]
fn bad_var_and_var_file_arguments() {
    let fx = module();
    let out = fx.run(&["check", "--var", "ssh_cidr"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("invalid --var `ssh_cidr`: expected NAME=VALUE"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");

    // A missing var file is an error; the module is still checked.
    let doc = fx.check_json(&["--var-file", "missing.tfvars"], 2);
    assert_eq!(doc["errors"][0]["file"], "missing.tfvars");
    assert_eq!(doc["errors"][0]["range"], serde_json::Value::Null);

    fx.write("values.txt", OPEN);
    let doc = fx.check_json(&["--var-file", "values.txt"], 2);
    assert_eq!(doc["errors"][0]["file"], "values.txt");
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("must end in .tfvars or .tfvars.json"),
        "{doc}"
    );
}
