//! Custom rules' metadata as `&'static RuleMeta`, which findings point
//! at. Each distinct metadata is leaked once per process and reused: a
//! language server reloading unchanged policies on every change does not
//! grow.

use rampart_config::Severity;
use rampart_policy::{Family, RuleMeta, Status};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Everything a custom [`RuleMeta`] holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Content {
    pub code: String,
    pub name: String,
    pub title: String,
    pub severity: Severity,
    pub summary: String,
    pub docs: String,
    pub links: Vec<String>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The one `&'static RuleMeta` for `content`.
pub(crate) fn rule_meta(content: Content) -> &'static RuleMeta {
    static TABLE: OnceLock<Mutex<HashMap<Content, &'static RuleMeta>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut table = match table.lock() {
        Ok(t) => t,
        // A panic elsewhere while holding the lock cannot leave the map
        // half-updated (insert is the only write).
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(meta) = table.get(&content) {
        return meta;
    }
    let links: Vec<&'static str> = content.links.iter().cloned().map(leak).collect();
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: leak(content.code.clone()),
        name: leak(content.name.clone()),
        title: leak(content.title.clone()),
        severity: content.severity,
        family: Family::Custom,
        status: Status::Stable,
        aliases: &[],
        summary: leak(content.summary.clone()),
        docs: leak(content.docs.clone()),
        links: Box::leak(links.into_boxed_slice()),
    }));
    table.insert(content, meta);
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_content_is_leaked_once() {
        let c = Content {
            code: "ACME001".into(),
            name: "app-port".into(),
            title: "t".into(),
            severity: Severity::High,
            summary: "s".into(),
            docs: "d".into(),
            links: vec!["https://example.com".into()],
        };
        let a = rule_meta(c.clone());
        let b = rule_meta(c.clone());
        assert!(std::ptr::eq(a, b));
        assert_eq!(a.docs_url(), "https://example.com");
        let other = rule_meta(Content {
            title: "changed".into(),
            ..c
        });
        assert!(!std::ptr::eq(a, other));
        assert_eq!(other.family, Family::Custom);
    }
}
