//! IAM001: iam statement allows every action on every resource.

use crate::iam::{PolicyDoc, Statement};
use crate::finding::Sink;

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
