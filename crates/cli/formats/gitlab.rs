//! `--format gitlab`: a GitLab Code Quality report (`artifacts: reports:
//! codequality:`), the subset of the Code Climate issue format GitLab reads.
//!
//! One issue per finding: `description` (the message), `check_name` (the
//! rule code), `fingerprint` (rampart's, the one baselines record, so GitLab
//! matches a finding across pipelines however lines move), `severity`
//! (low → minor, medium → major, high → critical, critical → blocker),
//! `location.path` (relative to the repository root) and
//! `location.lines.begin`/`end`, plus `type: "issue"`, `categories:
//! ["Security"]` and `content.body` (the fix, where the value came from,
//! and a link to the rule's documentation, in Markdown).
//!
//! Suppressed findings are left out: they need no fixing. A file rampart
//! could not read or parse is an issue of its own with `check_name:
//! "syntax-error"` and severity `major`, at the error's line (line 1 when
//! unknown): the file was not checked, and the widget should say so.

use super::{file_path, help_uri, Paths, Region};
use rampart_engine::Report;
use rampart_policy::{Finding, Severity};
use rampart_terraform::source::Loc;
use rampart_terraform::Problem;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{self, Write};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}

fn body(report: &Report, paths: &Paths, f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(fix) = &f.fix {
        parts.push(fix.clone());
    }
    let chain = super::provenance(report, f, |p| paths.repo_path(p));
    if !chain.is_empty() {
        let items: Vec<String> = chain
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{}. {line}", i + 1))
            .collect();
        parts.push(format!(
            "Where the value comes from:\n\n{}",
            items.join("\n")
        ));
    }
    if let Some((_, rule)) = super::rule_of(report, f.code) {
        parts.push(match help_uri(rule) {
            Some(uri) => format!("[{} {}]({uri})", rule.code, rule.name),
            None => format!("{} {}", rule.code, rule.name),
        });
    }
    parts.join("\n\n")
}

fn issue(report: &Report, paths: &Paths, f: &Finding, fingerprint: &str) -> Value {
    let path = file_path(&report.db, f.loc)
        .map(|p| paths.repo_path(p))
        .unwrap_or_default();
    let (begin, end) = Region::of(&report.db, f.loc).map_or((1, 1), |r| (r.start_line, r.end_line));
    json!({
        "type": "issue",
        "check_name": f.code,
        "description": f.message,
        "categories": ["Security"],
        "severity": severity(f.severity),
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": begin, "end": end}},
        "content": {"body": body(report, paths, f)},
    })
}

fn error_issue(report: &Report, paths: &Paths, p: &Problem) -> Value {
    let path = paths.repo_path(&p.path);
    let line = match (p.file, p.span) {
        (Some(file), Some(span)) => {
            Region::of(&report.db, Loc::new(file, span)).map(|r| r.start_line)
        }
        _ => None,
    }
    .unwrap_or(1);
    let digest = Sha256::digest(format!("syntax-error\0{path}\0{}", p.message).as_bytes());
    let fingerprint: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    json!({
        "type": "issue",
        "check_name": "syntax-error",
        "description": format!("rampart could not check this file: {}", p.message),
        "categories": ["Bug Risk"],
        "severity": "major",
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": line, "end": line}},
    })
}

pub fn write(out: &mut impl Write, report: &Report, paths: &Paths) -> io::Result<()> {
    let (active, _) = super::fingerprints(report, paths);
    let mut issues: Vec<Value> = report
        .findings
        .iter()
        .zip(&active)
        .map(|(f, fp)| issue(report, paths, f, fp))
        .collect();
    issues.extend(
        report
            .problems
            .iter()
            .map(|p| error_issue(report, paths, p)),
    );
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
