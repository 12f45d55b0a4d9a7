//! OPA METADATA annotations: the `# METADATA` comment block written
//! directly above a policy's `package` line, YAML inside comments, read
//! with rampart's own YAML decoder.
//!
//! ```rego
//! # METADATA
//! # title: App port reachable only from the load balancer
//! # description: Port 8000 of the app servers accepts traffic only from the ALB.
//! # related_resources:
//! # - https://wiki.example.com/security/network
//! # custom:
//! #   id: ACME001
//! #   severity: high
//! #   fix_hint: allow the ALB's security group, not a CIDR
//! package rampart.custom.app_port_from_alb
//! ```

use rampart_config::Severity;
use rampart_terraform::value::{Kind, Value};
use std::ops::Range;

/// What a policy's METADATA says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Metadata {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub severity: Severity,
    pub fix_hint: Option<String>,
    pub links: Vec<String>,
}

/// A METADATA block found in a file: its YAML (comment markers removed)
/// and the byte range of each of its lines in the file.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The `# METADATA` line.
    pub header: Range<usize>,
    /// Each YAML line's text and the byte offset in the file where that
    /// text starts.
    lines: Vec<(String, usize)>,
    /// Does the block sit directly above the `package` line (a package
    /// annotation, the only kind rampart reads)?
    pub before_package: bool,
}

/// A problem in a METADATA block, at a byte range of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MetaError {
    pub span: Range<usize>,
    pub message: String,
}

/// Every `# METADATA` block of `text`, in order.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line.trim_end_matches(['\n', '\r'])));
        offset += line.len();
    }
    let mut i = 0;
    while let Some(&(start, line)) = lines.get(i) {
        i += 1;
        if line.trim() != "# METADATA" {
            continue;
        }
        let header = start..start + line.len();
        let mut yaml = Vec::new();
        while let Some(&(at, l)) = lines.get(i) {
            let trimmed = l.trim_start();
            let Some(rest) = trimmed.strip_prefix('#') else {
                break;
            };
            if rest.trim() == "METADATA" {
                break;
            }
            let indent = l.len() - trimmed.len() + 1;
            let (body, skip) = match rest.strip_prefix(' ') {
                Some(b) => (b, 1),
                None => (rest, 0),
            };
            yaml.push((body.to_string(), at + indent + skip));
            i += 1;
        }
        // The next line that is not blank: the package line?
        let before_package = lines
            .get(i..)
            .unwrap_or_default()
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .is_some_and(|(_, l)| {
                let l = l.trim_start();
                l == "package" || l.starts_with("package ") || l.starts_with("package\t")
            });
        out.push(Block {
            header,
            lines: yaml,
            before_package,
        });
    }
    out
}

impl Block {
    /// The byte range, in the file, of the value of the first line of
    /// this block reading `key:` (a key at any depth), else of the
    /// `# METADATA` line.
    fn span_of(&self, key: &str) -> Range<usize> {
        let prefix = format!("{key}:");
        for (line, at) in &self.lines {
            let trimmed = line.trim_start().trim_start_matches("- ");
            if let Some(rest) = trimmed.strip_prefix(&prefix) {
                let value = rest.trim();
                if value.is_empty() {
                    let start = at + (line.len() - trimmed.len());
                    return start..start + prefix.len() - 1;
                }
                let start = at + (line.len() - rest.len()) + (rest.len() - rest.trim_start().len());
                return start..start + value.len();
            }
        }
        self.header.clone()
    }

    /// The byte range of the `line`-th (1-based) YAML line, at character
    /// `col` (1-based) of it.
    fn span_at(&self, line: usize, col: usize) -> Range<usize> {
        match self.lines.get(line.saturating_sub(1)) {
            Some((text, at)) => {
                let byte = text
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(text.len(), |(b, _)| b);
                let end = text[byte..].chars().next().map_or(0, char::len_utf8);
                at + byte..at + byte + end
            }
            None => self.header.clone(),
        }
    }

    fn error(&self, key: &str, message: impl Into<String>) -> MetaError {
        MetaError {
            span: self.span_of(key),
            message: message.into(),
        }
    }

    /// The block's YAML read into what rampart needs.
    pub(crate) fn read(&self) -> Result<Metadata, MetaError> {
        let yaml: String = self.lines.iter().map(|(l, _)| format!("{l}\n")).collect();
        let doc = rampart_terraform::yaml::decode_document(&yaml, None).map_err(|e| {
            let span = match e.line_col {
                Some((line, col)) => self.span_at(line, col),
                None => self.header.clone(),
            };
            MetaError {
                span,
                message: format!("METADATA is not valid YAML: {}", e.message),
            }
        })?;
        let Some(map) = doc.as_object() else {
            return Err(MetaError {
                span: self.header.clone(),
                message: "METADATA must be a YAML mapping (`title:`, `custom:` …)".to_string(),
            });
        };
        let text = |key: &str, v: &Value| -> Result<String, MetaError> {
            match &v.kind {
                Kind::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(self.error(key, format!("`{key}` must be a non-empty string"))),
            }
        };
        let title = match map.get("title") {
            Some(v) => text("title", v)?,
            None => {
                return Err(MetaError {
                    span: self.header.clone(),
                    message: "METADATA needs a `title` (one line saying what the rule flags)"
                        .to_string(),
                })
            }
        };
        let description = map
            .get("description")
            .map(|v| text("description", v))
            .transpose()?;
        let mut links = Vec::new();
        if let Some(v) = map.get("related_resources") {
            let bad = || {
                self.error(
                    "related_resources",
                    "`related_resources` must be a list of URLs or of `{ref: URL, description: …}`",
                )
            };
            let items = v.as_list().ok_or_else(bad)?;
            for item in items {
                let url = match &item.kind {
                    Kind::String(s) => s.trim().to_string(),
                    Kind::Object(o) => match o.get("ref").and_then(Value::as_str) {
                        Some(s) => s.trim().to_string(),
                        None => return Err(bad()),
                    },
                    _ => return Err(bad()),
                };
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(self.error(
                        "ref",
                        format!("related resource `{url}` is not an http(s) URL"),
                    ));
                }
                links.push(url);
            }
        }
        let Some(custom) = map.get("custom").and_then(Value::as_object) else {
            return Err(self.error(
                "custom",
                "METADATA needs `custom:` with the rule's `id` and `severity`",
            ));
        };
        let id = match custom.get("id") {
            Some(v) => text("id", v)?,
            None => {
                return Err(self.error(
                    "custom",
                    "`custom` needs an `id` (the rule's code, such as ACME001)",
                ))
            }
        };
        if !valid_id(&id) {
            return Err(self.error(
                "id",
                format!("rule id `{id}` must be uppercase letters then digits, such as ACME001 (at most 32 characters)"),
            ));
        }
        let severity = match custom.get("severity") {
            Some(v) => {
                let s = text("severity", v)?;
                s.parse::<Severity>().map_err(|_| {
                    self.error(
                        "severity",
                        format!("severity `{s}` is not one of critical, high, medium, low"),
                    )
                })?
            }
            None => {
                return Err(self.error(
                    "custom",
                    "`custom` needs a `severity` (critical, high, medium or low)",
                ))
            }
        };
        let fix_hint = custom
            .get("fix_hint")
            .map(|v| text("fix_hint", v))
            .transpose()?;
        Ok(Metadata {
            id,
            title,
            description,
            severity,
            fix_hint,
            links,
        })
    }

    /// Where errors about the rule id point: the id's value.
    pub(crate) fn id_span(&self) -> Range<usize> {
        self.span_of("id")
    }
}

/// `ACME001`: uppercase ASCII letters, then digits, 2 to 32 characters.
pub(crate) fn valid_id(id: &str) -> bool {
    let letters = id.chars().take_while(char::is_ascii_uppercase).count();
    let digits = &id[letters..];
    letters >= 1
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && id.len() <= 32
}

/// The letters of a code before its digits (`NET` of `NET001`).
pub(crate) fn prefix_of(code: &str) -> &str {
    let letters = code.chars().take_while(char::is_ascii_alphabetic).count();
    &code[..letters]
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "# METADATA\n# title: App port only from the ALB\n# description: >-\n#   Port 8000 only from\n#   the load balancer.\n# related_resources:\n# - https://example.com/a\n# - ref: https://example.com/b\n#   description: more\n# custom:\n#   id: ACME001\n#   severity: high\n#   fix_hint: use the ALB's group\npackage rampart.custom.app_port\n";

    #[test]
    fn reads_a_package_annotation() {
        let b = blocks(POLICY);
        assert_eq!(b.len(), 1);
        assert!(b[0].before_package);
        let m = b[0].read().unwrap();
        assert_eq!(m.id, "ACME001");
        assert_eq!(m.title, "App port only from the ALB");
        assert_eq!(
            m.description.as_deref(),
            Some("Port 8000 only from the load balancer.")
        );
        assert_eq!(m.severity, Severity::High);
        assert_eq!(m.fix_hint.as_deref(), Some("use the ALB's group"));
        assert_eq!(m.links, ["https://example.com/a", "https://example.com/b"]);
        assert_eq!(&POLICY[b[0].id_span()], "ACME001");
    }

    #[test]
    fn errors_point_at_the_value() {
        let text = POLICY.replace("severity: high", "severity: urgent");
        let b = blocks(&text);
        let e = b[0].read().unwrap_err();
        assert_eq!(&text[e.span.clone()], "urgent");
        assert!(e.message.contains("not one of critical"), "{}", e.message);
        let text = POLICY.replace("id: ACME001", "id: acme-1");
        let e = blocks(&text)[0].read().unwrap_err();
        assert_eq!(&text[e.span.clone()], "acme-1");
        let text = POLICY.replace("#   severity: high\n", "");
        let e = blocks(&text)[0].read().unwrap_err();
        assert_eq!(&text[e.span.clone()], "custom");
    }

    #[test]
    fn yaml_errors_have_a_position() {
        let text = "# METADATA\n# title: [unclosed\n# custom: {id: A1}\npackage x\n";
        let e = blocks(text)[0].read().unwrap_err();
        assert!(e.message.starts_with("METADATA is not valid YAML"), "{e:?}");
        assert!(e.span.start > 11, "{e:?}");
    }

    #[test]
    fn a_rule_annotation_is_not_before_the_package() {
        let text = "package x\n\n# METADATA\n# title: t\ndeny contains 1 if true\n";
        assert!(!blocks(text)[0].before_package);
    }

    #[test]
    fn ids() {
        assert!(valid_id("ACME001") && valid_id("A1"));
        assert!(!valid_id("acme1") && !valid_id("ACME") && !valid_id("001") && !valid_id("AC-1"));
        assert_eq!(prefix_of("NET001"), "NET");
    }
}
