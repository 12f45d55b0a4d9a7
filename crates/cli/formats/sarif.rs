//! `--format sarif`: SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! - One run. `tool.driver` lists every rule (not only those that fired), so
//!   GitHub shows each rule's title, the "What it flags" section of its
//!   documentation (cut to GitHub's 1024 characters), the whole
//!   documentation as help, and a link to it.
//! - `properties.security-severity` is a **string** holding a number
//!   (`"9.5"`), as GitHub code scanning documents it ("a string representing
//!   a score ... greater than 0.0 up to 10.0"); with the `security` tag this
//!   makes GitHub show critical/high/medium/low instead of error/warning/note.
//!   critical 9.5, high 8.0, medium 5.5, low 3.0 (GitHub's bands: over 9.0
//!   critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
//! - Locations are relative to the repository root under `%SRCROOT%`
//!   (`originalUriBaseIds` says where that was); files outside the
//!   repository get absolute `file://` URIs. Columns count Unicode code
//!   points, so `columnKind` says `unicodeCodePoints` (SARIF's default would
//!   be UTF-16 code units).
//! - The provenance chain is `relatedLocations`, oldest first, ids from 1;
//!   the resource is the location's logical location.
//! - `partialFingerprints` carry rampart's fingerprint (rule, file,
//!   resource, offending text; never line numbers) twice: as `rampart/v1`,
//!   and as `primaryLocationLineHash`, the only key GitHub reads, so alerts
//!   follow a finding when lines are inserted above it whether the file is
//!   uploaded by the `upload-sarif` action or through the API.
//! - Suppressed findings are results with `suppressions: [{kind: inSource,
//!   justification}]`; GitHub treats them as dismissed.
//! - Errors (unreadable or unparsable files) are `toolExecutionNotifications`
//!   of level `error` in `invocations[0]`, whose `executionSuccessful` is
//!   then `false`; notes (module calls not followed) are notifications of
//!   level `note`.

use super::{file_path, fit, help_uri, Level, Paths, Region};
use rampart_engine::Report;
use rampart_policy::suppress::Suppression;
use rampart_policy::{Finding, RuleMeta, Severity};
use rampart_terraform::source::{Loc, Span};
use rampart_terraform::Problem;
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::Path;

/// The schema the output follows: the OASIS standard's (errata 01).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The URI base id every repository-relative location uses.
const SRCROOT: &str = "%SRCROOT%";

/// GitHub's limit for `shortDescription.text` and `fullDescription.text`.
const DESCRIPTION_LIMIT: usize = 1024;

fn level(severity: Severity) -> &'static str {
    match Level::of(severity) {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// GitHub's `security-severity`: a string holding a score in (0.0, 10.0].
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn rule(meta: &RuleMeta) -> Value {
    let what = meta.summary;
    let mut v = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": fit(meta.title, DESCRIPTION_LIMIT)},
        "fullDescription": {"text": fit(what, DESCRIPTION_LIMIT)},
        "help": {"text": meta.docs, "markdown": meta.docs},
        "helpUri": help_uri(meta),
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {
            "tags": ["security", meta.family.as_str()],
            "security-severity": security_severity(meta.severity),
        },
    });
    if help_uri(meta).is_none() {
        if let Some(o) = v.as_object_mut() {
            o.remove("helpUri");
        }
    }
    v
}

/// Characters a URI path may hold as they are (RFC 3986 unreserved and
/// sub-delimiters, `@` and `/`); everything else is percent-encoded. `:` is
/// encoded too, except where `keep_colon` (a drive letter in an absolute
/// `file:` URI): in a relative reference it would read as a scheme.
fn encode_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&b)
            || (keep_colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An absolute path as a `file://` URI.
fn file_uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", encode_path(&s, true))
}

fn artifact_location(paths: &Paths, path: &Path) -> Value {
    match paths.repo_relative(path) {
        Some(rel) => json!({"uri": encode_path(&rel, false), "uriBaseId": SRCROOT}),
        None => json!({"uri": file_uri(&paths.absolute(path))}),
    }
}

fn physical_location(report: &Report, paths: &Paths, loc: Loc) -> Option<Value> {
    let path = file_path(&report.db, loc)?;
    let r = Region::of(&report.db, loc)?;
    Some(json!({
        "artifactLocation": artifact_location(paths, path),
        "region": {
            "startLine": r.start_line,
            "startColumn": r.start_column,
            "endLine": r.end_line,
            "endColumn": r.end_column,
        },
    }))
}

fn result(
    report: &Report,
    paths: &Paths,
    f: &Finding,
    fingerprint: &str,
    suppression: Option<&Suppression>,
) -> Value {
    let mut location = json!({
        "logicalLocations": [{"fullyQualifiedName": f.resource, "kind": "resource"}],
    });
    if let Some(physical) = physical_location(report, paths, f.loc) {
        location["physicalLocation"] = physical;
    }
    let mut v = json!({"ruleId": f.code});
    if let Some((index, _)) = super::rule_of(report, f.code) {
        v["ruleIndex"] = json!(index);
    }
    v["level"] = json!(level(f.severity));
    v["message"] = json!({"text": f.message});
    v["locations"] = json!([location]);
    let related: Vec<Value> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut l = json!({"id": i + 1});
            if let Some(physical) = r.loc.and_then(|loc| physical_location(report, paths, loc)) {
                l["physicalLocation"] = physical;
            }
            l["message"] = json!({"text": r.message});
            l
        })
        .collect();
    if !related.is_empty() {
        v["relatedLocations"] = Value::Array(related);
    }
    v["partialFingerprints"] = json!({
        "rampart/v1": fingerprint,
        "primaryLocationLineHash": fingerprint,
    });
    if let Some(s) = suppression {
        let mut sup = json!({"kind": "inSource"});
        if let Some(reason) = &s.reason {
            sup["justification"] = json!(reason);
        }
        if let Some(physical) = physical_location(report, paths, Loc::new(s.file, s.comment)) {
            sup["location"] = json!({"physicalLocation": physical});
        }
        v["suppressions"] = json!([sup]);
    }
    let mut properties = json!({"resource": f.resource});
    if let Some(fix) = &f.fix {
        properties["fix"] = json!(fix);
    }
    v["properties"] = properties;
    v
}

fn notification(report: &Report, paths: &Paths, p: &Problem, level: &str) -> Value {
    let mut n = json!({"level": level, "message": {"text": p.message}});
    let physical = match (p.file, p.span) {
        (Some(file), Some(span)) => physical_location(report, paths, Loc::new(file, span)),
        (Some(file), None) => physical_location(report, paths, Loc::new(file, Span::new(0, 0))),
        _ => None,
    }
    .unwrap_or_else(|| json!({"artifactLocation": artifact_location(paths, &p.path)}));
    n["locations"] = json!([{"physicalLocation": physical}]);
    n
}

pub fn write(out: &mut impl Write, report: &Report, paths: &Paths) -> io::Result<()> {
    let (active, suppressed) = super::fingerprints(report, paths);
    let mut results: Vec<Value> = report
        .findings
        .iter()
        .zip(&active)
        .map(|(f, fp)| result(report, paths, f, fp, None))
        .collect();
    results.extend(
        report
            .suppressed
            .iter()
            .zip(&suppressed)
            .map(|((f, s), fp)| result(report, paths, f, fp, Some(s))),
    );
    let mut notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|p| notification(report, paths, p, "error"))
        .collect();
    notifications.extend(
        report
            .notes
            .iter()
            .map(|p| notification(report, paths, p, "note")),
    );
    let mut invocation = json!({"executionSuccessful": report.problems.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let mut root_uri = file_uri(paths.root());
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rampart",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": report.rules().map(rule).collect::<Vec<_>>(),
            }},
            "invocations": [invocation],
            "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("infra/main.tf", false), "infra/main.tf");
        assert_eq!(
            encode_path("a b/c:d#é.tf", false),
            "a%20b/c%3Ad%23%C3%A9.tf"
        );
        assert_eq!(file_uri(Path::new("/r p/x")), "file:///r%20p/x");
    }

    #[test]
    fn security_severity_is_in_githubs_bands() {
        for s in Severity::ALL {
            let v: f64 = security_severity(s).parse().unwrap_or(0.0);
            assert!(v > 0.0 && v <= 10.0);
        }
    }
}
