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

pub use crate::suppression::{
    collect, from_config, parse_comment, Context, Directive, Origin, Scope, Suppression,
};

use crate::registry;
use crate::rules::Governance;
use crate::suppression::commentable;
use crate::Finding;
use rampart_terraform::source::{FileId, Loc, SourceDb, Span};
use std::collections::{BTreeSet, HashMap};

/// Findings to show, and those hidden with the suppression that hid them.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<(Finding, Suppression)>,
}

/// The rules a code as written in a suppression names, as codes of
/// [`registry::RULES`]: for `rampart:ignore`, the rule of that code or
/// name (in any case); for a peer tool's comment, every rule that has its
/// ID as an alias.
fn rules_of(cx: &Context<'_>, origin: Origin, code: &str) -> Vec<&'static str> {
    if origin.is_foreign() {
        registry::by_alias(code).map(|r| r.code).collect()
    } else {
        cx.rule(code).map(|r| r.code).into_iter().collect()
    }
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
        cx: &Context<'_>,
        keep: impl Fn(&Suppression) -> bool,
    ) -> Index {
        let config = cx.config;
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
                for rule in cx.rules().filter(|r| entry.covers_rule(r.code)) {
                    index.config.entry(rule.code).or_default().push(i);
                }
                continue;
            }
            // The first code naming each rule.
            let mut named: Vec<(&'static str, usize)> = Vec::new();
            for (n, c) in s.codes.iter().enumerate() {
                for rule in rules_of(cx, s.origin, c) {
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
        active: Index::new(suppressions, cx, |s| s.is_active(today)),
        expired: Index::new(suppressions, cx, |s| s.is_expired(today)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_config::Config;
    use rampart_terraform::module::parse_file;
    use rampart_terraform::source::SourceFile;
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
                    rule: meta,
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
            custom: &[],
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
            custom: &[],
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

    /// Checkov's, tfsec's and Trivy's comments hide the rules their IDs
    /// map to, scoped as a `rampart:ignore` is, and are never judged by
    /// the RMP rules (an unmapped ID is not RMP004's, a comment hiding
    /// nothing not RMP002's).
    #[test]
    fn peer_tools_suppressions_hide_the_rules_they_map_to() {
        let c = Config::default();
        for comment in [
            "#checkov:skip=CKV_AWS_24:bastion",
            "# trivy:ignore:AVD-AWS-0107",
            "// tfsec:ignore:aws-ec2-no-public-ingress-sgr",
        ] {
            let w = world(&SG.replace(
                "# rampart:ignore NET001 reason: demo expires: 2027-03-31",
                comment,
            ));
            assert!(w.suppressions[0].origin.is_foreign(), "{comment}");
            assert_eq!(
                run(&w, &c, "2027-01-01"),
                (vec![], vec!["NET001"]),
                "{comment}"
            );
            // Above the block: the item's scope.
            let above = SG
                .replace(
                    " # rampart:ignore NET001 reason: demo expires: 2027-03-31",
                    "",
                )
                .replace("  ingress {", &format!("  {comment}\n  ingress {{"));
            let w = world(&above);
            assert_eq!(
                run(&w, &c, "2027-01-01"),
                (vec![], vec!["NET001"]),
                "{comment} above"
            );
        }
        for comment in [
            "#checkov:skip=CKV_AWS_999",
            "#checkov:skip=CKV_AWS_277", // NET003's, not NET001's
            "#tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2020-01-01",
        ] {
            let w = world(&SG.replace(
                "# rampart:ignore NET001 reason: demo expires: 2027-03-31",
                comment,
            ));
            assert_eq!(run(&w, &c, "2027-01-01").0, vec!["NET001"], "{comment}");
            assert_eq!(run(&w, &c, "2027-01-01").1, Vec::<&str>::new(), "{comment}");
        }
    }

    #[test]
    fn parses_peer_tools_comments() {
        let p = |t: &str| parse_comment(t).map(|d| (d.origin, d.codes, d.reason, d.expires));
        assert_eq!(
            p("checkov:skip=CKV_AWS_24: public SFTP"),
            Some((
                Origin::Checkov,
                vec!["CKV_AWS_24".into()],
                Some("public SFTP".into()),
                None
            ))
        );
        assert_eq!(
            p(" tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2025-12-31"),
            Some((
                Origin::Tfsec,
                vec!["aws-ec2-no-public-ingress-sgr".into()],
                None,
                Some("2025-12-31".into())
            ))
        );
        assert_eq!(
            p("trivy:ignore:AVD-AWS-0107"),
            Some((Origin::Trivy, vec!["AVD-AWS-0107".into()], None, None))
        );
        // Prose that mentions a marker is not a suppression.
        assert_eq!(p(" see checkov:skip=CKV_AWS_24 in the wiki"), None);
        assert_eq!(p("checkov:skip="), None);
    }

    fn d(codes: &[&str], reason: Option<&str>, expires: Option<&str>) -> Option<Directive> {
        Some(Directive {
            origin: Origin::Rampart,
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
