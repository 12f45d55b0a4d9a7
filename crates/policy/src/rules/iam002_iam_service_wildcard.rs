//! IAM002: iam statement allows a service-wide wildcard.

use crate::iam::{PolicyDoc, Statement};
use crate::registry::{policy_docs, RuleMeta};
use crate::{Report, Severity, Sink};

pub static META: RuleMeta = RuleMeta {
    code: "IAM002",
    name: "iam-service-wildcard",
    title: "IAM statement allows a service-wide wildcard",
    severity: Severity::High,
    docs: policy_docs!("IAM002-iam-service-wildcard"),
};

/// An action that is a whole service (`s3:*`) or everything (`*`, on a
/// narrower resource than `*`).
fn is_service_wildcard(action: &str) -> bool {
    action == "*"
        || action == "*:*"
        || action.strip_suffix(":*").is_some_and(|svc| {
            !svc.is_empty() && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Returns whether the statement matched.
pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
    let Some(action) = st
        .actions()
        .into_iter()
        .find(|a| a.as_str().is_some_and(is_service_wildcard))
    else {
        return false;
    };
    let text = action.as_str().unwrap_or_default();
    let on = if st.on_every_resource() {
        "every resource (`*`)".to_string()
    } else {
        let rs: Vec<String> = st
            .resources()
            .iter()
            .filter_map(|r| r.as_str())
            .map(|r| format!("`{r}`"))
            .collect();
        if rs.is_empty() {
            "its resources".to_string()
        } else {
            rs.join(", ")
        }
    };
    let what = match text.split_once(':') {
        Some((svc, _)) if svc != "*" => format!("every `{svc}` action (`{text}`)"),
        _ => format!("every action (`{text}`)"),
    };
    let loc = action.site.unwrap_or(doc.used_at);
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            resource: doc.instance.address.clone(),
            instance: Some(doc.instance.instance.clone()),
            message: format!("`{}` allows {what} on {on}", doc.instance.address),
            fix: Some(format!(
                "replace `{text}` with the specific actions the workload calls"
            )),
            // One statement element, one finding, whatever uses it.
            identity: Some(String::new()),
            provenance: Some(action),
            related: doc.related(loc),
            ..Report::default()
        },
    );
    true
}

#[cfg(test)]
mod tests {
    use super::is_service_wildcard;

    #[test]
    fn service_wildcards() {
        assert!(is_service_wildcard("s3:*"));
        assert!(is_service_wildcard("iam:*"));
        assert!(is_service_wildcard("*"));
        assert!(!is_service_wildcard("s3:Get*"));
        assert!(!is_service_wildcard("s3:GetObject"));
    }
}
