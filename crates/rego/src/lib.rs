//! Custom policies in Rego: a team's own rules, evaluated in-process by
//! [regorus](https://github.com/microsoft/regorus) over rampart's
//! evaluated model of each module instance, reported like the built-in
//! rules: at the exact element, with the value's provenance, through
//! suppressions, rule selection, severities, baselines and every output
//! format.
//!
//! - [`PolicySet::load`] reads every `.rego` file under the configured
//!   paths (`[policies] paths`, default `.rampart/policies`), reads each
//!   policy's OPA METADATA (`title`, `description`, `related_resources`,
//!   `custom.id`, `custom.severity`, `custom.fix_hint`) into a
//!   [`RuleMeta`](rampart_policy::RuleMeta) of
//!   [`Family::Custom`](rampart_policy::Family::Custom), checks ids
//!   against the built-in rules and each other, and compiles everything
//!   once. What cannot be loaded is a [`PolicyError`] naming its file,
//!   line and column; the rest loads.
//! - [`PolicySet::check`] evaluates each enabled policy's `deny` over one
//!   module instance's [input document](document) (one engine clone per
//!   module instance; the engine calls it on each module instance in
//!   parallel), each evaluation bounded by [`EVALUATION_BUDGET`] of wall
//!   time, and turns each result `{"msg", "resource", "attribute"}` into
//!   a [`Finding`](rampart_policy::Finding) at the value the attribute
//!   path leads to.
//! - The built-ins `rampart.is_internet`, `rampart.ports_overlap`,
//!   `rampart.policy_statements` and `rampart.is_unknown` call the
//!   policy crate's own judgements ([`rampart_policy::semantics`]).
//!
//! regorus is built with the `no_std`, `arc`, `regex`, `glob`, `base64`,
//! `base64url`, `hex` and `semver` features only: no time zones, HTTP,
//! YAML, JSON Schema, UUIDs or OPA runtime (which reads the environment),
//! and not `std`, with which it prints warnings on stderr (this crate
//! supplies its clock and the `net` built-ins). A cold release build of
//! the workspace took 2 min 06 s before this crate and 2 min 32 s after
//! (+20%, regorus itself 24 s of it; 2-core VM, `docs/custom-policies.md`).
//!
//! This crate prints nothing and knows no terminal or editor; the engine
//! runs it, the CLI renders its errors.
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod builtins;
mod check;
mod error;
mod input;
mod intern;
mod metadata;
mod set;
mod testing;

pub use builtins::{MAX_ELEMENTS, MAX_TEXT};
pub use check::{Outcome, MAX_RESULTS};
pub use error::PolicyError;
pub use input::{document, UNKNOWN_KEY};
pub use set::{Policy, PolicyFile, PolicySet, DENY, EVALUATION_BUDGET, MAX_FILES, PACKAGE_ROOT};
pub use testing::{RegoTest, TestOutcome, MAX_TESTS};

/// The regorus version rampart evaluates policies with (re-exported so
/// that `rampart test` and the language server use the same engine).
pub use regorus;
