//! One file per rule, named after it. `run_all` feeds each rule the
//! normalized models it needs.

pub mod iam001_iam_full_admin;
pub mod iam002_iam_service_wildcard;
pub mod iam003_iam_privilege_escalation;
pub mod iam004_iam_managed_admin_attached;
pub mod iam005_iam_public_principal;
pub mod iam006_iam_allow_not_action;
pub mod net001_admin_port_open_to_internet;
pub mod net002_app_port_open_to_internet;
pub mod net003_all_ports_open_to_internet;
// The RMP rules judge suppressions, not modules: `suppress::apply` runs them.
pub mod rmp001_expired_suppression;
pub mod rmp002_unused_suppression;
pub mod rmp003_suppression_without_reason;
pub mod rmp004_invalid_suppression;
#[path = "sec001/mod.rs"]
pub mod sec001_hardcoded_secret;
pub mod tls001_http_listener_without_redirect;
pub mod tls002_outdated_tls_policy;
pub mod tls003_cloudfront_allows_http;
pub mod tls004_cloudfront_outdated_tls;
pub mod tls005_no_https_in_front;
pub mod tls006_service_allows_old_tls;
mod tls_common;

use crate::network::{self, Ingress, LbGroup, Reach, Source, SourceKind};
use crate::Sink;
use rampart_terraform::eval::EvaluatedModule;
use rampart_terraform::source::SourceDb;

/// Every rule over one module. The families report different codes, so
/// each fills its own sink, on all cores (a large module is checked in
/// parallel); the sinks are merged in family order.
pub(crate) fn run_all(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    let config = sink.config;
    let (mut net, mut tls, mut iam, mut sec) = (
        Sink::new(config),
        Sink::new(config),
        Sink::new(config),
        Sink::new(config),
    );
    rayon::join(
        || {
            rayon::join(
                || network_rules(module, &mut net),
                || tls_rules(module, &mut tls),
            )
        },
        || {
            rayon::join(
                || crate::iam::run(module, db, &mut iam),
                || sec001_hardcoded_secret::check(module, db, &mut sec),
            )
        },
    );
    for part in [net, tls, iam, sec] {
        sink.merge(part);
    }
}

fn tls_rules(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    tls001_http_listener_without_redirect::check(module, sink);
    tls002_outdated_tls_policy::check(module, sink);
    tls003_cloudfront_allows_http::check(module, sink);
    tls004_cloudfront_outdated_tls::check(module, sink);
    tls005_no_https_in_front::check(module, sink);
    tls006_service_allows_old_tls::check(module, sink);
}

fn network_rules(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    let mut notes = Vec::new();
    let rules = network::ingress_rules_noted(module, &mut notes);
    if ["NET001", "NET002", "NET003"]
        .iter()
        .any(|c| sink.config.rules.is_enabled(c))
    {
        for n in notes {
            sink.note(n.loc, n.message);
        }
    }
    let lb_groups = network::load_balancer_groups(module);
    for ingress in rules {
        let lb_group = if ingress.instance.rtype.starts_with("aws_") {
            network::group_of(ingress.instance).and_then(|g| lb_groups.get(&g))
        } else {
            None
        };
        for source in &ingress.sources {
            let reach = match &source.kind {
                SourceKind::Cidr(net) => network::reach(net),
                SourceKind::Anywhere(_) | SourceKind::ImplicitAnywhere => Reach::Internet,
            };
            if reach == Reach::Private {
                continue;
            }
            let exposure = Exposure {
                ingress: &ingress,
                source,
                reach,
                lb_group,
            };
            net003_all_ports_open_to_internet::check(&exposure, sink);
            net001_admin_port_open_to_internet::check(&exposure, sink);
            net002_app_port_open_to_internet::check(&exposure, sink);
        }
    }
}

/// One ingress rule seen from one non-private source.
pub(crate) struct Exposure<'a> {
    pub ingress: &'a Ingress<'a>,
    pub source: &'a Source,
    pub reach: Reach,
    /// The internet-facing load balancers the rule's security group exists
    /// for, and their listeners, when that is known.
    pub lb_group: Option<&'a LbGroup>,
}

impl Exposure<'_> {
    /// "`aws_security_group.app` allows ... from the internet (0.0.0.0/0)"
    pub fn subject(&self) -> String {
        format!("`{}`", self.ingress.instance.address)
    }

    pub fn internet_source(&self) -> String {
        format!("from the internet ({})", self.source.describe())
    }
}
