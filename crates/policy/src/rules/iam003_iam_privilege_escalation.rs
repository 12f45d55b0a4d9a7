//! IAM003: iam statement allows privilege escalation on every resource.

use crate::iam::{wildcard_match, PolicyDoc, Statement};
use crate::finding::Sink;

pub(crate) use crate::registry::IAM003 as META;

/// Actions that let whoever holds them on every resource raise their own
/// privileges. From Rhino Security Labs' "AWS IAM Privilege Escalation -
/// Methods and Mitigation" (the 21 methods) and Bishop Fox's iam-vulnerable,
/// reduced to the actions that are dangerous on their own; combinations
/// (`lambda:CreateFunction`, `ec2:RunInstances`, `cloudformation:CreateStack`
/// ... with `iam:PassRole`) are caught through `iam:PassRole`.
pub const ESCALATION_ACTIONS: &[(&str, &str)] = &[
    (
        "iam:PassRole",
        "hand any role, including an administrator role, to a service it controls",
    ),
    (
        "iam:CreatePolicyVersion",
        "rewrite a policy attached to itself",
    ),
    (
        "iam:SetDefaultPolicyVersion",
        "switch its policy to a more permissive version",
    ),
    (
        "iam:AttachUserPolicy",
        "attach AdministratorAccess to a user",
    ),
    (
        "iam:AttachGroupPolicy",
        "attach AdministratorAccess to a group",
    ),
    (
        "iam:AttachRolePolicy",
        "attach AdministratorAccess to a role",
    ),
    (
        "iam:PutUserPolicy",
        "write an inline admin policy on a user",
    ),
    (
        "iam:PutGroupPolicy",
        "write an inline admin policy on a group",
    ),
    (
        "iam:PutRolePolicy",
        "write an inline admin policy on a role",
    ),
    (
        "iam:CreateAccessKey",
        "create keys for any user, an administrator included",
    ),
    (
        "iam:CreateLoginProfile",
        "set a console password for any user",
    ),
    (
        "iam:UpdateLoginProfile",
        "change any user's console password",
    ),
    ("iam:UpdateAssumeRolePolicy", "let itself assume any role"),
    ("iam:AddUserToGroup", "join an administrators group"),
    ("sts:AssumeRole", "assume any role that trusts the account"),
    (
        "lambda:UpdateFunctionCode",
        "run its own code under any function's role",
    ),
    (
        "lambda:UpdateFunctionConfiguration",
        "attach a layer that runs under any function's role",
    ),
    (
        "glue:UpdateDevEndpoint",
        "run code under a Glue endpoint's role",
    ),
    (
        "ssm:SendCommand",
        "run commands on any managed instance, with its role",
    ),
    (
        "ec2-instance-connect:SendSSHPublicKey",
        "log in to any instance and use its role",
    ),
];

/// Returns whether the statement matched.
pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
    if !st.on_every_resource() {
        return false;
    }
    for action in st.actions() {
        let Some(pattern) = action.as_str() else {
            continue;
        };
        let Some((name, why)) = ESCALATION_ACTIONS
            .iter()
            .find(|(a, _)| wildcard_match(pattern, a))
        else {
            continue;
        };
        let shown = if pattern.eq_ignore_ascii_case(name) {
            format!("`{name}`")
        } else {
            format!("`{pattern}` (which includes `{name}`)")
        };
        let message = format!(
            "`{}` allows {shown} on every resource (`*`): its holder can {why}",
            doc.instance.address
        );
        let fix = format!(
            "scope `{name}` to the specific ARNs it needs (for iam:PassRole, the one role, plus a `iam:PassedToService` condition)"
        );
        sink.report(&META, doc.element_report(action, message, fix));
        return true;
    }
    false
}
