//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A Terraform security linter: open ingress, missing HTTPS, over-broad IAM,
/// found precisely and explained.
#[derive(Debug, Parser)]
#[command(name = "rampart", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Terraform files and directories.
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Run the language server (LSP over stdin/stdout) for editors.
    Lsp,
    /// Print a rule's documentation.
    Explain {
        /// A rule code (NET001) or name (admin-port-open-to-internet).
        code: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pretty,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
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
    /// Print findings only, no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
}
