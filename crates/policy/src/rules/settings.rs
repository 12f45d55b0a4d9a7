//! Reading one service setting the way the rules of managed services
//! (NET005, NET006, TLS008, TLS009, and TLS001's Azure, Google and
//! DigitalOcean frontends) need it: written and known, left out (its
//! provider default applies), or known only after apply. Attributes renamed across provider versions
//! (`enable_https_traffic_only` → `https_traffic_only_enabled`) are read
//! under every name.

use rampart_terraform::eval::{EvalBlock, EvalBody, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};

/// An attribute as the configuration leaves it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Setting<'a> {
    /// Not written, or `null`: the provider's default applies.
    Omitted,
    /// Written, with a value known before apply.
    Known(&'a Value),
    /// Known only after apply.
    Unknown,
}

/// How `key` of `body` is set.
pub(crate) fn setting<'a>(body: &'a EvalBody, key: &str) -> Setting<'a> {
    match body.get(key) {
        None => Setting::Omitted,
        Some(v) if v.is_null() => Setting::Omitted,
        Some(v) if v.is_unknown() => Setting::Unknown,
        Some(v) => Setting::Known(v),
    }
}

/// A setting as written.
#[derive(Debug)]
pub(crate) enum Read<'a, T> {
    /// Not written, or `null`: the provider's default applies.
    Absent,
    /// Known, with the value it was read from and the name it was written
    /// under.
    Known(T, &'a Value, &'static str),
    /// Known only after apply (or not of the expected type).
    Unknown,
}

/// The first of `keys` that is written and not `null`.
fn first<'a>(body: &'a EvalBody, keys: &[&'static str]) -> Option<(&'a Value, &'static str)> {
    keys.iter()
        .find_map(|k| body.get(k).filter(|v| !v.is_null()).map(|v| (v, *k)))
}

/// A boolean setting.
pub(crate) fn read_bool<'a>(body: &'a EvalBody, keys: &[&'static str]) -> Read<'a, bool> {
    match first(body, keys) {
        None => Read::Absent,
        Some((v, k)) => match v.as_bool() {
            Some(b) => Read::Known(b, v, k),
            None => Read::Unknown,
        },
    }
}

/// A text setting (numbers are read as Terraform converts them: `1.0` is
/// `"1"`).
pub(crate) fn read_text<'a>(body: &'a EvalBody, keys: &[&'static str]) -> Read<'a, String> {
    match first(body, keys) {
        None => Read::Absent,
        Some((v, k)) => match v.to_text() {
            Some(t) => Read::Known(t.trim().to_string(), v, k),
            None => Read::Unknown,
        },
    }
}

/// A list of texts: `Some(items)` when every item is known.
pub(crate) fn texts(v: &Value) -> Option<Vec<String>> {
    match &v.kind {
        Kind::List(items) => items.iter().map(|i| i.to_text()).collect(),
        Kind::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

/// Does `v` (a list or a single text) contain `wanted`, compared without
/// case? `None` when not known.
pub(crate) fn contains_text(v: &Value, wanted: &str) -> Option<bool> {
    if let Kind::List(items) = &v.kind {
        if items.iter().any(|i| {
            i.to_text()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
        }) {
            return Some(true);
        }
    }
    texts(v).map(|items| items.iter().any(|t| t.trim().eq_ignore_ascii_case(wanted)))
}

/// Is the resource's public network access turned off
/// (`public_network_access_enabled = false`)? Traffic to it then stays on
/// private networks, so its findings are low severity.
pub(crate) fn public_access_disabled(inst: &Instance) -> bool {
    matches!(
        read_bool(&inst.body, &["public_network_access_enabled"]),
        Read::Known(false, ..)
    )
}

/// The first nested block (or object attribute) named `ident`.
pub(crate) fn block(body: &EvalBody, ident: &str) -> Option<EvalBlock> {
    body.nested(ident).into_iter().next()
}

/// Where a finding about a setting sits: the value when written, else
/// `fallback` (the resource or the enclosing block).
pub(crate) fn site_or(v: Option<&Value>, fallback: Loc) -> Loc {
    v.and_then(|v| v.site).unwrap_or(fallback)
}

/// TLS versions rampart treats as old, in the spellings Azure and Google
/// use: `1.0`, `1.1` (and `1`, which is how Terraform writes the number
/// `1.0`), `TLS1_0`, `TLS1_1`, `TLS_1_0`, `TLS_1_1`, with the old versions
/// each accepts. `None` for anything else (1.2 and newer, or a name rampart
/// does not know).
pub(crate) fn old_tls(version: &str) -> Option<&'static str> {
    let v = version.trim().to_ascii_uppercase();
    let v = v.trim_start_matches("TLS").trim_start_matches(['_', 'V']);
    match v {
        "1" | "1.0" | "1_0" => Some("TLS 1.0 and 1.1"),
        "1.1" | "1_1" => Some("TLS 1.1"),
        _ => None,
    }
}

/// What a resource says about a nested block.
pub(crate) enum Blocks {
    /// Written (statically, or by a `dynamic` block with a known count).
    Present(Vec<EvalBlock>),
    /// Not written at all.
    Absent,
    /// Written as a `dynamic` block whose count is not known before apply
    /// (or that produced none): rampart cannot tell.
    Unknown,
}

/// The `name` blocks of `body`. A `dynamic "name"` block whose
/// `for_each` is known only after apply is `Unknown`: its absence is not a
/// fact to report. One whose `for_each` is known and empty is `Absent`, as
/// Terraform has it.
pub(crate) fn blocks(body: &EvalBody, name: &str) -> Blocks {
    let found = body.nested(name);
    if !found.is_empty() {
        Blocks::Present(found)
    } else if body.has_unknown_blocks(name) {
        Blocks::Unknown
    } else {
        Blocks::Absent
    }
}

/// A boolean attribute: `Some(value)` when set and known, `Some(default)`
/// when left out or null, `None` when known only after apply.
pub(crate) fn flag(body: &EvalBody, key: &str, default: bool) -> Option<bool> {
    match setting(body, key) {
        Setting::Omitted => Some(default),
        Setting::Known(v) => v.as_bool(),
        Setting::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_versions() {
        for v in ["1.0", "1", "TLS1_0", "TLS_1_0", "tls1_0", "TLSv1_0"] {
            assert_eq!(old_tls(v), Some("TLS 1.0 and 1.1"), "{v}");
        }
        for v in ["1.1", "TLS1_1", "TLS_1_1"] {
            assert_eq!(old_tls(v), Some("TLS 1.1"), "{v}");
        }
        for v in [
            "1.2", "1.3", "TLS1_2", "TLS_1_2", "TLS1_3", "TLS_1_3", "Disabled", "",
        ] {
            assert_eq!(old_tls(v), None, "{v}");
        }
    }
}
