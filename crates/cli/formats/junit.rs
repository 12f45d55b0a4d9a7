//! `--format junit`: JUnit XML, for GitLab (`artifacts: reports: junit:`)
//! and Jenkins test reports.
//!
//! One `<testsuite>` per rule that found something, named `CODE name`, with
//! `tests`/`failures`/`skipped` counts; in it one `<testcase>` per finding
//! (`classname` the file relative to the repository root, `name` the
//! resource and position, `file`/`line` for tools that link to the source)
//! holding a `<failure message type=severity>` whose text gives the
//! position, the message, the provenance chain, the fix and the rule's
//! documentation link. Suppressed findings are `<skipped>` test cases, with
//! the suppression's reason.
//!
//! Errors (files rampart could not read or parse) are `<error
//! type="syntax-error">` test cases in a suite named `rampart`. A run with
//! nothing to report is an empty, valid `<testsuites/>`.

use super::{file_path, help_uri, one_line, xml_safe, Paths, Region};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use rampart_engine::Report;
use rampart_policy::Finding;
use rampart_terraform::source::Loc;
use rampart_terraform::Problem;
use std::io::{self, Write};

/// One test case: a finding, a suppressed finding or an error.
struct Case {
    classname: String,
    name: String,
    file: String,
    line: u32,
    outcome: Outcome,
}

enum Outcome {
    Failure {
        message: String,
        kind: &'static str,
        details: String,
    },
    Skipped {
        message: String,
    },
    Error {
        message: String,
        details: String,
    },
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
    fn failures(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failure { .. }))
    }
    fn errors(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Error { .. }))
    }
    fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }
}

fn place(report: &Report, paths: &Paths, loc: Loc) -> (String, u32, u32) {
    let file = file_path(&report.db, loc)
        .map(|p| paths.repo_path(p))
        .unwrap_or_default();
    let (line, column) =
        Region::of(&report.db, loc).map_or((1, 1), |r| (r.start_line, r.start_column));
    (file, line, column)
}

fn details(
    report: &Report,
    paths: &Paths,
    f: &Finding,
    file: &str,
    line: u32,
    column: u32,
) -> String {
    let mut text = format!(
        "{} {} ({})\n{file}:{line}:{column} in {}\n{}\n",
        f.code,
        f.name,
        f.severity.as_str(),
        f.resource,
        f.message
    );
    let chain = super::provenance(report, f, |p| paths.repo_path(p));
    if !chain.is_empty() {
        text.push_str("\nWhere the value comes from:\n");
        for (i, line) in chain.iter().enumerate() {
            text.push_str(&format!("  {}. {line}\n", i + 1));
        }
    }
    if let Some(fix) = &f.fix {
        text.push_str(&format!("\nFix: {fix}\n"));
    }
    if let Some(uri) = super::rule_of(report, f.code).and_then(|(_, rule)| help_uri(rule)) {
        text.push_str(&format!("Docs: {uri}\n"));
    }
    text
}

fn finding_case(report: &Report, paths: &Paths, f: &Finding, suppressed: Option<&str>) -> Case {
    let (file, line, column) = place(report, paths, f.loc);
    let outcome = match suppressed {
        Some(reason) => Outcome::Skipped {
            message: format!("suppressed: {reason}"),
        },
        None => Outcome::Failure {
            message: one_line(&f.message),
            kind: f.severity.as_str(),
            details: details(report, paths, f, &file, line, column),
        },
    };
    Case {
        name: format!("{} at {line}:{column}", f.resource),
        classname: file.clone(),
        file,
        line,
        outcome,
    }
}

fn error_case(report: &Report, paths: &Paths, p: &Problem) -> Case {
    let (file, line, column) = match (p.file, p.span) {
        (Some(id), Some(span)) => place(report, paths, Loc::new(id, span)),
        _ => (paths.repo_path(&p.path), 1, 1),
    };
    Case {
        name: format!("{file} at {line}:{column}"),
        classname: file.clone(),
        outcome: Outcome::Error {
            message: one_line(&p.message),
            details: format!("{file}:{line}:{column}: {}\n", p.message),
        },
        file,
        line,
    }
}

fn suites(report: &Report, paths: &Paths) -> Vec<Suite> {
    let mut out = Vec::new();
    for rule in report.rules() {
        let mut cases: Vec<Case> = report
            .findings
            .iter()
            .filter(|f| f.code == rule.code)
            .map(|f| finding_case(report, paths, f, None))
            .collect();
        cases.extend(
            report
                .suppressed
                .iter()
                .filter(|(f, _)| f.code == rule.code)
                .map(|(f, s)| {
                    let reason = s.reason.as_deref().unwrap_or("no reason given");
                    finding_case(report, paths, f, Some(reason))
                }),
        );
        if !cases.is_empty() {
            out.push(Suite {
                name: format!("{} {}", rule.code, rule.name),
                cases,
            });
        }
    }
    if !report.problems.is_empty() {
        out.push(Suite {
            name: "rampart".to_string(),
            cases: report
                .problems
                .iter()
                .map(|p| error_case(report, paths, p))
                .collect(),
        });
    }
    out
}

fn write_case<W: Write>(w: &mut Writer<W>, case: &Case) -> io::Result<()> {
    let line = case.line.to_string();
    let el = w
        .create_element("testcase")
        .with_attribute(("classname", xml_safe(&case.classname).as_str()))
        .with_attribute(("name", xml_safe(&case.name).as_str()))
        .with_attribute(("file", xml_safe(&case.file).as_str()))
        .with_attribute(("line", line.as_str()));
    el.write_inner_content(|w| {
        match &case.outcome {
            Outcome::Failure {
                message,
                kind,
                details,
            } => {
                w.create_element("failure")
                    .with_attribute(("message", xml_safe(message).as_str()))
                    .with_attribute(("type", *kind))
                    .write_text_content(BytesText::new(&xml_safe(details)))?;
            }
            Outcome::Skipped { message } => {
                w.create_element("skipped")
                    .with_attribute(("message", xml_safe(&one_line(message)).as_str()))
                    .write_empty()?;
            }
            Outcome::Error { message, details } => {
                w.create_element("error")
                    .with_attribute(("message", xml_safe(message).as_str()))
                    .with_attribute(("type", "syntax-error"))
                    .write_text_content(BytesText::new(&xml_safe(details)))?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

pub fn write(out: &mut impl Write, report: &Report, paths: &Paths) -> io::Result<()> {
    let suites = suites(report, paths);
    let total = |f: fn(&Suite) -> usize| suites.iter().map(f).sum::<usize>().to_string();
    let tests = total(|s| s.cases.len());
    let failures = total(Suite::failures);
    let errors = total(Suite::errors);
    let skipped = total(Suite::skipped);
    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = w
        .create_element("testsuites")
        .with_attribute(("name", "rampart"))
        .with_attribute(("tests", tests.as_str()))
        .with_attribute(("failures", failures.as_str()))
        .with_attribute(("errors", errors.as_str()))
        .with_attribute(("skipped", skipped.as_str()));
    if suites.is_empty() {
        root.write_empty()?;
    } else {
        root.write_inner_content(|w| {
            for suite in &suites {
                let tests = suite.cases.len().to_string();
                let failures = suite.failures().to_string();
                let errors = suite.errors().to_string();
                let skipped = suite.skipped().to_string();
                w.create_element("testsuite")
                    .with_attribute(("name", xml_safe(&suite.name).as_str()))
                    .with_attribute(("tests", tests.as_str()))
                    .with_attribute(("failures", failures.as_str()))
                    .with_attribute(("errors", errors.as_str()))
                    .with_attribute(("skipped", skipped.as_str()))
                    .write_inner_content(|w| {
                        for case in &suite.cases {
                            write_case(w, case)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    }
    writeln!(out)
}
