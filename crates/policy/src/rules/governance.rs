//! The RMP rules' dispatch: the findings about one suppression.

use super::{
    rmp001_expired_suppression as rmp001, rmp002_unused_suppression as rmp002,
    rmp003_suppression_without_reason as rmp003, rmp004_invalid_suppression as rmp004,
};
use crate::finding::{Finding, Sink};
use crate::suppression::{commentable, Context, Scope, Suppression};
use rampart_config::PathSuppression;
use rampart_terraform::source::{Loc, SourceDb, Span};
use std::collections::BTreeSet;

/// Computes the findings about suppressions.
pub(crate) struct Governance<'a> {
    pub db: &'a SourceDb,
    pub cx: &'a Context<'a>,
    /// Where each expired suppression would still hide findings.
    pub would_hide: &'a [Vec<Loc>],
}

impl Governance<'_> {
    /// The findings about suppression `i` (`s`), given which of its codes
    /// are used.
    pub fn findings_of(&self, i: usize, s: &Suppression, used: &BTreeSet<usize>) -> Vec<Finding> {
        let config = self.cx.config;
        let entry = s.config_entry().and_then(|n| config.suppress.get(n));
        // A peer tool's suppression is that tool's to judge.
        if s.origin.is_foreign() {
            return Vec::new();
        }
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
                .filter(|c| self.cx.rule(c).is_none())
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
        sink.into_checked().findings
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
                && self
                    .cx
                    .rules()
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
            let Some(rule) = self.cx.rule(c) else {
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
