//! `[[suppress]]` and `[suppressions]`: parsing, validation with spans, and
//! matching.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::{Config, ConfigError, Date};
use miette::Diagnostic;
use std::path::Path;

const KNOWN: &[&str] = &["NET001", "NET002", "IAM001", "RMP001", "RMP002"];

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("proj/rampart.toml"), KNOWN)
}

/// The error's message and the text under its label.
fn err(text: &str) -> (String, String) {
    let e = match parse(text) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e) => e,
    };
    let labels: Vec<_> = e.labels().expect("a label").collect();
    assert_eq!(labels.len(), 1, "{labels:?}");
    let s = labels[0].inner();
    (
        e.to_string(),
        text[s.offset()..s.offset() + s.len()].to_owned(),
    )
}

#[test]
fn entries_in_file_order() {
    let text = r#"
[suppressions]
require_reason = true

[[suppress]]
rule = "NET001"
paths = ["bastion/**", "legacy"]
reason = "  jump host  "
expires = "2027-03-31"

[[suppress]]
expires = 2027-04-30
rule = "IAM"
paths = ["**"]
"#;
    let c = parse(text).unwrap();
    assert!(c.suppressions.require_reason);
    assert_eq!(c.suppress.len(), 2);
    let a = &c.suppress[0];
    assert_eq!(a.rule, "NET001");
    assert_eq!(a.paths, ["bastion/**", "legacy"]);
    assert_eq!(a.reason.as_deref(), Some("jump host"));
    assert_eq!(a.expires, Date::new(2027, 3, 31));
    assert_eq!(&text[a.span.clone()], "[[suppress]]");
    assert_eq!(&text[a.expires_span.clone().unwrap()], "\"2027-03-31\"");
    let b = &c.suppress[1];
    assert_eq!(b.expires, Date::new(2027, 4, 30));
    assert_eq!(b.reason, None);
    assert!(b.covers_rule("IAM001") && !b.covers_rule("NET001"));
    assert!(a.covers_rule("NET001") && !a.covers_rule("NET002"));
    assert_eq!(c.text.as_deref(), Some(text));
}

#[test]
fn inline_array_of_tables() {
    let c = parse("suppress = [{ rule = \"NET\", paths = [\"a\"] }]\n").unwrap();
    assert_eq!(c.suppress[0].rule, "NET");
    assert!(c.suppress[0].covers_rule("NET002"));
}

#[test]
fn defaults() {
    let c = parse("").unwrap();
    assert!(!c.suppressions.require_reason);
    assert!(c.suppress.is_empty());
}

#[test]
fn paths_match_relative_to_the_config_directory() {
    let c =
        parse("[[suppress]]\nrule = \"NET001\"\npaths = [\"bastion/**\", \"legacy\"]\n").unwrap();
    let set = c.suppress[0].glob_set().unwrap();
    assert!(c.path_matches(&set, Path::new("proj/bastion/main.tf")));
    assert!(c.path_matches(&set, Path::new("proj/bastion/sub/x.tf")));
    assert!(c.path_matches(&set, Path::new("proj/legacy/main.tf")));
    assert!(!c.path_matches(&set, Path::new("proj/web/main.tf")));
    assert!(!c.path_matches(&set, Path::new("bastion/main.tf")));
}

#[test]
fn errors_point_at_the_culprit() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[[suppress]]\npaths = [\"a\"]\n",
            "missing `suppress[0].rule` in proj/rampart.toml",
            "[[suppress]]",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\n\n[[suppress]]\nrule = \"NET002\"\n",
            "missing `suppress[0].paths` in proj/rampart.toml",
            "[[suppress]]",
        ),
        (
            "[[suppress]]\nrule = \"NETT001\"\npaths = [\"a\"]\n",
            "unknown rule `NETT001` in `suppress.rule` in proj/rampart.toml",
            "\"NETT001\"",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nresaon = \"x\"\n",
            "unknown key `suppress[0].resaon` in proj/rampart.toml",
            "resaon",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a/[b\"]\n",
            "invalid glob `a/[b` in `suppress.paths` in proj/rampart.toml: unclosed character class; missing ']'",
            "\"a/[b\"",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = []\n",
            "invalid `suppress[0].paths` in proj/rampart.toml: list at least one glob (`**` for every file)",
            "[]",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nexpires = \"2027-02-30\"\n",
            "invalid `suppress[0].expires` in proj/rampart.toml: no such date",
            "\"2027-02-30\"",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nexpires = \"31/03/2027\"\n",
            "invalid `suppress[0].expires` in proj/rampart.toml: expected a date written YYYY-MM-DD",
            "\"31/03/2027\"",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nexpires = 2027-03-31T10:00:00\n",
            "invalid `suppress[0].expires` in proj/rampart.toml: expected a date written YYYY-MM-DD, without a time",
            "2027-03-31T10:00:00",
        ),
        (
            "[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nexpires = 20270331\n",
            "`suppress[0].expires` in proj/rampart.toml must be a date (\"YYYY-MM-DD\"), found integer",
            "20270331",
        ),
        (
            "[[suppress]]\nrule = 1\npaths = [\"a\"]\n",
            "`suppress[0].rule` in proj/rampart.toml must be a rule code or prefix, found integer",
            "1",
        ),
        (
            "suppress = \"NET001\"\n",
            "`suppress` in proj/rampart.toml must be an array of tables, found string",
            "\"NET001\"",
        ),
        (
            "[suppressions]\nrequire_reason = \"yes\"\n",
            "`suppressions.require_reason` in proj/rampart.toml must be a boolean, found string",
            "\"yes\"",
        ),
        (
            "[suppressions]\nrequire_reasons = true\n",
            "unknown key `suppressions.require_reasons` in proj/rampart.toml",
            "require_reasons",
        ),
    ];
    for (text, message, under) in cases {
        let (m, u) = err(text);
        assert_eq!((m.as_str(), u.as_str()), (*message, *under), "{text}");
    }
}

#[test]
fn unknown_key_suggests_the_close_one() {
    let e = parse("[[suppress]]\nrule = \"NET001\"\npaths = [\"a\"]\nexpire = \"2027-01-01\"\n")
        .unwrap_err();
    let help = e.help().map(|h| h.to_string()).unwrap_or_default();
    assert!(help.starts_with("did you mean `expires`?"), "{help}");
}
