//! Custom policies in Rego (issue 16): a policy folder's findings go
//! everywhere built-in findings go, at the exact element each result
//! names, with the value's provenance; broken policies are errors at
//! their file, line and column while the built-in rules still run; a
//! policy that loops is stopped by its budget; NET001 re-expressed in
//! Rego gives the built-in rule's findings and spans.
//!
//! Fixtures: `tests/fixtures/custom-policies/` (`basic`: a policy folder
//! in `.rampart/policies`; `broken`: every kind of broken policy;
//! `net001`: NET001 as a custom policy).

use crate::common::{at, brief, rampart, related, repo_root, Fixture, Output};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture_dir(name: &str) -> PathBuf {
    repo_root()
        .join("tests/fixtures/custom-policies")
        .join(name)
}

/// `rampart ARGS` in a fixture directory (in place: it is read only).
fn run_in(name: &str, args: &[&str]) -> Output {
    rampart(&fixture_dir(name), args)
}

/// A copy of a fixture directory in a temporary directory, to change.
fn copy_of(name: &str) -> Fixture {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
    let fx = Fixture::new();
    copy(&fixture_dir(name), fx.path());
    fx
}

fn json(out: &Output) -> Value {
    out.json()
}

/// Each finding as `RULE file:line:col-line:col resource [instances] <- related`.
fn detailed(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let end = &f["range"]["end"];
            format!(
                "{} {}-{}:{} {} {:?} <- {:?}",
                f["rule"].as_str().unwrap(),
                at(f),
                end["line"],
                end["column"],
                f["resource"].as_str().unwrap(),
                f["instances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
                related(f)
            )
        })
        .collect()
}

#[test]
fn custom_findings_sit_at_the_element_each_result_names() {
    let out = run_in("basic", &["check", "--format", "json", "."]);
    out.expect_code(1);
    let doc = json(&out);
    assert_eq!(
        detailed(&doc),
        [
            // `ingress[0].from_port`: the block's attribute.
            "ACME005 main.tf:9:19-9:23 aws_security_group.app [\"aws_security_group.app\"] <- []",
            // `ingress[0].cidr_blocks[1]`: the list element, with how the
            // value got there (terraform.tfvars).
            "ACME001 main.tf:12:34-12:48 aws_security_group.app [\"aws_security_group.app\"] <- [\"terraform.tfvars:1:14 `var.admin_cidr` set in terraform.tfvars\"]",
            "NET002 main.tf:12:34-12:48 aws_security_group.app [\"aws_security_group.app\"] <- [\"terraform.tfvars:1:14 `var.admin_cidr` set in terraform.tfvars\"]",
            "TLS005 main.tf:12:34-12:48 aws_security_group.app [\"aws_security_group.app\"] <- [\"terraform.tfvars:1:14 `var.admin_cidr` set in terraform.tfvars\"]",
            // `policy.Statement[0].Principal.AWS`: inside the heredoc's JSON.
            "ACME002 main.tf:34:32-34:64 aws_s3_bucket_policy.logs [\"aws_s3_bucket_policy.logs\"] <- []",
            // A module call, at its `source` argument.
            "ACME004 main.tf:50:12-50:43 module.vpc [\"module.vpc\"] <- []",
            // No attribute: the resource; two module instances, one finding.
            "ACME003 modules/web/main.tf:5:1-7:2 module.web.aws_s3_bucket.this [\"module.web[\\\"a\\\"].aws_s3_bucket.this\", \"module.web[\\\"b\\\"].aws_s3_bucket.this\"] <- [\"main.tf:43:8 `module.web` calls the module here\"]",
        ]
    );
    let f = &doc["findings"][1];
    assert_eq!(f["name"], "app-port");
    assert_eq!(f["severity"], "high");
    assert_eq!(
        f["message"],
        "`aws_security_group.app` lets 0.0.0.0/0 reach the app port 8000"
    );
    assert_eq!(
        f["fix"],
        "allow the load balancer's security group (`security_groups`), not a CIDR"
    );
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn custom_findings_pretty() {
    let out = run_in("basic", &["check", "."]);
    out.expect_code(1);
    snap!("custom_policies_basic_pretty", out.stdout);
}

#[test]
fn every_format_carries_custom_findings() {
    // SARIF: valid, the custom rules described from their METADATA.
    let out = run_in("basic", &["check", "--format", "sarif", "."]);
    out.expect_code(1);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    crate::formats::assert_valid_sarif(&doc);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let acme001 = rules.iter().position(|r| r["id"] == "ACME001").unwrap();
    let r = &rules[acme001];
    assert_eq!(r["name"], "app-port");
    assert_eq!(
        r["shortDescription"]["text"],
        "App port reachable from outside the load balancer"
    );
    assert!(r["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Port 8000 of the app servers"));
    assert_eq!(
        r["helpUri"],
        "https://wiki.example.com/security/network#app-port"
    );
    assert_eq!(
        r["properties"]["tags"],
        serde_json::json!(["security", "custom"])
    );
    assert_eq!(r["properties"]["security-severity"], "8.0");
    // Without related_resources: no helpUri at all.
    let acme003 = rules.iter().find(|r| r["id"] == "ACME003").unwrap();
    assert!(acme003.get("helpUri").is_none());
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let result = results.iter().find(|x| x["ruleId"] == "ACME001").unwrap();
    assert_eq!(result["ruleIndex"], acme001);
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    // The line-oriented and XML formats.
    for format in ["gitlab", "junit", "checkstyle", "github"] {
        let out = run_in("basic", &["check", "--format", format, "."]);
        out.expect_code(1);
        snap!(format!("custom_policies_basic_{format}"), out.stdout);
    }
}

#[test]
fn selection_and_severities_apply_to_custom_rules() {
    let only = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push(".");
        let out = run_in("basic", &all);
        brief(&json(&out))
            .into_iter()
            .map(|b| b.split(' ').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        only(&["--select", "ACME"]),
        ["ACME005", "ACME001", "ACME002", "ACME004", "ACME003"]
    );
    assert_eq!(only(&["--select", "ACME001,NET"]), ["ACME001", "NET002"]);
    assert_eq!(
        only(&["--select", "ACME", "--ignore", "ACME003,ACME005"]),
        ["ACME001", "ACME002", "ACME004"]
    );
    // By name too, as built-in rules.
    assert_eq!(
        only(&["--select", "ACME0", "--ignore", "ACME00"]),
        Vec::<String>::new()
    );
    // An unknown custom code is an error, with a suggestion.
    let out = run_in("basic", &["check", "--select", "ACME009", "."]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("unknown rule `ACME009`"),
        "{}",
        out.stderr
    );
    // Severities in the configuration.
    let fx = copy_of("basic");
    fx.write(
        "rampart.toml",
        "[rules]\nignore = [\"NET\", \"TLS\"]\nseverity = { ACME003 = \"critical\" }\n",
    );
    let doc = fx.check_json(&["--fail-on", "critical", "."], 1);
    let acme003 = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ACME003")
        .unwrap();
    assert_eq!(acme003["severity"], "critical");
    // A custom code in [rules] is an error when its policy is gone.
    fx.remove(".rampart/policies/tags.rego");
    let out = fx.run(&["check", "."]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("unknown rule `ACME003`"),
        "{}",
        out.stderr
    );
}

#[test]
fn suppressions_and_baselines_work_for_custom_rules() {
    let fx = copy_of("basic");
    let main = std::fs::read_to_string(fx.path().join("main.tf")).unwrap();
    let main = main
        .replace(
            "  ingress {\n    from_port   = 8000",
            "  # rampart:ignore ACME001, ACME005 reason: the app port is behind the VPN here\n  ingress {\n    from_port   = 8000",
        )
        .replace(
            "resource \"aws_s3_bucket_policy\" \"logs\" {",
            "# rampart:ignore bucket-policy-accounts reason: partner account (SEC-9) expires: 2099-01-01\nresource \"aws_s3_bucket_policy\" \"logs\" {",
        )
        .replace(
            "resource \"aws_lb\" \"public\" {",
            "# rampart:ignore ACME002 reason: nothing to hide here\nresource \"aws_lb\" \"public\" {",
        )
        .replace(
            "module \"vpc\" {",
            "# rampart:ignore ACME999 reason: a typo\nmodule \"vpc\" {",
        );
    fx.write("main.tf", main);
    fx.write(
        "rampart.toml",
        "[[suppress]]\nrule = \"ACME003\"\npaths = [\"modules/**\"]\nreason = \"web buckets are tagged by the module's caller\"\n",
    );
    let doc = fx.check_json(&["--show-suppressed", "."], 1);
    assert_eq!(
        brief(&doc),
        [
            "NET002 main.tf:13:34",
            "TLS005 main.tf:13:34",
            "RMP002 main.tf:17:1",
            "RMP004 main.tf:52:1",
            "ACME004 main.tf:54:12",
        ]
    );
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("RMP"))
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`rampart:ignore ACME002` hides no finding",
            "`rampart:ignore ACME999` names unknown rule `ACME999`"
        ]
    );
    let suppressed: Vec<String> = doc["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), at(f)))
        .collect();
    assert_eq!(
        suppressed,
        [
            "ACME005 main.tf:10:19",
            "ACME001 main.tf:13:34",
            "ACME002 main.tf:37:32",
            "ACME003 modules/web/main.tf:5:1",
        ]
    );
    // Baselines: recorded, then held back, matched by fingerprint.
    let fx = copy_of("basic");
    fx.run(&["check", "--write-baseline", "baseline.json", "."])
        .expect_code(1);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(fx.path().join("baseline.json")).unwrap())
            .unwrap();
    let rules: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"ACME002") && rules.contains(&"ACME003"),
        "{rules:?}"
    );
    let doc = fx.check_json(&["--baseline", "baseline.json", "."], 0);
    assert_eq!(doc["summary"]["baselined"], 7);
    assert_eq!(doc["findings"], serde_json::json!([]));
}

#[test]
fn rules_and_explain_know_custom_rules() {
    let out = run_in("basic", &["rules"]);
    out.expect_code(0);
    let custom: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("ACME"))
        .collect();
    snap!("custom_policies_rules", custom.join("\n"));
    let out = run_in("basic", &["rules", "--format", "json"]);
    out.expect_code(0);
    let doc = json(&out);
    let last = doc.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last,
        serde_json::json!({"code": "ACME005", "name": "public-lb-group", "severity": "medium", "title": "Security group of a public load balancer is open beyond HTTP(S)"})
    );
    let out = run_in("basic", &["explain", "ACME001"]);
    out.expect_code(0);
    snap!("custom_policies_explain", out.stdout);
    let out = run_in("basic", &["explain", "bucket-owner"]);
    out.expect_code(0);
    assert!(
        out.stdout.starts_with("# ACME003: bucket-owner\n"),
        "{}",
        out.stdout
    );
    let out = run_in("basic", &["explain", "ACME404"]);
    out.expect_code(2);
    assert!(out.stderr.contains("ACME005"), "{}", out.stderr);
    // Built-in rules are explained without reading any policy.
    let out = run_in("broken", &["explain", "NET001"]);
    out.expect_code(0);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn broken_policies_are_errors_at_their_place_and_the_rest_still_runs() {
    let started = std::time::Instant::now();
    let out = run_in("broken", &["check", "--format", "json", "."]);
    let took = started.elapsed();
    out.expect_code(2);
    let doc = json(&out);
    // The built-in rules and the valid policy still report.
    assert_eq!(brief(&doc), ["ACME101 main.tf:1:1", "NET001 main.tf:6:20"]);
    let errors: Vec<String> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", at(e), e["message"].as_str().unwrap()))
        .collect();
    snap!("custom_policies_broken_errors", errors.join("\n"));
    // The looping policy was stopped by its budget (2 s), not waited for.
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    // Pretty: `file:line:col` and the line.
    let out = run_in("broken", &["check", "."]);
    out.expect_code(2);
    snap!("custom_policies_broken_pretty", out.stdout);
    // `rampart rules` lists what loaded and shows the rest as errors.
    let out = run_in("broken", &["rules"]);
    out.expect_code(2);
    assert!(out.stdout.contains("ACME101  first"), "{}", out.stdout);
    assert!(
        out.stderr.contains("a_syntax.rego:11:9") && out.stderr.contains("syntax error: expecting"),
        "{}",
        out.stderr
    );
}

#[test]
fn net001_in_rego_matches_the_built_in() {
    let compare = |doc: &Value| {
        let of = |code: &str| -> Vec<String> {
            let d = serde_json::json!({"findings": doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == code)
                .cloned()
                .collect::<Vec<_>>()});
            detailed(&d)
                .into_iter()
                .map(|l| l.trim_start_matches(code).to_string())
                .collect()
        };
        let (builtin, custom) = (of("NET001"), of("MYNET001"));
        assert!(!builtin.is_empty());
        assert_eq!(custom, builtin);
        // The messages too, the instance keys aside (the input's
        // addresses have them, the built-in rule's messages do not).
        let keys = regex::Regex::new(r#"\[("[^"]*"|\d+)\]"#).unwrap();
        let messages = |code: &str| -> Vec<String> {
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == code)
                .map(|f| {
                    keys.replace_all(f["message"].as_str().unwrap(), "")
                        .to_string()
                })
                .collect()
        };
        assert_eq!(messages("MYNET001"), messages("NET001"));
        builtin.len()
    };
    // Every form the policy covers: inline ingress (list elements, an
    // IPv6 range holding both admin ports), security group rules with
    // `count`, the VPC ingress rule resource, a module with `for_each`.
    let out = run_in(
        "net001",
        &[
            "check",
            "--format",
            "json",
            "--select",
            "NET001,MYNET001",
            ".",
        ],
    );
    out.expect_code(1);
    assert_eq!(compare(&json(&out)), 5);
    // The bundled example.
    let out = rampart(
        &repo_root(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "NET001,MYNET001",
            "--config",
            "tests/fixtures/custom-policies/net001/rampart.toml",
            "examples/fastapi-monolith",
        ],
    );
    out.expect_code(1);
    assert_eq!(compare(&json(&out)), 1);
}

#[test]
fn policy_paths_are_checked_in_the_configuration() {
    let fx = Fixture::with(&[
        ("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        (
            "rampart.toml",
            "[policies]\npaths = [\"policies\", \"missing\"]\n",
        ),
        ("policies/.keep", ""),
    ]);
    let out = fx.run(&["check", "."]);
    out.expect_code(2);
    snap!("custom_policies_missing_path", out.stderr);
    // A path leading out of the tree is refused.
    let outside = Fixture::with(&[("p.rego", "package rampart.custom.x\n")]);
    fx.write(
        "rampart.toml",
        format!(
            "[policies]\npaths = [{:?}]\n",
            outside.path().display().to_string()
        ),
    );
    let out = fx.run(&["check", "."]);
    out.expect_code(2);
    assert!(out.stderr.contains("it leads outside"), "{}", out.stderr);
    // `[policies] paths` names the folder: `.rampart/policies` is then not read.
    fx.write("rampart.toml", "[policies]\npaths = [\"policies\"]\n");
    fx.write(
        ".rampart/policies/x.rego",
        "package rampart.custom.x\n\ndeny contains 1 if {\n",
    );
    fx.run(&["check", "."]).expect_code(0);
}
