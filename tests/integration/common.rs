//! Shared helpers: a fixture tree in a temporary directory, a runner for the
//! binary, and short renderings of JSON findings for readable assertions.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (the root package's manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An empty directory used as `HOME` and `XDG_CONFIG_HOME`, so a developer's
/// global gitignore (which may well ignore `*.tfvars`) cannot leak in.
fn empty_home() -> PathBuf {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rampart-empty-home");
    std::fs::create_dir_all(&home).expect("create the empty HOME");
    home
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Panic with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Output {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e})\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Run `rampart ARGS` in `dir`. stdin, stdout and stderr are not terminals,
/// so there is no colour; colour-forcing variables are removed and `NO_COLOR`
/// too, to show that plain output does not depend on it.
pub fn rampart(dir: &Path, args: &[&str]) -> Output {
    let home = empty_home();
    let out = Command::new(env!("CARGO_BIN_EXE_rampart"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("FORCE_COLOR")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .stdin(Stdio::null())
        .output()
        .expect("run the rampart binary");
    Output {
        code: out.status.code().expect("rampart exited by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A Terraform tree in a fresh temporary directory, removed on drop.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        // Not the default `.tmpXXXX`: a hidden root would be a different case.
        let dir = tempfile::Builder::new()
            .prefix("rampart-test-")
            .tempdir()
            .expect("create a temporary directory");
        Fixture { dir }
    }

    /// A fixture holding `files` (relative path, contents).
    pub fn with(files: &[(&str, &str)]) -> Fixture {
        let fx = Fixture::new();
        for (path, text) in files {
            fx.write(path, text);
        }
        fx
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or overwrite) a file, creating its directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Fixture {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture directories");
        }
        std::fs::write(&path, contents).expect("write a fixture file");
        self
    }

    pub fn remove(&self, rel: &str) -> &Fixture {
        std::fs::remove_file(self.path().join(rel)).expect("remove a fixture file");
        self
    }

    /// Run `rampart ARGS` with this fixture as the working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        rampart(self.path(), args)
    }

    /// Run `rampart check --format json ARGS`, expect `code`, return the document.
    #[track_caller]
    pub fn check_json(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        out.expect_code(code);
        out.json()
    }
}

/// An `aws_security_group` with one TCP ingress block; its `cidr_blocks`
/// value (`cidrs`, HCL) always starts on line 6, column 19.
pub fn security_group(name: &str, from_port: u16, to_port: u16, cidrs: &str) -> String {
    format!(
        r#"resource "aws_security_group" "{name}" {{
  ingress {{
    from_port   = {from_port}
    to_port     = {to_port}
    protocol    = "tcp"
    cidr_blocks = {cidrs}
  }}
}}
"#
    )
}

/// `file:line:column` of a JSON `{file, range}` object's start.
pub fn at(v: &Value) -> String {
    format!(
        "{}:{}:{}",
        v["file"].as_str().unwrap_or("?"),
        v["range"]["start"]["line"],
        v["range"]["start"]["column"]
    )
}

/// Findings as `RULE file:line:column`, in report order.
pub fn brief(doc: &Value) -> Vec<String> {
    brief_list(&doc["findings"])
}

/// `RULE file:line:column` for every finding of a JSON array.
pub fn brief_list(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap_or("?"), at(f)))
        .collect()
}

/// A finding's related locations as `file:line:column message`.
pub fn related(finding: &Value) -> Vec<String> {
    finding["related"]
        .as_array()
        .expect("related is an array")
        .iter()
        .map(|r| format!("{} {}", at(r), r["message"].as_str().unwrap_or("?")))
        .collect()
}

/// The summary object as `(files, findings, suppressed, errors)`.
pub fn summary(doc: &Value) -> (u64, u64, u64, u64) {
    let s = &doc["summary"];
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("summary.{k}"));
    (n("files"), n("findings"), n("suppressed"), n("errors"))
}

/// Snapshot settings shared by every test: trailing whitespace (which
/// ariadne leaves after labels) is dropped and the tool version redacted.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"(?m)[ \t]+$", "");
    settings.add_filter(
        r#""version": "\d+\.\d+\.\d+[^"]*""#,
        r#""version": "[VERSION]""#,
    );
    settings
}
