//! `rampart test`'s Rego half: the OPA-style `test_` rules of a policy
//! folder, each evaluated on its own (no input unless the test gives one
//! with `with input as …`) and passing when it is `true`, as `opa test`
//! runs them. `todo_test_` rules are skipped, as OPA skips them.

use crate::error::{locate, PolicyError};
use crate::set::PolicySet;
use regorus::unstable::{Expr, Rule, RuleHead};
use regorus::utils::limits::ExecutionTimerConfig;
use regorus::Value;
use std::collections::HashSet;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one `test_` rule gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    /// `true`.
    Pass,
    /// Undefined, `false` or another value: why, in words.
    Fail(String),
    /// The evaluation failed (at its place in a policy or a test) or ran
    /// out of budget.
    Error(PolicyError),
    /// A `todo_test_` rule.
    Skip,
}

/// One `test_` rule of a loaded file and its outcome.
#[derive(Debug, Clone)]
pub struct RegoTest {
    /// The `.rego` file holding it (its first definition).
    pub path: PathBuf,
    /// 1-based line and character column of its name there.
    pub line: usize,
    pub col: usize,
    /// `rampart.custom.app_port_test`
    pub package: String,
    /// `test_internet_cidr_is_denied`
    pub name: String,
    pub outcome: TestOutcome,
    /// What the test's `print` calls printed.
    pub prints: Vec<String>,
    pub took: Duration,
}

impl RegoTest {
    /// `data.rampart.custom.app_port_test.test_internet_cidr_is_denied`,
    /// as `opa test` names it.
    pub fn query(&self) -> String {
        format!("data.{}.{}", self.package, self.name)
    }
}

/// Work units between two looks at the clock (regorus's timer).
const CHECK_INTERVAL: u32 = 64;

/// The most `test_` rules a run evaluates.
pub const MAX_TESTS: usize = 10_000;

impl PolicySet {
    /// Run every `test_` rule of the loaded files (those that compiled),
    /// in file and line order, each in a fresh engine under the
    /// evaluation budget. Never fails: an evaluation error is that test's
    /// [`TestOutcome::Error`].
    pub fn run_tests(&self) -> Vec<RegoTest> {
        let Some(mut base) = self.engine() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        for module in base.get_modules().iter() {
            let file_name = module.package.span.source.file().clone();
            let Some(file) = self
                .files()
                .iter()
                .find(|f| f.path.display().to_string() == file_name)
            else {
                continue;
            };
            let Some(package) = file.package.clone() else {
                continue;
            };
            for rule in &module.policy {
                let Rule::Spec { head, .. } = rule.as_ref() else {
                    continue;
                };
                // `test_x if { … }`, `test_x := v if { … }`: no arguments.
                let RuleHead::Compr { refr, .. } = head else {
                    continue;
                };
                let Expr::Var { span, .. } = refr.as_ref() else {
                    continue;
                };
                let name = span.text().to_string();
                let skip = name.starts_with("todo_test_");
                if !(name.starts_with("test_") || skip) {
                    continue;
                }
                // A test written twice (an incremental rule) is one test.
                if !seen.insert((package.clone(), name.clone())) {
                    continue;
                }
                let line = span.line as usize;
                found.push(RegoTest {
                    path: file.path.clone(),
                    line,
                    col: crate::error::char_column(&file.text, line, span.col as usize)
                        .unwrap_or(1),
                    package: package.clone(),
                    name,
                    outcome: if skip {
                        TestOutcome::Skip
                    } else {
                        TestOutcome::Pass
                    },
                    prints: Vec::new(),
                    took: Duration::ZERO,
                });
            }
        }
        found.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        found.truncate(MAX_TESTS);
        base.set_gather_prints(true);
        if let Some(interval) = NonZeroU32::new(CHECK_INTERVAL) {
            base.set_execution_timer_config(ExecutionTimerConfig {
                limit: self.budget,
                check_interval: interval,
            });
        }
        for test in &mut found {
            if test.outcome == TestOutcome::Skip {
                continue;
            }
            let mut engine = base.clone();
            let start = Instant::now();
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                engine.eval_rule(test.query())
            }));
            test.took = start.elapsed();
            test.prints = engine.take_prints().unwrap_or_default();
            test.outcome = match run {
                Ok(Ok(Value::Bool(true))) => TestOutcome::Pass,
                Ok(Ok(Value::Undefined)) => TestOutcome::Fail(
                    "it is undefined: some expression in it is false or undefined".to_string(),
                ),
                Ok(Ok(Value::Bool(false))) => TestOutcome::Fail("it is false".to_string()),
                Ok(Ok(other)) => TestOutcome::Fail(format!(
                    "it is {}, not true",
                    rampart_config::short(&other.to_string())
                )),
                Ok(Err(e)) => TestOutcome::Error(self.test_error(test, &e)),
                Err(_) => TestOutcome::Error(self.at_test(
                    test,
                    "the Rego interpreter failed while evaluating it (a bug in rampart or regorus; please report it with this test)".to_string(),
                )),
            };
        }
        found
    }

    /// An error at the test's name.
    fn at_test(&self, test: &RegoTest, message: String) -> PolicyError {
        let text: Option<Arc<str>> = self
            .files()
            .iter()
            .find(|f| f.path == test.path)
            .map(|f| f.text.clone());
        let span = text.as_deref().and_then(|t| {
            let line_start = if test.line <= 1 {
                0
            } else {
                t.match_indices('\n')
                    .nth(test.line - 2)
                    .map(|(i, _)| i + 1)?
            };
            let start = line_start
                + t.get(line_start..)?
                    .char_indices()
                    .nth(test.col.saturating_sub(1))
                    .map(|(b, _)| b)?;
            Some(start..start + test.name.len())
        });
        PolicyError::new(&test.path, text.as_ref(), span, message)
    }

    /// A failed evaluation: at its place in a policy or test file when
    /// regorus says where, else at the test.
    fn test_error(&self, test: &RegoTest, e: &anyhow::Error) -> PolicyError {
        let message = e.to_string();
        let timed_out = matches!(
            e.downcast_ref::<regorus::LimitError>(),
            Some(regorus::LimitError::TimeLimitExceeded { .. })
        ) || message.contains("exceeded time limit");
        if timed_out {
            return self.at_test(
                test,
                format!(
                    "{} was stopped: it took longer than {} s, rampart's budget for one evaluation",
                    test.name,
                    self.budget.as_secs_f64()
                ),
            );
        }
        for f in self.files() {
            let name = f.path.display().to_string();
            if message.contains(&format!("--> {name}:")) {
                let (span, what) = locate(&message, &name, &f.text);
                return PolicyError::new(
                    &f.path,
                    Some(&f.text),
                    span,
                    format!("{}: evaluation error: {what}", test.name),
                );
            }
        }
        self.at_test(
            test,
            format!("{}: evaluation error: {}", test.name, message.trim()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"# METADATA
# title: App port
# custom:
#   id: ACME001
#   severity: high
package rampart.custom.app_port

import rego.v1

deny contains result if {
	some r in input.resources
	r.values.port == 8000
	result := {"msg": "m", "resource": r.address}
}
"#;

    const TESTS: &str = r#"package rampart.custom.app_port_test

import rego.v1

import data.rampart.custom.app_port

one := {"resources": [{"address": "aws_x.a", "values": {"port": 8000}}]}

test_denied if {
	count(app_port.deny) == 1 with input as one
}

test_undefined if {
	print("deny has", count(app_port.deny))
	count(app_port.deny) == 2 with input as one
}

test_false := false

test_error if {
	x := 1 / 0
	x > 0
}

todo_test_later if {
	false
}

helper_test_not_a_test if {
	false
}

test_function(x) if {
	x
}
"#;

    #[test]
    fn test_rules_pass_fail_err_and_skip() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("policy.rego"), POLICY).unwrap();
        std::fs::write(dir.path().join("policy_test.rego"), TESTS).unwrap();
        let set = PolicySet::load(&[dir.path().to_path_buf()], None);
        assert_eq!(set.errors(), &[]);
        let tests = set.run_tests();
        let got: Vec<(String, usize, String)> = tests
            .iter()
            .map(|t| {
                let outcome = match &t.outcome {
                    TestOutcome::Pass => "pass".to_string(),
                    TestOutcome::Fail(why) => format!("fail: {why}"),
                    TestOutcome::Error(e) => format!("error: {}", e.located()),
                    TestOutcome::Skip => "skip".to_string(),
                };
                (t.name.clone(), t.line, outcome)
            })
            .collect();
        let file = dir.path().join("policy_test.rego").display().to_string();
        assert_eq!(got[0], ("test_denied".into(), 9, "pass".into()));
        assert_eq!(
            got[1],
            (
                "test_undefined".into(),
                13,
                "fail: it is undefined: some expression in it is false or undefined".into()
            )
        );
        assert_eq!(
            got[2],
            ("test_false".into(), 18, "fail: it is false".into())
        );
        assert_eq!(got[3].0, "test_error");
        assert!(
            got[3].2.starts_with(&format!("error: {file}:21:")),
            "{:?}",
            got[3]
        );
        assert_eq!(got[4], ("todo_test_later".into(), 25, "skip".into()));
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(tests[1].prints.len(), 1, "{:?}", tests[1].prints);
        assert!(
            tests[1].prints[0].contains("deny has 0"),
            "{:?}",
            tests[1].prints
        );
        assert_eq!(
            tests[0].query(),
            "data.rampart.custom.app_port_test.test_denied"
        );
    }
}
