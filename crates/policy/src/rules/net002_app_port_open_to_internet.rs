//! NET002: a non-public, non-admin port (an application port such as 8000)
//! reachable from the internet.

use crate::network::Exposure;
use crate::network::{self, Ports, Reach};
use crate::finding::{Report, Sink};

pub(crate) use crate::registry::NET002 as META;

pub(crate) fn check(x: &Exposure<'_>, sink: &mut Sink<'_>) {
    let Ports::Ranges(ranges) = &x.ingress.ports else {
        return; // all ports: NET003
    };
    // A network ACL's entries are judged for admin ports only (NET001): the
    // security groups behind it decide which application ports are served.
    if x.reach != Reach::Internet || network::is_network_acl(&x.ingress.instance.rtype) {
        return;
    }
    let net = &sink.config.network;
    let mut allowed: Vec<u32> = net
        .admin_ports
        .iter()
        .chain(&net.public_ports)
        .map(|&p| u32::from(p))
        .collect();
    // A load balancer's group is there to take internet traffic on the
    // load balancer's listener ports.
    if let Some(g) = x.lb_group {
        allowed.extend(g.ports());
    }
    let open = network::subtract(ranges, &allowed);
    if open.is_empty() {
        return;
    }
    let single = open.len() == 1 && open[0].0 == open[0].1;
    let what = format!(
        "{} {}",
        if single { "port" } else { "ports" },
        network::format_ranges(&open)
    );
    sink.report(
        &META,
        Report {
            loc: Some(x.source.loc),
            message: match x.lb_group {
                None => format!(
                    "{} exposes {what} {}; put the service behind a load balancer and allow only the load balancer's security group",
                    x.subject(),
                    x.internet_source()
                ),
                Some(g) => format!(
                    "{} exposes {what} {}, where no listener of {} listens",
                    x.subject(),
                    x.internet_source(),
                    lb_names(&g.load_balancers)
                ),
            },
            provenance: x.source.value.as_ref(),
            fix: Some(match x.lb_group {
                None => fix_for(&x.ingress.instance.rtype).to_string(),
                Some(_) => "open on a load balancer's security group only the ports of its listeners (or add the listener the port is for)".to_string(),
            }),
            fixes: super::net001_admin_port_open_to_internet::restrict_to_trusted(
                x,
                &net.trusted_cidrs,
            ),
            ..Report::on(x.ingress.instance)
        },
    );
}

/// "`aws_lb.public`", "`aws_lb.a` or `aws_lb.b`".
fn lb_names(lbs: &[String]) -> String {
    lbs.iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// How to let only the load balancer in, in the provider's terms.
fn fix_for(rtype: &str) -> &'static str {
    if rtype == "digitalocean_firewall" {
        "allow the port only from the load balancer (`source_load_balancer_uids`) or known `source_addresses`, or add it to network.public_ports if it is meant to be public"
    } else if rtype.starts_with("openstack_") {
        "allow the port only from the load balancer's or the clients' range (or a remote security group), or add it to network.public_ports if it is meant to be public"
    } else if rtype == "aws_lightsail_instance_public_ports" {
        "allow the port only from known `cidrs`, or put the instance behind a Lightsail load balancer; add it to network.public_ports if it is meant to be public"
    } else if rtype.starts_with("azurerm_") {
        "allow the port only from the load balancer or application gateway (its subnet, or the `AzureLoadBalancer` service tag), or add it to network.public_ports if it is meant to be public"
    } else if rtype.starts_with("google_") {
        "allow the port only from Google's load-balancer ranges (130.211.0.0/22, 35.191.0.0/16) or by `source_tags`, or add it to network.public_ports if it is meant to be public"
    } else {
        "replace the CIDR source with the load balancer's security group (e.g. `security_groups = [aws_security_group.lb.id]`), or add the port to network.public_ports if it is meant to be public"
    }
}
