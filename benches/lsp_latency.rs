//! Edit-to-diagnostics latency of `rampart lsp`.
//!
//! ```text
//! cargo bench --bench lsp_latency
//! cargo bench --bench lsp_latency -- --edits 500     # more samples
//! ```
//!
//! Generates a deterministic ~2,000-line module (variables, locals, 100
//! security groups with two ingress blocks each, an IAM policy) in a
//! temporary directory, starts the release binary (`cargo bench` builds it
//! with the bench profile, which is the release profile) as `rampart lsp`,
//! opens `main.tf`, then sends 200 `didChange` notifications, each a small
//! real edit (toggling one security group's port between 22 and 2222, or its
//! CIDR between a private range and `0.0.0.0/0`), sending the whole text as
//! the server asks (full sync). For each edit it measures the time from
//! writing the `didChange` to receiving the `publishDiagnostics` for that
//! version, and waits for it before the next edit: this measures latency,
//! not throughput. It prints p50, p99 and max in milliseconds and the
//! machine's core count, against the targets p50 < 10 ms and p99 < 50 ms on
//! 2 cores. It never fails on timings; it fails only if the server does not
//! answer (10 s per edit).
//!
//! The same module is then measured with ten custom Rego policies
//! (`tests/fixtures/custom-policies/ten/`: ports, bucket TLS, CI trust,
//! tags, encryption, pinned modules, HTTP listeners, instance types, a
//! load balancer join) named by a `rampart.toml` beside it: the server
//! loads and compiles them once, and each keystroke evaluates them on the
//! edited module. Same targets. `--no-custom` skips this run,
//! `--only-custom` the run without policies.
//!
//! Then the same measure at workspace scale: for each size (1,800, 4,100
//! and 20,000 files by default; `--workspace 20000` for one), a workspace
//! of many small root modules from the corpus generator
//! (`benches/corpus/lib.rs`, six files per module) plus one small module
//! `edit/main.tf` (a security group) is written to a temporary directory;
//! the server is started on it, `edit/main.tf` is opened (the first
//! publish waits for the whole workspace's first check), and 100 edits
//! (`--ws-edits N`) toggle the group's CIDR between a private range and
//! `0.0.0.0/0`, each awaited as above. Same targets: p50 < 10 ms and
//! p99 < 50 ms at 20,000 files on 2 cores. `--only-workspace` skips the
//! single-module part, `--no-workspace` this one.
//!
//! Run under `cargo test --benches` / `--all-targets` (no `--bench`
//! argument) it only does a short smoke run and prints no figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "../tests/integration/lsp_client.rs"]
mod lsp_client;

#[path = "corpus/lib.rs"]
mod corpus;

use lsp_client::Lsp;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const GROUPS: usize = 100;
const TARGET_P50_MS: f64 = 10.0;
const TARGET_P99_MS: f64 = 50.0;

/// The part of the module the edits toggle: per security group, whether its
/// first ingress is on port 22 (else 2222) and open to the internet.
#[derive(Clone)]
struct State {
    ssh: Vec<bool>,
    open: Vec<bool>,
}

impl State {
    fn initial() -> State {
        State {
            ssh: (0..GROUPS).map(|i| i % 3 == 0).collect(),
            open: (0..GROUPS).map(|i| i % 10 == 0).collect(),
        }
    }

    /// Edit `k`: a group picked by a fixed stride, its port on even edits,
    /// its CIDR on odd ones.
    fn edit(&mut self, k: usize) {
        let g = (k * 37) % GROUPS;
        if k % 2 == 0 {
            self.ssh[g] = !self.ssh[g];
        } else {
            self.open[g] = !self.open[g];
        }
    }

    fn render(&self) -> String {
        let mut t = String::new();
        for (name, default) in [
            ("environment", "\"prod\""),
            ("vpc_id", "\"vpc-0123456789abcdef0\""),
            ("office_cidrs", "[\"203.0.113.0/24\", \"198.51.100.0/24\"]"),
            ("app_port", "8443"),
            ("team", "\"platform\""),
        ] {
            writeln!(t, "variable \"{name}\" {{\n  default = {default}\n}}\n").unwrap();
        }
        t.push_str(
            r#"locals {
  tags = {
    Environment = var.environment
    Team        = var.team
    ManagedBy   = "terraform"
  }
  office_cidrs = var.office_cidrs
  app_port     = var.app_port
  private_cidr = "10.0.0.0/8"
}

resource "aws_iam_policy" "deployer" {
  name = "deployer"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::artifacts", "arn:aws:s3:::artifacts/*"]
      },
      {
        Sid      = "Deploy"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService", "ecs:DescribeServices"]
        Resource = "*"
      },
    ]
  })
}

"#,
        );
        for i in 0..GROUPS {
            let port = if self.ssh[i] { 22 } else { 2222 };
            let cidr = if self.open[i] {
                "0.0.0.0/0".to_string()
            } else {
                format!("10.{}.0.0/16", i)
            };
            writeln!(
                t,
                r#"resource "aws_security_group" "svc_{i:03}" {{
  name        = "svc-{i:03}"
  description = "service {i}"
  vpc_id      = var.vpc_id

  ingress {{
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = ["{cidr}"]
  }}

  ingress {{
    from_port   = local.app_port
    to_port     = local.app_port
    protocol    = "tcp"
    cidr_blocks = local.office_cidrs
  }}

  tags = merge(local.tags, {{ Name = "svc-{i:03}" }})
}}
"#
            )
            .unwrap();
        }
        t
    }
}

/// The load averages (1, 5, 15 min), when the system says.
fn loadavg() -> Option<String> {
    let load = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The value after `flag`, parsed.
fn arg<T: std::str::FromStr>(args: &[String], flag: &str) -> Option<T> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
}

struct Figures {
    p50: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

fn figures(samples: &[f64]) -> Figures {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    Figures {
        p50: percentile(&sorted, 50.0),
        p99: percentile(&sorted, 99.0),
        max: sorted[sorted.len() - 1],
        mean: samples.iter().sum::<f64>() / samples.len() as f64,
    }
}

/// The small module the workspace edits toggle.
fn edit_module(open: bool) -> String {
    let cidr = if open { "0.0.0.0/0" } else { "10.20.0.0/16" };
    format!(
        r#"resource "aws_security_group" "edited" {{
  name = "edited"

  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["{cidr}"]
  }}
}}
"#
    )
}

/// Keystroke latency for an edit in a small module of a workspace of
/// about `files` Terraform files.
fn workspace(files: usize, edits: usize, bench: bool) {
    let dir = tempfile::Builder::new()
        .prefix("rampart-lsp-ws-bench-")
        .tempdir()
        .expect("a temporary directory");
    let units = corpus::units_for_files(files, corpus::Shape::Dirs).max(1);
    let written = corpus::generate(&dir.path().join("units"), units, corpus::Shape::Dirs)
        .expect("write the workspace");
    std::fs::create_dir_all(dir.path().join("edit")).unwrap();
    let mut open = false;
    std::fs::write(dir.path().join("edit/main.tf"), edit_module(open)).unwrap();
    let total = written.files + 1;

    let started = Instant::now();
    let (mut lsp, _) = Lsp::initialized(dir.path());
    lsp.open("edit/main.tf", 1, &edit_module(open));
    let uri = lsp.uri("edit/main.tf");
    lsp.wait_for(
        "the first publish of edit/main.tf",
        |m| {
            m["method"] == lsp_client::PUBLISH
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == 1
        },
        Duration::from_secs(300),
    );
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    // Let the first check's publishes for the other files arrive.
    lsp.settle(Duration::from_millis(300));

    let mut samples = Vec::with_capacity(edits);
    for k in 0..edits {
        open = !open;
        let text = edit_module(open);
        let version = k as i32 + 2;
        lsp.drain();
        let sent = Instant::now();
        lsp.change("edit/main.tf", version, &text);
        let published = lsp.published("edit/main.tf", i64::from(version));
        samples.push(sent.elapsed().as_secs_f64() * 1e3);
        let n = published["diagnostics"].as_array().map_or(0, Vec::len);
        assert_eq!(n, usize::from(open), "edit {k}: {published:#}");
    }
    let _ = lsp.request("shutdown", serde_json::Value::Null);
    lsp.notify("exit", serde_json::Value::Null);
    let _ = lsp.wait_exit(Duration::from_secs(5));
    if !bench {
        println!("lsp_latency: workspace smoke run ok ({total} files, {edits} edits)");
        return;
    }
    let f = figures(&samples);
    let verdict = |v: f64, t: f64| if v < t { "ok" } else { "MISSED" };
    println!(
        "workspace: {total} files ({units} modules + edit/), {:.1} MB",
        written.bytes as f64 / 1_048_576.0
    );
    println!("  open:   {open_ms:.0} ms (start, initialize, first check of the whole workspace)");
    println!("  edits:  {edits} in edit/main.tf, each awaited before the next");
    println!(
        "  p50:    {:.2} ms (target < {TARGET_P50_MS} ms: {})",
        f.p50,
        verdict(f.p50, TARGET_P50_MS)
    );
    println!(
        "  p99:    {:.2} ms (target < {TARGET_P99_MS} ms: {})",
        f.p99,
        verdict(f.p99, TARGET_P99_MS)
    );
    println!("  max:    {:.2} ms", f.max);
    println!("  mean:   {:.2} ms", f.mean);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let edits = arg(&args, "--edits").unwrap_or(if bench { 200 } else { 3 });
    let ws_edits = arg(&args, "--ws-edits").unwrap_or(if bench { 100 } else { 3 });
    let sizes: Vec<usize> = match arg::<usize>(&args, "--workspace") {
        _ if args.iter().any(|a| a == "--no-workspace") => Vec::new(),
        Some(n) => vec![n],
        None if bench => vec![1_800, 4_100, 20_000],
        None => vec![60],
    };
    if !args.iter().any(|a| a == "--only-workspace") {
        if !args.iter().any(|a| a == "--only-custom") {
            single_module(bench, edits, false);
        }
        if !args.iter().any(|a| a == "--no-custom") {
            single_module(bench, edits, true);
        }
    }
    for files in sizes {
        workspace(files, ws_edits, bench);
    }
}

/// The ten custom policies of `tests/fixtures/custom-policies/ten/`,
/// copied into `dir` with the `rampart.toml` naming them; returns how
/// many were copied.
fn write_custom_policies(dir: &std::path::Path) -> usize {
    let ten =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/custom-policies/ten");
    std::fs::copy(ten.join("rampart.toml"), dir.join("rampart.toml")).expect("copy rampart.toml");
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(ten.join("policies")).expect("read the policies") {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "rego") {
            std::fs::copy(&path, dir.join("policies").join(path.file_name().unwrap())).unwrap();
            n += 1;
        }
    }
    n
}

/// Keystroke latency in one ~2,000-line module, with the ten custom
/// policies when `custom`.
fn single_module(bench: bool, edits: usize, custom: bool) {
    let dir = tempfile::Builder::new()
        .prefix("rampart-lsp-bench-")
        .tempdir()
        .expect("a temporary directory");
    let mut state = State::initial();
    let text = state.render();
    std::fs::write(dir.path().join("main.tf"), &text).expect("write main.tf");
    let policies = if custom {
        write_custom_policies(dir.path())
    } else {
        0
    };

    let (mut lsp, _) = Lsp::initialized(dir.path());
    let opened = Instant::now();
    lsp.open("main.tf", 1, &text);
    let first = lsp.published("main.tf", 1);
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    let diagnostics = first["diagnostics"].as_array().cloned().unwrap_or_default();
    let findings = diagnostics.len();
    let custom_findings = diagnostics
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("TEN")))
        .count();
    assert_eq!(
        custom_findings > 0,
        custom,
        "the custom policies report on the module exactly when they are there: {first:#}"
    );
    let load_before = loadavg();

    let mut samples = Vec::with_capacity(edits);
    for k in 0..edits {
        state.edit(k);
        let text = state.render();
        let version = k as i32 + 2;
        lsp.drain();
        let sent = Instant::now();
        lsp.change("main.tf", version, &text);
        lsp.published("main.tf", i64::from(version));
        samples.push(sent.elapsed().as_secs_f64() * 1e3);
    }

    if !bench {
        println!("lsp_latency: smoke run ok ({edits} edits, {policies} custom policies); run `cargo bench --bench lsp_latency` for figures");
        return;
    }

    let Figures {
        p50,
        p99,
        max,
        mean,
    } = figures(&samples);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let verdict = |v: f64, t: f64| if v < t { "ok" } else { "MISSED" };
    println!("rampart lsp: didChange -> publishDiagnostics latency");
    println!(
        "  module: main.tf, {} lines, {} bytes, {GROUPS} security groups, {findings} diagnostics at open",
        text.lines().count(),
        text.len()
    );
    if custom {
        println!(
            "  custom: {policies} Rego policies (tests/fixtures/custom-policies/ten), {custom_findings} of the diagnostics theirs"
        );
    } else {
        println!("  custom: none");
    }
    println!("  cores:  {cores}");
    // Other work on the machine shows up in the tail.
    if let (Some(before), Some(after)) = (load_before, loadavg()) {
        println!("  load:   {before} before the edits, {after} after (1, 5, 15 min)");
    }
    println!("  open:   {open_ms:.2} ms (first publish, cold)");
    println!("  edits:  {edits}, each awaited before the next");
    println!(
        "  p50:    {p50:.2} ms (target < {TARGET_P50_MS} ms: {})",
        verdict(p50, TARGET_P50_MS)
    );
    println!(
        "  p99:    {p99:.2} ms (target < {TARGET_P99_MS} ms: {})",
        verdict(p99, TARGET_P99_MS)
    );
    println!("  max:    {max:.2} ms");
    println!("  mean:   {mean:.2} ms");

    let _ = lsp.request("shutdown", serde_json::Value::Null);
    lsp.notify("exit", serde_json::Value::Null);
    let _ = lsp.wait_exit(Duration::from_secs(5));
}
