//! TLS001: http listener that does not redirect to https.
//!
//! Each listener is judged on its own. The finding sits on the listener's
//! `protocol = "HTTP"` value (where a variable or tfvars value brought it,
//! the trail explains); for a listener that leaves `protocol` out on an
//! Application Load Balancer (where it defaults to HTTP), on the default
//! action that does not redirect. Listener rules that forward from a plain
//! HTTP listener are reported on their action's `type`, and Classic Load
//! Balancer listeners on `lb_protocol`.

use super::tls_common::{
    action_type, all_internal, is_internal, is_listener_http, listener_redirects,
    load_balancers_of, protocol, redirects_to_https, referenced, site, site_of, Protocol, Tri,
    LISTENER_RULE_TYPES, LISTENER_TYPES,
};
use super::settings::{block, contains_text, read_bool, read_text, site_or, Read};
use crate::finding::{Related, Report, Sink};
use crate::fix::{Edit, Fix, Safety};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBlock, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;
use std::collections::HashMap;

pub(crate) use crate::registry::TLS001 as META;

/// The default action that redirects to HTTPS on port 443 (its lines
/// after the first are indented like the block it replaces).
const REDIRECT: &str = "default_action {
  type = \"redirect\"

  redirect {
    port        = \"443\"
    protocol    = \"HTTPS\"
    status_code = \"HTTP_301\"
  }
}";

const FIX: &str = "make the listener's default action a redirect to HTTPS (`type = \"redirect\"` with `redirect { protocol = \"HTTPS\", port = \"443\", status_code = \"HTTP_301\" }`) and serve the app from an HTTPS listener";

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    let mut forwarding_rules = Vec::new();
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        if LISTENER_TYPES.contains(&rtype) {
            listener(module, inst, sink);
        } else if LISTENER_RULE_TYPES.contains(&rtype) {
            listener_rule(module, inst, sink);
        } else if rtype == "aws_elb" {
            classic(inst, sink);
        } else if rtype.starts_with("azurerm_") {
            match rtype {
                "azurerm_application_gateway" => app_gateway(inst, sink),
                "azurerm_cdn_endpoint" => cdn_endpoint(inst, sink),
                "azurerm_cdn_frontdoor_route" => frontdoor_route(inst, sink),
                "azurerm_frontdoor" => frontdoor_classic(inst, sink),
                _ => {}
            }
        } else if rtype == "digitalocean_loadbalancer" {
            digitalocean(inst, sink);
        } else if GOOGLE_FORWARDING_RULES.contains(&rtype) {
            forwarding_rules.push(inst);
        }
    }
    if !forwarding_rules.is_empty() {
        google(module, &forwarding_rules, sink);
    }
}

/// Low severity on a load balancer known to be internal.
fn severity_for(lbs: &[&Instance]) -> Option<Severity> {
    (all_internal(lbs) == Tri::Yes).then_some(Severity::Low)
}

fn internal_note(lbs: &[&Instance]) -> String {
    match lbs.first() {
        Some(lb) if all_internal(lbs) == Tri::Yes => format!(
            " (`{}` is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)",
            lb.address
        ),
        _ => String::new(),
    }
}

fn port_text(inst: &Instance) -> String {
    inst.body
        .get("port")
        .and_then(Value::to_text)
        .map(|p| format!(" on port {p}"))
        .unwrap_or_default()
}

fn listener(module: &EvaluatedModule, inst: &Instance, sink: &mut Sink<'_>) {
    if is_listener_http(module, inst) != Tri::Yes || listener_redirects(inst) != Tri::No {
        return;
    }
    let actions = inst.body.nested("default_action");
    // The action that keeps the traffic on HTTP: the routing one (not an
    // `authenticate-*` step), else the first.
    let offending = actions
        .iter()
        .find(|a| {
            action_type(a).is_some_and(|(t, _)| !t.starts_with("authenticate"))
                && redirects_to_https(a) == Tri::No
        })
        .or_else(|| actions.first());
    let what = match offending.and_then(action_type) {
        Some((t, _)) if t == "forward" => {
            "forwards to its targets instead of redirecting to HTTPS".to_string()
        }
        Some((t, _)) if t == "redirect" => {
            let kept = offending
                .and_then(|a| a.body.nested("redirect").into_iter().next())
                .and_then(|r| r.body.get("protocol").and_then(Value::to_text))
                .unwrap_or_else(|| "#{protocol}".to_string());
            format!("redirects without switching to HTTPS (its `protocol` is `{kept}`), so clients stay on HTTP")
        }
        Some((t, _)) if t == "fixed-response" => {
            "returns a fixed response instead of redirecting to HTTPS".to_string()
        }
        Some((t, _)) => format!("is `{t}`, not a redirect to HTTPS"),
        None => "does not redirect to HTTPS".to_string(),
    };
    let proto = inst.body.get("protocol").filter(|v| !v.is_null());
    let loc = match (proto, offending) {
        (Some(_), _) => site_of(&inst.body, "protocol", inst.loc),
        (None, Some(a)) => a.loc,
        (None, None) => inst.loc,
    };
    let lbs = load_balancers_of(module, inst);
    let mut related = Vec::new();
    if let (Some(_), Some(a)) = (proto, offending) {
        related.push(Related {
            loc: Some(a.loc),
            message: "the default action, which does not redirect to HTTPS".to_string(),
        });
    }
    let implicit = if proto.is_none() {
        " (`protocol` is not set and defaults to HTTP)"
    } else {
        ""
    };
    sink.report(
        &META,
        Report {
            identity: None,
            loc: Some(loc),
            resource: inst.address.clone(),
            instance: Some(inst.instance.clone()),
            message: format!(
                "`{}` serves plain HTTP{}{implicit}: its default action {what}{}",
                inst.address,
                port_text(inst),
                internal_note(&lbs),
            ),
            provenance: proto,
            fix: Some(FIX.to_string()),
            // Unsafe: the listener stops serving the app over HTTP, which
            // breaks it unless an HTTPS listener serves it.
            fixes: offending
                .map(|a| {
                    Fix::new(
                        "Redirect HTTP to HTTPS",
                        Safety::Unsafe,
                        vec![Edit::block(a.loc, "default_action", REDIRECT)],
                    )
                })
                .into_iter()
                .collect(),
            severity: severity_for(&lbs),
            related,
        },
    );
}

/// A rule on a plain-HTTP listener that forwards: the listener's redirect
/// does not cover requests the rule matches.
fn listener_rule(module: &EvaluatedModule, inst: &Instance, sink: &mut Sink<'_>) {
    let listeners: Vec<&Instance> = referenced(module, inst.body.get("listener_arn"))
        .into_iter()
        .filter(|l| LISTENER_TYPES.contains(&l.rtype.as_str()))
        .collect();
    let Some(first) = listeners.first() else {
        return;
    };
    if !listeners
        .iter()
        .all(|l| is_listener_http(module, l) == Tri::Yes)
    {
        return;
    }
    let lbs: Vec<&Instance> = listeners
        .iter()
        .flat_map(|l| load_balancers_of(module, l))
        .collect();
    for action in inst.body.nested("action") {
        let Some((kind, value)) = action_type(&action) else {
            continue;
        };
        if kind != "forward" {
            continue;
        }
        let listener_loc = site_of(&first.body, "protocol", first.loc);
        sink.report(
            &META,
            Report {
                identity: None,
                loc: Some(site(value, action.loc)),
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                message: format!(
                    "`{}` forwards requests that arrive on the plain-HTTP listener `{}`{}; a redirect in the listener's default action does not cover its rules{}",
                    inst.address,
                    first.address,
                    port_text(first),
                    internal_note(&lbs),
                ),
                provenance: None,
                fix: Some("attach the rule to the HTTPS listener instead, and keep the HTTP listener to a single redirect to HTTPS".to_string()),
                severity: severity_for(&lbs),
                fixes: Vec::new(),
                related: vec![Related {
                    loc: Some(listener_loc),
                    message: format!("`{}` is a plain HTTP listener", first.address),
                }],
            },
        );
    }
}

/// Classic Load Balancer listeners cannot redirect: an HTTP listener serves
/// the app over plain HTTP.
fn classic(inst: &Instance, sink: &mut Sink<'_>) {
    let internal = is_internal(inst);
    for l in inst.body.nested("listener") {
        let Protocol::Known(p, value) = protocol(&l.body, "lb_protocol") else {
            continue;
        };
        if p != "HTTP" {
            continue;
        }
        let port = l
            .body
            .get("lb_port")
            .and_then(Value::to_text)
            .map(|p| format!(" on port {p}"))
            .unwrap_or_default();
        let note = if internal == Tri::Yes {
            " (it is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)"
        } else {
            ""
        };
        sink.report(
            &META,
            Report {
                identity: None,
                loc: Some(site(value, l.loc)),
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                message: format!(
                    "`{}` serves plain HTTP{port}; a Classic Load Balancer listener cannot redirect to HTTPS{note}",
                    inst.address
                ),
                provenance: Some(value),
                fix: Some("serve the app on an `https` listener with a certificate and drop the `http` one, or move to an Application Load Balancer whose port-80 listener redirects to HTTPS".to_string()),
                severity: (internal == Tri::Yes).then_some(Severity::Low),
                fixes: Vec::new(),
                related: Vec::new(),
            },
        );
    }
}

/// A finding on another cloud's HTTP frontend.
struct Frontend<'v> {
    loc: Loc,
    message: String,
    provenance: Option<&'v Value>,
    fix: &'static str,
    low: bool,
    related: Vec<Related>,
}

fn report_frontend(inst: &Instance, f: Frontend<'_>, sink: &mut Sink<'_>) {
    sink.report(
        &META,
        Report {
            loc: Some(f.loc),
            message: f.message,
            provenance: f.provenance,
            fix: Some(f.fix.to_string()),
            severity: f.low.then_some(Severity::Low),
            related: f.related,
            ..Report::on(inst)
        },
    );
}

/// DigitalOcean load balancers: a forwarding rule whose `entry_protocol` is
/// `http` serves plain HTTP unless `redirect_http_to_https` (default false)
/// is on, and that redirect covers port 80 only.
fn digitalocean(inst: &Instance, sink: &mut Sink<'_>) {
    let redirect = read_bool(&inst.body, &["redirect_http_to_https"]);
    if matches!(redirect, Read::Unknown) {
        return;
    }
    let low = matches!(read_text(&inst.body, &["network"]), Read::Known(n, ..) if n.eq_ignore_ascii_case("INTERNAL"));
    for rule in inst.body.nested("forwarding_rule") {
        let Read::Known(p, v, _) = read_text(&rule.body, &["entry_protocol"]) else {
            continue;
        };
        if !p.eq_ignore_ascii_case("http") {
            continue;
        }
        let port = match read_text(&rule.body, &["entry_port"]) {
            Read::Known(port, ..) => Some(port),
            Read::Absent => None,
            Read::Unknown => continue,
        };
        let why = match (&redirect, port.as_deref()) {
            (Read::Known(true, ..), Some("80")) => continue,
            (Read::Known(true, ..), Some(other)) => {
                format!("`redirect_http_to_https` covers port 80 only, and this rule listens on port {other}")
            }
            (Read::Known(true, ..), None) => continue,
            (Read::Known(false, ..), _) => "`redirect_http_to_https` is false".to_string(),
            (_, _) => "`redirect_http_to_https` is not set; the provider's default is false".to_string(),
        };
        let port_text = port.map(|p| format!(" on port {p}")).unwrap_or_default();
        let note = if low {
            " (the load balancer is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)"
        } else {
            ""
        };
        report_frontend(
            inst,
            Frontend {
                loc: site(v, rule.loc),
                message: format!(
                    "`{}` forwards plain HTTP{port_text}: {why}{note}",
                    inst.address
                ),
                provenance: Some(v),
                fix: "set `redirect_http_to_https = true` on the load balancer and serve the app from an `https` forwarding rule on port 443 (keep `http` on port 80 only)",
                low,
                related: Vec::new(),
            },
            sink,
        );
    }
}

/// The block of `blocks` whose `name` is `name`.
fn named<'b>(blocks: &'b [EvalBlock], name: &str) -> Option<&'b EvalBlock> {
    blocks.iter().find(
        |b| matches!(read_text(&b.body, &["name"]), Read::Known(n, ..) if n == name),
    )
}

/// Azure Application Gateway: an `Http` listener whose request routing
/// rule sends traffic to a backend (or redirects to plain HTTP). Rules
/// through a URL path map, and names known only after apply, are not
/// followed.
fn app_gateway(inst: &Instance, sink: &mut Sink<'_>) {
    let listeners = inst.body.nested("http_listener");
    if listeners.is_empty() {
        return;
    }
    let rules = inst.body.nested("request_routing_rule");
    let redirects = inst.body.nested("redirect_configuration");
    let frontends = inst.body.nested("frontend_ip_configuration");
    let is_https_listener = |name: &str| {
        named(&listeners, name).map(|l| match read_text(&l.body, &["protocol"]) {
            Read::Known(p, ..) if p.eq_ignore_ascii_case("https") => Tri::Yes,
            Read::Known(..) => Tri::No,
            _ => Tri::Unknown,
        })
    };
    for l in &listeners {
        let Read::Known(proto, pv, _) = read_text(&l.body, &["protocol"]) else {
            continue;
        };
        if !proto.eq_ignore_ascii_case("http") {
            continue;
        }
        let Read::Known(name, ..) = read_text(&l.body, &["name"]) else {
            continue;
        };
        // The first rule of this listener that keeps clients on HTTP.
        let offending = rules.iter().find_map(|r| {
            if !matches!(read_text(&r.body, &["http_listener_name"]), Read::Known(n, ..) if n == name)
            {
                return None;
            }
            match read_text(&r.body, &["redirect_configuration_name"]) {
                Read::Known(rc, ..) => {
                    let config = named(&redirects, &rc)?;
                    let to_https = match read_text(&config.body, &["target_listener_name"]) {
                        Read::Known(t, ..) => is_https_listener(&t).unwrap_or(Tri::Unknown),
                        Read::Absent => match read_text(&config.body, &["target_url"]) {
                            Read::Known(u, ..) => {
                                if u.to_ascii_lowercase().starts_with("https://") {
                                    Tri::Yes
                                } else {
                                    Tri::No
                                }
                            }
                            _ => Tri::Unknown,
                        },
                        Read::Unknown => Tri::Unknown,
                    };
                    (to_https == Tri::No).then_some((r, "redirects to plain HTTP"))
                }
                Read::Unknown => None,
                Read::Absent => {
                    if !matches!(read_text(&r.body, &["url_path_map_name"]), Read::Absent) {
                        return None;
                    }
                    matches!(
                        read_text(&r.body, &["backend_address_pool_name"]),
                        Read::Known(..)
                    )
                    .then_some((r, "sends it to a backend pool"))
                }
            }
        });
        let Some((rule, what)) = offending else {
            continue;
        };
        // A frontend with a private address and no public one is internal.
        let low = match read_text(&l.body, &["frontend_ip_configuration_name"]) {
            Read::Known(f, ..) => named(&frontends, &f).is_some_and(|fe| {
                matches!(read_text(&fe.body, &["public_ip_address_id"]), Read::Absent)
                    && !matches!(read_text(&fe.body, &["private_ip_address"]), Read::Absent)
            }),
            _ => false,
        };
        let note = if low {
            " (its frontend has only a private address, so this is low severity: the traffic stays in the virtual network but is still unencrypted)"
        } else {
            ""
        };
        report_frontend(
            inst,
            Frontend {
                loc: site(pv, l.loc),
                message: format!(
                    "`{}` listener `{name}` serves plain HTTP: its request routing rule {what} instead of redirecting to HTTPS{note}",
                    inst.address
                ),
                provenance: Some(pv),
                fix: "route this listener through a `redirect_configuration` with `redirect_type = \"Permanent\"` whose `target_listener_name` is the HTTPS listener, and serve the app from the `Https` listener",
                low,
                related: vec![Related {
                    loc: Some(rule.loc),
                    message: "the request routing rule of this listener".to_string(),
                }],
            },
            sink,
        );
    }
}

/// Does an Azure CDN endpoint redirect every HTTP request to HTTPS? A
/// `global_delivery_rule` with an HTTPS `url_redirect_action` does, and so
/// does a `delivery_rule` whose only condition is `request_scheme_condition`
/// matching `HTTP`. Rules from a `dynamic` block known only after apply
/// (a module's caller passing them in) may be that redirect: `Unknown`.
fn cdn_redirects(inst: &Instance) -> Tri {
    let mut answer = if ["global_delivery_rule", "delivery_rule"]
        .iter()
        .any(|b| inst.body.has_unknown_blocks(b))
    {
        Tri::Unknown
    } else {
        Tri::No
    };
    let https_action = |rule: &EvalBlock| -> Tri {
        let mut a = if rule.body.has_unknown_blocks("url_redirect_action") {
            Tri::Unknown
        } else {
            Tri::No
        };
        for action in rule.body.nested("url_redirect_action") {
            match read_text(&action.body, &["protocol"]) {
                Read::Known(p, ..) if p.eq_ignore_ascii_case("https") => return Tri::Yes,
                Read::Unknown => a = Tri::Unknown,
                _ => {}
            }
        }
        a
    };
    for rule in inst.body.nested("global_delivery_rule") {
        match https_action(&rule) {
            Tri::Yes => return Tri::Yes,
            Tri::Unknown => answer = Tri::Unknown,
            Tri::No => {}
        }
    }
    for rule in inst.body.nested("delivery_rule") {
        let action = https_action(&rule);
        if action == Tri::No {
            continue;
        }
        let other_conditions = rule
            .body
            .blocks
            .iter()
            .any(|b| b.ident.ends_with("_condition") && b.ident != "request_scheme_condition");
        if other_conditions {
            continue;
        }
        let mut scheme = Tri::No;
        for c in rule.body.nested("request_scheme_condition") {
            let negated = read_bool(&c.body, &["negate_condition"]);
            let operator = read_text(&c.body, &["operator"]);
            let matches_http = c
                .body
                .get("match_values")
                .and_then(|v| contains_text(v, "HTTP"));
            let known = !matches!(negated, Read::Unknown) && !matches!(operator, Read::Unknown);
            let equal = match &operator {
                Read::Known(o, ..) => o.eq_ignore_ascii_case("Equal"),
                _ => true,
            };
            match (known, matches_http) {
                (true, Some(true)) if equal && !matches!(negated, Read::Known(true, ..)) => {
                    scheme = Tri::Yes;
                }
                (false, _) | (_, None) => scheme = Tri::Unknown,
                _ => {}
            }
        }
        match (action, scheme) {
            (Tri::Yes, Tri::Yes) => return Tri::Yes,
            (_, Tri::No) => {}
            _ => answer = Tri::Unknown,
        }
    }
    answer
}

/// Azure CDN (classic) endpoints: HTTP is allowed by default
/// (`is_http_allowed` defaults to true).
fn cdn_endpoint(inst: &Instance, sink: &mut Sink<'_>) {
    let (loc, provenance, what) = match read_bool(&inst.body, &["is_http_allowed"]) {
        Read::Known(false, ..) | Read::Unknown => return,
        Read::Known(true, v, _) => (
            site(v, inst.loc),
            Some(v),
            "sets `is_http_allowed = true`",
        ),
        Read::Absent => (
            inst.loc,
            None,
            "does not set `is_http_allowed`; the provider's default is true",
        ),
    };
    if cdn_redirects(inst) != Tri::No {
        return;
    }
    report_frontend(
        inst,
        Frontend {
            loc,
            message: format!(
                "`{}` {what}, and no delivery rule redirects HTTP to HTTPS: the endpoint serves content over plain HTTP",
                inst.address
            ),
            provenance,
            fix: "set `is_http_allowed = false`, or add a `delivery_rule` with a `request_scheme_condition` matching `HTTP` and a `url_redirect_action` with `protocol = \"Https\"`",
            low: false,
            related: Vec::new(),
        },
        sink,
    );
}

/// Azure Front Door (Standard/Premium) routes that accept HTTP with
/// `https_redirect_enabled = false` (the default is true).
fn frontdoor_route(inst: &Instance, sink: &mut Sink<'_>) {
    let Read::Known(false, v, _) = read_bool(&inst.body, &["https_redirect_enabled"]) else {
        return;
    };
    if matches!(read_bool(&inst.body, &["enabled"]), Read::Known(false, ..)) {
        return;
    }
    let accepts_http = inst
        .body
        .get("supported_protocols")
        .and_then(|p| contains_text(p, "Http"));
    if accepts_http != Some(true) {
        return;
    }
    report_frontend(
        inst,
        Frontend {
            loc: site(v, inst.loc),
            message: format!(
                "`{}` accepts `Http` and sets `https_redirect_enabled = false`: Front Door serves the route over plain HTTP",
                inst.address
            ),
            provenance: Some(v),
            fix: "set `https_redirect_enabled = true` (the provider's default), or drop `Http` from `supported_protocols`",
            low: false,
            related: Vec::new(),
        },
        sink,
    );
}

/// Azure Front Door (classic) routing rules that accept HTTP
/// (`accepted_protocols` defaults to `Http`) and forward it to a backend.
fn frontdoor_classic(inst: &Instance, sink: &mut Sink<'_>) {
    for rule in inst.body.nested("routing_rule") {
        if matches!(read_bool(&rule.body, &["enabled"]), Read::Known(false, ..)) {
            continue;
        }
        if rule.body.nested("forwarding_configuration").is_empty() {
            continue;
        }
        let accepted = rule.body.get("accepted_protocols").filter(|v| !v.is_null());
        let (loc, what) = match accepted {
            None => (
                rule.loc,
                "accepts `Http` (`accepted_protocols` is not set; the provider's default is `Http`)",
            ),
            Some(v) => {
                if contains_text(v, "Http") != Some(true) {
                    continue;
                }
                (site_or(Some(v), rule.loc), "accepts `Http`")
            }
        };
        let name = match read_text(&rule.body, &["name"]) {
            Read::Known(n, ..) => format!(" `{n}`"),
            _ => String::new(),
        };
        report_frontend(
            inst,
            Frontend {
                loc,
                message: format!(
                    "`{}` routing rule{name} {what} and forwards it to the backend: Front Door serves it over plain HTTP",
                    inst.address
                ),
                provenance: accepted,
                fix: "accept only `Https` in the forwarding rule, and add a routing rule for `Http` whose `redirect_configuration` has `redirect_protocol = \"HttpsOnly\"`",
                low: false,
                related: Vec::new(),
            },
            sink,
        );
    }
}

/// Google forwarding rules, global and regional.
const GOOGLE_FORWARDING_RULES: [&str; 2] = [
    "google_compute_global_forwarding_rule",
    "google_compute_forwarding_rule",
];

/// Google HTTP target proxies, global and regional.
const GOOGLE_HTTP_PROXIES: [&str; 2] = [
    "google_compute_target_http_proxy",
    "google_compute_region_target_http_proxy",
];

/// Google URL maps, global and regional.
const GOOGLE_URL_MAPS: [&str; 2] = ["google_compute_url_map", "google_compute_region_url_map"];

/// Does a URL map redirect every request to HTTPS? Only a
/// `default_url_redirect` with `https_redirect = true` (default false) and
/// no host rules does; host rules and path matchers may route some hosts
/// elsewhere, which rampart does not follow.
fn url_map_redirects(um: &Instance) -> (Tri, &'static str) {
    // Blocks from a `dynamic` block known only after apply: the redirect,
    // or host rules routing elsewhere, may be there.
    let unknown = |b: &str| um.body.has_unknown_blocks(b);
    if unknown("default_url_redirect") {
        return (Tri::Unknown, "");
    }
    if let Some(r) = block(&um.body, "default_url_redirect") {
        return match read_bool(&r.body, &["https_redirect"]) {
            Read::Known(true, ..) => {
                if um.body.nested("path_matcher").is_empty()
                    && um.body.nested("host_rule").is_empty()
                    && !unknown("path_matcher")
                    && !unknown("host_rule")
                {
                    (Tri::Yes, "")
                } else {
                    (Tri::Unknown, "")
                }
            }
            Read::Known(false, ..) | Read::Absent => (
                Tri::No,
                "redirects without `https_redirect = true` (the default is false), so clients stay on HTTP",
            ),
            Read::Unknown => (Tri::Unknown, ""),
        };
    }
    let serves = ["default_service", "default_route_action"]
        .iter()
        .any(|k| um.body.get(k).is_some_and(|v| !v.is_null()) || block(&um.body, k).is_some());
    if serves {
        (Tri::No, "sends requests to its backends instead of redirecting to HTTPS")
    } else {
        (Tri::Unknown, "")
    }
}

/// Google HTTP(S) load balancers: a forwarding rule that serves a target
/// HTTP proxy whose URL map does not redirect to HTTPS. The load balancing
/// scheme defaults to `EXTERNAL`; internal schemes are low severity.
fn google(module: &EvaluatedModule, rules: &[&Instance], sink: &mut Sink<'_>) {
    let mut index: HashMap<String, Vec<&Instance>> = HashMap::new();
    for r in &module.resources {
        let t = r.rtype.as_str();
        if GOOGLE_HTTP_PROXIES.contains(&t) || GOOGLE_URL_MAPS.contains(&t) {
            index
                .entry(crate::network::local_address(r))
                .or_default()
                .push(r);
        }
    }
    let resolve = |v: Option<&Value>, types: &[&str]| -> Vec<&Instance> {
        v.and_then(crate::network::local_ref)
            .and_then(|a| index.get(a))
            .map(|found| {
                found
                    .iter()
                    .copied()
                    .filter(|i| types.contains(&i.rtype.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    };
    for rule in rules {
        let (internal, scheme) = match read_text(&rule.body, &["load_balancing_scheme"]) {
            Read::Absent => (false, "`EXTERNAL`, the provider's default".to_string()),
            Read::Known(s, ..) => match s.to_ascii_uppercase().as_str() {
                "EXTERNAL" | "EXTERNAL_MANAGED" => (false, format!("`{s}`")),
                "INTERNAL" | "INTERNAL_MANAGED" | "INTERNAL_SELF_MANAGED" => {
                    (true, format!("`{s}`"))
                }
                _ => continue,
            },
            Read::Unknown => continue,
        };
        for proxy in resolve(rule.body.get("target"), &GOOGLE_HTTP_PROXIES) {
            let maps = resolve(proxy.body.get("url_map"), &GOOGLE_URL_MAPS);
            let Some(first) = maps.first() else {
                continue;
            };
            let verdicts: Vec<(Tri, &str)> = maps.iter().map(|m| url_map_redirects(m)).collect();
            if verdicts.iter().any(|(t, _)| *t != Tri::No) {
                continue;
            }
            let what = verdicts.first().map_or("", |(_, w)| *w);
            let note = if internal {
                " (the scheme is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)"
            } else {
                ""
            };
            sink.report(
                &META,
                Report {
                    // One finding per proxy, however many forwarding rules
                    // (IPv4 and IPv6) serve it.
                    identity: Some(String::new()),
                    loc: Some(site_of(&proxy.body, "url_map", proxy.loc)),
                    resource: proxy.address.clone(),
                    instance: Some(proxy.instance.clone()),
                    message: format!(
                        "`{}` serves plain HTTP through `{}` (load balancing scheme {scheme}): its URL map `{}` {what}{note}",
                        proxy.address, rule.address, first.address
                    ),
                    provenance: None,
                    fix: Some("point the HTTP proxy at a URL map whose `default_url_redirect` has `https_redirect = true` (and `redirect_response_code = \"MOVED_PERMANENTLY_DEFAULT\"`), and serve the app from a target HTTPS proxy".to_string()),
                    severity: internal.then_some(Severity::Low),
                    fixes: Vec::new(),
                    related: vec![
                        Related {
                            loc: Some(rule.loc),
                            message: format!("`{}` serves this proxy", rule.address),
                        },
                        Related {
                            loc: Some(first.loc),
                            message: format!("`{}` does not redirect to HTTPS", first.address),
                        },
                    ],
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;
    use crate::Severity;

    fn tls001(src: &str) -> Vec<(Severity, String)> {
        check_source(src)
            .into_iter()
            .filter(|f| f.code == "TLS001")
            .map(|f| (f.severity, f.resource))
            .collect()
    }

    const LISTENERS: &str = r#"
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_target_group" "app" {
  port     = 8000
  protocol = "HTTP"
}
"#;

    #[test]
    fn internal_load_balancer_is_low() {
        let src = format!("resource \"aws_lb\" \"main\" {{\n  internal = true\n}}\n{LISTENERS}");
        assert_eq!(
            tls001(&src),
            [(Severity::Low, "aws_lb_listener.http".to_string())]
        );
    }

    #[test]
    fn internet_facing_load_balancer_is_high() {
        let src = format!("resource \"aws_lb\" \"main\" {{\n  internal = false\n}}\n{LISTENERS}");
        assert_eq!(
            tls001(&src),
            [(Severity::High, "aws_lb_listener.http".to_string())]
        );
        let src = format!("resource \"aws_lb\" \"main\" {{}}\n{LISTENERS}");
        assert_eq!(tls001(&src)[0].0, Severity::High);
    }

    #[test]
    fn internal_classic_elb_is_low() {
        let src = r#"
resource "aws_elb" "legacy" {
  internal = true

  listener {
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
"#;
        assert_eq!(tls001(src), [(Severity::Low, "aws_elb.legacy".to_string())]);
    }

    #[test]
    fn unknown_protocol_is_silent() {
        let src = r#"
variable "protocol" {
  type = string
}

resource "aws_lb_listener" "front" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = var.protocol

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}
"#;
        assert!(tls001(src).is_empty());
    }
}
