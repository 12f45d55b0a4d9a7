//! `--format github`: GitHub Actions workflow commands, one per finding,
//! which the runner turns into annotations on the pull request:
//!
//! ```text
//! ::error file=infra/main.tf,line=33,col=20,endLine=33,endColumn=35,title=NET001::message
//! ```
//!
//! critical/high → `error`, medium → `warning`, low → `notice`. `file` is
//! relative to the repository root; `endColumn` is the column of the last
//! character and is given only when the finding sits on one line (GitHub
//! ignores columns otherwise). The message is the finding's, then its
//! provenance chain and its fix on following lines.
//!
//! Escaping follows the runner's rules: in the message `%` → `%25`, `\r` →
//! `%0D`, `\n` → `%0A`; in property values also `:` → `%3A` and `,` →
//! `%2C`. Other control characters (an ESC in a resource name) become
//! visible escapes (`\u{1b}`, see `crate::escape`): one finding is always
//! exactly one line.
//!
//! Suppressed findings are left out. A file rampart could not read or parse
//! is an `::error` titled `rampart` at the error's position.

use super::{file_path, Level, Paths, Region};
use rampart_engine::Report;
use rampart_policy::Finding;
use rampart_terraform::source::Loc;
use std::io::{self, Write};

/// Escape the message (data) of a workflow command: the runner's escapes
/// for `%`, CR and LF (so a command stays on one line), and the other
/// control characters made visible (see [`crate::escape`]), as the runner's
/// log would interpret them.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::escape::unsafe_char(c) => {
                out.push_str(&crate::escape::text(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(kind: &str, properties: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = properties
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!("::{kind} {}::{}", props.join(","), escape_data(message))
}

fn position(region: Region) -> Vec<(&'static str, String)> {
    let mut props = vec![
        ("line", region.start_line.to_string()),
        ("col", region.start_column.to_string()),
        ("endLine", region.end_line.to_string()),
    ];
    if region.end_line == region.start_line {
        let last = region.end_column.saturating_sub(1).max(region.start_column);
        props.push(("endColumn", last.to_string()));
    }
    props
}

fn finding(report: &Report, paths: &Paths, f: &Finding) -> String {
    let kind = match Level::of(f.severity) {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(path) = file_path(&report.db, f.loc) {
        props.push(("file", paths.repo_path(path)));
    }
    if let Some(region) = Region::of(&report.db, f.loc) {
        props.extend(position(region));
    }
    props.push(("title", f.code.to_string()));
    let mut message = f.message.clone();
    for (i, line) in super::provenance(report, f, |p| paths.repo_path(p))
        .iter()
        .enumerate()
    {
        message.push_str(&format!("\n{}. {line}", i + 1));
    }
    if let Some(fix) = &f.fix {
        message.push_str(&format!("\nFix: {fix}"));
    }
    command(kind, &props, &message)
}

pub fn write(out: &mut impl Write, report: &Report, paths: &Paths) -> io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", finding(report, paths, f))?;
    }
    for p in &report.problems {
        let mut props = vec![("file", paths.repo_path(&p.path))];
        if let (Some(file), Some(span)) = (p.file, p.span) {
            if let Some(region) = Region::of(&report.db, Loc::new(file, span)) {
                props.extend(position(region));
            }
        }
        props.push(("title", "rampart".to_string()));
        writeln!(out, "{}", command("error", &props, &p.message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("x\x1b[2J\u{2028}y"), "x\\u{1b}[2J\\u{2028}y");
        assert_eq!(
            command("error", &[("file", "a,b:c.tf".to_string())], "x::y"),
            "::error file=a%2Cb%3Ac.tf::x::y"
        );
    }
}
