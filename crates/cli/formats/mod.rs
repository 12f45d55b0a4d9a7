//! Report formats for CI systems: SARIF (GitHub code scanning), GitLab Code
//! Quality, JUnit XML, checkstyle XML (reviewdog) and GitHub Actions
//! workflow commands. Each renders the same [`Report`] the pretty and JSON
//! outputs do; only the shape differs.
//!
//! What every format shares, decided once here:
//!
//! - **Paths.** CI systems resolve paths against the repository root, so
//!   SARIF, GitLab, JUnit and GitHub commands use paths relative to the git
//!   root (the nearest directory above the working directory holding a
//!   `.git`; the working directory itself outside git), with `/` separators.
//!   Checkstyle keeps paths relative to the working directory, as reviewdog
//!   (which reads it from the same directory rampart ran in) expects.
//! - **Positions.** 1-based lines and 1-based columns counted in characters
//!   (Unicode code points), as in the pretty and JSON outputs.
//! - **Severities.** critical/high are errors, medium warnings, low notes
//!   (each format's own words for them; see the format modules).
//! - **Fingerprints.** [`crate::fingerprint::fingerprints`]: rule, file,
//!   resource and offending text, never line numbers; the same values
//!   baselines record.
//! - **Suppressed findings** appear only where the format can say so: SARIF
//!   (`suppressions`, which GitHub shows as dismissed) and JUnit (skipped
//!   test cases). The other formats list what still needs fixing.
//! - **Errors** (files that could not be read or parsed) always appear, so a
//!   CI run that exits 2 shows why; see each format for how.

mod checkstyle;
mod github;
mod gitlab;
mod junit;
mod sarif;

use crate::args::Format;
pub use rampart_engine::paths::Paths;
use rampart_engine::Report;
use rampart_policy::{Finding, RuleMeta, Severity};
use rampart_terraform::source::{Loc, SourceDb};
use std::io::{self, Write};
use std::path::Path;

/// Write `report` in one of the CI formats. Pretty and JSON have their own
/// writers, which `main` calls directly (they take display options).
pub fn write(format: Format, out: &mut impl Write, report: &Report, cwd: &Path) -> io::Result<()> {
    let paths = Paths::new(cwd);
    match format {
        Format::Sarif => sarif::write(out, report, &paths),
        Format::Gitlab => gitlab::write(out, report, &paths),
        Format::Junit => junit::write(out, report, &paths),
        Format::Checkstyle => checkstyle::write(out, report, &paths),
        Format::Github => github::write(out, report, &paths),
        Format::Pretty | Format::Json => Err(io::Error::other(format!(
            "the {format:?} format is not a CI format"
        ))),
    }
}

/// A finding's or error's place in its file: 1-based lines, 1-based
/// character columns, the end exclusive (the column after the last
/// character, as SARIF's `endColumn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Region {
    pub fn of(db: &SourceDb, loc: Loc) -> Option<Region> {
        let file = db.get(loc.file)?;
        let start = file.line_col(loc.span.start());
        let end = file.line_col(loc.span.end().max(loc.span.start()));
        Some(Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        })
    }
}

/// The file a location is in, as discovered.
pub fn file_path(db: &SourceDb, loc: Loc) -> Option<&Path> {
    db.get(loc.file).map(|f| f.path.as_path())
}

/// A rule's metadata and its index among the run's rules (the built-in
/// ones, then the custom ones: SARIF's `ruleIndex`).
pub fn rule_of(report: &Report, code: &str) -> Option<(usize, &'static RuleMeta)> {
    report.rules().enumerate().find(|(_, r)| r.code == code)
}

/// The rule's documentation online: its README in `policies/`; a custom
/// rule's first related resource, if it lists one.
pub fn help_uri(rule: &RuleMeta) -> Option<String> {
    rule.help_url()
}

/// `text` cut to at most `max` characters: whole paragraphs while they fit,
/// else the first paragraph's whole sentences, else a hard cut; an ellipsis
/// marks anything left out.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let budget = max.saturating_sub(1); // room for the ellipsis
    let mut kept = String::new();
    for para in text.split("\n\n") {
        let candidate = if kept.is_empty() {
            para.to_string()
        } else {
            format!("{kept}\n\n{para}")
        };
        if candidate.chars().count() > budget {
            break;
        }
        kept = candidate;
    }
    if kept.is_empty() {
        let cut: String = text.chars().take(budget).collect();
        kept = match cut.rfind(". ") {
            Some(i) if i > 0 => cut.get(..=i).unwrap_or(&cut).to_string(),
            _ => cut,
        };
    }
    format!("{}…", kept.trim_end())
}

/// One line of text, for places that cannot hold a line break.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The provenance chain of a finding as `path:line:column: message` lines
/// (or just the message for a value given on the command line).
pub fn provenance(report: &Report, f: &Finding, path: impl Fn(&Path) -> String) -> Vec<String> {
    f.related
        .iter()
        .map(|r| {
            let at = r.loc.and_then(|loc| {
                let file = file_path(&report.db, loc)?;
                let region = Region::of(&report.db, loc)?;
                Some(format!(
                    "{}:{}:{}",
                    path(file),
                    region.start_line,
                    region.start_column
                ))
            });
            match at {
                Some(at) => format!("{at}: {}", r.message),
                None => r.message.clone(),
            }
        })
        .collect()
}

/// The fingerprint of each finding and of each suppressed finding.
pub fn fingerprints(report: &Report, paths: &Paths) -> (Vec<String>, Vec<String>) {
    let active: Vec<&Finding> = report.findings.iter().collect();
    let suppressed: Vec<&Finding> = report.suppressed.iter().map(|(f, _)| f).collect();
    (
        crate::fingerprint::fingerprints(report, &active, paths.cwd()),
        crate::fingerprint::fingerprints(report, &suppressed, paths.cwd()),
    )
}

/// `critical`/`high` → error, `medium` → warning, `low` → the format's
/// informational word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn of(severity: Severity) -> Level {
        match severity {
            Severity::Critical | Severity::High => Level::Error,
            Severity::Medium => Level::Warning,
            Severity::Low => Level::Note,
        }
    }
}

/// Make characters XML 1.0 cannot hold at all (most C0 controls; lone
/// surrogates cannot occur in a `str`; U+FFFE/U+FFFF) and the other
/// control characters visible escapes (`\u{1b}`, see [`crate::escape`]), so
/// the XML reports stay well-formed whatever a Terraform string contained.
/// Tab, line feed and CR are kept (the XML writer escapes them where they
/// matter). Escaping of `<`, `&` and quotes is the XML writer's job.
pub fn xml_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if crate::escape::unsafe_char(c) || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_whole_paragraphs() {
        let text = "One two.\n\nThree four five.";
        assert_eq!(fit(text, 100), text);
        assert_eq!(fit(text, 12), "One two.…");
        assert_eq!(
            fit("First sentence. Second sentence.", 20),
            "First sentence.…"
        );
        assert_eq!(fit("abcdefghij", 5), "abcd…");
        assert!(fit(&"x".repeat(5000), 1024).chars().count() <= 1024);
    }

    #[test]
    fn every_rule_has_a_short_full_description() {
        for r in rampart_policy::RULES {
            let d = fit(r.summary, 1024);
            assert!(!d.is_empty() && d.chars().count() <= 1024, "{}", r.code);
        }
    }

    #[test]
    fn xml_safe_escapes_what_xml_forbids() {
        assert_eq!(xml_safe("a\u{1}b\tc\né<&\"🦀"), "a\\u{1}b\tc\né<&\"🦀");
        assert_eq!(xml_safe("\u{FFFF}\x1b"), "\\u{ffff}\\u{1b}");
    }
}
