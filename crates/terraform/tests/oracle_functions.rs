//! Terraform is the oracle for built-in functions: every expression of
//! `tests/oracle/functions.tsv` (calls of each pure function rampart
//! implements, with edge cases; made by `scripts/oracle/functions.sh`) is
//! evaluated by rampart's evaluator and compared with Terraform's answer.
//!
//! - Terraform has a value: rampart **agrees** when it has the same value
//!   (compared as JSON, numbers as numbers), is **Unknown** when it has
//!   Unknown in it (allowed, listed in the report), and **disagrees**
//!   otherwise, an error included (`try` would take its fallback).
//! - Terraform errs: rampart must err or be Unknown (**errors matched** /
//!   **error, Unknown**); a known value is a disagreement.
//! - Terraform does not know the value at plan time (the untyped `null`
//!   given where a string is wanted): rampart must not know it either
//!   (Unknown or an error); a known value is a disagreement (a guess).
//!
//! Today's disagreements are listed in `tests/oracle/functions-known.tsv`:
//! a new one fails this test, and so does one that is gone, so the list
//! always says where rampart stands (`ORACLE_UPDATE=1 cargo test -p
//! rampart-terraform --test oracle_functions` rewrites it). The whole
//! comparison is written to `target/tmp/oracle-functions-report.tsv`.
//! Needs no Terraform. See docs/oracle.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_terraform::eval::{Evaluator, Inputs};
use rampart_terraform::module::{parse_file, Module};
use rampart_terraform::source::{SourceDb, SourceFile};
use rampart_terraform::value::{Kind, Value};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// At most this many values Terraform knows may be Unknown in rampart
/// (allowed, never wrong, but listed): today's figure. Raise it only for a
/// function knowingly left Unknown on some arguments.
const MAX_UNKNOWN: usize = 10;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Terraform's answer for one expression.
enum Answer {
    /// The value, and Terraform's JSON text of it (what the known list and
    /// the report show: serde_json's reading of a long number may round
    /// differently with the workspace's features).
    Value(Json, String),
    /// A value rampart's numbers (f64) cannot hold: JSON with a number out
    /// of range (`2e308`). Only Unknown is right there.
    Beyond(String),
    /// Terraform does not know it at plan time (`format("%s", null)`: the
    /// untyped `null` where a string is wanted).
    Unknown,
    Error(String),
}

/// rampart's answer.
enum Got {
    Known(Json),
    Unknown,
    Error(String),
}

/// The golden file: expression and Terraform's answer, in order.
fn golden() -> Vec<(String, Answer)> {
    let path = workspace().join("tests/oracle/functions.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let (expr, kind, rest) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            let answer = match kind {
                "value" => match serde_json::from_str(rest) {
                    Ok(j) => Answer::Value(j, rest.to_string()),
                    Err(e) if e.to_string().contains("out of range") => {
                        Answer::Beyond(rest.to_string())
                    }
                    Err(e) => panic!("{l}: {e}"),
                },
                "unknown" => Answer::Unknown,
                "error" => Answer::Error(rest.to_string()),
                _ => panic!("bad line: {l}"),
            };
            (expr.to_string(), answer)
        })
        .collect()
}

/// Evaluates each expression as an attribute of a resource of a small
/// module (a few dozen per module, so that one expression's cost never
/// spends another's budget). An expression rampart cannot parse is an error.
fn evaluate(exprs: &[&str]) -> Vec<Got> {
    let mut out = Vec::with_capacity(exprs.len());
    for chunk in exprs.chunks(40) {
        match evaluate_chunk(chunk) {
            Some(got) => out.extend(got),
            None => {
                for e in chunk {
                    out.extend(evaluate_chunk(std::slice::from_ref(e)).unwrap_or_else(|| {
                        vec![Got::Error("rampart does not parse it".to_string())]
                    }));
                }
            }
        }
    }
    out
}

fn evaluate_chunk(exprs: &[&str]) -> Option<Vec<Got>> {
    let mut src = String::from("resource \"x\" \"t\" {\n");
    for (i, e) in exprs.iter().enumerate() {
        src.push_str(&format!("  a{i} = {e}\n"));
    }
    src.push_str("}\n");
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new(PathBuf::from("m/main.tf"), src));
    let parsed = parse_file(&db, id).ok()?;
    let (module, _) = Module::build(PathBuf::from("m"), vec![parsed], &db);
    let inputs = Inputs::default();
    let m = Evaluator::new(&module, &db, &inputs).evaluate();
    let r = m.resources.iter().find(|r| r.address == "x.t")?;
    Some(
        (0..exprs.len())
            .map(|i| match r.body.get(&format!("a{i}")) {
                Some(v) => got(v),
                None => Got::Error("no value".to_string()),
            })
            .collect(),
    )
}

fn got(v: &Value) -> Got {
    if v.is_error() {
        return Got::Error(v.to_string());
    }
    to_json(v).map_or(Got::Unknown, Got::Known)
}

/// A known value as JSON; `None` if anything in it is Unknown.
fn to_json(v: &Value) -> Option<Json> {
    Some(match &v.kind {
        Kind::Null => Json::Null,
        Kind::Bool(b) => Json::Bool(*b),
        Kind::Number(n) => Json::Number(serde_json::Number::from_f64(*n)?),
        Kind::String(s) => Json::String(s.clone()),
        Kind::List(items) => Json::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Kind::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
        Kind::Unknown => return None,
    })
}

/// Equal as Terraform's values: numbers as numbers.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

#[derive(Default)]
struct Tally {
    agree: usize,
    unknown: usize,
    errors_matched: usize,
    error_unknown: usize,
    unknown_matched: usize,
    disagree: usize,
}

#[test]
fn functions_agree_with_terraform() {
    let golden = golden();
    let exprs: Vec<&str> = golden.iter().map(|(e, _)| e.as_str()).collect();
    let results = evaluate(&exprs);
    assert_eq!(results.len(), golden.len());

    let mut tally = Tally::default();
    let mut now = BTreeSet::new();
    let mut unknown = Vec::new();
    let mut report = String::from("# expression\toutcome\tterraform\trampart\n");
    for ((expr, answer), got) in golden.iter().zip(&results) {
        let tf = match answer {
            Answer::Value(_, text) | Answer::Beyond(text) => text.clone(),
            Answer::Unknown => "unknown".to_string(),
            Answer::Error(e) => format!("error: {e}"),
        };
        let rp = match got {
            Got::Known(j) => j.to_string(),
            Got::Unknown => "Unknown".to_string(),
            Got::Error(e) => format!("error: {e}"),
        };
        let outcome = match (answer, got) {
            (Answer::Value(a, _), Got::Known(b)) if same(a, b) => {
                tally.agree += 1;
                "agree"
            }
            (Answer::Value(..) | Answer::Beyond(_), Got::Unknown) => {
                tally.unknown += 1;
                unknown.push(format!("{expr}\t{tf}"));
                "unknown"
            }
            (Answer::Error(_), Got::Error(_)) => {
                tally.errors_matched += 1;
                "error"
            }
            (Answer::Unknown, Got::Unknown | Got::Error(_)) => {
                tally.unknown_matched += 1;
                "unknown"
            }
            (Answer::Error(_), Got::Unknown) => {
                tally.error_unknown += 1;
                "error, Unknown"
            }
            _ => {
                tally.disagree += 1;
                // A known value is recorded in full, an error as such (its
                // message is rampart's wording, not a result).
                let rp_key = match got {
                    Got::Error(_) => "error".to_string(),
                    _ => rp.clone(),
                };
                let tf_key = match answer {
                    Answer::Value(..) | Answer::Beyond(_) | Answer::Unknown => tf.clone(),
                    Answer::Error(_) => "error".to_string(),
                };
                now.insert(format!("{expr}\t{tf_key}\t{rp_key}"));
                "disagree"
            }
        };
        report.push_str(&format!("{expr}\t{outcome}\t{tf}\t{rp}\n"));
    }

    let total = golden.len();
    println!(
        "functions oracle: {total} expressions: {} agree, {} Unknown in rampart, \
         {} errors matched, {} Terraform errors rampart leaves Unknown, \
         {} unknown to both, {} disagree",
        tally.agree,
        tally.unknown,
        tally.errors_matched,
        tally.error_unknown,
        tally.unknown_matched,
        tally.disagree
    );
    for u in &unknown {
        println!("  Unknown in rampart: {u}");
    }
    let report_path = workspace().join("target/tmp/oracle-functions-report.tsv");
    if let Some(dir) = report_path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(&report_path, report).unwrap();
    println!("functions oracle: report in {}", report_path.display());

    let known_path = workspace().join("tests/oracle/functions-known.tsv");
    if std::env::var_os("ORACLE_UPDATE").is_some() {
        let mut text = String::from(
            "# Calls Terraform answers that rampart gets wrong today (crates/terraform/tests/oracle_functions.rs):\n\
             # expression\tterraform\trampart. Rewritten by ORACLE_UPDATE=1; see docs/oracle.md.\n",
        );
        for l in &now {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(&known_path, text).unwrap();
        println!("functions oracle: rewrote {}", known_path.display());
    }
    let known: BTreeSet<String> = std::fs::read_to_string(&known_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    let new: Vec<&String> = now.difference(&known).collect();
    let fixed: Vec<&String> = known.difference(&now).collect();
    let list = |v: &[&String]| {
        v.iter()
            .take(60)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        new.is_empty(),
        "{} new disagreement(s) with Terraform (expression, Terraform, rampart):\n{}",
        new.len(),
        list(&new)
    );
    assert!(
        fixed.is_empty(),
        "{} disagreement(s) listed in tests/oracle/functions-known.tsv are gone (fixed?): \
         rerun with ORACLE_UPDATE=1 to update the list:\n{}",
        fixed.len(),
        list(&fixed)
    );
    assert!(
        tally.unknown <= MAX_UNKNOWN,
        "{} values Terraform knows are Unknown in rampart, more than {MAX_UNKNOWN}",
        tally.unknown
    );
    // The golden file is Terraform's, not empty: most calls have a value.
    assert!(tally.agree * 2 > total, "fewer than half agree");
}
