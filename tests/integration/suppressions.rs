//! `rampart:ignore` comments.

use crate::common::{brief, brief_list, summary, Fixture};
use serde_json::json;

/// SSH open to the internet, with `comment` on its own line directly above
/// the ingress block (line 4). The finding sits at main.tf:9:20.
fn bastion_with_comment_above(comment: &str) -> Fixture {
    Fixture::with(&[(
        "main.tf",
        &format!(
            r#"resource "aws_security_group" "bastion" {{
  name = "bastion"

  {comment}
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
"#
        ),
    )])
}

#[test]
fn own_line_comment_hides_the_block() {
    let fx = bastion_with_comment_above("# rampart:ignore NET001 reason: bastion");
    let out = fx.run(&["check"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file; 1 suppressed.\n");

    let doc = fx.check_json(&[], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(summary(&doc), (1, 0, 1, 0));
    assert!(
        doc.get("suppressed").is_none(),
        "no suppressed array without --show-suppressed: {doc}"
    );
}

#[test]
fn show_suppressed_lists_it() {
    let fx = bastion_with_comment_above("# rampart:ignore NET001 reason: bastion");
    let out = fx.run(&["check", "--show-suppressed"]);
    out.expect_code(0);
    assert!(
        out.stdout.contains("Note: suppressed: bastion"),
        "{}",
        out.stdout
    );
    snap!("show_suppressed_pretty", out.stdout);

    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(brief_list(&doc["suppressed"]), ["NET001 main.tf:9:20"]);
    assert_eq!(
        doc["suppressed"][0]["suppression"],
        json!({"reason": "bastion", "codes": ["NET001"]})
    );
    assert_eq!(summary(&doc), (1, 0, 1, 0));
}

#[test]
fn wrong_code_hides_nothing() {
    let fx = bastion_with_comment_above("# rampart:ignore NET002 reason: not this one");
    // `--select NET`: the unused comment's own RMP002 is governance.rs's business.
    let doc = fx.check_json(&["--show-suppressed", "--select", "NET"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:9:20"]);
    assert_eq!(doc["suppressed"], json!([]));
    assert_eq!(summary(&doc), (1, 1, 0, 0));
}

#[test]
fn rule_name_works_like_its_code() {
    let fx = bastion_with_comment_above("# rampart:ignore admin-port-open-to-internet");
    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(
        doc["suppressed"][0]["suppression"],
        json!({"reason": null, "codes": ["admin-port-open-to-internet"]})
    );
}

#[test]
fn double_slash_comment() {
    let fx = bastion_with_comment_above("// rampart:ignore NET001 reason: jump host");
    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(summary(&doc), (1, 0, 1, 0));
    assert_eq!(doc["suppressed"][0]["suppression"]["reason"], "jump host");
}

#[test]
fn other_comment_lines_may_sit_in_between() {
    let fx = bastion_with_comment_above(
        "# rampart:ignore NET001 reason: bastion\n  # SSH for the on-call engineer",
    );
    let doc = fx.check_json(&[], 0);
    assert_eq!(summary(&doc), (1, 0, 1, 0));
}

#[test]
fn end_of_line_comment() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001
  }
}

resource "aws_security_group" "demo" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] // rampart:ignore NET001 reason: demo
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(
        brief_list(&doc["suppressed"]),
        ["NET001 main.tf:6:20", "NET001 main.tf:15:20"]
    );
    assert_eq!(doc["suppressed"][0]["suppression"]["reason"], json!(null));
    assert_eq!(doc["suppressed"][1]["suppression"]["reason"], "demo");
}

#[test]
fn end_of_line_comment_hides_only_its_code() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "legacy" {
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001 reason: SSH via port knocking
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--show-suppressed", "--select", "NET"], 1);
    assert_eq!(brief(&doc), ["NET002 main.tf:6:20"]);
    assert_eq!(brief_list(&doc["suppressed"]), ["NET001 main.tf:6:20"]);
    assert_eq!(summary(&doc), (1, 1, 1, 0));
    let out = fx.run(&["check", "--select", "NET"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .ends_with("Found 1 finding (1 high) in 1 file; 1 suppressed.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn several_codes_in_one_comment() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "legacy" {
  # rampart:ignore NET001,NET002 reason: legacy mail relay
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--show-suppressed", "--select", "NET"], 0);
    assert_eq!(
        brief_list(&doc["suppressed"]),
        ["NET001 main.tf:7:20", "NET002 main.tf:7:20"]
    );
    assert_eq!(
        doc["suppressed"][0]["suppression"]["codes"],
        json!(["NET001", "NET002"])
    );
}

#[test]
fn comment_above_a_different_block_hides_nothing_here() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "bastion" {
  # rampart:ignore NET001 reason: only the first block
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:14:20"]);
    assert_eq!(summary(&doc), (1, 1, 1, 0));
}

/// Checkov's, tfsec's and Trivy's suppression comments hide the rampart
/// rule their ID maps to (the README's equivalent IDs), with the scope of a
/// `rampart:ignore` comment, and no RMP finding is made about them.
#[test]
fn peer_tools_comments_hide_the_rules_they_map_to() {
    for comment in [
        "#checkov:skip=CKV_AWS_24:bastion",
        "# trivy:ignore:AVD-AWS-0107",
        "#tfsec:ignore:aws-ec2-no-public-ingress-sgr",
    ] {
        let fx = bastion_with_comment_above(comment);
        let doc = fx.check_json(&["--show-suppressed"], 0);
        assert_eq!(brief(&doc), Vec::<String>::new(), "{comment}");
        assert_eq!(
            brief_list(&doc["suppressed"]),
            ["NET001 main.tf:9:20"],
            "{comment}"
        );
    }
    // An ID of another rule hides nothing, and is no RMP002 or RMP004.
    let fx = bastion_with_comment_above("#checkov:skip=CKV_AWS_277");
    let doc = fx.check_json(&["--select", "NET,RMP"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:9:20"]);
}
