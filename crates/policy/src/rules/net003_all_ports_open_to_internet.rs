//! NET003: every port (protocol all, or the full port range) reachable from
//! the internet. Reported instead of NET001/NET002 for that rule. Network
//! ACL entries are never reported here (see `network/nacl.rs`).

use crate::network::Exposure;
use crate::network::{self, Ports, Reach};
use crate::finding::{Report, Sink};

pub(crate) use crate::registry::NET003 as META;

pub(crate) fn check(x: &Exposure<'_>, sink: &mut Sink<'_>) {
    // A network ACL's allow-all entry is AWS's default ACL, left to the
    // security groups (the network model does not return it; this keeps
    // it so should that change).
    if x.ingress.ports != Ports::All
        || x.reach != Reach::Internet
        || network::is_network_acl(&x.ingress.instance.rtype)
    {
        return;
    }
    sink.report(
        &META,
        Report {
            loc: Some(x.source.loc),
            message: format!("{} allows every port {}", x.subject(), x.internet_source()),
            provenance: x.source.value.as_ref(),
            fix: Some("open only the ports the service needs (80/443 on the load balancer), each to the sources that need it".to_string()),
            ..Report::on(x.ingress.instance)
        },
    );
}
