//! TLS005: internet-facing http with no https in front.
//!
//! A whole-module rule. Something exposes plain HTTP to the internet: an AWS
//! ingress rule open to the internet on any port but 443 and the admin ports
//! (port 80, the app's own port) in a security group attached, in this
//! module, to an instance, a launch template or configuration, a load
//! balancer, a network interface or an ECS service; or a plain-HTTP listener
//! that does not redirect on a load balancer known to be internet-facing.
//! And nothing in the module serves HTTPS: no HTTPS or TLS listener (nor an
//! HTTP listener redirecting to HTTPS), no Classic Load Balancer HTTPS/SSL
//! listener, no ingress on 443 from a public source, no CloudFront
//! distribution that redirects to or requires HTTPS. Reported once per module, on the first
//! exposure in source order; the others become related locations.
//!
//! Anything that might serve HTTPS but is known only after apply (a
//! listener's protocol, an ingress rule's ports or sources) keeps the rule
//! silent.

use super::tls_common::{
    is_internal, is_listener_http, listener_redirects, load_balancers_of, protocol, site, site_of,
    Protocol, Tri, LISTENER_TYPES,
};
use crate::network::{self, ListenerKind, Ports, Reach, SourceKind};
use crate::finding::{Related, Report, Sink};
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};

pub(crate) use crate::registry::TLS005 as META;

const HTTPS: u32 = 443;

/// Related locations after the first exposure, at most.
const MAX_RELATED: usize = 8;

/// Something that serves plain HTTP to the internet.
struct Exposure {
    loc: Loc,
    resource: String,
    instance: Option<String>,
    /// "opens port 8000 to the internet (0.0.0.0/0)"
    what: String,
    value: Option<Value>,
}

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    if serves_https(module) != Tri::No {
        return;
    }
    let mut exposures = ingress_exposures(module, sink);
    exposures.extend(listener_exposures(module));
    exposures.sort_by_key(|e| e.loc);
    let Some(first) = exposures.first() else {
        return;
    };
    let related = exposures
        .iter()
        .skip(1)
        .take(MAX_RELATED)
        .map(|e| Related {
            loc: Some(e.loc),
            message: format!("also plain HTTP: `{}` {}", e.resource, e.what),
        })
        .collect();
    sink.report(
        &META,
        Report {
            loc: Some(first.loc),
            resource: first.resource.clone(),
            instance: first.instance.clone(),
            message: format!(
                "`{}` {} and nothing in this module serves HTTPS in front of it: no `aws_lb_listener` with protocol HTTPS or TLS, no ingress on 443, no `aws_cloudfront_distribution` that redirects to or requires HTTPS",
                first.resource, first.what
            ),
            provenance: first.value.as_ref(),
            fix: Some("terminate TLS in front of the app: an HTTPS listener with an ACM certificate on a load balancer whose port-80 listener redirects to HTTPS (or a CloudFront distribution with `viewer_protocol_policy = \"redirect-to-https\"`), and let only the load balancer reach the app's port".to_string()),
            related,
            ..Report::default()
        },
    );
}

/// Does anything in the module serve HTTPS? `Unknown` when something might
/// but depends on values known only after apply.
fn serves_https(module: &EvaluatedModule) -> Tri {
    let mut answer = Tri::No;
    let mut note = |t: Tri| match t {
        Tri::Yes => true,
        Tri::Unknown => {
            answer = Tri::Unknown;
            false
        }
        Tri::No => false,
    };
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        let found = if LISTENER_TYPES.contains(&rtype) {
            note(listener_serves_https(module, inst))
        } else if rtype == "aws_elb" {
            // A `dynamic "listener"` known only after apply may serve HTTPS.
            if inst.body.has_unknown_blocks("listener") {
                note(Tri::Unknown);
            }
            inst.body
                .nested("listener")
                .iter()
                .any(|l| note(classic_serves_https(&l.body)))
        } else if rtype == "aws_cloudfront_distribution" {
            if inst.body.has_unknown_blocks("default_cache_behavior") {
                note(Tri::Unknown);
            }
            inst.body
                .nested("default_cache_behavior")
                .iter()
                .any(|b| note(cloudfront_requires_https(&b.body)))
        } else {
            note(unknown_ingress(inst))
        };
        if found {
            return Tri::Yes;
        }
    }
    for ingress in network::ingress_rules(module) {
        let Ports::Ranges(ranges) = &ingress.ports else {
            continue; // every port open is an exposure, not a service
        };
        let public = ingress.sources.iter().any(|s| match &s.kind {
            SourceKind::Cidr(net) => network::reach(net) != Reach::Private,
            SourceKind::Anywhere(_) | SourceKind::ImplicitAnywhere => true,
        });
        if public && !network::ports_in(ranges, &[HTTPS]).is_empty() {
            return Tri::Yes;
        }
    }
    answer
}

/// An HTTPS or TLS listener, or an HTTP one that redirects to HTTPS.
fn listener_serves_https(module: &EvaluatedModule, inst: &Instance) -> Tri {
    let p = protocol(&inst.body, "protocol");
    if p.is("HTTPS") || p.is("TLS") {
        return Tri::Yes;
    }
    match is_listener_http(module, inst) {
        Tri::Yes => listener_redirects(inst),
        Tri::No => Tri::No,
        Tri::Unknown => Tri::Unknown,
    }
}

fn classic_serves_https(listener: &EvalBody) -> Tri {
    match protocol(listener, "lb_protocol") {
        Protocol::Known(p, _) if p == "HTTPS" || p == "SSL" => Tri::Yes,
        Protocol::Known(..) | Protocol::Absent => Tri::No,
        Protocol::Unknown => Tri::Unknown,
    }
}

fn cloudfront_requires_https(behavior: &EvalBody) -> Tri {
    match behavior
        .get("viewer_protocol_policy")
        .map(|v| v.to_text().map(|t| t.trim().to_ascii_lowercase()))
    {
        None => Tri::No,
        Some(None) => Tri::Unknown,
        Some(Some(t)) if t == "redirect-to-https" || t == "https-only" => Tri::Yes,
        Some(Some(_)) => Tri::No,
    }
}

/// An AWS ingress rule whose ports, protocol or (for a rule covering 443)
/// sources are known only after apply: it might be the HTTPS that is
/// looked for. (`network::ingress_rules` leaves such rules out.)
fn unknown_ingress(inst: &Instance) -> Tri {
    let bodies: Vec<(&EvalBody, &str)> = match inst.rtype.as_str() {
        "aws_security_group" | "aws_default_security_group" => {
            let blocks = inst.body.nested("ingress");
            if inst.body.get("ingress").is_some_and(Value::has_unknown) && blocks.is_empty() {
                return Tri::Unknown;
            }
            // A `dynamic "ingress"` known only after apply may open 443.
            if inst.body.has_unknown_blocks("ingress") {
                return Tri::Unknown;
            }
            return if blocks
                .iter()
                .any(|b| ingress_might_be_https(&b.body, "protocol"))
            {
                Tri::Unknown
            } else {
                Tri::No
            };
        }
        "aws_security_group_rule" => match inst.body.get("type").map(Value::to_text) {
            Some(Some(t)) if t == "ingress" => vec![(&inst.body, "protocol")],
            Some(None) => return Tri::Unknown,
            _ => Vec::new(),
        },
        "aws_vpc_security_group_ingress_rule" => vec![(&inst.body, "ip_protocol")],
        _ => Vec::new(),
    };
    if bodies
        .iter()
        .any(|(body, key)| ingress_might_be_https(body, key))
    {
        Tri::Unknown
    } else {
        Tri::No
    }
}

fn ingress_might_be_https(body: &EvalBody, proto_key: &str) -> bool {
    let unknown = |k: &str| body.get(k).is_some_and(Value::has_unknown);
    const CIDR_KEYS: [&str; 4] = ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"];
    let sources_unknown = CIDR_KEYS.iter().any(|k| unknown(k));
    let mut cidrs = Vec::new();
    for k in CIDR_KEYS {
        if let Some(v) = body.get(k) {
            strings(v, &mut cidrs);
        }
    }
    let maybe_public = sources_unknown
        || cidrs
            .iter()
            .filter_map(|c| network::parse_cidr(c))
            .any(|n| network::reach(&n) != Reach::Private);
    if unknown(proto_key) || unknown("from_port") || unknown("to_port") {
        return maybe_public;
    }
    let port = |k: &str| body.get(k).and_then(Value::as_number);
    let all = body
        .get(proto_key)
        .and_then(Value::to_text)
        .is_some_and(|p| p == "-1" || p.eq_ignore_ascii_case("all"));
    let covers_443 = all
        || matches!((port("from_port"), port("to_port")), (Some(a), Some(b)) if a.min(b) <= 443.0 && a.max(b) >= 443.0);
    covers_443 && sources_unknown
}

/// The strings in a string or list value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match &v.kind {
        Kind::String(s) => out.push(s.clone()),
        Kind::List(items) => items.iter().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// The security groups (local addresses) attached, in this module, to an
/// instance, a launch template or configuration, a load balancer, a network
/// interface or an ECS service.
fn attached_security_groups(module: &EvaluatedModule) -> Vec<String> {
    let mut out: Vec<String> = network::attachments(module)
        .into_iter()
        .map(|(g, _)| g)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Internet ingress on anything but 443 and the admin ports, to a security
/// group attached to something in the module.
fn ingress_exposures(module: &EvaluatedModule, sink: &Sink<'_>) -> Vec<Exposure> {
    let attached = attached_security_groups(module);
    let lb_groups = network::load_balancer_groups(module);
    let mut skip: Vec<u32> = sink
        .config
        .network
        .admin_ports
        .iter()
        .map(|&p| u32::from(p))
        .collect();
    skip.push(HTTPS);
    let mut out = Vec::new();
    for ingress in network::ingress_rules(module) {
        if !ingress.instance.rtype.starts_with("aws_") {
            continue; // HTTPS is only looked for on AWS
        }
        let Some(group) = network::group_of(ingress.instance) else {
            continue;
        };
        if attached.binary_search(&group).is_err() {
            continue;
        }
        // The ports of an internet-facing load balancer's listeners that
        // are not HTTP (TCP, UDP, TLS, HTTPS) are not plain-HTTP exposure.
        let mut skip = skip.clone();
        if let Some(g) = lb_groups.get(&group) {
            skip.extend(
                g.listeners
                    .iter()
                    .filter(|(_, kind)| *kind == ListenerKind::Other)
                    .map(|&(p, _)| p),
            );
        }
        let what = match &ingress.ports {
            Ports::All => "opens every port".to_string(),
            Ports::Ranges(ranges) => {
                let open = network::subtract(ranges, &skip);
                if open.is_empty() {
                    continue;
                }
                let single = open.len() == 1 && open[0].0 == open[0].1;
                format!(
                    "opens {} {}",
                    if single { "port" } else { "ports" },
                    network::format_ranges(&open)
                )
            }
        };
        for source in &ingress.sources {
            let internet = match &source.kind {
                SourceKind::Cidr(net) => network::reach(net) == Reach::Internet,
                SourceKind::Anywhere(_) | SourceKind::ImplicitAnywhere => true,
            };
            if !internet {
                continue;
            }
            out.push(Exposure {
                loc: source.loc,
                resource: ingress.instance.address.clone(),
                instance: Some(ingress.instance.instance.clone()),
                what: format!("{what} to the internet ({})", source.describe()),
                value: source.value.clone(),
            });
        }
    }
    out
}

/// Plain-HTTP listeners that do not redirect, on load balancers known to be
/// internet-facing.
fn listener_exposures(module: &EvaluatedModule) -> Vec<Exposure> {
    let mut out = Vec::new();
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        if LISTENER_TYPES.contains(&rtype) {
            if is_listener_http(module, inst) != Tri::Yes || listener_redirects(inst) != Tri::No {
                continue;
            }
            let lbs = load_balancers_of(module, inst);
            if lbs.is_empty() || !lbs.iter().all(|lb| is_internal(lb) == Tri::No) {
                continue;
            }
            let value = inst.body.get("protocol").filter(|v| !v.is_null());
            let loc = match value {
                Some(_) => site_of(&inst.body, "protocol", inst.loc),
                None => inst
                    .body
                    .nested("default_action")
                    .first()
                    .map_or(inst.loc, |a| a.loc),
            };
            let port = inst
                .body
                .get("port")
                .and_then(Value::to_text)
                .map(|p| format!(" on port {p}"))
                .unwrap_or_default();
            let lb = lbs.first().map(|lb| lb.address.clone()).unwrap_or_default();
            out.push(Exposure {
                loc,
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                what: format!("serves plain HTTP{port} on the internet-facing `{lb}`"),
                value: value.cloned(),
            });
        } else if rtype == "aws_elb" && is_internal(inst) == Tri::No {
            for l in inst.body.nested("listener") {
                let Protocol::Known(p, value) = protocol(&l.body, "lb_protocol") else {
                    continue;
                };
                if p != "HTTP" {
                    continue;
                }
                out.push(Exposure {
                    loc: site(value, l.loc),
                    resource: inst.address.clone(),
                    instance: Some(inst.instance.clone()),
                    what: "serves plain HTTP on an internet-facing Classic Load Balancer"
                        .to_string(),
                    value: Some(value.clone()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;

    fn tls005(extra_ingress: &str) -> usize {
        let src = format!(
            r#"
variable "port" {{
  type = number
}}

resource "aws_security_group" "web" {{
  ingress {{
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
{extra_ingress}
}}

resource "aws_instance" "web" {{
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
}}
"#
        );
        check_source(&src)
            .iter()
            .filter(|f| f.code == "TLS005")
            .count()
    }

    #[test]
    fn once_per_module_unless_https_may_be_served() {
        assert_eq!(tls005(""), 1);
        let public_443 = r#"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }"#;
        assert_eq!(tls005(public_443), 0);
        // A port known only after apply, open to the world: it may be 443.
        let unknown_public = r#"
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }"#;
        assert_eq!(tls005(unknown_public), 0);
        // The same from the VPC only would not serve the internet anyway.
        let unknown_private = r#"
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }"#;
        assert_eq!(tls005(unknown_private), 1);
    }
}
