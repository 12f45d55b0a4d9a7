//! Integrity of what rampart writes and prints (issue #11): reports and
//! baselines go only where asked, atomically; text from scanned files never
//! reaches a terminal or a report unescaped; errors quote only a short
//! excerpt of the offending line; suppressions scale linearly.

use crate::common::{security_group, Fixture};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OPEN_SSH: &str = r#"["0.0.0.0/0"]"#;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Characters that must never reach a terminal or a line-oriented report
/// raw (line feeds aside, which end lines).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            c != '\n'
                && (c.is_control()
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        })
        .collect()
}

// ------------------------------------------------------------ destinations

#[test]
fn output_through_a_symlink_is_refused() {
    let fx = Fixture::with(&[("main.tf", &security_group("a", 22, 22, OPEN_SSH))]);
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("precious.txt");
    std::fs::write(&target, "precious\n").unwrap();
    std::os::unix::fs::symlink(&target, fx.path().join("report.sarif")).unwrap();
    for args in [
        &["check", "--format", "sarif", "--output", "report.sarif"][..],
        &["check", "--write-baseline", "report.sarif"][..],
    ] {
        let out = fx.run(args);
        out.expect_code(2);
        assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
        assert_eq!(read(&target), "precious\n");
        assert!(std::fs::symlink_metadata(fx.path().join("report.sarif"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}

#[test]
fn one_file_named_as_two_outputs_is_refused() {
    // The last write would silently replace the first report.
    let fx = Fixture::with(&[("main.tf", &security_group("a", 22, 22, OPEN_SSH))]);
    for args in [
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "out.txt",
            "--format",
            "json",
            "--output",
            "./out.txt",
        ][..],
        &[
            "check",
            "--format",
            "json",
            "--output",
            "out.txt",
            "--write-baseline",
            "out.txt",
        ][..],
    ] {
        let out = fx.run(args);
        out.expect_code(2);
        assert!(
            out.stderr.contains("named as an output twice"),
            "{}",
            out.stderr
        );
        assert!(!fx.path().join("out.txt").exists(), "nothing is written");
    }
    // Different files are fine.
    fx.run(&[
        "check", "--format", "sarif", "--output", "a.sarif", "--format", "json", "--output",
        "a.json",
    ])
    .expect_code(1);
}

#[test]
fn output_over_an_input_file_is_refused() {
    let tf = security_group("a", 22, 22, OPEN_SSH);
    let fx = Fixture::with(&[
        ("main.tf", &tf),
        ("extra.tfvars", "x = 1\n"),
        ("rampart.toml", "[rules]\n"),
    ]);
    for (flag, dest) in [
        ("--output", "main.tf"),
        ("--output", "./main.tf"),
        ("--output", "extra.tfvars"),
        ("--output", "rampart.toml"),
        ("--write-baseline", "main.tf"),
    ] {
        let mut args = vec!["check", "--var-file", "extra.tfvars"];
        if flag == "--output" {
            args.extend(["--format", "json"]);
        }
        args.extend([flag, dest]);
        let out = fx.run(&args);
        out.expect_code(2);
        // miette wraps the message: compare its words.
        let words: Vec<&str> = out
            .stderr
            .split_whitespace()
            .filter(|w| *w != "|")
            .collect();
        assert!(
            words
                .join(" ")
                .contains("it is one of the files this run read"),
            "{flag} {dest}: {}",
            out.stderr
        );
    }
    assert_eq!(read(&fx.path().join("main.tf")), tf);
    assert_eq!(read(&fx.path().join("extra.tfvars")), "x = 1\n");
    assert_eq!(read(&fx.path().join("rampart.toml")), "[rules]\n");
    // A hard link to an input is the same file.
    std::fs::hard_link(fx.path().join("main.tf"), fx.path().join("link.json")).unwrap();
    fx.run(&[
        "check",
        "main.tf",
        "--format",
        "json",
        "--output",
        "link.json",
    ])
    .expect_code(2);
    assert_eq!(read(&fx.path().join("main.tf")), tf);
}

#[test]
fn a_failed_write_leaves_the_old_file_whole() {
    let fx = Fixture::with(&[("main.tf", &security_group("a", 22, 22, OPEN_SSH))]);
    let old = "{\"version\": 1, \"tool\": \"rampart\", \"findings\": []}\n";
    fx.write("base.json", old);
    fx.write("report.json", "old report\n");
    // Files may not grow past 1 KiB (root too is bound by RLIMIT_FSIZE);
    // with SIGXFSZ ignored, the write fails with EFBIG instead.
    let run = |args: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f 1; exec \"$0\" check {args}"
            ))
            .arg(env!("CARGO_BIN_EXE_rampart"))
            .current_dir(fx.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let big = "--var-file big.tfvars";
    fx.write("big.tfvars", format!("x = \"{}\"\n", "y".repeat(10)));
    // Enough findings for more than 1 KiB of baseline.
    let many: String = (0..40)
        .map(|i| security_group(&format!("g{i}"), 22, 22, OPEN_SSH))
        .collect();
    fx.write("main.tf", &many);
    let out = run(&format!("{big} --write-baseline base.json"));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(read(&fx.path().join("base.json")), old);
    let out = run("--format json --output report.json");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(read(&fx.path().join("report.json")), "old report\n");
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(fx.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A directory, or a path through a regular file, is refused as well.
    std::fs::create_dir(fx.path().join("dir.json")).unwrap();
    fx.run(&["check", "--write-baseline", "dir.json"])
        .expect_code(2);
    let out = fx.run(&["check", "--write-baseline", "base.json/inner.json"]);
    out.expect_code(2);
    assert_eq!(read(&fx.path().join("base.json")), old);
}

#[test]
fn writing_the_applied_baseline_keeps_what_is_still_there() {
    let fx = Fixture::with(&[
        ("a.tf", &security_group("a", 22, 22, OPEN_SSH)),
        ("b.tf", &security_group("b", 3389, 3389, OPEN_SSH)),
    ]);
    fx.run(&["check", "--write-baseline", "base.json"])
        .expect_code(1);
    let mut doc: serde_json::Value =
        serde_json::from_str(&read(&fx.path().join("base.json"))).unwrap();
    let entries = doc["findings"].as_array_mut().unwrap();
    assert_eq!(entries.len(), 2);
    // Data of the entry kept must survive as it was written.
    for e in entries.iter_mut() {
        e["note"] = serde_json::json!(format!("owned by {}", e["file"].as_str().unwrap()));
    }
    std::fs::write(
        fx.path().join("base.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
    // b's finding is fixed; c's is new.
    fx.write("b.tf", security_group("b", 3389, 3389, r#"["10.0.0.0/8"]"#));
    fx.write("c.tf", security_group("c", 22, 22, OPEN_SSH));
    let out = fx.run(&[
        "check",
        "--baseline",
        "base.json",
        "--write-baseline",
        "base.json",
    ]);
    out.expect_code(1);
    assert!(out.stdout.contains("1 in the baseline"), "{}", out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&read(&fx.path().join("base.json"))).unwrap();
    let files: Vec<(&str, Option<&str>)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["file"].as_str().unwrap(), e["note"].as_str()))
        .collect();
    assert_eq!(files, [("a.tf", Some("owned by a.tf")), ("c.tf", None)]);
    // Applying it again: everything is baselined.
    let out = fx.run(&["check", "--baseline", "base.json"]);
    out.expect_code(0);
    assert!(out.stdout.contains("2 in the baseline"), "{}", out.stdout);
}

// ---------------------------------------------------------------- escaping

/// What a comment on a finding's line holds (a line feed would end it, a
/// lone CR is a syntax error: the broken file has one).
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;title\u{7}\u{202e}";

/// Findings in a file whose name, resource name, source line and tfvars
/// hold terminal escapes, CR and newlines; and a syntax error in another.
fn hostile_fixture() -> Fixture {
    let fx = Fixture::new();
    let name = "evil\n\u{1b}[2J\r.tf";
    let tf = format!(
        "resource \"aws_security_group\" \"x\\u001b[2J\\u001b]0;title\\u0007\\r\\ny\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.cidr] # {HOSTILE}\n    description = var.note\n  }}\n}}\nvariable \"cidr\" {{}}\nvariable \"note\" {{}}\n"
    );
    fx.write(name, tf);
    fx.write(
        "terraform.tfvars",
        "cidr = \"0.0.0.0/0\"\nnote = \"\\u001b[2J\\u001b]0;title\\u0007\\r\\nforged line\"\n",
    );
    fx.write(
        "sub/broken\u{1b}[31m.tf",
        format!("variable \"a\" {{\n  default = = 1 # {HOSTILE}\r\n}}\n"),
    );
    fx
}

#[test]
fn no_raw_control_character_reaches_pretty_output() {
    let fx = hostile_fixture();
    let doc = fx.check_json(&[], 2);
    let findings = doc["findings"].as_array().unwrap().len();
    assert!(findings >= 1, "{doc}");
    let out = fx.run(&["check"]);
    out.expect_code(2);
    assert_eq!(
        raw_controls(&out.stdout),
        Vec::<char>::new(),
        "{}",
        out.stdout
    );
    assert_eq!(
        raw_controls(&out.stderr),
        Vec::<char>::new(),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("\\u{1b}[2J"), "{}", out.stdout);
    assert!(!out.stdout.lines().any(|l| l.starts_with("forged line")));
    // Written to a file: the same.
    fx.run(&["check", "--output", "out.txt"]).expect_code(2);
    let text = read(&fx.path().join("out.txt"));
    assert_eq!(raw_controls(&text), Vec::<char>::new(), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("forged line")));
}

#[test]
fn github_commands_are_one_line_each() {
    let fx = hostile_fixture();
    let doc = fx.check_json(&[], 2);
    let n = doc["findings"].as_array().unwrap().len() + doc["errors"].as_array().unwrap().len();
    let out = fx.run(&["check", "--format", "github"]);
    out.expect_code(2);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), n, "{}", out.stdout);
    assert!(lines.iter().all(|l| l.starts_with("::")), "{}", out.stdout);
    assert_eq!(raw_controls(&out.stdout), Vec::<char>::new());
}

#[test]
fn structured_formats_stay_well_formed() {
    let fx = hostile_fixture();
    for format in ["json", "sarif", "gitlab"] {
        let out = fx.run(&["check", "--format", format]);
        out.expect_code(2);
        let _: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{format}: {e}\n{}", out.stdout));
    }
    for format in ["checkstyle", "junit"] {
        let out = fx.run(&["check", "--format", format]);
        out.expect_code(2);
        let (elements, _) = crate::formats::parse_xml(&out.stdout);
        assert!(!elements.is_empty());
        // Nothing XML 1.0 forbids.
        let bad: Vec<char> = out
            .stdout
            .chars()
            .filter(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}')
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?}");
    }
}

// ---------------------------------------------------------------- excerpts

#[test]
fn errors_quote_only_an_excerpt_of_their_line() {
    let long = "z".repeat(5000);
    let fx = Fixture::with(&[(
        "main.tf",
        &format!(
            "locals {{\n  secret_above = \"SECRET-ABOVE\"\n  a = \"{long}\" = \u{1b}[2J {long}\n  secret_below = \"SECRET-BELOW\"\n}}\n"
        ),
    )]);
    let out = fx.run(&["check"]);
    out.expect_code(2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(!all.contains("SECRET-"), "{all}");
    assert_eq!(raw_controls(&all), Vec::<char>::new());
    assert!(all.contains("main.tf:3:"), "{all}");
    assert!(all.lines().all(|l| l.chars().count() < 300), "{all}");
    assert!(all.contains('…'), "{all}");

    let fx = Fixture::with(&[
        ("main.tf", "locals {}\n"),
        (
            "rampart.toml",
            &format!(
                "# SECRET-ABOVE\n[network]\ntrusted_cidrs = [\"{}\", \"bad\u{1b}[2J\"]\n# SECRET-BELOW\n",
                "10.0.0.0/8\", \"".repeat(300)
            ),
        ),
    ]);
    let out = fx.run(&["check"]);
    out.expect_code(2);
    assert!(!out.stderr.contains("SECRET-"), "{}", out.stderr);
    assert_eq!(raw_controls(&out.stderr), Vec::<char>::new());
    assert!(out.stderr.contains("rampart.toml:3:"), "{}", out.stderr);
    assert!(
        out.stderr.lines().all(|l| l.chars().count() < 300),
        "{}",
        out.stderr
    );
}

// ------------------------------------------------------------ suppressions

/// 300,000 suppression lines stacked above one resource: one hides the
/// finding, the others' unused-suppression findings are hidden by the
/// first. Quadratic, this took hours; linear, about 9 s of CPU in a debug
/// build (18 s on a loaded machine).
#[test]
fn three_hundred_thousand_suppressions_are_linear() {
    const GUARD: Duration = Duration::from_secs(90);
    let fx = Fixture::new();
    let mut tf = "# rampart:ignore NET001, RMP002 reason: x\n".repeat(300_000);
    tf.push_str(&security_group("a", 22, 22, OPEN_SSH));
    fx.write("main.tf", tf);
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rampart"))
        .args(["check", "."])
        .current_dir(fx.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("300,000 suppressions took more than {GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "No findings in 1 file; 300000 suppressed.\n");
}
