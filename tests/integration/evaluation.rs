//! Evaluation: locals, functions, conditionals, `dynamic` blocks, `count`
//! and `for_each`.

use crate::common::{at, brief, related, security_group, summary, Fixture};

#[test]
fn local_through_local_through_variable() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"variable "office" {
  default = "0.0.0.0/0"
}

locals {
  base  = var.office
  admin = local.base
}

resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.admin]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:15:20"]);
    // The provenance chain, oldest first.
    assert_eq!(
        related(&doc["findings"][0]),
        [
            "main.tf:2:13 default of `var.office`",
            "main.tf:6:11 `local.base` defined here",
            "main.tf:7:11 `local.admin` defined here",
        ]
    );
    let out = fx.run(&["check"]);
    out.expect_code(1);
    snap!("locals_chain_pretty", out.stdout);
}

#[test]
fn local_cycle_is_an_error_but_other_findings_are_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"locals {
  a = local.b
  b = local.a
}

resource "aws_security_group" "cycle" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.a]
  }
}

resource "aws_security_group" "open" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), ["NET001 main.tf:20:20"]);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1, "{doc}");
    let err = &doc["errors"][0];
    assert_eq!(at(err), "main.tf:3:7");
    assert_eq!(
        err["message"],
        "`local.a` refers to itself (a cycle among locals)"
    );
    assert_eq!(summary(&doc), (1, 1, 0, 1));

    let out = fx.run(&["check"]);
    out.expect_code(2);
    snap!("local_cycle_pretty", out.stdout);
}

#[test]
fn concat_reports_the_element_from_the_variable() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"variable "extra" {
  default = ["0.0.0.0/0"]
}

resource "aws_security_group" "concat" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = concat(["10.0.0.0/8"], var.extra)
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:10:42"]);
    assert_eq!(doc["findings"][0]["range"]["end"]["column"], 51);
    assert_eq!(
        related(&doc["findings"][0]),
        ["main.tf:2:14 default of `var.extra`"]
    );
}

#[test]
fn conditional_follows_the_branch_taken() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"variable "public" {
  default = true
}

resource "aws_security_group" "cond" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.public ? "0.0.0.0/0" : "10.0.0.0/8"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    // The finding sits on the literal of the branch taken.
    assert_eq!(brief(&doc), ["NET001 main.tf:10:33"]);
    fx.check_json(&["--var", "public=false"], 0);
}

#[test]
fn conditional_on_an_unknown_is_not_guessed() {
    let fx = Fixture::with(&[(
        "main.tf",
        &format!(
            "variable \"public\" {{}}\n\n{}",
            security_group(
                "cond",
                22,
                22,
                r#"[var.public ? "0.0.0.0/0" : "10.0.0.0/8"]"#
            )
        ),
    )]);
    fx.check_json(&[], 0);
}

#[test]
fn dynamic_ingress_over_a_map() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"variable "rules" {
  default = {
    ssh   = { port = 22, cidr = "0.0.0.0/0" }
    https = { port = 443, cidr = "0.0.0.0/0" }
    app   = { port = 8080, cidr = "10.0.0.0/8" }
  }
}

resource "aws_security_group" "dyn" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    // SSH only: 443 is a public port, 8080 is private.
    assert_eq!(brief(&doc), ["NET001 main.tf:16:22"]);
    let f = &doc["findings"][0];
    assert_eq!(f["resource"], "aws_security_group.dyn");
    let related = related(f);
    assert_eq!(
        related.first().map(String::as_str),
        Some("main.tf:3:33 default of `var.rules`"),
        "the chain starts where the CIDR was written: {related:?}"
    );
}

#[test]
fn dynamic_ingress_finding_covers_the_whole_traversal() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "dyn" {
  dynamic "ingress" {
    for_each = { ssh = "0.0.0.0/0" }
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    let range = &doc["findings"][0]["range"];
    assert_eq!(at(&doc["findings"][0]), "main.tf:8:22");
    // `ingress.value`, not just `ingress`.
    assert_eq!(range["end"]["column"], 35);
}

#[test]
fn count_zero_is_not_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "off" {
  count = 0

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 0);
    assert_eq!(summary(&doc), (1, 0, 0, 0));
}

#[test]
fn count_three_is_one_finding() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "three" {
  count = 3
  name  = "web-${count.index}"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:9:20"]);
    assert_eq!(doc["findings"][0]["resource"], "aws_security_group.three");
}

#[test]
fn count_from_a_variable_can_switch_a_resource_off() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"variable "enabled" {
  default = false
}

resource "aws_security_group" "maybe" {
  count = var.enabled ? 1 : 0

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    fx.check_json(&[], 0);
    let doc = fx.check_json(&["--var", "enabled=true"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:12:20"]);
}

#[test]
fn for_each_over_a_map() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "each" {
  for_each = { a = "0.0.0.0/0", b = "10.0.0.0/8", c = "0.0.0.0/0" }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [each.value]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    // Two open instances, one source location: one finding, on `each.value`.
    assert_eq!(brief(&doc), ["NET001 main.tf:8:20"]);
    let f = &doc["findings"][0];
    assert_eq!(f["range"]["end"]["column"], 30);
    assert!(
        f["message"].as_str().unwrap().contains("RDP (port 3389)"),
        "{f}"
    );
    assert!(
        related(f).iter().any(|r| r.starts_with("main.tf:2:20 ")),
        "the open element of for_each is in the chain: {:?}",
        related(f)
    );
}

#[test]
fn for_each_over_private_ranges_is_clean() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("each", 22, 22, "[each.value]").replace(
            "resource \"aws_security_group\" \"each\" {\n",
            "resource \"aws_security_group\" \"each\" {\n  for_each = toset([\"10.0.0.0/8\", \"192.168.0.0/16\"])\n",
        ),
    )]);
    fx.check_json(&[], 0);
}
