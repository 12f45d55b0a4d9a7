//! `--format json`: the machine-readable contract (version 1), documented in
//! the README. Extend it; never rename or remove a field.

use rampart_engine::Report;
use rampart_policy::Finding;
use rampart_terraform::source::{Loc, SourceDb};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::Path;

pub use rampart_engine::paths::display_path;

fn range(db: &SourceDb, loc: Loc) -> Value {
    let Some(file) = db.get(loc.file) else {
        return Value::Null;
    };
    let start = file.line_col(loc.span.start());
    let end = file.line_col(loc.span.end());
    json!({
        "start": {"line": start.line, "column": start.column},
        "end": {"line": end.line, "column": end.column},
    })
}

fn file_of(db: &SourceDb, loc: Loc, cwd: &Path) -> String {
    db.get(loc.file)
        .map(|f| display_path(&f.path, cwd))
        .unwrap_or_default()
}

fn finding(db: &SourceDb, f: &Finding, cwd: &Path) -> Value {
    let related: Vec<Value> = f
        .related
        .iter()
        .filter_map(|r| {
            r.loc.map(|loc| {
                json!({"file": file_of(db, loc, cwd), "range": range(db, loc), "message": r.message})
            })
        })
        .collect();
    json!({
        "rule": f.code,
        "name": f.name,
        "severity": f.severity.as_str(),
        "message": f.message,
        "file": file_of(db, f.loc, cwd),
        "range": range(db, f.loc),
        "resource": f.resource,
        "related": related,
        "fix": f.fix,
        "instances": f.instances,
    })
}

pub fn write_report(
    out: &mut impl Write,
    report: &Report,
    cwd: &Path,
    show_suppressed: bool,
) -> io::Result<()> {
    use serde::ser::{SerializeMap, Serializer};
    let db = &report.db;
    let problem = |p: &rampart_terraform::Problem, severity: Option<&str>| {
        let range = match (p.file, p.span) {
            (Some(file), Some(span)) => range(db, Loc::new(file, span)),
            _ => Value::Null,
        };
        match severity {
            Some(s) => {
                json!({"file": display_path(&p.path, cwd), "range": range, "severity": s, "message": p.message})
            }
            None => {
                json!({"file": display_path(&p.path, cwd), "range": range, "message": p.message})
            }
        }
    };
    // Streamed: one finding's JSON at a time, never the whole document.
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    let mut doc = ser.serialize_map(None)?;
    doc.serialize_entry("version", &1)?;
    doc.serialize_entry(
        "tool",
        &json!({"name": "rampart", "version": env!("CARGO_PKG_VERSION")}),
    )?;
    doc.serialize_entry(
        "findings",
        &Seq(report.findings.iter().map(|f| finding(db, f, cwd))),
    )?;
    doc.serialize_entry(
        "errors",
        &Seq(report.problems.iter().map(|p| problem(p, None))),
    )?;
    doc.serialize_entry(
        "summary",
        &json!({
            "files": report.files,
            "findings": report.findings.len(),
            "suppressed": report.suppressed.len(),
            "errors": report.problems.len(),
            "baselined": report.baselined,
        }),
    )?;
    // Added after version 1's first fields, so readers of those never notice.
    doc.serialize_entry(
        "notes",
        &Seq(report.notes.iter().map(|p| problem(p, Some("low")))),
    )?;
    if show_suppressed {
        doc.serialize_entry(
            "suppressed",
            &Seq(report.suppressed.iter().map(|(f, s)| {
                let mut v = finding(db, f, cwd);
                v["suppression"] = json!({"reason": s.reason, "codes": s.codes});
                v
            })),
        )?;
    }
    SerializeMap::end(doc)?;
    writeln!(out)
}

/// A JSON array written from an iterator as it is serialized.
struct Seq<I>(I);

impl<I> serde::Serialize for Seq<I>
where
    I: Iterator<Item = Value> + Clone,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

pub fn write_rules(
    out: &mut impl Write,
    rules: impl Iterator<Item = &'static rampart_policy::RuleMeta>,
) -> io::Result<()> {
    let rules: Vec<Value> = rules
        .map(|r| json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "title": r.title}))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rules)?;
    writeln!(out)
}
