//! What rules produce: [`Finding`]s, collected per module by a [`Sink`]
//! from each rule's [`Report`], and [`Note`]s on what a rule could not
//! judge. Rules depend on this; it depends on no rule.

use crate::registry::RuleMeta;
use rampart_config::{Config, Severity};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;
use std::collections::BTreeMap;

/// A place that explains a finding: where the offending value was set and
/// what it passed through on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// `None` for a value given on the command line.
    pub loc: Option<Loc>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that reports it.
    pub rule: &'static RuleMeta,
    /// `rule.code`, kept for the callers that read it as a field.
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The most specific element that causes the finding.
    pub loc: Loc,
    /// `aws_security_group.app`
    pub resource: String,
    /// The provenance chain, oldest first.
    pub related: Vec<Related>,
    /// How to fix it, in a sentence.
    pub fix: Option<String>,
    /// The edits that fix it, where the rule knows them (checked against
    /// the files' text: see [`crate::fix`]).
    pub fixes: Vec<crate::fix::Fix>,
    /// What tells this finding from another of the same rule at the same
    /// place (see [`Report::identity`]): instances reporting the same
    /// identity there are one finding.
    pub identity: String,
    /// Every resource instance that reports this finding, `resource`
    /// first: `count`/`for_each` instances and module instances that open
    /// the same port through one line are one finding listing them all.
    pub instances: Vec<String>,
}

/// The most instances a finding lists (`count = 10000` reports one finding).
pub const MAX_INSTANCES: usize = 100;

impl Finding {
    /// List `more` among the instances reporting this finding (each once,
    /// at most [`MAX_INSTANCES`]).
    pub fn add_instances(&mut self, more: &[String]) {
        for r in more {
            if self.instances.len() >= MAX_INSTANCES {
                return;
            }
            if !r.is_empty() && !self.instances.contains(r) {
                self.instances.push(r.clone());
            }
        }
    }

    /// What makes two findings of one rule at one place the same finding:
    /// their message with the resource's address taken out, so that two
    /// module instances reporting the same port through a shared line are
    /// one finding, and two reporting different ports are two.
    pub fn identity_of(message: &str, resource: &str) -> String {
        if resource.is_empty() {
            message.to_string()
        } else {
            message.replace(resource, "\u{0}")
        }
    }
}

/// Collects findings for one module: one per rule, location and offending
/// value (see [`Report::identity`]).
pub struct Sink<'c> {
    pub config: &'c Config,
    findings: BTreeMap<(&'static str, Loc, String), Finding>,
    /// What a rule could not judge, at the place it could not: shown as
    /// notes (never findings, never a change of exit status).
    notes: BTreeMap<(Loc, String), ()>,
}

/// A rule's note: something it could not judge (policy text it cannot
/// read, a port value it does not understand), at that place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub loc: Loc,
    pub message: String,
}

/// What the rules made of one module.
#[derive(Debug, Default)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
}

impl<'c> Sink<'c> {
    /// An empty sink whose findings obey `config`'s rule selection and
    /// severities.
    pub fn new(config: &'c Config) -> Sink<'c> {
        Sink {
            config,
            findings: BTreeMap::new(),
            notes: BTreeMap::new(),
        }
    }

    /// Add another sink's findings (the ones already here win, and list
    /// the other's instances too).
    pub(crate) fn merge(&mut self, other: Sink<'_>) {
        for (key, f) in other.findings {
            match self.findings.entry(key) {
                std::collections::btree_map::Entry::Occupied(mut e) => {
                    e.get_mut().add_instances(&f.instances);
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(f);
                }
            }
        }
        self.notes.extend(other.notes);
    }

    /// Say that something at `loc` could not be judged (and why). Notes
    /// are not findings: no rule code, no exit status; one per place and
    /// message, whichever instance or rule says it.
    pub fn note(&mut self, loc: Loc, message: impl Into<String>) {
        self.notes.insert((loc, message.into()), ());
    }

    /// Record a finding of `meta`. Instances of one resource reporting the
    /// same thing at the same place make one finding (the first reported
    /// wins); instances reporting different values there (port 8000 for
    /// one, 5432 for another) are different findings. Rule
    /// selection and the config's severity overrides apply here.
    pub fn report(&mut self, meta: &'static RuleMeta, r: Report<'_>) {
        if !self.config.rules.is_enabled(meta.code) {
            return;
        }
        let severity = self
            .config
            .rules
            .severity_for(meta.code)
            .or(r.severity)
            .unwrap_or(meta.severity);
        let mut related = r.provenance.map(related_of).unwrap_or_default();
        related.extend(r.related);
        let Some(loc) = r.loc else { return };
        let identity = r
            .identity
            .unwrap_or_else(|| Finding::identity_of(&r.message, &r.resource));
        let instance = r.instance.unwrap_or_else(|| r.resource.clone());
        if let Some(f) = self.findings.get_mut(&(meta.code, loc, identity.clone())) {
            f.add_instances(std::slice::from_ref(&instance));
            return;
        }
        let instances = if instance.is_empty() {
            Vec::new()
        } else {
            vec![instance]
        };
        self.findings
            .entry((meta.code, loc, identity.clone()))
            .or_insert(Finding {
                rule: meta,
                code: meta.code,
                name: meta.name,
                severity,
                message: r.message,
                loc,
                resource: r.resource,
                related,
                fix: r.fix,
                fixes: r.fixes,
                identity,
                instances,
            });
    }

    /// What the sink collected.
    pub fn into_checked(self) -> Checked {
        Checked {
            findings: self.findings.into_values().collect(),
            notes: self
                .notes
                .into_keys()
                .map(|(loc, message)| Note { loc, message })
                .collect(),
        }
    }

    /// Is any of `rules` enabled?
    pub fn any_enabled<'r>(&self, mut rules: impl Iterator<Item = &'r RuleMeta>) -> bool {
        rules.any(|r| self.config.rules.is_enabled(r.code))
    }

    /// Has `code` already been reported at `loc`?
    pub fn has(&self, code: &str, loc: Loc) -> bool {
        self.findings
            .keys()
            .any(|(c, l, _)| *c == code && *l == loc)
    }
}

/// What a rule reports; see [`Sink::report`].
#[derive(Debug, Default)]
pub struct Report<'v> {
    /// The most specific element that causes the finding.
    pub loc: Option<Loc>,
    pub resource: String,
    pub message: String,
    /// The offending value, whose trail becomes the related locations.
    pub provenance: Option<&'v Value>,
    pub fix: Option<String>,
    /// The edits that fix it (see [`Finding::fixes`]).
    pub fixes: Vec<crate::fix::Fix>,
    /// Overrides the rule's default severity (e.g. lower for an internal
    /// load balancer).
    pub severity: Option<Severity>,
    /// More related locations, after the provenance chain.
    pub related: Vec<Related>,
    /// What makes this finding differ from another of the same rule at the
    /// same place, when not its message (less the resource's address): a
    /// policy statement's element is one finding however many resources
    /// use the document (`Some("")`).
    pub identity: Option<String>,
    /// The resource instance's full address (`aws_x.y[0]`), listed in
    /// [`Finding::instances`]; `resource` when not set.
    pub instance: Option<String>,
}

impl Report<'_> {
    /// A report on one resource instance: its module-qualified address, and
    /// the instance's own (`aws_x.y[0]`) for [`Finding::instances`].
    pub fn on(inst: &rampart_terraform::eval::Instance) -> Self {
        Report {
            resource: inst.address.clone(),
            instance: Some(inst.instance.clone()),
            ..Report::default()
        }
    }
}

/// The provenance chain of a value as related locations.
pub fn related_of(v: &Value) -> Vec<Related> {
    v.trail
        .hops()
        .into_iter()
        .map(|h| Related {
            loc: h.loc,
            message: h.note.to_string(),
        })
        .collect()
}
