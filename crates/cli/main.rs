//! The `rampart` command line: the only place that reads argv, prints and
//! sets exit codes.
#![forbid(unsafe_code)]

mod args;
mod json;
mod pretty;

use args::{Cli, Command, Format};
use clap::Parser;
use rampart_config::Config;
use rampart_engine::Options;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit statuses: one enum, like ruff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// Nothing found.
    Clean = 0,
    /// Findings.
    Findings = 1,
    /// Usage, config, I/O or parse errors.
    Error = 2,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(s as u8)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Status::Error
            } else {
                Status::Clean
            }
            .into();
        }
    };
    let stderr_color = color_enabled(std::io::stderr().is_terminal());
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(stderr_color)
                .unicode(stderr_color)
                .build(),
        )
    }));
    let status = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(&args),
        Command::Explain { code } => explain(&code),
        Command::Lsp => match rampart_lsp::run_stdio() {
            Ok(()) => Status::Clean,
            Err(e) => {
                print_error(miette::miette!("the language server stopped: {e}"));
                Status::Error
            }
        },
    };
    status.into()
}

/// Colour only on a terminal, never with `NO_COLOR`.
fn color_enabled(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_error(report: miette::Report) {
    eprintln!("{report:?}");
}

fn known_codes() -> Vec<&'static str> {
    rampart_policy::registry::codes()
}

fn load_config(args: &args::CheckArgs) -> Result<Config, miette::Report> {
    let codes = known_codes();
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => {
            let start = args
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            // Shown relative to the working directory when it is below it.
            Config::discover(&start).map(|p| {
                std::env::current_dir()
                    .ok()
                    .and_then(|cwd| p.strip_prefix(cwd).ok().map(PathBuf::from))
                    .unwrap_or(p)
            })
        }
    };
    let mut config = match path {
        Some(p) => Config::load(&p, &codes)?,
        None => Config::default(),
    };
    config.apply_cli_selection(&args.select, &args.ignore, &codes)?;
    Ok(config)
}

fn check(args: args::CheckArgs) -> Status {
    let config = match load_config(&args) {
        Ok(c) => c,
        Err(e) => {
            print_error(e);
            return Status::Error;
        }
    };
    let mut vars = Vec::new();
    for v in &args.vars {
        match v.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                vars.push((name.trim().to_string(), value.to_string()));
            }
            _ => {
                print_error(miette::miette!(
                    help = "write it as --var NAME=VALUE",
                    "invalid --var `{v}`: expected NAME=VALUE"
                ));
                return Status::Error;
            }
        }
    }
    let opts = Options {
        paths: args.paths.clone(),
        config,
        vars,
        var_files: args.var_files.clone(),
        ..Options::default()
    };
    let report = rampart_engine::run(&opts);
    let cwd = std::env::current_dir().unwrap_or_default();
    let stdout = std::io::stdout();
    let color = color_enabled(stdout.is_terminal());
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Pretty => pretty::write_report(
            &mut out,
            &report,
            &cwd,
            color,
            args.show_suppressed,
            args.quiet,
        ),
        Format::Json => json::write_report(&mut out, &report, &cwd, args.show_suppressed),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(miette::miette!("cannot write the report: {e}"));
            return Status::Error;
        }
    }
    if !report.problems.is_empty() {
        Status::Error
    } else if !report.findings.is_empty() {
        Status::Findings
    } else {
        Status::Clean
    }
}

fn rules(args: &args::RulesArgs) -> Status {
    let mut out = std::io::stdout().lock();
    let result = match args.format {
        Format::Json => json::write_rules(&mut out),
        Format::Pretty => {
            let mut r = Ok(());
            for rule in rampart_policy::RULES {
                r = r.and_then(|()| {
                    writeln!(
                        out,
                        "{:<8} {:<30} {:<9} {}",
                        rule.code,
                        rule.name,
                        rule.severity.as_str(),
                        rule.title
                    )
                });
            }
            r
        }
    };
    match result {
        Ok(()) => Status::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Clean,
        Err(e) => {
            print_error(miette::miette!("cannot write: {e}"));
            Status::Error
        }
    }
}

fn explain(code: &str) -> Status {
    match rampart_policy::rule(code) {
        Some(rule) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(rule.docs.as_bytes());
            Status::Clean
        }
        None => {
            let codes = known_codes().join(", ");
            print_error(miette::miette!(
                help = format!("known rules: {codes}"),
                "unknown rule `{code}`"
            ));
            Status::Error
        }
    }
}
