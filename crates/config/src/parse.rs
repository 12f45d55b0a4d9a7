//! Validating a `rampart.toml` document into a [`Config`].
//!
//! The document is parsed into toml's span-preserving tree
//! ([`toml::de::DeTable`]) and walked by hand, so that every error can point
//! at the exact key or value at fault. Entries are visited in source order,
//! so the first error reported is the first one in the file.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ipnet::IpNet;
use miette::SourceSpan;
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use crate::error::ConfigError;
use crate::select::{
    closest, is_known_code, is_valid_selector, unknown_code_help, unknown_selector_help,
};
use crate::{build_glob, Config, Date, EditorLevel, PathSuppression, Severity};

const TOP_KEYS: &[&str] = &[
    "network",
    "rules",
    "files",
    "editor",
    "suppressions",
    "suppress",
    "policies",
];
const POLICIES_KEYS: &[&str] = &["paths"];
const SUPPRESSIONS_KEYS: &[&str] = &["require_reason", "baseline"];
const SUPPRESS_KEYS: &[&str] = &["rule", "paths", "reason", "expires"];
const EDITOR_KEYS: &[&str] = &["severity"];
const SEVERITY_KEYS: &[&str] = &["critical", "high", "medium", "low"];
const NETWORK_KEYS: &[&str] = &["trusted_cidrs", "admin_ports", "public_ports"];
const RULES_KEYS: &[&str] = &["select", "ignore", "severity"];
const FILES_KEYS: &[&str] = &["exclude"];

type Entry<'t, 'i> = (&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>);

/// The entries of `table` in the order they appear in the file.
fn in_source_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut entries: Vec<Entry<'t, 'i>> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// Render a key for messages, quoting it if it is not a bare TOML key.
fn render_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        render_key(key)
    } else {
        format!("{parent}.{}", render_key(key))
    }
}

fn span(range: Range<usize>) -> SourceSpan {
    SourceSpan::from(range)
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    file: String,
    known_codes: &'a [&'a str],
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, path: &Path, known_codes: &'a [&'a str]) -> Self {
        Parser {
            text,
            file: path.display().to_string(),
            known_codes,
        }
    }

    fn src(&self) -> Arc<crate::error::ConfigSource> {
        Arc::new(crate::error::ConfigSource::new(
            &self.file,
            self.text.to_owned(),
        ))
    }

    /// The source text of `range`, as written in the file.
    fn written(&self, range: Range<usize>) -> String {
        self.text.get(range).unwrap_or_default().to_owned()
    }

    /// Validate the document into `config`, whose fields hold the defaults.
    pub(crate) fn parse_into(&self, config: &mut Config) -> Result<(), ConfigError> {
        let doc = DeTable::parse(self.text).map_err(|err| ConfigError::Syntax {
            message: err.message().to_owned(),
            src: self.src(),
            span: err.span().map(span),
        })?;
        for (key, value) in in_source_order(doc.get_ref()) {
            match key.get_ref().as_ref() {
                "network" => self.network(self.table("network", value)?, config)?,
                "rules" => self.rules(self.table("rules", value)?, config)?,
                "files" => self.files(self.table("files", value)?, config)?,
                "editor" => self.editor(self.table("editor", value)?, config)?,
                "suppressions" => {
                    self.suppressions(self.table("suppressions", value)?, config)?;
                }
                "suppress" => {
                    let items = self.array("suppress", value, "an array of tables")?;
                    for (i, item) in items.iter().enumerate() {
                        let entry = self.suppress_entry(i, item)?;
                        config.suppress.push(entry);
                    }
                }
                "policies" => self.policies(self.table("policies", value)?, config)?,
                _ => return Err(self.unknown_key("", key, TOP_KEYS)),
            }
        }
        Ok(())
    }

    /// Only the `[policies]` table into `config` (custom policies are
    /// loaded before the rest is validated: their rule codes are valid in
    /// `[rules]` and `[[suppress]]`).
    pub(crate) fn parse_policies_into(&self, config: &mut Config) -> Result<(), ConfigError> {
        let doc = DeTable::parse(self.text).map_err(|err| ConfigError::Syntax {
            message: err.message().to_owned(),
            src: self.src(),
            span: err.span().map(span),
        })?;
        if let Some(value) = doc.get_ref().get("policies") {
            self.policies(self.table("policies", value)?, config)?;
        }
        Ok(())
    }

    /// `[policies] paths = [".rampart/policies"]`: directories or `.rego`
    /// files, relative to the config file's directory, each of which must
    /// exist and stay inside the config file's repository (or, outside a
    /// repository, its directory).
    fn policies(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "paths" => {
                    let path = "policies.paths";
                    let items = self.array(path, value, "an array of paths")?;
                    let mut paths = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let written = self.string(path, i, item)?;
                        let resolved = config.files.base_dir.join(written);
                        if let Some(reason) =
                            crate::policy_path_problem(&config.files.base_dir, &resolved)
                        {
                            return Err(ConfigError::InvalidPolicyPath {
                                key: format!("{path}[{i}]"),
                                reason,
                                src: self.src(),
                                span: span(item.span()),
                            });
                        }
                        paths.push(PathBuf::from(written));
                    }
                    config.policies.paths = Some(paths);
                }
                _ => return Err(self.unknown_key("policies", key, POLICIES_KEYS)),
            }
        }
        Ok(())
    }

    fn network(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "trusted_cidrs" => {
                    let path = "network.trusted_cidrs";
                    let items = self.array(path, value, "an array of CIDR strings")?;
                    config.network.trusted_cidrs = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.cidr(path, i, item))
                        .collect::<Result<_, _>>()?;
                }
                "admin_ports" => {
                    let path = "network.admin_ports";
                    let items = self.array(path, value, "an array of port numbers")?;
                    config.network.admin_ports = self.ports(path, items)?;
                }
                "public_ports" => {
                    let path = "network.public_ports";
                    let items = self.array(path, value, "an array of port numbers")?;
                    config.network.public_ports = self.ports(path, items)?;
                }
                _ => return Err(self.unknown_key("network", key, NETWORK_KEYS)),
            }
        }
        Ok(())
    }

    fn rules(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "select" => config.rules.select = self.selectors("rules.select", value)?,
                "ignore" => config.rules.ignore = self.selectors("rules.ignore", value)?,
                "severity" => {
                    let table = self.table("rules.severity", value)?;
                    config.rules.severity = self.severities("rules.severity", table)?;
                }
                _ => return Err(self.unknown_key("rules", key, RULES_KEYS)),
            }
        }
        Ok(())
    }

    fn files(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "exclude" => {
                    let path = "files.exclude";
                    let items = self.array(path, value, "an array of glob strings")?;
                    let mut patterns = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let pattern = self.string(path, i, item)?;
                        if let Err(err) = build_glob(pattern) {
                            return Err(ConfigError::InvalidGlob {
                                key: path,
                                file: Some(self.file.clone()),
                                pattern: pattern.to_owned(),
                                reason: err.kind().to_string(),
                                src: Some(self.src()),
                                span: Some(span(item.span())),
                            });
                        }
                        patterns.push(pattern.to_owned());
                    }
                    config.files.exclude = patterns;
                }
                _ => return Err(self.unknown_key("files", key, FILES_KEYS)),
            }
        }
        Ok(())
    }

    /// `[editor] severity = { medium = "information" }`: how each severity
    /// shows in an editor.
    fn editor(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "severity" => {
                    let path = "editor.severity";
                    for (sev, level) in in_source_order(self.table(path, value)?) {
                        let Ok(severity) = sev.get_ref().parse::<Severity>() else {
                            return Err(self.unknown_key(path, sev, SEVERITY_KEYS));
                        };
                        let parsed = level
                            .get_ref()
                            .as_str()
                            .and_then(|l| l.parse::<EditorLevel>().ok());
                        let Some(parsed) = parsed else {
                            return Err(self.invalid_type(
                                &join_key(path, sev.get_ref()),
                                "one of \"error\", \"warning\", \"information\", \"hint\"",
                                level,
                            ));
                        };
                        config.editor.severity.insert(severity, parsed);
                    }
                }
                _ => return Err(self.unknown_key("editor", key, EDITOR_KEYS)),
            }
        }
        Ok(())
    }

    /// `[suppressions] require_reason = true`, `baseline = "FILE"`
    fn suppressions(&self, table: &DeTable<'_>, config: &mut Config) -> Result<(), ConfigError> {
        for (key, value) in in_source_order(table) {
            match key.get_ref().as_ref() {
                "require_reason" => {
                    let DeValue::Boolean(b) = value.get_ref() else {
                        return Err(self.invalid_type(
                            "suppressions.require_reason",
                            "a boolean",
                            value,
                        ));
                    };
                    config.suppressions.require_reason = *b;
                }
                "baseline" => {
                    let Some(path) = value.get_ref().as_str() else {
                        return Err(self.invalid_type("suppressions.baseline", "a string", value));
                    };
                    config.suppressions.baseline = Some(PathBuf::from(path));
                }
                _ => return Err(self.unknown_key("suppressions", key, SUPPRESSIONS_KEYS)),
            }
        }
        Ok(())
    }

    /// One `[[suppress]]` entry.
    fn suppress_entry(
        &self,
        index: usize,
        item: &Spanned<DeValue<'_>>,
    ) -> Result<PathSuppression, ConfigError> {
        let parent = format!("suppress[{index}]");
        let table = self.table(&parent, item)?;
        let mut rule = None;
        let mut paths = None;
        let mut entry = PathSuppression {
            rule: String::new(),
            paths: Vec::new(),
            reason: None,
            expires: None,
            span: item.span(),
            expires_span: None,
        };
        for (key, value) in in_source_order(table) {
            let name: &str = key.get_ref();
            let path = join_key(&parent, name);
            match name {
                "rule" => {
                    let Some(sel) = value.get_ref().as_str() else {
                        return Err(self.invalid_type(&path, "a rule code or prefix", value));
                    };
                    if !is_valid_selector(sel, self.known_codes) {
                        return Err(ConfigError::UnknownRule {
                            key: "suppress.rule",
                            code: sel.to_owned(),
                            help: unknown_selector_help(sel, self.known_codes),
                            src: Some(self.src()),
                            span: Some(span(value.span())),
                        });
                    }
                    rule = Some(sel.to_owned());
                }
                "paths" => {
                    let items = self.array(&path, value, "an array of glob strings")?;
                    if items.is_empty() {
                        return Err(ConfigError::InvalidValue {
                            key: path,
                            reason: "list at least one glob (`**` for every file)",
                            src: self.src(),
                            span: span(value.span()),
                        });
                    }
                    let mut patterns = Vec::with_capacity(items.len());
                    for (i, glob) in items.iter().enumerate() {
                        let pattern = self.string(&path, i, glob)?;
                        if let Err(err) = build_glob(pattern) {
                            return Err(ConfigError::InvalidGlob {
                                key: "suppress.paths",
                                file: Some(self.file.clone()),
                                pattern: pattern.to_owned(),
                                reason: err.kind().to_string(),
                                src: Some(self.src()),
                                span: Some(span(glob.span())),
                            });
                        }
                        patterns.push(pattern.to_owned());
                    }
                    paths = Some(patterns);
                }
                "reason" => {
                    let Some(text) = value.get_ref().as_str() else {
                        return Err(self.invalid_type(&path, "a string", value));
                    };
                    entry.reason = Some(text.trim().to_owned()).filter(|r| !r.is_empty());
                }
                "expires" => {
                    entry.expires = Some(self.date(&path, value)?);
                    entry.expires_span = Some(value.span());
                }
                _ => return Err(self.unknown_key(&parent, key, SUPPRESS_KEYS)),
            }
        }
        let missing = |key: &str, help: &'static str| ConfigError::MissingKey {
            key: join_key(&parent, key),
            help,
            src: self.src(),
            span: span(item.span()),
        };
        entry.rule = rule.ok_or_else(|| {
            missing(
                "rule",
                "name the rule to hide: rule = \"NET001\" (a code or a prefix such as \"NET\")",
            )
        })?;
        entry.paths = paths.ok_or_else(|| {
            missing(
                "paths",
                "say where: paths = [\"bastion/**\"] (globs relative to this file's directory)",
            )
        })?;
        Ok(entry)
    }

    /// A `YYYY-MM-DD` date: a string, or a TOML local date.
    fn date(&self, path: &str, value: &Spanned<DeValue<'_>>) -> Result<Date, ConfigError> {
        let invalid = |reason| ConfigError::InvalidValue {
            key: path.to_owned(),
            reason,
            src: self.src(),
            span: span(value.span()),
        };
        match value.get_ref() {
            DeValue::String(s) => s.parse::<Date>().map_err(|e| invalid(e.0)),
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    Date::new(d.year, d.month, d.day).ok_or(invalid("no such date"))
                }
                _ => Err(invalid(
                    "expected a date written YYYY-MM-DD, without a time",
                )),
            },
            _ => Err(self.invalid_type(path, "a date (\"YYYY-MM-DD\")", value)),
        }
    }

    fn selectors(
        &self,
        path: &'static str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<String>, ConfigError> {
        let items = self.array(path, value, "an array of rule codes")?;
        let mut selectors = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let sel = self.string(path, i, item)?;
            if !is_valid_selector(sel, self.known_codes) {
                return Err(ConfigError::UnknownRule {
                    key: path,
                    code: sel.to_owned(),
                    help: unknown_selector_help(sel, self.known_codes),
                    src: Some(self.src()),
                    span: Some(span(item.span())),
                });
            }
            selectors.push(sel.to_owned());
        }
        Ok(selectors)
    }

    fn severities(
        &self,
        path: &'static str,
        table: &DeTable<'_>,
    ) -> Result<BTreeMap<String, Severity>, ConfigError> {
        let mut map = BTreeMap::new();
        for (key, value) in in_source_order(table) {
            let code: &str = key.get_ref();
            if !is_known_code(code, self.known_codes) {
                return Err(ConfigError::UnknownRule {
                    key: path,
                    code: code.to_owned(),
                    help: unknown_code_help(code, self.known_codes),
                    src: Some(self.src()),
                    span: Some(span(key.span())),
                });
            }
            let parsed = match value.get_ref() {
                DeValue::String(s) => s.parse::<Severity>().map_err(|_| s.to_string()),
                _ => Err(self.written(value.span())),
            };
            match parsed {
                Ok(severity) => {
                    map.insert(code.to_owned(), severity);
                }
                Err(written) => {
                    return Err(ConfigError::InvalidSeverity {
                        key: path,
                        code: code.to_owned(),
                        value: written,
                        src: self.src(),
                        span: span(value.span()),
                    })
                }
            }
        }
        Ok(map)
    }

    fn cidr(
        &self,
        path: &'static str,
        index: usize,
        item: &Spanned<DeValue<'_>>,
    ) -> Result<IpNet, ConfigError> {
        let text = self.string(path, index, item)?;
        parse_cidr(text).map_err(|reason| ConfigError::InvalidCidr {
            key: path,
            value: text.to_owned(),
            reason,
            src: self.src(),
            span: span(item.span()),
        })
    }

    fn ports(
        &self,
        path: &'static str,
        items: &[Spanned<DeValue<'_>>],
    ) -> Result<Vec<u16>, ConfigError> {
        items
            .iter()
            .map(|item| {
                let port = match item.get_ref() {
                    DeValue::Integer(int) => {
                        match i128::from_str_radix(int.as_str(), int.radix()) {
                            Ok(n) => u16::try_from(n)
                                .ok()
                                .filter(|p| *p != 0)
                                .ok_or("ports must be between 1 and 65535"),
                            Err(_) => Err("ports must be between 1 and 65535"),
                        }
                    }
                    _ => Err("ports must be integers"),
                };
                port.map_err(|reason| ConfigError::InvalidPort {
                    key: path,
                    value: self.written(item.span()),
                    reason,
                    src: self.src(),
                    span: span(item.span()),
                })
            })
            .collect()
    }

    fn table<'t, 'i>(
        &self,
        path: &str,
        value: &'t Spanned<DeValue<'i>>,
    ) -> Result<&'t DeTable<'i>, ConfigError> {
        value
            .get_ref()
            .as_table()
            .ok_or_else(|| self.invalid_type(path, "a table", value))
    }

    fn array<'t, 'i>(
        &self,
        path: &str,
        value: &'t Spanned<DeValue<'i>>,
        expected: &'static str,
    ) -> Result<&'t [Spanned<DeValue<'i>>], ConfigError> {
        value
            .get_ref()
            .as_array()
            .map(|array| &array[..])
            .ok_or_else(|| self.invalid_type(path, expected, value))
    }

    /// The string at `index` of the array at `path`.
    fn string<'t>(
        &self,
        path: &str,
        index: usize,
        item: &'t Spanned<DeValue<'_>>,
    ) -> Result<&'t str, ConfigError> {
        item.get_ref()
            .as_str()
            .ok_or_else(|| self.invalid_type(&format!("{path}[{index}]"), "a string", item))
    }

    fn invalid_type(
        &self,
        path: &str,
        expected: &'static str,
        value: &Spanned<DeValue<'_>>,
    ) -> ConfigError {
        ConfigError::InvalidType {
            key: path.to_owned(),
            expected,
            found: value.get_ref().type_str(),
            src: self.src(),
            span: span(value.span()),
        }
    }

    fn unknown_key(
        &self,
        parent: &str,
        key: &Spanned<DeString<'_>>,
        valid: &[&'static str],
    ) -> ConfigError {
        let name: &str = key.get_ref();
        let listed = valid
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let scope = if parent.is_empty() {
            "valid top-level tables are".to_owned()
        } else {
            format!("valid keys in [{parent}] are")
        };
        let help = match closest(name, valid.iter().copied()).first() {
            Some(close) => format!("did you mean `{close}`? {scope}: {listed}"),
            None => format!("{scope}: {listed}"),
        };
        ConfigError::UnknownKey {
            key: join_key(parent, name),
            help,
            src: self.src(),
            span: span(key.span()),
        }
    }
}

/// Parse a CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a bare address (a single
/// host, /32 or /128). Surrounding whitespace is ignored. The error is a
/// human-readable reason.
pub(crate) fn parse_cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    let (addr_text, prefix_text) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let addr: IpAddr = addr_text
        .parse()
        .map_err(|_| format!("`{addr_text}` is not a valid IPv4 or IPv6 address"))?;
    let Some(prefix_text) = prefix_text else {
        return Ok(IpNet::from(addr));
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix: u8 = prefix_text
        .parse()
        .map_err(|_| format!("prefix length `{prefix_text}` is not a number from 0 to {max}"))?;
    IpNet::new(addr, prefix).map_err(|_| {
        format!(
            "prefix length /{prefix} is too long for an IPv{} address (at most /{max})",
            if addr.is_ipv4() { 4 } else { 6 }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_forms() {
        assert_eq!(
            parse_cidr("10.0.0.0/8").map(|n| n.to_string()),
            Ok("10.0.0.0/8".into())
        );
        assert_eq!(
            parse_cidr("10.1.2.3").map(|n| n.to_string()),
            Ok("10.1.2.3/32".into())
        );
        assert_eq!(
            parse_cidr("2001:db8::1").map(|n| n.to_string()),
            Ok("2001:db8::1/128".into())
        );
        assert_eq!(
            parse_cidr(" ::/0 ").map(|n| n.to_string()),
            Ok("::/0".into())
        );
        assert_eq!(
            parse_cidr("300.1.1.0/24"),
            Err("`300.1.1.0` is not a valid IPv4 or IPv6 address".into())
        );
        assert_eq!(
            parse_cidr("10.0.0.0/33"),
            Err("prefix length /33 is too long for an IPv4 address (at most /32)".into())
        );
        assert_eq!(
            parse_cidr("10.0.0.0/x"),
            Err("prefix length `x` is not a number from 0 to 32".into())
        );
    }

    #[test]
    fn key_rendering() {
        assert_eq!(join_key("", "network"), "network");
        assert_eq!(join_key("rules", "select"), "rules.select");
        assert_eq!(join_key("rules", "a b"), "rules.\"a b\"");
    }
}
