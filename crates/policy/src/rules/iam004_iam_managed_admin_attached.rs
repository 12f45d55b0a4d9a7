//! IAM004: aws-managed administrator policy attached.

use crate::finding::{Report, Sink};
use crate::iam::gcp_grants;
use rampart_config::Severity;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::value::{Kind, Value, HOLE};

pub(crate) use crate::registry::IAM004 as META;

/// AWS-managed policies that amount to administrator access.
const ADMIN_POLICIES: &[&str] = &["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

/// The managed policy an ARN names, in any partition.
fn admin_policy(arn: &str) -> Option<&'static str> {
    let name = arn
        .strip_prefix("arn:")?
        .split_once(':')?
        .1
        .strip_prefix("iam::aws:policy/")?;
    ADMIN_POLICIES.iter().copied().find(|p| *p == name)
}

/// Resources that attach one managed policy, and the attribute naming it.
const ATTACHMENTS: &[(&str, &str)] = &[
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    // IAM Identity Center: every account the permission set is assigned to.
    ("aws_ssoadmin_managed_policy_attachment", "managed_policy_arn"),
];

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    gcp_basic_roles(module, sink);
    for inst in &module.resources {
        let arns: Vec<&Value> = if let Some((_, attr)) =
            ATTACHMENTS.iter().find(|(t, _)| *t == inst.rtype)
        {
            inst.body.get(attr).into_iter().collect()
        } else if inst.rtype == "azurerm_role_assignment" {
            azure_owner(module, inst, sink);
            continue;
        } else if inst.rtype == "aws_iam_role" {
            match inst.body.get("managed_policy_arns").map(|v| &v.kind) {
                Some(Kind::List(items)) => items.iter().collect(),
                _ => Vec::new(),
            }
        } else {
            continue;
        };
        for arn in arns {
            let name = match arn.as_str() {
                Some(s) => admin_policy(s),
                // `data.aws_iam_policy.admin.arn`: known by the data source's name or arn.
                None => arn.refers_to().and_then(|a| data_policy(module, a)),
            };
            let Some(name) = name else { continue };
            let Some(loc) = arn.site else { continue };
            sink.report(
                &META,
                Report {
                    loc: Some(loc),
                    message: format!(
                        "`{}` attaches the AWS-managed `{name}` policy, which grants administrator-level access",
                        inst.address
                    ),
                    // One statement element, one finding, whatever uses it.
                    identity: Some(String::new()),
                    provenance: Some(arn),
                    fix: Some("attach a customer-managed policy listing only the actions and resources the workload uses".to_string()),
                    ..Report::on(inst)
                },
            );
        }
    }
}

/// Google Cloud basic roles on a project, folder or organization: `owner`
/// is everything, the IAM policy included (AdministratorAccess); `editor`
/// changes nearly every resource and acts as every service account there
/// (not the IAM policy: high rather than critical).
fn gcp_basic_roles(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for g in gcp_grants(module) {
        if !g.level.is_hierarchy() || g.members.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        let (what, severity) = match g.role_name() {
            Some("roles/owner") => (
                "full control of every resource and of who has access",
                None,
            ),
            Some("roles/editor") => (
                "change to nearly every resource, and acting as every service account",
                Some(Severity::High),
            ),
            _ => continue,
        };
        let Some(loc) = g.role.site else { continue };
        let role = g.role_name().unwrap_or_default();
        let level = g.level.name();
        sink.report(
            &META,
            Report {
                loc: Some(loc),
                message: format!(
                    "`{}` grants the basic role `{role}` on the whole {level}: {what} in it",
                    g.instance.address
                ),
                severity,
                // Instances granting different roles through one line
                // (`role = local.roles[count.index]`) are different findings.
                identity: Some(role.to_string()),
                provenance: Some(g.role),
                fix: Some(format!("grant predefined roles for the services the member uses (e.g. `roles/storage.objectViewer`), or a custom role, instead of `{role}` on the {level}")),
                ..Report::on(g.instance)
            },
        );
    }
}

/// The built-in Azure Owner role's id (the same in every tenant).
const AZURE_OWNER_ID: &str = "8e3af657-a8ff-4c8a-8c28-a02543b5a2d5";

/// Where an Azure role assignment applies, when it is wide.
fn azure_wide_scope(module: &EvaluatedModule, v: &Value) -> Option<&'static str> {
    let classify = |text: &str| -> Option<&'static str> {
        let parts: Vec<&str> = text.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Some("the root management group (`/`)"),
            [s, _] if s.eq_ignore_ascii_case("subscriptions") => Some("a whole subscription"),
            [p, m, g, _]
                if p.eq_ignore_ascii_case("providers")
                    && m.eq_ignore_ascii_case("Microsoft.Management")
                    && g.eq_ignore_ascii_case("managementGroups") =>
            {
                Some("a whole management group")
            }
            _ => None,
        }
    };
    match &v.kind {
        Kind::String(s) => classify(s),
        Kind::Unknown => {
            if let Some(partial) = v.partial() {
                // `"/subscriptions/${var.subscription_id}"`
                return classify(&partial.text.replace(HOLE, "x"));
            }
            let address = crate::network::local_ref(v)?;
            let local = |prefix: &str| {
                address.starts_with(prefix)
                    && module
                        .data
                        .iter()
                        .chain(&module.resources)
                        .any(|d| d.address == address)
            };
            if local("data.azurerm_subscription.") {
                Some("a whole subscription")
            } else if local("data.azurerm_management_group.") || local("azurerm_management_group.") {
                Some("a whole management group")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Is this role definition the built-in Owner? By `role_definition_name`,
/// by the id in `role_definition_id`, or through a
/// `data "azurerm_role_definition"` looked up by name or id.
fn azure_owner_value<'v>(module: &EvaluatedModule, inst: &'v Instance) -> Option<&'v Value> {
    if let Some(name) = inst.body.get("role_definition_name") {
        return (name.as_str() == Some("Owner")).then_some(name);
    }
    let id = inst.body.get("role_definition_id")?;
    let is_owner_id = |s: &str| s.to_ascii_lowercase().ends_with(AZURE_OWNER_ID);
    if let Some(s) = id.as_str() {
        return is_owner_id(s).then_some(id);
    }
    let address = crate::network::local_ref(id)?;
    let data = module
        .data
        .iter()
        .find(|d| d.address == address && d.rtype == "azurerm_role_definition")?;
    let by_name = data.body.get("name").and_then(Value::as_str) == Some("Owner");
    let by_id = data
        .body
        .get("role_definition_id")
        .and_then(Value::as_str)
        .is_some_and(is_owner_id);
    (by_name || by_id).then_some(id)
}

/// Azure: the built-in Owner role assigned on a subscription, a management
/// group or the root.
fn azure_owner(module: &EvaluatedModule, inst: &Instance, sink: &mut Sink<'_>) {
    let Some(role) = azure_owner_value(module, inst) else {
        return;
    };
    let Some(scope) = inst.body.get("scope") else {
        return;
    };
    let Some(wide) = azure_wide_scope(module, scope) else {
        return;
    };
    let Some(loc) = role.site else { return };
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message: format!(
                "`{}` assigns the built-in Owner role on {wide}: every action on every resource there, and assigning any role to anyone",
                inst.address
            ),
            identity: Some(String::new()),
            provenance: Some(role),
            fix: Some("assign a narrower built-in role (Reader, or a service's Contributor role) or a custom role, on the resource group that needs it; keep Owner for a few people through Privileged Identity Management".to_string()),
            ..Report::on(inst)
        },
    );
}

fn data_policy(module: &EvaluatedModule, address: &str) -> Option<&'static str> {
    let inst = module
        .data
        .iter()
        .find(|d| d.address == address && d.rtype == "aws_iam_policy")?;
    if let Some(arn) = inst.body.get("arn").and_then(Value::as_str) {
        return admin_policy(arn);
    }
    let name = inst.body.get("name").and_then(Value::as_str)?;
    ADMIN_POLICIES.iter().copied().find(|p| *p == name)
}

#[cfg(test)]
mod tests {
    use super::admin_policy;

    #[test]
    fn arns() {
        assert_eq!(
            admin_policy("arn:aws:iam::aws:policy/AdministratorAccess"),
            Some("AdministratorAccess")
        );
        assert_eq!(
            admin_policy("arn:aws-us-gov:iam::aws:policy/IAMFullAccess"),
            Some("IAMFullAccess")
        );
        assert_eq!(admin_policy("arn:aws:iam::aws:policy/ReadOnlyAccess"), None);
        assert_eq!(
            admin_policy("arn:aws:iam::123456789012:policy/AdministratorAccess"),
            None
        );
    }
}
