//! The network-exposure model shared by the NET rules: every way Terraform
//! writes an ingress rule (AWS security groups and network ACLs, Google
//! Cloud, Azure, DigitalOcean, OpenStack, Lightsail, EKS node groups)
//! normalized into protocol, port ranges and sources, plus the test for
//! "the internet".

use ipnet::IpNet;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::OnceLock;

mod hosts;
mod nacl;

/// Inclusive port range.
pub type PortRange = (u32, u32);

#[derive(Debug, Clone, PartialEq)]
pub enum Ports {
    /// Every port (protocol all, or a full range).
    All,
    Ranges(Vec<PortRange>),
}

/// Where traffic may come from.
#[derive(Debug, Clone)]
pub enum SourceKind {
    Cidr(IpNet),
    /// A provider tag meaning "anywhere" (`*`, `Internet`, `Any`).
    Anywhere(String),
    /// No source given where the provider then matches every address (a
    /// GCP firewall without sources; [`Source::why`] says which default
    /// applies elsewhere).
    ImplicitAnywhere,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub kind: SourceKind,
    /// The value it was read from (site and provenance), when there is one.
    pub value: Option<Value>,
    /// Where a finding about this source sits.
    pub loc: Loc,
    /// For an implicit source: the provider's default that makes it
    /// "anywhere", as the message says it.
    pub why: Option<String>,
}

impl Source {
    pub fn describe(&self) -> String {
        match &self.kind {
            SourceKind::Cidr(n) => n.to_string(),
            SourceKind::Anywhere(tag) => format!("`{tag}`"),
            SourceKind::ImplicitAnywhere => match &self.why {
                Some(why) => why.clone(),
                None => "0.0.0.0/0 (no source ranges given)".to_string(),
            },
        }
    }

    /// A source the provider's default makes "anywhere", sitting at `loc`.
    fn implicit(loc: Loc, why: impl Into<String>) -> Source {
        Source {
            kind: SourceKind::ImplicitAnywhere,
            value: None,
            loc,
            why: Some(why.into()),
        }
    }
}

/// One normalized ingress rule.
#[derive(Debug, Clone)]
pub struct Ingress<'a> {
    pub instance: &'a Instance,
    pub ports: Ports,
    pub sources: Vec<Source>,
}

/// How a source relates to the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// 0.0.0.0/0, ::/0, or a public range of /8 (IPv4) or /32 (IPv6) or wider.
    Internet,
    /// A narrower public range or address.
    Public,
    /// Private or reserved: not reachable from the internet.
    Private,
}

fn reserved() -> &'static [IpNet] {
    static NETS: OnceLock<Vec<IpNet>> = OnceLock::new();
    NETS.get_or_init(|| {
        [
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "::/128",
            "::1/128",
            "100::/64",
            "fc00::/7",
            "fe80::/10",
            "ff00::/8",
        ]
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect()
    })
}

pub fn reach(net: &IpNet) -> Reach {
    if reserved().iter().any(|r| r.contains(net)) {
        return Reach::Private;
    }
    let wide = match net {
        IpNet::V4(n) => n.prefix_len() <= 8,
        IpNet::V6(n) => n.prefix_len() <= 32,
    };
    if wide {
        Reach::Internet
    } else {
        Reach::Public
    }
}

/// Parse `a.b.c.d/n`, an IPv6 CIDR, or a bare address (a /32 or /128).
pub fn parse_cidr(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .map(|n| n.trunc())
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

/// Every ingress rule in the module that filters traffic to hosts: network
/// ACLs, which filter whole subnets and say nothing about what a host
/// serves, are left out (the NET rules get them from
/// [`ingress_rules_noted`]).
pub fn ingress_rules(module: &EvaluatedModule) -> Vec<Ingress<'_>> {
    let mut rules = ingress_rules_noted(module, &mut Vec::new());
    rules.retain(|i| !is_network_acl(&i.instance.rtype));
    rules
}

/// The resource types of AWS network ACLs and their rules.
pub fn is_network_acl(rtype: &str) -> bool {
    matches!(
        rtype,
        "aws_network_acl" | "aws_default_network_acl" | "aws_network_acl_rule"
    )
}

/// A port value the model cannot interpret (`from_port = -1` with protocol
/// `tcp`, `ports = ["http"]`): the rule holding it is left out, and this
/// says so at that place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortNote {
    pub loc: Loc,
    pub message: String,
}

/// Every ingress rule in the module, and a note for each one left out
/// because a port it gives cannot be read. Values known only after apply
/// are not noted: they are expected, and leave the rule out silently.
pub fn ingress_rules_noted<'a>(
    module: &'a EvaluatedModule,
    notes: &mut Vec<PortNote>,
) -> Vec<Ingress<'a>> {
    let mut out = Vec::new();
    // Which FWaaS rules serve ingress, read once, on the first FWaaS rule.
    let mut fw_directions: Option<hosts::FwDirections> = None;
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_security_group" | "aws_default_security_group" => {
                for block in inst.body.nested("ingress") {
                    if let Some(i) = aws_rule(inst, &block.body, block.loc, "protocol", notes) {
                        out.push(i);
                    }
                }
            }
            "aws_security_group_rule"
                if inst.body.get("type").and_then(Value::as_str) == Some("ingress") =>
            {
                out.extend(aws_rule(inst, &inst.body, inst.loc, "protocol", notes));
            }
            "aws_vpc_security_group_ingress_rule" => {
                out.extend(aws_rule(inst, &inst.body, inst.loc, "ip_protocol", notes))
            }
            "google_compute_firewall" => out.extend(gcp_rules(inst, notes)),
            "azurerm_network_security_rule" => {
                out.extend(azure_rule(inst, &inst.body, inst.loc, notes))
            }
            "azurerm_network_security_group" => {
                for block in inst.body.nested("security_rule") {
                    out.extend(azure_rule(inst, &block.body, block.loc, notes));
                }
            }
            "aws_eks_node_group" => out.extend(hosts::eks_node_group(inst)),
            "aws_lightsail_instance_public_ports" => hosts::lightsail(inst, notes, &mut out),
            "digitalocean_firewall" => hosts::digitalocean(inst, notes, &mut out),
            "openstack_networking_secgroup_rule_v2" => {
                out.extend(hosts::openstack_secgroup_rule(inst, notes))
            }
            "openstack_fw_rule_v1" | "openstack_fw_rule_v2" => {
                let directions =
                    fw_directions.get_or_insert_with(|| hosts::FwDirections::of(module));
                out.extend(hosts::openstack_fw_rule(inst, directions, notes))
            }
            _ => {}
        }
    }
    if module.resources.iter().any(|r| is_network_acl(&r.rtype)) {
        nacl::rules(module, notes, &mut out);
    }
    out
}

enum Proto {
    All,
    Ported,
    /// ICMP and protocols without ports: out of scope.
    Portless,
}

fn aws_protocol(v: Option<&Value>) -> Option<Proto> {
    let p = v?.to_text()?.to_ascii_lowercase();
    Some(match p.as_str() {
        "-1" | "all" => Proto::All,
        "tcp" | "udp" | "6" | "17" => Proto::Ported,
        _ => Proto::Portless,
    })
}

/// A port of an AWS rule: `Ok(None)` when known only after apply, `Err`
/// when given but not a port (`-1`, `70000`, `"http"`) or not given.
fn port(v: Option<&Value>) -> Result<Option<u32>, String> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Err("is not given".to_string());
    };
    if v.has_unknown() {
        return Ok(None);
    }
    match v.as_number() {
        Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Ok(Some(n as u32)),
        _ => Err(format!("is `{}`", v.render())),
    }
}

fn normalize(ranges: Vec<PortRange>) -> Ports {
    if ranges.iter().any(|&(lo, hi)| lo <= 1 && hi >= 65535) {
        Ports::All
    } else {
        Ports::Ranges(ranges)
    }
}

/// `from_port` and `to_port` of an AWS rule, lowest first: `None` when
/// either is known only after apply, or is not a port (noted).
fn from_to(
    inst: &Instance,
    body: &EvalBody,
    block_loc: Loc,
    proto_key: &str,
    notes: &mut Vec<PortNote>,
) -> Option<PortRange> {
    let mut read = |key: &str| match port(body.get(key)) {
        Ok(p) => p,
        Err(what) => {
            let proto = body
                .get(proto_key)
                .and_then(Value::to_text)
                .unwrap_or_default();
            let loc = body
                .get(key)
                .and_then(|v| v.site)
                .or_else(|| body.attr_loc(key))
                .unwrap_or(block_loc);
            notes.push(PortNote {
                loc,
                message: format!(
                    "`{}`: `{key}` {what}, not a port rampart can read with {proto_key} `{proto}` (a port is 0 to 65535; -1 means every port only with protocol \"-1\" or ICMP), so the network rules did not check this ingress rule",
                    inst.address
                ),
            });
            None
        }
    };
    let from = read("from_port");
    let to = read("to_port");
    let (from, to) = (from?, to?);
    Some((from.min(to), from.max(to)))
}

/// AWS security group ingress (inline, attribute form, rule resources).
fn aws_rule<'a>(
    inst: &'a Instance,
    body: &EvalBody,
    block_loc: Loc,
    proto_key: &str,
    notes: &mut Vec<PortNote>,
) -> Option<Ingress<'a>> {
    let ports = match aws_protocol(body.get(proto_key))? {
        Proto::Portless => return None,
        Proto::All => Ports::All,
        Proto::Ported => {
            let (from, to) = from_to(inst, body, block_loc, proto_key, notes)?;
            normalize(vec![(from, to)])
        }
    };
    let mut sources = Vec::new();
    for key in ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"] {
        if let Some(v) = body.get(key) {
            cidr_sources(v, block_loc, &mut sources);
        }
    }
    Some(Ingress {
        instance: inst,
        ports,
        sources,
    })
}

/// CIDR strings in a string or list value; unknown or unparsable ones are skipped.
fn cidr_sources(v: &Value, fallback: Loc, out: &mut Vec<Source>) {
    match &v.kind {
        Kind::List(items) => items.iter().for_each(|i| cidr_sources(i, fallback, out)),
        Kind::String(s) => {
            if let Some(net) = parse_cidr(s) {
                out.push(Source {
                    kind: SourceKind::Cidr(net),
                    value: Some(v.clone()),
                    loc: v.site.unwrap_or(fallback),
                    why: None,
                });
            }
        }
        _ => {}
    }
}

fn gcp_rules<'a>(inst: &'a Instance, notes: &mut Vec<PortNote>) -> Vec<Ingress<'a>> {
    let body = &inst.body;
    let direction = body.get("direction").map(|v| v.to_text());
    match direction {
        None => {}
        Some(Some(d)) if d.eq_ignore_ascii_case("INGRESS") => {}
        _ => return Vec::new(),
    }
    match body.get("disabled").map(Value::as_bool) {
        None | Some(Some(false)) => {}
        _ => return Vec::new(),
    }
    let mut sources = Vec::new();
    let mut other_sources = false;
    for key in ["source_ranges", "source_tags", "source_service_accounts"] {
        match body.get(key) {
            None => {}
            Some(v) if v.is_null() => {}
            Some(v) => {
                if key == "source_ranges" {
                    if v.has_unknown() {
                        other_sources = true;
                    }
                    cidr_sources(v, inst.loc, &mut sources);
                } else {
                    other_sources = true;
                }
            }
        }
    }
    let implicit = sources.is_empty() && !other_sources && body.get("source_ranges").is_none();
    let mut out = Vec::new();
    for allow in body.nested("allow") {
        let Some(proto) = allow.body.get("protocol").and_then(Value::to_text) else {
            continue;
        };
        let ports = match proto.to_ascii_lowercase().as_str() {
            "all" => Ports::All,
            "tcp" | "udp" | "sctp" | "6" | "17" | "132" => match allow.body.get("ports") {
                None => Ports::All,
                Some(v) if v.is_null() => Ports::All,
                Some(v) => match port_strings(v) {
                    Ok(Some(ranges)) => normalize(ranges),
                    Ok(None) => continue,
                    Err(bad) => {
                        notes.push(unreadable_port(inst, bad, allow.loc, "ports"));
                        continue;
                    }
                },
            },
            _ => continue,
        };
        let sources = if implicit {
            vec![Source {
                kind: SourceKind::ImplicitAnywhere,
                value: None,
                loc: allow.loc,
                why: None,
            }]
        } else {
            sources.clone()
        };
        out.push(Ingress {
            instance: inst,
            ports,
            sources,
        });
    }
    out
}

/// `["22", "8000-8080"]` (GCP) or `"22"`, `"1000-2000"`, `"*"` (Azure):
/// `Ok(None)` when some port is known only after apply, `Err` with the
/// first item that is not a port or a range.
fn port_strings(v: &Value) -> Result<Option<Vec<PortRange>>, &Value> {
    let mut out = Vec::new();
    let items: Vec<&Value> = match &v.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![v],
    };
    let mut unknown = false;
    for item in items {
        if item.has_unknown() {
            unknown = true;
            continue;
        }
        let Some(s) = item.to_text() else {
            return Err(item);
        };
        let s = s.trim();
        if s == "*" {
            out.push((0, 65535));
            continue;
        }
        let parsed: Option<(u32, u32)> = match s.split_once('-') {
            Some((a, b)) => a.trim().parse().ok().zip(b.trim().parse().ok()),
            None => s.parse().ok().map(|p| (p, p)),
        };
        match parsed {
            Some((lo, hi)) if lo <= 65535 && hi <= 65535 => out.push((lo.min(hi), lo.max(hi))),
            _ => return Err(item),
        }
    }
    Ok((!unknown).then_some(out))
}

/// The note for a port string that is not a port or a range.
fn unreadable_port(inst: &Instance, bad: &Value, fallback: Loc, key: &str) -> PortNote {
    PortNote {
        loc: bad.site.unwrap_or(fallback),
        message: format!(
            "`{}`: `{}` in `{key}` is not a port or a port range rampart can read (such as \"22\", \"8000-8080\" or \"*\"), so the network rules did not check this rule",
            inst.address,
            bad.render()
        ),
    }
}

fn azure_rule<'a>(
    inst: &'a Instance,
    body: &EvalBody,
    loc: Loc,
    notes: &mut Vec<PortNote>,
) -> Option<Ingress<'a>> {
    let text = |k: &str| body.get(k).and_then(Value::to_text);
    if !text("direction")?.eq_ignore_ascii_case("Inbound")
        || !text("access")?.eq_ignore_ascii_case("Allow")
    {
        return None;
    }
    let proto = text("protocol")?.to_ascii_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "*" | "asterisk") {
        return None;
    }
    let mut ranges = Vec::new();
    for key in ["destination_port_range", "destination_port_ranges"] {
        match body.get(key) {
            None => {}
            Some(v) if v.is_null() => {}
            Some(v) => match port_strings(v) {
                Ok(Some(r)) => ranges.extend(r),
                Ok(None) => return None,
                Err(bad) => {
                    notes.push(unreadable_port(inst, bad, loc, key));
                    return None;
                }
            },
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut sources = Vec::new();
    for key in ["source_address_prefix", "source_address_prefixes"] {
        if let Some(v) = body.get(key) {
            azure_sources(v, loc, &mut sources);
        }
    }
    Some(Ingress {
        instance: inst,
        ports: normalize(ranges),
        sources,
    })
}

fn azure_sources(v: &Value, fallback: Loc, out: &mut Vec<Source>) {
    match &v.kind {
        Kind::List(items) => items.iter().for_each(|i| azure_sources(i, fallback, out)),
        Kind::String(s) => {
            let loc = v.site.unwrap_or(fallback);
            let t = s.trim();
            if ["*", "internet", "any"].contains(&t.to_ascii_lowercase().as_str()) {
                out.push(Source {
                    kind: SourceKind::Anywhere(t.to_string()),
                    value: Some(v.clone()),
                    loc,
                    why: None,
                });
            } else if let Some(net) = parse_cidr(t) {
                out.push(Source {
                    kind: SourceKind::Cidr(net),
                    value: Some(v.clone()),
                    loc,
                    why: None,
                });
            }
        }
        _ => {}
    }
}

/// A resource's address inside its own module (`aws_lb.main`): what the
/// references written in that module name. (`Instance::address` carries the
/// module path, `module.web.aws_lb.main`.)
pub fn local_address(inst: &Instance) -> String {
    format!("{}.{}", inst.rtype, inst.name)
}

/// The resource of this module that `v` refers to (`aws_lb.main` for the
/// Unknown `aws_lb.main.arn`). `None` when the value came in through a
/// module call's variable or out of a module's output: its address names a
/// resource of another module, which this module's resources are not.
pub fn local_ref(v: &Value) -> Option<&str> {
    let address = v.refers_to()?;
    let crossed = v
        .trail
        .hops()
        .iter()
        .any(|h| h.note.starts_with("output of `") || h.note.contains("` set by `"));
    (!crossed).then_some(address)
}

/// Every resource of this module referenced inside `v`.
pub fn local_refs(v: &Value, out: &mut Vec<String>) {
    if let Some(a) = local_ref(v) {
        out.push(a.to_string());
    }
    match &v.kind {
        Kind::List(items) => items.iter().for_each(|i| local_refs(i, out)),
        Kind::Object(map) => map.values().for_each(|i| local_refs(i, out)),
        _ => {}
    }
}

fn body_refs(body: &EvalBody, out: &mut Vec<String>) {
    for (_, v) in &body.attrs {
        local_refs(v, out);
    }
    for b in &body.blocks {
        body_refs(&b.body, out);
    }
}

/// Load balancers (`aws_alb` is the older name of `aws_lb`; `aws_elb` is the
/// Classic Load Balancer).
pub const LOAD_BALANCERS: [&str; 3] = ["aws_lb", "aws_alb", "aws_elb"];

/// Where security groups are attached to something that serves: the
/// attributes holding security group references, by resource type.
pub const ATTACHMENTS: [(&str, &[&str]); 8] = [
    (
        "aws_instance",
        &["vpc_security_group_ids", "security_groups"],
    ),
    (
        "aws_launch_template",
        &[
            "vpc_security_group_ids",
            "security_group_names",
            "network_interfaces",
        ],
    ),
    ("aws_launch_configuration", &["security_groups"]),
    ("aws_lb", &["security_groups"]),
    ("aws_alb", &["security_groups"]),
    ("aws_elb", &["security_groups"]),
    ("aws_network_interface", &["security_groups"]),
    ("aws_ecs_service", &["network_configuration"]),
];

/// Each attachment in the module: (security group's local address, the
/// instance it is attached to).
pub fn attachments(module: &EvaluatedModule) -> Vec<(String, &Instance)> {
    let mut out = Vec::new();
    for inst in &module.resources {
        let Some((_, keys)) = ATTACHMENTS.iter().find(|(t, _)| *t == inst.rtype) else {
            continue;
        };
        let mut groups = Vec::new();
        for key in *keys {
            if let Some(v) = inst.body.get(key) {
                local_refs(v, &mut groups);
            }
            for b in inst.body.blocks(key) {
                body_refs(&b.body, &mut groups);
            }
        }
        groups.sort();
        groups.dedup();
        out.extend(groups.into_iter().map(|g| (g, inst)));
    }
    out
}

/// The security group (local address) an AWS ingress rule belongs to: the
/// group itself for an inline rule, `security_group_id` for a rule
/// resource.
pub fn group_of(ingress: &Instance) -> Option<String> {
    match ingress.rtype.as_str() {
        "aws_security_group" | "aws_default_security_group" => Some(local_address(ingress)),
        _ => ingress
            .body
            .get("security_group_id")
            .and_then(local_ref)
            .map(str::to_string),
    }
}

/// A listener's protocol, as far as "is it plain HTTP" goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerKind {
    /// HTTP (said, or the default of an Application Load Balancer).
    Http,
    /// Anything else known: HTTPS, TLS, TCP, UDP, TCP_UDP, SSL, GENEVE.
    Other,
    /// Not known before apply, or no default rampart can rely on.
    Unknown,
}

/// A security group that exists to receive internet traffic for
/// internet-facing load balancers: attached, in this module, only to load
/// balancers whose `internal` is known to be false, every listener of
/// which has a known port.
#[derive(Debug, Clone, Default)]
pub struct LbGroup {
    /// The load balancers, by local address (the same for every instance of
    /// a module, so that they report one finding).
    pub load_balancers: Vec<String>,
    /// Their listeners: port and protocol.
    pub listeners: Vec<(u32, ListenerKind)>,
}

impl LbGroup {
    pub fn ports(&self) -> Vec<u32> {
        let mut p: Vec<u32> = self.listeners.iter().map(|&(p, _)| p).collect();
        p.sort_unstable();
        p.dedup();
        p
    }
}

/// The listeners of one load balancer resource (all its instances), or
/// `None` when a port is known only after apply.
type Listeners = Option<Vec<(u32, ListenerKind)>>;

fn internet_facing(lb: &Instance) -> bool {
    match lb.body.get("internal") {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => v.as_bool() == Some(false),
    }
}

fn is_application(lb: &Instance) -> bool {
    lb.rtype != "aws_elb"
        && match lb.body.get("load_balancer_type") {
            None => true,
            Some(v) if v.is_null() => true,
            Some(v) => v
                .to_text()
                .is_some_and(|t| t.eq_ignore_ascii_case("application")),
        }
}

fn listener_port(v: Option<&Value>) -> Option<u32> {
    let n = v.filter(|v| !v.is_unknown())?.as_number()?;
    (n.fract() == 0.0 && (1.0..=65535.0).contains(&n)).then_some(n as u32)
}

fn listener_kind(v: Option<&Value>, application: bool) -> ListenerKind {
    match v.filter(|v| !v.is_null()) {
        None if application => ListenerKind::Http,
        None => ListenerKind::Unknown,
        Some(v) => match v.to_text() {
            Some(t) if t.trim().eq_ignore_ascii_case("HTTP") => ListenerKind::Http,
            Some(_) => ListenerKind::Other,
            None => ListenerKind::Unknown,
        },
    }
}

/// Add a listener to its load balancer's list; an unknown port makes the
/// whole list unknown.
fn add_listener(
    map: &mut BTreeMap<String, Listeners>,
    lb: &str,
    port: Option<u32>,
    kind: ListenerKind,
) {
    let entry = map
        .entry(lb.to_string())
        .or_insert_with(|| Some(Vec::new()));
    match (entry.as_mut(), port) {
        (Some(list), Some(p)) => list.push((p, kind)),
        (Some(_), None) => *entry = None,
        (None, _) => {}
    }
}

/// The security groups of this module that belong to internet-facing load
/// balancers (see [`LbGroup`]), by local address. A group also attached to
/// anything else (an instance, an internal load balancer, one whose
/// `internal` is unknown), or whose load balancer has a listener whose port
/// is known only after apply, is not here: it is judged as any other group.
pub fn load_balancer_groups(module: &EvaluatedModule) -> BTreeMap<String, LbGroup> {
    let lbs: Vec<&Instance> = module
        .resources
        .iter()
        .filter(|r| LOAD_BALANCERS.contains(&r.rtype.as_str()))
        .collect();
    if lbs.is_empty() {
        return BTreeMap::new();
    }
    // Listeners by load balancer (local address).
    let mut listeners: BTreeMap<String, Listeners> = BTreeMap::new();
    for lb in &lbs {
        let address = local_address(lb);
        listeners
            .entry(address.clone())
            .or_insert_with(|| Some(Vec::new()));
        if lb.rtype != "aws_elb" {
            continue;
        }
        if lb.body.get("listener").is_some_and(Value::has_unknown)
            || lb.body.has_unknown_blocks("listener")
        {
            add_listener(&mut listeners, &address, None, ListenerKind::Unknown);
        }
        for l in lb.body.nested("listener") {
            let port = listener_port(l.body.get("lb_port"));
            let kind = listener_kind(l.body.get("lb_protocol"), false);
            add_listener(&mut listeners, &address, port, kind);
        }
    }
    for inst in &module.resources {
        if !matches!(inst.rtype.as_str(), "aws_lb_listener" | "aws_alb_listener") {
            continue;
        }
        let Some(lb) = inst.body.get("load_balancer_arn").and_then(local_ref) else {
            continue;
        };
        let Some(lb_inst) = lbs.iter().find(|l| local_address(l) == lb) else {
            continue;
        };
        let application = lbs
            .iter()
            .filter(|l| local_address(l) == lb)
            .all(|l| is_application(l));
        let port = listener_port(inst.body.get("port"));
        let kind = listener_kind(inst.body.get("protocol"), application);
        add_listener(&mut listeners, &local_address(lb_inst), port, kind);
    }
    // Attachments: a group is kept only while everything it is attached to
    // is an internet-facing load balancer with known listener ports.
    let mut groups: BTreeMap<String, Option<LbGroup>> = BTreeMap::new();
    for (group, inst) in attachments(module) {
        let entry = groups
            .entry(group)
            .or_insert_with(|| Some(LbGroup::default()));
        let Some(g) = entry.as_mut() else { continue };
        let ports = listeners.get(&local_address(inst)).cloned().flatten();
        match ports {
            Some(ports)
                if LOAD_BALANCERS.contains(&inst.rtype.as_str()) && internet_facing(inst) =>
            {
                let lb = local_address(inst);
                if !g.load_balancers.contains(&lb) {
                    g.load_balancers.push(lb);
                }
                for l in ports {
                    if !g.listeners.contains(&l) {
                        g.listeners.push(l);
                    }
                }
            }
            _ => *entry = None,
        }
    }
    groups
        .into_iter()
        .filter_map(|(k, g)| g.map(|g| (k, g)))
        .collect()
}

/// Human names of well-known ports.
pub fn port_name(p: u32) -> Option<&'static str> {
    Some(match p {
        22 => "SSH",
        23 => "Telnet",
        3389 => "RDP",
        5985 | 5986 => "WinRM",
        5900 => "VNC",
        _ => return None,
    })
}

/// `22`, `20-25`, joined with commas.
pub fn format_ranges(ranges: &[PortRange]) -> String {
    ranges
        .iter()
        .map(|&(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of `ranges` not covered by `allowed` ports, merged.
pub fn subtract(ranges: &[PortRange], allowed: &[u32]) -> Vec<PortRange> {
    let mut out: Vec<PortRange> = Vec::new();
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    for (lo, hi) in sorted {
        let mut start = lo;
        let mut cuts: Vec<u32> = allowed
            .iter()
            .copied()
            .filter(|p| (lo..=hi).contains(p))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        for c in cuts {
            if c > start {
                push_merged(&mut out, (start, c - 1));
            }
            start = c + 1;
        }
        if start <= hi {
            push_merged(&mut out, (start, hi));
        }
    }
    out
}

fn push_merged(out: &mut Vec<PortRange>, r: PortRange) {
    if let Some(last) = out.last_mut() {
        if r.0 <= last.1 + 1 {
            last.1 = last.1.max(r.1);
            return;
        }
    }
    out.push(r);
}

/// The ports of `wanted` that fall inside `ranges`.
pub fn ports_in(ranges: &[PortRange], wanted: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|p| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(p)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One ingress rule seen from one non-private source: what the NET rules
/// judge.
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

/// The CIDRs in a string or a list of strings that are the internet (see
/// [`reach`]), each with its value and where a finding sits.
/// Unknown and unparsable elements are skipped.
pub(crate) fn internet_cidrs(v: &Value, fallback: Loc) -> Vec<(IpNet, &Value, Loc)> {
    let mut out = Vec::new();
    collect_internet(v, fallback, &mut out);
    out
}

fn collect_internet<'v>(v: &'v Value, fallback: Loc, out: &mut Vec<(IpNet, &'v Value, Loc)>) {
    match &v.kind {
        Kind::List(items) => items
            .iter()
            .for_each(|i| collect_internet(i, v.site.unwrap_or(fallback), out)),
        Kind::String(s) => {
            if let Some(net) = parse_cidr(s) {
                if reach(&net) == Reach::Internet {
                    out.push((net, v, v.site.unwrap_or(fallback)));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Reach {
        reach(&parse_cidr(s).unwrap())
    }

    #[test]
    fn internet_classification() {
        assert_eq!(r("0.0.0.0/0"), Reach::Internet);
        assert_eq!(r("::/0"), Reach::Internet);
        assert_eq!(r("1.0.0.0/8"), Reach::Internet);
        assert_eq!(r("0.0.0.0/1"), Reach::Internet);
        assert_eq!(r("2000::/3"), Reach::Internet);
        assert_eq!(r("2001:db8::/32"), Reach::Internet);
        assert_eq!(r("1.2.0.0/16"), Reach::Public);
        assert_eq!(r("203.0.113.7"), Reach::Public);
        assert_eq!(r("10.0.0.0/8"), Reach::Private);
        assert_eq!(r("172.16.0.0/12"), Reach::Private);
        assert_eq!(r("192.168.1.0/24"), Reach::Private);
        assert_eq!(r("100.64.0.0/10"), Reach::Private);
        assert_eq!(r("fd00::/8"), Reach::Private);
        assert_eq!(r("fe80::/10"), Reach::Private);
        assert_eq!(r("127.0.0.1/32"), Reach::Private);
        assert!(parse_cidr("300.0.0.0/8").is_none());
    }

    #[test]
    fn port_arithmetic() {
        assert_eq!(
            subtract(&[(20, 25)], &[22, 80, 443]),
            vec![(20, 21), (23, 25)]
        );
        assert_eq!(subtract(&[(80, 80)], &[80, 443]), vec![]);
        assert_eq!(format_ranges(&subtract(&[(20, 25)], &[22])), "20-21, 23-25");
        assert_eq!(
            ports_in(&[(20, 25), (3000, 4000)], &[22, 3389]),
            vec![22, 3389]
        );
        assert_eq!(
            port_strings(&Value::string("1000-2000", None)),
            Ok(Some(vec![(1000, 2000)]))
        );
    }
}
