//! The `rampart` command line: the only place that reads argv, prints and
//! sets exit codes.
#![forbid(unsafe_code)]

mod args;
mod baseline;
mod escape;
mod fingerprint;
mod fix;
mod formats;
mod json;
mod output;
mod policy_tests;
mod pretty;

use args::{Cli, Command, Format, Level, RulesFormat};
use clap::{CommandFactory, FromArgMatches};
use rampart_config::Config;
use rampart_engine::Options;
use rampart_terraform::Problem;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// mimalloc rather than glibc's allocator: a run allocates and frees
/// millions of small tree nodes on several threads (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Run `f`; a panic (a bug in rampart) becomes exit 2 with one clear line,
/// not Rust's panic report. The engine turns a panic while parsing or
/// checking a module into an error naming its file and carries on; this
/// catches the rest (writing the report, say).
fn without_panics(f: impl FnOnce() -> Status) -> Status {
    let location: std::sync::Arc<std::sync::Mutex<Option<String>>> = Default::default();
    let seen = location.clone();
    std::panic::set_hook(Box::new(move |info| {
        if let (Ok(mut slot), Some(at)) = (seen.lock(), info.location()) {
            *slot = Some(format!("{}:{}", at.file(), at.line()));
        }
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let _ = std::panic::take_hook();
    match result {
        Ok(status) => status,
        Err(payload) => {
            let message = rampart_engine::panic_message(payload.as_ref());
            let at = location
                .lock()
                .ok()
                .and_then(|l| l.clone())
                .map(|l| format!(" (at {l})"))
                .unwrap_or_default();
            print_error(miette::miette!(
                "internal error: {message}{at}; this is a bug in rampart, please report it"
            ));
            Status::Error
        }
    }
}

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
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(x) => x,
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
        Command::Check(args) => {
            let sub = matches.subcommand_matches("check");
            match report_targets(&args, sub) {
                Ok(targets) => without_panics(|| check(*args, &targets)),
                Err(e) => {
                    print_error(e);
                    Status::Error
                }
            }
        }
        Command::Rules(args) => rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Test(args) => without_panics(|| test(&args)),
        Command::Lsp => match rampart_lsp::run_stdio() {
            Ok(true) => Status::Clean,
            // `exit` without `shutdown`: status 1, as LSP asks.
            Ok(false) => Status::Findings,
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

/// A configuration and the custom policies it names.
struct Loaded {
    config: Config,
    policies: Arc<rampart_rego::PolicySet>,
    /// Configuration files seen but not read (a link leading out of the
    /// repository).
    notes: Vec<Problem>,
}

/// The configuration (`--config`, else the nearest `rampart.toml` above
/// `start`) and its custom policies, which are loaded first: their codes
/// are valid in `[rules]` and `[[suppress]]`. `root` is where the
/// policies are looked for without a configuration file.
fn load_config_from(
    explicit: Option<&Path>,
    start: &Path,
    root: &Path,
    verbose: bool,
) -> Result<Loaded, miette::Report> {
    let mut notes = Vec::new();
    // Shown relative to the working directory when it is below it.
    let shown = |p: PathBuf| {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(PathBuf::from))
            .unwrap_or(p)
    };
    let path = match explicit {
        // Named on the command line: the user's choice, read as given.
        Some(p) => Some(p.to_path_buf()),
        None => {
            let found = Config::search(start);
            for (path, why) in found.skipped {
                notes.push(Problem::new(
                    shown(path),
                    format!("configuration file {why}"),
                ));
            }
            found.path.map(shown)
        }
    };
    if verbose {
        match &path {
            Some(p) => eprintln!("rampart: using configuration {}", p.display()),
            None => eprintln!("rampart: no configuration file; using the defaults"),
        }
        for n in &notes {
            eprintln!("rampart: {}: {}", n.path.display(), n.message);
        }
    }
    let roots = [root.to_path_buf()];
    let (config, policies) = match path {
        Some(p) => rampart_engine::policies::load_config(&p, &roots)?,
        None => {
            let config = Config::default();
            let policies = rampart_engine::policies::load(&config, &roots);
            (config, policies)
        }
    };
    Ok(Loaded {
        config,
        policies: Arc::new(policies),
        notes,
    })
}

/// The configuration to use for `rampart check`, with its custom
/// policies, and notes about configuration files seen but not read.
fn load_config(args: &args::CheckArgs) -> Result<Loaded, miette::Report> {
    // Reading stdin: the config of the file it stands for.
    let start = match (args.paths.first(), &args.stdin_filename) {
        (Some(p), Some(name)) if p.as_os_str() == "-" => name
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        (Some(p), _) => p.clone(),
        (None, _) => PathBuf::from("."),
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let root = rampart_engine::policies::checked_root(std::slice::from_ref(&start));
    let mut loaded = load_config_from(args.config.as_deref(), &start, &root, args.verbose)?;
    let mut codes = known_codes();
    codes.extend(loaded.policies.rules().iter().map(|r| r.code));
    loaded
        .config
        .apply_cli_selection(&args.select, &args.ignore, &codes)?;
    Ok(loaded)
}

/// Where each report goes: every `--output` belongs to the `--format`
/// before it on the command line; a format without one goes to stdout
/// (only one may).
fn report_targets(
    args: &args::CheckArgs,
    matches: Option<&clap::ArgMatches>,
) -> Result<Vec<(Format, Option<PathBuf>)>, miette::Report> {
    let positions = |id: &str| -> Vec<usize> {
        matches
            .and_then(|m| m.indices_of(id))
            .map(Iterator::collect)
            .unwrap_or_default()
    };
    let format_at = positions("format");
    let output_at = positions("output");
    let mut targets: Vec<(Format, Option<PathBuf>)> = if args.format.is_empty() {
        vec![(Format::Pretty, None)]
    } else {
        args.format.iter().map(|f| (*f, None)).collect()
    };
    for (i, out) in args.output.iter().enumerate() {
        let at = output_at.get(i).copied().unwrap_or(0);
        // The last --format given before this --output (or the only one).
        let owner = format_at.iter().rposition(|&f| f < at).unwrap_or(0);
        match targets.get_mut(owner) {
            Some(t) if t.1.is_none() => t.1 = Some(out.clone()),
            _ => {
                return Err(miette::miette!(
                    help = "write --format FORMAT --output FILE for each report",
                    "--output {} has no --format of its own",
                    out.display()
                ))
            }
        }
    }
    if targets.iter().filter(|t| t.1.is_none()).count() > 1 {
        return Err(miette::miette!(
            help = "give all but one --format an --output FILE",
            "only one report can go to stdout"
        ));
    }
    Ok(targets)
}

fn at_least(level: Level) -> rampart_config::Severity {
    use rampart_config::Severity;
    match level {
        Level::Low => Severity::Low,
        Level::Medium => Severity::Medium,
        Level::High => Severity::High,
        Level::Critical => Severity::Critical,
    }
}

fn check(args: args::CheckArgs, targets: &[(Format, Option<PathBuf>)]) -> Status {
    let Loaded {
        config,
        policies,
        notes: config_notes,
    } = match load_config(&args) {
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
    let mut opts = Options {
        paths: args.paths.clone(),
        config,
        vars,
        var_files: args.var_files.clone(),
        policies: Some(policies),
        ..Options::default()
    };
    // `-`: one file's text on stdin, checked as that file in its module.
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let Some(name) = args.stdin_filename.clone() else {
            print_error(miette::miette!(
                help = "say which file the text is: --stdin-filename path/to/main.tf -",
                "reading from stdin needs --stdin-filename"
            ));
            return Status::Error;
        };
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            print_error(miette::miette!("cannot read stdin: {e}"));
            return Status::Error;
        }
        let name = name.strip_prefix("./").map(PathBuf::from).unwrap_or(name);
        opts.paths = opts
            .paths
            .into_iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    name.clone()
                } else {
                    p
                }
            })
            .collect();
        opts.overlays.insert(name, text);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    // `--baseline`, else the configuration's `[suppressions] baseline`:
    // applied by the engine, as in an editor.
    let baseline_path = args
        .baseline
        .clone()
        .or_else(|| opts.config.baseline_path());
    let old_baseline = match baseline_path
        .as_deref()
        .map(|p| baseline::load(p, &cwd))
        .transpose()
    {
        Ok(b) => b.map(std::sync::Arc::new),
        Err(e) => {
            print_error(e);
            return Status::Error;
        }
    };
    opts.baseline = old_baseline.clone();
    let mut report = rampart_engine::run(&opts);
    let mut fixed = None;
    if args.fix || args.diff || args.add_suppressions.is_some() {
        let outcome = match apply_fixes(&args, &mut opts, report) {
            Ok(o) => o,
            Err(status) => return status,
        };
        if args.diff {
            return show_diff(&args, &outcome);
        }
        if let Err(e) = fix::write(&outcome.changed) {
            print_error(e);
            return Status::Error;
        }
        fixed = Some(fix::summary(&outcome, false));
        report = outcome.report;
    }
    report.notes.extend(config_notes);
    // Every finding present, those the baseline hid included.
    let recorded = args
        .write_baseline
        .as_ref()
        .map(|_| rampart_engine::baseline::entries(&report, &cwd));
    // Where files will be written, checked before any is: never an input
    // of the run (the baseline may be rewritten in place, no report may
    // replace it), never through a symbolic link.
    // Collected only when something is to be written: resolving every
    // input's real path costs a few system calls per file (a tenth of a
    // second on 10,000 files).
    let mut inputs = output::Inputs::default();
    let writes = args.write_baseline.is_some() || targets.iter().any(|(_, o)| o.is_some());
    if writes {
        for (_, f) in report.db.iter() {
            inputs.add(&f.path);
        }
        for path in opts.var_files.iter().chain(&args.config) {
            inputs.add(path);
        }
        if let Some(path) = &opts.config.path {
            inputs.add(path);
        }
    }
    let baseline_dest = match args
        .write_baseline
        .as_deref()
        .map(|p| output::Destination::check(p, "baseline", &inputs))
        .transpose()
    {
        Ok(d) => d,
        Err(e) => {
            print_error(e);
            return Status::Error;
        }
    };
    if let Some(path) = &baseline_path {
        inputs.add(path);
    }
    // Two outputs naming one file would have the last overwrite the first.
    let mut named: Vec<PathBuf> = args
        .write_baseline
        .iter()
        .map(|p| output::file_key(p))
        .collect();
    for path in targets.iter().filter_map(|(_, o)| o.as_deref()) {
        let key = output::file_key(path);
        if named.contains(&key) {
            print_error(miette::miette!(
                help = "give each --output (and --write-baseline) a file of its own",
                "{} is named as an output twice",
                escape::text(&path.display().to_string())
            ));
            return Status::Error;
        }
        named.push(key);
    }
    let mut report_dests = Vec::new();
    for (_, output) in targets {
        match output
            .as_deref()
            .map(|p| output::Destination::check(p, "report", &inputs))
            .transpose()
        {
            Ok(d) => report_dests.push(d),
            Err(e) => {
                print_error(e);
                return Status::Error;
            }
        }
    }
    if let (Some(dest), Some(entries)) = (&baseline_dest, recorded) {
        if let Err(e) = baseline::write(entries, old_baseline.as_deref(), dest) {
            print_error(e);
            return Status::Error;
        }
    }
    let reporting = std::time::Instant::now();
    let stdout = std::io::stdout();
    let color = color_enabled(stdout.is_terminal());
    let mut to_stdout = false;
    for ((format, _), output) in targets.iter().zip(&report_dests) {
        // Written straight to its destination, not built in memory first:
        // a large run's report is megabytes.
        let write = |out: &mut dyn Write| -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
            match format {
                Format::Pretty => pretty::write_report(
                    &mut out,
                    &report,
                    &cwd,
                    color && output.is_none(),
                    args.show_suppressed,
                    args.quiet,
                ),
                Format::Json => json::write_report(&mut out, &report, &cwd, args.show_suppressed),
                other => formats::write(*other, &mut out, &report, &cwd),
            }?;
            out.flush()
        };
        let result = match output {
            Some(dest) => dest.write(|f| write(f)),
            None => {
                to_stdout = true;
                write(&mut stdout.lock())
            }
        };
        if let Err(e) = result {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let dest = output.as_ref().map_or("stdout".to_string(), |d| {
                    escape::text(&d.path().display().to_string()).into_owned()
                });
                print_error(miette::miette!("cannot write the report to {dest}: {e}"));
                return Status::Error;
            }
        }
    }
    if args.timings {
        let phases = report
            .phases
            .iter()
            .copied()
            .chain([("report", reporting.elapsed())]);
        for (name, took) in phases {
            eprintln!("{name:<10} {:>9.1} ms", took.as_secs_f64() * 1e3);
        }
    }
    // Reports went to files: the terminal still gets the summary line.
    if !to_stdout && !args.quiet {
        println!("{}", pretty::summary(&report));
    }
    if let Some(line) = fixed.filter(|_| !args.quiet) {
        eprintln!("{line}");
    }
    let threshold = args.fail_on.map(at_least);
    let failing = report
        .findings
        .iter()
        .any(|f| threshold.is_none_or(|t| f.severity >= t));
    let status = if !report.problems.is_empty() {
        Status::Error
    } else if failing && !args.exit_zero {
        Status::Findings
    } else {
        Status::Clean
    };
    // The process ends now: freeing a large run's trees one by one would
    // only delay the exit (a third of a second on 50 MB).
    std::mem::forget(report);
    status
}

/// `--fix`, `--diff`, `--add-suppressions`: the fixes applied in memory
/// and checked again; an error status if they cannot be.
fn apply_fixes(
    args: &args::CheckArgs,
    opts: &mut Options,
    report: rampart_engine::Report,
) -> Result<fix::Outcome, Status> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        print_error(miette::miette!(
            "--fix, --diff and --add-suppressions change files: they cannot be used with text from stdin"
        ));
        return Err(Status::Error);
    }
    let reason = args.add_suppressions.as_deref().map(str::trim);
    if let Some(reason) = reason {
        let comment = format!("# rampart:ignore NET001 reason: {reason}");
        let parsed = rampart_policy::suppress::parse_comment(&comment);
        let read_back = parsed.as_ref().and_then(|d| d.reason.as_deref());
        if reason.is_empty() || reason.contains(char::is_control) || read_back != Some(reason) {
            print_error(miette::miette!(
                help = "give a reason in words, on one line, without `#`, `//` or `expires:`",
                "--add-suppressions needs a reason that reads back as it is written"
            ));
            return Err(Status::Error);
        }
    }
    let outcome = fix::run(
        opts,
        report,
        &fix::Request {
            unsafe_fixes: args.unsafe_fixes,
            apply_fixes: args.fix || args.add_suppressions.is_none(),
            suppress: reason,
        },
    );
    if outcome.broke {
        print_error(miette::miette!(
            "the fixes would leave errors the files do not have now, so nothing was changed (a bug in rampart; please report it with these files)"
        ));
        return Err(Status::Error);
    }
    Ok(outcome)
}

/// `--diff`: the changes on stdout, the summary on stderr; exit 1 if there
/// are changes, as ruff does.
fn show_diff(args: &args::CheckArgs, outcome: &fix::Outcome) -> Status {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(fix::diff(&outcome.changed).as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(miette::miette!("cannot write the diff: {e}"));
            return Status::Error;
        }
    }
    if !args.quiet {
        eprintln!("{}", fix::summary(outcome, true));
    }
    if !outcome.report.problems.is_empty() {
        Status::Error
    } else if outcome.changed.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    }
}

/// The configuration of the working directory (or `--config`) and its
/// custom policies, for `rampart rules` and `rampart explain`: the
/// policies' errors printed (they make the exit status 2), `None` if the
/// configuration itself is broken.
fn rules_config(config: Option<&Path>) -> Option<(Arc<rampart_rego::PolicySet>, bool)> {
    let here = Path::new(".");
    match load_config_from(config, here, here, false) {
        Ok(loaded) => {
            for e in loaded.policies.errors() {
                print_error(miette::Report::new(e.clone()));
            }
            let broken = !loaded.policies.errors().is_empty();
            Some((loaded.policies, broken))
        }
        Err(e) => {
            print_error(e);
            None
        }
    }
}

fn rules(args: &args::RulesArgs) -> Status {
    let Some((policies, broken)) = rules_config(args.config.as_deref()) else {
        return Status::Error;
    };
    let all = || {
        rampart_policy::RULES
            .iter()
            .copied()
            .chain(policies.rules())
    };
    let mut out = std::io::stdout().lock();
    let result = match args.format {
        RulesFormat::Json => json::write_rules(&mut out, all()),
        RulesFormat::Pretty => {
            let mut r = Ok(());
            // The name column fits the longest name (30 at least).
            let width = all().map(|rule| rule.name.len()).fold(30, usize::max);
            for rule in all() {
                r = r.and_then(|()| {
                    writeln!(
                        out,
                        "{:<8} {:<width$} {:<9} {}",
                        rule.code,
                        escape::text(rule.name),
                        rule.severity.as_str(),
                        escape::text(rule.title)
                    )
                });
            }
            r
        }
    };
    match result {
        Ok(()) if broken => Status::Error,
        Ok(()) => Status::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Clean,
        Err(e) => {
            print_error(miette::miette!("cannot write: {e}"));
            Status::Error
        }
    }
}

/// A rule's documentation, found by its code or name, or by a peer tool's
/// ID (`CKV_AWS_24`, `AVD-AWS-0107`): every rule that ID maps to; or a
/// custom policy's, written from its METADATA.
fn explain(args: &args::ExplainArgs) -> Status {
    let code = args.code.as_str();
    let mut found: Vec<&rampart_policy::RuleMeta> = match rampart_policy::rule(code) {
        Some(rule) => vec![rule],
        None => rampart_policy::registry::by_alias(code).collect(),
    };
    let mut status = Status::Clean;
    let mut custom_codes = Vec::new();
    if found.is_empty() {
        let Some((policies, broken)) = rules_config(args.config.as_deref()) else {
            return Status::Error;
        };
        if broken {
            status = Status::Error;
        }
        found.extend(policies.rule(code));
        custom_codes = policies.rules().iter().map(|r| r.code).collect();
    }
    match found.as_slice() {
        [] => {
            let mut codes = known_codes();
            codes.extend(custom_codes);
            let codes = codes.join(", ");
            print_error(miette::miette!(
                help = format!("known rules: {codes}"),
                "unknown rule `{}`",
                escape::text(code)
            ));
            Status::Error
        }
        rules => {
            let mut out = std::io::stdout().lock();
            for (i, rule) in rules.iter().enumerate() {
                if i > 0 {
                    let _ = out.write_all(b"\n");
                }
                // A custom rule's text comes from a checked-in file: each
                // line escaped.
                let docs = if rule.family == rampart_policy::Family::Custom {
                    std::borrow::Cow::Owned(
                        rule.docs
                            .split('\n')
                            .map(escape::text)
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                } else {
                    std::borrow::Cow::Borrowed(rule.docs)
                };
                let _ = out.write_all(docs.as_bytes());
            }
            status
        }
    }
}

/// `rampart test`: the tests of the policy folders named (else of the
/// configuration's policies): exit 0 when all pass, 1 when one fails, 2
/// when a policy cannot be loaded, a test cannot run, or there is nothing
/// to test.
fn test(args: &args::TestArgs) -> Status {
    let (paths, bound) = if args.paths.is_empty() {
        let here = Path::new(".");
        let loaded = match load_config_from(args.config.as_deref(), here, here, false) {
            Ok(l) => l,
            Err(e) => {
                print_error(e);
                return Status::Error;
            }
        };
        let (paths, bound) =
            rampart_engine::policies::locate(&loaded.config, &[here.to_path_buf()]);
        if paths.is_empty() {
            print_error(miette::miette!(
                help = "put policies in .rampart/policies, name their folder in rampart.toml (`[policies] paths`), or give it: rampart test PATH",
                "no custom policies to test"
            ));
            return Status::Error;
        }
        (paths, bound)
    } else {
        for p in &args.paths {
            if !p.exists() {
                print_error(miette::miette!(
                    "{}: no such file or directory",
                    escape::text(&p.display().to_string())
                ));
                return Status::Error;
            }
        }
        // Read only inside the repository of the first path named.
        let first = rampart_engine::policies::checked_root(&args.paths);
        (args.paths.clone(), rampart_config::policy_bound(&first))
    };
    let suite = rampart_engine::testing::run_tests(&paths, bound.as_deref());
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RulesFormat::Json => policy_tests::write_json(&mut out, &suite, &cwd),
        RulesFormat::Pretty => policy_tests::write_pretty(&mut out, &suite, &cwd, args.quiet),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(miette::miette!("cannot write: {e}"));
            return Status::Error;
        }
    }
    drop(out);
    let summary = suite.summary();
    if suite.is_empty() && suite.errors().is_empty() {
        let shown: Vec<String> = paths
            .iter()
            .map(|p| escape::text(&rampart_engine::paths::display_path(p, &cwd)).into_owned())
            .collect();
        print_error(miette::miette!(
            help = "write `test_` rules (in a `*_test.rego` file) or good/ and bad/ Terraform examples next to the policies: see docs/custom-policies.md",
            "no tests found in {}",
            shown.join(", ")
        ));
        return Status::Error;
    }
    if !suite.errors().is_empty() || summary.errors > 0 {
        Status::Error
    } else if summary.failed > 0 {
        Status::Findings
    } else {
        Status::Clean
    }
}
