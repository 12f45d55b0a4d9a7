//! IAM001: iam statement allows every action on every resource.

use crate::finding::{Report, Sink};
use crate::iam::{azure_permissions, PolicyDoc, Statement, AZURE_ROLE_ASSIGNMENT_WRITE};
use rampart_terraform::eval::EvaluatedModule;

pub(crate) use crate::registry::IAM001 as META;

/// Allow `*` (or `*:*`) on Resource `*`. Returns whether the statement matched.
pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
    if !st.on_every_resource() {
        return false;
    }
    let Some(action) = st
        .actions()
        .into_iter()
        .find(|a| matches!(a.as_str(), Some("*" | "*:*")))
    else {
        return false;
    };
    let message = format!(
        "`{}` allows every action on every resource: full administrator access",
        doc.instance.address
    );
    let fix = "list the actions the workload calls (e.g. `s3:GetObject`) on the resources it needs (their ARNs); start from CloudTrail or IAM Access Analyzer's generated policy";
    sink.report(&META, doc.element_report(action, message, fix.to_string()));
    true
}

/// Azure: an `azurerm_role_definition` whose `actions` hold `*` while its
/// `not_actions` leave role assignment in: every operation at its
/// assignable scopes, which is the built-in Owner role again.
pub(crate) fn check_module(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "azurerm_role_definition" {
            continue;
        }
        for p in azure_permissions(inst) {
            let Some(star) = p.actions.iter().find(|a| a.as_str() == Some("*")) else {
                continue;
            };
            if p.grants_through("*", AZURE_ROLE_ASSIGNMENT_WRITE) != Some(true) {
                continue; // a Contributor-like role, or `not_actions` unknown
            }
            let Some(loc) = star.site else { continue };
            let message = format!(
                "`{}` allows every action (`*`) at its assignable scopes: the built-in Owner role again, including assigning any role to anyone",
                inst.address
            );
            sink.report(
                &META,
                Report {
                    loc: Some(loc),
                    message,
                    fix: Some("list the operations the role needs (e.g. `Microsoft.Storage/storageAccounts/read`), or assign a built-in role such as Reader or a service's Contributor role".to_string()),
                    identity: Some(String::new()),
                    provenance: Some(star),
                    ..Report::on(inst)
                },
            );
        }
    }
}
