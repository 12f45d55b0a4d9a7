//! Module calls, evaluated through their callers: local, registry (through
//! `.terraform/modules/modules.json`) and unresolved sources, `count` and
//! `for_each` on calls, outputs flowing back, recursion, and the evaluation
//! budgets.
//!
//! Each case is a fixture repository checked in under
//! `tests/fixtures/modules/<case>/` and run with that directory as the
//! working directory, so printed paths are short and stable.

use crate::common::{at, brief, rampart, related, repo_root, summary, Output};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The directory of fixture `case`.
fn case(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/modules").join(name)
}

/// `rampart check ARGS` in fixture `name`: exit `code`, nothing on stderr.
#[track_caller]
fn check(name: &str, args: &[&str], code: i32) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = rampart(&case(name), &all);
    out.expect_code(code);
    assert_eq!(out.stderr, "", "nothing on stderr");
    out
}

/// `rampart check --format json ARGS` in fixture `name`, as a document.
#[track_caller]
fn check_json(name: &str, args: &[&str], code: i32) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    check(name, &all, code).json()
}

/// Run `rampart ARGS` in `dir` like `common::rampart`, but kill it and fail
/// if it has not finished within `limit`: for cases that could hang.
#[track_caller]
fn rampart_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rampart-empty-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rampart"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("FORCE_COLOR")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain both pipes while waiting, so a large output cannot block it.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).unwrap();
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`rampart {}` still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        code: status.code().unwrap(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The only finding of `rule` in a document.
#[track_caller]
fn finding<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    let all: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect();
    assert_eq!(all.len(), 1, "one {rule} finding in {doc:#}");
    all[0]
}

/// Errors or notes as `file:line:column message`.
fn located(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", at(e), e["message"].as_str().unwrap()))
        .collect()
}

// 1. Three levels of local modules.

#[test]
fn nested_modules_report_one_finding_with_the_whole_chain() {
    let doc = check_json("nested", &[], 1);
    // `for_each` (two services) and `count` on the calls: still one finding,
    // inside the third-level module, addressed without instance keys.
    assert_eq!(brief(&doc), ["NET001 modules/network/main.tf:17:19"]);
    let f = finding(&doc, "NET001");
    let address = "module.app.module.service.module.network.aws_security_group.this";
    assert_eq!(f["resource"], address);
    assert_eq!(
        f["message"],
        format!("`{address}` allows SSH (port 22) from the internet (0.0.0.0/0)")
    );
    assert_eq!(
        related(f),
        [
            "terraform.tfvars:1:14 `var.admin_cidr` set in terraform.tfvars",
            "main.tf:6:14 `local.ssh_cidr` defined here",
            "main.tf:11:14 `var.ssh_cidr` set by `module.app` here",
            "modules/app/main.tf:6:16 `local.admin_cidr` defined here",
            "modules/app/main.tf:14:16 `var.admin_cidr` set by `module.app.module.service` here",
            "modules/service/main.tf:10:14 `local.allowed` defined here",
            "modules/service/main.tf:18:11 `var.cidrs` set by `module.app.module.service.module.network` here",
        ]
    );
    // The called directories are not checked on their own: no unknown-input
    // results, nothing reported twice.
    assert_eq!(summary(&doc), (5, 1, 0, 0));
    assert_eq!(doc["notes"], serde_json::json!([]));
}

#[test]
fn nested_json() {
    let out = check("nested", &["--format", "json"], 1);
    snap!("nested_json", out.stdout);
}

#[test]
fn nested_pretty() {
    let out = check("nested", &[], 1);
    snap!("nested_pretty", out.stdout);
}

// 2. One child, two callers.

#[test]
fn child_with_two_callers_reports_only_the_open_one() {
    let doc = check_json("one-caller", &[], 1);
    assert_eq!(brief(&doc), ["NET001 modules/bastion/main.tf:14:20"]);
    let f = finding(&doc, "NET001");
    assert_eq!(f["resource"], "module.bastion.aws_security_group.bastion");
    // prod's argument, not dev's, and not the child on its own.
    assert_eq!(
        related(f),
        ["prod/main.tf:3:16 `var.admin_cidr` set by `module.bastion` here"]
    );
    assert_eq!(summary(&doc), (3, 1, 0, 0));
    assert_eq!(doc["notes"], serde_json::json!([]));
}

#[test]
fn each_caller_checked_on_its_own() {
    // Naming one root loads the child it calls from outside the given path.
    let prod = check_json("one-caller", &["prod"], 1);
    assert_eq!(brief(&prod), ["NET001 modules/bastion/main.tf:14:20"]);
    assert_eq!(
        related(finding(&prod, "NET001")),
        ["prod/main.tf:3:16 `var.admin_cidr` set by `module.bastion` here"]
    );
    assert_eq!(summary(&prod), (2, 1, 0, 0));

    let dev = check_json("one-caller", &["dev"], 0);
    assert_eq!(brief(&dev), Vec::<String>::new());
    assert_eq!(summary(&dev), (2, 0, 0, 0));

    // The child alone is a root whose input has no value: Unknown, silent.
    let child = check_json("one-caller", &["modules/bastion"], 0);
    assert_eq!(brief(&child), Vec::<String>::new());
    assert_eq!(summary(&child), (1, 0, 0, 0));
}

#[test]
fn one_caller_json() {
    let out = check("one-caller", &["--format", "json"], 1);
    snap!("one_caller_json", out.stdout);
}

#[test]
fn one_caller_pretty() {
    let out = check("one-caller", &[], 1);
    snap!("one_caller_pretty", out.stdout);
}

#[test]
fn module_called_through_another_is_not_a_root() {
    // prod → modules/bastion → modules/common, which bastion calls with a
    // private range; common's own default would open SSH.
    let doc = check_json("called-through", &[], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(summary(&doc), (3, 0, 0, 0));
}

#[test]

fn module_called_through_an_unscanned_module_is_not_a_root() {
    // As a pre-commit hook would name them: prod and common, not bastion.
    // common is still called (by bastion, evaluated as prod's child), so it
    // is not a root and its default does not apply.
    let doc = check_json("called-through", &["prod", "modules/common"], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(summary(&doc), (3, 0, 0, 0));
}

// 3. Registry modules that `terraform init` downloaded.

#[test]
fn registry_modules_resolve_through_the_manifest() {
    let doc = check_json("registry", &[], 1);
    // Each finding points into the repository (issue 12, class 9): at the
    // module call's argument that carries the value; the downloaded line is
    // the last related location.
    assert_eq!(
        brief(&doc),
        [
            // `platform.bastion`: a registry module called by a registry module.
            "NET001 main.tf:8:26",
            "NET001 main.tf:16:18",
            // `edge.sg`: a registry module called by a local module.
            "NET001 modules/edge/main.tf:6:26",
        ]
    );
    let findings = doc["findings"].as_array().unwrap();
    let resources: Vec<&str> = findings
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        resources,
        [
            "module.web.aws_security_group_rule.ingress_rules",
            "module.platform.module.bastion.aws_security_group_rule.ingress_rules",
            "module.edge.module.sg.aws_security_group_rule.ingress_rules",
        ]
    );
    assert_eq!(
        findings[0]["message"],
        "`module.web.aws_security_group_rule.ingress_rules` allows RDP (port 3389) from the internet (0.0.0.0/0)"
    );
    const DOWNLOADED: &str = "the offending line, in a module downloaded by `terraform init`";
    // The https-443-tcp rule of the same `count` is public by design.
    assert_eq!(
        related(&findings[0]),
        [format!(".terraform/modules/web/main.tf:13:17 {DOWNLOADED}")]
    );
    assert_eq!(
        related(&findings[1]),
        [
            ".terraform/modules/platform/main.tf:10:25 `var.ingress_cidr_blocks` set by `module.platform.module.bastion` here".to_string(),
            format!(".terraform/modules/platform.bastion/main.tf:13:17 {DOWNLOADED}"),
        ]
    );
    assert_eq!(
        related(&findings[2]),
        [
            "main.tf:19:8 `module.edge` calls the module here".to_string(),
            format!(".terraform/modules/edge.sg/main.tf:13:17 {DOWNLOADED}"),
        ]
    );
    // main.tf, modules/edge/main.tf, platform's main.tf and three files in
    // each of the three security-group copies; nothing left unresolved.
    assert_eq!(summary(&doc), (12, 3, 0, 0));
    assert_eq!(doc["notes"], serde_json::json!([]));
}

#[test]
fn registry_json() {
    let out = check("registry", &["--format", "json"], 1);
    snap!("registry_json", out.stdout);
}

#[test]
fn registry_pretty() {
    let out = check("registry", &[], 1);
    snap!("registry_pretty", out.stdout);
}

// A manifest leading outside the repository: see
// confidentiality::a_module_manifest_leading_outside_the_repository_is_not_read.

// 4. Registry and git modules without a manifest.

#[test]
fn unresolved_modules_are_notes_and_their_outputs_unknown() {
    let doc = check_json("unresolved", &[], 0);
    // `cidr_blocks = [module.x.cidr]` is Unknown: no finding.
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(doc["errors"], serde_json::json!([]));
    let notes = doc["notes"].as_array().unwrap();
    assert_eq!(
        located(&doc["notes"]),
        [
            "main.tf:2:13 `module.vpc` is not checked: `terraform-aws-modules/vpc/aws` is a registry or remote module that has not been downloaded (run `terraform init` so that .terraform/modules holds it); its outputs are unknown",
            "main.tf:10:12 `module.x` is not checked: `git::https://example.com/x.git` is a registry or remote module that has not been downloaded (run `terraform init` so that .terraform/modules holds it); its outputs are unknown",
        ]
    );
    // Each note spans the `source` string, quotes included.
    let ends: Vec<String> = notes
        .iter()
        .map(|n| {
            let end = &n["range"]["end"];
            format!("{}:{} {}", end["line"], end["column"], n["severity"])
        })
        .collect();
    assert_eq!(ends, ["2:44 \"low\"", "10:44 \"low\""]);
    assert_eq!(summary(&doc), (1, 0, 0, 0));
    // `notes` comes after `summary` in the document.
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["version", "tool", "findings", "errors", "summary", "notes"]
    );
}

#[test]
fn unresolved_notes_do_not_change_the_exit_status() {
    // With a finding elsewhere the run exits 1, as without the notes.
    let out = rampart(
        &case(""),
        &["check", "--format", "json", "unresolved", "for-each"],
    );
    out.expect_code(1);
    let doc = out.json();
    assert_eq!(
        brief(&doc),
        ["NET001 for-each/modules/firewall/main.tf:16:20"]
    );
    let notes: Vec<String> = located(&doc["notes"])
        .iter()
        .map(|n| n.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(
        notes,
        ["unresolved/main.tf:2:13", "unresolved/main.tf:10:12"]
    );
    assert_eq!(summary(&doc).3, 0);
}

#[test]
fn unresolved_json() {
    let out = check("unresolved", &["--format", "json"], 0);
    snap!("unresolved_json", out.stdout);
}

#[test]
fn unresolved_pretty() {
    // Two calls not downloaded: one line in a terminal (issue 13); JSON
    // lists each (`unresolved_json`).
    let out = check("unresolved", &[], 0);
    assert!(
        out.stdout.starts_with(
            "note: 2 module calls not evaluated (registry or git modules not downloaded"
        ),
        "{}",
        out.stdout
    );
    snap!("unresolved_pretty", out.stdout);
}

#[test]
fn unresolved_call_in_a_module_with_instances_is_one_note() {
    // Three instances of `module.service` each reach `module.label`.
    let doc = check_json("unresolved-instances", &[], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(
        located(&doc["notes"]),
        ["modules/service/main.tf:6:13 `module.label` is not checked: `cloudposse/label/null` is a registry or remote module that has not been downloaded (run `terraform init` so that .terraform/modules holds it); its outputs are unknown"]
    );
    assert_eq!(summary(&doc), (2, 0, 0, 0));
}

// 5. Outputs flowing back to the caller.

#[test]
fn module_outputs_flow_back_to_the_caller() {
    let doc = check_json("outputs", &[], 1);
    assert_eq!(
        brief(&doc),
        [
            // At the root's use of `module.net.cidr`.
            "NET001 main.tf:17:20",
            // At `Action = "*"` inside the child's jsonencode.
            "IAM001 modules/policy/main.tf:16:20",
        ]
    );
    let net = finding(&doc, "NET001");
    assert_eq!(net["resource"], "aws_security_group.admin");
    assert_eq!(
        related(net),
        [
            "modules/net/main.tf:3:13 default of `var.admin_cidr`",
            "modules/net/main.tf:7:10 `local.cidr` defined here",
            "modules/net/main.tf:11:11 output of `module.net`",
        ]
    );
    let iam = finding(&doc, "IAM001");
    assert_eq!(iam["resource"], "aws_iam_role_policy.app");
    assert_eq!(
        iam["message"],
        "`aws_iam_role_policy.app` allows every action on every resource: full administrator access"
    );
    assert_eq!(
        related(iam),
        [
            "modules/policy/main.tf:6:11 output of `module.policy`",
            "main.tf:24:3 used by `aws_iam_role_policy.app` here",
        ]
    );
    assert_eq!(summary(&doc), (3, 2, 0, 0));
}

#[test]
fn outputs_json() {
    let out = check("outputs", &["--format", "json"], 1);
    snap!("outputs_json", out.stdout);
}

#[test]
fn outputs_pretty() {
    let out = check("outputs", &[], 1);
    snap!("outputs_pretty", out.stdout);
}

// 6. Recursion.

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn recursive_modules_stop_with_an_error_at_the_call() {
    let out = rampart_within(&case("recursion"), &["check", "--format", "json"], LIMIT);
    out.expect_code(2);
    let doc = out.json();
    assert_eq!(
        located(&doc["errors"]),
        [
            "ping/main.tf:1:1 module calls nest deeper than 16 levels at `module.pong` (does a module call itself?); its outputs are unknown",
            "self/main.tf:6:1 module calls nest deeper than 16 levels at `module.again` (does a module call itself?); its outputs are unknown",
        ]
    );
    // Each module's own finding once, whatever the depth: ping and self are
    // roots (nothing outside their circles calls them), pong is ping's child.
    assert_eq!(
        brief(&doc),
        [
            "NET001 ping/main.tf:12:20",
            "NET002 pong/main.tf:12:20",
            "NET001 self/main.tf:18:20",
        ]
    );
    let resources: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        resources,
        [
            "aws_security_group.ping",
            "module.pong.aws_security_group.pong",
            "aws_security_group.self",
        ]
    );
    assert_eq!(summary(&doc), (3, 3, 0, 2));
}

#[test]
fn recursion_json() {
    let out = rampart_within(&case("recursion"), &["check", "--format", "json"], LIMIT);
    out.expect_code(2);
    snap!("recursion_json", out.stdout);
}

#[test]
fn recursion_pretty() {
    let out = rampart_within(&case("recursion"), &["check"], LIMIT);
    out.expect_code(2);
    snap!("recursion_pretty", out.stdout);
}

#[test]
fn recursion_with_several_self_calls_does_not_blow_up() {
    // Three calls of itself would be 3^16 module instances: module
    // instances cost evaluation budget, so this ends within seconds.
    let out = rampart_within(
        &case("recursion-fanout"),
        &["check", "--format", "json"],
        Duration::from_secs(20),
    );
    out.expect_code(2);
    let doc = out.json();
    assert_eq!(brief(&doc), ["NET001 self/main.tf:20:20"]);
    let errors = located(&doc["errors"]);
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|e| e.starts_with("self/main.tf:")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| ["`module.a`", "`module.b`", "`module.c`"]
                .iter()
                .any(|call| e.contains(call))),
        "an error names the call: {errors:?}"
    );
}

// 7. `for_each` and `count` on module calls.

#[test]
fn for_each_call_reports_only_the_open_key() {
    let doc = check_json("for-each", &[], 1);
    assert_eq!(brief(&doc), ["NET001 modules/firewall/main.tf:16:20"]);
    let f = finding(&doc, "NET001");
    assert_eq!(f["resource"], "module.firewall.aws_security_group.ssh");
    assert_eq!(
        related(f),
        [
            "main.tf:5:14 `each` iterates over this value",
            "main.tf:10:10 `var.cidr` set by `module.firewall` here",
        ]
    );
    assert_eq!(summary(&doc), (2, 1, 0, 0));
}

#[test]
fn for_each_json() {
    let out = check("for-each", &["--format", "json"], 1);
    snap!("for_each_json", out.stdout);
}

#[test]
fn for_each_pretty() {
    let out = check("for-each", &[], 1);
    snap!("for_each_pretty", out.stdout);
}

#[test]
fn count_zero_call_reports_nothing() {
    // The child's default would open SSH, but no instance exists, and a
    // called directory is not checked on its own.
    let doc = check_json("count-zero", &[], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(summary(&doc), (2, 0, 0, 0));
    assert_eq!(doc["notes"], serde_json::json!([]));
    assert_eq!(doc["errors"], serde_json::json!([]));
    let out = check("count-zero", &[], 0);
    snap!("count_zero_pretty", out.stdout);
}

#[test]

fn module_instances_report_the_first_instance_chain() {
    let doc = check_json("instance-order", &[], 1);
    assert_eq!(
        brief(&doc),
        [
            "NET001 main.tf:13:20",
            "NET001 modules/service/main.tf:16:20"
        ]
    );
    let findings = doc["findings"].as_array().unwrap();
    // A resource's for_each: the first key (`api`) is the one shown...
    assert_eq!(
        related(&findings[0]),
        ["main.tf:3:14 `each` iterates over this value"]
    );
    // ...and so it should be for a module call's for_each.
    assert_eq!(
        related(&findings[1]),
        [
            "main.tf:20:14 `each` iterates over this value",
            "main.tf:25:10 `var.cidr` set by `module.service` here",
        ]
    );
}

// Budgets.

#[test]
fn huge_range_is_unknown() {
    // `range(1000000000)`, and a nested for over range(100000) twice, are
    // not materialized: range() gives at most 1024 numbers (as in
    // Terraform), so both are Unknown and the conditional that would open
    // SSH on a known list stays Unknown too. Fast, no error.
    let out = rampart_within(
        &case("budget-range"),
        &["check", "--format", "json"],
        Duration::from_secs(20),
    );
    out.expect_code(0);
    let doc = out.json();
    assert_eq!(brief(&doc), Vec::<String>::new());
    assert_eq!(summary(&doc), (1, 0, 0, 0));
}

#[test]
fn nested_for_over_huge_ranges_exceeds_the_step_budget() {
    // A nested for over range(1000) three times (range(100000) would simply
    // be Unknown): one error at the expression being evaluated when the
    // budget ran out, and the run ends.
    let out = rampart_within(
        &case("budget-steps"),
        &["check", "--format", "json"],
        Duration::from_secs(60),
    );
    out.expect_code(2);
    let doc = out.json();
    assert_eq!(brief(&doc), Vec::<String>::new());
    let errors = located(&doc["errors"]);
    assert_eq!(errors.len(), 1, "one budget error: {errors:?}");
    // Somewhere inside the innermost `for` (line 3 from column 60 on).
    let (at, message) = errors[0].split_once(' ').unwrap();
    let column: usize = at.rsplit(':').next().unwrap().parse().unwrap();
    assert!(at.starts_with("main.tf:3:") && column >= 60, "{errors:?}");
    assert!(
        message.starts_with("evaluation budget exceeded: evaluation took more than "),
        "{errors:?}"
    );
    assert!(
        errors[0].ends_with(" steps; values from here on are unknown"),
        "{errors:?}"
    );
    assert_eq!(summary(&doc), (1, 0, 0, 1));
}
