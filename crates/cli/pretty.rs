//! `--format pretty`: each finding with its source snippet, the offending
//! span, the provenance chain and the fix, rendered by ariadne.

use crate::json::display_path;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};
use rampart_engine::Report as RunReport;
use rampart_policy::{Finding, Severity};
use rampart_terraform::source::{FileId, SourceDb};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

type Span = (String, Range<usize>);

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Red,
        Severity::High => Color::Magenta,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
    }
}

fn config(color: bool) -> Config {
    Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color)
}

struct Ctx<'a> {
    db: &'a SourceDb,
    cwd: &'a Path,
    color: bool,
}

impl Ctx<'_> {
    /// The sources a report shows: only the files it points into (one
    /// cache over every file of a large run, per finding, is quadratic).
    fn sources(&self, files: &[FileId]) -> impl ariadne::Cache<String> + '_ {
        let mut files = files.to_vec();
        files.sort();
        files.dedup();
        ariadne::sources(
            files
                .into_iter()
                .filter_map(|id| self.db.get(id))
                .map(|f| (display_path(&f.path, self.cwd), f.text.as_str())),
        )
    }

    fn span(&self, loc: rampart_terraform::source::Loc) -> Option<Span> {
        let f = self.db.get(loc.file)?;
        Some((
            display_path(&f.path, self.cwd),
            loc.span.start()..loc.span.end(),
        ))
    }

    fn finding<W: Write + ?Sized>(
        &self,
        out: &mut W,
        f: &Finding,
        suppressed: Option<&str>,
    ) -> io::Result<()> {
        let Some(span) = self.span(f.loc) else {
            return Ok(());
        };
        let level = f.severity.as_str();
        let mut report = Report::build(
            ReportKind::Custom(level, severity_color(f.severity)),
            span.clone(),
        )
        .with_config(config(self.color))
        .with_code(format!("{}/{}", f.code, f.name))
        .with_message(&f.message)
        .with_label(
            Label::new(span)
                .with_message(format!("in `{}`", f.resource))
                .with_color(severity_color(f.severity))
                .with_order(0),
        );
        let mut from_cli = Vec::new();
        for (i, r) in f.related.iter().enumerate() {
            match r.loc.and_then(|l| self.span(l)) {
                Some(s) => {
                    report = report.with_label(
                        Label::new(s)
                            .with_message(format!("{}. {}", i + 1, r.message))
                            .with_color(Color::Blue)
                            .with_order(i32::try_from(i + 1).unwrap_or(i32::MAX)),
                    );
                }
                None => from_cli.push(r.message.clone()),
            }
        }
        for note in from_cli {
            report = report.with_note(note);
        }
        if let Some(fix) = &f.fix {
            report = report.with_help(fix);
        }
        if let Some(reason) = suppressed {
            report = report.with_note(format!("suppressed: {reason}"));
        }
        let files: Vec<FileId> = std::iter::once(f.loc.file)
            .chain(f.related.iter().filter_map(|r| r.loc.map(|l| l.file)))
            .collect();
        report.finish().write(self.sources(&files), &mut *out)
    }
}

pub fn write_report(
    out: &mut impl Write,
    report: &RunReport,
    cwd: &Path,
    color: bool,
    show_suppressed: bool,
    quiet: bool,
) -> io::Result<()> {
    let mut buf = Vec::new();
    write_all(&mut buf, report, cwd, color, show_suppressed, quiet)?;
    if color {
        out.write_all(&buf)
    } else {
        // ariadne paints a custom report kind even with colour off.
        out.write_all(&anstream::adapter::strip_bytes(&buf).into_vec())
    }
}

fn write_all(
    out: &mut (dyn Write + '_),
    report: &RunReport,
    cwd: &Path,
    color: bool,
    show_suppressed: bool,
    quiet: bool,
) -> io::Result<()> {
    let ctx = Ctx {
        db: &report.db,
        cwd,
        color,
    };
    for f in &report.findings {
        ctx.finding(out, f, None)?;
    }
    if show_suppressed {
        for (f, s) in &report.suppressed {
            let reason = s.reason.as_deref().unwrap_or("no reason given");
            ctx.finding(out, f, Some(reason))?;
        }
    }
    for p in &report.problems {
        match (p.file, p.span) {
            (Some(file), Some(span)) => {
                let Some(sp) = ctx.span(rampart_terraform::source::Loc::new(file, span)) else {
                    continue;
                };
                Report::build(ReportKind::Error, sp.clone())
                    .with_config(config(color))
                    .with_message(&p.message)
                    .with_label(
                        Label::new(sp)
                            .with_message(&p.message)
                            .with_color(Color::Red),
                    )
                    .finish()
                    .write(ctx.sources(&[file]), &mut *out)?;
            }
            _ => writeln!(out, "error: {}: {}", display_path(&p.path, cwd), p.message)?,
        }
    }
    for n in &report.notes {
        let at = match (n.file, n.span) {
            (Some(file), Some(span)) => report
                .db
                .get(file)
                .map(|f| {
                    let lc = f.line_col(span.start());
                    format!("{}:{}:{}", display_path(&f.path, cwd), lc.line, lc.column)
                })
                .unwrap_or_default(),
            _ => display_path(&n.path, cwd),
        };
        writeln!(out, "note: {at}: {}", n.message)?;
    }
    if !quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary(report: &RunReport) -> String {
    let mut by_severity: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    for f in &report.findings {
        *by_severity
            .entry(std::cmp::Reverse(f.severity))
            .or_default() += 1;
    }
    let mut s = if report.findings.is_empty() {
        format!("No findings in {}", plural(report.files, "file", "files"))
    } else {
        let parts: Vec<String> = by_severity
            .iter()
            .map(|(sev, n)| format!("{n} {}", sev.0))
            .collect();
        format!(
            "Found {} ({}) in {}",
            plural(report.findings.len(), "finding", "findings"),
            parts.join(", "),
            plural(report.files, "file", "files")
        )
    };
    if !report.suppressed.is_empty() {
        s.push_str(&format!("; {} suppressed", report.suppressed.len()));
    }
    if report.baselined > 0 {
        s.push_str(&format!("; {} in the baseline", report.baselined));
    }
    if !report.problems.is_empty() {
        s.push_str(&format!(
            "; {}",
            plural(report.problems.len(), "error", "errors")
        ));
    }
    s.push('.');
    s
}
