//! The CI templates in `docs/ci/`: valid YAML with the structure their
//! platforms need, and the `rampart check` command in each, run on a
//! fixture, writes the file the next step reads.

use crate::common::{rampart, repo_root, security_group, Fixture, Output};
use saphyr_parser::{Event, Parser};
use serde_json::{Map, Value};

/// A YAML document as JSON, every scalar a string (enough to check
/// structure; `on`, `true` and `1` all stay text).
pub fn yaml(text: &str) -> Value {
    let mut parser = Parser::new_from_str(text);
    let mut events = std::iter::from_fn(move || {
        parser.next_event().map(|r| {
            r.map(|(e, _)| e)
                .unwrap_or_else(|e| panic!("invalid YAML: {e}"))
        })
    });
    assert!(matches!(events.next(), Some(Event::StreamStart)));
    assert!(matches!(events.next(), Some(Event::DocumentStart(_))));
    let first = events.next().expect("a document");
    let doc = node(first, &mut events);
    assert!(matches!(events.next(), Some(Event::DocumentEnd)));
    doc
}

fn node<'a>(e: Event<'a>, events: &mut impl Iterator<Item = Event<'a>>) -> Value {
    match e {
        Event::Scalar(text, ..) => Value::String(text.to_string()),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                match events.next().expect("sequence end") {
                    Event::SequenceEnd => return Value::Array(items),
                    e => items.push(node(e, events)),
                }
            }
        }
        Event::MappingStart(..) => {
            let mut map = Map::new();
            loop {
                match events.next().expect("mapping end") {
                    Event::MappingEnd => return Value::Object(map),
                    e => {
                        let Value::String(key) = node(e, events) else {
                            panic!("non-scalar key");
                        };
                        let value = node(events.next().expect("a value"), events);
                        assert!(
                            map.insert(key.clone(), value).is_none(),
                            "duplicate key {key}"
                        );
                    }
                }
            }
        }
        other => panic!("unexpected YAML event {other:?}"),
    }
}

pub fn read_yaml(rel: &str) -> Value {
    let path = repo_root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    yaml(&text)
}

/// The words of a `rampart check ...` command line (no shell quoting in
/// the templates), without the leading `rampart`.
fn check_args(line: &str) -> Vec<String> {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    assert_eq!(words.first().map(String::as_str), Some("rampart"), "{line}");
    assert_eq!(words.get(1).map(String::as_str), Some("check"), "{line}");
    words[1..].to_vec()
}

/// The value after `flag` in `args`.
fn flag_value<'a>(args: &'a [String], flag: &str) -> &'a str {
    let i = args
        .iter()
        .position(|a| a == flag)
        .unwrap_or_else(|| panic!("no {flag} in {args:?}"));
    args.get(i + 1).map_or("", String::as_str)
}

/// Run the template's check on a module with SSH open to the world.
fn run_on_open_ssh(args: &[String]) -> (Fixture, Output) {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("bastion", 22, 22, r#"["0.0.0.0/0"]"#),
    )]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = rampart(fx.path(), &args);
    (fx, out)
}

fn str_of(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

#[test]
fn gitlab_code_quality_job() {
    let doc = read_yaml("docs/ci/gitlab-ci.yml");
    assert!(doc["stages"]
        .as_array()
        .unwrap()
        .contains(&Value::from("test")));
    let job = &doc["rampart"];
    assert_eq!(job["stage"], "test");
    // The prebuilt wheel, pinned to this version: no compiler in the job
    // (tests/ci/templates.sh runs these lines against the built wheel).
    assert!(str_of(&job["image"]).starts_with("python:"), "{job}");
    assert_eq!(
        job["variables"]["RAMPART_VERSION"],
        env!("CARGO_PKG_VERSION")
    );
    let install: Vec<&str> = job["before_script"]
        .as_array()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    assert!(
        install
            .iter()
            .any(|l| l.starts_with("pip install")
                && l.contains("\"rampart-linter==$RAMPART_VERSION\"")),
        "{install:?}"
    );
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(str_of)
        .collect();
    let check: Vec<&&str> = script
        .iter()
        .filter(|l| l.starts_with("rampart check"))
        .collect();
    assert_eq!(check.len(), 1, "{script:?}");
    let args = check_args(check[0]);
    let output = flag_value(&args, "--output");
    // The --output belongs to the --format gitlab right before it.
    let at = args.iter().position(|a| a == "--output").unwrap();
    assert_eq!(&args[at - 2..at], ["--format", "gitlab"], "{args:?}");
    assert_eq!(output, "gl-code-quality-report.json");
    let artifacts = &job["artifacts"];
    assert_eq!(artifacts["reports"]["codequality"], output);
    assert_eq!(
        artifacts["when"], "always",
        "upload the report when findings fail the job"
    );
    // pip's cache is the directory GitLab caches.
    assert_eq!(
        job["variables"]["PIP_CACHE_DIR"],
        "$CI_PROJECT_DIR/.cache/pip"
    );
    assert_eq!(job["cache"]["paths"][0], ".cache/pip/");

    let (fx, out) = run_on_open_ssh(&args);
    out.expect_code(1);
    assert!(
        out.stdout.contains("NET001/admin-port-open-to-internet"),
        "{}",
        out.stdout
    );
    let report = std::fs::read_to_string(fx.path().join(output)).expect("the report is written");
    let report: Value = serde_json::from_str(&report).expect("the report is JSON");
    let issues = report
        .as_array()
        .expect("Code Quality is an array of issues");
    assert_eq!(issues.len(), 1, "{report}");
    assert!(issues[0].to_string().contains("NET001"), "{report}");
}

fn steps(job: &Value) -> Vec<&Value> {
    job["steps"].as_array().expect("steps").iter().collect()
}

/// The one step whose `run` has a `rampart check` line, and its args.
fn check_step(job: &Value) -> (usize, Vec<String>) {
    let found: Vec<(usize, Vec<String>)> = steps(job)
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let run = s["run"].as_str()?;
            let line = run
                .lines()
                .find(|l| l.trim_start().starts_with("rampart check"))?;
            Some((i, check_args(line.trim())))
        })
        .collect();
    assert_eq!(found.len(), 1, "{job}");
    found.into_iter().next().unwrap()
}

fn installs_rampart(job: &Value) {
    assert!(
        steps(job).iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/checkout@"))),
        "{job}"
    );
    // The prebuilt wheel with the runner's pipx, pinned to this version.
    assert_eq!(job["env"]["RAMPART_VERSION"], env!("CARGO_PKG_VERSION"));
    let install = steps(job)
        .into_iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("pipx install"))
        .expect("an install step");
    assert!(
        install.contains("pipx install \"rampart-linter==$RAMPART_VERSION\""),
        "{install}"
    );
    assert!(
        install.contains("pipx environment --value PIPX_BIN_DIR >> \"$GITHUB_PATH\""),
        "{install}"
    );
}

fn triggers(doc: &Value) {
    assert!(doc["on"].get("pull_request").is_some(), "{doc}");
    assert!(doc["on"].get("push").is_some(), "{doc}");
}

#[test]
fn github_code_scanning_workflow() {
    let doc = read_yaml("docs/ci/github-code-scanning.yml");
    triggers(&doc);
    let job = &doc["jobs"]["rampart"];
    assert_eq!(job["permissions"]["security-events"], "write");
    installs_rampart(job);
    let (check_at, args) = check_step(job);
    let at = args.iter().position(|a| a == "--output").unwrap();
    assert_eq!(&args[at - 2..at], ["--format", "sarif"], "{args:?}");
    let sarif = flag_value(&args, "--output");

    let uploads: Vec<(usize, &Value)> = steps(job)
        .into_iter()
        .enumerate()
        .filter(|(_, s)| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .collect();
    assert_eq!(uploads.len(), 1, "{job}");
    let (upload_at, upload) = uploads[0];
    assert!(upload_at > check_at, "upload after the check");
    assert_eq!(upload["with"]["sarif_file"], sarif);
    let cond = str_of(&upload["if"]);
    assert!(
        cond.contains("always()"),
        "upload even when findings fail the check: {cond}"
    );
    assert!(cond.contains(&format!("hashFiles('{sarif}')")), "{cond}");

    let (fx, out) = run_on_open_ssh(&args);
    out.expect_code(1);
    let text = std::fs::read_to_string(fx.path().join(sarif)).expect("the SARIF file is written");
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{log}");
    assert_eq!(results[0]["ruleId"], "NET001");
}

#[test]
fn github_annotations_workflow() {
    let doc = read_yaml("docs/ci/github-annotations.yml");
    triggers(&doc);
    let job = &doc["jobs"]["rampart"];
    installs_rampart(job);
    let (_, args) = check_step(job);
    assert_eq!(flag_value(&args, "--format"), "github");
    assert!(
        !args.contains(&"--output".to_string()),
        "annotations go to stdout"
    );
    let (_, out) = run_on_open_ssh(&args);
    out.expect_code(1);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("::error ") && l.contains("main.tf") && l.contains("NET001")),
        "{}",
        out.stdout
    );
}
