//! IAM005: policy lets anyone assume or access.

use crate::iam::{elements, DocKind, PolicyDoc, Statement};
use crate::finding::Sink;
use rampart_terraform::value::{Kind, Value};

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

pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) {
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
