//! `--format json`: the machine-readable contract (version 1), documented in
//! the README. Extend it; never rename or remove a field.

use rampart_engine::Report;
use rampart_policy::{Finding, RULES};
use rampart_terraform::source::{Loc, SourceDb};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::Path;

/// A path relative to the working directory, with `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn range(db: &SourceDb, loc: Loc) -> Value {
    let Some(file) = db.get(loc.file) else {
        return Value::Null;
    };
    let start = file.line_col(loc.span.start);
    let end = file.line_col(loc.span.end);
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
    })
}

pub fn write_report(
    out: &mut impl Write,
    report: &Report,
    cwd: &Path,
    show_suppressed: bool,
) -> io::Result<()> {
    let db = &report.db;
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| finding(db, f, cwd))
        .collect();
    let errors: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            let range = match (p.file, p.span) {
                (Some(file), Some(span)) => range(db, Loc::new(file, span)),
                _ => Value::Null,
            };
            json!({"file": display_path(&p.path, cwd), "range": range, "message": p.message})
        })
        .collect();
    let notes: Vec<Value> = report
        .notes
        .iter()
        .map(|p| {
            let range = match (p.file, p.span) {
                (Some(file), Some(span)) => range(db, Loc::new(file, span)),
                _ => Value::Null,
            };
            json!({"file": display_path(&p.path, cwd), "range": range, "severity": "low", "message": p.message})
        })
        .collect();
    let mut doc = json!({
        "version": 1,
        "tool": {"name": "rampart", "version": env!("CARGO_PKG_VERSION")},
        "findings": findings,
        "errors": errors,
        "summary": {
            "files": report.files,
            "findings": report.findings.len(),
            "suppressed": report.suppressed.len(),
            "errors": report.problems.len(),
            "baselined": report.baselined,
        },
    });
    // Added after version 1's first fields, so readers of those never notice.
    doc["notes"] = Value::Array(notes);
    if show_suppressed {
        let suppressed: Vec<Value> = report
            .suppressed
            .iter()
            .map(|(f, s)| {
                let mut v = finding(db, f, cwd);
                v["suppression"] = json!({"reason": s.reason, "codes": s.codes});
                v
            })
            .collect();
        doc["suppressed"] = Value::Array(suppressed);
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub fn write_rules(out: &mut impl Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "title": r.title}))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rules)?;
    writeln!(out)
}
