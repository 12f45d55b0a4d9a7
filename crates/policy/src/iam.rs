//! The IAM policy-document model: every way Terraform writes a policy
//! (`jsonencode`, JSON strings and heredocs, `aws_iam_policy_document` data
//! sources with source and override documents, `file()` and
//! `templatefile()`) normalized into statements whose every element keeps
//! its own source location.

use crate::rules::{
    iam001_iam_full_admin, iam002_iam_service_wildcard, iam003_iam_privilege_escalation,
    iam004_iam_managed_admin_attached, iam005_iam_public_principal, iam006_iam_allow_not_action,
};
use crate::{Related, Sink};
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

/// Statements of a policy document value.
fn statements(v: &Value, db: &SourceDb) -> Option<Vec<Statement>> {
    let doc = json::structure(v, db)?;
    let st = doc.get("Statement")?;
    Some(match &st.kind {
        Kind::List(items) => items.iter().filter_map(Statement::from_value).collect(),
        Kind::Object(_) => Statement::from_value(st).into_iter().collect(),
        _ => Vec::new(),
    })
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
/// once, under the using resource).
pub fn documents<'a>(module: &'a EvaluatedModule, db: &SourceDb) -> Vec<PolicyDoc<'a>> {
    let mut out = Vec::new();
    for inst in &module.resources {
        for &(rtype, attr, kind) in POLICY_ATTRIBUTES {
            if inst.rtype != rtype {
                continue;
            }
            if let (Some(v), Some(at)) = (inst.body.get(attr), inst.body.attr_loc(attr)) {
                push_doc(&mut out, inst, kind, v, at, db);
            }
        }
        if inst.rtype == "aws_iam_role" {
            for b in inst.body.nested("inline_policy") {
                if let (Some(v), Some(at)) = (b.body.get("policy"), b.body.attr_loc("policy")) {
                    push_doc(&mut out, inst, DocKind::Identity, v, at, db);
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
            push_doc(&mut out, inst, DocKind::Standalone, v, inst.loc, db);
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
) {
    if let Some(statements) = statements(v, db) {
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
    /// Related locations for a finding inside this document: how the
    /// document reached the resource, then where the resource uses it.
    pub fn related(&self, finding_at: Loc) -> Vec<Related> {
        let mut out = crate::related_of(&self.value);
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

pub(crate) fn run(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    for doc in documents(module, db) {
        for st in &doc.statements {
            if !st.is_allow() {
                continue;
            }
            if st.has_principal() {
                iam005_iam_public_principal::check(&doc, st, sink);
                continue;
            }
            // One statement, one finding: the most specific rule.
            let _ = iam001_iam_full_admin::check(&doc, st, sink)
                || iam006_iam_allow_not_action::check(&doc, st, sink)
                || iam002_iam_service_wildcard::check(&doc, st, sink)
                || iam003_iam_privilege_escalation::check(&doc, st, sink);
        }
    }
    iam004_iam_managed_admin_attached::check(module, sink);
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
