//! IAM006: iam allow statement with notaction or notresource.

use crate::iam::{PolicyDoc, Statement};
use crate::finding::Sink;

pub(crate) use crate::registry::IAM006 as META;

/// Allow with `NotAction` or `NotResource`. Returns whether it matched.
pub(crate) fn check(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
    let (value, key) = match (&st.not_action, &st.not_resource) {
        (Some(v), _) => (v, "NotAction"),
        (None, Some(v)) => (v, "NotResource"),
        (None, None) => return false,
    };
    let what = if key == "NotAction" {
        "every action except the ones listed"
    } else {
        "access to every resource except the ones listed"
    };
    let message = format!(
        "`{}` allows {what} (`{key}` in an Allow statement), including actions and resources that do not exist yet",
        doc.instance.address
    );
    let fix = format!(
        "list what is allowed with `{}` instead; keep `{key}` for Deny statements",
        key.trim_start_matches("Not")
    );
    sink.report(&META, doc.element_report(value, message, fix));
    true
}
