//! The `--format json` contract (version 1): field names, types, order,
//! relative paths and 1-based character columns.

use crate::common::Fixture;
use serde_json::{json, Value};

/// Line 2 holds a description with non-ASCII characters before the CIDR,
/// so byte and character columns differ; the variable comes from tfvars in
/// a subdirectory so `file` has a `/`.
const MAIN_TF: &str = r#"resource "aws_security_group" "café" {
  ingress = [{ description = "accès SSH", from_port = 22, to_port = 22, protocol = "tcp", cidr_blocks = ["0.0.0.0/0"] }]
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}

variable "ssh_cidr" {}
"#;

fn fixture() -> Fixture {
    let fx = Fixture::new();
    fx.write("infra/main.tf", MAIN_TF)
        .write("infra/terraform.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n")
        .write("infra/broken.tf", "locals {\n  a = = 1\n}\n");
    fx
}

/// The 1-based character column where `needle` starts on 1-based `line`.
fn char_column(text: &str, line: usize, needle: &str) -> u64 {
    let l = text.lines().nth(line - 1).unwrap();
    let byte = l.find(needle).unwrap();
    l[..byte].chars().count() as u64 + 1
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn top_level_shape_and_field_order() {
    let fx = fixture();
    let out = fx.run(&["check", "--format", "json"]);
    out.expect_code(2);
    assert_eq!(out.stderr, "");
    let doc = out.json();

    // Field order is part of the contract (it is what people read).
    assert_eq!(
        keys(&doc),
        ["version", "tool", "findings", "errors", "summary", "notes"]
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(keys(&doc["tool"]), ["name", "version"]);
    assert_eq!(doc["tool"]["name"], "rampart");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));

    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{doc}");
    for f in findings {
        assert_eq!(
            keys(f),
            [
                "rule",
                "name",
                "severity",
                "message",
                "file",
                "range",
                "resource",
                "related",
                "fix",
                "instances"
            ]
        );
        assert_eq!(keys(&f["range"]), ["start", "end"]);
        assert_eq!(keys(&f["range"]["start"]), ["line", "column"]);
        assert!(f["fix"].is_string() || f["fix"].is_null());
        for r in f["related"].as_array().unwrap() {
            assert_eq!(keys(r), ["file", "range", "message"]);
        }
    }
    for e in doc["errors"].as_array().unwrap() {
        assert_eq!(keys(e), ["file", "range", "message"]);
    }
    assert_eq!(
        doc["summary"],
        json!({"files": 3, "findings": 2, "suppressed": 0, "errors": 1, "baselined": 0})
    );
    assert_eq!(
        keys(&doc["summary"]),
        ["files", "findings", "suppressed", "errors", "baselined"]
    );
}

#[test]
fn findings_in_full() {
    let doc = fixture().check_json(&[], 2);
    let cafe = char_column(MAIN_TF, 2, "\"0.0.0.0/0\"");
    assert_eq!(cafe, 106);
    assert_ne!(
        MAIN_TF
            .lines()
            .nth(1)
            .unwrap()
            .find("\"0.0.0.0/0\"")
            .unwrap() as u64
            + 1,
        cafe,
        "the fixture must make byte and character columns differ"
    );
    assert_eq!(
        doc["findings"],
        json!([
            {
                "rule": "NET001",
                "name": "admin-port-open-to-internet",
                "severity": "critical",
                "message": "`aws_security_group.café` allows SSH (port 22) from the internet (0.0.0.0/0)",
                "file": "infra/main.tf",
                "range": {
                    "start": {"line": 2, "column": cafe},
                    "end": {"line": 2, "column": cafe + 11}
                },
                "resource": "aws_security_group.café",
                "related": [],
                "fix": "allow admin access only from known ranges (office VPN, bastion host), or use SSM Session Manager instead of an open port",
                "instances": ["aws_security_group.café"]
            },
            {
                "rule": "NET001",
                "name": "admin-port-open-to-internet",
                "severity": "critical",
                "message": "`aws_security_group.bastion` allows SSH (port 22) from the internet (0.0.0.0/0)",
                "file": "infra/main.tf",
                "range": {
                    "start": {"line": 10, "column": 20},
                    "end": {"line": 10, "column": 32}
                },
                "resource": "aws_security_group.bastion",
                "related": [
                    {
                        "file": "infra/terraform.tfvars",
                        "range": {
                            "start": {"line": 1, "column": 12},
                            "end": {"line": 1, "column": 23}
                        },
                        "message": "`var.ssh_cidr` set in terraform.tfvars"
                    }
                ],
                "fix": "allow admin access only from known ranges (office VPN, bastion host), or use SSM Session Manager instead of an open port",
                "instances": ["aws_security_group.bastion"]
            }
        ])
    );
}

#[test]
fn errors_in_full() {
    let doc = fixture().check_json(&[], 2);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{doc}");
    assert_eq!(errors[0]["file"], "infra/broken.tf");
    assert_eq!(
        errors[0]["range"],
        json!({"start": {"line": 2, "column": 7}, "end": {"line": 2, "column": 8}})
    );
    assert!(errors[0]["message"].is_string());
}

#[test]
fn json_snapshot() {
    let out = fixture().run(&["check", "--format", "json"]);
    out.expect_code(2);
    snap!("json_contract", out.stdout);
}

#[test]
fn absolute_path_arguments_are_shown_relative_to_the_working_directory() {
    let fx = fixture();
    let abs = fx.path().join("infra");
    let doc = fx.check_json(&[abs.to_str().unwrap()], 2);
    assert_eq!(doc["findings"][0]["file"], "infra/main.tf");
    assert_eq!(
        doc["findings"][1]["related"][0]["file"],
        "infra/terraform.tfvars"
    );
    assert_eq!(doc["errors"][0]["file"], "infra/broken.tf");
}

#[test]
fn clean_run() {
    let fx = Fixture::with(&[("main.tf", "")]);
    let out = fx.run(&["check", "--format", "json"]);
    out.expect_code(0);
    assert_eq!(
        out.json(),
        json!({
            "version": 1,
            "tool": {"name": "rampart", "version": env!("CARGO_PKG_VERSION")},
            "findings": [],
            "errors": [],
            "summary": {"files": 1, "findings": 0, "suppressed": 0, "errors": 0, "baselined": 0},
            "notes": []
        })
    );
    assert!(out.stdout.ends_with("}\n"));
}
