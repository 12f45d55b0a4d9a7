//! `--format pretty`: each finding with its source snippet, the offending
//! span, the provenance chain and the fix, rendered by ariadne.

use crate::escape;
use crate::json::display_path;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};
use rampart_engine::Report as RunReport;
use rampart_policy::{Finding, Severity};
use rampart_terraform::source::{FileId, SourceDb};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
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
    /// How each file's offsets move in its escaped text (files holding
    /// control characters only).
    shifts: HashMap<FileId, Vec<(usize, usize)>>,
}

/// The path a report shows for a file, escaped.
fn shown_path(path: &Path, cwd: &Path) -> String {
    escape::text(&display_path(path, cwd)).into_owned()
}

/// The sources reports show, each file's line table built once for the
/// whole run (once per report would be quadratic in a large file).
type Sources<'a, F> = ariadne::FnCache<String, F, &'a str>;

/// Every file's text by the path reports show, control characters escaped
/// (see [`escape::source`]), and how the offsets of those that held any
/// move.
type Texts<'a> = (
    HashMap<String, Cow<'a, str>>,
    HashMap<FileId, Vec<(usize, usize)>>,
);

fn texts<'a>(db: &'a SourceDb, cwd: &Path) -> Texts<'a> {
    let mut texts = HashMap::new();
    let mut shifts = HashMap::new();
    for (id, f) in db.iter() {
        let (text, moved) = escape::source(&f.text);
        if !moved.is_empty() {
            shifts.insert(id, moved);
        }
        texts.insert(shown_path(&f.path, cwd), text);
    }
    (texts, shifts)
}

fn sources<'s>(
    texts: &'s HashMap<String, Cow<'_, str>>,
) -> Sources<'s, impl FnMut(&String) -> Result<&'s str, String> + 's> {
    ariadne::FnCache::new(move |id: &String| -> Result<&'s str, String> {
        texts
            .get(id)
            .map(AsRef::as_ref)
            .ok_or_else(|| format!("no source for {id}"))
    })
}

/// A finding's or error's text, escaped, owned for ariadne.
fn esc(s: &str) -> String {
    escape::text(s).into_owned()
}

/// Lines longer than this (minified JSON, generated code) are not shown:
/// the location is printed instead.
const MAX_SHOWN_LINE: usize = 1_000;

impl<'a> Ctx<'a> {
    fn new(
        db: &'a SourceDb,
        cwd: &'a Path,
        color: bool,
        shifts: HashMap<FileId, Vec<(usize, usize)>>,
    ) -> Ctx<'a> {
        Ctx {
            db,
            cwd,
            color,
            shifts,
        }
    }

    /// `path:line:column` of a location, and whether its line is short
    /// enough to show.
    fn place(&self, loc: rampart_terraform::source::Loc) -> Option<(String, bool)> {
        let f = self.db.get(loc.file)?;
        let lc = f.line_col(loc.span.start());
        let line = f.line_text(f.line_index(loc.span.start()));
        Some((
            format!(
                "{}:{}:{}",
                shown_path(&f.path, self.cwd),
                lc.line,
                lc.column
            ),
            line.len() <= MAX_SHOWN_LINE && loc.span.len() <= 64 * MAX_SHOWN_LINE,
        ))
    }

    fn span(&self, loc: rampart_terraform::source::Loc) -> Option<Span> {
        let f = self.db.get(loc.file)?;
        let at = |o: usize| {
            self.shifts
                .get(&loc.file)
                .map_or(o, |s| escape::remap(s, o))
        };
        Some((
            shown_path(&f.path, self.cwd),
            at(loc.span.start())..at(loc.span.end()),
        ))
    }

    fn finding<W: Write + ?Sized>(
        &self,
        out: &mut W,
        sources: &mut impl ariadne::Cache<String>,
        f: &Finding,
        suppressed: Option<&str>,
    ) -> io::Result<()> {
        let Some(span) = self.span(f.loc) else {
            return Ok(());
        };
        let showable = std::iter::once(Some(f.loc))
            .chain(f.related.iter().map(|r| r.loc))
            .flatten()
            .all(|l| self.place(l).is_none_or(|(_, ok)| ok));
        if !showable {
            return self.finding_without_source(out, f, suppressed);
        }
        let level = f.severity.as_str();
        let mut report = Report::build(
            ReportKind::Custom(level, severity_color(f.severity)),
            span.clone(),
        )
        .with_config(config(self.color))
        .with_code(format!("{}/{}", f.code, f.name))
        .with_message(esc(&f.message))
        .with_label(
            Label::new(span)
                .with_message(format!("in `{}`", escape::text(&f.resource)))
                .with_color(severity_color(f.severity))
                .with_order(0),
        );
        let mut from_cli = Vec::new();
        for (i, r) in f.related.iter().enumerate() {
            match r.loc.and_then(|l| self.span(l)) {
                Some(s) => {
                    report = report.with_label(
                        Label::new(s)
                            .with_message(format!("{}. {}", i + 1, escape::text(&r.message)))
                            .with_color(Color::Blue)
                            .with_order(i32::try_from(i + 1).unwrap_or(i32::MAX)),
                    );
                }
                None => from_cli.push(esc(&r.message)),
            }
        }
        for note in from_cli {
            report = report.with_note(note);
        }
        if let Some(note) = instances_note(f) {
            report = report.with_note(esc(&note));
        }
        if let Some(fix) = &f.fix {
            report = report.with_help(esc(fix));
        }
        if let Some(reason) = suppressed {
            report = report.with_note(format!("suppressed: {}", escape::text(reason)));
        }
        report.finish().write(sources, &mut *out)
    }

    /// A finding on a line too long to print: its places, not its source.
    fn finding_without_source<W: Write + ?Sized>(
        &self,
        out: &mut W,
        f: &Finding,
        suppressed: Option<&str>,
    ) -> io::Result<()> {
        let at = self.place(f.loc).map(|(p, _)| p).unwrap_or_default();
        writeln!(
            out,
            "[{}/{}] {}: {}",
            f.code,
            f.name,
            f.severity.as_str(),
            escape::text(&f.message)
        )?;
        writeln!(
            out,
            "   --> {at} in `{}` (line too long to show)",
            escape::text(&f.resource)
        )?;
        for (i, r) in f.related.iter().enumerate() {
            let message = escape::text(&r.message);
            match r.loc.and_then(|l| self.place(l)) {
                Some((p, _)) => writeln!(out, "   {}. {p}: {message}", i + 1)?,
                None => writeln!(out, "   {}. {message}", i + 1)?,
            }
        }
        if let Some(note) = instances_note(f) {
            writeln!(out, "   note: {}", escape::text(&note))?;
        }
        if let Some(fix) = &f.fix {
            writeln!(out, "   help: {}", escape::text(fix))?;
        }
        if let Some(reason) = suppressed {
            writeln!(out, "   note: suppressed: {}", escape::text(reason))?;
        }
        Ok(())
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
    let (texts, shifts) = texts(&report.db, cwd);
    let ctx = Ctx::new(&report.db, cwd, color, shifts);
    let mut sources = sources(&texts);
    for f in &report.findings {
        ctx.finding(out, &mut sources, f, None)?;
    }
    if show_suppressed {
        for (f, s) in &report.suppressed {
            let reason = s.reason.as_deref().unwrap_or("no reason given");
            ctx.finding(out, &mut sources, f, Some(reason))?;
        }
    }
    for p in &report.problems {
        let message = esc(&p.message);
        let located = p.file.zip(p.span).and_then(|(file, span)| {
            let f = report.db.get(file)?;
            Some((f, span))
        });
        match located {
            Some((f, span)) => {
                // Only an excerpt of the offending line is quoted, escaped:
                // never other lines of the file, never a megabyte line. (Not
                // through ariadne: its 0.6 gutter ignores a source's line
                // offset, and the whole file must not be handed to it.)
                let line = f.line_index(span.start());
                let start = f.line_start(line);
                let text = f.line_text(line);
                let lc = f.line_col(span.start());
                let path = shown_path(&f.path, cwd);
                let (excerpt, from, to) = escape::excerpt(
                    text,
                    span.start().saturating_sub(start),
                    span.end().saturating_sub(start),
                );
                {
                    let number = (line + 1).to_string();
                    let pad = " ".repeat(number.len());
                    let lead = excerpt.get(..from).map_or(0, |t| t.chars().count());
                    let width = excerpt
                        .get(from..to)
                        .map_or(1, |t| t.chars().count().max(1));
                    writeln!(out, "error: {path}:{}:{}: {message}", lc.line, lc.column)?;
                    writeln!(out, " {number} | {excerpt}")?;
                    writeln!(out, " {pad} | {}{}", " ".repeat(lead), "^".repeat(width))?;
                }
            }
            None => writeln!(out, "error: {}: {message}", shown_path(&p.path, cwd))?,
        }
    }
    // Notes of a kind that comes by the hundred (registry modules not
    // downloaded) are one line here; JSON, SARIF and the editor keep each.
    let mut grouped: BTreeMap<rampart_terraform::NoteGroup, usize> = BTreeMap::new();
    for n in &report.notes {
        if let Some(g) = n.group {
            *grouped.entry(g).or_default() += 1;
        }
    }
    for n in &report.notes {
        if n.group
            .is_some_and(|g| grouped.get(&g).is_some_and(|&c| c > 1))
        {
            continue;
        }
        let at = match (n.file, n.span) {
            (Some(file), Some(span)) => report
                .db
                .get(file)
                .map(|f| {
                    let lc = f.line_col(span.start());
                    format!("{}:{}:{}", shown_path(&f.path, cwd), lc.line, lc.column)
                })
                .unwrap_or_default(),
            _ => shown_path(&n.path, cwd),
        };
        writeln!(out, "note: {at}: {}", escape::text(&n.message))?;
    }
    for (group, count) in grouped.into_iter().filter(|(_, c)| *c > 1) {
        match group {
            rampart_terraform::NoteGroup::ModuleNotDownloaded => writeln!(
                out,
                "note: {count} module calls not evaluated (registry or git modules not downloaded: run `terraform init`; `--format json` lists each)"
            )?,
        }
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

/// Instances shown by name in a finding's note; the rest are counted.
const INSTANCES_SHOWN: usize = 4;

/// "the same in 3 instances: `a[0]`, `a[1]`, `a[2]`", when more than one
/// resource instance reports the finding.
fn instances_note(f: &Finding) -> Option<String> {
    if f.instances.len() < 2 {
        return None;
    }
    let mut names: Vec<String> = f
        .instances
        .iter()
        .take(INSTANCES_SHOWN)
        .map(|i| format!("`{i}`"))
        .collect();
    if f.instances.len() > INSTANCES_SHOWN {
        names.push(format!("and {} more", f.instances.len() - INSTANCES_SHOWN));
    }
    Some(format!(
        "the same in {} instances: {}",
        f.instances.len(),
        names.join(", ")
    ))
}
