//! The network-exposure model shared by the NET rules: every way Terraform
//! writes an ingress rule (AWS, Google Cloud, Azure) normalized into
//! protocol, port ranges and sources, plus the test for "the internet".

use ipnet::IpNet;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};
use std::net::IpAddr;
use std::sync::OnceLock;

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
    /// No source given where the provider defaults to 0.0.0.0/0 (GCP).
    ImplicitAnywhere,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub kind: SourceKind,
    /// The value it was read from (site and provenance), when there is one.
    pub value: Option<Value>,
    /// Where a finding about this source sits.
    pub loc: Loc,
}

impl Source {
    pub fn describe(&self) -> String {
        match &self.kind {
            SourceKind::Cidr(n) => n.to_string(),
            SourceKind::Anywhere(tag) => format!("`{tag}`"),
            SourceKind::ImplicitAnywhere => "0.0.0.0/0 (no source ranges given)".to_string(),
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

/// Every ingress rule in the module.
pub fn ingress_rules(module: &EvaluatedModule) -> Vec<Ingress<'_>> {
    let mut out = Vec::new();
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_security_group" | "aws_default_security_group" => {
                for block in inst.body.nested("ingress") {
                    if let Some(i) = aws_rule(inst, &block.body, block.loc, "protocol") {
                        out.push(i);
                    }
                }
            }
            "aws_security_group_rule"
                if inst.body.get("type").and_then(Value::as_str) == Some("ingress") =>
            {
                out.extend(aws_rule(inst, &inst.body, inst.loc, "protocol"));
            }
            "aws_vpc_security_group_ingress_rule" => {
                out.extend(aws_rule(inst, &inst.body, inst.loc, "ip_protocol"))
            }
            "google_compute_firewall" => out.extend(gcp_rules(inst)),
            "azurerm_network_security_rule" => out.extend(azure_rule(inst, &inst.body, inst.loc)),
            "azurerm_network_security_group" => {
                for block in inst.body.nested("security_rule") {
                    out.extend(azure_rule(inst, &block.body, block.loc));
                }
            }
            _ => {}
        }
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

fn port(v: Option<&Value>) -> Option<u32> {
    let n = v?.as_number()?;
    (n.fract() == 0.0 && (0.0..=65535.0).contains(&n)).then_some(n as u32)
}

fn normalize(ranges: Vec<PortRange>) -> Ports {
    if ranges.iter().any(|&(lo, hi)| lo <= 1 && hi >= 65535) {
        Ports::All
    } else {
        Ports::Ranges(ranges)
    }
}

/// AWS security group ingress (inline, attribute form, rule resources).
fn aws_rule<'a>(
    inst: &'a Instance,
    body: &EvalBody,
    block_loc: Loc,
    proto_key: &str,
) -> Option<Ingress<'a>> {
    let ports = match aws_protocol(body.get(proto_key))? {
        Proto::Portless => return None,
        Proto::All => Ports::All,
        Proto::Ported => {
            let from = port(body.get("from_port"))?;
            let to = port(body.get("to_port"))?;
            normalize(vec![(from.min(to), from.max(to))])
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
                });
            }
        }
        _ => {}
    }
}

fn gcp_rules(inst: &Instance) -> Vec<Ingress<'_>> {
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
                Some(v) => {
                    let Some(ranges) = port_strings(v) else {
                        continue;
                    };
                    normalize(ranges)
                }
            },
            _ => continue,
        };
        let sources = if implicit {
            vec![Source {
                kind: SourceKind::ImplicitAnywhere,
                value: None,
                loc: allow.loc,
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

/// `["22", "8000-8080"]` (GCP) or `"22"`, `"1000-2000"`, `"*"` (Azure).
fn port_strings(v: &Value) -> Option<Vec<PortRange>> {
    let mut out = Vec::new();
    let items: Vec<&Value> = match &v.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![v],
    };
    for item in items {
        let s = item.to_text()?;
        let s = s.trim();
        if s == "*" {
            out.push((0, 65535));
            continue;
        }
        let (lo, hi) = match s.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let p: u32 = s.parse().ok()?;
                (p, p)
            }
        };
        if lo > 65535 || hi > 65535 {
            return None;
        }
        out.push((lo.min(hi), lo.max(hi)));
    }
    Some(out)
}

fn azure_rule<'a>(inst: &'a Instance, body: &EvalBody, loc: Loc) -> Option<Ingress<'a>> {
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
            Some(v) => ranges.extend(port_strings(v)?),
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
                });
            } else if let Some(net) = parse_cidr(t) {
                out.push(Source {
                    kind: SourceKind::Cidr(net),
                    value: Some(v.clone()),
                    loc,
                });
            }
        }
        _ => {}
    }
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
            Some(vec![(1000, 2000)])
        );
    }
}
