//! `rampart test`: renders the engine's [`Suite`] of a custom policy
//! folder (its `test_` rules and its `good/`/`bad/` examples) as one line
//! per test, what went wrong under each failure, and a summary; or as
//! JSON.

use crate::escape;
use rampart_engine::paths::display_path;
use rampart_engine::testing::{Example, ExampleOutcome, Located, Mismatch, Suite, Summary};
use rampart_rego::{PolicyError, RegoTest, TestOutcome};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::Path;

fn shown(path: &Path, cwd: &Path) -> String {
    escape::text(&display_path(path, cwd)).into_owned()
}

fn esc(s: &str) -> String {
    escape::text(s).into_owned()
}

fn place(path: &Path, line: Option<u32>, column: Option<u32>, cwd: &Path) -> String {
    let path = shown(path, cwd);
    match (line, column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        _ => path,
    }
}

fn located(l: &Located, cwd: &Path) -> String {
    format!(
        "{}: {}",
        place(&l.path, l.line, l.column, cwd),
        esc(&l.message)
    )
}

/// `file:line:col: message` and, when the error has a place, an excerpt
/// of its line with the span marked (as `rampart check` shows errors).
pub fn write_policy_error(
    out: &mut dyn Write,
    prefix: &str,
    e: &PolicyError,
    cwd: &Path,
) -> io::Result<()> {
    let at = e.line_col().map(|(l, c)| {
        (
            u32::try_from(l).unwrap_or(u32::MAX),
            u32::try_from(c).unwrap_or(u32::MAX),
        )
    });
    writeln!(
        out,
        "{prefix}{}: {}",
        place(&e.path, at.map(|a| a.0), at.map(|a| a.1), cwd),
        esc(&e.message)
    )?;
    let (Some(text), Some(span), Some((line, _))) = (&e.text, &e.span, at) else {
        return Ok(());
    };
    let start = text
        .get(..span.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(span.start..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| span.start + i);
    let Some(line_text) = text.get(start..end) else {
        return Ok(());
    };
    let (excerpt, from, to) = escape::excerpt(
        line_text,
        span.start.saturating_sub(start),
        span.end.saturating_sub(start),
    );
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let lead = excerpt.get(..from).map_or(0, |t| t.chars().count());
    let width = excerpt
        .get(from..to)
        .map_or(1, |t| t.chars().count().max(1));
    let indent = " ".repeat(prefix.len().saturating_sub("error: ".len()));
    writeln!(out, "{indent} {number} | {excerpt}")?;
    writeln!(
        out,
        "{indent} {pad} | {}{}",
        " ".repeat(lead),
        "^".repeat(width)
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `12 tests: 11 passed, 1 failed` (errors and skipped tests when any,
/// and the policies that could not be loaded).
pub fn summary(s: &Summary, broken: usize) -> String {
    let mut line = format!(
        "{}: {} passed, {} failed",
        plural(s.total(), "test", "tests"),
        s.passed,
        s.failed
    );
    if s.errors > 0 {
        line.push_str(&format!(", {}", plural(s.errors, "error", "errors")));
    }
    if s.skipped > 0 {
        line.push_str(&format!(", {} skipped", s.skipped));
    }
    if broken > 0 {
        line.push_str(&format!(
            "; {} in the policies",
            plural(broken, "error", "errors")
        ));
    }
    line
}

fn write_rego(out: &mut dyn Write, t: &RegoTest, cwd: &Path, quiet: bool) -> io::Result<()> {
    let at = format!(
        "{}: {}",
        place(&t.path, u32::try_from(t.line).ok(), None, cwd),
        esc(&t.name)
    );
    match &t.outcome {
        TestOutcome::Pass if quiet => Ok(()),
        TestOutcome::Pass => writeln!(out, "PASS  {at}"),
        TestOutcome::Skip => writeln!(out, "SKIP  {at}"),
        TestOutcome::Fail(why) => {
            writeln!(out, "FAIL  {at}")?;
            writeln!(out, "      {}", esc(why))?;
            for p in &t.prints {
                writeln!(out, "      print: {}", esc(p))?;
            }
            Ok(())
        }
        TestOutcome::Error(e) => {
            writeln!(out, "ERROR {at}")?;
            write_policy_error(out, "      error: ", e, cwd)?;
            for p in &t.prints {
                writeln!(out, "      print: {}", esc(p))?;
            }
            Ok(())
        }
    }
}

fn write_example(out: &mut dyn Write, e: &Example, cwd: &Path, quiet: bool) -> io::Result<()> {
    let path = shown(&e.path, cwd);
    match &e.outcome {
        ExampleOutcome::Pass if quiet => Ok(()),
        ExampleOutcome::Pass => {
            let what = match e.findings {
                0 => "no findings".to_string(),
                n => format!("{}, as marked", plural(n, "finding", "findings")),
            };
            writeln!(out, "PASS  {path}: {what}")
        }
        ExampleOutcome::Fail(mismatches) => {
            writeln!(out, "FAIL  {path}")?;
            for m in mismatches {
                match m {
                    Mismatch::Missing { path, line, code } => writeln!(
                        out,
                        "      {}: {} expected, not found",
                        place(path, Some(*line), None, cwd),
                        esc(code)
                    )?,
                    Mismatch::Unexpected {
                        path,
                        line,
                        column,
                        code,
                        message,
                    } => writeln!(
                        out,
                        "      {}: {} found, not expected: {}",
                        place(path, Some(*line), Some(*column), cwd),
                        esc(code),
                        esc(message)
                    )?,
                    Mismatch::Unmarked { codes } => writeln!(
                        out,
                        "      a bad example must expect a finding of {}: end the line where it must appear with `# expect: {}`",
                        esc(&codes.join(", ")),
                        esc(codes.first().map_or("CODE", String::as_str))
                    )?,
                }
            }
            for n in &e.notes {
                writeln!(out, "      note: {}", located(n, cwd))?;
            }
            Ok(())
        }
        ExampleOutcome::Error(errors) => {
            writeln!(out, "ERROR {path}")?;
            for l in errors {
                writeln!(out, "      error: {}", located(l, cwd))?;
            }
            Ok(())
        }
    }
}

/// The pretty report: the policies' load errors, then a line per test
/// (failures with what was expected and found under them; only those
/// with `quiet`), policies without examples, and the summary.
pub fn write_pretty(out: &mut dyn Write, suite: &Suite, cwd: &Path, quiet: bool) -> io::Result<()> {
    for e in suite.errors() {
        write_policy_error(out, "error: ", e, cwd)?;
    }
    // In path order, so that each policy folder's tests come together
    // (its test files beside its `bad/` and `good/` examples).
    let mut rego = suite.rego.iter().peekable();
    let mut examples = suite.examples.iter().peekable();
    loop {
        match (rego.peek(), examples.peek()) {
            (Some(t), Some(e)) if e.path < t.path => {
                write_example(out, e, cwd, quiet)?;
                examples.next();
            }
            (Some(t), _) => {
                write_rego(out, t, cwd, quiet)?;
                rego.next();
            }
            (None, Some(e)) => {
                write_example(out, e, cwd, quiet)?;
                examples.next();
            }
            (None, None) => break,
        }
    }
    if !quiet && !suite.without_examples.is_empty() {
        let codes: Vec<&str> = suite.without_examples.iter().map(|m| m.code).collect();
        writeln!(
            out,
            "note: no good/ or bad/ examples next to the policy of {}",
            esc(&codes.join(", "))
        )?;
    }
    writeln!(out, "{}", summary(&suite.summary(), suite.errors().len()))
}

fn position(line: Option<u32>, column: Option<u32>) -> (Value, Value) {
    (
        line.map_or(Value::Null, Value::from),
        column.map_or(Value::Null, Value::from),
    )
}

fn located_json(l: &Located, cwd: &Path) -> Value {
    let (line, column) = position(l.line, l.column);
    json!({
        "file": display_path(&l.path, cwd),
        "line": line,
        "column": column,
        "message": l.message,
    })
}

fn error_json(e: &PolicyError, cwd: &Path) -> Value {
    let at = e.line_col();
    json!({
        "file": display_path(&e.path, cwd),
        "line": at.map(|a| a.0),
        "column": at.map(|a| a.1),
        "message": e.message,
    })
}

/// `--format json`: every test with its outcome, the load errors and the
/// summary (version 1; fields are only ever added).
pub fn write_json(out: &mut dyn Write, suite: &Suite, cwd: &Path) -> io::Result<()> {
    let mut tests = Vec::new();
    for t in &suite.rego {
        let (outcome, message, error) = match &t.outcome {
            TestOutcome::Pass => ("pass", None, None),
            TestOutcome::Skip => ("skip", None, None),
            TestOutcome::Fail(why) => ("fail", Some(why.clone()), None),
            TestOutcome::Error(e) => ("error", Some(e.message.clone()), Some(error_json(e, cwd))),
        };
        tests.push(json!({
            "kind": "rego",
            "file": display_path(&t.path, cwd),
            "line": t.line,
            "column": t.col,
            "name": t.query(),
            "outcome": outcome,
            "message": message,
            "error": error,
            "prints": t.prints,
        }));
    }
    for e in &suite.examples {
        let (outcome, failures, errors) = match &e.outcome {
            ExampleOutcome::Pass => ("pass", Vec::new(), Vec::new()),
            ExampleOutcome::Fail(ms) => (
                "fail",
                ms.iter()
                    .map(|m| match m {
                        Mismatch::Missing { path, line, code } => json!({
                            "kind": "missing",
                            "file": display_path(path, cwd),
                            "line": line,
                            "rule": code,
                        }),
                        Mismatch::Unexpected {
                            path,
                            line,
                            column,
                            code,
                            message,
                        } => json!({
                            "kind": "unexpected",
                            "file": display_path(path, cwd),
                            "line": line,
                            "column": column,
                            "rule": code,
                            "message": message,
                        }),
                        Mismatch::Unmarked { codes } => json!({
                            "kind": "unmarked",
                            "rules": codes,
                        }),
                    })
                    .collect(),
                Vec::new(),
            ),
            ExampleOutcome::Error(ls) => (
                "error",
                Vec::new(),
                ls.iter().map(|l| located_json(l, cwd)).collect(),
            ),
        };
        tests.push(json!({
            "kind": "example",
            "example": e.kind.as_str(),
            "file": display_path(&e.path, cwd),
            "rules": e.codes,
            "outcome": outcome,
            "findings": e.findings,
            "failures": failures,
            "errors": errors,
            "notes": e.notes.iter().map(|l| located_json(l, cwd)).collect::<Vec<_>>(),
        }));
    }
    let s = suite.summary();
    let doc = json!({
        "version": 1,
        "tests": tests,
        "errors": suite.errors().iter().map(|e| error_json(e, cwd)).collect::<Vec<_>>(),
        "without_examples": suite.without_examples.iter().map(|m| m.code).collect::<Vec<_>>(),
        "summary": {
            "tests": s.total(),
            "passed": s.passed,
            "failed": s.failed,
            "errors": s.errors,
            "skipped": s.skipped,
        },
    });
    let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}
