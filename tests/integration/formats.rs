//! The CI report formats: SARIF (validated against the official SARIF 2.1.0
//! schema in `tests/data/`), GitLab Code Quality, JUnit XML, checkstyle XML
//! and GitHub Actions workflow commands.

use crate::common::{rampart, repo_root, Fixture};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// SSH open through a variable set in tfvars (NET001), port 8000 open but
/// suppressed (NET002), and `sqs:*` (IAM002), in a subdirectory of a
/// repository root (`.git`).
const MAIN_TF: &str = r#"variable "admin_cidr" {}

resource "aws_security_group" "app" {
  name = "app"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  # rampart:ignore NET002 reason: public demo endpoint
  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sqs:*"
      Resource = "*"
    }]
  })
}
"#;

fn fixture() -> Fixture {
    Fixture::with(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("infra/main.tf", MAIN_TF),
        ("infra/terraform.tfvars", "admin_cidr = \"0.0.0.0/0\"\n"),
    ])
}

/// The suite's snapshot settings for these formats: trailing whitespace
/// dropped, rampart's version and the fixture's absolute path redacted
/// (SARIF's own `"version": "2.1.0"` stays).
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"(?m)[ \t]+$", "");
    let version = format!("\"{}\"", env!("CARGO_PKG_VERSION")).replace('.', r"\.");
    s.add_filter(&version, "\"[VERSION]\"");
    s.add_filter(
        r#"file://[^"\s]*?rampart-test-[^/"\s]+/"#,
        "file:///[FIXTURE]/",
    );
    s
}

macro_rules! snap_format {
    ($name:expr, $value:expr) => {
        settings().bind(|| insta::assert_snapshot!($name, $value))
    };
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Validate a SARIF log against the official SARIF 2.1.0 schema.
#[track_caller]
pub(crate) fn assert_valid_sarif(doc: &Value) {
    let path = repo_root().join("tests/data/sarif-schema-2.1.0.json");
    let schema = json_of(&std::fs::read_to_string(&path).expect("read the SARIF schema"));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("compile the SARIF schema");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

/// The schema check itself works: a log it must reject is rejected.
#[test]
fn sarif_schema_rejects_an_invalid_log() {
    let path = repo_root().join("tests/data/sarif-schema-2.1.0.json");
    let schema = json_of(&std::fs::read_to_string(&path).unwrap());
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let ok =
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]});
    assert!(validator.is_valid(&ok));
    for bad in [
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
            "results": [{"message": {"text": "m"}, "level": "critical"}]}]}),
        json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
            "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation":
                {"artifactLocation": {"uri": "a.tf"}, "region": {"startLine": 0}}}]}]}]}),
    ] {
        assert!(!validator.is_valid(&bad), "accepted {bad}");
    }
}

fn sarif(fx: &Fixture, args: &[&str], code: i32) -> Value {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = fx.run(&all);
    out.expect_code(code);
    let doc = json_of(&out.stdout);
    assert_valid_sarif(&doc);
    doc
}

/// Rule ids of the results, in order.
fn rule_ids(doc: &Value) -> Vec<&str> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect()
}

#[test]
fn sarif_report() {
    let fx = fixture();
    let mut doc = sarif(&fx, &[], 1);
    assert_eq!(rule_ids(&doc), ["NET001", "IAM002", "NET002"]);
    // The rule list is checked on its own (every rule, docs from
    // policies/); the snapshot keeps the rules the results use.
    let used: Vec<String> = rule_ids(&doc).iter().map(|s| s.to_string()).collect();
    let rules = &mut doc["runs"][0]["tool"]["driver"]["rules"];
    let kept: Vec<Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| used.iter().any(|u| r["id"] == u.as_str()))
        .map(|r| {
            let mut r = r.clone();
            r["fullDescription"]["text"] = json!("[What it flags]");
            r["help"] = json!({"text": "[README.md]", "markdown": "[README.md]"});
            r
        })
        .collect();
    *rules = Value::Array(kept);
    snap_format!("sarif", serde_json::to_string_pretty(&doc).unwrap());
}

/// Every rule is described, from its documentation in `policies/`.
#[test]
fn sarif_describes_every_rule() {
    let fx = fixture();
    let doc = sarif(&fx, &[], 1);
    let out = fx.run(&["rules", "--format", "json"]);
    out.expect_code(0);
    let listed = out.json();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), listed.as_array().unwrap().len());
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "rampart");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    for (rule, meta) in rules.iter().zip(listed.as_array().unwrap()) {
        let code = meta["code"].as_str().unwrap();
        let name = meta["name"].as_str().unwrap();
        assert_eq!(rule["id"], code);
        assert_eq!(rule["name"], name);
        assert_eq!(rule["shortDescription"]["text"], meta["title"]);
        let readme = repo_root().join(format!("policies/{code}-{name}/README.md"));
        let docs = std::fs::read_to_string(&readme).unwrap();
        assert_eq!(rule["help"]["text"], docs.as_str(), "{code}");
        assert_eq!(rule["help"]["markdown"], docs.as_str(), "{code}");
        assert_eq!(
            rule["helpUri"],
            format!(
                "{}/blob/main/policies/{code}-{name}/README.md",
                env!("CARGO_PKG_REPOSITORY")
            )
        );
        // "What it flags", cut to GitHub's 1024 characters.
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        let section = docs
            .split("## What it flags\n")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap()
            .trim();
        assert!(full.chars().count() <= 1024, "{code}");
        let head: String = section.chars().take(40).collect();
        assert!(full.starts_with(&head), "{code}: {full}");
        let (level, score) = match meta["severity"].as_str().unwrap() {
            "critical" => ("error", "9.5"),
            "high" => ("error", "8.0"),
            "medium" => ("warning", "5.5"),
            _ => ("note", "3.0"),
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{code}");
        // GitHub reads a string holding the score.
        assert_eq!(rule["properties"]["security-severity"], score, "{code}");
        assert_eq!(rule["properties"]["tags"][0], "security");
        assert_eq!(rule["properties"]["tags"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn sarif_is_valid_for_the_example_a_clean_tree_and_broken_files() {
    let out = rampart(
        &repo_root(),
        &["check", "examples/fastapi-monolith", "--format", "sarif"],
    );
    out.expect_code(1);
    let doc = json_of(&out.stdout);
    assert_valid_sarif(&doc);
    // The repository's own root: paths from it, under %SRCROOT%.
    let first = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(
        first["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("examples/fastapi-monolith/"),
        "{first}"
    );
    assert_eq!(first["artifactLocation"]["uriBaseId"], "%SRCROOT%");

    let clean = Fixture::with(&[("main.tf", "locals {\n  a = 1\n}\n")]);
    let doc = sarif(&clean, &[], 0);
    assert_eq!(doc["runs"][0]["results"], json!([]));
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    let broken = fixture();
    broken.write("infra/broken.tf", "locals {\n  a = = 1\n}\n");
    let doc = sarif(&broken, &[], 2);
    let invocation = &doc["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{invocation}");
    assert_eq!(notes[0]["level"], "error");
    let at = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "infra/broken.tf");
    assert_eq!(at["region"]["startLine"], 2);
    // The other files are still checked.
    assert_eq!(rule_ids(&doc), ["NET001", "IAM002", "NET002"]);
}

#[test]
fn gitlab_report() {
    let fx = fixture();
    let out = fx.run(&["check", "--format", "gitlab"]);
    out.expect_code(1);
    let doc = json_of(&out.stdout);
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), 2, "suppressed findings are left out: {doc}");
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key}: {issue}");
        }
        assert!(issue["location"]["path"].is_string());
        assert!(issue["location"]["lines"]["begin"].is_u64());
    }
    snap_format!("gitlab", out.stdout);
}

/// An XML element's name and attributes.
pub type Element = (String, BTreeMap<String, String>);

/// `(element, attributes)` for each element of `xml`, parsed with
/// quick-xml, which fails on anything not well-formed; and the text content.
pub fn parse_xml(xml: &str) -> (Vec<Element>, String) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut elements = Vec::new();
    let mut text = String::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|err| panic!("bad attribute ({err}):\n{xml}"));
                    let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap_or_else(|err| panic!("bad attribute value ({err}):\n{xml}"));
                    attrs.insert(key, value.into_owned());
                }
                elements.push((name, attrs));
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => text.push_str(&t.xml10_content().unwrap()),
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().unwrap();
                match r.resolve_char_ref().unwrap() {
                    Some(c) => text.push(c),
                    None => text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};\n{xml}")),
                    ),
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML ({e}):\n{xml}"),
        }
    }
    // Every Empty was counted as opened; count the Starts that closed.
    let opened = elements.len() as i32;
    assert!(depth <= opened, "unbalanced XML:\n{xml}");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    (elements, text)
}

fn elements<'a>(parsed: &'a [Element], name: &str) -> Vec<&'a BTreeMap<String, String>> {
    parsed
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, a)| a)
        .collect()
}

#[test]
fn junit_report_to_stdout() {
    let fx = fixture();
    let out = fx.run(&["check", "--format", "junit"]);
    out.expect_code(1);
    assert_eq!(out.stderr, "");
    let (parsed, text) = parse_xml(&out.stdout);
    let root = elements(&parsed, "testsuites");
    assert_eq!(root[0]["tests"], "3");
    assert_eq!(root[0]["failures"], "2");
    assert_eq!(root[0]["skipped"], "1");
    let suites: Vec<&str> = elements(&parsed, "testsuite")
        .iter()
        .map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        suites,
        [
            "NET001 admin-port-open-to-internet",
            "NET002 app-port-open-to-internet",
            "IAM002 iam-service-wildcard"
        ]
    );
    let failures = elements(&parsed, "failure");
    assert_eq!(failures[0]["type"], "critical");
    assert!(text.contains("infra/terraform.tfvars:1:14: `var.admin_cidr` set in terraform.tfvars"));
    assert_eq!(
        elements(&parsed, "skipped")[0]["message"],
        "suppressed: public demo endpoint"
    );
    snap_format!("junit", out.stdout);
}

#[test]
fn checkstyle_report() {
    let fx = fixture();
    let out = fx.run(&["check", "--format", "checkstyle"]);
    out.expect_code(1);
    let (parsed, _) = parse_xml(&out.stdout);
    assert_eq!(elements(&parsed, "checkstyle")[0]["version"], "4.3");
    let errors = elements(&parsed, "error");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["source"], "rampart.NET001");
    assert_eq!(errors[0]["severity"], "error");
    assert_eq!(errors[0]["line"], "10");
    assert_eq!(errors[0]["column"], "20");
    snap_format!("checkstyle", out.stdout);
}

#[test]
fn github_commands() {
    let fx = fixture();
    let out = fx.run(&["check", "--format", "github"]);
    out.expect_code(1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one command per finding:\n{}", out.stdout);
    assert!(lines[0].starts_with(
        "::error file=infra/main.tf,line=10,col=20,endLine=10,endColumn=33,title=NET001::"
    ));
    snap_format!("github", out.stdout);
}

/// Severities map onto each format's words: low → note/notice/info/minor.
#[test]
fn severity_words() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_lb_listener" "web" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/y"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "SomeCustomPolicy"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/y"
  }
}
"#,
    )]);
    let doc = sarif(&fx, &[], 1);
    assert_eq!(rule_ids(&doc), ["TLS002"]);
    assert_eq!(doc["runs"][0]["results"][0]["level"], "note");
    let out = fx.run(&["check", "--format", "github"]);
    assert!(
        out.stdout.starts_with("::notice file=main.tf,"),
        "{}",
        out.stdout
    );
    let out = fx.run(&["check", "--format", "checkstyle"]);
    assert!(out.stdout.contains("severity=\"info\""), "{}", out.stdout);
    let out = fx.run(&["check", "--format", "gitlab"]);
    assert_eq!(json_of(&out.stdout)[0]["severity"], "minor");
}

/// `(rule, fingerprint, start line)` of each SARIF result and the GitLab
/// fingerprints, from one run each.
fn prints(fx: &Fixture) -> (Vec<(String, String, u64)>, Vec<String>) {
    let doc = sarif(fx, &[], 1);
    let sarif_prints = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let fp = &r["partialFingerprints"];
            assert_eq!(fp["rampart/v1"], fp["primaryLocationLineHash"]);
            (
                r["ruleId"].as_str().unwrap().to_string(),
                fp["rampart/v1"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    let out = fx.run(&["check", "--format", "gitlab"]);
    out.expect_code(1);
    let gitlab = json_of(&out.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    (sarif_prints, gitlab)
}

#[test]
fn fingerprints_survive_line_shifts_and_follow_the_value() {
    let fx = fixture();
    let (before, gitlab_before) = prints(&fx);
    assert_eq!(before.len(), 3);

    // Lines inserted above every finding: same fingerprints, new lines.
    fx.write(
        "infra/main.tf",
        format!("# Networking for the app.\n\n# (owned by the platform team)\n{MAIN_TF}"),
    );
    let (after, gitlab_after) = prints(&fx);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            (&b.0, &b.1),
            (&a.0, &a.1),
            "fingerprint moved with the line"
        );
        assert_eq!(a.2, b.2 + 3);
    }
    assert_eq!(gitlab_before, gitlab_after);
    // GitLab's fingerprint is the SARIF one (and the baseline's).
    assert_eq!(gitlab_after, [after[0].1.clone(), after[1].1.clone()]);

    // The offending value changes: a new finding for IAM002 only.
    fx.write("infra/main.tf", MAIN_TF.replace("sqs:*", "sns:*"));
    let (changed, gitlab_changed) = prints(&fx);
    assert_eq!(changed[0].1, before[0].1, "NET001 untouched");
    assert_eq!(changed[1].0, "IAM002");
    assert_ne!(changed[1].1, before[1].1, "IAM002's value changed");
    assert_eq!(changed[2].1, before[2].1, "NET002 untouched");
    assert_ne!(gitlab_changed, gitlab_before);
}

#[test]
fn several_reports_from_one_run() {
    let fx = fixture();
    let out = fx.run(&[
        "check", "--format", "sarif", "--output", "a.sarif", "--format", "gitlab", "--output",
        "b.json",
    ]);
    out.expect_code(1);
    assert_eq!(out.stderr, "");
    // The terminal gets the summary line and nothing else.
    assert_eq!(
        out.stdout,
        "Found 2 findings (1 critical, 1 high) in 2 files; 1 suppressed.\n"
    );
    let sarif_doc = json_of(&std::fs::read_to_string(fx.path().join("a.sarif")).unwrap());
    assert_valid_sarif(&sarif_doc);
    assert_eq!(rule_ids(&sarif_doc), ["NET001", "IAM002", "NET002"]);
    let gitlab = json_of(&std::fs::read_to_string(fx.path().join("b.json")).unwrap());
    assert_eq!(gitlab.as_array().unwrap().len(), 2);
    // The same as separate runs write.
    let alone = fx.run(&["check", "--format", "gitlab"]);
    assert_eq!(
        std::fs::read_to_string(fx.path().join("b.json")).unwrap(),
        alone.stdout
    );
}

#[test]
fn nothing_to_report() {
    let fx = Fixture::with(&[("main.tf", "locals {\n  a = 1\n}\n")]);
    let out = fx.run(&["check", "--format", "junit"]);
    out.expect_code(0);
    parse_xml(&out.stdout);
    assert_eq!(
        out.stdout,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rampart\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"/>\n"
    );
    let out = fx.run(&["check", "--format", "checkstyle"]);
    out.expect_code(0);
    parse_xml(&out.stdout);
    assert_eq!(
        out.stdout,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\"/>\n"
    );
    let out = fx.run(&["check", "--format", "gitlab"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "[]\n");
    let out = fx.run(&["check", "--format", "github"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "");
}

/// A message and a path holding `<`, `&`, `"`, non-ASCII letters, an emoji
/// and a control character come back intact (the control character, which
/// XML 1.0 cannot carry, as U+FFFD) from well-formed XML.
#[test]
fn xml_escapes_special_characters() {
    let dir = "dir <&\"é🦀";
    let fx = Fixture::with(&[(
        &format!("{dir}/main.tf"),
        r#"resource "aws_lb_listener" "café" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/y"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "Policy <&\"é🦀>\u0007"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/y"
  }
}
"#,
    )]);
    let file = format!("{dir}/main.tf");
    // The BEL is not XML: it is written as a visible escape.
    let policy = "Policy <&\"é🦀>\\u{7}";

    let out = fx.run(&["check", "--format", "checkstyle"]);
    out.expect_code(1);
    let (parsed, _) = parse_xml(&out.stdout);
    assert_eq!(elements(&parsed, "file")[0]["name"], file);
    let message = &elements(&parsed, "error")[0]["message"];
    assert!(
        message.starts_with(&format!("`aws_lb_listener.café` uses `{policy}`")),
        "{message}"
    );

    let out = fx.run(&["check", "--format", "junit"]);
    out.expect_code(1);
    let (parsed, text) = parse_xml(&out.stdout);
    let case = elements(&parsed, "testcase")[0];
    assert_eq!(case["classname"], file);
    assert_eq!(case["name"], "aws_lb_listener.café at 5:23");
    assert!(elements(&parsed, "failure")[0]["message"].contains(policy));
    assert!(
        text.contains(&format!("{file}:5:23 in aws_lb_listener.café")),
        "{text}"
    );
    assert!(text.contains(policy), "{text}");

    // SARIF percent-encodes the path.
    let doc = sarif(&fx, &[], 1);
    assert_eq!(
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "dir%20%3C&%22%C3%A9%F0%9F%A6%80/main.tf"
    );
}

#[test]
fn github_command_escaping() {
    let fx = Fixture::new();
    fx.write(
        "a,b:c%/main.tf",
        crate::common::security_group("ssh", 22, 22, "[var.cidr]"),
    )
    .write("a,b:c%/variables.tf", "variable \"cidr\" {}\n")
    .write("a,b:c%/terraform.tfvars", "cidr = \"0.0.0.0/0\"\n");
    let out = fx.run(&["check", "--format", "github"]);
    out.expect_code(1);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let (command, message) = out
        .stdout
        .trim_end()
        .split_once("::")
        .unwrap()
        .1
        .split_once("::")
        .unwrap();
    // Property values: `%`, `,` and `:` escaped; the separators stay.
    assert_eq!(
        command,
        "error file=a%2Cb%3Ac%25/main.tf,line=6,col=20,endLine=6,endColumn=27,title=NET001"
    );
    // Data: `%` and line breaks escaped, `:` and `,` kept.
    assert!(!message.contains('\n'));
    assert_eq!(
        message.split("%0A").collect::<Vec<_>>()[1],
        "1. a,b:c%25/terraform.tfvars:1:8: `var.cidr` set in terraform.tfvars"
    );
}

/// CI systems resolve paths against the repository root: run from a
/// subdirectory, SARIF, GitLab, JUnit and GitHub still say `infra/…`;
/// checkstyle (read by reviewdog in the same directory) says `main.tf`.
#[test]
fn paths_relative_to_the_repository_root() {
    let fx = fixture();
    let infra = fx.path().join("infra");
    let out = rampart(&infra, &["check", "--format", "sarif"]);
    out.expect_code(1);
    let doc = json_of(&out.stdout);
    assert_valid_sarif(&doc);
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"],
        json!({"uri": "infra/main.tf", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "infra/terraform.tfvars"
    );
    let base = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    assert!(
        !base.ends_with("infra/"),
        "the root, not the working directory: {base}"
    );

    let out = rampart(&infra, &["check", "--format", "gitlab"]);
    assert_eq!(json_of(&out.stdout)[0]["location"]["path"], "infra/main.tf");
    let out = rampart(&infra, &["check", "--format", "github"]);
    assert!(
        out.stdout.starts_with("::error file=infra/main.tf,"),
        "{}",
        out.stdout
    );
    let out = rampart(&infra, &["check", "--format", "junit"]);
    let (parsed, _) = parse_xml(&out.stdout);
    assert_eq!(
        elements(&parsed, "testcase")[0]["classname"],
        "infra/main.tf"
    );
    let out = rampart(&infra, &["check", "--format", "checkstyle"]);
    let (parsed, _) = parse_xml(&out.stdout);
    assert_eq!(elements(&parsed, "file")[0]["name"], "main.tf");
}

/// A file that does not parse shows in every format, and the rest is still
/// reported.
#[test]
fn errors_in_every_format() {
    let fx = fixture();
    fx.write("infra/broken.tf", "locals {\n  a = = 1\n}\n");

    let out = fx.run(&["check", "--format", "gitlab"]);
    out.expect_code(2);
    let doc = json_of(&out.stdout);
    let error = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "syntax-error")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(error["location"]["path"], "infra/broken.tf");
    assert_eq!(error["location"]["lines"]["begin"], 2);
    assert!(error["fingerprint"].is_string());

    let out = fx.run(&["check", "--format", "junit"]);
    out.expect_code(2);
    let (parsed, _) = parse_xml(&out.stdout);
    assert_eq!(elements(&parsed, "testsuites")[0]["errors"], "1");
    let suite = elements(&parsed, "testsuite");
    assert_eq!(suite.last().unwrap()["name"], "rampart");
    assert_eq!(suite.last().unwrap()["errors"], "1");
    let error = elements(&parsed, "error")[0];
    assert_eq!(error["type"], "syntax-error");

    let out = fx.run(&["check", "--format", "checkstyle"]);
    out.expect_code(2);
    let (parsed, _) = parse_xml(&out.stdout);
    let errors = elements(&parsed, "error");
    let syntax: Vec<_> = errors
        .iter()
        .filter(|e| e["source"] == "rampart.syntax")
        .collect();
    assert_eq!(syntax.len(), 1);
    assert_eq!(syntax[0]["line"], "2");
    assert_eq!(errors.len(), 3);

    let out = fx.run(&["check", "--format", "github"]);
    out.expect_code(2);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("::error file=infra/broken.tf,line=2,")
                && l.contains(",title=rampart::")),
        "{}",
        out.stdout
    );
    snap_format!("errors_github", out.stdout);
}
