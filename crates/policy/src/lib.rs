//! rampart's policies: they turn an evaluated Terraform module into
//! [`Finding`]s, and print nothing.
//!
//! Each rule lives in its own file under `rules/`, with its documentation and
//! its good and bad examples in the repository's `policies/CODE-name/`
//! folder, which is embedded here (for `rampart explain` and editor hovers).
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod finding;
pub mod fix;
pub mod iam;
mod network;
pub mod registry;
mod rules;
pub mod semantics;
pub mod suppress;
mod suppression;

pub use finding::{related_of, Checked, Finding, Note, Related, Report, Sink, MAX_INSTANCES};
pub use fix::{Edit, Fix, Safety};
pub use rampart_config::{Config, Severity};
pub use registry::{rule, Family, RuleMeta, Status, RULES};

use rampart_terraform::eval::EvaluatedModule;
use rampart_terraform::source::SourceDb;

/// Run every enabled rule over an evaluated module.
pub fn check(module: &EvaluatedModule, db: &SourceDb, config: &Config) -> Vec<Finding> {
    check_all(module, db, config).findings
}

/// Run every enabled rule over an evaluated module: its findings, and the
/// notes on what the rules could not judge.
pub fn check_all(module: &EvaluatedModule, db: &SourceDb, config: &Config) -> Checked {
    let mut sink = Sink::new(config);
    rules::run_all(module, db, &mut sink);
    let mut checked = sink.into_checked();
    fix::resolve(&mut checked.findings, db);
    checked
}
