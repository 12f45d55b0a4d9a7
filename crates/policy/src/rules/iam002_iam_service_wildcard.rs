//! IAM002: iam statement allows a service-wide wildcard.

use crate::iam::{PolicyDoc, Statement};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::value::{Kind, Value, HOLE};

pub(crate) use crate::registry::IAM002 as META;

/// An action that is a whole service (`s3:*`) or everything (`*`, on a
/// narrower resource than `*`). Partial wildcards (`s3:Get*`,
/// `*:Describe*`) are not: see [`READ_ONLY_PREFIXES`].
fn is_service_wildcard(action: &str) -> bool {
    action == "*"
        || action == "*:*"
        || action.strip_suffix(":*").is_some_and(|svc| {
            !svc.is_empty() && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Action-name prefixes whose actions AWS's Service Authorization
/// Reference classifies at the Read or List access level (`s3:GetObject`,
/// `ec2:DescribeInstances`, `logs:ListTagsForResource`,
/// `dynamodb:BatchGetItem`, `aws-portal:ViewBilling`). A wildcard that
/// starts with one of them (`s3:Get*`, `*:Describe*`) is a family of
/// reads, never IAM002, whatever its service. `Read*` and `Search*` are not
/// listed: services use them for actions of other levels too.
pub(crate) const READ_ONLY_PREFIXES: &[&str] = &["Get", "List", "Describe", "BatchGet", "View"];

/// `s3:Get*`, `*:Describe*`, `logs:List*`: a wildcard on read-only actions.
pub(crate) fn is_read_only_wildcard(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else {
        return false;
    };
    name.contains(['*', '?'])
        && READ_ONLY_PREFIXES.iter().any(|p| {
            name.len() > p.len()
                && name.is_char_boundary(p.len())
                && name[..p.len()].eq_ignore_ascii_case(p)
                && !name[..p.len()].contains(['*', '?'])
        })
}

/// What a statement's `Resource` covers.
#[derive(Debug, PartialEq, Eq)]
enum Scope {
    /// `*`, or every resource of a type (`arn:aws:s3:::*`,
    /// `arn:aws:dynamodb:*:*:table/*`): the written element.
    Everything(Option<String>),
    /// Named resources: how each is shown.
    Specific(Vec<String>),
    /// Not known before apply, or not written.
    Unresolved,
}

/// Is an ARN pattern every resource of its type? Its resource part (after
/// the fifth `:`) is `*`, or a resource type followed by `*`
/// (`table/*`, `log-group:*`, `function:*`). For S3 the resource part
/// starts with the bucket name, so `bucket/*` is one bucket's objects.
fn every_of_type(arn: &str) -> bool {
    if arn == "*" {
        return true;
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let (Some(service), Some(res)) = (parts.get(2), parts.get(5)) else {
        // Not an ARN: a bare wildcard pattern is broad, a name is not.
        return arn.starts_with('*');
    };
    if res.starts_with('*') || res.starts_with('?') {
        return true;
    }
    if *service == "s3" {
        return false;
    }
    match res.split_once(['/', ':']) {
        Some((_, rest)) => rest.starts_with('*') || rest.starts_with('?'),
        None => false,
    }
}

fn scope(st: &Statement) -> Scope {
    let items: Vec<&Value> = match st.resource.as_ref() {
        None => return Scope::Unresolved,
        Some(v) => match &v.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![v],
        },
    };
    let mut shown = Vec::new();
    for r in items {
        match (&r.kind, r.refers_to()) {
            (Kind::String(s), _) if every_of_type(s) => {
                return Scope::Everything((s != "*").then(|| s.clone()))
            }
            (Kind::String(s), _) => shown.push(format!("`{s}`")),
            // `aws_dynamodb_table.orders.arn`: that one resource.
            (Kind::Unknown, Some(address)) => shown.push(format!("`{address}`")),
            // `"${aws_s3_bucket.logs.arn}/*"` in a heredoc: judged by the
            // text around the value known only at apply.
            (Kind::Unknown, None) => match r.partial().map(|p| p.text.as_str()) {
                Some(text) if text.chars().any(|c| c != HOLE) => {
                    let written = text.replace(HOLE, "${…}");
                    if every_of_type(text) {
                        return Scope::Everything(Some(written));
                    }
                    shown.push(format!("`{written}`"));
                }
                _ => return Scope::Unresolved,
            },
            _ => return Scope::Unresolved,
        }
    }
    if shown.is_empty() {
        Scope::Unresolved
    } else {
        Scope::Specific(shown)
    }
}

/// Returns whether the statement matched.
pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
    let Some(action) = st.actions().into_iter().find(|a| {
        a.as_str()
            .is_some_and(|a| is_service_wildcard(a) && !is_read_only_wildcard(a))
    }) else {
        return false;
    };
    let text = action.as_str().unwrap_or_default();
    let (on, severity) = match scope(st) {
        Scope::Everything(None) => ("on every resource (`*`)".to_string(), None),
        Scope::Everything(Some(pattern)) => {
            (format!("on every resource `{pattern}` matches"), None)
        }
        // Still every action there (DeleteTable, PutBucketPolicy), but
        // only there: a smaller blast radius.
        Scope::Specific(rs) => (
            format!("scoped to {}", rs.join(", ")),
            Some(Severity::Medium),
        ),
        Scope::Unresolved => ("on resources not known before apply".to_string(), None),
    };
    let what = match text.split_once(':') {
        Some((svc, _)) if svc != "*" => format!("every `{svc}` action (`{text}`)"),
        _ => format!("every action (`{text}`)"),
    };
    let message = format!("`{}` allows {what} {on}", doc.instance.address);
    let fix = format!("replace `{text}` with the specific actions the workload calls");
    let report = Report {
        severity,
        ..doc.element_report(action, message, fix)
    };
    sink.report(&META, report);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_wildcards() {
        assert!(is_service_wildcard("s3:*"));
        assert!(is_service_wildcard("iam:*"));
        assert!(is_service_wildcard("*"));
        assert!(!is_service_wildcard("s3:Get*"));
        assert!(!is_service_wildcard("s3:GetObject"));
    }

    #[test]
    fn read_only_wildcards_are_not_service_wildcards() {
        for a in [
            "s3:Get*",
            "s3:List*",
            "ec2:Describe*",
            "*:Describe*",
            "logs:Get*",
            "dynamodb:BatchGet*",
            "aws-portal:View*",
            "cloudwatch:GetMetric*",
        ] {
            assert!(is_read_only_wildcard(a), "{a}");
            assert!(!is_service_wildcard(a), "{a}");
        }
        for a in ["s3:*", "s3:Put*", "s3:*Object", "s3:GetObject", "*", "Get*"] {
            assert!(!is_read_only_wildcard(a), "{a}");
        }
    }

    #[test]
    fn resource_scope() {
        assert!(every_of_type("*"));
        assert!(every_of_type("arn:aws:s3:::*"));
        assert!(every_of_type("arn:aws:dynamodb:*:*:table/*"));
        assert!(every_of_type(
            "arn:aws:logs:eu-west-1:111122223333:log-group:*"
        ));
        assert!(!every_of_type("arn:aws:s3:::customer-uploads/*"));
        assert!(!every_of_type(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
        ));
        assert!(!every_of_type(
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/api:*"
        ));
    }
}
