//! RMP001: a suppression past its `expires` date.
//!
//! It no longer hides anything; the finding sits at the comment (or at the
//! `expires` value of a `[[suppress]]` entry), with the findings it hid
//! again as related locations.

use crate::suppression::Suppression;
use crate::finding::{Related, Report, Sink};
use rampart_terraform::source::Loc;

pub(crate) use crate::registry::RMP001 as META;

/// Related locations listed at most, of the findings it hid.
const MAX_RELATED: usize = 5;

pub(crate) fn report(sink: &mut Sink<'_>, s: &Suppression, at: Loc, hid: &[Loc]) {
    let Some(expired) = s.expires else { return };
    let mut message = format!(
        "{} expired on {expired} and no longer hides anything",
        s.describe()
    );
    match hid.len() {
        0 => {}
        1 => message.push_str("; the finding it hid is reported again"),
        n => message.push_str(&format!("; the {n} findings it hid are reported again")),
    }
    let related = hid
        .iter()
        .take(MAX_RELATED)
        .map(|loc| Related {
            loc: Some(*loc),
            message: format!("hidden until {expired}"),
        })
        .collect();
    let renew = if s.is_config() {
        "`expires = \"YYYY-MM-DD\"`"
    } else {
        "`expires: YYYY-MM-DD`"
    };
    sink.report(
        &META,
        Report {
            loc: Some(at),
            resource: s.subject.clone(),
            message,
            fix: Some(format!(
                "fix what it hid, or, if the exception still holds, renew it with a new {renew} and an up-to-date reason"
            )),
            related,
            ..Report::default()
        },
    );
}
