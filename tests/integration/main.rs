//! CLI integration tests: the real `rampart` binary run on small Terraform
//! trees, checking exit codes, pretty output (insta snapshots) and the JSON
//! contract.
//!
//! Fixtures are written into a fresh temporary directory by each test (see
//! [`common::Fixture`]) and the binary runs with that directory as its
//! working directory, so printed paths are short, relative and stable.
//! Snapshots live in `tests/integration/snapshots/`; accept new or changed
//! ones with `INSTA_UPDATE=always cargo test --test integration` and review
//! every `.snap` file before committing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Assert an insta snapshot with the suite's filters (trailing whitespace
/// removed, tool version redacted).
macro_rules! snap {
    ($name:expr, $value:expr) => {
        $crate::common::snapshot_settings().bind(|| insta::assert_snapshot!($name, $value))
    };
}

mod amplification;
mod ci_templates;
mod commands;
mod common;
mod confidentiality;
mod config;
mod corpus_labels;
mod custom_policies;
mod discovery;
mod errors;
mod evaluation;
mod example;
mod fidelity;
mod fixes;
mod formats;
mod governance;
mod hardening_output;
mod iam_notes;
mod invariants;
mod json_contract;
mod load_balancers;
mod lsp;
mod lsp_client;
mod lsp_custom;
mod lsp_stress;
mod modules;
mod network;
mod notes;
mod policy_tests;
mod precommit;
mod robustness;
mod suppressions;
mod trivy_families;
mod variables;
