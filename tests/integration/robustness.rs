//! Robustness: hostile inputs through the real binary (each run bounded in
//! time and memory, the child killed when it overruns), the fuzz targets'
//! seed corpus replayed on stable Rust, and a seeded mutation loop standing
//! in for `cargo fuzz` where no nightly toolchain is at hand.
//!
//! The mutation loop is `#[ignore]`d; run it with
//! `RAMPART_MUTATE_SECS=600 cargo test --release --test integration robustness::mutate -- --ignored --nocapture`
//! (`RAMPART_MUTATE_SEED` picks another seed). A crash it finds prints the
//! input's file under `target/mutate-crashes/`; add that file to
//! `tests/robustness/` and it is replayed by
//! [`corpus_replays_without_panic`] and [`regressions_replay_without_panic`]
//! from then on.

use crate::common::{repo_root, security_group, Fixture};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../../fuzz/fuzz_targets/common.rs"]
mod fuzz_common;

/// The bound on one hostile run of the binary.
pub(crate) const LIMIT: Duration = Duration::from_secs(30);

/// Virtual memory allowed to one hostile run, in KiB (`ulimit -v`): far more
/// than any of these inputs needs, far less than a runaway allocation.
const MEMORY_KIB: u64 = 4 * 1024 * 1024;

/// What one bounded run did.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) elapsed: Duration,
}

/// At most 2,000 characters of `s` (a 10 MB line is echoed back).
fn clip(s: &str) -> String {
    match s.char_indices().nth(2000) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &s[..i], s.len()),
        None => s.to_string(),
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            self.elapsed,
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }
}

impl Run {
    /// stdout and stderr (the pretty report prints errors on stdout).
    fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The output names `file`.
    #[track_caller]
    fn names(&self, file: &str) -> &Run {
        assert!(
            self.output().contains(file),
            "the output does not name {file}: {self:?}"
        );
        self
    }

    /// The run ended normally, without a panic, with exit code `code`.
    #[track_caller]
    fn expect(&self, code: i32) -> &Run {
        self.expect_clean();
        assert_eq!(self.code, Some(code), "unexpected exit code: {self:?}");
        self
    }

    /// The run ended with 0, 1 or 2 and no panic.
    #[track_caller]
    fn expect_clean(&self) -> &Run {
        assert!(
            matches!(self.code, Some(0..=2)),
            "rampart crashed or was killed: {self:?}"
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "rampart panicked: {self:?}"
        );
        self
    }
}

/// Run `rampart ARGS` in `dir` under `ulimit -v`, killing it after
/// `limit`. A run that overruns fails the test.
#[track_caller]
pub(crate) fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rampart-empty-home");
    std::fs::create_dir_all(&home).expect("create the empty HOME");
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_rampart"))
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rampart");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for rampart") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "rampart {args:?} did not finish within {limit:?}; killed.\n--- stderr\n{}",
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed: start.elapsed(),
    }
}

/// `rampart check` of the fixture, bounded.
#[track_caller]
fn check(fx: &Fixture) -> Run {
    run_within(fx.path(), &["check"], LIMIT)
}

/// The three fuzz targets on `data`; a panic fails the test naming `what`.
fn all_targets(what: &str, data: &[u8]) {
    for (name, target) in [
        ("parse", fuzz_common::parse as fn(&[u8])),
        ("evaluate", fuzz_common::evaluate),
        ("check", fuzz_common::check),
    ] {
        if std::panic::catch_unwind(|| target(data)).is_err() {
            panic!("fuzz target `{name}` panicked on {what}");
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

// ---------------------------------------------------------------- corpus

/// The seed corpus, taken from the repository's own Terraform (not copied):
/// the first bad example of each policy, the Terraform-JSON and tfvars
/// examples, the example stack and the module fixtures.
/// `fuzz/seed.sh` lays the same files out for `cargo fuzz`.
fn seed_files() -> Vec<PathBuf> {
    let root = repo_root();
    let mut seeds = Vec::new();
    let mut policies = Vec::new();
    let mut rules: Vec<PathBuf> = std::fs::read_dir(root.join("policies"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    rules.retain(|p| p.is_dir());
    rules.sort();
    for rule in &rules {
        let bad = rule.join("bad");
        if let Some(first) = files_in(&bad)
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "tf"))
        {
            seeds.push(first);
        }
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&bad)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.retain(|p| p.is_dir());
        dirs.sort();
        for dir in dirs {
            policies.extend(files_in(&dir).into_iter().filter(|p| {
                let n = p.to_string_lossy();
                n.ends_with(".tf.json") || n.ends_with(".tfvars")
            }));
        }
    }
    seeds.extend(policies);
    seeds.push(root.join("examples/fastapi-monolith/main.tf"));
    let mut modules: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/modules"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path().join("main.tf")))
                .collect()
        })
        .unwrap_or_default();
    modules.retain(|p| p.is_file());
    modules.sort();
    seeds.extend(modules);
    seeds
}

/// Every seed through all three fuzz target bodies: what `cargo fuzz run
/// TARGET` starts from, on stable.
#[test]
fn corpus_replays_without_panic() {
    let files = seed_files();
    for file in &files {
        let data = std::fs::read(file).expect("read a corpus file");
        all_targets(&file.display().to_string(), &data);
    }
    assert!(files.len() > 30, "only {} corpus files", files.len());
}

/// Inputs that once crashed (or could have): `tests/robustness/`.
#[test]
fn regressions_replay_without_panic() {
    for file in files_in(&repo_root().join("tests/robustness")) {
        let data = std::fs::read(&file).expect("read a regression input");
        all_targets(&file.display().to_string(), &data);
    }
}

// --------------------------------------------------------- hostile inputs

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("a = {}1{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deeply_nested_brackets_are_an_error_or_parse_without_overflow() {
    for (open, close) in [("[", "]"), ("{x = ", "}"), ("(", ")"), ("[", "")] {
        let text = format!("locals {{\n  {}}}\n", nested(open, close, 100_000));
        all_targets(&format!("100,000 × {open:?}"), text.as_bytes());
        let fx = Fixture::with(&[("main.tf", &text)]);
        let run = check(&fx);
        run.expect_clean();
        if run.code == Some(2) {
            run.names("main.tf");
        }
    }
}

#[test]
fn a_ten_megabyte_line_is_checked() {
    let text = format!("locals {{ big = \"{}\" }}\n", "x".repeat(10 * 1024 * 1024));
    let fx = Fixture::with(&[("main.tf", &text)]);
    check(&fx).expect(0);
    // And one that is all syntax error.
    let fx = Fixture::with(&[("main.tf", &"=".repeat(10 * 1024 * 1024))]);
    let run = check(&fx);
    run.expect(2);
    run.names("main.tf:1:1");
    // The place, not the line: printing a 10 MB line helps nobody.
    assert!(run.output().len() < 2_000, "{run:?}");
    // A finding on a long line is shown the same way, in full otherwise.
    let text = format!(
        "resource \"aws_security_group\" \"a\" {{\n  ingress {{\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"] # {}\n  }}\n}}\n",
        "x".repeat(100_000)
    );
    let fx = Fixture::with(&[("main.tf", &text)]);
    let run = check(&fx);
    run.expect(1);
    assert!(run.output().len() < 2_000, "{run:?}");
    run.names("main.tf:6:").names("NET001");
    let run = run_within(fx.path(), &["check", "--format", "json"], LIMIT);
    run.expect(1).names("NET001");
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let fx = Fixture::new();
    fx.write("x.tf", b"locals { a = \"\xff\xfe\" }\n");
    let run = check(&fx);
    run.expect(2);
    run.names("x.tf").names("UTF-8");
}

#[test]
fn nul_bytes_are_an_error_or_checked() {
    for text in [&b"\0\0\0"[..], b"locals { a = \"\0\" }\n", b"locals {\0}\n"] {
        all_targets("NUL bytes", text);
        let fx = Fixture::new();
        fx.write("x.tf", text);
        let run = check(&fx);
        run.expect_clean();
        if run.code == Some(2) {
            run.names("x.tf");
        }
    }
}

#[test]
fn a_binary_file_named_tf_is_an_error_naming_it() {
    // Bytes of an xorshift generator: not text in any sense.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    all_targets("random bytes", &bytes);
    let fx = Fixture::new();
    fx.write("x.tf", &bytes);
    let run = check(&fx);
    run.expect(2);
    run.names("x.tf");
    // The binary's own bytes, as a real binary file would be.
    let fx = Fixture::new();
    fx.write(
        "x.tf",
        std::fs::read(env!("CARGO_BIN_EXE_rampart")).expect("read the binary"),
    );
    let run = check(&fx);
    run.expect(2);
    run.names("x.tf");
}

#[test]
fn empty_and_comment_only_files_are_clean() {
    for text in [
        "",
        "# only a comment\n",
        "// a comment",
        "/* unterminated",
        "/* a */",
    ] {
        all_targets("a comment", text.as_bytes());
        let fx = Fixture::with(&[("x.tf", text)]);
        let run = check(&fx);
        if text.contains("unterminated") {
            run.expect(2);
            run.names("x.tf");
        } else {
            run.expect(0);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_ends() {
    let fx = Fixture::with(&[("main.tf", "locals { a = 1 }\n"), ("sub/x.tf", "")]);
    std::os::unix::fs::symlink("..", fx.path().join("sub/up")).expect("symlink");
    std::os::unix::fs::symlink(".", fx.path().join("self")).expect("symlink");
    std::os::unix::fs::symlink("b", fx.path().join("a.tf")).expect("symlink");
    std::os::unix::fs::symlink("a.tf", fx.path().join("b")).expect("symlink");
    let run = check(&fx);
    run.expect_clean();
    let run = run_within(fx.path(), &["check", "sub/up/sub/up/main.tf"], LIMIT);
    run.expect_clean();
}

/// Running as root, `chmod 000` does not stop reads; a dangling symlink
/// named `x.tf` is the unreadable file then (and is tested either way).
#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_errors() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::with(&[("main.tf", "locals { a = 1 }\n")]);
    std::os::unix::fs::symlink("missing.tf", fx.path().join("x.tf")).expect("symlink");
    let run = check(&fx);
    run.expect_clean();
    eprintln!("dangling x.tf: exit {:?}\n{}", run.code, run.stderr);

    let fx = Fixture::with(&[("main.tf", "locals { a = 1 }\n"), ("locked/x.tf", "")]);
    let locked = fx.path().join("locked");
    let x = fx.path().join("main.tf");
    std::fs::set_permissions(&x, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let reads_anyway = std::fs::read(&x).is_ok();
    let run = check(&fx);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    run.expect_clean();
    if reads_anyway {
        eprintln!("note: running as root, chmod 000 does not stop reads; only the no-panic half of this test ran");
    } else {
        run.expect(2);
        run.names("main.tf");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_tf_does_not_block() {
    let fx = Fixture::with(&[("main.tf", "locals { a = 1 }\n")]);
    let made = Command::new("mkfifo")
        .arg(fx.path().join("x.tf"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: no mkfifo here; skipped");
        return;
    }
    let run = run_within(fx.path(), &["check"], Duration::from_secs(10));
    run.expect_clean();
    // Named on the command line, it is an error that names it.
    let run = run_within(fx.path(), &["check", "x.tf"], Duration::from_secs(10));
    run.expect(2).names("x.tf");
    assert!(run.output().contains("not a regular file"), "{run:?}");
}

#[test]
fn recursive_module_calls_end() {
    let fx = Fixture::with(&[
        ("main.tf", "module \"self\" {\n  source = \"./\"\n}\nmodule \"ping\" {\n  source = \"./ping\"\n}\n"),
        ("ping/main.tf", "module \"pong\" {\n  source = \"../pong\"\n}\n"),
        ("pong/main.tf", "module \"ping\" {\n  source = \"../ping\"\n}\n"),
    ]);
    check(&fx).expect_clean();
}

fn local_chain(depth: usize) -> String {
    let mut text = String::from("locals {\n  l0 = \"0.0.0.0/0\"\n");
    for i in 1..depth {
        text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    text.push_str("}\n");
    let last = format!("[local.l{}]", depth - 1);
    text.push_str(&crate::common::security_group("web", 22, 22, &last));
    text
}

/// A chain deeper than the evaluator's budget is an error there and
/// unknown values from there on (so no finding); a shallower one is
/// followed to the end.
#[test]
fn a_thousand_deep_local_chain_is_an_error_not_an_overflow() {
    let text = local_chain(1000);
    all_targets("a 1,000-deep chain", text.as_bytes());
    let fx = Fixture::with(&[("main.tf", &text)]);
    check(&fx)
        .expect(2)
        .names("main.tf")
        .names("evaluation budget exceeded");

    let fx = Fixture::with(&[("main.tf", &local_chain(50))]);
    let run = check(&fx);
    run.expect(1);
    assert!(run.stdout.contains("NET001"), "{run:?}");

    // A cycle.
    let fx = Fixture::with(&[("main.tf", "locals {\n  a = local.b\n  b = local.a\n}\n")]);
    check(&fx).expect_clean();
}

#[test]
fn huge_ranges_do_not_exhaust_memory() {
    for expr in [
        "range(1e9)",
        "length(range(1e9))",
        "range(0, 1e18, 1)",
        "[for i in range(1e9) : i]",
    ] {
        let text = format!(
            "locals {{ r = {expr} }}\n{}",
            crate::common::security_group("web", 22, 22, "[\"0.0.0.0/0\"]")
        );
        all_targets(expr, text.as_bytes());
        let fx = Fixture::with(&[("main.tf", &text)]);
        check(&fx).expect_clean();
    }
    // Found by `cargo fuzz run evaluate` (tests/robustness/
    // fuzz-evaluate-timeout-nested-range.tf): a million iterations each
    // calling a `range` too long to build ran for seconds; function
    // results now cost steps and `range` refuses before building.
    let text = "locals {\n  p = [for i in range(1000) : [for j in range(1000) : [for k in range(4417) : i * j * k]]]\n}\n";
    let fx = Fixture::with(&[("main.tf", text)]);
    let run = check(&fx);
    run.expect(2).names("evaluation budget exceeded");
    assert!(run.elapsed < Duration::from_secs(10), "{run:?}");
}

#[test]
fn tfvars_of_the_wrong_type_are_reported_or_unknown() {
    let main = "variable \"port\" {\n  type = number\n}\nvariable \"cidrs\" {\n  type = list(string)\n}\n\
                resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = var.port\n    to_port = var.port\n    protocol = \"tcp\"\n    cidr_blocks = var.cidrs\n  }\n}\n";
    // As `terraform plan` would: an error at the value, naming the
    // variable and what was wrong; the value is then unknown (no finding
    // is guessed from it).
    for (tfvars, says) in [
        (
            "port = \"abc\"\ncidrs = [\"10.0.0.0/8\"]\n",
            "invalid value for `var.port`: a number is required, not the string \"abc\"",
        ),
        (
            "port = 22\ncidrs = 7\n",
            "invalid value for `var.cidrs`: a list is required, not the number 7",
        ),
        (
            "port = [1, 2]\ncidrs = [\"0.0.0.0/0\"]\n",
            "invalid value for `var.port`: a number is required, not a list",
        ),
        (
            "port = 22\ncidrs = [\"0.0.0.0/0\", [1]]\n",
            "invalid value for `var.cidrs[1]`: a string is required, not a list",
        ),
    ] {
        let fx = Fixture::with(&[("main.tf", main), ("terraform.tfvars", tfvars)]);
        let run = check(&fx);
        run.expect(2).names("terraform.tfvars:");
        assert!(run.output().contains(says), "{says}: {run:?}");
        assert!(!run.output().contains("NET001"), "{run:?}");
    }
    // Values Terraform converts are converted: "22" is the number 22.
    let fx = Fixture::with(&[
        ("main.tf", main),
        (
            "terraform.tfvars",
            "port = \"22\"\ncidrs = [\"0.0.0.0/0\"]\n",
        ),
    ]);
    check(&fx).expect(1).names("NET001");
    // A broken tfvars file is a syntax error naming it.
    let fx = Fixture::with(&[
        ("main.tf", main),
        ("terraform.tfvars", "port = {\ncidrs = \n"),
    ]);
    check(&fx).expect(2).names("terraform.tfvars");
    // From the command line: the error points at the variable's type.
    let fx = Fixture::with(&[("main.tf", main)]);
    let run = run_within(
        fx.path(),
        &["check", "--var", "port=abc", "--var", "cidrs=["],
        LIMIT,
    );
    run.expect(2).names("main.tf:2:");
    // A malformed --var is a usage error.
    run_within(fx.path(), &["check", "--var", "=x"], LIMIT)
        .expect(2)
        .names("NAME=VALUE");
    assert!(
        run.output()
            .contains("invalid value for `var.port` (`var.port` set with --var)"),
        "{run:?}"
    );
}

#[test]
fn duplicate_blocks_and_attributes_are_handled() {
    let sg = crate::common::security_group("web", 22, 22, "[\"0.0.0.0/0\"]");
    let text = format!(
        "{sg}{sg}locals {{\n  a = 1\n  a = 2\n}}\nlocals {{\n  a = 3\n}}\nvariable \"v\" {{}}\nvariable \"v\" {{}}\nresource \"aws_security_group\" \"x\" {{\n  name = 1\n  name = 2\n}}\n"
    );
    all_targets("duplicates", text.as_bytes());
    let fx = Fixture::with(&[("main.tf", &text), ("copy.tf", &sg)]);
    check(&fx).expect_clean();
}

// --------------------------------------------------------------- mutation

/// A small, seeded xorshift PRNG: the same seed gives the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"\"",
    b"${",
    b"%{",
    b"<<EOF\n",
    b"\nEOF\n",
    b"...",
    b"=>",
    b"?",
    b":",
    b"#",
    b"//",
    b"/*",
    b"*/",
    b"\\",
    b"\n",
    b"\0",
    "é".as_bytes(),
    "😀".as_bytes(),
    b"local.",
    b"var.",
    b"module.",
    b"each.",
    b"count.index",
    b"self.",
    b"for x in ",
    b"if ",
    b"range(1e9)",
    b"0.0.0.0/0",
    b"-1",
    b"1e308",
    b"null",
    b"true",
    b"\xff",
];

/// One mutation of `data`, using `other` for splices.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + rng.below(32)).min(data.len());
                data.drain(at..end);
            }
            2 => {
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let n = if rng.below(8) == 0 {
                    rng.below(64) + 1
                } else {
                    1
                };
                for _ in 0..n {
                    data.splice(at..at, token.iter().copied());
                }
            }
            4 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + rng.below(64)).min(data.len());
                let copy = data[start..end].to_vec();
                data.splice(at..at, copy);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let end = (at + token.len()).min(data.len());
                data.splice(at..end, token.iter().copied());
            }
        }
    }
}

/// Mutate the seed corpus for `RAMPART_MUTATE_SECS` seconds (default 10)
/// through every fuzz target; a panicking input is saved and fails the run.
#[test]
#[ignore = "long-running; see the module documentation for the command"]
fn mutate_corpus() {
    let secs: u64 = std::env::var("RAMPART_MUTATE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("RAMPART_MUTATE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let corpus: Vec<Vec<u8>> = seed_files()
        .into_iter()
        .chain(files_in(&repo_root().join("tests/robustness")))
        .filter_map(|f| std::fs::read(f).ok())
        .collect();
    assert!(!corpus.is_empty());
    let crashes = repo_root().join("target/mutate-crashes");
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let deadline = Duration::from_secs(secs);
    let (mut iterations, mut failures) = (0u64, 0u64);
    // A watchdog: an input that hangs a target is saved and ends the run.
    let current = Arc::new(Mutex::new((Instant::now(), Vec::new())));
    let watched = current.clone();
    let hung = crashes.join("hang");
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        let guard = watched.lock().unwrap_or_else(|e| e.into_inner());
        if guard.0.elapsed() > Duration::from_secs(60) {
            let _ = std::fs::create_dir_all(hung.parent().unwrap_or(Path::new(".")));
            let _ = std::fs::write(&hung, &guard.1);
            eprintln!("an input hangs for over 60 s: {}", hung.display());
            std::process::exit(3);
        }
    });
    while start.elapsed() < deadline {
        let mut data = corpus[rng.below(corpus.len())].clone();
        let other = &corpus[rng.below(corpus.len())];
        mutate(&mut rng, &mut data, other);
        *current.lock().unwrap_or_else(|e| e.into_inner()) = (Instant::now(), data.clone());
        if iterations % 10_000 == 0 {
            println!("{iterations} iterations, {:?}", start.elapsed());
        }
        for (name, target) in [
            ("parse", fuzz_common::parse as fn(&[u8])),
            ("evaluate", fuzz_common::evaluate),
            ("check", fuzz_common::check),
        ] {
            let t0 = Instant::now();
            let ok = std::panic::catch_unwind(|| target(&data)).is_ok();
            let slow = t0.elapsed() > Duration::from_secs(5);
            if !ok || slow {
                failures += 1;
                std::fs::create_dir_all(&crashes).expect("create the crash directory");
                let kind = if ok { "slow" } else { "crash" };
                let file = crashes.join(format!("{kind}-{name}-{iterations}"));
                std::fs::write(&file, &data).expect("save the input");
                println!(
                    "{kind} in `{name}` ({:?}): {}",
                    t0.elapsed(),
                    file.display()
                );
            }
        }
        iterations += 1;
    }
    println!(
        "mutation: {iterations} iterations in {:?} (seed {seed}), {failures} failures",
        start.elapsed()
    );
    assert_eq!(failures, 0, "see target/mutate-crashes/");
}

/// A bug that panics while one module is parsed or checked (provoked in
/// debug builds by a marker in the file) is an error naming that module's
/// file, exit 2, without Rust's panic report; every other module is still
/// checked.
#[test]
fn an_internal_error_names_the_file_and_the_rest_is_checked() {
    for phase in ["PARSE", "EVALUATE"] {
        let fx = Fixture::with(&[
            (
                "a/main.tf",
                &format!("# RAMPART_DEBUG_PANIC_{phase}\nlocals {{ a = 1 }}\n"),
            ),
            (
                "b/main.tf",
                &crate::common::security_group("web", 22, 22, "[\"0.0.0.0/0\"]"),
            ),
        ]);
        let run = check(&fx);
        run.expect(2).names("a/main.tf").names("NET001");
        assert!(run.output().contains("internal error while"), "{run:?}");
        assert!(!run.stderr.contains("panicked"), "{run:?}");
        assert!(!run.stderr.contains("RUST_BACKTRACE"), "{run:?}");
    }
}

#[test]
fn an_object_of_a_hundred_thousand_keys_parses_in_linear_time() {
    // hcl-edit 0.10.0 searched an object's keys on every insertion: 40,000
    // keys took 17 s in a release build, 100,000 would take minutes. The
    // patched copy (crates/vendor/hcl-edit) appends. Repeated keys are
    // valid (the last one wins), so the last line decides the finding.
    let mut text = String::from("locals {\n  ports = {\n");
    for i in 0..100_000 {
        text.push_str(&format!("    k{i} = \"10.0.{}.0/24\"\n", i % 256));
    }
    text.push_str("    k7 = \"0.0.0.0/0\"\n  }\n}\n");
    text.push_str(&security_group("a", 22, 22, "[local.ports.k7]"));
    let fx = Fixture::with(&[("main.tf", &text)]);
    check(&fx).expect(1).names("NET001");
}
