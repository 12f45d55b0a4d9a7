//! What CI and hooks rely on: exit-code gates, suppression governance
//! (expiry, unused, reasons, unknown codes: RMP001 to RMP004), whole-file
//! suppressions in `rampart.toml`, baselines, and checking text from stdin.

use crate::common::{brief, brief_list, security_group, summary, Fixture, Output};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// SSH (NET001, critical) open to the internet.
fn ssh_open() -> String {
    security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#)
}

/// Port 8000 (NET002, high) open to the internet.
fn app_port_open() -> String {
    security_group("app", 8000, 8000, r#"["0.0.0.0/0"]"#)
}

/// SSH open to the internet, with `comment` on its own line directly above
/// the ingress block (line 2); the finding sits at main.tf:7:20.
fn ssh_with_comment(comment: &str) -> String {
    format!(
        r#"resource "aws_security_group" "bastion" {{
  {comment}
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
"#
    )
}

/// SSH from a private range: nothing to report.
fn ssh_private_with_comment(comment: &str) -> String {
    ssh_with_comment(comment).replace("0.0.0.0/0", "10.8.0.0/16")
}

fn messages(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or("?"),
                f["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

// ---------------------------------------------------------------- exit codes

#[test]
fn findings_fail_by_default() {
    let fx = Fixture::with(&[("main.tf", &app_port_open())]);
    let out = fx.run(&["check"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .ends_with("Found 1 finding (1 high) in 1 file.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn no_findings_exit_zero() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("app", 443, 443, r#"["0.0.0.0/0"]"#),
    )]);
    fx.run(&["check"]).expect_code(0);
}

#[test]
fn fail_on_is_a_severity_threshold() {
    // One high finding (NET002).
    let fx = Fixture::with(&[("main.tf", &app_port_open())]);
    fx.run(&["check", "--fail-on", "critical"]).expect_code(0);
    fx.run(&["check", "--fail-on", "high"]).expect_code(1);
    fx.run(&["check", "--fail-on", "medium"]).expect_code(1);
    fx.run(&["check", "--fail-on", "low"]).expect_code(1);
    // Findings below the threshold are still reported.
    let doc = fx.check_json(&["--fail-on", "critical"], 0);
    assert_eq!(brief(&doc), ["NET002 main.tf:6:20"]);
    // A severity override in the config moves it across the threshold.
    fx.write(
        "rampart.toml",
        "[rules]\nseverity = { NET002 = \"critical\" }\n",
    );
    fx.run(&["check", "--fail-on", "critical"]).expect_code(1);
}

#[test]
fn fail_on_counts_the_worst_finding() {
    let fx = Fixture::with(&[("main.tf", &format!("{}\n{}", ssh_open(), app_port_open()))]);
    fx.run(&["check", "--fail-on", "critical"]).expect_code(1);
}

#[test]
fn bad_fail_on_value_is_a_usage_error() {
    let fx = Fixture::with(&[("main.tf", &app_port_open())]);
    let out = fx.run(&["check", "--fail-on", "severe"]);
    out.expect_code(2);
    assert!(out.stderr.contains("severe"), "{}", out.stderr);
}

#[test]
fn exit_zero_never_fails_on_findings() {
    let fx = Fixture::with(&[("main.tf", &ssh_open())]);
    let out = fx.run(&["check", "--exit-zero"]);
    out.expect_code(0);
    assert!(out.stdout.contains("NET001"), "{}", out.stdout);
    fx.run(&["check", "--exit-zero", "--fail-on", "low"])
        .expect_code(0);
}

#[test]
fn errors_exit_2_whatever_the_gates() {
    let fx = Fixture::with(&[
        ("main.tf", &ssh_open()),
        ("broken.tf", "variable \"x\" {\n  default = = 1\n}\n"),
    ]);
    for args in [
        &["check"][..],
        &["check", "--exit-zero"],
        &["check", "--fail-on", "critical"],
        &["check", "--select", "TLS"],
    ] {
        fx.run(args).expect_code(2);
    }
    // The readable file's findings are still reported.
    let doc = fx.check_json(&["--exit-zero"], 2);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20"]);
}

#[test]
fn config_errors_exit_2() {
    let fx = Fixture::with(&[
        ("main.tf", &ssh_open()),
        (
            "rampart.toml",
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a/[b\"]\n",
        ),
    ]);
    let out = fx.run(&["check", "--exit-zero"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("invalid glob `a/[b` in `suppress.paths`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("rampart.toml:3:10"), "{}", out.stderr);
}

// ------------------------------------------------------------ RMP001: expiry

#[test]
fn expired_comment_hides_nothing_and_is_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment(
            "# rampart:ignore NET001 reason: VPN migration (OPS-12) expires: 2020-01-01",
        ),
    )]);
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["RMP001 main.tf:2:3", "NET001 main.tf:7:20"]);
    assert_eq!(
        messages(&doc)[0],
        "RMP001 `rampart:ignore NET001` expired on 2020-01-01 and no longer hides anything; the finding it hid is reported again"
    );
    let rmp = &doc["findings"][0];
    assert_eq!(rmp["severity"], "medium");
    assert_eq!(rmp["name"], "expired-suppression");
    assert_eq!(rmp["resource"], "aws_security_group.bastion");
    assert_eq!(
        crate::common::related(rmp),
        ["main.tf:7:20 hidden until 2020-01-01"]
    );
    assert_eq!(doc["suppressed"], json!([]));
    assert_eq!(summary(&doc), (1, 2, 0, 0));
}

#[test]
fn not_yet_expired_comment_hides() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NET001 expires: 2999-12-31 reason: VPN migration"),
    )]);
    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(brief_list(&doc["suppressed"]), ["NET001 main.tf:7:20"]);
    assert_eq!(
        doc["suppressed"][0]["suppression"]["reason"],
        "VPN migration"
    );
}

#[test]
fn expired_suppression_pretty() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment(
            "# rampart:ignore NET001 reason: VPN migration (OPS-12) expires: 2020-01-01",
        ),
    )]);
    let out = fx.run(&["check"]);
    out.expect_code(1);
    snap!("expired_suppression_pretty", out.stdout);
}

#[test]
fn governance_findings_obey_rule_selection() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NET001 reason: VPN migration expires: 2020-01-01"),
    )]);
    // Expired means expired: the finding is back even when RMP001 is off.
    let doc = fx.check_json(&["--ignore", "RMP001"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:7:20"]);
    let doc = fx.check_json(&["--select", "RMP"], 1);
    assert_eq!(brief(&doc), ["RMP001 main.tf:2:3"]);
    fx.write(
        "rampart.toml",
        "[rules]\nignore = [\"RMP\"]\nseverity = {}\n",
    );
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:7:20"]);
    fx.write(
        "rampart.toml",
        "[rules]\nseverity = { RMP001 = \"critical\" }\n",
    );
    let doc = fx.check_json(&["--select", "RMP"], 1);
    assert_eq!(doc["findings"][0]["severity"], "critical");
}

#[test]
fn a_suppression_above_hides_a_finding_about_a_suppression() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment(
            "# rampart:ignore RMP001 reason: renewal pending in OPS-13\n  # rampart:ignore NET001 reason: VPN migration expires: 2020-01-01",
        ),
    )]);
    // The expired comment stops hiding NET001; its RMP001 is hidden by the
    // line above, which is therefore in use.
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:8:20"]);
    assert_eq!(brief_list(&doc["suppressed"]), ["RMP001 main.tf:3:3"]);
}

// ------------------------------------------------------------ RMP002: unused

#[test]
fn unused_comment_is_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_private_with_comment("# rampart:ignore NET001 reason: jump host"),
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["RMP002 main.tf:2:3"]);
    assert_eq!(doc["findings"][0]["severity"], "low");
    assert_eq!(
        messages(&doc),
        ["RMP002 `rampart:ignore NET001` hides no finding"]
    );
    // Low: below a CI gate at medium.
    fx.run(&["check", "--fail-on", "medium"]).expect_code(0);
    // Not judged for a rule that did not run.
    fx.check_json(&["--select", "RMP,IAM"], 0);
    fx.check_json(&["--ignore", "RMP002"], 0);
}

#[test]
fn partly_used_comment_names_the_unused_codes() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NET001, NET002 reason: jump host"),
    )]);
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["RMP002 main.tf:2:3"]);
    assert_eq!(
        messages(&doc),
        ["RMP002 NET002 in `rampart:ignore NET001, NET002` hides no finding (NET001 still does)"]
    );
    assert_eq!(brief_list(&doc["suppressed"]), ["NET001 main.tf:7:20"]);
}

#[test]
fn unused_code_next_to_a_code_not_judged_names_no_other() {
    // TLS001 did not run (`--select`), so it is neither used nor unused:
    // the message names only NET001, with no empty "( still does)".
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_private_with_comment("# rampart:ignore NET001, TLS001 reason: jump host"),
    )]);
    let doc = fx.check_json(&["--select", "NET,RMP"], 1);
    assert_eq!(brief(&doc), ["RMP002 main.tf:2:3"]);
    assert_eq!(
        messages(&doc),
        ["RMP002 NET001 in `rampart:ignore NET001, TLS001` hides no finding"]
    );
}

#[test]
fn comment_covering_nothing_is_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NET001 reason: jump host\n"),
    )]);
    // The blank line detaches the comment: NET001 is not hidden.
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["RMP002 main.tf:2:3", "NET001 main.tf:8:20"]);
    assert!(messages(&doc)[0].contains("covers nothing"), "{doc}");
}

#[test]
fn an_unused_suppression_of_rmp002_is_reported_once() {
    let fx = Fixture::with(&[(
        "main.tf",
        "locals {\n  port = 22 # rampart:ignore RMP002 reason: keep\n}\n",
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["RMP002 main.tf:2:13"]);
}

#[test]
fn unused_is_not_judged_in_a_module_with_syntax_errors() {
    // A broken file can hide what the suppression was for (a variable, a
    // whole resource): the rest of its module is not judged either.
    let fx = Fixture::with(&[
        (
            "app/main.tf",
            &ssh_private_with_comment("# rampart:ignore NET001 reason: jump host"),
        ),
        ("app/broken.tf", "variable \"x\" {\n  default = = 1\n}\n"),
        (
            "web/main.tf",
            &ssh_private_with_comment("# rampart:ignore NET001 reason: jump host"),
        ),
    ]);
    let doc = fx.check_json(&[], 2);
    assert_eq!(brief(&doc), ["RMP002 web/main.tf:2:3"]);
}

// --------------------------------------------------- RMP003 and RMP004

#[test]
fn require_reason() {
    let fx = Fixture::with(&[
        ("main.tf", &ssh_with_comment("# rampart:ignore NET001")),
        ("rampart.toml", "[suppressions]\nrequire_reason = true\n"),
    ]);
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["RMP003 main.tf:2:3"]);
    assert_eq!(
        messages(&doc),
        ["RMP003 `rampart:ignore NET001` gives no reason"]
    );
    // The suppression still hides its finding.
    assert_eq!(brief_list(&doc["suppressed"]), ["NET001 main.tf:7:20"]);
    fx.write("rampart.toml", "[suppressions]\nrequire_reason = false\n");
    fx.check_json(&[], 0);
}

#[test]
fn unknown_code_is_reported() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NETT001 reason: jump host"),
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["RMP004 main.tf:2:3", "NET001 main.tf:7:20"]);
    assert_eq!(
        messages(&doc)[0],
        "RMP004 `rampart:ignore NETT001` names unknown rule `NETT001`"
    );
    assert_eq!(doc["findings"][0]["fix"], "did you mean `NET001`?");
}

#[test]
fn a_bad_date_hides_nothing() {
    let fx = Fixture::with(&[(
        "main.tf",
        &ssh_with_comment("# rampart:ignore NET001 reason: jump host expires: 31/03/2027"),
    )]);
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["RMP004 main.tf:2:3", "NET001 main.tf:7:20"]);
    assert!(messages(&doc)[0].contains("`expires: 31/03/2027`"), "{doc}");
}

// --------------------------------------------------------- [[suppress]]

/// `bastion/` and `web/` both open SSH; the config hides NET001 in
/// `bastion/` only.
fn two_modules(entry: &str) -> Fixture {
    Fixture::with(&[
        ("bastion/main.tf", &ssh_open()),
        ("web/main.tf", &ssh_open()),
        ("rampart.toml", entry),
    ])
}

const BASTION_ENTRY: &str = r#"[[suppress]]
rule = "NET001"
paths = ["bastion/**"]
reason = "jump host, key-only auth (SEC-142)"
"#;

#[test]
fn config_suppression_hides_a_module() {
    let fx = two_modules(BASTION_ENTRY);
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["NET001 web/main.tf:6:20"]);
    assert_eq!(
        brief_list(&doc["suppressed"]),
        ["NET001 bastion/main.tf:6:20"]
    );
    assert_eq!(
        doc["suppressed"][0]["suppression"],
        json!({"reason": "jump host, key-only auth (SEC-142)", "codes": ["NET001"]})
    );
    assert_eq!(summary(&doc), (2, 1, 1, 0));

    let out = fx.run(&["check", "--show-suppressed"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .contains("Note: suppressed: jump host, key-only auth (SEC-142)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with("Found 1 finding (1 critical) in 2 files; 1 suppressed.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn config_suppression_by_prefix_and_directory() {
    let fx = two_modules(
        "[[suppress]]\nrule = \"NET\"\npaths = [\"bastion\", \"web/main.tf\"]\nreason = \"lab\"\n",
    );
    let doc = fx.check_json(&["--show-suppressed"], 0);
    assert_eq!(
        brief_list(&doc["suppressed"]),
        ["NET001 bastion/main.tf:6:20", "NET001 web/main.tf:6:20"]
    );
}

#[test]
fn config_paths_are_relative_to_the_config_file() {
    let fx = Fixture::with(&[
        ("infra/bastion/main.tf", &ssh_open()),
        ("infra/rampart.toml", BASTION_ENTRY),
    ]);
    // Run from above the config's directory, and from inside it.
    let doc = fx.check_json(&["infra"], 0);
    assert_eq!(summary(&doc), (1, 0, 1, 0));
    let out = crate::common::rampart(&fx.path().join("infra"), &["check", "--format", "json"]);
    out.expect_code(0);
    assert_eq!(summary(&out.json()), (1, 0, 1, 0));
    // `--config` elsewhere: paths are relative to that file.
    fx.write("other/rampart.toml", BASTION_ENTRY);
    let doc = fx.check_json(&["--config", "other/rampart.toml", "infra"], 1);
    assert_eq!(brief(&doc), ["NET001 infra/bastion/main.tf:6:20"]);
}

#[test]
fn expired_config_suppression_is_reported_in_the_config() {
    let fx = two_modules(&format!("{BASTION_ENTRY}expires = \"2020-01-01\"\n"));
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        brief(&doc),
        [
            "NET001 bastion/main.tf:6:20",
            "RMP001 rampart.toml:5:11",
            "NET001 web/main.tf:6:20"
        ]
    );
    assert_eq!(
        messages(&doc)[1],
        "RMP001 `[[suppress]]` entry for `NET001` expired on 2020-01-01 and no longer hides anything; the finding it hid is reported again"
    );
    assert_eq!(
        crate::common::related(&doc["findings"][1]),
        ["bastion/main.tf:6:20 hidden until 2020-01-01"]
    );
    let out = fx.run(&["check", "--select", "RMP"]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("╭─[ rampart.toml:5:11 ]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("expires = \"2020-01-01\""),
        "{}",
        out.stdout
    );

    // A TOML date works the same; one in the future hides.
    fx.write(
        "rampart.toml",
        format!("{BASTION_ENTRY}expires = 2999-12-31\n"),
    );
    let doc = fx.check_json(&[], 1);
    assert_eq!(brief(&doc), ["NET001 web/main.tf:6:20"]);
}

#[test]
fn unused_config_suppression_is_reported_when_the_run_covers_its_directory() {
    let fx = two_modules(&format!(
        "{BASTION_ENTRY}\n[[suppress]]\nrule = \"IAM\"\npaths = [\"legacy/**\"]\nreason = \"old\"\n"
    ));
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        brief(&doc),
        ["RMP002 rampart.toml:6:1", "NET001 web/main.tf:6:20"]
    );
    assert_eq!(
        messages(&doc)[0],
        "RMP002 `[[suppress]]` entry for `IAM` hides no finding"
    );
    // Checking one module (as pre-commit does) cannot tell.
    let doc = fx.check_json(&["web"], 1);
    assert_eq!(brief(&doc), ["NET001 web/main.tf:6:20"]);
    let doc = fx.check_json(&["web/main.tf"], 1);
    assert_eq!(brief(&doc), ["NET001 web/main.tf:6:20"]);
    // Nor when its rules did not run.
    let doc = fx.check_json(&["--select", "NET,RMP"], 1);
    assert_eq!(brief(&doc), ["NET001 web/main.tf:6:20"]);
}

#[test]
fn config_suppression_without_reason() {
    let fx = two_modules(
        "[suppressions]\nrequire_reason = true\n\n[[suppress]]\nrule = \"NET001\"\npaths = [\"bastion/**\"]\n",
    );
    let doc = fx.check_json(&[], 1);
    assert_eq!(
        brief(&doc),
        ["RMP003 rampart.toml:4:1", "NET001 web/main.tf:6:20"]
    );
}

#[test]
fn comment_and_config_suppressions_together() {
    let fx = Fixture::with(&[
        (
            "bastion/main.tf",
            &ssh_with_comment("# rampart:ignore NET001 reason: the comment wins"),
        ),
        ("rampart.toml", BASTION_ENTRY),
    ]);
    // The comment is more specific and hides the finding; the entry then
    // hides nothing, and says so.
    let doc = fx.check_json(&["--show-suppressed"], 1);
    assert_eq!(brief(&doc), ["RMP002 rampart.toml:1:1"]);
    assert_eq!(
        doc["suppressed"][0]["suppression"]["reason"],
        "the comment wins"
    );
}

// --------------------------------------------------------------- baselines

#[test]
fn baseline_survives_moved_lines_but_not_a_changed_value() {
    let fx = Fixture::with(&[("main.tf", &ssh_open())]);
    let out = fx.run(&["check", "--write-baseline", "rampart-baseline.json"]);
    out.expect_code(1);
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(fx.path().join("rampart-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(base["findings"].as_array().map(Vec::len), Some(1), "{base}");

    let out = fx.run(&["check", "--baseline", "rampart-baseline.json"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file; 1 in the baseline.\n");

    // Lines inserted above the baselined finding: still baselined.
    fx.write(
        "main.tf",
        format!(
            "# Bastion host\n# owned by the platform team\n\n{}",
            ssh_open()
        ),
    );
    let out = fx.run(&["check", "--baseline", "rampart-baseline.json"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file; 1 in the baseline.\n");
    let doc = fx.check_json(&["--baseline", "rampart-baseline.json"], 0);
    assert_eq!(doc["summary"]["baselined"], 1);

    // The offending value changed: a new finding.
    fx.write(
        "main.tf",
        format!(
            "# Bastion host\n# owned by the platform team\n\n{}",
            ssh_open().replace("0.0.0.0/0", "0.0.0.0/1")
        ),
    );
    let doc = fx.check_json(&["--baseline", "rampart-baseline.json"], 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:9:20"]);
    assert_eq!(doc["summary"]["baselined"], 0);
}

#[test]
fn baseline_lets_new_findings_through() {
    let fx = Fixture::with(&[("main.tf", &ssh_open())]);
    fx.run(&["check", "--write-baseline", "base.json"])
        .expect_code(1);
    fx.write("app.tf", app_port_open());
    let out = fx.run(&["check", "--baseline", "base.json"]);
    out.expect_code(1);
    assert!(
        out.stdout
            .ends_with("Found 1 finding (1 high) in 2 files; 1 in the baseline.\n"),
        "{}",
        out.stdout
    );
}

/// `[suppressions] baseline` in rampart.toml is `--baseline`, its path
/// relative to the configuration file, whatever directory rampart runs in;
/// `--write-baseline` keeps its entries as `--baseline`'s.
#[test]
fn the_config_baseline_works_like_the_flag() {
    let fx = Fixture::with(&[("infra/main.tf", &ssh_open())]);
    fx.run(&["check", "--write-baseline", "base.json", "infra"])
        .expect_code(1);
    let by_flag = fx.check_json(&["--baseline", "base.json", "infra"], 0);
    assert_eq!(by_flag["summary"]["baselined"], 1);

    fx.write("rampart.toml", "[suppressions]\nbaseline = \"base.json\"\n");
    let out = fx.run(&["check", "infra"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file; 1 in the baseline.\n");
    let by_config = fx.check_json(&["infra"], 0);
    assert_eq!(by_config, by_flag, "the same report as with --baseline");

    // New findings still show; rewriting the baseline records both.
    fx.write("infra/app.tf", app_port_open());
    let doc = fx.check_json(&["infra"], 1);
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(1), "{doc}");
    fx.run(&["check", "--write-baseline", "base.json", "infra"])
        .expect_code(1);
    let out = fx.run(&["check", "infra"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 2 files; 2 in the baseline.\n");

    // A baseline the configuration names but that is not there: an error.
    fx.write(
        "rampart.toml",
        "[suppressions]\nbaseline = \"missing.json\"\n",
    );
    let out = fx.run(&["check", "infra"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("cannot read the baseline"),
        "{}",
        out.stderr
    );
}

// ------------------------------------------------------------------- stdin

/// Run `rampart ARGS` in `dir` with `input` on stdin.
fn rampart_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let home = dir.join(".home");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rampart"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the rampart binary");
    // rampart may exit before reading (a usage error): a broken pipe here
    // is its answer, not a failure.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    let out = child.wait_with_output().expect("wait for rampart");
    Output {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

/// `infra/` with the variable and the tfvars that set it; on disk, main.tf
/// opens RDP (a finding the stdin text does not have).
fn infra_module() -> Fixture {
    Fixture::with(&[
        (
            "infra/variables.tf",
            "variable \"admin_cidr\" {\n  type = string\n}\n",
        ),
        ("infra/terraform.tfvars", "admin_cidr = \"0.0.0.0/0\"\n"),
        (
            "infra/main.tf",
            &security_group("disk", 3389, 3389, r#"["0.0.0.0/0"]"#),
        ),
    ])
}

/// The editor's text: SSH from `var.admin_cidr`.
fn stdin_text() -> String {
    security_group("app", 22, 22, "[var.admin_cidr]")
}

#[test]
fn stdin_is_checked_in_its_module_on_disk() {
    let fx = infra_module();
    let out = rampart_with_stdin(
        fx.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "infra/main.tf",
            "-",
        ],
        &stdin_text(),
    );
    out.expect_code(1);
    let doc = out.json();
    // The stdin text replaces main.tf on disk (no RDP finding), and the
    // value comes from the tfvars on disk.
    assert_eq!(brief(&doc), ["NET001 infra/main.tf:6:20"]);
    let f = &doc["findings"][0];
    assert_eq!(f["resource"], "aws_security_group.app");
    assert_eq!(
        crate::common::related(f),
        ["infra/terraform.tfvars:1:14 `var.admin_cidr` set in terraform.tfvars"]
    );
    assert_eq!(summary(&doc), (3, 1, 0, 0));

    // Fixed in the editor: clean, although the file on disk is not.
    let out = rampart_with_stdin(
        fx.path(),
        &["check", "-q", "--stdin-filename", "./infra/main.tf", "-"],
        &stdin_text().replace("[var.admin_cidr]", "[\"10.8.0.0/16\"]"),
    );
    out.expect_code(0);
    assert_eq!(out.stdout, "");
    let on_disk = fx.check_json(&["infra"], 1);
    assert_eq!(brief(&on_disk), ["NET001 infra/main.tf:6:20"]);
    assert!(messages(&on_disk)[0].contains("RDP"), "{on_disk}");
}

#[test]
fn stdin_without_a_filename_is_a_usage_error() {
    let fx = infra_module();
    let out = rampart_with_stdin(fx.path(), &["check", "-"], &stdin_text());
    out.expect_code(2);
    assert!(out.stderr.contains("--stdin-filename"), "{}", out.stderr);
}

#[test]
fn stdin_suppressions_are_governed_too() {
    let fx = infra_module();
    let text = stdin_text().replace(
        "  ingress {",
        "  # rampart:ignore NET001 reason: VPN migration expires: 2020-01-01\n  ingress {",
    );
    let out = rampart_with_stdin(
        fx.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "infra/main.tf",
            "-",
        ],
        &text,
    );
    out.expect_code(1);
    assert_eq!(
        brief(&out.json()),
        ["RMP001 infra/main.tf:2:3", "NET001 infra/main.tf:7:20"]
    );
}

#[test]

fn stdin_uses_the_config_next_to_the_named_file() {
    let fx = infra_module();
    fx.write("infra/rampart.toml", "[rules]\nignore = [\"NET001\"]\n");
    let out = rampart_with_stdin(
        fx.path(),
        &["check", "--stdin-filename", "infra/main.tf", "-"],
        &stdin_text(),
    );
    out.expect_code(0);
}

#[test]

fn stdin_for_a_new_file_joins_its_module() {
    let fx = infra_module();
    let out = rampart_with_stdin(
        fx.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "infra/new.tf",
            "-",
        ],
        &stdin_text(),
    );
    out.expect_code(1);
    assert_eq!(
        brief(&out.json()),
        ["NET001 infra/main.tf:6:20", "NET001 infra/new.tf:6:20"]
    );
}
