//! `rampart rules`, `rampart explain`, `-q`, and usage errors.

use crate::common::{rampart, repo_root, security_group, Fixture};
use serde_json::json;

/// The first rules, as `rampart rules --format json` lists them.
fn net_rules() -> serde_json::Value {
    json!([
        {
            "code": "NET001",
            "name": "admin-port-open-to-internet",
            "severity": "critical",
            "title": "Remote-administration port open to the internet"
        },
        {
            "code": "NET002",
            "name": "app-port-open-to-internet",
            "severity": "high",
            "title": "Application port open to the internet"
        },
        {
            "code": "NET003",
            "name": "all-ports-open-to-internet",
            "severity": "critical",
            "title": "All ports open to the internet"
        }
    ])
}

fn rules_json_list() -> Vec<serde_json::Value> {
    let out = rampart(&repo_root(), &["rules", "--format", "json"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    out.json().as_array().expect("a JSON array").clone()
}

#[test]
fn rules_json() {
    let rules = rules_json_list();
    assert_eq!(json!(rules[..3]), net_rules());
    for rule in &rules {
        let keys: Vec<&str> = rule
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["code", "name", "severity", "title"], "{rule}");
        assert!(
            ["critical", "high", "medium", "low"].contains(&rule["severity"].as_str().unwrap()),
            "{rule}"
        );
    }
}

#[test]
fn rules_pretty_lists_every_rule() {
    let out = rampart(&repo_root(), &["rules"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    let rows: Vec<(String, String, String)> = out
        .stdout
        .lines()
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            (
                words.next().unwrap(),
                words.next().unwrap(),
                words.next().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = rules_json_list()
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap().to_string();
            (field("code"), field("name"), field("severity"))
        })
        .collect();
    assert_eq!(rows, expected);
    for (line, rule) in out.stdout.lines().zip(rules_json_list()) {
        assert!(
            line.ends_with(&format!(" {}", rule["title"].as_str().unwrap())),
            "{line}"
        );
    }
}

/// The snapshot holds the intended table: `{:<9}` pads the severity column.
#[test]

fn rules_pretty() {
    let out = rampart(&repo_root(), &["rules"]);
    out.expect_code(0);
    // Every title starts in the same column, after a name column as wide
    // as the longest name (30 at least).
    let rules = rules_json_list();
    let width = rules
        .iter()
        .map(|r| r["name"].as_str().unwrap().len())
        .fold(30, usize::max);
    for (line, rule) in out.stdout.lines().zip(rules) {
        let title = rule["title"].as_str().unwrap();
        assert_eq!(line.find(title), Some(8 + 1 + width + 1 + 9 + 1), "{line}");
    }
    snap!("rules_pretty", out.stdout);
}

#[test]
fn every_listed_rule_can_be_explained() {
    for rule in rules_json_list() {
        let code = rule["code"].as_str().unwrap();
        let name = rule["name"].as_str().unwrap();
        for key in [code, name] {
            let out = rampart(&repo_root(), &["explain", key]);
            out.expect_code(0);
            assert!(
                out.stdout.starts_with(&format!("# {code}: {name}\n")),
                "explain {key}: {}",
                out.stdout.lines().next().unwrap_or("")
            );
        }
    }
}

#[test]
fn explain_by_code_prints_the_policy_readme() {
    let out = rampart(&repo_root(), &["explain", "NET001"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .starts_with("# NET001: admin-port-open-to-internet\n"),
        "{}",
        out.stdout
    );
    let readme = std::fs::read_to_string(
        repo_root().join("policies/NET001-admin-port-open-to-internet/README.md"),
    )
    .unwrap();
    assert_eq!(out.stdout, readme);
}

#[test]
fn explain_by_name_and_any_case() {
    let by_code = rampart(&repo_root(), &["explain", "NET002"]);
    let by_name = rampart(&repo_root(), &["explain", "app-port-open-to-internet"]);
    let lower = rampart(&repo_root(), &["explain", "net002"]);
    by_name.expect_code(0);
    assert!(by_name
        .stdout
        .starts_with("# NET002: app-port-open-to-internet\n"));
    assert_eq!(by_name.stdout, by_code.stdout);
    assert_eq!(lower.stdout, by_code.stdout);

    let out = rampart(&repo_root(), &["explain", "admin-port-open-to-internet"]);
    out.expect_code(0);
    assert!(out
        .stdout
        .starts_with("# NET001: admin-port-open-to-internet\n"));
}

#[test]
fn explain_unknown_rule() {
    let out = rampart(&repo_root(), &["explain", "NOPE"]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("unknown rule `NOPE`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("known rules: NET001, NET002, NET003"),
        "lists the codes: {}",
        out.stderr
    );
}

#[test]
fn quiet_hides_the_summary_line() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#),
    )]);
    let loud = fx.run(&["check"]);
    loud.expect_code(1);
    assert!(loud
        .stdout
        .ends_with("Found 1 finding (1 critical) in 1 file.\n"));

    let quiet = fx.run(&["check", "-q"]);
    quiet.expect_code(1);
    assert!(!quiet.stdout.contains("Found"), "{}", quiet.stdout);
    assert_eq!(
        quiet.stdout,
        loud.stdout
            .strip_suffix("Found 1 finding (1 critical) in 1 file.\n")
            .unwrap()
    );
    assert_eq!(fx.run(&["check", "--quiet"]).stdout, quiet.stdout);

    // Clean and quiet: nothing at all.
    let clean = Fixture::with(&[("main.tf", "")]);
    let out = clean.run(&["check", "-q"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let fx = Fixture::new();
    let out = fx.run(&["check", "--bogus"]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("error: unexpected argument '--bogus' found"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\x1b'), "no colour: {:?}", out.stderr);
}

#[test]
fn bad_format_value_and_missing_subcommand() {
    let fx = Fixture::new();
    let out = fx.run(&["check", "--format", "xml"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{}",
        out.stderr
    );
    fx.run(&[]).expect_code(2);
    fx.run(&["frobnicate"]).expect_code(2);
}

#[test]
fn help_and_version_exit_0() {
    let fx = Fixture::new();
    let help = fx.run(&["--help"]);
    help.expect_code(0);
    assert!(help.stdout.contains("check"), "{}", help.stdout);
    let version = fx.run(&["--version"]);
    version.expect_code(0);
    assert_eq!(
        version.stdout,
        format!(
            "rampart {} ({})\n",
            env!("CARGO_PKG_VERSION"),
            expected_commit()
        )
    );
}

/// What build.rs should have recorded: this checkout's short HEAD, else
/// `RAMPART_COMMIT`, else `unknown`.
fn expected_commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(repo_root())
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let own_checkout = git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        std::path::Path::new(&top).canonicalize().ok() == repo_root().canonicalize().ok()
    });
    if own_checkout {
        if let Some(head) = git(&["rev-parse", "--short", "HEAD"]) {
            return head;
        }
    }
    match std::env::var("RAMPART_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => "unknown".to_string(),
    }
}

/// A peer tool's ID finds the rules it maps to: Checkov's `CKV_AWS_24` is
/// NET001; Trivy's `AVD-AWS-0107` covers the three NET rules.
#[test]
fn explain_by_a_peer_tools_id() {
    let net001 = rampart(&repo_root(), &["explain", "NET001"]);
    let out = rampart(&repo_root(), &["explain", "CKV_AWS_24"]);
    out.expect_code(0);
    assert_eq!(out.stdout, net001.stdout);
    let out = rampart(&repo_root(), &["explain", "avd-aws-0107"]);
    out.expect_code(0);
    let titles: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("# NET"))
        .collect();
    assert_eq!(
        titles,
        [
            "# NET001: admin-port-open-to-internet",
            "# NET002: app-port-open-to-internet",
            "# NET003: all-ports-open-to-internet"
        ]
    );
    rampart(&repo_root(), &["explain", "CKV_AWS_999"]).expect_code(2);
}

/// build.rs outside a checkout of its own (a source tarball, an sdist
/// unpacked inside some other repository): `RAMPART_COMMIT`, else
/// `unknown`, never the enclosing repository's commit.
#[test]
fn build_script_commit_outside_a_checkout() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let exe = tmp.path().join("build-script");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let status = std::process::Command::new(rustc)
        .args(["--edition", "2021", "-o"])
        .arg(&exe)
        .arg(repo_root().join("build.rs"))
        .status()
        .expect("rustc");
    assert!(status.success());
    // A package folder inside another git repository.
    let outer = tmp.path().join("outer");
    let package = outer.join("rampart-0.1.0");
    std::fs::create_dir_all(&package).expect("mkdir");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&outer)
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    // Without git on this machine the outer repository is simply absent.
    let _ = git(&["init", "-q"])
        && git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "outer",
        ]);
    let commit_of = |env: Option<&str>| {
        let mut cmd = std::process::Command::new(&exe);
        cmd.env("CARGO_MANIFEST_DIR", &package);
        match env {
            Some(v) => cmd.env("RAMPART_COMMIT", v),
            None => cmd.env_remove("RAMPART_COMMIT"),
        };
        let out = cmd.output().expect("run build script");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("cargo:rustc-env=RAMPART_COMMIT="))
            .map(str::to_string)
    };
    assert_eq!(commit_of(Some("abc1234")).as_deref(), Some("abc1234"));
    assert_eq!(commit_of(None).as_deref(), Some("unknown"));
    assert_eq!(commit_of(Some("  ")).as_deref(), Some("unknown"));
}
