//! `rampart test`: a custom policy folder's `test_` rules and its `good/`
//! and `bad/` examples (issue 16). Exit 0 when all pass, 1 on a failure,
//! 2 on a broken policy or a test that cannot run; the README's five-minute
//! walkthrough runs as written; `examples/custom-policies/` passes, and
//! `rampart check` reports its bad examples.

use crate::common::{brief, rampart, repo_root, Fixture, Output};
use serde_json::Value;

const EXAMPLE: &str = "examples/custom-policies";

/// A policy folder with one policy, a test file and examples, written
/// into a fresh fixture under `.rampart/policies/app_port/`.
const POLICY: &str = r#"# METADATA
# title: App port reachable from outside the load balancer
# custom:
#   id: ACME001
#   severity: high
package rampart.custom.app_port

import rego.v1

deny contains result if {
	some r in input.resources
	r.type == "aws_security_group"
	some i, rule in r.values.ingress
	rampart.ports_overlap(rule.from_port, rule.to_port, 8000)
	some j, cidr in rule.cidr_blocks
	is_string(cidr)
	result := {
		"msg": sprintf("`%s` lets %s reach the app port 8000", [r.address, cidr]),
		"resource": r.address,
		"attribute": sprintf("ingress[%d].cidr_blocks[%d]", [i, j]),
	}
}
"#;

const TESTS: &str = r#"package rampart.custom.app_port_test

import rego.v1

import data.rampart.custom.app_port

group(cidrs) := {"resources": [{
	"address": "aws_security_group.app", "type": "aws_security_group",
	"values": {"ingress": [{"from_port": 8000, "to_port": 8000, "cidr_blocks": cidrs}]},
}]}

test_a_cidr_is_denied if {
	count(app_port.deny) == 1 with input as group(["10.0.0.0/8"])
}

test_no_cidr_no_finding if {
	count(app_port.deny) == 0 with input as group([])
}
"#;

const BAD: &str = r#"resource "aws_security_group" "app" {
  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"] # expect: ACME001
  }
}
"#;

const GOOD: &str = r#"resource "aws_security_group" "app" {
  ingress {
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}

resource "aws_security_group" "lb" {}
"#;

const DIR: &str = ".rampart/policies/app_port";

fn folder() -> Fixture {
    Fixture::with(&[
        (&format!("{DIR}/policy.rego"), POLICY),
        (&format!("{DIR}/policy_test.rego"), TESTS),
        (&format!("{DIR}/bad/office.tf"), BAD),
        (&format!("{DIR}/good/load-balancer.tf"), GOOD),
    ])
}

#[test]
fn a_passing_folder_exits_0_with_a_line_per_test() {
    let out = folder().run(&["test"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    snap!("rampart_test_pass", out.stdout);
}

#[test]
fn quiet_prints_only_what_did_not_pass() {
    let out = folder().run(&["test", "-q"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "4 tests: 4 passed, 0 failed\n");
}

#[test]
fn a_missing_and_an_unexpected_finding_fail_with_their_lines() {
    let fx = folder();
    // The marker on the wrong line, and a good example that is not.
    fx.write(
        &format!("{DIR}/bad/office.tf"),
        BAD.replace(" # expect: ACME001", "").replace(
            "protocol    = \"tcp\"",
            "protocol    = \"tcp\" # expect: ACME001",
        ),
    );
    fx.write(
        &format!("{DIR}/good/load-balancer.tf"),
        GOOD.replace(
            "security_groups = [aws_security_group.lb.id]",
            "cidr_blocks     = [\"10.0.0.0/8\"]",
        ),
    );
    let out = fx.run(&["test"]);
    out.expect_code(1);
    assert_eq!(out.stderr, "");
    snap!("rampart_test_fail", out.stdout);
}

#[test]
fn a_bad_example_without_a_marker_of_its_policies_fails() {
    let fx = folder();
    fx.write(
        &format!("{DIR}/bad/office.tf"),
        BAD.replace("# expect: ACME001", "# expect: NET002"),
    );
    let out = fx.run(&["test", "-q"]);
    out.expect_code(1);
    assert!(
        out.stdout.contains(
            "a bad example must expect a finding of ACME001: end the line where it must appear with `# expect: ACME001`"
        ),
        "{}",
        out.stdout
    );
    // NET002 is not selected in the folder's examples: its marker is
    // ignored, and the ACME001 finding on that line is unexpected.
    assert!(
        out.stdout
            .contains("bad/office.tf:6:20: ACME001 found, not expected"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_failing_test_rule_says_why_and_shows_its_prints() {
    let fx = folder();
    fx.write(
        &format!("{DIR}/policy_test.rego"),
        TESTS.replace(
            "count(app_port.deny) == 1 with input as group([\"10.0.0.0/8\"])",
            "print(\"results:\", count(app_port.deny))\n\tcount(app_port.deny) == 2 with input as group([\"10.0.0.0/8\"])",
        ),
    );
    let out = fx.run(&["test", "-q"]);
    out.expect_code(1);
    assert_eq!(
        out.stdout,
        format!(
            "FAIL  {DIR}/policy_test.rego:12: test_a_cidr_is_denied\n      \
             it is undefined: some expression in it is false or undefined\n      \
             print: {DIR}/policy_test.rego:13: results: 0\n\
             4 tests: 3 passed, 1 failed\n"
        )
    );
}

#[test]
fn a_broken_policy_is_an_error_at_its_line_and_column_exit_2() {
    let fx = folder();
    fx.write(
        &format!("{DIR}/policy.rego"),
        POLICY.replace("is_string(cidr)", "is_string(cidr"),
    );
    let out = fx.run(&["test"]);
    out.expect_code(2);
    assert_eq!(out.stderr, "");
    snap!("rampart_test_broken", out.stdout);
    let doc = fx.run(&["test", "--format", "json"]).json();
    let e = &doc["errors"][0];
    assert_eq!(e["file"], format!("{DIR}/policy.rego"));
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(17), Some(2))
    );
}

#[test]
fn an_evaluation_error_in_a_test_is_an_error_exit_2() {
    let fx = folder();
    fx.write(
        &format!("{DIR}/more_test.rego"),
        "package rampart.custom.more_test\n\nimport rego.v1\n\ntest_divides if {\n\tx := 1 / 0\n\tx > 0\n}\n",
    );
    let out = fx.run(&["test", "-q"]);
    out.expect_code(2);
    assert!(
        out.stdout.starts_with(&format!(
            "ERROR {DIR}/more_test.rego:5: test_divides\n      error: {DIR}/more_test.rego:6:"
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with("5 tests: 4 passed, 0 failed, 1 error\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_example_that_does_not_parse_is_an_error_exit_2() {
    let fx = folder();
    fx.write(
        &format!("{DIR}/good/broken.tf"),
        "resource \"aws_s3_bucket\" {\n",
    );
    let out = fx.run(&["test", "-q"]);
    out.expect_code(2);
    assert!(
        out.stdout.starts_with(&format!(
            "ERROR {DIR}/good/broken.tf\n      error: {DIR}/good/broken.tf:"
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn a_module_example_is_checked_with_its_tfvars_and_sidecar_markers() {
    let fx = folder();
    let module = format!("{DIR}/bad/from-tfvars");
    fx.write(
        &format!("{module}/main.tf"),
        "variable \"debug\" {}\n\nresource \"aws_security_group\" \"app\" {\n  ingress {\n    from_port   = 8000\n    to_port     = 8000\n    protocol    = \"tcp\"\n    cidr_blocks = [var.debug]\n  }\n}\n",
    );
    fx.write(
        &format!("{module}/terraform.tfvars"),
        "debug = \"0.0.0.0/0\"\n",
    );
    fx.write(&format!("{module}/main.tf.expect"), "8 ACME001\n");
    let out = fx.run(&["test", "-q"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "5 tests: 5 passed, 0 failed\n");
    // Without the tfvars the value is unknown: the marker is not met.
    fx.remove(&format!("{module}/terraform.tfvars"));
    let out = fx.run(&["test", "-q"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .contains(&format!("{module}/main.tf:8: ACME001 expected, not found")),
        "{}",
        out.stdout
    );
}

#[test]
fn a_path_names_one_folder_and_json_lists_every_test() {
    let fx = folder();
    fx.write(
        ".rampart/policies/other/policy.rego",
        POLICY
            .replace("ACME001", "ACME002")
            .replace("app_port", "other"),
    );
    let out = fx.run(&["test", DIR, "--format", "json"]);
    out.expect_code(0);
    snap!("rampart_test_json", out.stdout);
}

#[test]
fn nothing_to_test_is_an_error() {
    let fx = Fixture::with(&[("main.tf", "")]);
    let out = fx.run(&["test"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("no custom policies to test"),
        "{}",
        out.stderr
    );
    let fx = Fixture::with(&[(".rampart/policies/p.rego", POLICY)]);
    let out = fx.run(&["test"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("no tests found in .rampart/policies"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout
            .contains("note: no good/ or bad/ examples next to the policy of ACME001"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_examples_folder_passes() {
    let out = rampart(&repo_root().join(EXAMPLE), &["test"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    snap!("rampart_test_examples", out.stdout);
}

#[test]
fn rampart_check_reports_the_examples_bad_folders() {
    let out = rampart(&repo_root(), &["check", EXAMPLE, "--format", "json"]);
    out.expect_code(1);
    let doc = out.json();
    let custom: Vec<String> = brief(&doc)
        .into_iter()
        .filter(|f| f.starts_with("ACME"))
        .collect();
    let dir = format!("{EXAMPLE}/policies");
    assert_eq!(
        custom,
        [
            format!("ACME001 {dir}/acme001_app_port/bad/around-the-load-balancer.tf:35:7"),
            format!("ACME001 {dir}/acme001_app_port/bad/around-the-load-balancer.tf:36:7"),
            format!("ACME001 {dir}/acme001_app_port/bad/around-the-load-balancer.tf:45:24"),
            format!("ACME001 {dir}/acme001_app_port/bad/rules-from-tfvars/main.tf:13:23"),
            format!("ACME001 {dir}/acme001_app_port/bad/rules-from-tfvars/main.tf:21:23"),
            format!("ACME001 {dir}/acme001_app_port/bad/uvicorn-open-to-the-world.tf:20:20"),
            format!("ACME002 {dir}/acme002_bucket_tls/bad/bucket-without-policy.tf:2:1"),
            format!("ACME002 {dir}/acme002_bucket_tls/bad/deny-for-one-role-only.tf:33:12"),
            format!("ACME002 {dir}/acme002_bucket_tls/bad/uploads-without-tls-deny.tf:9:12"),
            format!("ACME003 {dir}/acme003_ci_trust/bad/account-from-a-variable/main.tf:9:22"),
            format!("ACME003 {dir}/acme003_ci_trust/bad/anyone.tf:11:30"),
            format!("ACME003 {dir}/acme003_ci_trust/bad/partner-account.tf:15:13"),
        ]
    );
    // Nothing from the good examples, and no error.
    assert!(
        !brief(&doc).iter().any(|f| f.contains("/good/")),
        "{:?}",
        brief(&doc)
    );
    assert_eq!(doc["errors"], Value::Array(Vec::new()));
    // The variable's value is followed to terraform.tfvars.
    let from_tfvars = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ACME003")
        .unwrap();
    assert_eq!(
        crate::common::related(from_tfvars),
        [format!("{dir}/acme003_ci_trust/bad/account-from-a-variable/terraform.tfvars:1:20 `var.deployer_account` set in terraform.tfvars")]
    );
}

/// The README's *Your own rules* section, run as written: each code block
/// after a line "`PATH`:" is that file; each `$ rampart …` line of a
/// `console` block is run and its output must be the lines under it.
#[test]
fn the_readme_walkthrough_runs_as_written() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme.find("\n## Your own rules\n").expect("the section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    let fx = Fixture::new();
    let mut lines = section.lines().peekable();
    let mut previous = "";
    let (mut files, mut commands) = (0, 0);
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```").filter(|l| !l.is_empty()) {
            let mut body = Vec::new();
            for l in lines.by_ref() {
                if l == "```" {
                    break;
                }
                body.push(l);
            }
            if lang == "console" {
                let mut i = 0;
                while i < body.len() {
                    let command = body[i].strip_prefix("$ ").expect("a `$ ` command");
                    let mut expected = Vec::new();
                    i += 1;
                    while i < body.len() && !body[i].starts_with("$ ") {
                        expected.push(body[i]);
                        i += 1;
                    }
                    let args: Vec<&str> = command.split_whitespace().collect();
                    assert_eq!(args[0], "rampart", "{command}");
                    let out: Output = fx.run(&args[1..]);
                    assert_eq!(out.stderr, "", "{command}");
                    let got: Vec<&str> = out.stdout.lines().map(str::trim_end).collect();
                    let want: Vec<&str> = expected.iter().map(|l| l.trim_end()).collect();
                    assert_eq!(
                        got, want,
                        "`{command}` prints what the README shows:\n{}",
                        out.stdout
                    );
                    commands += 1;
                }
            } else if let Some(path) = previous
                .strip_prefix('`')
                .and_then(|p| p.strip_suffix("`:"))
            {
                fx.write(path, body.join("\n") + "\n");
                files += 1;
            }
        }
        if !line.trim().is_empty() {
            previous = line;
        }
    }
    assert_eq!((files, commands), (5, 2));
}
