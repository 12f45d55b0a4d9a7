//! NET001: a remote-administration port reachable from the internet.

use crate::fix::{Edit, Fix, Safety};
use ipnet::IpNet;
use crate::network::Exposure;
use crate::network::{self, Ports, Reach, SourceKind};
use crate::finding::{Report, Sink};
use rampart_config::Severity;

pub(crate) use crate::registry::NET001 as META;

pub(crate) fn check(x: &Exposure<'_>, sink: &mut Sink<'_>) {
    let Ports::Ranges(ranges) = &x.ingress.ports else {
        return; // all ports: NET003
    };
    let net = &sink.config.network;
    let admin_ports: Vec<u32> = net.admin_ports.iter().map(|&p| u32::from(p)).collect();
    let admin = network::ports_in(ranges, &admin_ports);
    if admin.is_empty() {
        return;
    }
    let trusted = match &x.source.kind {
        SourceKind::Cidr(c) => net.trusted_cidrs.iter().any(|t| t.contains(c)),
        _ => false,
    };
    let untrusted_public = x.reach == Reach::Public && !net.trusted_cidrs.is_empty();
    if trusted || (x.reach != Reach::Internet && !untrusted_public) {
        return;
    }
    let names: Vec<String> = admin
        .iter()
        .map(|&p| match network::port_name(p) {
            Some(n) => format!("{n} (port {p})"),
            None => format!("port {p}"),
        })
        .collect();
    let whom = if x.reach == Reach::Internet {
        x.internet_source()
    } else {
        format!(
            "from {}, which is outside network.trusted_cidrs",
            x.source.describe()
        )
    };
    let fix = match (fix_for(&x.ingress.instance.rtype), net.trusted_cidrs.first()) {
        (Some(fix), _) => fix.to_string(),
        (None, Some(t)) => format!("allow admin access only from a trusted range such as {t} (office VPN, bastion), or use SSM Session Manager instead of an open port"),
        (None, None) => "allow admin access only from known ranges (office VPN, bastion host), or use SSM Session Manager instead of an open port".to_string(),
    };
    // A network ACL is defense in depth: the security groups behind it
    // still decide what reaches a host, so its admin port is medium.
    let acl = network::is_network_acl(&x.ingress.instance.rtype);
    let message = if acl {
        format!(
            "{}: the subnet's network ACL allows {} {whom}; the security groups still filter what reaches the hosts, but CIS AWS 5.1 asks the ACL to keep admin ports closed to the internet too",
            x.subject(),
            names.join(" and ")
        )
    } else {
        format!("{} allows {} {whom}", x.subject(), names.join(" and "))
    };
    sink.report(
        &META,
        Report {
            loc: Some(x.source.loc),
            message,
            provenance: x.source.value.as_ref(),
            fix: Some(fix),
            fixes: restrict_to_trusted(x, &net.trusted_cidrs),
            severity: acl.then_some(Severity::Medium),
            ..Report::on(x.ingress.instance)
        },
    );
}

/// How to take an admin port off the internet, for the resource types
/// whose terms differ from a security group's.
fn fix_for(rtype: &str) -> Option<&'static str> {
    Some(match rtype {
        "aws_network_acl" | "aws_default_network_acl" | "aws_network_acl_rule" => {
            "allow the admin port in the network ACL only from known ranges (office VPN, bastion subnet), or deny it with a lower-numbered rule; SSM Session Manager needs no open port"
        }
        "aws_eks_node_group" => {
            "set `source_security_group_ids` in `remote_access` to the bastion's or VPN's security group, or drop `remote_access` and reach the nodes with SSM Session Manager"
        }
        "aws_lightsail_instance_public_ports" => {
            "allow the admin port only from known `cidrs` (office VPN), or only from `cidr_list_aliases = [\"lightsail-connect\"]` for the browser-based SSH/RDP client"
        }
        "digitalocean_firewall" => {
            "allow the admin port only from known `source_addresses` (office VPN), or from a bastion droplet through `source_tags` or `source_droplet_ids`"
        }
        "openstack_networking_secgroup_rule_v2" => {
            "set `remote_ip_prefix` to a known range (office VPN) or `remote_group_id` to the bastion's security group"
        }
        "openstack_fw_rule_v1" | "openstack_fw_rule_v2" => {
            "set `source_ip_address` to a known range (office VPN, bastion host)"
        }
        _ => return None,
    })
}

/// Replace the source (a string literal) with the first of
/// `network.trusted_cidrs` of its address family; none without one.
/// Unsafe: whoever connects from elsewhere is shut out.
pub(super) fn restrict_to_trusted(x: &Exposure<'_>, trusted: &[IpNet]) -> Vec<Fix> {
    let cidr = trusted.iter().find(|t| match &x.source.kind {
        SourceKind::Cidr(c) => matches!(
            (c, t),
            (IpNet::V4(_), IpNet::V4(_)) | (IpNet::V6(_), IpNet::V6(_))
        ),
        _ => true,
    });
    cidr.map(|cidr| {
        Fix::new(
            format!("Restrict to {cidr}"),
            Safety::Unsafe,
            vec![Edit::string(x.source.loc, &cidr.to_string())],
        )
    })
    .into_iter()
    .collect()
}
