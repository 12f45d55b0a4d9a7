//! RMP004: a `rampart:ignore` comment naming a rule rampart does not know,
//! or whose `expires:` is not a `YYYY-MM-DD` date. A suppression with an
//! unreadable date hides nothing (a typo must not make a temporary
//! exception permanent); its known codes otherwise work as written.

use crate::suppression::Suppression;
use crate::finding::{Report, Sink};
use rampart_terraform::source::Loc;

pub(crate) use crate::registry::RMP004 as META;

pub(crate) fn report(
    sink: &mut Sink<'_>,
    s: &Suppression,
    at: Loc,
    unknown: &[&str],
    bad_expiry: Option<&str>,
) {
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|c| format!("`{c}`")).collect();
        let noun = if unknown.len() == 1 { "rule" } else { "rules" };
        problems.push(format!("names unknown {noun} {}", list.join(", ")));
        let codes = crate::registry::codes();
        let hints: Vec<String> = unknown
            .iter()
            .filter_map(|c| {
                let close = rampart_config::suggest_codes(c, &codes);
                let near = close.first()?;
                Some(if unknown.len() == 1 {
                    format!("`{near}`")
                } else {
                    format!("`{near}` (for `{c}`)")
                })
            })
            .collect();
        if hints.is_empty() {
            fixes.push(
                "name rules by code or name (`rampart rules` lists them), and write the reason after `reason:`"
                    .to_string(),
            );
        } else {
            fixes.push(format!("did you mean {}?", hints.join(", ")));
        }
    }
    if let Some(date) = bad_expiry {
        problems.push(format!(
            "has `expires: {date}`, which is not a YYYY-MM-DD date, so it hides nothing"
        ));
        fixes.push("write the last day it applies as `expires: YYYY-MM-DD`".to_string());
    }
    sink.report(
        &META,
        Report {
            loc: Some(at),
            resource: s.subject.clone(),
            message: format!("{} {}", s.describe(), problems.join(" and ")),
            fix: Some(fixes.join("; ")),
            ..Report::default()
        },
    );
}
