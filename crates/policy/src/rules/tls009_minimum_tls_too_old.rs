//! TLS009: managed service that accepts TLS older than 1.2.
//!
//! Azure App Service and Functions (`site_config.minimum_tls_version`, and
//! the deployment site's `scm_minimum_tls_version`), storage accounts,
//! SQL servers and managed instances, PostgreSQL/MySQL/MariaDB servers,
//! Redis caches, and Google Cloud SSL policies. Each finding sits on the
//! offending value. The Azure defaults are TLS 1.2 in the current provider
//! (Redis's is documented as 1.0, next to a note that Azure requires TLS
//! 1.2+ from August 2025: ambiguous, so a Redis cache that leaves it out is
//! not reported); a Google
//! SSL policy that leaves `min_tls_version` out gets TLS 1.0, its
//! documented default, and is reported on the resource.

use super::tls008_https_not_enforced::{APP_SERVICES, DB_SERVERS};
use super::settings::{block, old_tls, read_bool, read_text, site_or, Read};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS009 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        if rtype.starts_with("azurerm_") {
            match rtype {
                t if APP_SERVICES.contains(&t) => app_service(inst, sink),
                "azurerm_storage_account" => setting(
                    inst,
                    &["min_tls_version"],
                    "set `min_tls_version = \"TLS1_2\"` (the provider's default since 3.0)",
                    sink,
                ),
                "azurerm_mssql_server" => mssql(inst, sink),
                "azurerm_mssql_managed_instance" | "azurerm_sql_managed_instance" => setting(
                    inst,
                    &["minimum_tls_version"],
                    "set `minimum_tls_version = \"1.2\"` (the provider's default)",
                    sink,
                ),
                t if DB_SERVERS.contains(&t) => db_server(inst, sink),
                "azurerm_redis_cache" => setting(
                    inst,
                    &["minimum_tls_version"],
                    "set `minimum_tls_version = \"1.2\"`",
                    sink,
                ),
                _ => {}
            }
        } else if rtype == "google_compute_ssl_policy" || rtype == "google_compute_region_ssl_policy"
        {
            ssl_policy(inst, sink);
        }
    }
}

fn emit(
    inst: &Instance,
    loc: Loc,
    message: String,
    provenance: Option<&Value>,
    fix: &str,
    severity: Option<Severity>,
    sink: &mut Sink<'_>,
) {
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            provenance,
            fix: Some(fix.to_string()),
            severity,
            ..Report::on(inst)
        },
    );
}

/// An attribute of the resource itself naming an old TLS version.
fn setting(inst: &Instance, keys: &[&'static str], fix: &str, sink: &mut Sink<'_>) {
    let Read::Known(version, v, key) = read_text(&inst.body, keys) else {
        return;
    };
    let Some(old) = old_tls(&version) else {
        return;
    };
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `{key} = \"{version}\"`, which accepts {old} (deprecated by RFC 8996)",
            inst.address
        ),
        Some(v),
        fix,
        None,
        sink,
    );
}

fn app_service(inst: &Instance, sink: &mut Sink<'_>) {
    let Some(site_config) = block(&inst.body, "site_config") else {
        return; // left out: the provider's default is 1.2
    };
    for (keys, what) in [
        (&["minimum_tls_version", "min_tls_version"][..], "the app"),
        (
            &["scm_minimum_tls_version", "scm_min_tls_version"][..],
            "the deployment (SCM/Kudu) site",
        ),
    ] {
        let Read::Known(version, v, key) = read_text(&site_config.body, keys) else {
            continue;
        };
        let Some(old) = old_tls(&version) else {
            continue;
        };
        emit(
            inst,
            site_or(Some(v), site_config.loc),
            format!(
                "`{}` sets `site_config.{key} = \"{version}\"`: {what} accepts {old} (deprecated by RFC 8996)",
                inst.address
            ),
            Some(v),
            &format!("set `{key} = \"1.2\"` (the provider's default) or remove it"),
            None,
            sink,
        );
    }
}

fn mssql(inst: &Instance, sink: &mut Sink<'_>) {
    const FIX: &str = "set `minimum_tls_version = \"1.2\"` (the provider's default)";
    let Read::Known(version, v, key) = read_text(&inst.body, &["minimum_tls_version"]) else {
        return;
    };
    let old = if version.eq_ignore_ascii_case("disabled") {
        "every TLS version, 1.0 and 1.1 included (`Disabled` turns the minimum off; both are deprecated by RFC 8996)".to_string()
    } else if let Some(old) = old_tls(&version) {
        format!("{old} (deprecated by RFC 8996)")
    } else {
        return;
    };
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `{key} = \"{version}\"`: its databases accept {old}",
            inst.address
        ),
        Some(v),
        FIX,
        None,
        sink,
    );
}

fn db_server(inst: &Instance, sink: &mut Sink<'_>) {
    const FIX: &str = "set `ssl_minimal_tls_version_enforced = \"TLS1_2\"` (with `ssl_enforcement_enabled = true`)";
    let Read::Known(version, v, key) = read_text(&inst.body, &["ssl_minimal_tls_version_enforced"])
    else {
        return;
    };
    let old = if version.eq_ignore_ascii_case("TLSEnforcementDisabled") {
        // Required when SSL enforcement is off, which TLS008 reports; with
        // enforcement on, it leaves every TLS version allowed.
        if !matches!(
            read_bool(&inst.body, &["ssl_enforcement_enabled"]),
            Read::Known(true, ..)
        ) {
            return;
        }
        "every TLS version, 1.0 and 1.1 included (both deprecated by RFC 8996)".to_string()
    } else if let Some(old) = old_tls(&version) {
        format!("{old} (deprecated by RFC 8996)")
    } else {
        return;
    };
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `{key} = \"{version}\"`: the server accepts {old}",
            inst.address
        ),
        Some(v),
        FIX,
        None,
        sink,
    );
}

fn ssl_policy(inst: &Instance, sink: &mut Sink<'_>) {
    const FIX: &str = "set `min_tls_version = \"TLS_1_2\"` with `profile = \"MODERN\"` (or `RESTRICTED`)";
    match read_text(&inst.body, &["min_tls_version"]) {
        Read::Unknown => {}
        Read::Absent => emit(
            inst,
            inst.loc,
            format!(
                "`{}` does not set `min_tls_version`; the provider's default is `TLS_1_0`, so load balancers using this policy accept TLS 1.0 and 1.1 (deprecated by RFC 8996)",
                inst.address
            ),
            None,
            FIX,
            None,
            sink,
        ),
        Read::Known(version, v, key) => {
            if let Some(old) = old_tls(&version) {
                emit(
                    inst,
                    site_or(Some(v), inst.loc),
                    format!(
                        "`{}` sets `{key} = \"{version}\"`: load balancers using this policy accept {old} (deprecated by RFC 8996)",
                        inst.address
                    ),
                    Some(v),
                    FIX,
                    None,
                    sink,
                );
                return;
            }
            // TLS 1.2 or newer: the profile still decides the cipher suites.
            let (loc, what, provenance) = match read_text(&inst.body, &["profile"]) {
                Read::Known(p, pv, _) if p.eq_ignore_ascii_case("COMPATIBLE") => (
                    site_or(Some(pv), inst.loc),
                    format!("sets `profile = \"{p}\"`"),
                    Some(pv),
                ),
                Read::Absent => (
                    inst.loc,
                    "does not set `profile`; the provider's default is `COMPATIBLE`".to_string(),
                    None,
                ),
                _ => return,
            };
            emit(
                inst,
                loc,
                format!(
                    "`{}` {what}: with TLS 1.2 it still offers the weakest cipher suites Google supports (kept for old clients), such as ones without forward secrecy",
                    inst.address
                ),
                provenance,
                "set `profile = \"MODERN\"` (or `RESTRICTED`)",
                Some(Severity::Low),
                sink,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::reported;
    use crate::Severity;

    fn tls009(src: &str) -> Vec<(Severity, String)> {
        reported(&super::META, src)
    }

    #[test]
    fn numbers_are_versions_too() {
        let found = tls009(
            r#"
resource "azurerm_function_app" "legacy" {
  name = "legacy"
  site_config {
    min_tls_version = 1.0
  }
}
"#,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("TLS 1.0 and 1.1"), "{}", found[0].1);
    }

    #[test]
    fn ssl_policy_defaults() {
        let found = tls009(
            r#"
resource "google_compute_ssl_policy" "defaults" {
  name = "defaults"
}

resource "google_compute_ssl_policy" "compatible" {
  name            = "compatible"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_ssl_policy" "modern" {
  name            = "modern"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}
"#,
        );
        let severities: Vec<Severity> = found.iter().map(|f| f.0).collect();
        assert_eq!(severities, [Severity::Medium, Severity::Low], "{found:?}");
    }

    #[test]
    fn tls_enforcement_disabled_is_tls008s_when_ssl_is_off() {
        let src = |enforced: &str| {
            format!(
                r#"
resource "azurerm_postgresql_server" "db" {{
  name                             = "db"
  ssl_enforcement_enabled          = {enforced}
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}}
"#
            )
        };
        assert!(tls009(&src("false")).is_empty());
        assert_eq!(tls009(&src("true")).len(), 1);
    }
}
