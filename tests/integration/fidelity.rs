//! Issue 12: findings as Terraform's semantics make them. Each test is a
//! minimal reproduction of one class the issue lists.

use crate::common::{brief, related, Fixture};

/// A module whose one security group opens `var.port` to the world.
const SG_MODULE: &str = r#"variable "port" {}
resource "aws_security_group" "this" {
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

#[test]
fn for_each_instances_opening_different_ports_through_one_line_are_two_findings() {
    // Class 8: port 5432 used to hide behind port 8000's finding.
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "db" {
  for_each = { app = 8000, pg = 5432 }
  ingress {
    from_port   = each.value
    to_port     = each.value
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(brief(&doc), ["NET002 main.tf:7:20", "NET002 main.tf:7:20"]);
    assert!(messages[0].contains("port 5432"), "{messages:?}");
    assert!(messages[1].contains("port 8000"), "{messages:?}");
}

#[test]
fn two_callers_opening_different_ports_through_one_line_are_two_findings_with_their_chains() {
    let fx = Fixture::with(&[
        ("modules/sg/main.tf", SG_MODULE),
        (
            "main.tf",
            "module \"app\" {\n  source = \"./modules/sg\"\n  port   = 8000\n}\nmodule \"db\" {\n  source = \"./modules/sg\"\n  port   = 5432\n}\n",
        ),
    ]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(
        brief(&doc),
        [
            "NET002 modules/sg/main.tf:7:20",
            "NET002 modules/sg/main.tf:7:20"
        ]
    );
    let resources: Vec<&str> = findings
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        resources,
        [
            "module.app.aws_security_group.this",
            "module.db.aws_security_group.this"
        ]
    );
    // Each through its own caller.
    assert_eq!(
        related(&findings[0]),
        ["main.tf:1:8 `module.app` calls the module here"]
    );
    assert_eq!(
        related(&findings[1]),
        ["main.tf:5:8 `module.db` calls the module here"]
    );
}

#[test]
fn identical_findings_from_several_instances_are_one() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "web" {
  count = 3
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:7:20"]);
    // The one finding lists the instances that report it.
    assert_eq!(
        doc["findings"][0]["instances"],
        serde_json::json!([
            "aws_security_group.web[0]",
            "aws_security_group.web[1]",
            "aws_security_group.web[2]"
        ])
    );
}

#[test]
fn identical_findings_from_module_instances_list_each_instance() {
    // Two module instances open the same port through one line: one
    // finding, both instances listed with their keys.
    let fx = Fixture::with(&[
        ("modules/sg/main.tf", SG_MODULE),
        (
            "main.tf",
            "module \"sg\" {\n  source   = \"./modules/sg\"\n  for_each = toset([\"a\", \"b\"])\n  port     = 22\n}\n",
        ),
    ]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    assert_eq!(brief(&doc), ["NET001 modules/sg/main.tf:7:20"]);
    assert_eq!(
        doc["findings"][0]["instances"],
        serde_json::json!([
            "module.sg[\"a\"].aws_security_group.this",
            "module.sg[\"b\"].aws_security_group.this"
        ])
    );
    let pretty = fx.run(&["check", "--select", "NET"]);
    assert!(
        pretty.stdout.contains("the same in 2 instances"),
        "{}",
        pretty.stdout
    );
}

#[test]
fn a_value_set_inside_a_downloaded_module_is_reported_at_the_call_in_the_repository() {
    // Class 9: the value is set inside the downloaded module (it
    // hard-codes the world), so the finding points at the `module` call in
    // the repository that leads there; the downloaded line is related.
    let fx = Fixture::with(&[
        (
            "main.tf",
            "module \"sg\" {\n  source  = \"acme/sg/aws\"\n  version = \"1.0.0\"\n  port    = 22\n}\n",
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"sg","Source":"registry.terraform.io/acme/sg/aws","Version":"1.0.0","Dir":".terraform/modules/sg"}]}"#,
        ),
        (".terraform/modules/sg/main.tf", SG_MODULE),
    ]);
    for format in [
        "json",
        "sarif",
        "gitlab",
        "github",
        "checkstyle",
        "junit",
        "pretty",
    ] {
        let out = fx.run(&["check", "--select", "NET", "--format", format]);
        out.expect_code(1);
        // The primary location is in the repository in every format.
        if format == "json" {
            let doc = out.json();
            assert_eq!(brief(&doc), ["NET001 main.tf:1:8"]);
            assert_eq!(
                related(&doc["findings"][0]),
                [".terraform/modules/sg/main.tf:7:20 the offending line, in a module downloaded by `terraform init`"]
            );
        }
        assert!(out.stdout.contains("main.tf"), "{format}: {}", out.stdout);
    }
}

/// A module that passes its `master_password` (or `db.password`) to RDS.
const DB_MODULE: &str = r#"variable "master_password" {
  type    = string
  default = null
}
variable "db" {
  type    = object({ password = optional(string) })
  default = {}
}
resource "aws_db_instance" "this" {
  engine   = "postgres"
  password = coalesce(var.master_password, var.db.password)
}
"#;

#[test]
fn a_literal_module_argument_reaching_a_secret_attribute_is_reported_at_the_argument() {
    // Class 10, with a local module, a downloaded one, and a secret
    // nested in an object argument.
    let fx = Fixture::with(&[
        ("modules/db/main.tf", DB_MODULE),
        (
            "main.tf",
            r#"module "local" {
  source          = "./modules/db"
  master_password = "Xk9#mQ2vLp7@wR4z"
}
module "nested" {
  source = "./modules/db"
  db     = { password = "Tr5$wQ8nZm2!kP6v" }
}
module "downloaded" {
  source          = "acme/db/aws"
  version         = "1.0.0"
  master_password = "Jh3@pL9xWq6#vN2c"
}
"#,
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"downloaded","Source":"registry.terraform.io/acme/db/aws","Version":"1.0.0","Dir":".terraform/modules/downloaded"}]}"#,
        ),
        (".terraform/modules/downloaded/main.tf", DB_MODULE),
    ]);
    let doc = fx.check_json(&["--select", "SEC001"], 1);
    assert_eq!(
        brief(&doc),
        [
            "SEC001 main.tf:3:21",
            "SEC001 main.tf:7:25",
            "SEC001 main.tf:12:21"
        ]
    );
    // Each explains the way in: the argument, then the module's line.
    let chain = related(&doc["findings"][0]);
    assert!(
        chain
            .iter()
            .any(|r| r.starts_with("modules/db/main.tf:11:")),
        "{chain:?}"
    );
}
