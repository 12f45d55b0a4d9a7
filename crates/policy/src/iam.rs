//! The IAM policy-document model: every way Terraform writes a policy
//! (`jsonencode`, JSON strings and heredocs, `aws_iam_policy_document` data
//! sources with source and override documents, `file()` and
//! `templatefile()`) normalized into statements whose every element keeps
//! its own source location.

use crate::finding::{related_of, Related, Report};
use rampart_terraform::datasources;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::json;
use rampart_terraform::source::{Loc, SourceDb};
use rampart_terraform::value::{Kind, Value};
use std::collections::BTreeMap;

/// What a policy document governs, by the attribute it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// Attached to an identity (`aws_iam_policy.policy`, inline role policies).
    Identity,
    /// Who may assume a role (`aws_iam_role.assume_role_policy`).
    Trust,
    /// On a resource (bucket, queue, topic, key policies).
    Resource,
    /// An `aws_iam_policy_document` no resource was seen using.
    Standalone,
}

/// One policy document and where it is used.
#[derive(Debug, Clone)]
pub struct PolicyDoc<'a> {
    pub instance: &'a Instance,
    pub kind: DocKind,
    /// The attribute value the document came from (its trail explains it).
    pub value: Value,
    /// The `policy = ...` attribute (or the data source block).
    pub used_at: Loc,
    pub statements: Vec<Statement>,
}

/// A normalized statement. `Action`, `Resource` and friends are lists of
/// the element values (a single string becomes a one-element list).
#[derive(Debug, Clone)]
pub struct Statement {
    pub effect: Option<Value>,
    pub action: Option<Value>,
    pub not_action: Option<Value>,
    pub resource: Option<Value>,
    pub not_resource: Option<Value>,
    pub principal: Option<Value>,
    pub not_principal: Option<Value>,
    pub condition: Option<Value>,
}

impl Statement {
    fn from_value(v: &Value) -> Option<Statement> {
        let map = v.as_object()?;
        let get = |k: &str| map.get(k).filter(|x| !x.is_null()).cloned();
        Some(Statement {
            effect: get("Effect"),
            action: get("Action"),
            not_action: get("NotAction"),
            resource: get("Resource"),
            not_resource: get("NotResource"),
            principal: get("Principal"),
            not_principal: get("NotPrincipal"),
            condition: get("Condition"),
        })
    }

    /// Only Allow statements grant anything; an unknown effect is not assumed.
    pub fn is_allow(&self) -> bool {
        self.effect
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("allow"))
    }

    pub fn actions(&self) -> Vec<&Value> {
        elements(self.action.as_ref())
    }

    pub fn resources(&self) -> Vec<&Value> {
        elements(self.resource.as_ref())
    }

    /// Identity statements have no principal; trust and resource policy
    /// statements do.
    pub fn has_principal(&self) -> bool {
        self.principal.is_some() || self.not_principal.is_some()
    }

    /// Resource `*` (every resource).
    pub fn on_every_resource(&self) -> bool {
        self.resources().iter().any(|r| r.as_str() == Some("*"))
    }
}

/// The known string elements of a string-or-list element.
pub fn elements(v: Option<&Value>) -> Vec<&Value> {
    match v.map(|v| &v.kind) {
        Some(Kind::List(items)) => items.iter().filter(|i| i.as_str().is_some()).collect(),
        Some(Kind::String(_)) => v.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` one; case-insensitive.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Something in a policy document rampart cannot read, and where.
type Unread = (Loc, String);

/// Statements of a policy document value: `None` when it is not known
/// before apply (nothing to say) or cannot be read (said in `notes`).
fn statements(
    v: &Value,
    at: Loc,
    db: &SourceDb,
    notes: &mut Vec<Unread>,
) -> Option<Vec<Statement>> {
    let doc = match json::read(v, db)? {
        Ok(doc) => doc,
        Err(e) => {
            notes.push((
                e.loc.unwrap_or(at),
                format!(
                    "policy text is not valid JSON ({}): its statements are not checked",
                    e.message
                ),
            ));
            return None;
        }
    };
    let here = |x: &Value| x.site.unwrap_or(at);
    let Some(map) = doc.as_object() else {
        if !doc.is_unknown() {
            notes.push((
                here(&doc),
                "policy document is not a JSON object: its statements are not checked".to_string(),
            ));
        }
        return None;
    };
    let Some(st) = map.get("Statement") else {
        notes.push((
            here(&doc),
            "policy document has no `Statement`: nothing in it is checked".to_string(),
        ));
        return None;
    };
    let mut out = Vec::new();
    let mut one = |item: &Value, notes: &mut Vec<Unread>| match &item.kind {
        Kind::Object(_) => out.extend(Statement::from_value(item)),
        Kind::Unknown | Kind::Null => {}
        _ => notes.push((
            here(item),
            "policy statement is not a JSON object: it is not checked".to_string(),
        )),
    };
    match &st.kind {
        Kind::List(items) => items.iter().for_each(|i| one(i, notes)),
        Kind::Object(_) => one(st, notes),
        Kind::Unknown => {}
        _ => one(st, notes),
    }
    Some(out)
}

/// A `Principal` (or `NotPrincipal`) rampart cannot read: `"*"` or an
/// object of `AWS`, `Service`, `Federated` and `CanonicalUser`, each a
/// string or a list of strings, is what IAM accepts; anything else
/// (a number, a nested list, an unknown key) is said, not guessed.
pub(crate) fn unreadable_principal(p: &Value) -> Option<(Option<Loc>, String)> {
    const KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];
    let kind_of = |v: &Value| match &v.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number(_) => "a number",
        Kind::String(_) => "a string",
        Kind::List(_) => "a list",
        Kind::Object(_) => "an object",
        Kind::Unknown => "unknown",
    };
    match &p.kind {
        Kind::String(_) | Kind::Unknown => None,
        Kind::Object(map) => {
            for (k, v) in map {
                if !KEYS.contains(&k.as_str()) {
                    return Some((
                        v.site.or(p.site),
                        format!("`Principal` key `{k}` is not one IAM knows (AWS, Service, Federated, CanonicalUser): this principal is not checked"),
                    ));
                }
                let items: Vec<&Value> = match &v.kind {
                    Kind::List(items) => items.iter().collect(),
                    _ => vec![v],
                };
                if let Some(bad) = items
                    .into_iter()
                    .find(|i| !matches!(i.kind, Kind::String(_) | Kind::Unknown))
                {
                    return Some((
                        bad.site.or(v.site).or(p.site),
                        format!(
                            "`Principal` `{k}` holds {}, not an identifier: this principal is not checked",
                            kind_of(bad)
                        ),
                    ));
                }
            }
            None
        }
        _ => Some((
            p.site,
            format!(
                "`Principal` is {}, not `\"*\"` or an object such as `{{\"AWS\": [...]}}`: this principal is not checked",
                kind_of(p)
            ),
        )),
    }
}

/// Where policies live: resource type, attribute, kind.
const POLICY_ATTRIBUTES: &[(&str, &str, DocKind)] = &[
    ("aws_iam_policy", "policy", DocKind::Identity),
    ("aws_iam_role_policy", "policy", DocKind::Identity),
    ("aws_iam_user_policy", "policy", DocKind::Identity),
    ("aws_iam_group_policy", "policy", DocKind::Identity),
    ("aws_iam_role", "assume_role_policy", DocKind::Trust),
    ("aws_s3_bucket_policy", "policy", DocKind::Resource),
    ("aws_s3_bucket", "policy", DocKind::Resource),
    ("aws_sqs_queue_policy", "policy", DocKind::Resource),
    ("aws_sqs_queue", "policy", DocKind::Resource),
    ("aws_sns_topic_policy", "policy", DocKind::Resource),
    ("aws_sns_topic", "policy", DocKind::Resource),
    ("aws_kms_key", "policy", DocKind::Resource),
    ("aws_ecr_repository_policy", "policy", DocKind::Resource),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        DocKind::Resource,
    ),
];

/// Every policy document of the module: those used by resources first, then
/// the `aws_iam_policy_document` data sources themselves (whose statements,
/// when a resource uses them, sit at the same places and so are reported
/// once, under the using resource). What cannot be read is added to
/// `notes`, at its place.
pub fn documents<'a>(
    module: &'a EvaluatedModule,
    db: &SourceDb,
    notes: &mut Vec<(Loc, String)>,
) -> Vec<PolicyDoc<'a>> {
    let mut out = Vec::new();
    for inst in &module.resources {
        for &(rtype, attr, kind) in POLICY_ATTRIBUTES {
            if inst.rtype != rtype {
                continue;
            }
            if let (Some(v), Some(at)) = (inst.body.get(attr), inst.body.attr_loc(attr)) {
                push_doc(&mut out, inst, kind, v, at, db, notes);
            }
        }
        if inst.rtype == "aws_iam_role" {
            for b in inst.body.nested("inline_policy") {
                if let (Some(v), Some(at)) = (b.body.get("policy"), b.body.attr_loc("policy")) {
                    push_doc(&mut out, inst, DocKind::Identity, v, at, db, notes);
                }
            }
        }
    }
    for inst in &module.data {
        if inst.rtype != "aws_iam_policy_document" {
            continue;
        }
        let mut map = BTreeMap::new();
        datasources::synthesize(&inst.rtype, inst, db, &mut map);
        if let Some(v) = map.get("json") {
            push_doc(&mut out, inst, DocKind::Standalone, v, inst.loc, db, notes);
        }
    }
    out
}

fn push_doc<'a>(
    out: &mut Vec<PolicyDoc<'a>>,
    inst: &'a Instance,
    kind: DocKind,
    v: &Value,
    at: Loc,
    db: &SourceDb,
    notes: &mut Vec<(Loc, String)>,
) {
    if let Some(statements) = statements(v, at, db, notes) {
        out.push(PolicyDoc {
            instance: inst,
            kind,
            value: v.clone(),
            used_at: at,
            statements,
        });
    }
}

impl PolicyDoc<'_> {
    /// The report of a finding at `element` of one of this document's
    /// statements: at the element (or where the document is used), for
    /// this resource instance, with how the element got there. One
    /// statement element is one finding, whatever resources use it.
    pub fn element_report<'v>(
        &self,
        element: &'v Value,
        message: String,
        fix: String,
    ) -> Report<'v> {
        let loc = element.site.unwrap_or(self.used_at);
        Report {
            loc: Some(loc),
            resource: self.instance.address.clone(),
            instance: Some(self.instance.instance.clone()),
            message,
            fix: Some(fix),
            identity: Some(String::new()),
            provenance: Some(element),
            related: self.related(loc),
            ..Report::default()
        }
    }

    /// Related locations for a finding inside this document: how the
    /// document reached the resource, then where the resource uses it.
    pub fn related(&self, finding_at: Loc) -> Vec<Related> {
        let mut out = related_of(&self.value);
        let inside =
            finding_at.file == self.used_at.file && self.used_at.span.contains(finding_at.span);
        if !inside && self.kind != DocKind::Standalone {
            out.push(Related {
                loc: Some(self.used_at),
                message: format!("used by `{}` here", self.instance.address),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("*", "s3:GetObject"));
        assert!(wildcard_match("iam:Pass*", "iam:PassRole"));
        assert!(wildcard_match("IAM:passrole", "iam:PassRole"));
        assert!(wildcard_match("iam:P?ssRole", "iam:PassRole"));
        assert!(wildcard_match("iam:*Policy*", "iam:PutRolePolicy"));
        assert!(!wildcard_match("iam:Get*", "iam:PassRole"));
        assert!(!wildcard_match("s3:*", "iam:PassRole"));
        assert!(wildcard_match("*:*", "iam:PassRole"));
    }
}
