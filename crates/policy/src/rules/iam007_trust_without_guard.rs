//! IAM007: role can be assumed from another account without a condition.

use crate::finding::{Report, Sink};
use crate::iam::{wildcard_match, DocKind, PolicyDoc, Statement};
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::value::{Kind, Value};

pub(crate) use crate::registry::IAM007 as META;

/// Condition keys that guard a cross-account trust whatever their value:
/// the external ID a third party must present (the confused-deputy
/// defence), the age of the caller's MFA, or the exact principals of the
/// other account that may assume the role. `aws:MultiFactorAuthPresent`
/// guards only when it requires MFA (see [`requires_mfa`]).
const GUARD_KEYS: &[&str] = &["sts:ExternalId", "aws:MultiFactorAuthAge", "aws:PrincipalArn"];

/// Does `aws:MultiFactorAuthPresent` under operator `op` require MFA?
/// `Bool` or `BoolIfExists` with `true` does; `false` (which lets callers
/// without MFA in) and the other operators do not. A value known only
/// after apply is `None`.
fn requires_mfa(op: &str, v: &Value) -> Option<bool> {
    let op = op.trim_start_matches("ForAnyValue:").trim_start_matches("ForAllValues:");
    if !op.eq_ignore_ascii_case("Bool") && !op.eq_ignore_ascii_case("BoolIfExists") {
        return Some(false);
    }
    let items: Vec<&Value> = match &v.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![v],
    };
    let mut texts = Vec::new();
    for i in items {
        texts.push(i.to_text()?);
    }
    // Several values match any of them: MFA is required only when every
    // value is true.
    Some(!texts.is_empty() && texts.iter().all(|t| t.trim().eq_ignore_ascii_case("true")))
}

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
    ops.iter().any(|(op, keys)| match keys.as_object() {
        Some(keys) => keys.iter().any(|(k, v)| {
            if v.is_unknown() {
                return true;
            }
            if k.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") {
                return requires_mfa(op, v) != Some(false);
            }
            GUARD_KEYS.iter().any(|g| g.eq_ignore_ascii_case(k))
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

/// The account of a principal that is a whole account: a bare account id
/// or `arn:...:iam::ACCOUNT:root`. A principal naming one role or user of
/// another account is least privilege (that account cannot hand the role
/// to anyone else) and is `None`.
fn whole_account(text: &str) -> Option<&str> {
    let account = account_of(text)?;
    let root = text.starts_with("arn:")
        && text.split(':').nth(2) == Some("iam")
        && text.ends_with(":root");
    (text == account || root).then_some(account)
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
        let Some(account) = whole_account(&text) else {
            continue;
        };
        let own = own.get_or_insert_with(|| own_accounts(doc.module));
        if own.iter().any(|a| a == account) {
            continue;
        }
        let who = format!("account `{account}` (its root: every user and role there that its own policies allow `sts:AssumeRole`)");
        let message = format!(
            "the trust policy of `{}` lets {who} assume the role, with no condition on `sts:ExternalId` or `aws:PrincipalArn` and none requiring MFA",
            doc.instance.address
        );
        let fix = "add a Condition: `sts:ExternalId` for a third party (the value it gives you), `aws:MultiFactorAuthPresent = true` for people, or `aws:PrincipalArn` naming the roles of that account that may assume this one";
        sink.report(&META, doc.element_report(item, message, fix.to_string()));
    }
}

/// The OIDC issuers shared by many tenants, and who each lets in. An
/// issuer of one tenant (an EKS cluster's own issuer, a company's IdP, a
/// GitHub Enterprise issuer with its own path, CircleCI's and Bitbucket's
/// per-organization and per-workspace issuers) vouches only for that
/// tenant's identities and is not here.
fn issuer_audience(issuer: &str) -> Option<&'static str> {
    let issuer = issuer.trim().trim_end_matches('/');
    let issuer = issuer.strip_prefix("https://").unwrap_or(issuer);
    match issuer.to_ascii_lowercase().as_str() {
        "token.actions.githubusercontent.com" => {
            Some("a GitHub Actions workflow in any repository on GitHub")
        }
        "gitlab.com" => Some("a CI job of any project on GitLab.com"),
        "app.terraform.io" => Some("a run of any HCP Terraform organization"),
        "agent.buildkite.com" => Some("a job of any Buildkite organization"),
        "accounts.google.com" => Some("anyone with a Google account"),
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
    // Only an issuer shared by many tenants lets strangers in: without a
    // condition, a single-tenant issuer admits its own tenant's identities,
    // and an issuer not known (or not written) is not judged.
    let Some(issuer) = inst
        .body
        .nested("oidc")
        .first()
        .and_then(|o| o.body.get("issuer_uri").and_then(Value::as_str).map(str::to_string))
    else {
        return;
    };
    let Some(audience) = issuer_audience(&issuer) else {
        return;
    };
    let who = format!("every token `{issuer}` issues ({audience})");
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
    use super::{account_of, issuer_audience, requires_mfa, whole_account};
    use rampart_terraform::value::Value;

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

    #[test]
    fn whole_accounts() {
        assert_eq!(whole_account("444455556666"), Some("444455556666"));
        assert_eq!(
            whole_account("arn:aws:iam::444455556666:root"),
            Some("444455556666")
        );
        assert_eq!(whole_account("arn:aws:iam::444455556666:role/ci"), None);
        assert_eq!(whole_account("arn:aws:iam::444455556666:user/root"), None);
        assert_eq!(whole_account("arn:aws:sts::444455556666:assumed-role/ci/x"), None);
    }

    #[test]
    fn mfa_conditions() {
        let t = |s: &str| Value::string(s, None);
        assert_eq!(requires_mfa("Bool", &t("true")), Some(true));
        assert_eq!(requires_mfa("BoolIfExists", &t("TRUE")), Some(true));
        assert_eq!(requires_mfa("Bool", &t("false")), Some(false));
        assert_eq!(requires_mfa("Null", &t("false")), Some(false));
        assert_eq!(requires_mfa("StringEquals", &t("true")), Some(false));
    }

    #[test]
    fn shared_issuers() {
        assert!(issuer_audience("https://token.actions.githubusercontent.com/").is_some());
        assert!(issuer_audience("https://accounts.google.com").is_some());
        assert!(issuer_audience("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC").is_none());
        assert!(issuer_audience("https://oidc.circleci.com/org/0a1b").is_none());
        assert!(issuer_audience("https://token.actions.githubusercontent.com/acme").is_none());
    }
}
