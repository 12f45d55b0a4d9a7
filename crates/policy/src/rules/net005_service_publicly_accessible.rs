//! NET005: a managed service (database, data warehouse, migration
//! instance, message broker) reachable from the internet.
//!
//! - `publicly_accessible = true` on `aws_db_instance`,
//!   `aws_rds_cluster_instance`, `aws_redshift_cluster`,
//!   `aws_dms_replication_instance` and `aws_mq_broker` (an omitted flag is
//!   not reported: the first four default to false, and Redshift's default
//!   changed from true to false in version 6 of the AWS provider);
//! - a classic `aws_db_security_group` `ingress` block whose `cidr` is the
//!   internet;
//! - a Cloud SQL authorized network that is the internet;
//! - an Azure database firewall rule whose address range spans the
//!   internet, and, at a lower severity, the `0.0.0.0`–`0.0.0.0` rule that
//!   lets every Azure service (any tenant's) in.

use super::tls_common::site;
use crate::finding::{Report, Sink};
use crate::network::{self, internet_cidrs, Reach};
use ipnet::{IpNet, Ipv4Net};
use rampart_config::Severity;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::source::SourceDb;
use rampart_terraform::value::Value;
use std::net::Ipv4Addr;

pub(crate) use crate::registry::NET005 as META;

/// Azure firewall-rule resources with `start_ip_address`/`end_ip_address`,
/// and what each one guards.
const AZURE_FIREWALL_RULES: [(&str, &str); 8] = [
    ("azurerm_mssql_firewall_rule", "Azure SQL server"),
    ("azurerm_sql_firewall_rule", "Azure SQL server"),
    ("azurerm_postgresql_firewall_rule", "PostgreSQL server"),
    (
        "azurerm_postgresql_flexible_server_firewall_rule",
        "PostgreSQL flexible server",
    ),
    ("azurerm_mysql_firewall_rule", "MySQL server"),
    (
        "azurerm_mysql_flexible_server_firewall_rule",
        "MySQL flexible server",
    ),
    ("azurerm_mariadb_firewall_rule", "MariaDB server"),
    ("azurerm_synapse_firewall_rule", "Synapse workspace"),
];

pub(crate) fn check(module: &EvaluatedModule, _db: &SourceDb, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_db_instance" | "aws_rds_cluster_instance" => {
                public_flag(inst, "the database instance", sink)
            }
            "aws_redshift_cluster" => public_flag(inst, "the Redshift cluster", sink),
            "aws_dms_replication_instance" => {
                public_flag(inst, "the DMS replication instance", sink)
            }
            "aws_mq_broker" => public_flag(inst, "the broker", sink),
            "aws_db_security_group" => db_security_group(inst, sink),
            "google_sql_database_instance" => cloud_sql(inst, sink),
            t => {
                if let Some((_, what)) = AZURE_FIREWALL_RULES.iter().find(|(r, _)| *r == t) {
                    azure_firewall_rule(inst, what, sink);
                }
            }
        }
    }
}

/// `publicly_accessible = true`. Left out, null or known only after apply:
/// not reported.
fn public_flag(inst: &Instance, what: &str, sink: &mut Sink<'_>) {
    let Some(v) = inst.body.get("publicly_accessible") else {
        return;
    };
    if v.as_bool() != Some(true) {
        return;
    }
    sink.report(
        &META,
        Report {
            loc: Some(site(v, inst.loc)),
            message: format!(
                "`{}` sets `publicly_accessible = true`: {what} gets a public IP address, so only its security groups (which still filter) stand between it and the internet",
                inst.address
            ),
            provenance: Some(v),
            fix: Some("set `publicly_accessible = false` and reach it from inside the VPC (an application subnet, a VPN, or a bastion / SSM port forwarding)".to_string()),
            ..Report::on(inst)
        },
    );
}

/// Classic DB security groups: `ingress { cidr = "0.0.0.0/0" }`.
fn db_security_group(inst: &Instance, sink: &mut Sink<'_>) {
    for ingress in inst.body.nested("ingress") {
        let Some(v) = ingress.body.get("cidr") else {
            continue;
        };
        for (net, value, loc) in internet_cidrs(v, ingress.loc) {
            sink.report(
                &META,
                Report {
                    loc: Some(loc),
                    message: format!(
                        "`{}` lets {net} reach the database port: a DB security group rule admits that whole range, which is the internet",
                        inst.address
                    ),
                    provenance: Some(value),
                    fix: Some("allow only the application's security group (`security_group_id`) or a private range; better, move the database into a VPC and use VPC security groups".to_string()),
                    ..Report::on(inst)
                },
            );
        }
    }
}

/// Cloud SQL `settings.ip_configuration.authorized_networks.value`.
fn cloud_sql(inst: &Instance, sink: &mut Sink<'_>) {
    for settings in inst.body.nested("settings") {
        for ipc in settings.body.nested("ip_configuration") {
            // `ipv4_enabled` defaults to a public IP; known false, the
            // network is not reachable from the internet today.
            let no_public_ip = ipc
                .body
                .get("ipv4_enabled")
                .and_then(Value::as_bool)
                .is_some_and(|b| !b);
            for network in ipc.body.nested("authorized_networks") {
                let Some(v) = network.body.get("value") else {
                    continue;
                };
                for (net, value, loc) in internet_cidrs(v, network.loc) {
                    let (message, severity) = if no_public_ip {
                        (
                            format!(
                                "`{}` authorizes {net}, which is the internet; `ipv4_enabled = false` keeps the instance off the internet for now, but this entry opens it to everyone the day a public IP is enabled, and it already admits any non-RFC 1918 address that can reach the private IP",
                                inst.address
                            ),
                            Some(Severity::Medium),
                        )
                    } else {
                        (
                            format!(
                                "`{}` authorizes {net} on its public IP address: anyone on the internet can connect to the database, with only its passwords to stop them",
                                inst.address
                            ),
                            None,
                        )
                    };
                    sink.report(
                        &META,
                        Report {
                            loc: Some(loc),
                            message,
                            provenance: Some(value),
                            fix: Some("authorize only the addresses that must connect (an office or CI range), or connect through the Cloud SQL Auth Proxy or a private IP instead of authorized networks".to_string()),
                            severity,
                            ..Report::on(inst)
                        },
                    );
                }
            }
        }
    }
}

/// Azure database firewall rules: an address range that spans the internet,
/// or `0.0.0.0`–`0.0.0.0` ("allow Azure services").
fn azure_firewall_rule(inst: &Instance, what: &str, sink: &mut Sink<'_>) {
    let (Some(start_v), Some(end_v)) = (
        inst.body.get("start_ip_address"),
        inst.body.get("end_ip_address"),
    ) else {
        return;
    };
    let (Some(start), Some(end)) = (ipv4_of(start_v), ipv4_of(end_v)) else {
        return; // known only after apply, or not an IPv4 address
    };
    if start == Ipv4Addr::UNSPECIFIED && end == Ipv4Addr::UNSPECIFIED {
        sink.report(
            &META,
            Report {
                loc: Some(site(start_v, inst.loc)),
                message: format!(
                    "`{}` is the 0.0.0.0–0.0.0.0 rule (\"allow Azure services and resources\"): the {what} accepts connections from every Azure service and virtual machine, those of any other Azure customer included",
                    inst.address
                ),
                provenance: Some(start_v),
                fix: Some("delete this rule and let the applications in through a private endpoint or a virtual network rule (or through firewall rules for their own outbound addresses)".to_string()),
                severity: Some(Severity::Medium),
                ..Report::on(inst)
            },
        );
        return;
    }
    if !range_reaches_internet(start, end) {
        return;
    }
    sink.report(
        &META,
        Report {
            loc: Some(site(end_v, inst.loc)),
            message: format!(
                "`{}` allows {start}–{end}, a range that spans the internet: anyone can connect to the {what}, with only its passwords to stop them",
                inst.address
            ),
            provenance: Some(end_v),
            fix: Some("allow only the addresses that must connect (an office or CI range), or use a private endpoint or a virtual network rule".to_string()),
            ..Report::on(inst)
        },
    );
}

fn ipv4_of(v: &Value) -> Option<Ipv4Addr> {
    v.as_str()?.trim().parse().ok()
}

/// Does the inclusive range hold a public block of a `/8` or wider (the
/// NET rules' "internet")? The range is cut into the CIDR blocks that make
/// it up, at most 62, and each is classified.
fn range_reaches_internet(start: Ipv4Addr, end: Ipv4Addr) -> bool {
    let (mut lo, hi) = (u64::from(u32::from(start)), u64::from(u32::from(end)));
    while lo <= hi {
        // The largest block aligned at `lo` that does not pass `hi`.
        let mut size: u64 = if lo == 0 { 1 << 32 } else { 1 << lo.trailing_zeros() };
        while size > hi - lo + 1 {
            size >>= 1;
        }
        let prefix = 32 - size.trailing_zeros() as u8;
        let Ok(addr) = u32::try_from(lo) else {
            return false;
        };
        if let Ok(net) = Ipv4Net::new(Ipv4Addr::from(addr), prefix) {
            if network::reach(&IpNet::V4(net)) == Reach::Internet {
                return true;
            }
        }
        lo += size;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges() {
        assert!(range_reaches_internet(ip("0.0.0.0"), ip("255.255.255.255")));
        assert!(range_reaches_internet(ip("1.0.0.0"), ip("1.255.255.255")));
        assert!(range_reaches_internet(ip("0.0.0.1"), ip("255.255.255.254")));
        assert!(!range_reaches_internet(ip("10.0.0.0"), ip("10.255.255.255")));
        assert!(!range_reaches_internet(ip("203.0.113.0"), ip("203.0.113.255")));
        assert!(!range_reaches_internet(ip("203.0.113.7"), ip("203.0.113.7")));
        assert!(!range_reaches_internet(ip("0.0.0.0"), ip("0.0.0.0")));
        assert!(!range_reaches_internet(ip("9.0.0.0"), ip("8.0.0.0")));
        // 172.16/12 is private; the /8 around it is not wholly inside it.
        assert!(!range_reaches_internet(ip("172.16.0.0"), ip("172.31.255.255")));
        assert!(range_reaches_internet(ip("100.0.0.0"), ip("110.0.0.0")));
    }
}
