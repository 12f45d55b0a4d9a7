//! Every rule rampart has, with its metadata and its documentation, read
//! at build time from `policies/CODE-name/README.md` (see `build.rs`): a
//! rule's title, severity and equivalent IDs are written once, there.
//! Codes are stable: a retired rule is deprecated, never deleted or
//! reused, so users' suppression comments keep working.
//!
//! This module is the bottom of the crate: it depends on nothing in it.

use rampart_config::Severity;

/// What a rule is about. Rules are run, listed and tagged by family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Ingress open to the internet (`NET…`).
    Network,
    /// HTTPS and TLS versions (`TLS…`).
    Tls,
    /// IAM policy documents and attachments (`IAM…`).
    Iam,
    /// Secrets written in the configuration (`SEC…`).
    Secrets,
    /// Suppressions themselves (`RMP…`).
    Governance,
    /// A team's own rules: custom Rego policies loaded at run time
    /// (`rampart-rego`).
    Custom,
}

impl Family {
    /// The family's name in reports (SARIF tags): `network`, `tls`, `iam`,
    /// `secrets`, `suppressions`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Network => "network",
            Family::Tls => "tls",
            Family::Iam => "iam",
            Family::Secrets => "secrets",
            Family::Governance => "suppressions",
            Family::Custom => "custom",
        }
    }
}

/// How settled a rule is (a README's optional `**Status:**` line; stable
/// when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Stable,
    Preview,
    Deprecated,
}

#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// `NET001`
    pub code: &'static str,
    /// `admin-port-open-to-internet`
    pub name: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub family: Family,
    pub status: Status,
    /// The IDs of peer tools' checks for the same problem (Checkov
    /// `CKV_AWS_24`, Trivy `AVD-AWS-0107`, tfsec
    /// `aws-ec2-no-public-ingress-sgr`, KICS UUIDs), from the README's
    /// `**Equivalent IDs:**` line: their suppression comments suppress
    /// this rule, and `rampart explain` finds it by them.
    pub aliases: &'static [&'static str],
    /// The README's "What it flags" section.
    pub summary: &'static str,
    /// The rule's `README.md` from `policies/CODE-name/`; a custom
    /// rule's documentation, written from its policy's METADATA.
    pub docs: &'static str,
    /// A custom rule's `related_resources` links (none for built-in
    /// rules, whose documentation is their README).
    pub links: &'static [&'static str],
}

/// Where the rules' documentation is published: each rule's README is
/// `{DOCS_BASE}/CODE-name/README.md`.
pub const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/policies");

/// The documentation URL of the rule `code`/`name` (the only place it is
/// built).
pub fn docs_url(code: &str, name: &str) -> String {
    format!("{DOCS_BASE}/{code}-{name}/README.md")
}

impl RuleMeta {
    /// The rule's documentation online: its README in `policies/`; for
    /// a custom rule, the first of its policy's `related_resources` (empty
    /// when it lists none).
    pub fn docs_url(&self) -> String {
        if self.family == Family::Custom {
            return self
                .links
                .first()
                .map(|l| l.to_string())
                .unwrap_or_default();
        }
        docs_url(self.code, self.name)
    }

    /// [`RuleMeta::docs_url`], when there is one.
    pub fn help_url(&self) -> Option<String> {
        Some(self.docs_url()).filter(|u| !u.is_empty())
    }

    /// Does `id` name this rule: its code or name (any case), not an alias.
    pub fn is_named(&self, id: &str) -> bool {
        self.code.eq_ignore_ascii_case(id) || self.name.eq_ignore_ascii_case(id)
    }

    /// Is `id` one of the peer tools' IDs for this rule (any case)?
    pub fn has_alias(&self, id: &str) -> bool {
        self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }
}

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Look a rule up by code or name (case-insensitive).
pub fn rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|r| r.is_named(code_or_name))
}

/// The rules a peer tool's ID maps to (`CKV_AWS_24` → NET001), in
/// [`RULES`] order.
pub fn by_alias(id: &str) -> impl Iterator<Item = &'static RuleMeta> + '_ {
    RULES.iter().copied().filter(move |r| r.has_alias(id))
}

/// The rules of `family`, in [`RULES`] order.
pub fn of_family(family: Family) -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().copied().filter(move |r| r.family == family)
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
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            // Names say what is flagged, not the cure. TLS005's name was
            // fixed by its issue before this test existed; it reads as the
            // situation flagged ("no HTTPS in front").
            if !std::ptr::eq(*r, &TLS005) {
                assert!(
                    !r.name.starts_with("no-") && !r.name.starts_with("disallow-"),
                    "{}",
                    r.name
                );
            }
        }
    }

    /// What the build script read from the READMEs: a check of the parser
    /// on rules whose lines are known.
    #[test]
    fn metadata_is_read_from_the_readmes() {
        assert_eq!(
            NET001.title,
            "Remote-administration port open to the internet"
        );
        assert_eq!(NET001.severity, Severity::Critical);
        assert_eq!(NET001.family, Family::Network);
        assert_eq!(RMP001.family, Family::Governance);
        assert_eq!(NET001.status, Status::Stable);
        for alias in [
            "aws-ec2-no-public-ingress-sgr",
            "CKV_AWS_24",
            "CKV_AWS_25",
            "AVD-AWS-0107",
            "aws-ec2-no-public-ingress-acl",
            "AVD-AWS-0105",
            "CKV_AWS_232",
        ] {
            assert!(NET001.aliases.contains(&alias), "{alias}");
        }
        // Each alias once.
        let mut unique = NET001.aliases.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), NET001.aliases.len());
        // Prose in backticks (a resource type, an action, a whole comment)
        // is no alias.
        assert!(!IAM001.has_alias("aws_iam_policy_document"));
        assert!(IAM003.has_alias("CKV_AWS_287") && IAM003.has_alias("CKV_AWS_107"));
        assert!(RMP001.aliases.is_empty() && RMP003.aliases.is_empty());
        assert!(TLS005.aliases.is_empty());
        assert!(NET001
            .summary
            .starts_with("An ingress rule that lets the internet"));
        assert_eq!(
            by_alias("ckv_aws_24").map(|r| r.code).collect::<Vec<_>>(),
            ["NET001"]
        );
        assert_eq!(
            by_alias("AVD-AWS-0107").map(|r| r.code).collect::<Vec<_>>(),
            ["NET001", "NET002", "NET003"]
        );
    }

    /// `RULES` lists families in report order.
    #[test]
    fn rules_are_in_family_order() {
        assert!(RULES.windows(2).all(|w| w[0].family <= w[1].family));
        assert_eq!(RULES.first().map(|r| r.code), Some("NET001"));
    }

    #[test]
    fn docs_url_is_the_readme() {
        assert!(NET001
            .docs_url()
            .ends_with("/blob/main/policies/NET001-admin-port-open-to-internet/README.md"));
    }

    /// ARCHITECTURE.md: no code outside a rule's own file names a rule
    /// code, and the parsing core below the policies knows none.
    #[test]
    fn no_rule_code_strings_outside_the_rules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        let mut dirs = vec![
            root.join("crates/policy/src"),
            root.join("crates/terraform/src"),
        ];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20);
        for path in files {
            let name = path.to_string_lossy().replace('\\', "/");
            let rule_file = RULES.iter().any(|r| {
                let module = format!("{}_{}", r.code, r.name)
                    .to_ascii_lowercase()
                    .replace('-', "_");
                name.contains(&format!("/rules/{module}"))
            });
            if rule_file {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for r in RULES {
                assert!(
                    !code.contains(&format!("\"{}\"", r.code)),
                    "{name} names {}",
                    r.code
                );
            }
        }
    }
}
