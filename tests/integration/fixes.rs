//! `rampart check --fix`, `--diff`, `--unsafe-fixes` and
//! `--add-suppressions`: each fix is applied by the binary to a fixture
//! tree, and the tree checked again: the fixed findings are gone, every
//! other finding is still there, word for word, and nothing new appears
//! (the files still parse and evaluate the same elsewhere).

use crate::common::{summary, Fixture, Output};
use serde_json::Value;

/// A module with a finding of each fixable kind, findings whose fix is
/// unsafe, one whose value is computed (no fix), and one no rule fixes.
const MAIN: &str = r#"variable "policy" {
  type = string
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}

resource "aws_lb_listener" "api" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = var.policy
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  aliases = ["www.example.com"]

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    minimum_protocol_version = "TLSv1.1_2016"
    ssl_support_method       = "sni-only"
  }
}

resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_policy" "admin" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"#;

const TFVARS: &str = "policy = \"ELBSecurityPolicy-TLS-1-1-2017-01\"\n";
const CONFIG: &str = "[network]\ntrusted_cidrs = [\"203.0.113.0/24\"]\n";

fn fixture() -> Fixture {
    Fixture::with(&[
        ("main.tf", MAIN),
        ("terraform.tfvars", TFVARS),
        ("rampart.toml", CONFIG),
    ])
}

/// Each finding as `RULE file resource: message` (no line: a fix may move
/// the lines after it), in report order.
fn findings(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}: {}",
                f["rule"].as_str().unwrap_or("?"),
                f["file"].as_str().unwrap_or("?"),
                f["resource"].as_str().unwrap_or("?"),
                f["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

/// Check the fixture, run `rampart check ARGS` on it, check it again: the
/// findings `fixed` names (`RULE file resource`) are gone, every other one is as it was, and
/// the files still parse (no errors). The fixing run's output.
#[track_caller]
fn fix_and_compare(fx: &Fixture, args: &[&str], fixed: &[&str]) -> Output {
    let before = fx.check_json(&[], 1);
    assert_eq!(summary(&before).3, 0, "no errors before");
    let expected: Vec<String> = findings(&before)
        .into_iter()
        .filter(|f| !fixed.iter().any(|c| f.starts_with(&format!("{c}: "))))
        .collect();
    assert!(
        expected.len() < findings(&before).len(),
        "the fixture has {fixed:?} findings to fix"
    );
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = fx.run(&all);
    let after = fx.check_json(&[], if expected.is_empty() { 0 } else { 1 });
    assert_eq!(
        summary(&after).3,
        0,
        "the fixed files still parse: {after:#}"
    );
    assert_eq!(findings(&after), expected);
    out
}

fn read(fx: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(fx.path().join(rel)).unwrap()
}

#[test]
fn fix_applies_only_the_safe_fixes() {
    let fx = fixture();
    let out = fix_and_compare(
        &fx,
        &["--fix"],
        &[
            "TLS002 main.tf aws_lb_listener.https",
            "TLS004 main.tf aws_cloudfront_distribution.cdn",
        ],
    );
    // TLS002 on the literal is fixed, the one through `var.policy` is not
    // (its value is a reference, not a literal to replace).
    let main = read(&fx, "main.tf");
    assert!(main.contains("ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\""));
    assert!(main.contains("ssl_policy        = var.policy"));
    assert!(main.contains("minimum_protocol_version = \"TLSv1.2_2021\""));
    assert_eq!(read(&fx, "terraform.tfvars"), TFVARS);
    assert_eq!(out.code, 1, "findings remain: {}", out.stderr);
    assert!(
        out.stderr
            .contains("Fixed 2 findings (4 remaining); 2 more fixable with --unsafe-fixes"),
        "{}",
        out.stderr
    );
    // Nothing is left to fix.
    fx.run(&["check", "--diff"]).expect_code(0);
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let fx = fixture();
    let out = fix_and_compare(
        &fx,
        &["--fix", "--unsafe-fixes", "-q"],
        &[
            "TLS002 main.tf aws_lb_listener.https",
            "TLS004 main.tf aws_cloudfront_distribution.cdn",
            "TLS001 main.tf aws_lb_listener.http",
            "NET001 main.tf aws_security_group.ssh",
        ],
    );
    assert!(out.stderr.is_empty(), "-q: no summary: {}", out.stderr);
    let main = read(&fx, "main.tf");
    assert!(main.contains("    cidr_blocks = [\"203.0.113.0/24\"]\n"));
    assert!(main.contains(
        "  default_action {\n    type = \"redirect\"\n\n    redirect {\n      port        = \"443\"\n      protocol    = \"HTTPS\"\n      status_code = \"HTTP_301\"\n    }\n  }\n"
    ));
}

#[test]
fn diff_writes_nothing_and_exits_1() {
    let fx = fixture();
    let out = fx.run(&["check", "--diff"]);
    out.expect_code(1);
    assert_eq!(read(&fx, "main.tf"), MAIN, "--diff writes nothing");
    assert!(
        out.stdout.starts_with("--- main.tf\n+++ main.tf\n@@ "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(
        "-  ssl_policy        = \"ELBSecurityPolicy-2016-08\"\n+  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n"
    ));
    assert!(
        !out.stdout.contains("203.0.113.0/24"),
        "unsafe fixes are not shown"
    );
    assert!(
        out.stderr.contains("Would fix 2 findings (4 remaining)"),
        "{}",
        out.stderr
    );
    let unsafe_diff = fx.run(&["check", "--diff", "--unsafe-fixes"]);
    assert!(unsafe_diff
        .stdout
        .contains("+    cidr_blocks = [\"203.0.113.0/24\"]\n"));
    assert_eq!(read(&fx, "main.tf"), MAIN);
}

#[test]
fn add_suppressions_for_what_is_left() {
    let fx = fixture();
    let before = fx.check_json(&[], 1);
    let n = findings(&before).len();
    let out = fx.run(&[
        "check",
        "--fix",
        "--add-suppressions",
        "accepted in review (SEC-7)",
    ]);
    out.expect_code(0);
    let after = fx.check_json(&[], 0);
    assert_eq!(summary(&after).1, 0);
    assert_eq!(summary(&after).3, 0, "still parses");
    assert_eq!(
        summary(&after).2 as usize,
        n - 2,
        "the two fixed are not suppressed"
    );
    let main = read(&fx, "main.tf");
    assert!(main.contains(
        "    # rampart:ignore NET001 reason: accepted in review (SEC-7)\n    cidr_blocks = [\"0.0.0.0/0\"]\n"
    ));
    assert!(
        out.stderr
            .contains("Fixed 2 findings, suppressed 4 (0 remaining)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_reason_must_read_back_as_written() {
    let fx = fixture();
    for bad in ["", "fine # really", "later expires: 2020-01-01"] {
        let out = fx.run(&["check", "--add-suppressions", bad]);
        out.expect_code(2);
    }
    assert_eq!(read(&fx, "main.tf"), MAIN);
}

#[test]
fn only_files_inside_the_checked_tree_are_written() {
    // The module is called from `app/`, which is what is checked: the
    // module's files are read (they are in the same repository), and not
    // changed.
    let module = MAIN.replace("variable \"policy\"", "variable \"unused\"");
    let module = module.replace("var.policy", "\"ELBSecurityPolicy-2016-08\"");
    let fx = Fixture::with(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("modules/lb/main.tf", &module),
        (
            "app/main.tf",
            "module \"lb\" {\n  source = \"../modules/lb\"\n}\n",
        ),
    ]);
    let before = fx.check_json(&["app"], 1);
    assert!(findings(&before)
        .iter()
        .any(|f| f.starts_with("TLS002 modules/lb/main.tf")));
    let out = fx.run(&["check", "--fix", "app"]);
    out.expect_code(1);
    assert_eq!(read(&fx, "modules/lb/main.tf"), module);
    assert!(out.stderr.contains("Fixed 0 findings"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn never_through_a_symbolic_link() {
    // The link leads inside the repository, so it is checked, and its
    // findings are fixable; but a fix is never written through it.
    let fx = Fixture::with(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("real/main.tf", MAIN),
        ("app/rampart.toml", CONFIG),
    ]);
    std::os::unix::fs::symlink(
        fx.path().join("real/main.tf"),
        fx.path().join("app/main.tf"),
    )
    .unwrap();
    let before = fx.check_json(&["app"], 1);
    assert!(
        findings(&before)
            .iter()
            .any(|f| f.starts_with("TLS002 app/main.tf aws_lb_listener.https")),
        "{before:#}"
    );
    let out = fx.run(&["check", "--fix", "--unsafe-fixes", "app"]);
    out.expect_code(1);
    assert_eq!(read(&fx, "real/main.tf"), MAIN);
    assert!(std::fs::symlink_metadata(fx.path().join("app/main.tf"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(out.stderr.contains("Fixed 0 findings"), "{}", out.stderr);
}

#[test]
fn stdin_cannot_be_fixed() {
    let fx = fixture();
    let out = fx.run(&["check", "--fix", "--stdin-filename", "main.tf", "-"]);
    out.expect_code(2);
    assert!(out.stderr.contains("stdin"), "{}", out.stderr);
}
