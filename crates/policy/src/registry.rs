//! Every rule rampart has, with its metadata and its documentation from
//! `policies/`. Codes are stable: a retired rule is deprecated, never
//! deleted or reused, so users' suppression comments keep working.

use crate::Severity;

#[derive(Debug)]
pub struct RuleMeta {
    /// `NET001`
    pub code: &'static str,
    /// `admin-port-open-to-internet`
    pub name: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// The rule's `README.md` from `policies/CODE-name/`.
    pub docs: &'static str,
}

macro_rules! policy_docs {
    ($dir:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../policies/",
            $dir,
            "/README.md"
        ))
    };
}
pub(crate) use policy_docs;

pub static RULES: &[&RuleMeta] = &[
    &crate::rules::net001_admin_port_open_to_internet::META,
    &crate::rules::net002_app_port_open_to_internet::META,
    &crate::rules::net003_all_ports_open_to_internet::META,
    &crate::rules::tls001_http_listener_without_redirect::META,
    &crate::rules::tls002_outdated_tls_policy::META,
    &crate::rules::tls003_cloudfront_allows_http::META,
    &crate::rules::tls004_cloudfront_outdated_tls::META,
    &crate::rules::tls005_no_https_in_front::META,
    &crate::rules::tls006_service_allows_old_tls::META,
    &crate::rules::iam001_iam_full_admin::META,
    &crate::rules::iam002_iam_service_wildcard::META,
    &crate::rules::iam003_iam_privilege_escalation::META,
    &crate::rules::iam004_iam_managed_admin_attached::META,
    &crate::rules::iam005_iam_public_principal::META,
    &crate::rules::iam006_iam_allow_not_action::META,
    &crate::rules::sec001_hardcoded_secret::META,
    &crate::rules::rmp001_expired_suppression::META,
    &crate::rules::rmp002_unused_suppression::META,
    &crate::rules::rmp003_suppression_without_reason::META,
    &crate::rules::rmp004_invalid_suppression::META,
];

/// Look a rule up by code or name (case-insensitive).
pub fn rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// Every rule code, for config validation.
pub fn codes() -> Vec<&'static str> {
    RULES.iter().map(|r| r.code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            let (letters, digits) = r.code.split_at(3);
            assert!(
                letters.chars().all(|c| c.is_ascii_uppercase())
                    && digits.len() == 3
                    && digits.chars().all(|c| c.is_ascii_digit())
            );
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            // Names say what is flagged, not the cure. TLS005's name was
            // fixed by its issue before this test existed; it reads as the
            // situation flagged ("no HTTPS in front").
            if r.code != "TLS005" {
                assert!(
                    !r.name.starts_with("no-") && !r.name.starts_with("disallow-"),
                    "{}",
                    r.name
                );
            }
        }
    }

    /// The docs in `policies/` and the metadata in code say the same thing.
    #[test]
    fn docs_match_metadata() {
        for r in RULES {
            let mut lines = r.docs.lines();
            assert_eq!(
                lines.next(),
                Some(format!("# {}: {}", r.code, r.name).as_str())
            );
            assert!(
                r.docs.contains(&format!("**Title:** {}\n", r.title)),
                "{} title",
                r.code
            );
            assert!(
                r.docs.contains(&format!("**Severity:** {}\n", r.severity)),
                "{} severity",
                r.code
            );
            assert!(
                r.docs.contains("**Equivalent IDs:**"),
                "{} equivalents",
                r.code
            );
            let mut last = 0;
            for heading in [
                "## What it flags",
                "## Why it matters",
                "## How to fix",
                "## Options",
                "## References",
            ] {
                let at = r
                    .docs
                    .find(heading)
                    .unwrap_or_else(|| panic!("{}: missing {heading}", r.code));
                assert!(at > last, "{}: {heading} out of order", r.code);
                last = at;
            }
        }
    }
}
