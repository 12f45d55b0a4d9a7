//! RMP002: a suppression that hides no finding.
//!
//! Judged only where the run can tell: for rules that ran, in files whose
//! modules were evaluated without syntax errors, and for a `[[suppress]]`
//! entry only when the run covered the configuration's whole directory.

use crate::suppression::Suppression;
use crate::finding::{Report, Sink};
use rampart_terraform::source::Loc;

pub(crate) use crate::registry::RMP002 as META;

fn report(sink: &mut Sink<'_>, s: &Suppression, at: Loc, message: String, fix: &str) {
    sink.report(
        &META,
        Report {
            loc: Some(at),
            resource: s.subject.clone(),
            message,
            fix: Some(fix.to_string()),
            ..Report::default()
        },
    );
}

/// Some or all codes of a comment hid nothing.
pub(crate) fn report_codes(
    sink: &mut Sink<'_>,
    s: &Suppression,
    at: Loc,
    unused: &[&str],
    in_use: &[&str],
) {
    let list = unused.join(", ");
    if in_use.is_empty() && unused.len() == s.codes.len() {
        report(
            sink,
            s,
            at,
            format!("{} hides no finding", s.describe()),
            "remove the comment: what it suppressed is gone, or it never matched",
        );
    } else {
        // The other codes either hide something or belong to rules that did
        // not run (neither used nor unused): only the first are named.
        let still = if in_use.is_empty() {
            String::new()
        } else {
            format!(" ({} still does)", in_use.join(", "))
        };
        report(
            sink,
            s,
            at,
            format!("{list} in {} hides no finding{still}", s.describe()),
            &format!("remove {list} from the comment"),
        );
    }
}

/// An own-line comment with nothing below it to cover.
pub(crate) fn report_dangling(sink: &mut Sink<'_>, s: &Suppression, at: Loc) {
    report(
        sink,
        s,
        at,
        format!(
            "{} covers nothing: no block or attribute starts on the next line",
            s.describe()
        ),
        "put the comment directly above the block or attribute it is for, or at the end of the offending line",
    );
}

/// A `[[suppress]]` entry that hid nothing.
pub(crate) fn report_entry(sink: &mut Sink<'_>, s: &Suppression, at: Loc) {
    report(
        sink,
        s,
        at,
        format!("{} hides no finding", s.describe()),
        "remove the entry: what it suppressed is gone, or its paths match nothing",
    );
}
