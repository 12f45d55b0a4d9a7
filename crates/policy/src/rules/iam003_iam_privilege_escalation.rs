//! IAM003: iam statement allows privilege escalation on every resource.

use crate::finding::{Report, Sink};
use crate::iam::{
    azure_permissions, gcp_grants, wildcard_match, PolicyDoc, Statement,
    AZURE_ROLE_ASSIGNMENT_WRITE,
};
use rampart_terraform::eval::EvaluatedModule;

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

/// Azure operations that let a custom role's holders raise their own
/// privileges at the role's assignable scopes.
const AZURE_ESCALATION: &[(&str, &str)] = &[
    (
        AZURE_ROLE_ASSIGNMENT_WRITE,
        "assign any role, Owner included, to anyone, itself included",
    ),
    (
        "Microsoft.Authorization/roleDefinitions/write",
        "rewrite a custom role it holds to allow anything",
    ),
];

/// Google Cloud roles that, granted on a whole project, folder or
/// organization, let their members act as every service account there and
/// so hold each one's permissions.
const GCP_ESCALATION_ROLES: &[(&str, &str)] = &[
    (
        "roles/iam.serviceAccountUser",
        "act as every service account there (attach any of them to a VM or a function it deploys) and so use each one's permissions",
    ),
    (
        "roles/iam.serviceAccountTokenCreator",
        "mint access tokens for every service account there and so use each one's permissions",
    ),
    (
        "roles/iam.serviceAccountKeyAdmin",
        "create keys for every service account there and so use each one's permissions",
    ),
];

/// Azure custom roles and Google Cloud grants that allow privilege
/// escalation.
pub(crate) fn check_module(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "azurerm_role_definition" {
            continue;
        }
        for p in azure_permissions(inst) {
            for action in &p.actions {
                let Some(pattern) = action.as_str() else {
                    continue;
                };
                // `*` with role assignment left in is IAM001's (the most
                // specific rule reports).
                if pattern == "*" && p.grants_through("*", AZURE_ROLE_ASSIGNMENT_WRITE) == Some(true) {
                    continue;
                }
                let Some((op, why)) = AZURE_ESCALATION
                    .iter()
                    .find(|(op, _)| p.grants_through(pattern, op) == Some(true))
                else {
                    continue;
                };
                let Some(loc) = action.site else { continue };
                let shown = if pattern.eq_ignore_ascii_case(op) {
                    format!("`{op}`")
                } else {
                    format!("`{pattern}` (which includes `{op}`)")
                };
                sink.report(
                    &META,
                    Report {
                        loc: Some(loc),
                        message: format!(
                            "`{}` allows {shown}: whoever holds the role can {why} at its assignable scopes",
                            inst.address
                        ),
                        fix: Some(format!("remove `{pattern}` from `actions` (or add `{op}` to `not_actions`); leave role management to the built-in Owner and User Access Administrator roles, assigned to few people")),
                        identity: Some(String::new()),
                        provenance: Some(action),
                        ..Report::on(inst)
                    },
                );
            }
        }
    }
    for g in gcp_grants(module) {
        if !g.level.is_hierarchy() || g.members.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        let Some(role) = g.role_name() else { continue };
        let Some((_, why)) = GCP_ESCALATION_ROLES.iter().find(|(r, _)| *r == role) else {
            continue;
        };
        let Some(loc) = g.role.site else { continue };
        let level = g.level.name();
        sink.report(
            &META,
            Report {
                loc: Some(loc),
                message: format!(
                    "`{}` grants `{role}` on the whole {level}: its members can {why}",
                    g.instance.address
                ),
                fix: Some(format!("grant `{role}` on the one service account that needs it (`google_service_account_iam_member`), not on the {level}")),
                // Instances granting different roles through one line
                // (`role = local.roles[count.index]`) are different findings.
                identity: Some(role.to_string()),
                provenance: Some(g.role),
                ..Report::on(g.instance)
            },
        );
    }
}
