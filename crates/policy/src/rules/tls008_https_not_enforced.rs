//! TLS008: managed service that accepts unencrypted connections.
//!
//! Azure App Service and Functions without `https_only`, storage accounts
//! that turn off secure transfer, Azure Database servers without SSL
//! enforcement, Redis caches with the non-TLS port open, and Cloud SQL
//! instances that allow unencrypted connections. Each finding sits on the
//! offending value; an attribute whose provider default is insecure
//! (`https_only`) is reported on the resource when left out, and the
//! message says so. Attributes whose default is secure are reported only
//! when written. A resource whose public network access is off (or a Cloud
//! SQL instance without a public IP) is reported as low: the traffic stays
//! on private networks but is still unencrypted.

use super::settings::{block, public_access_disabled, read_bool, read_text, site_or, Read};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS008 as META;

/// App Service web apps, function apps and their slots: `https_only`
/// defaults to false on every one of them.
pub(crate) const APP_SERVICES: [&str; 12] = [
    "azurerm_app_service",
    "azurerm_app_service_slot",
    "azurerm_function_app",
    "azurerm_function_app_slot",
    "azurerm_linux_web_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app",
    "azurerm_windows_web_app_slot",
    "azurerm_linux_function_app",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app",
    "azurerm_windows_function_app_slot",
];

/// Azure Database for PostgreSQL/MySQL/MariaDB single servers.
pub(crate) const DB_SERVERS: [&str; 3] = [
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
];

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        if rtype.starts_with("azurerm_") {
            match rtype {
                t if APP_SERVICES.contains(&t) => app_service(inst, sink),
                "azurerm_storage_account" => storage(inst, sink),
                t if DB_SERVERS.contains(&t) => db_server(inst, sink),
                "azurerm_postgresql_flexible_server_configuration"
                | "azurerm_mysql_flexible_server_configuration" => flexible_configuration(inst, sink),
                "azurerm_redis_cache" => redis(inst, sink),
                _ => {}
            }
        } else if rtype == "google_sql_database_instance" {
            cloud_sql(inst, sink);
        }
    }
}

const PRIVATE_NOTE: &str = " (public network access is off, so this is low severity: the traffic stays on private networks but is still unencrypted)";

fn emit(
    inst: &Instance,
    loc: Loc,
    message: String,
    provenance: Option<&Value>,
    fix: &str,
    low: bool,
    sink: &mut Sink<'_>,
) {
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            provenance,
            fix: Some(fix.to_string()),
            severity: low.then_some(Severity::Low),
            ..Report::on(inst)
        },
    );
}

fn private_note(low: bool) -> &'static str {
    if low {
        PRIVATE_NOTE
    } else {
        ""
    }
}

fn app_service(inst: &Instance, sink: &mut Sink<'_>) {
    const FIX: &str = "set `https_only = true`: App Service then answers every HTTP request with a redirect to HTTPS";
    let low = public_access_disabled(inst);
    let (loc, what, provenance) = match read_bool(&inst.body, &["https_only"]) {
        Read::Known(true, ..) | Read::Unknown => return,
        Read::Known(false, v, _) => (
            site_or(Some(v), inst.loc),
            "sets `https_only = false`".to_string(),
            Some(v),
        ),
        Read::Absent => (
            inst.loc,
            "does not set `https_only`; the provider's default is false".to_string(),
            None,
        ),
    };
    emit(
        inst,
        loc,
        format!(
            "`{}` {what}, so the app also answers plain HTTP on its default hostname and custom domains: requests, cookies and tokens can cross the network unencrypted{}",
            inst.address,
            private_note(low)
        ),
        provenance,
        FIX,
        low,
        sink,
    );
}

fn storage(inst: &Instance, sink: &mut Sink<'_>) {
    let Read::Known(false, v, key) = read_bool(
        &inst.body,
        &["https_traffic_only_enabled", "enable_https_traffic_only"],
    ) else {
        return; // true, unknown, or left out (the provider's default is true)
    };
    let low = public_access_disabled(inst);
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `{key} = false`: the account accepts requests over plain HTTP, so data and shared access signatures can cross the network unencrypted{}",
            inst.address,
            private_note(low)
        ),
        Some(v),
        "remove the attribute or set it to true (the provider's default): Azure then refuses requests that do not use HTTPS",
        low,
        sink,
    );
}

const DB_FIX: &str = "set `ssl_enforcement_enabled = true` and `ssl_minimal_tls_version_enforced = \"TLS1_2\"`, and connect with TLS (`sslmode=require` or stricter)";

fn db_server(inst: &Instance, sink: &mut Sink<'_>) {
    let low = public_access_disabled(inst);
    let (v, what) = match read_bool(&inst.body, &["ssl_enforcement_enabled"]) {
        Read::Known(false, v, _) => (v, "sets `ssl_enforcement_enabled = false`".to_string()),
        Read::Known(true, ..) | Read::Unknown => return,
        // Provider versions before 2.0 spelled it `ssl_enforcement`.
        Read::Absent => match read_text(&inst.body, &["ssl_enforcement"]) {
            Read::Known(t, v, _) if t.eq_ignore_ascii_case("disabled") => {
                (v, format!("sets `ssl_enforcement = \"{t}\"`"))
            }
            _ => return,
        },
    };
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` {what}: the server accepts unencrypted client connections, so credentials and query results can cross the network in clear text{}",
            inst.address,
            private_note(low)
        ),
        Some(v),
        DB_FIX,
        low,
        sink,
    );
}

/// `require_secure_transport = OFF` on a flexible server (whose default is
/// ON).
fn flexible_configuration(inst: &Instance, sink: &mut Sink<'_>) {
    let Read::Known(name, ..) = read_text(&inst.body, &["name"]) else {
        return;
    };
    if !name.eq_ignore_ascii_case("require_secure_transport") {
        return;
    }
    let Read::Known(value, v, _) = read_text(&inst.body, &["value"]) else {
        return;
    };
    if !matches!(value.to_ascii_lowercase().as_str(), "off" | "0" | "false") {
        return;
    }
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `require_secure_transport` to `{value}`: the flexible server accepts unencrypted client connections, so credentials and query results can cross the network in clear text",
            inst.address
        ),
        Some(v),
        "remove this configuration or set its value to `ON` (the server's default), and connect with TLS",
        false,
        sink,
    );
}

fn redis(inst: &Instance, sink: &mut Sink<'_>) {
    let Read::Known(true, v, key) =
        read_bool(&inst.body, &["non_ssl_port_enabled", "enable_non_ssl_port"])
    else {
        return; // false, unknown, or left out (the provider's default is false)
    };
    let low = public_access_disabled(inst);
    emit(
        inst,
        site_or(Some(v), inst.loc),
        format!(
            "`{}` sets `{key} = true`: the cache listens on the non-TLS port 6379, so clients can connect without encryption and their access key, commands and data travel in clear text{}",
            inst.address,
            private_note(low)
        ),
        Some(v),
        &format!("remove `{key}` or set it to false (the provider's default) and connect on the TLS port 6380"),
        low,
        sink,
    );
}

fn cloud_sql(inst: &Instance, sink: &mut Sink<'_>) {
    const FIX: &str = "set `ssl_mode = \"ENCRYPTED_ONLY\"` in `settings.ip_configuration` (or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` to also require client certificates); on older provider versions, `require_ssl = true`";
    for settings in inst.body.nested("settings") {
        let Some(ipc) = block(&settings.body, "ip_configuration") else {
            continue;
        };
        // `ipv4_enabled` defaults to true (a public IP address).
        let low = matches!(
            read_bool(&ipc.body, &["ipv4_enabled"]),
            Read::Known(false, ..)
        );
        let note = if low {
            " (`ipv4_enabled = false`: the instance has no public IP address, so this is low severity, but traffic on the VPC is still unencrypted)"
        } else {
            ""
        };
        let (v, what) = match read_text(&ipc.body, &["ssl_mode"]) {
            Read::Known(mode, v, _) => {
                if !mode.eq_ignore_ascii_case("ALLOW_UNENCRYPTED_AND_ENCRYPTED") {
                    continue;
                }
                (v, format!("sets `ssl_mode = \"{mode}\"`"))
            }
            Read::Unknown => continue,
            // Without `ssl_mode`, the older `require_ssl` decides; left out
            // too, the mode is the Cloud SQL API's choice (the provider
            // documents no default), which rampart does not guess.
            Read::Absent => match read_bool(&ipc.body, &["require_ssl"]) {
                Read::Known(false, v, _) => (
                    v,
                    "sets `require_ssl = false` and no `ssl_mode`".to_string(),
                ),
                _ => continue,
            },
        };
        emit(
            inst,
            site_or(Some(v), ipc.loc),
            format!(
                "`{}` {what}: the instance accepts unencrypted connections, so credentials and query results can cross the network in clear text{note}",
                inst.address
            ),
            Some(v),
            FIX,
            low,
            sink,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::reported;
    use crate::Severity;

    fn tls008(src: &str) -> Vec<(Severity, String)> {
        reported(&super::META, src)
    }

    #[test]
    fn https_only_left_out_is_reported_with_the_default() {
        let found = tls008(
            r#"
resource "azurerm_linux_web_app" "api" {
  name            = "api"
  service_plan_id = "plan"
  site_config {}
}
"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Severity::High);
        assert!(found[0].1.contains("default is false"), "{}", found[0].1);
    }

    #[test]
    fn private_app_is_low() {
        let found = tls008(
            r#"
resource "azurerm_windows_function_app" "jobs" {
  name                          = "jobs"
  https_only                    = false
  public_network_access_enabled = false
  site_config {}
}
"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Severity::Low);
    }

    #[test]
    fn secure_defaults_left_out_are_silent() {
        let found = tls008(
            r#"
resource "azurerm_storage_account" "logs" {
  name                     = "logs"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_redis_cache" "sessions" {
  name     = "sessions"
  capacity = 1
  family   = "C"
  sku_name = "Standard"
}

resource "google_sql_database_instance" "main" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
    }
  }
}
"#,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn require_ssl_false_is_overridden_by_ssl_mode() {
        let found = tls008(
            r#"
resource "google_sql_database_instance" "main" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      require_ssl = false
      ssl_mode    = "ENCRYPTED_ONLY"
    }
  }
}
"#,
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
