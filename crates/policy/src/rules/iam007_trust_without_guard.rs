//! IAM007: role can be assumed from another account without a condition.

use crate::finding::{Report, Sink};
use crate::iam::{wildcard_match, DocKind, PolicyDoc, Statement};
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::value::{Kind, Value};

pub(crate) use crate::registry::IAM007 as META;

/// Condition keys that guard a cross-account trust: the external ID a
/// third party must present (the confused-deputy defence), MFA for people,
/// or the exact principals of the other account that may assume the role.
const GUARD_KEYS: &[&str] = &[
    "sts:ExternalId",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalArn",
];

/// Does the statement's Condition guard it (or is it not known before
/// apply, so that nothing is said)?
fn guarded(condition: Option<&Value>) -> bool {
    let Some(c) = condition else {
        return false;
    };
    let Some(ops) = c.as_object() else {
        // Unknown, or something IAM would refuse: not judged.
        return !c.is_null();
    };
    ops.values().any(|keys| match keys.as_object() {
        Some(keys) => keys.iter().any(|(k, v)| {
            v.is_unknown() || GUARD_KEYS.iter().any(|g| g.eq_ignore_ascii_case(k))
        }),
        None => true,
    })
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The account a principal names, when written literally: a bare account
/// id, or the account field of an `arn:...:iam::ACCOUNT:...` (or `sts`)
/// ARN. Anything else (a service, `*`, an account known only after apply
/// such as `data.aws_caller_identity.current.account_id`) is `None`.
fn account_of(text: &str) -> Option<&str> {
    if is_account_id(text) {
        return Some(text);
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam" | "sts", "", account, _] if is_account_id(account) => Some(account),
        _ => None,
    }
}

/// The text of a principal element: a string, or the known text around
/// the holes of a template (`"arn:${local.partition}:iam::444455556666:root"`).
fn text_of(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Unknown => v.partial().map(|p| p.text.clone()),
        _ => None,
    }
}

/// The accounts this module deploys into, as far as its `aws` provider
/// configurations say: `allowed_account_ids`, and the account of an
/// `assume_role.role_arn`. A role trusting one of these is not trusting
/// another account.
fn own_accounts(module: &EvaluatedModule) -> Vec<String> {
    let mut out = Vec::new();
    for p in module.providers.iter().filter(|p| p.rtype == "aws") {
        if let Some(ids) = p.body.get("allowed_account_ids").and_then(Value::as_list) {
            out.extend(ids.iter().filter_map(Value::to_text));
        }
        for a in p.body.nested("assume_role") {
            if let Some(acct) = a
                .body
                .get("role_arn")
                .and_then(Value::as_str)
                .and_then(account_of)
            {
                out.push(acct.to_string());
            }
        }
    }
    out
}

/// Does the statement let a principal assume a role (`sts:AssumeRole`,
/// or a wildcard covering it)? In a data source no trust policy was seen
/// using, only an `sts:` action counts: `*` there may be a bucket or key
/// policy's.
fn assumes_role(doc: &PolicyDoc<'_>, st: &Statement) -> bool {
    st.actions()
        .iter()
        .filter_map(|a| a.as_str())
        .filter(|a| {
            doc.kind == DocKind::Trust
                || a.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:"))
        })
        .any(|a| wildcard_match(a, "sts:AssumeRole"))
}

pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) {
    if !matches!(doc.kind, DocKind::Trust | DocKind::Standalone) || !assumes_role(doc, st) {
        return;
    }
    if guarded(st.condition.as_ref()) {
        return;
    }
    let Some(aws) = st.principal.as_ref().and_then(|p| p.get("AWS")) else {
        return;
    };
    let items: Vec<&Value> = match &aws.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![aws],
    };
    // The module's own accounts, read only when a literal account is seen.
    let mut own: Option<Vec<String>> = None;
    for item in items {
        let Some(text) = text_of(item) else { continue };
        let Some(account) = account_of(&text) else {
            continue;
        };
        let own = own.get_or_insert_with(|| own_accounts(doc.module));
        if own.iter().any(|a| a == account) {
            continue;
        }
        let who = if text == account || text.ends_with(":root") {
            format!("account `{account}` (its root: every user and role there that its own policies allow `sts:AssumeRole`)")
        } else {
            format!("`{text}` of account `{account}`")
        };
        let message = format!(
            "the trust policy of `{}` lets {who} assume the role, with no `sts:ExternalId`, MFA or `aws:PrincipalArn` condition",
            doc.instance.address
        );
        let fix = "add a Condition: `sts:ExternalId` for a third party (the value it gives you), `aws:MultiFactorAuthPresent = true` for people, or `aws:PrincipalArn` naming the roles of that account that may assume this one";
        sink.report(&META, doc.element_report(item, message, fix.to_string()));
    }
}

/// The OIDC issuers shared by many tenants, and who each lets in.
fn issuer_audience(issuer: &str) -> Option<&'static str> {
    let issuer = issuer.trim_end_matches('/');
    match issuer {
        "https://token.actions.githubusercontent.com" => {
            Some("a GitHub Actions workflow in any repository on GitHub")
        }
        "https://gitlab.com" => Some("a CI job of any project on GitLab.com"),
        "https://app.terraform.io" => Some("a run of any HCP Terraform organization"),
        _ => None,
    }
}

/// A Google workload identity pool provider for an OIDC issuer without an
/// `attribute_condition`: every identity the issuer vouches for is let in
/// (Google: "If unspecified, all valid authentication credentials are
/// accepted").
fn pool_provider(inst: &Instance, sink: &mut Sink<'_>) {
    // AWS, SAML and X.509 providers name one account, IdP or trust store.
    if ["aws", "saml", "x509"]
        .iter()
        .any(|b| !inst.body.nested(b).is_empty())
    {
        return;
    }
    let (loc, provenance) = match inst.body.get("attribute_condition") {
        None => (inst.loc, None),
        Some(v) if v.is_null() => (v.site.unwrap_or(inst.loc), Some(v)),
        Some(v) if v.as_str().is_some_and(|s| s.trim().is_empty()) => {
            (v.site.unwrap_or(inst.loc), Some(v))
        }
        Some(_) => return,
    };
    let issuer = inst
        .body
        .nested("oidc")
        .first()
        .and_then(|o| o.body.get("issuer_uri").and_then(Value::as_str).map(str::to_string));
    let who = match issuer.as_deref() {
        Some(i) => match issuer_audience(i) {
            Some(a) => format!("every token `{i}` issues ({a})"),
            None => format!("every token `{i}` issues"),
        },
        None => "every token its issuer signs".to_string(),
    };
    let message = format!(
        "`{}` has no `attribute_condition` (none is the default): {who} can use the pool and impersonate the service accounts it is granted",
        inst.address
    );
    let fix = "set `attribute_condition` to the owners or repositories you trust, e.g. `assertion.repository_owner == \"my-org\"`";
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            fix: Some(fix.to_string()),
            provenance,
            identity: Some(String::new()),
            ..Report::on(inst)
        },
    );
}

/// Trust without a guard outside AWS policy documents.
pub(crate) fn check_module(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype == "google_iam_workload_identity_pool_provider" {
            pool_provider(inst, sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::account_of;

    #[test]
    fn accounts() {
        assert_eq!(account_of("444455556666"), Some("444455556666"));
        assert_eq!(
            account_of("arn:aws:iam::444455556666:root"),
            Some("444455556666")
        );
        assert_eq!(
            account_of("arn:aws-us-gov:iam::444455556666:role/ci"),
            Some("444455556666")
        );
        assert_eq!(
            account_of("arn:aws:sts::444455556666:assumed-role/ci/x"),
            Some("444455556666")
        );
        assert_eq!(account_of("arn:aws:iam::\u{E000}:root"), None);
        assert_eq!(account_of("ec2.amazonaws.com"), None);
        assert_eq!(account_of("*"), None);
    }
}
