//! NET003: every port (protocol all, or the full port range) reachable from
//! the internet. Reported instead of NET001/NET002 for that rule.

use crate::network::Exposure;
use crate::network::{self, Ports, Reach};
use crate::finding::{Report, Sink};

pub(crate) use crate::registry::NET003 as META;

pub(crate) fn check(x: &Exposure<'_>, sink: &mut Sink<'_>) {
    if x.ingress.ports != Ports::All || x.reach != Reach::Internet {
        return;
    }
    sink.report(
        &META,
        Report {
            loc: Some(x.source.loc),
            message: format!("{} allows every port {}", x.subject(), x.internet_source()),
            provenance: x.source.value.as_ref(),
            fix: Some(if network::is_network_acl(&x.ingress.instance.rtype) {
                "allow in the network ACL only the ports the subnet serves, each from the sources that need it, and 1024-65535 for return traffic"
            } else {
                "open only the ports the service needs (80/443 on the load balancer), each to the sources that need it"
            }.to_string()),
            ..Report::on(x.ingress.instance)
        },
    );
}
