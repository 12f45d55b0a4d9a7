//! `--format checkstyle`: checkstyle XML, for reviewdog (`-f=checkstyle`)
//! and other tools that read it.
//!
//! `<checkstyle version="4.3">`, one `<file name>` per file (in report
//! order), one `<error line column severity message source>` per finding:
//! severity `error` (critical, high), `warning` (medium) or `info` (low);
//! source `rampart.CODE`; the message followed by the fix. File names are
//! relative to the working directory, which is what reviewdog expects when
//! it runs where rampart ran.
//!
//! Suppressed findings are left out. A file rampart could not read or parse
//! gets an `<error severity="error" source="rampart.syntax">` at the error's
//! position (line 1 when unknown).

use super::{file_path, one_line, xml_safe, Level, Paths, Region};
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use rampart_engine::Report;
use rampart_terraform::source::Loc;
use std::io::{self, Write};

struct Entry {
    line: u32,
    column: u32,
    severity: &'static str,
    message: String,
    source: String,
}

pub fn write(out: &mut impl Write, report: &Report, paths: &Paths) -> io::Result<()> {
    // Files in the order their first entry appears; entries in report order.
    let mut files: Vec<(String, Vec<Entry>)> = Vec::new();
    let mut add = |file: String, entry: Entry| match files.iter_mut().find(|(f, _)| *f == file) {
        Some((_, entries)) => entries.push(entry),
        None => files.push((file, vec![entry])),
    };
    for f in &report.findings {
        let file = file_path(&report.db, f.loc)
            .map(|p| paths.display(p))
            .unwrap_or_default();
        let (line, column) =
            Region::of(&report.db, f.loc).map_or((1, 1), |r| (r.start_line, r.start_column));
        let message = match &f.fix {
            Some(fix) => format!("{}. Fix: {fix}", f.message.trim_end_matches('.')),
            None => f.message.clone(),
        };
        add(
            file,
            Entry {
                line,
                column,
                severity: match Level::of(f.severity) {
                    Level::Error => "error",
                    Level::Warning => "warning",
                    Level::Note => "info",
                },
                message,
                source: format!("rampart.{}", f.code),
            },
        );
    }
    for p in &report.problems {
        let (line, column) = match (p.file, p.span) {
            (Some(file), Some(span)) => Region::of(&report.db, Loc::new(file, span))
                .map_or((1, 1), |r| (r.start_line, r.start_column)),
            _ => (1, 1),
        };
        add(
            paths.display(&p.path),
            Entry {
                line,
                column,
                severity: "error",
                message: p.message.clone(),
                source: "rampart.syntax".to_string(),
            },
        );
    }

    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = w
        .create_element("checkstyle")
        .with_attribute(("version", "4.3"));
    if files.is_empty() {
        root.write_empty()?;
    } else {
        root.write_inner_content(|w| {
            for (name, entries) in &files {
                w.create_element("file")
                    .with_attribute(("name", xml_safe(name).as_str()))
                    .write_inner_content(|w| {
                        for e in entries {
                            let line = e.line.to_string();
                            let column = e.column.to_string();
                            w.create_element("error")
                                .with_attribute(("line", line.as_str()))
                                .with_attribute(("column", column.as_str()))
                                .with_attribute(("severity", e.severity))
                                .with_attribute((
                                    "message",
                                    xml_safe(&one_line(&e.message)).as_str(),
                                ))
                                .with_attribute(("source", xml_safe(&e.source).as_str()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    }
    writeln!(out)
}
