//! Suppressions and their governance.
//!
//! Inline: `# rampart:ignore NET001[, NET002] reason: <text> expires: YYYY-MM-DD`.
//! On a line of its own, directly above a block or attribute (other comment
//! lines may sit in between), a suppression covers everything inside that
//! item, and the comment lines between it and the item. At the end of a
//! line, it covers findings located on that line. `reason:` and `expires:`
//! may come in either order; a second comment on the same line (` # …` or
//! ` // …`, with spaces around the marker) is not part of the suppression.
//!
//! In the configuration: `[[suppress]]` entries hide a rule's findings in
//! the files their `paths` globs match.
//!
//! Governance ([`apply`]): a suppression past its `expires` date hides
//! nothing and is reported (RMP001); one that hides no finding is reported
//! (RMP002); one without a reason is reported when `[suppressions]
//! require_reason` is set (RMP003); one naming an unknown rule or with an
//! unreadable date is reported (RMP004) — and an unreadable date hides
//! nothing, so a typo never makes a temporary exception permanent. These
//! findings sit at the comment (or the `[[suppress]]` entry), obey rule
//! selection like every rule, and can themselves be suppressed by another
//! suppression, never by the one they are about.

use crate::rules::{
    rmp001_expired_suppression as rmp001, rmp002_unused_suppression as rmp002,
    rmp003_suppression_without_reason as rmp003, rmp004_invalid_suppression as rmp004,
};
use crate::{registry, Finding, Sink};
use rampart_config::{Config, Date, PathSuppression};
use rampart_terraform::module::{FileKind, ParsedFile};
use rampart_terraform::source::{FileId, Loc, SourceDb, SourceFile, Span};
use rampart_terraform::syntax::Body;
use std::collections::{BTreeSet, HashMap};

const MARKER: &str = "rampart:ignore";
const REASON: &str = "reason:";
const EXPIRES: &str = "expires:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
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
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// `expires:` as written, if present.
    pub expires: Option<String>,
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
        } else {
            format!("`{MARKER} {}`", self.codes.join(", "))
        }
    }

    fn config_entry(&self) -> Option<usize> {
        match self.scope {
            Scope::Config(i) => Some(i),
            _ => None,
        }
    }
}

/// Parse the text of one comment (without its marker).
pub fn parse_comment(text: &str) -> Option<Directive> {
    let at = text.find(MARKER)?;
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
        codes,
        reason: value(REASON).filter(|r| !r.is_empty()),
        expires: value(EXPIRES),
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
}

/// Findings to show, and those hidden with the suppression that hid them.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<(Finding, Suppression)>,
}

/// Files users do not edit or that cannot hold comments: a JSON policy
/// read by `file()`, a template, a module downloaded into `.terraform`.
fn commentable(db: &SourceDb, file: FileId) -> bool {
    db.get(file).is_some_and(|f| {
        FileKind::of(&f.path).is_some_and(|k| matches!(k, FileKind::Hcl | FileKind::Tfvars))
            && !f.path.components().any(|c| c.as_os_str() == ".terraform")
    })
}

/// The rule a code as written in a suppression names (a code or a name,
/// in any case), as the code of [`registry::RULES`].
fn rule_of(code: &str) -> Option<&'static str> {
    registry::rule(code).map(|r| r.code)
}

/// Item-scoped suppressions of one (file, rule), sorted by where their span
/// starts, for finding those that contain a span without looking at the
/// others.
#[derive(Default)]
struct Items {
    /// (start, end, suppression index, index of the code naming the rule),
    /// sorted by start then index.
    entries: Vec<(usize, usize, usize, usize)>,
    /// `prefix_max[j]`: the largest end among `entries[..=j]`.
    prefix_max: Vec<usize>,
    /// A max-tree over the ends (`tree[1]` the root, leaves from `size`),
    /// to list every entry that contains a span.
    tree: Vec<usize>,
    size: usize,
    /// Index order is start order (always, for comments collected from one
    /// file): the entry with the smallest start is the first suppression.
    start_ordered: bool,
}

impl Items {
    fn build(mut entries: Vec<(usize, usize, usize, usize)>) -> Items {
        entries.sort_unstable();
        let start_ordered = entries.windows(2).all(|w| match w {
            [x, y] => x.2 < y.2,
            _ => true,
        });
        let mut prefix_max = Vec::with_capacity(entries.len());
        let mut max = 0;
        for e in &entries {
            max = max.max(e.1);
            prefix_max.push(max);
        }
        let size = entries.len().next_power_of_two();
        let mut tree = vec![0; 2 * size];
        for (j, e) in entries.iter().enumerate() {
            if let Some(t) = tree.get_mut(size + j) {
                *t = e.1;
            }
        }
        for n in (1..size).rev() {
            let m = tree
                .get(2 * n)
                .copied()
                .unwrap_or(0)
                .max(tree.get(2 * n + 1).copied().unwrap_or(0));
            if let Some(t) = tree.get_mut(n) {
                *t = m;
            }
        }
        Items {
            entries,
            prefix_max,
            tree,
            size,
            start_ordered,
        }
    }

    /// How many entries start at or before `start`: only they can contain a
    /// span starting there.
    fn candidates(&self, start: usize) -> usize {
        self.entries.partition_point(|e| e.0 <= start)
    }

    /// The first suppression (lowest index) other than `not` whose span
    /// contains `span`, with the index of its code.
    fn first(&self, span: Span, not: Option<usize>) -> Option<(usize, usize)> {
        let k = self.candidates(span.start());
        let contains = |e: &&(usize, usize, usize, usize)| span.end() <= e.1 && Some(e.2) != not;
        if !self.start_ordered {
            let e = self
                .entries
                .get(..k)?
                .iter()
                .filter(contains)
                .min_by_key(|e| e.2)?;
            return Some((e.2, e.3));
        }
        // The first entry whose end reaches `span`'s end: its prefix max is
        // the first to reach it.
        let j = self.prefix_max.partition_point(|&m| m < span.end());
        // Only when it is `not` (an end-of-line comment's own line, never an
        // item's span, which starts after its comment) is the next needed.
        let e = self.entries.get(j..k)?.iter().find(contains)?;
        Some((e.2, e.3))
    }

    /// Every suppression whose span contains `span` (each found in
    /// logarithmic time), added to `out`.
    fn all(&self, span: Span, out: &mut Vec<usize>) {
        let k = self.candidates(span.start());
        if k > 0 {
            self.collect(1, 0, self.size, k, span.end(), out);
        }
    }

    /// The entries below tree node `n` (covering `lo..hi`), among the first
    /// `k`, that end at or after `end`.
    fn collect(&self, n: usize, lo: usize, hi: usize, k: usize, end: usize, out: &mut Vec<usize>) {
        if lo >= k || self.tree.get(n).is_none_or(|&m| m < end) {
            return;
        }
        if hi - lo == 1 {
            if let Some(e) = self.entries.get(lo) {
                out.push(e.2);
            }
            return;
        }
        let mid = lo + (hi - lo) / 2;
        self.collect(2 * n, lo, mid, k, end, out);
        self.collect(2 * n + 1, mid, hi, k, end, out);
    }
}

/// (file, 0-based line, rule code).
type LineKey = (FileId, usize, &'static str);

/// Suppressions indexed by what they can cover, so that matching a finding
/// looks only at those naming its rule in its file on its line or around
/// it: linear in findings and suppressions (times a logarithm), whatever
/// their numbers.
#[derive(Default)]
struct Index {
    /// End-of-line suppressions by (file, 0-based line, rule), in index
    /// order, with the index of the code naming the rule.
    lines: HashMap<LineKey, Vec<(usize, usize)>>,
    /// Suppressions above an item, by (file, rule).
    items: HashMap<(FileId, &'static str), Items>,
    /// `[[suppress]]` entries by the rule they cover, in index order.
    config: HashMap<&'static str, Vec<usize>>,
}

impl Index {
    fn new(
        suppressions: &[Suppression],
        config: &Config,
        keep: impl Fn(&Suppression) -> bool,
    ) -> Index {
        let mut index = Index::default();
        let mut items: HashMap<(FileId, &'static str), Vec<_>> = HashMap::new();
        for (i, s) in suppressions.iter().enumerate() {
            if !keep(s) {
                continue;
            }
            if let Scope::Config(n) = s.scope {
                let Some(entry) = config.suppress.get(n) else {
                    continue;
                };
                for rule in registry::RULES.iter().filter(|r| entry.covers_rule(r.code)) {
                    index.config.entry(rule.code).or_default().push(i);
                }
                continue;
            }
            // The first code naming each rule.
            let mut named: Vec<(&'static str, usize)> = Vec::new();
            for (n, c) in s.codes.iter().enumerate() {
                if let Some(rule) = rule_of(c) {
                    if !named.iter().any(|(r, _)| *r == rule) {
                        named.push((rule, n));
                    }
                }
            }
            for (rule, n) in named {
                match s.scope {
                    Scope::Line(line) => index
                        .lines
                        .entry((s.file, line, rule))
                        .or_default()
                        .push((i, n)),
                    Scope::Item(span) => items.entry((s.file, rule)).or_default().push((
                        span.start(),
                        span.end(),
                        i,
                        n,
                    )),
                    Scope::Nothing | Scope::Config(_) => {}
                }
            }
        }
        index.items = items
            .into_iter()
            .map(|(k, v)| (k, Items::build(v)))
            .collect();
        index
    }
}

/// Matches findings against suppressions.
struct Matcher<'a> {
    suppressions: &'a [Suppression],
    db: &'a SourceDb,
    cx: &'a Context<'a>,
    /// Compiled `paths` of each `[[suppress]]` entry.
    globs: Vec<Option<rampart_config::GlobSet>>,
    /// The suppressions that hide findings today.
    active: Index,
    /// The expired ones (for RMP001: what they would hide).
    expired: Index,
}

impl Matcher<'_> {
    /// Does `[[suppress]]` entry `s` (entry `i` of the configuration) cover
    /// the file of `at`?
    fn config_covers(&self, s: &Suppression, at: Loc) -> bool {
        let Scope::Config(i) = s.scope else {
            return false;
        };
        self.db.get(at.file).is_some_and(|file| {
            self.globs
                .get(i)
                .and_then(Option::as_ref)
                .is_some_and(|set| self.cx.config.path_matches(set, &file.path))
        })
    }

    /// The places finding `f` can be suppressed: where it sits and, for a
    /// finding inside a file that cannot hold comments (a JSON policy read
    /// by `file()`) or that users do not edit (a module downloaded into
    /// `.terraform`), every related location (the `policy = file(...)`
    /// attribute, the `module` block's argument).
    fn places(&self, f: &Finding) -> Vec<Loc> {
        let mut places = vec![f.loc];
        if !commentable(self.db, f.loc.file) {
            places.extend(f.related.iter().filter_map(|r| r.loc));
        }
        places
    }

    /// The first suppression of `index` (lowest index) other than `not`
    /// that covers finding `f` at `at`, with the index of its code.
    fn first_at(
        &self,
        index: &Index,
        f: &Finding,
        at: Loc,
        not: Option<usize>,
    ) -> Option<(usize, usize)> {
        let file = self.db.get(at.file)?;
        let line = file.line_index(at.span.start());
        let by_line = index
            .lines
            .get(&(at.file, line, f.code))
            .and_then(|v| v.iter().find(|(i, _)| Some(*i) != not).copied());
        let by_item = index
            .items
            .get(&(at.file, f.code))
            .and_then(|items| items.first(at.span, not));
        let by_config = index.config.get(f.code).and_then(|v| {
            v.iter()
                .copied()
                .filter(|i| Some(*i) != not)
                .find(|i| {
                    self.suppressions
                        .get(*i)
                        .is_some_and(|s| self.config_covers(s, at))
                })
                .map(|i| (i, 0))
        });
        [by_line, by_item, by_config].into_iter().flatten().min()
    }

    /// The first active suppression that hides `f`, other than `not`
    /// (the suppression a governance finding is about): its index, the
    /// index of its code that names `f`, and itself.
    fn find(&self, f: &Finding, not: Option<usize>) -> Option<(usize, usize, &Suppression)> {
        self.places(f).into_iter().find_map(|at| {
            let (i, code) = self.first_at(&self.active, f, at, not)?;
            Some((i, code, self.suppressions.get(i)?))
        })
    }

    /// The expired suppressions that would hide `f`, in index order.
    fn expired_over(&self, f: &Finding) -> Vec<usize> {
        let index = &self.expired;
        let mut out = Vec::new();
        for at in self.places(f) {
            let Some(file) = self.db.get(at.file) else {
                continue;
            };
            let line = file.line_index(at.span.start());
            if let Some(v) = index.lines.get(&(at.file, line, f.code)) {
                out.extend(v.iter().map(|(i, _)| *i));
            }
            if let Some(items) = index.items.get(&(at.file, f.code)) {
                items.all(at.span, &mut out);
            }
            if let Some(v) = index.config.get(f.code) {
                out.extend(v.iter().copied().filter(|i| {
                    self.suppressions
                        .get(*i)
                        .is_some_and(|s| self.config_covers(s, at))
                }));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Hide the findings suppressions cover, and report on the suppressions
/// themselves (RMP001 to RMP004).
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    db: &SourceDb,
    cx: &Context<'_>,
) -> Outcome {
    let today = cx.today;
    let matcher = Matcher {
        suppressions,
        db,
        cx,
        globs: cx
            .config
            .suppress
            .iter()
            .map(|e| e.glob_set().ok())
            .collect(),
        active: Index::new(suppressions, cx.config, |s| s.is_active(today)),
        expired: Index::new(suppressions, cx.config, |s| s.is_expired(today)),
    };
    let mut out = Outcome::default();
    // Which codes of each suppression hid something.
    let mut used: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); suppressions.len()];
    let mut would_hide: Vec<Vec<Loc>> = vec![Vec::new(); suppressions.len()];
    for f in findings {
        for i in matcher.expired_over(&f) {
            if let Some(w) = would_hide.get_mut(i) {
                w.push(f.loc);
            }
        }
        match matcher.find(&f, None) {
            Some((i, code, s)) => {
                if let Some(u) = used.get_mut(i) {
                    u.insert(code);
                }
                out.suppressed.push((f, s.clone()));
            }
            None => out.findings.push(f),
        }
    }

    // Findings about suppressions can be hidden by other suppressions,
    // which then count as used, which can make an RMP002 finding go away:
    // repeat until nothing more is used (usage only grows, so this ends).
    // A suppression's findings depend only on its own usage, so each round
    // recomputes only those of the suppressions whose usage grew: the same
    // rounds as recomputing all, in time linear in the growth.
    let gov = Governance {
        db,
        cx,
        would_hide: &would_hide,
    };
    // For each suppression: its findings, each with what hid it.
    type Judged<'s> = Vec<(Finding, Option<&'s Suppression>)>;
    let mut judged: Vec<Judged<'_>> = vec![Vec::new(); suppressions.len()];
    let mut changed: Vec<usize> = (0..suppressions.len()).collect();
    let mut rounds = 0;
    while !changed.is_empty() && rounds <= suppressions.len() + 1 {
        rounds += 1;
        let mut grew = BTreeSet::new();
        for &about in &changed {
            let Some(s) = suppressions.get(about) else {
                continue;
            };
            let no_use = BTreeSet::new();
            let fresh: Judged<'_> = gov
                .findings_of(about, s, used.get(about).unwrap_or(&no_use))
                .into_iter()
                .map(|g| match matcher.find(&g, Some(about)) {
                    Some((i, code, by)) => {
                        if used.get(i).is_some_and(|u| !u.contains(&code)) {
                            grew.insert((i, code));
                        }
                        (g, Some(by))
                    }
                    None => (g, None),
                })
                .collect();
            if let Some(slot) = judged.get_mut(about) {
                *slot = fresh;
            }
        }
        changed.clear();
        for (i, code) in grew {
            if let Some(u) = used.get_mut(i) {
                if u.insert(code) && changed.last() != Some(&i) {
                    changed.push(i);
                }
            }
        }
    }
    for (g, by) in judged.into_iter().flatten() {
        match by {
            Some(s) => out.suppressed.push((g, s.clone())),
            None => out.findings.push(g),
        }
    }
    out
}

/// Computes the findings about suppressions.
struct Governance<'a> {
    db: &'a SourceDb,
    cx: &'a Context<'a>,
    /// Where each expired suppression would still hide findings.
    would_hide: &'a [Vec<Loc>],
}

impl Governance<'_> {
    /// The findings about suppression `i` (`s`), given which of its codes
    /// are used.
    fn findings_of(&self, i: usize, s: &Suppression, used: &BTreeSet<usize>) -> Vec<Finding> {
        let config = self.cx.config;
        let entry = s.config_entry().and_then(|n| config.suppress.get(n));
        if entry.is_none() && !(commentable(self.db, s.file) && self.cx.complete.contains(&s.file))
        {
            return Vec::new();
        }
        // Rule selection and severity overrides apply as for any rule.
        let mut sink = Sink::new(config);
        let at = Loc::new(s.file, s.comment);
        if s.is_expired(self.cx.today) {
            let at = entry
                .and_then(|e| e.expires_span.clone())
                .map_or(at, |r| Loc::new(s.file, Span::new(r.start, r.end)));
            let hides = self.would_hide.get(i).map_or(&[][..], Vec::as_slice);
            rmp001::report(&mut sink, s, at, hides);
        }
        if config.suppressions.require_reason && s.reason.is_none() {
            rmp003::report(&mut sink, s, at);
        }
        if entry.is_none() {
            let unknown: Vec<&str> = s
                .codes
                .iter()
                .filter(|c| registry::rule(c).is_none())
                .map(String::as_str)
                .collect();
            // Its suggestions cost an edit distance per unknown code and
            // rule: not computed for a finding rule selection drops.
            let wanted = config.rules.is_enabled(rmp004::META.code);
            if wanted && (!unknown.is_empty() || s.bad_expiry.is_some()) {
                rmp004::report(&mut sink, s, at, &unknown, s.bad_expiry.as_deref());
            }
        }
        if s.is_active(self.cx.today) {
            self.unused(&mut sink, s, at, used, entry);
        }
        sink.findings.into_values().collect()
    }

    /// RMP002 for the codes of `s` that hid nothing, among those this run
    /// can judge: rules that ran (and, for a `[[suppress]]` entry, when the
    /// run covered its paths).
    fn unused(
        &self,
        sink: &mut Sink<'_>,
        s: &Suppression,
        at: Loc,
        used: &BTreeSet<usize>,
        entry: Option<&PathSuppression>,
    ) {
        let rules = &self.cx.config.rules;
        if let Some(entry) = entry {
            let judged = self.cx.config_complete
                && registry::RULES
                    .iter()
                    .any(|r| rules.is_enabled(r.code) && entry.covers_rule(r.code));
            if judged && used.is_empty() {
                rmp002::report_entry(sink, s, at);
            }
            return;
        }
        if s.scope == Scope::Nothing {
            rmp002::report_dangling(sink, s, at);
            return;
        }
        let mut unused = Vec::new();
        let mut in_use = Vec::new();
        for (n, c) in s.codes.iter().enumerate() {
            let Some(rule) = registry::rule(c) else {
                continue; // RMP004's business
            };
            if used.contains(&n) {
                in_use.push(c.as_str());
            } else if rules.is_enabled(rule.code) {
                unused.push(c.as_str());
            }
        }
        if !unused.is_empty() {
            rmp002::report_codes(sink, s, at, &unused, &in_use);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_terraform::module::parse_file;
    use std::path::PathBuf;

    /// One file, its suppressions, and a NET001 finding at the first
    /// `"0.0.0.0/0"` (if any).
    struct World {
        db: SourceDb,
        suppressions: Vec<Suppression>,
        findings: Vec<Finding>,
        complete: BTreeSet<FileId>,
    }

    fn world(text: &str) -> World {
        let mut db = SourceDb::new();
        let id = db.add(SourceFile::new(PathBuf::from("main.tf"), text.to_string()));
        let parsed = parse_file(&db, id).unwrap();
        let suppressions = collect(&parsed, db.get(id).unwrap());
        let findings = text
            .find("\"0.0.0.0/0\"")
            .map(|at| {
                let meta = registry::rule("NET001").unwrap();
                Finding {
                    code: meta.code,
                    name: meta.name,
                    severity: meta.severity,
                    message: "open".into(),
                    loc: Loc::new(id, Span::new(at, at + 11)),
                    resource: "aws_security_group.a".into(),
                    related: Vec::new(),
                    fix: None,
                    fixes: Vec::new(),
                    identity: String::new(),
                    instances: Vec::new(),
                }
            })
            .into_iter()
            .collect();
        World {
            db,
            suppressions,
            findings,
            complete: BTreeSet::from([id]),
        }
    }

    fn run(w: &World, config: &Config, today: &str) -> (Vec<&'static str>, Vec<&'static str>) {
        let cx = Context {
            config,
            today: today.parse().unwrap(),
            complete: &w.complete,
            config_complete: true,
        };
        let out = apply(w.findings.clone(), &w.suppressions, &w.db, &cx);
        (
            out.findings.iter().map(|f| f.code).collect(),
            out.suppressed.iter().map(|(f, _)| f.code).collect(),
        )
    }

    const SG: &str = r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001 reason: demo expires: 2027-03-31
  }
}
"#;

    #[test]
    fn hides_through_its_expiry_day() {
        let w = world(SG);
        let c = Config::default();
        assert_eq!(run(&w, &c, "2027-03-31"), (vec![], vec!["NET001"]));
        assert_eq!(
            run(&w, &c, "2027-04-01"),
            (vec!["NET001", "RMP001"], vec![])
        );
        let s = &w.suppressions[0];
        assert!(s.is_active("2027-03-31".parse().unwrap()));
        assert!(s.is_expired("2027-04-01".parse().unwrap()));
    }

    #[test]
    fn rule_selection_applies_to_governance() {
        let w = world(SG);
        let mut c = Config::default();
        c.rules.ignore = vec!["RMP".into()];
        // Expired: the finding is back, but RMP001 is not selected.
        assert_eq!(run(&w, &c, "2027-04-01"), (vec!["NET001"], vec![]));
        c.rules.ignore = vec![];
        c.rules
            .severity
            .insert("RMP001".into(), crate::Severity::Critical);
        let cx = Context {
            config: &c,
            today: "2027-04-01".parse().unwrap(),
            complete: &w.complete,
            config_complete: true,
        };
        let out = apply(w.findings.clone(), &w.suppressions, &w.db, &cx);
        assert_eq!(out.findings[1].severity, crate::Severity::Critical);
    }

    #[test]
    fn an_unused_suppression_of_rmp002_reports_itself_once() {
        let w = world("locals {\n  a = 1 # rampart:ignore RMP002 reason: keep\n}\n");
        assert_eq!(
            run(&w, &Config::default(), "2027-01-01"),
            (vec!["RMP002"], vec![])
        );
    }

    #[test]
    fn a_suppression_of_rmp002_above_another_keeps_it() {
        let w = world(
            r#"resource "aws_security_group" "a" {
  # rampart:ignore RMP002 reason: prod only
  # rampart:ignore NET002 reason: game port
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#,
        );
        assert_eq!(
            run(&w, &Config::default(), "2027-01-01"),
            (vec![], vec!["RMP002"])
        );
    }

    #[test]
    fn unused_is_judged_only_for_rules_that_ran_and_complete_files() {
        let text = "resource \"aws_iam_policy\" \"a\" {\n  # rampart:ignore IAM001 reason: x\n  name = \"a\"\n}\n";
        let mut w = world(text);
        let mut c = Config::default();
        assert_eq!(run(&w, &c, "2027-01-01"), (vec!["RMP002"], vec![]));
        c.rules.select = vec!["RMP".into()];
        assert_eq!(run(&w, &c, "2027-01-01"), (vec![], vec![]));
        c.rules.select = vec![];
        w.complete.clear();
        assert_eq!(run(&w, &c, "2027-01-01"), (vec![], vec![]));
    }

    #[test]
    fn require_reason_reports_but_still_hides() {
        let w = world(&SG.replace(" reason: demo expires: 2027-03-31", ""));
        let mut c = Config::default();
        assert_eq!(run(&w, &c, "2027-01-01"), (vec![], vec!["NET001"]));
        c.suppressions.require_reason = true;
        assert_eq!(run(&w, &c, "2027-01-01"), (vec!["RMP003"], vec!["NET001"]));
    }

    #[test]
    fn a_bad_date_hides_nothing() {
        let w = world(&SG.replace("2027-03-31", "2027-02-30"));
        assert_eq!(
            run(&w, &Config::default(), "2027-01-01"),
            (vec!["NET001", "RMP004"], vec![])
        );
    }

    fn d(codes: &[&str], reason: Option<&str>, expires: Option<&str>) -> Option<Directive> {
        Some(Directive {
            codes: codes.iter().map(|c| (*c).to_string()).collect(),
            reason: reason.map(str::to_string),
            expires: expires.map(str::to_string),
        })
    }

    #[test]
    fn parses_codes_and_reason() {
        assert_eq!(
            parse_comment(" rampart:ignore NET001, NET002 reason: bastion only"),
            d(&["NET001", "NET002"], Some("bastion only"), None)
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001"),
            d(&["NET001"], None, None)
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001 reason:   "),
            d(&["NET001"], None, None)
        );
        assert_eq!(parse_comment(" rampart:ignore"), None);
        assert_eq!(parse_comment(" rampart:ignore reason: x"), None);
        assert_eq!(parse_comment(" something else"), None);
    }

    #[test]
    fn parses_expiry_in_either_order() {
        assert_eq!(
            parse_comment(" rampart:ignore NET001 reason: VPN move (OPS-1) expires: 2027-03-31"),
            d(&["NET001"], Some("VPN move (OPS-1)"), Some("2027-03-31"))
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001 expires: 2027-03-31 reason: VPN move"),
            d(&["NET001"], Some("VPN move"), Some("2027-03-31"))
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001 expires: next week"),
            d(&["NET001"], None, Some("next week"))
        );
        // A word merely containing the keyword is part of the reason.
        assert_eq!(
            parse_comment(" rampart:ignore NET001 reason: token-expires: never"),
            d(&["NET001"], Some("token-expires: never"), None)
        );
    }

    #[test]
    fn a_second_comment_on_the_line_is_not_part_of_it() {
        assert_eq!(
            parse_comment(
                " rampart:ignore NET001 reason: legacy expires: 2020-01-01 # expect: RMP001"
            ),
            d(&["NET001"], Some("legacy"), Some("2020-01-01"))
        );
        assert_eq!(
            parse_comment(
                " rampart:ignore NET001 reason: see ticket #42 and http://x // owner: ops"
            ),
            d(&["NET001"], Some("see ticket #42 and http://x"), None)
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001 #"),
            d(&["NET001"], None, None)
        );
    }
}
