//! Suppressions as written: `rampart:ignore` comments (and, through the
//! rules' aliases, Checkov's and tfsec/Trivy's), and the configuration's
//! `[[suppress]]` entries, each with what it covers. The model the RMP
//! rules judge; [`crate::suppress`] matches findings against it.

use rampart_config::{Config, Date};
use rampart_terraform::module::{FileKind, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile, Span};
use rampart_terraform::syntax::Body;
use std::collections::BTreeSet;

const MARKER: &str = "rampart:ignore";
const REASON: &str = "reason:";
const EXPIRES: &str = "expires:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Whose syntax it is written in.
    pub origin: Origin,
    /// The file holding it: a Terraform file, or the configuration file for
    /// a `[[suppress]]` entry.
    pub file: FileId,
    /// The comment itself, or the entry's `[[suppress]]` header.
    pub comment: Span,
    /// Rule codes or names as written; for a `[[suppress]]` entry, its
    /// `rule` (a code or prefix).
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// The last day it hides anything.
    pub expires: Option<Date>,
    /// An `expires:` that is not a `YYYY-MM-DD` date, as written. Such a
    /// suppression hides nothing.
    pub bad_expiry: Option<String>,
    /// What it covers.
    pub scope: Scope,
    /// What it sits in or above (`aws_security_group.bastion`), for
    /// messages about it.
    pub subject: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A span: from the end of an own-line comment to the end of the item
    /// below it.
    Item(Span),
    /// 0-based line.
    Line(usize),
    /// An own-line comment with no block or attribute on the next line.
    Nothing,
    /// The configuration's `[[suppress]]` entry at this index.
    Config(usize),
}

/// What a `rampart:ignore` comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub origin: Origin,
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// `expires:` as written, if present.
    pub expires: Option<String>,
}

/// Whose suppression syntax a comment is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `rampart:ignore CODE…`, or a `[[suppress]]` entry.
    Rampart,
    /// `checkov:skip=CKV_AWS_24[:reason]`.
    Checkov,
    /// `tfsec:ignore:aws-ec2-no-public-ingress-sgr[:exp:YYYY-MM-DD]`.
    Tfsec,
    /// `trivy:ignore:AVD-AWS-0107[:exp:YYYY-MM-DD]`.
    Trivy,
}

impl Origin {
    /// A peer tool's: its IDs name rampart rules through their aliases,
    /// and the RMP rules leave it alone (it is that tool's to judge).
    pub fn is_foreign(self) -> bool {
        self != Origin::Rampart
    }

    fn marker(self) -> &'static str {
        match self {
            Origin::Rampart => MARKER,
            Origin::Checkov => "checkov:skip=",
            Origin::Tfsec => "tfsec:ignore:",
            Origin::Trivy => "trivy:ignore:",
        }
    }
}

impl Suppression {
    /// Is this suppression past its expiry date on `today`? It hides
    /// findings through its `expires` day.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }

    /// Does it hide findings on `today`?
    pub fn is_active(&self, today: Date) -> bool {
        !self.is_expired(today) && self.bad_expiry.is_none()
    }

    /// Is it a `[[suppress]]` entry of the configuration?
    pub fn is_config(&self) -> bool {
        matches!(self.scope, Scope::Config(_))
    }

    /// "`rampart:ignore NET001, NET002`", or "`[[suppress]]` entry for
    /// `NET001`", for messages.
    pub fn describe(&self) -> String {
        if self.is_config() {
            format!("`[[suppress]]` entry for `{}`", self.codes.join(", "))
        } else if self.origin.is_foreign() {
            format!("`{}{}`", self.origin.marker(), self.codes.join(", "))
        } else {
            format!("`{MARKER} {}`", self.codes.join(", "))
        }
    }

    pub(crate) fn config_entry(&self) -> Option<usize> {
        match self.scope {
            Scope::Config(i) => Some(i),
            _ => None,
        }
    }
}

/// Parse the text of one comment (without its marker): a
/// `rampart:ignore`, or a peer tool's suppression the comment starts with.
pub fn parse_comment(text: &str) -> Option<Directive> {
    let Some(at) = text.find(MARKER) else {
        return parse_foreign(text.trim_start());
    };
    let rest = &text[at + MARKER.len()..];
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let rest = &rest[..second_comment(rest).unwrap_or(rest.len())];
    let mut keys: Vec<(usize, &str)> = [REASON, EXPIRES]
        .into_iter()
        .filter_map(|k| keyword(rest, k).map(|i| (i, k)))
        .collect();
    keys.sort_unstable();
    let codes_end = keys.first().map_or(rest.len(), |(i, _)| *i);
    let value = |key: &str| {
        let n = keys.iter().position(|(_, k)| *k == key)?;
        let (start, _) = *keys.get(n)?;
        let end = keys.get(n + 1).map_or(rest.len(), |(i, _)| *i);
        rest.get(start + key.len()..end)
            .map(|v| v.trim().to_string())
    };
    let codes: Vec<String> = rest[..codes_end]
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    if codes.is_empty() {
        return None;
    }
    Some(Directive {
        origin: Origin::Rampart,
        codes,
        reason: value(REASON).filter(|r| !r.is_empty()),
        expires: value(EXPIRES),
    })
}

/// A Checkov, tfsec or Trivy suppression at the start of `text`: one ID,
/// then Checkov's `:reason` or tfsec's and Trivy's `:exp:YYYY-MM-DD`.
fn parse_foreign(text: &str) -> Option<Directive> {
    let (origin, rest) = [Origin::Checkov, Origin::Tfsec, Origin::Trivy]
        .into_iter()
        .find_map(|o| Some((o, text.strip_prefix(o.marker())?)))?;
    let id_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (id, after) = rest.split_at(id_end);
    if id.is_empty() {
        return None;
    }
    let (reason, expires) = match origin {
        Origin::Checkov => (
            after
                .strip_prefix(':')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            None,
        ),
        _ => (
            None,
            after.strip_prefix(":exp:").map(|d| {
                d.split(|c: char| c.is_whitespace() || c == ':')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            }),
        ),
    };
    Some(Directive {
        origin,
        codes: vec![id.to_string()],
        reason,
        expires,
    })
}

/// Where `key` starts in `text` as a word of its own.
fn keyword(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text[..i].ends_with(char::is_whitespace))
}

/// Where a second comment starts: ` # ` or ` // ` with whitespace (or the
/// end) after the marker.
fn second_comment(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| {
        if !c.is_whitespace() {
            return None;
        }
        let after = &text[i + c.len_utf8()..];
        ["#", "//"].into_iter().find_map(|m| {
            let tail = after.strip_prefix(m)?;
            (tail.is_empty() || tail.starts_with(char::is_whitespace)).then_some(i)
        })
    })
}

/// The suppressions of one parsed file.
///
/// Linear in the comments and items of the file (plus a binary search per
/// comment): the line of each comment is computed once, the line an
/// own-line comment's item must start on is found by one backward pass over
/// the comments, and the item and the enclosing block by binary search.
pub fn collect(parsed: &ParsedFile, file: &SourceFile) -> Vec<Suppression> {
    let comments = &parsed.comments;
    let lines: Vec<usize> = comments
        .iter()
        .map(|c| file.line_index(c.span.start()))
        .collect();
    // The line after comment `i` and the own-line comments directly below
    // it: the line the item it stands above must start on.
    let mut next_lines = vec![0; comments.len()];
    for i in (0..comments.len()).rev() {
        let line = lines.get(i).copied().unwrap_or(0);
        let below = comments
            .get(i + 1)
            .zip(lines.get(i + 1))
            .filter(|(later, &l)| later.own_line && l == line + 1)
            .and_then(|_| next_lines.get(i + 1).copied());
        if let Some(slot) = next_lines.get_mut(i) {
            *slot = below.unwrap_or(line + 1);
        }
    }
    let blocks = Blocks::new(&parsed.body);
    let mut out = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        let Some(d) = parse_comment(&c.text) else {
            continue;
        };
        let line = lines.get(i).copied().unwrap_or(0);
        let scope = if c.own_line {
            let next_line = next_lines.get(i).copied().unwrap_or(line + 1);
            // Items are sorted by start: the first one starting after the
            // comment and on `next_line` or later is the only candidate.
            let from = c.span.end().max(file.line_start(next_line));
            let at = parsed.items.partition_point(|s| s.start() < from);
            let item = parsed
                .items
                .get(at)
                .filter(|s| file.line_index(s.start()) == next_line);
            // The comment lines in between are covered too, so that a
            // suppression of an RMP code hides findings about the
            // suppression comments below it.
            item.map_or(Scope::Nothing, |span| {
                Scope::Item(Span::new(c.span.end(), span.end()))
            })
        } else {
            Scope::Line(line)
        };
        let below = match scope {
            Scope::Item(span) => Some(span.end().saturating_sub(1)),
            _ => None,
        };
        let subject = blocks
            .subject(c.span.start())
            .or_else(|| below.and_then(|at| blocks.subject(at)))
            .unwrap_or_else(|| {
                file.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        let (expires, bad_expiry) = match d.expires {
            None => (None, None),
            Some(text) => match text.parse::<Date>() {
                Ok(date) => (Some(date), None),
                Err(_) => (None, Some(text)),
            },
        };
        out.push(Suppression {
            origin: d.origin,
            file: parsed.id,
            comment: c.span,
            codes: d.codes,
            reason: d.reason,
            expires,
            bad_expiry,
            scope,
            subject,
        });
    }
    out
}

/// The top-level blocks and attributes of a file, for naming what a
/// suppression sits in: found by binary search when they are in source
/// order (they always are; a linear search otherwise).
struct Blocks<'a> {
    body: &'a Body,
    sorted: bool,
}

impl<'a> Blocks<'a> {
    fn new(body: &'a Body) -> Blocks<'a> {
        let sorted = body.blocks.is_sorted_by_key(|b| b.span.start())
            && body.attributes.is_sorted_by_key(|a| a.span.start());
        Blocks { body, sorted }
    }

    /// The address of the top-level block (or tfvars attribute) at `offset`.
    fn subject(&self, offset: usize) -> Option<String> {
        let inside = |s: Span| s.start() <= offset && offset < s.end();
        let block = if self.sorted {
            let n = self
                .body
                .blocks
                .partition_point(|b| b.span.start() <= offset);
            n.checked_sub(1)
                .and_then(|i| self.body.blocks.get(i))
                .filter(|b| inside(b.span))
        } else {
            self.body.blocks.iter().find(|b| inside(b.span))
        };
        if let Some(b) = block {
            let labels: Vec<&str> = b.labels.iter().map(|l| l.value.as_str()).collect();
            let prefix = match b.ident.as_str() {
                "resource" => None,
                "data" => Some("data"),
                "module" => Some("module"),
                "variable" => Some("var"),
                other => Some(other),
            };
            let mut parts: Vec<&str> = prefix.into_iter().collect();
            parts.extend(labels);
            return Some(parts.join("."));
        }
        let attribute = if self.sorted {
            let n = self
                .body
                .attributes
                .partition_point(|a| a.span.start() <= offset);
            n.checked_sub(1)
                .and_then(|i| self.body.attributes.get(i))
                .filter(|a| inside(a.span))
        } else {
            self.body.attributes.iter().find(|a| inside(a.span))
        };
        attribute.map(|a| a.key.to_string())
    }
}

/// The configuration's `[[suppress]]` entries, located in `file` (the
/// configuration file as added to the run's sources, whose length is
/// `len`).
pub fn from_config(config: &Config, file: FileId, len: usize) -> Vec<Suppression> {
    config
        .suppress
        .iter()
        .enumerate()
        .map(|(i, e)| Suppression {
            origin: Origin::Rampart,
            file,
            comment: clamp(&e.span, len),
            codes: vec![e.rule.clone()],
            reason: e.reason.clone(),
            expires: e.expires,
            bad_expiry: None,
            scope: Scope::Config(i),
            subject: format!("[[suppress]] {}", e.rule),
        })
        .collect()
}

fn clamp(r: &std::ops::Range<usize>, len: usize) -> Span {
    if r.end <= len && r.start <= r.end {
        Span::new(r.start, r.end)
    } else {
        Span::new(0, 0)
    }
}

/// What the run knows, for judging suppressions.
pub struct Context<'a> {
    pub config: &'a Config,
    /// Suppressions stop hiding findings after their `expires` day.
    pub today: Date,
    /// Files whose findings this run is complete for (every file of the
    /// modules evaluated, without syntax errors): a comment elsewhere is
    /// never called unused.
    pub complete: &'a BTreeSet<FileId>,
    /// The run covered every file `[[suppress]]` entries can match, so an
    /// entry that hid nothing is unused.
    pub config_complete: bool,
    /// The custom rules of the run (its Rego policies): suppressions may
    /// name them as they name built-in rules.
    pub custom: &'a [&'static crate::RuleMeta],
}

impl Context<'_> {
    /// The rule a code or name as written in a suppression names: a
    /// built-in rule, else one of the run's custom rules.
    pub fn rule(&self, code_or_name: &str) -> Option<&'static crate::RuleMeta> {
        crate::registry::rule(code_or_name).or_else(|| {
            self.custom
                .iter()
                .copied()
                .find(|r| r.is_named(code_or_name))
        })
    }

    /// Every rule of the run: the built-in ones, then the custom ones.
    pub fn rules(&self) -> impl Iterator<Item = &'static crate::RuleMeta> + '_ {
        crate::registry::RULES
            .iter()
            .copied()
            .chain(self.custom.iter().copied())
    }
}

/// Files users do not edit or that cannot hold comments: a JSON policy
/// read by `file()`, a template, a module downloaded into `.terraform`.
pub(crate) fn commentable(db: &SourceDb, file: FileId) -> bool {
    db.get(file).is_some_and(|f| {
        FileKind::of(&f.path).is_some_and(|k| matches!(k, FileKind::Hcl | FileKind::Tfvars))
            && !f.path.components().any(|c| c.as_os_str() == ".terraform")
    })
}
