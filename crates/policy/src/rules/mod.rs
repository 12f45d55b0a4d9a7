//! One file per rule, named after it. `run_all` feeds each rule the
//! normalized models it needs.

pub mod net001_admin_port_open_to_internet;
pub mod net002_app_port_open_to_internet;
pub mod net003_all_ports_open_to_internet;

use crate::network::{self, Ingress, Reach, Source, SourceKind};
use crate::Sink;
use rampart_terraform::eval::EvaluatedModule;

pub(crate) fn run_all(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for ingress in network::ingress_rules(module) {
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
