//! Integration tests for `rampart-config`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use miette::Diagnostic;
use rampart_config::{is_valid_selector, Config, ConfigError, RulesConfig, Severity};

const KNOWN: &[&str] = &[
    "NET001", "NET002", "NET003", "IAM001", "IAM002", "TLS001", "TLS002",
];

fn path() -> &'static Path {
    Path::new("proj/rampart.toml")
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, path(), KNOWN)
}

fn parse_err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err,
    }
}

/// 1-based line and column (in chars) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The (line, column, spanned text) of the error's single label.
fn label(err: &ConfigError, text: &str) -> (usize, usize, String) {
    let labels: Vec<_> = err.labels().expect("error has a label").collect();
    assert_eq!(labels.len(), 1, "{labels:?}");
    let span = labels[0].inner();
    let (line, col) = line_col(text, span.offset());
    (
        line,
        col,
        text[span.offset()..span.offset() + span.len()].to_owned(),
    )
}

fn code(err: &ConfigError) -> String {
    err.code().expect("error has a code").to_string()
}

fn help(err: &ConfigError) -> String {
    err.help().map(|h| h.to_string()).unwrap_or_default()
}

/// The name of the error's source code, read through the diagnostic.
fn source_name(err: &ConfigError) -> String {
    let src = err.source_code().expect("error has source code");
    let labels: Vec<_> = err.labels().expect("error has a label").collect();
    let contents = src.read_span(labels[0].inner(), 0, 0).unwrap();
    contents.name().unwrap().to_owned()
}

fn rules(select: &[&str], ignore: &[&str]) -> RulesConfig {
    RulesConfig {
        select: select.iter().map(|s| s.to_string()).collect(),
        ignore: ignore.iter().map(|s| s.to_string()).collect(),
        ..RulesConfig::default()
    }
}

/// A fresh, empty directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "rampart-config-test-{}-{}-{name}-{n}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------- defaults

#[test]
fn defaults() {
    let config = Config::default();
    assert!(config.network.trusted_cidrs.is_empty());
    assert_eq!(config.network.admin_ports, vec![22, 3389]);
    assert_eq!(config.network.public_ports, vec![80, 443]);
    assert!(config.rules.select.is_empty());
    assert!(config.rules.ignore.is_empty());
    assert!(config.rules.severity.is_empty());
    assert!(config.files.exclude.is_empty());
    assert_eq!(config.files.base_dir, PathBuf::from("."));
    assert_eq!(config.path, None);
    for code in KNOWN {
        assert!(config.rules.is_enabled(code));
        assert_eq!(config.rules.severity_for(code), None);
    }
}

#[test]
fn empty_file_gives_defaults_with_path() {
    let config = parse("# nothing here\n").unwrap();
    assert_eq!(config.network, Config::default().network);
    assert_eq!(config.rules, Config::default().rules);
    assert_eq!(config.files.exclude, Vec::<String>::new());
    assert_eq!(config.files.base_dir, PathBuf::from("proj"));
    assert_eq!(config.path, Some(PathBuf::from("proj/rampart.toml")));
}

#[test]
fn base_dir_of_bare_file_name_is_dot() {
    let config = Config::parse("", Path::new("rampart.toml"), KNOWN).unwrap();
    assert_eq!(config.files.base_dir, PathBuf::from("."));
}

#[test]
fn partial_network_table_keeps_other_defaults() {
    let config = parse("[network]\nadmin_ports = [2222]\n").unwrap();
    assert_eq!(config.network.admin_ports, vec![2222]);
    assert_eq!(config.network.public_ports, vec![80, 443]);
}

// -------------------------------------------------------------- full file

const FULL: &str = r#"
[network]
trusted_cidrs = ["203.0.113.0/24", "10.1.2.3", "2001:db8::/32", "::1"]
admin_ports = [22, 3389, 0x1F90, 5_432]
public_ports = [80, 443, 8443]

[rules]
select = ["NET", "IAM001", "ALL"]
ignore = ["TLS002"]
severity = { NET002 = "critical", IAM001 = "Low" }

[files]
exclude = ["examples/**", "**/*.generated.tf", "vendor"]
"#;

#[test]
fn full_valid_file() {
    let config = parse(FULL).unwrap();
    let cidrs: Vec<String> = config
        .network
        .trusted_cidrs
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        cidrs,
        ["203.0.113.0/24", "10.1.2.3/32", "2001:db8::/32", "::1/128"]
    );
    assert_eq!(config.network.admin_ports, vec![22, 3389, 8080, 5432]);
    assert_eq!(config.network.public_ports, vec![80, 443, 8443]);
    assert_eq!(config.rules.select, ["NET", "IAM001", "ALL"]);
    assert_eq!(config.rules.ignore, ["TLS002"]);
    assert_eq!(
        config.rules.severity_for("NET002"),
        Some(Severity::Critical)
    );
    assert_eq!(config.rules.severity_for("IAM001"), Some(Severity::Low));
    assert_eq!(config.rules.severity_for("NET001"), None);
    assert_eq!(
        config.files.exclude,
        ["examples/**", "**/*.generated.tf", "vendor"]
    );
    assert_eq!(config.files.base_dir, PathBuf::from("proj"));
}

#[test]
fn dotted_keys_and_severity_section() {
    let text = "network.admin_ports = [23]\n[rules.severity]\nTLS001 = \"high\"\n";
    let config = parse(text).unwrap();
    assert_eq!(config.network.admin_ports, vec![23]);
    assert_eq!(config.rules.severity_for("TLS001"), Some(Severity::High));
}

#[test]
fn trusted_cidrs_are_usable_for_containment() {
    let config = parse("[network]\ntrusted_cidrs = [\"10.0.0.0/8\"]\n").unwrap();
    let host: ipnet::IpNet = "10.20.30.40/32".parse().unwrap();
    assert!(config.network.trusted_cidrs[0].contains(&host));
}

// ------------------------------------------------------------------ errors

#[test]
fn syntax_error() {
    let text = "[network]\nadmin_ports = [22,\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::syntax");
    let msg = err.to_string();
    assert!(
        msg.starts_with("invalid TOML in proj/rampart.toml: "),
        "{msg}"
    );
    // The parser stops at the end of the unterminated array's line.
    let (line, col, _) = label(&err, text);
    assert_eq!((line, col), (2, 19));
}

#[test]
fn duplicate_key_is_a_syntax_error() {
    let text = "[rules]\nselect = []\nselect = []\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err:?}");
    assert!(err.to_string().contains("duplicate key"), "{err}");
    let (line, col, spanned) = label(&err, text);
    assert_eq!((line, col, spanned.as_str()), (3, 1, "select"));
}

#[test]
fn unknown_key_in_network() {
    let text = "[network]\ntrustd_cidrs = []\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::UnknownKey { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::unknown_key");
    assert_eq!(
        err.to_string(),
        "unknown key `network.trustd_cidrs` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 1, "trustd_cidrs".to_owned()));
    assert_eq!(
        help(&err),
        "did you mean `trusted_cidrs`? valid keys in [network] are: \
         `trusted_cidrs`, `admin_ports`, `public_ports`"
    );
    assert_eq!(source_name(&err), "proj/rampart.toml");
}

#[test]
fn unknown_top_level_table() {
    let text = "# config\n\n[netwrok]\n";
    let err = parse_err(text);
    assert_eq!(
        err.to_string(),
        "unknown key `netwrok` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (3, 2, "netwrok".to_owned()));
    assert!(
        help(&err).starts_with("did you mean `network`?"),
        "{}",
        help(&err)
    );
    assert!(help(&err).contains("`network`, `rules`, `files`"));
}

#[test]
fn unknown_key_in_rules_and_files() {
    let text = "[rules]\nselect = [\"NET\"]\n  severities = {}\n";
    let err = parse_err(text);
    assert_eq!(label(&err, text), (3, 3, "severities".to_owned()));
    assert!(err.to_string().contains("`rules.severities`"));

    let text = "[files]\npaths = []\n";
    let err = parse_err(text);
    assert_eq!(label(&err, text), (2, 1, "paths".to_owned()));
    assert_eq!(help(&err), "valid keys in [files] are: `exclude`");
}

#[test]
fn first_error_in_source_order_is_reported() {
    // `zzz` sorts after `admin_ports` but comes first in the file.
    let text = "[network]\nzzz = 1\nadmin_ports = [0]\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::UnknownKey { .. }), "{err:?}");
    assert_eq!(label(&err, text).2, "zzz");
}

#[test]
fn invalid_cidr_points_at_the_string() {
    let text = "[network]\ntrusted_cidrs = [\"10.0.0.0/8\", \"300.1.1.0/24\"]\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::InvalidCidr { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::invalid_cidr");
    assert_eq!(
        err.to_string(),
        "invalid CIDR `300.1.1.0/24` in `network.trusted_cidrs` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 32, "\"300.1.1.0/24\"".to_owned()));
    let labels: Vec<_> = err.labels().unwrap().collect();
    assert_eq!(
        labels[0].label(),
        Some("`300.1.1.0` is not a valid IPv4 or IPv6 address")
    );
    assert!(help(&err).contains("/32 or /128"));
}

#[test]
fn invalid_cidr_prefix_length() {
    let text = "[network]\ntrusted_cidrs = [\n  \"10.0.0.0/33\",\n]\n";
    let err = parse_err(text);
    assert_eq!(label(&err, text), (3, 3, "\"10.0.0.0/33\"".to_owned()));
    let labels: Vec<_> = err.labels().unwrap().collect();
    assert_eq!(
        labels[0].label(),
        Some("prefix length /33 is too long for an IPv4 address (at most /32)")
    );
}

#[test]
fn wrong_types() {
    let text = "[rules]\nselect = \"NET\"\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::InvalidType { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::invalid_type");
    assert_eq!(
        err.to_string(),
        "`rules.select` in proj/rampart.toml must be an array of rule codes, found string"
    );
    assert_eq!(label(&err, text), (2, 10, "\"NET\"".to_owned()));

    let text = "[network]\ntrusted_cidrs = [\"10.0.0.0/8\", 10]\n";
    let err = parse_err(text);
    assert_eq!(
        err.to_string(),
        "`network.trusted_cidrs[1]` in proj/rampart.toml must be a string, found integer"
    );
    assert_eq!(label(&err, text).2, "10");

    let text = "network = 5\n";
    let err = parse_err(text);
    assert_eq!(
        err.to_string(),
        "`network` in proj/rampart.toml must be a table, found integer"
    );
    assert_eq!(label(&err, text), (1, 11, "5".to_owned()));
}

#[test]
fn unknown_rule_in_select() {
    let text = "[rules]\nselect = [\"NET\", \"NETT001\"]\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::UnknownRule { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::unknown_rule");
    assert_eq!(
        err.to_string(),
        "unknown rule `NETT001` in `rules.select` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 18, "\"NETT001\"".to_owned()));
    assert_eq!(help(&err), "did you mean `NET001`?");
    assert_eq!(source_name(&err), "proj/rampart.toml");
}

#[test]
fn unknown_rule_in_ignore_without_close_match() {
    let text = "[rules]\nignore = [\"XYZ999\"]\n";
    let err = parse_err(text);
    assert_eq!(
        err.to_string(),
        "unknown rule `XYZ999` in `rules.ignore` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 11, "\"XYZ999\"".to_owned()));
    assert_eq!(
        help(&err),
        "rule selectors are `ALL`, a rule code, or a code prefix such as `IAM`, `NET`, `TLS`"
    );
}

#[test]
fn lowercase_selector_is_rejected_with_suggestion() {
    let text = "[rules]\nselect = [\"net\"]\n";
    let err = parse_err(text);
    assert_eq!(help(&err), "did you mean `NET`?");
}

#[test]
fn severity_key_must_be_a_full_known_code() {
    let text = "[rules]\nseverity = { NET = \"high\" }\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::UnknownRule { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "unknown rule `NET` in `rules.severity` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 14, "NET".to_owned()));
    assert_eq!(
        help(&err),
        "severity overrides need a full rule code, such as `NET001`, `NET002`, `NET003`"
    );

    let text = "[rules.severity]\nNET009 = \"high\"\n";
    let err = parse_err(text);
    assert_eq!(label(&err, text), (2, 1, "NET009".to_owned()));
    assert!(
        help(&err).starts_with("did you mean `NET00"),
        "{}",
        help(&err)
    );
}

#[test]
fn invalid_severity_value() {
    let text = "[rules]\nseverity = { NET002 = \"urgent\" }\n";
    let err = parse_err(text);
    assert!(
        matches!(err, ConfigError::InvalidSeverity { .. }),
        "{err:?}"
    );
    assert_eq!(code(&err), "rampart::config::invalid_severity");
    assert_eq!(
        err.to_string(),
        "invalid severity `urgent` for rule `NET002` in `rules.severity` in proj/rampart.toml"
    );
    assert_eq!(label(&err, text), (2, 23, "\"urgent\"".to_owned()));
    assert_eq!(help(&err), "expected one of: low, medium, high, critical");

    let text = "[rules.severity]\nNET002 = 3\n";
    let err = parse_err(text);
    assert!(
        matches!(err, ConfigError::InvalidSeverity { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("invalid severity `3`"), "{err}");
    assert_eq!(label(&err, text), (2, 10, "3".to_owned()));
}

#[test]
fn invalid_glob() {
    let text = "[files]\nexclude = [\"ok/**\", \"bad/[x\"]\n";
    let err = parse_err(text);
    assert!(matches!(err, ConfigError::InvalidGlob { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::invalid_glob");
    assert_eq!(
        err.to_string(),
        "invalid glob `bad/[x` in `files.exclude` in proj/rampart.toml: \
         unclosed character class; missing ']'"
    );
    assert_eq!(label(&err, text), (2, 21, "\"bad/[x\"".to_owned()));
}

#[test]
fn invalid_ports() {
    let cases: &[(&str, &str, &str)] = &[
        ("0", "0", "ports must be between 1 and 65535"),
        ("65536", "65536", "ports must be between 1 and 65535"),
        ("-22", "-22", "ports must be between 1 and 65535"),
        ("\"22\"", "\"22\"", "ports must be integers"),
        ("22.5", "22.5", "ports must be integers"),
    ];
    for (written, value, reason) in cases {
        let text = format!("[network]\npublic_ports = [80, {written}]\n");
        let err = parse_err(&text);
        assert!(matches!(err, ConfigError::InvalidPort { .. }), "{err:?}");
        assert_eq!(code(&err), "rampart::config::invalid_port");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid port `{value}` in `network.public_ports` in proj/rampart.toml: {reason}"
            )
        );
        assert_eq!(label(&err, &text), (2, 21, written.to_string()));
    }

    let text = "[network]\nadmin_ports = [70000]\n";
    let err = parse_err(text);
    assert!(err.to_string().contains("`network.admin_ports`"), "{err}");
    assert_eq!(label(&err, text), (2, 16, "70000".to_owned()));
}

#[test]
fn io_error_names_the_file() {
    let dir = temp_dir("io");
    let missing = dir.join("rampart.toml");
    let err = Config::load(&missing, KNOWN).unwrap_err();
    assert!(matches!(err, ConfigError::Io { .. }), "{err:?}");
    assert_eq!(code(&err), "rampart::config::io");
    assert_eq!(
        err.to_string(),
        format!("failed to read config file {}", missing.display())
    );
    assert!(std::error::Error::source(&err).is_some());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn narratable_report_shows_file_line_and_column() {
    let text = "[network]\ntrustd_cidrs = []\n";
    let err = parse_err(text);
    let mut out = String::new();
    miette::NarratableReportHandler::new()
        .render_report(&mut out, &err)
        .unwrap();
    assert!(out.contains("proj/rampart.toml"), "{out}");
    assert!(out.contains("line 2"), "{out}");
}

// -------------------------------------------------------------- load/discover

#[test]
fn load_reads_file_and_sets_paths() {
    let dir = temp_dir("load");
    let file = dir.join("rampart.toml");
    std::fs::write(&file, "[rules]\nignore = [\"TLS\"]\n").unwrap();
    let config = Config::load(&file, KNOWN).unwrap();
    assert_eq!(config.path.as_deref(), Some(file.as_path()));
    assert_eq!(config.files.base_dir, dir);
    assert!(!config.rules.is_enabled("TLS001"));

    std::fs::write(&file, "[rules]\nignore = [\"TLX\"]\n").unwrap();
    let err = Config::load(&file, KNOWN).unwrap_err();
    assert_eq!(source_name(&err), file.display().to_string());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn discover_finds_config_in_ancestor() {
    let root = temp_dir("discover");
    let nested = root.join("a").join("b").join("c");
    std::fs::create_dir_all(&nested).unwrap();
    // Parents are searched up to the repository root.
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("a").join(".rampart.toml"), "").unwrap();
    let tf = nested.join("main.tf");
    std::fs::write(&tf, "").unwrap();

    let expected = root.join("a").join(".rampart.toml");
    assert_eq!(Config::discover(&nested), Some(expected.clone()));
    // From a file: start at its parent directory.
    assert_eq!(Config::discover(&tf), Some(expected));

    // Nearest wins.
    std::fs::write(nested.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&tf), Some(nested.join("rampart.toml")));
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn discover_prefers_rampart_toml_over_dot_file() {
    let root = temp_dir("prefer");
    std::fs::write(root.join(".rampart.toml"), "").unwrap();
    std::fs::write(root.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&root), Some(root.join("rampart.toml")));
    std::fs::remove_file(root.join("rampart.toml")).unwrap();
    assert_eq!(Config::discover(&root), Some(root.join(".rampart.toml")));
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn discover_ignores_directories_named_like_config() {
    let root = temp_dir("dirname");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let inner = root.join("inner");
    std::fs::create_dir_all(inner.join("rampart.toml")).unwrap();
    std::fs::write(root.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&inner), Some(root.join("rampart.toml")));
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn discover_stops_at_the_repository_root() {
    let outer = temp_dir("outer");
    let repo = outer.join("repo");
    let module = repo.join("envs").join("prod");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    // Above the repository: never applies to it.
    std::fs::write(outer.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&module), None);
    std::fs::write(repo.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&module), Some(repo.join("rampart.toml")));
    std::fs::remove_dir_all(outer).unwrap();
}

#[test]
fn discover_outside_a_repository_searches_no_parent_above_the_working_directory() {
    // The test's working directory is the crate, not above the temporary
    // directory: only the start directory itself is searched.
    let root = temp_dir("norepo");
    let inner = root.join("inner");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(root.join("rampart.toml"), "").unwrap();
    assert_eq!(Config::discover(&inner), None);
    assert_eq!(Config::discover(&root), Some(root.join("rampart.toml")));
    std::fs::remove_dir_all(root).unwrap();
}

#[cfg(unix)]
#[test]
fn discover_does_not_read_a_config_linked_outside_the_repository() {
    let outer = temp_dir("link");
    let repo = outer.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let secret = outer.join("credentials");
    std::fs::write(&secret, "AWS_SECRET_ACCESS_KEY=abc\n").unwrap();
    std::os::unix::fs::symlink(&secret, repo.join("rampart.toml")).unwrap();
    std::fs::write(repo.join(".rampart.toml"), "").unwrap();
    let found = Config::search(&repo);
    // The link is skipped with a reason; the next candidate is used.
    assert_eq!(found.path, Some(repo.join(".rampart.toml")));
    assert_eq!(found.skipped.len(), 1);
    assert_eq!(found.skipped[0].0, repo.join("rampart.toml"));
    assert!(found.skipped[0].1.starts_with("not read: it leads outside"));
    // A link that stays inside the repository is followed.
    std::fs::remove_file(repo.join("rampart.toml")).unwrap();
    std::fs::create_dir_all(repo.join("shared")).unwrap();
    std::fs::write(repo.join("shared").join("rampart.toml"), "").unwrap();
    std::os::unix::fs::symlink(
        repo.join("shared").join("rampart.toml"),
        repo.join("rampart.toml"),
    )
    .unwrap();
    assert_eq!(Config::search(&repo).path, Some(repo.join("rampart.toml")));
    std::fs::remove_dir_all(outer).unwrap();
}

// ------------------------------------------------------------- selection

#[test]
fn select_prefix_ignore_code() {
    let r = rules(&["NET"], &["NET002"]);
    assert!(r.is_enabled("NET001"));
    assert!(!r.is_enabled("NET002"));
    assert!(r.is_enabled("NET003"));
    assert!(!r.is_enabled("IAM001"));
}

#[test]
fn select_code_beats_ignored_prefix() {
    let r = rules(&["NET001"], &["NET"]);
    assert!(r.is_enabled("NET001"));
    assert!(!r.is_enabled("NET002"));
    assert!(!r.is_enabled("TLS001"));
}

#[test]
fn empty_select_with_ignore() {
    let r = rules(&[], &["NET"]);
    assert!(!r.is_enabled("NET001"));
    assert!(!r.is_enabled("NET003"));
    assert!(r.is_enabled("IAM001"));
    assert!(r.is_enabled("TLS002"));
}

#[test]
fn all_selector() {
    let r = rules(&["ALL"], &[]);
    assert!(KNOWN.iter().all(|c| r.is_enabled(c)));

    let r = rules(&["ALL"], &["TLS"]);
    assert!(r.is_enabled("NET001"));
    assert!(!r.is_enabled("TLS001"));

    // Any real selector is more specific than ALL.
    let r = rules(&["TLS001"], &["ALL"]);
    assert!(r.is_enabled("TLS001"));
    assert!(!r.is_enabled("TLS002"));

    // Tie at the lowest specificity: ignore wins.
    let r = rules(&[], &["ALL"]);
    assert!(!r.is_enabled("NET001"));
}

#[test]
fn tie_goes_to_ignore() {
    let r = rules(&["NET"], &["NET"]);
    assert!(!r.is_enabled("NET001"));
    let r = rules(&["NET002"], &["NET002"]);
    assert!(!r.is_enabled("NET002"));
}

#[test]
fn selector_validation() {
    assert!(is_valid_selector("ALL", KNOWN));
    assert!(is_valid_selector("NET", KNOWN));
    assert!(is_valid_selector("TLS002", KNOWN));
    assert!(!is_valid_selector("TLS003", KNOWN));
    assert!(!is_valid_selector("", KNOWN));
}

#[test]
fn severity_for_overrides() {
    let text = "[rules]\nseverity = { NET002 = \"critical\", TLS001 = \"MEDIUM\" }\n";
    let config = parse(text).unwrap();
    assert_eq!(
        config.rules.severity_for("NET002"),
        Some(Severity::Critical)
    );
    assert_eq!(config.rules.severity_for("TLS001"), Some(Severity::Medium));
    assert_eq!(config.rules.severity_for("NET001"), None);
    assert_eq!(config.rules.severity_for("NET"), None);
}

#[test]
fn severity_basics() {
    assert!(Severity::Low < Severity::Medium);
    assert!(Severity::High < Severity::Critical);
    assert_eq!(Severity::Critical.to_string(), "critical");
    assert_eq!(Severity::Medium.as_str(), "medium");
    assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
    assert_eq!(" low ".parse::<Severity>(), Ok(Severity::Low));
    let err = "urgent".parse::<Severity>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid severity `urgent`, expected one of: low, medium, high, critical"
    );
}

#[test]
fn apply_cli_selection_replaces_select_and_extends_ignore() {
    let mut config = parse("[rules]\nselect = [\"NET\"]\nignore = [\"NET002\"]\n").unwrap();
    config
        .apply_cli_selection(&["IAM".to_owned()], &["IAM002".to_owned()], KNOWN)
        .unwrap();
    assert_eq!(config.rules.select, ["IAM"]);
    assert_eq!(config.rules.ignore, ["NET002", "IAM002"]);
    assert!(config.rules.is_enabled("IAM001"));
    assert!(!config.rules.is_enabled("IAM002"));
    assert!(!config.rules.is_enabled("NET001"));

    // An empty --select keeps the config's select; commas separate selectors.
    config
        .apply_cli_selection(&[], &["TLS001, TLS002".to_owned()], KNOWN)
        .unwrap();
    assert_eq!(config.rules.select, ["IAM"]);
    assert_eq!(
        config.rules.ignore,
        ["NET002", "IAM002", "TLS001", "TLS002"]
    );
}

#[test]
fn apply_cli_selection_rejects_unknown_codes_without_span() {
    let mut config = Config::default();
    let err = config
        .apply_cli_selection(&["NET".to_owned()], &["NETT002".to_owned()], KNOWN)
        .unwrap_err();
    assert!(matches!(err, ConfigError::UnknownRule { .. }), "{err:?}");
    assert_eq!(err.to_string(), "unknown rule `NETT002` in --ignore");
    assert_eq!(help(&err), "did you mean `NET002`?");
    assert_eq!(err.labels().map_or(0, Iterator::count), 0);
    assert!(err.source_code().is_none());
    // Nothing changed.
    assert_eq!(config, Config::default());

    let err = config
        .apply_cli_selection(&["IAM9".to_owned()], &[], KNOWN)
        .unwrap_err();
    assert_eq!(err.to_string(), "unknown rule `IAM9` in --select");
}

// ----------------------------------------------------------------- exclude

#[test]
fn exclude_set_matches_relative_paths() {
    let config = parse("[files]\nexclude = [\"examples/**\", \"*.bak.tf\", \"vendor\"]\n").unwrap();
    let set = config.exclude_set().unwrap();
    assert!(set.is_match("examples/foo/main.tf"));
    assert!(set.is_match("x.bak.tf"));
    assert!(!set.is_match("modules/x.bak.tf"));
    assert!(!set.is_match("src/main.tf"));

    // is_excluded: relative to base_dir ("proj"), ancestors count.
    assert!(config.is_excluded(&set, Path::new("proj/examples/foo/main.tf")));
    assert!(config.is_excluded(&set, Path::new("./proj/vendor/mod/main.tf")));
    assert!(config.is_excluded(&set, Path::new("proj/x.bak.tf")));
    assert!(!config.is_excluded(&set, Path::new("proj/main.tf")));
    assert!(!config.is_excluded(&set, Path::new("proj/src/vendor.tf")));
}

#[test]
fn exclude_set_with_absolute_base_dir() {
    let dir = temp_dir("exclude");
    let file = dir.join("rampart.toml");
    std::fs::write(&file, "[files]\nexclude = [\"examples/**\"]\n").unwrap();
    let config = Config::load(&file, KNOWN).unwrap();
    let set = config.exclude_set().unwrap();
    assert!(config.is_excluded(&set, &dir.join("examples/foo/main.tf")));
    assert!(!config.is_excluded(&set, &dir.join("main.tf")));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exclude_set_reports_invalid_glob_without_span() {
    let mut config = Config::default();
    config.files.exclude.push("a/[".to_owned());
    let err = config.exclude_set().unwrap_err();
    assert!(matches!(err, ConfigError::InvalidGlob { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid glob `a/[` in `files.exclude`: unclosed character class; missing ']'"
    );
    assert_eq!(err.labels().map_or(0, Iterator::count), 0);

    // With a config file, the message names it.
    let mut config = parse("").unwrap();
    config.files.exclude.push("x/**/[z".to_owned());
    let err = config.exclude_set().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid glob `x/**/[z` in `files.exclude` in proj/rampart.toml: \
         unclosed character class; missing ']'"
    );
}

#[test]
fn editor_severity_mapping() {
    use rampart_config::{EditorLevel, Severity};
    let config = rampart_config::Config::parse(
        "[editor]\nseverity = { medium = \"information\", low = \"hint\" }\n",
        std::path::Path::new("rampart.toml"),
        &["NET001"],
    )
    .unwrap();
    assert_eq!(
        config.editor.level(Severity::Medium),
        EditorLevel::Information
    );
    assert_eq!(config.editor.level(Severity::Low), EditorLevel::Hint);
    assert_eq!(config.editor.level(Severity::Critical), EditorLevel::Error);
    let err = rampart_config::Config::parse(
        "[editor]\nseverity = { severe = \"error\" }\n",
        std::path::Path::new("rampart.toml"),
        &["NET001"],
    )
    .unwrap_err();
    assert!(err.to_string().contains("severe"), "{err}");
    let err = rampart_config::Config::parse(
        "[editor]\nseverity = { low = \"loud\" }\n",
        std::path::Path::new("rampart.toml"),
        &["NET001"],
    )
    .unwrap_err();
    assert!(err.to_string().contains("editor.severity.low"), "{err}");
}

/// `[policies] paths`: each path exists, stays inside the configuration's
/// repository, and is resolved against the config file's directory; the
/// codes the policies there define are valid in `[rules]` and
/// `[[suppress]]` (and only then).
mod policies {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("infra/policies")).unwrap();
        dir
    }

    #[test]
    fn paths_resolve_against_the_config_directory() {
        let dir = tree();
        let config_path = dir.path().join("infra/rampart.toml");
        let text = "[policies]\npaths = [\"policies\"]\n";
        let config = Config::parse(text, &config_path, KNOWN).unwrap();
        assert_eq!(
            config.policy_paths(Path::new("elsewhere")),
            vec![dir.path().join("infra/policies")]
        );
    }

    #[test]
    fn the_default_directory_is_used_when_it_exists() {
        let dir = tree();
        let config_path = dir.path().join("infra/rampart.toml");
        let config = Config::parse("", &config_path, KNOWN).unwrap();
        assert!(config.policy_paths(dir.path()).is_empty());
        std::fs::create_dir_all(dir.path().join("infra/.rampart/policies")).unwrap();
        assert_eq!(
            config.policy_paths(dir.path()),
            vec![dir.path().join("infra/.rampart/policies")]
        );
        // Without a file: under the checked directory.
        std::fs::create_dir_all(dir.path().join(".rampart/policies")).unwrap();
        assert_eq!(
            Config::default().policy_paths(dir.path()),
            vec![dir.path().join(".rampart/policies")]
        );
    }

    #[test]
    fn a_missing_path_is_an_error_at_it() {
        let dir = tree();
        let config_path = dir.path().join("infra/rampart.toml");
        let text = "[policies]\npaths = [\"policies\", \"nope\"]\n";
        let err = Config::parse(text, &config_path, KNOWN).unwrap_err();
        assert_eq!(code(&err), "rampart::config::invalid_policy_path");
        assert_eq!(label(&err, text), (2, 22, "\"nope\"".to_string()));
        assert!(
            err.to_string().contains("no such file or directory"),
            "{err}"
        );
    }

    #[test]
    fn a_path_leading_out_of_the_repository_is_refused() {
        let dir = tree();
        let outside = tempfile::tempdir().unwrap();
        let config_path = dir.path().join("infra/rampart.toml");
        let text = format!(
            "[policies]\npaths = [{:?}]\n",
            outside.path().display().to_string()
        );
        let err = Config::parse(&text, &config_path, KNOWN).unwrap_err();
        assert!(err.to_string().contains("it leads outside"), "{err}");
        let text = "[policies]\npaths = [\"../..\"]\n";
        let err = Config::parse(text, &config_path, KNOWN).unwrap_err();
        assert!(err.to_string().contains("it leads outside"), "{err}");
    }

    #[test]
    fn unknown_keys_and_types_are_errors() {
        let err = parse_err("[policies]\npath = [\"x\"]\n");
        assert_eq!(code(&err), "rampart::config::unknown_key");
        assert!(
            help(&err).contains("did you mean `paths`"),
            "{}",
            help(&err)
        );
        let err = parse_err("[policies]\npaths = \"x\"\n");
        assert_eq!(code(&err), "rampart::config::invalid_type");
    }

    #[test]
    fn custom_codes_are_valid_once_the_policies_are_known() {
        let dir = tree();
        let config_path = dir.path().join("infra/rampart.toml");
        let text = "[policies]\npaths = [\"policies\"]\n[rules]\nignore = [\"ACME\"]\nseverity = { ACME001 = \"low\" }\n";
        assert!(Config::parse(text, &config_path, KNOWN).is_err());
        let mut seen = None;
        let config = Config::parse_with_custom(text, &config_path, KNOWN, |c| {
            seen = Some(c.policy_paths(Path::new(".")));
            vec!["ACME001".to_string()]
        })
        .unwrap();
        assert_eq!(seen, Some(vec![dir.path().join("infra/policies")]));
        assert!(!config.rules.is_enabled("ACME001"));
        assert_eq!(config.rules.severity_for("ACME001"), Some(Severity::Low));
    }
}
