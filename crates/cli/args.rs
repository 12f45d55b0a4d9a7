//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `rampart --version`: the package version and the commit it was built
/// from (see build.rs: `unknown` when neither git nor `RAMPART_COMMIT`
/// could tell).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("RAMPART_COMMIT"), ")");

/// A Terraform security linter: open ingress, missing HTTPS, over-broad IAM,
/// found precisely and explained.
#[derive(Debug, Parser)]
#[command(name = "rampart", version = VERSION, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Terraform files and directories.
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules(RulesArgs),
    /// Run the language server (LSP over stdin/stdout) for editors.
    Lsp,
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Run custom policies' tests: their `test_` rules and their good/ and
    /// bad/ Terraform examples.
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy folders or .rego files [default: the configuration's
    /// `[policies] paths`, else .rampart/policies].
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Pretty)]
    pub format: RulesFormat,
    /// Use this config file instead of looking for rampart.toml (for its
    /// `[policies] paths`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only the tests that did not pass, and the summary.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (NET001, or a custom policy's id such as ACME001) or
    /// name (admin-port-open-to-internet).
    pub code: String,
    /// Use this config file (and its custom policies) instead of looking
    /// for rampart.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with their source, for people.
    Pretty,
    /// rampart's JSON contract (version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitLab Code Quality.
    Gitlab,
    /// JUnit XML, for GitLab and Jenkins test reports.
    Junit,
    /// Checkstyle XML, for reviewdog and similar tools.
    Checkstyle,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// `rampart rules` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Pretty,
    Json,
}

/// A severity threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]; `-` reads one file from
    /// stdin (with --stdin-filename).
    pub paths: Vec<PathBuf>,
    /// Output format [default: pretty]. Repeat with --output for several
    /// reports from one run: each --output goes with the --format before it.
    #[arg(long, value_enum, action = clap::ArgAction::Append)]
    pub format: Vec<Format>,
    /// Write the report of the preceding --format to FILE instead of stdout
    /// (the terminal still gets the summary line, unless -q).
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub output: Vec<PathBuf>,
    /// Fail (exit 1) only for findings at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Level>,
    /// Never fail because of findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With `-` as the path: the path of the file whose text comes on stdin
    /// (checked within its module on disk).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Print how long each phase of the run took to stderr (for profiling).
    #[arg(long, hide = true)]
    pub timings: bool,
    /// Only these rules (codes or prefixes, comma-separated or repeated).
    #[arg(long, value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rules (codes or prefixes).
    #[arg(long, value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Use this config file instead of looking for rampart.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Set a Terraform variable, like `terraform plan -var`.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Load variable values from a .tfvars or .tfvars.json file (in order).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Also list findings hidden by rampart:ignore comments.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Apply the safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Also apply fixes that change behaviour (who may connect, what a
    /// listener serves); with --fix or --diff.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print what --fix (and --add-suppressions) would change as a unified
    /// diff, writing nothing; exit 1 if there is a change.
    #[arg(long)]
    pub diff: bool,
    /// Add `# rampart:ignore CODE reason: REASON` above each finding left
    /// (after --fix, if given).
    #[arg(long, value_name = "REASON")]
    pub add_suppressions: Option<String>,
    /// Print findings only, no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Say on stderr which configuration file is used (and which were
    /// seen but not read).
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Pretty)]
    pub format: RulesFormat,
    /// Use this config file (and its custom policies) instead of looking
    /// for rampart.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
