//! RMP003: a suppression without a reason, when `[suppressions]
//! require_reason = true`. The suppression still hides its findings.

use crate::suppression::Suppression;
use crate::finding::{Report, Sink};
use rampart_terraform::source::Loc;

pub(crate) use crate::registry::RMP003 as META;

pub(crate) fn report(sink: &mut Sink<'_>, s: &Suppression, at: Loc) {
    let fix = if s.is_config() {
        "say why the findings are acceptable: `reason = \"…\"`".to_string()
    } else {
        format!(
            "say why the finding is acceptable: `# rampart:ignore {} reason: …`",
            s.codes.join(", ")
        )
    };
    sink.report(
        &META,
        Report {
            loc: Some(at),
            resource: s.subject.clone(),
            message: format!("{} gives no reason", s.describe()),
            fix: Some(fix),
            ..Report::default()
        },
    );
}
