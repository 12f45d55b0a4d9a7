//! IAM004: aws-managed administrator policy attached.

use crate::finding::{Report, Sink};
use rampart_terraform::eval::EvaluatedModule;
use rampart_terraform::value::{Kind, Value};

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

const ATTACHMENTS: &[&str] = &[
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
];

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        let arns: Vec<&Value> = if ATTACHMENTS.contains(&inst.rtype.as_str()) {
            inst.body.get("policy_arn").into_iter().collect()
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
                    resource: inst.address.clone(),
                    instance: Some(inst.instance.clone()),
                    message: format!(
                        "`{}` attaches the AWS-managed `{name}` policy, which grants administrator-level access",
                        inst.address
                    ),
                    // One statement element, one finding, whatever uses it.
                    identity: Some(String::new()),
                    provenance: Some(arn),
                    fix: Some("attach a customer-managed policy listing only the actions and resources the workload uses".to_string()),
                    ..Report::default()
                },
            );
        }
    }
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
