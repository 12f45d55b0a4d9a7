//! IAM005: policy lets anyone assume or access.

use crate::finding::{Report, Sink};
use crate::iam::{elements, gcp_grants, wildcard_match, DocKind, PolicyDoc, Statement};
use crate::network::{local_address, local_ref};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::value::{Kind, Value};
use std::collections::{HashMap, HashSet};

pub(crate) use crate::registry::IAM005 as META;

/// Principal `*`, `{"AWS": "*"}` or a list holding `*`.
fn public_principal(p: &Value) -> Option<&Value> {
    match &p.kind {
        Kind::String(s) if s == "*" => Some(p),
        Kind::Object(map) => map.get("AWS").and_then(|aws| {
            elements(Some(aws))
                .into_iter()
                .find(|v| v.as_str() == Some("*"))
        }),
        _ => None,
    }
}

/// Condition keys that restrict who the caller is or where it comes from.
/// A Deny with a public principal and one of these (the usual "deny unless
/// from this VPC endpoint, IP range or organization" statement) keeps
/// everyone else out; `aws:SecureTransport` and the like do not.
const WHO_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
];

/// Does a condition test one of [`WHO_KEYS`]?
fn tests_who(condition: &Value) -> bool {
    condition.as_object().is_some_and(|ops| {
        ops.values().any(|keys| {
            keys.as_object().is_some_and(|keys| {
                keys.keys()
                    .any(|k| WHO_KEYS.iter().any(|w| w.eq_ignore_ascii_case(k)))
            })
        })
    })
}

/// Is this Allow fenced by a Deny of the same document: public principal,
/// a condition on who or where (see [`WHO_KEYS`]), and actions covering
/// every action the Allow grants?
fn fenced_by_deny(doc: &PolicyDoc<'_>, allow: &Statement) -> bool {
    let allowed: Vec<&str> = allow.actions().iter().filter_map(|a| a.as_str()).collect();
    if allowed.is_empty() {
        return false;
    }
    doc.statements.iter().any(|d| {
        let is_deny = d
            .effect
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("deny"));
        is_deny
            && d.principal.as_ref().and_then(public_principal).is_some()
            && d.condition.as_ref().is_some_and(tests_who)
            && allowed.iter().all(|a| {
                d.actions()
                    .iter()
                    .filter_map(|x| x.as_str())
                    .any(|x| wildcard_match(x, a))
            })
    })
}

pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) {
    if doc.guarded.is_some() || fenced_by_deny(doc, st) {
        return;
    }
    if st
        .condition
        .as_ref()
        .is_some_and(|c| c.as_object().is_none_or(|m| !m.is_empty()))
    {
        return; // a Condition restricts who really gets in
    }
    let Some(star) = st.principal.as_ref().and_then(public_principal) else {
        return;
    };
    let what = match doc.kind {
        DocKind::Trust => format!(
            "the trust policy of `{}` lets anyone (Principal `*`) assume the role",
            doc.instance.address
        ),
        _ => format!(
            "`{}` grants access to anyone (Principal `*`)",
            doc.instance.address
        ),
    };
    let message = format!("{what}, with no Condition restricting it");
    let fix = "name the principals that need access (an account, role or service), or add a Condition such as `aws:PrincipalOrgID` or `aws:SourceArn`";
    sink.report(&META, doc.element_report(star, message, fix.to_string()));
}

/// S3 canned ACLs that grant everyone (`public-read`, `public-read-write`)
/// or every AWS account holder (`authenticated-read`), and what they let
/// happen to a bucket or to one object (an object ACL opens that object
/// only: nobody can list the bucket through it, and write does not apply
/// to an object).
fn public_canned_acl(acl: &str, object: bool) -> Option<&'static str> {
    Some(match (acl, object) {
        ("public-read", false) => "anyone on the internet can list and read it",
        ("public-read-write", false) => "anyone on the internet can list, read and write it",
        ("authenticated-read", false) => "anyone with an AWS account can list and read it",
        ("public-read" | "public-read-write", true) => {
            "anyone on the internet can read that object"
        }
        ("authenticated-read", true) => "anyone with an AWS account can read that object",
        _ => return None,
    })
}

/// The S3 group grantees that are everyone.
fn public_group_uri(uri: &str) -> Option<&'static str> {
    match uri.trim_end_matches('/') {
        "http://acs.amazonaws.com/groups/global/AllUsers" => Some("everyone (`AllUsers`)"),
        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" => {
            Some("every AWS account holder (`AuthenticatedUsers`)")
        }
        _ => None,
    }
}

/// What the module says about its S3 buckets, read once per module (not
/// once per public ACL: a module may upload thousands of objects): each
/// bucket's literal names by address, and the S3 Block Public Access
/// settings that may make S3 ignore or refuse public ACLs.
#[derive(Default)]
struct S3Index {
    /// `aws_s3_bucket` local address → its literal `bucket` names.
    names: HashMap<String, Vec<String>>,
    /// An `aws_s3_account_public_access_block` that may block public ACLs.
    account_blocks: bool,
    /// Buckets (by address, and by literal name) whose
    /// `aws_s3_bucket_public_access_block` may block public ACLs.
    blocked_addresses: HashSet<String>,
    blocked_names: HashSet<String>,
}

impl S3Index {
    fn of(module: &EvaluatedModule) -> S3Index {
        // `block_public_acls` and `ignore_public_acls` default to false; a
        // value known only after apply may be true: it may block, and
        // nothing is reported.
        let may_block = |body: &EvalBody| {
            ["block_public_acls", "ignore_public_acls"].iter().any(|k| {
                body.get(k)
                    .is_some_and(|v| v.as_bool() == Some(true) || v.has_unknown())
            })
        };
        let mut index = S3Index::default();
        for r in &module.resources {
            match r.rtype.as_str() {
                "aws_s3_bucket" => {
                    let names = index.names.entry(local_address(r)).or_default();
                    names.extend(r.body.get("bucket").and_then(Value::as_str).map(str::to_string));
                }
                "aws_s3_account_public_access_block" => {
                    index.account_blocks |= may_block(&r.body);
                }
                "aws_s3_bucket_public_access_block" if may_block(&r.body) => {
                    let Some(b) = r.body.get("bucket") else {
                        continue;
                    };
                    match (local_ref(b), b.as_str()) {
                        (Some(a), _) => {
                            index.blocked_addresses.insert(a.to_string());
                        }
                        (None, Some(n)) => {
                            index.blocked_names.insert(n.to_string());
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        index
    }

    /// How a bucket is named by other resources: its address, and its
    /// literal names.
    fn bucket_keys(&self, inst: &Instance) -> (Vec<String>, Vec<String>) {
        if inst.rtype == "aws_s3_bucket" {
            let names = inst
                .body
                .get("bucket")
                .and_then(Value::as_str)
                .map(str::to_string)
                .into_iter()
                .collect();
            return (vec![local_address(inst)], names);
        }
        let Some(b) = inst.body.get("bucket") else {
            return (Vec::new(), Vec::new());
        };
        if let Some(a) = local_ref(b) {
            let names = self.names.get(a).cloned().unwrap_or_default();
            return (vec![a.to_string()], names);
        }
        (Vec::new(), b.as_str().map(str::to_string).into_iter().collect())
    }

    /// Does S3 Block Public Access, in this module, make (or may it make) S3
    /// ignore or refuse public ACLs on this resource's bucket?
    fn acls_blocked(&self, inst: &Instance) -> bool {
        if self.account_blocks {
            return true;
        }
        let (addresses, names) = self.bucket_keys(inst);
        addresses.iter().any(|a| self.blocked_addresses.contains(a))
            || names.iter().any(|n| self.blocked_names.contains(n))
    }
}

fn report_at<'v>(inst: &Instance, v: &'v Value, message: String, fix: &str) -> Option<Report<'v>> {
    Some(Report {
        loc: Some(v.site?),
        message,
        fix: Some(fix.to_string()),
        identity: Some(String::new()),
        provenance: Some(v),
        ..Report::on(inst)
    })
}

/// S3 buckets and objects made public by an ACL.
fn s3_acls(
    module: &EvaluatedModule,
    index: &mut Option<S3Index>,
    inst: &Instance,
    sink: &mut Sink<'_>,
) {
    const FIX: &str = "set `acl = \"private\"` (or remove it) and serve public content through CloudFront with origin access control; keep S3 Block Public Access on";
    let object = inst.rtype.contains("object");
    let what = if object { "object" } else { "bucket" };
    let mut found: Vec<(&Value, String)> = Vec::new();
    if let Some(acl) = inst.body.get("acl") {
        if let Some(why) = acl.as_str().and_then(|a| public_canned_acl(a, object)) {
            found.push((
                acl,
                format!(
                    "`{}` sets the canned ACL `{}`: {why}",
                    inst.address,
                    acl.as_str().unwrap_or_default()
                ),
            ));
        }
    }
    // `aws_s3_bucket_acl.access_control_policy.grant.grantee` and the
    // older inline `aws_s3_bucket.grant`.
    let mut grants = Vec::new();
    for p in inst.body.blocks("access_control_policy") {
        for g in p.body.blocks("grant") {
            grants.extend(g.body.blocks("grantee").map(|e| (&e.body, &g.body)));
        }
    }
    if inst.rtype == "aws_s3_bucket" {
        grants.extend(inst.body.blocks("grant").map(|g| (&g.body, &g.body)));
    }
    for (grantee, grant) in grants {
        let Some(uri) = grantee.get("uri") else {
            continue;
        };
        let Some(who) = uri.as_str().and_then(public_group_uri) else {
            continue;
        };
        let perms: Vec<String> = ["permission", "permissions"]
            .iter()
            .filter_map(|k| grant.get(k))
            .flat_map(|v| match &v.kind {
                Kind::List(items) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                Kind::String(s) => vec![s.clone()],
                _ => Vec::new(),
            })
            .collect();
        let perms = if perms.is_empty() {
            String::new()
        } else {
            format!(" `{}`", perms.join("`, `"))
        };
        found.push((
            uri,
            format!("`{}` grants {who}{perms} on the {what} through its ACL", inst.address),
        ));
    }
    if found.is_empty()
        || index
            .get_or_insert_with(|| S3Index::of(module))
            .acls_blocked(inst)
    {
        return;
    }
    for (v, message) in found {
        if let Some(r) = report_at(inst, v, message, FIX) {
            sink.report(&META, r);
        }
    }
}

/// `aws_lambda_permission`: anyone (`principal = "*"`), or an AWS service
/// without `source_arn`/`source_account` (any account's bucket, topic or
/// rule can invoke the function: a confused deputy).
fn lambda_permission(inst: &Instance, sink: &mut Sink<'_>) {
    let Some(principal) = inst.body.get("principal") else {
        return;
    };
    let Some(p) = principal.as_str() else { return };
    let set = |k: &str| inst.body.get(k).is_some_and(|v| !v.is_null());
    let (message, severity, fix) = if p == "*" {
        if set("source_arn") || set("source_account") || set("principal_org_id") {
            return;
        }
        // A function URL without authentication is a public HTTP endpoint
        // by design (its callers are judged by the application), like a
        // public API.
        let url_action = inst
            .body
            .get("action")
            .and_then(Value::as_str)
            .is_some_and(|a| a.eq_ignore_ascii_case("lambda:InvokeFunctionUrl"));
        if url_action
            && inst.body.get("function_url_auth_type").and_then(Value::as_str) == Some("NONE")
        {
            return;
        }
        (
            format!(
                "`{}` lets anyone (principal `*`) call the function, with no `source_arn`, `source_account` or `principal_org_id` restricting it",
                inst.address
            ),
            Severity::High,
            "name the principal that calls the function (an account, or a service with its `source_arn`); for a public function URL, use `function_url_auth_type = \"AWS_IAM\"`",
        )
    } else if p.ends_with(".amazonaws.com") {
        // `event_source_token` scopes an Alexa skill trigger to one skill
        // (its ID), as `source_arn` scopes other services.
        if set("source_arn") || set("source_account") || set("event_source_token") {
            return;
        }
        (
            format!(
                "`{}` lets the service `{p}` invoke the function on behalf of any account: without `source_arn` or `source_account`, another account's resource can trigger it",
                inst.address
            ),
            Severity::Medium,
            "add `source_arn` (the bucket, topic, rule or API that invokes the function) or at least `source_account` (for an Alexa skill, `event_source_token` with the skill's ID)",
        )
    } else {
        return;
    };
    if let Some(r) = report_at(inst, principal, message, fix) {
        sink.report(&META, Report { severity: Some(severity), ..r });
    }
}

/// DigitalOcean Spaces buckets and objects with `acl = "public-read"`
/// (both default to `private`).
fn spaces_acl(inst: &Instance, sink: &mut Sink<'_>) {
    let Some(acl) = inst.body.get("acl") else {
        return;
    };
    if acl.as_str() != Some("public-read") {
        return;
    }
    let what = if inst.rtype.ends_with("object") {
        "object"
    } else {
        "Space"
    };
    let message = format!(
        "`{}` sets `acl = \"public-read\"`: anyone on the internet can read the {what}",
        inst.address
    );
    let fix = "set `acl = \"private\"` (the default) and hand out pre-signed URLs, or serve public files through the Spaces CDN from a bucket of public files only";
    if let Some(r) = report_at(inst, acl, message, fix) {
        sink.report(&META, r);
    }
}

/// Google Cloud's everyone: `allUsers` (anyone on the internet) and
/// `allAuthenticatedUsers` (anyone signed in to any Google account).
fn gcp_public_member(member: &str) -> Option<&'static str> {
    match member {
        "allUsers" => Some("anyone on the internet (`allUsers`)"),
        "allAuthenticatedUsers" => Some("anyone with a Google account (`allAuthenticatedUsers`)"),
        _ => None,
    }
}

/// BigQuery dataset access entries (inline `access` blocks and
/// `google_bigquery_dataset_access`) for everyone.
fn bigquery_access(inst: &Instance, sink: &mut Sink<'_>) {
    let entries: Vec<&EvalBody> = if inst.rtype == "google_bigquery_dataset" {
        inst.body.blocks("access").map(|b| &b.body).collect()
    } else {
        vec![&inst.body]
    };
    for e in entries {
        for key in ["special_group", "iam_member"] {
            let Some(v) = e.get(key) else { continue };
            let Some(who) = v.as_str().and_then(gcp_public_member) else {
                continue;
            };
            let role = e
                .get("role")
                .and_then(Value::as_str)
                .map(|r| format!(" `{r}`"))
                .unwrap_or_default();
            let message = format!(
                "`{}` grants {who}{role} access to the dataset",
                inst.address
            );
            let fix = "grant the dataset to the groups or service accounts that query it (`group_by_email`, `user_by_email`), not to all users";
            if let Some(r) = report_at(inst, v, message, fix) {
                sink.report(&META, r);
            }
        }
    }
}

/// The Azure storage accounts of the module that forbid anonymous access
/// to their blobs (`allow_nested_items_to_be_public = false`, formerly
/// `allow_blob_public_access`), by local address and by literal name; read
/// once per module.
#[derive(Default)]
struct PrivateAccounts {
    addresses: HashSet<String>,
    names: HashSet<String>,
}

impl PrivateAccounts {
    fn of(module: &EvaluatedModule) -> PrivateAccounts {
        let mut out = PrivateAccounts::default();
        for r in &module.resources {
            if r.rtype != "azurerm_storage_account" {
                continue;
            }
            let forbids = ["allow_nested_items_to_be_public", "allow_blob_public_access"]
                .iter()
                .any(|k| r.body.get(k).and_then(Value::as_bool) == Some(false));
            if forbids {
                out.addresses.insert(local_address(r));
                out.names
                    .extend(r.body.get("name").and_then(Value::as_str).map(str::to_string));
            }
        }
        out
    }
}

/// Azure blob containers with anonymous access (`container_access_type`
/// defaults to `private`), unless their storage account, in this module,
/// forbids it.
fn storage_container(accounts: &PrivateAccounts, inst: &Instance, sink: &mut Sink<'_>) {
    let Some(access) = inst.body.get("container_access_type") else {
        return;
    };
    let why = match access.as_str() {
        Some("blob") => "anyone on the internet can read its blobs",
        Some("container") => "anyone on the internet can list and read its blobs",
        _ => return,
    };
    // The account is named by reference (`azurerm_storage_account.x.id`,
    // Unknown) or by its name (`.name` is known when written literally).
    let forbidden = ["storage_account_name", "storage_account_id"]
        .iter()
        .filter_map(|k| inst.body.get(k))
        .any(|v| match (local_ref(v), v.as_str()) {
            (Some(a), _) => accounts.addresses.contains(a),
            (None, Some(n)) => accounts.names.contains(n),
            _ => false,
        });
    if forbidden {
        return;
    }
    let message = format!(
        "`{}` sets `container_access_type = \"{}\"`: {why}",
        inst.address,
        access.as_str().unwrap_or_default()
    );
    let fix = "set `container_access_type = \"private\"` (the default) and hand out SAS tokens, or set `allow_nested_items_to_be_public = false` on the storage account";
    if let Some(r) = report_at(inst, access, message, fix) {
        sink.report(&META, r);
    }
}

/// Google Cloud roles that only let their members call a service's HTTP
/// endpoint.
const PUBLIC_ENDPOINT_ROLES: &[&str] = &["roles/run.invoker", "roles/cloudfunctions.invoker"];

/// Grants to everyone that are not AWS policy statements: S3 ACLs, Lambda
/// permissions, DigitalOcean Spaces ACLs, Google Cloud IAM members and
/// BigQuery dataset access.
pub(crate) fn check_module(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    // What other resources say about buckets and storage accounts, read on
    // first need, once.
    let mut s3: Option<S3Index> = None;
    let mut accounts: Option<PrivateAccounts> = None;
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_s3_bucket" | "aws_s3_bucket_acl" | "aws_s3_object" | "aws_s3_bucket_object" => {
                s3_acls(module, &mut s3, inst, sink)
            }
            "aws_lambda_permission" => lambda_permission(inst, sink),
            "digitalocean_spaces_bucket" | "digitalocean_spaces_bucket_object" => {
                spaces_acl(inst, sink)
            }
            "google_bigquery_dataset" | "google_bigquery_dataset_access" => {
                bigquery_access(inst, sink)
            }
            "azurerm_storage_container" => storage_container(
                accounts.get_or_insert_with(|| PrivateAccounts::of(module)),
                inst,
                sink,
            ),
            _ => {}
        }
    }
    for g in gcp_grants(module) {
        // Invoking a Cloud Run service or a Cloud Function over HTTP is what
        // a public web service is for (its callers are judged by the
        // application), like a public API: not reported.
        if g
            .role_name()
            .is_some_and(|r| PUBLIC_ENDPOINT_ROLES.contains(&r))
        {
            continue;
        }
        for m in g.members.iter().flatten() {
            let Some(who) = m.as_str().and_then(gcp_public_member) else {
                continue;
            };
            let role = g
                .role_name()
                .map(|r| format!("`{r}`"))
                .unwrap_or_else(|| "a role".to_string());
            let message = format!("`{}` grants {role} to {who}", g.instance.address);
            let fix = "grant the role to the users, groups or service accounts that need it; for public website content, serve it through a load balancer or CDN";
            if let Some(r) = report_at(g.instance, m, message, fix) {
                // Instances granting different roles through one line are
                // different findings.
                let identity = Some(g.role_name().unwrap_or_default().to_string());
                sink.report(&META, Report { identity, ..r });
            }
        }
    }
}
