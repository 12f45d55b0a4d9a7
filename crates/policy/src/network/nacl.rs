//! AWS network ACLs: the inline `ingress` blocks of `aws_network_acl` and
//! `aws_default_network_acl`, and `aws_network_acl_rule` with `egress =
//! false` (the provider's default). An ACL is ordered and stateless: an
//! `allow` entry takes effect only where no lower-numbered `deny` entry of
//! the same ACL matches first, so what lower denies certainly cover is
//! taken off an allow (all of it: the allow is dropped).
//!
//! An ACL is defense in depth: the security groups are the gate. An entry
//! that allows every port (protocol `-1`/`all`, or TCP/UDP 0-65535) is
//! AWS's own default ACL (which terraform-aws-modules/vpc writes back), not
//! an exposure, and is left out; only an entry opening a specific port
//! range is judged (by NET001, for the admin ports in it).

use super::{
    cidr_sources, from_to, local_ref, Ingress, PortNote, PortRange, Ports, Source, SourceKind,
};
use ipnet::IpNet;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;
use std::collections::BTreeMap;

/// The lowest port of the range a stateless ACL opens for return traffic
/// (the ephemeral ports of clients: 1024-65535 on AWS's own examples,
/// 32768-65535 on Linux, 49152-65535 on Windows).
const EPHEMERAL_FLOOR: u32 = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proto {
    /// `-1` / `all`: every protocol, ports ignored.
    All,
    /// TCP (6) or UDP (17), by number.
    Ported(u8),
    /// ICMP and the other protocols without ports.
    Portless,
}

fn protocol(v: Option<&Value>) -> Option<Proto> {
    let p = v?.to_text()?.trim().to_ascii_lowercase();
    Some(match p.as_str() {
        "-1" | "all" => Proto::All,
        "tcp" | "6" => Proto::Ported(6),
        "udp" | "17" => Proto::Ported(17),
        _ => Proto::Portless,
    })
}

/// One entry of an ACL, as far as it is known.
struct Entry<'a> {
    inst: &'a Instance,
    number: Option<f64>,
    /// `Some(true)` allow, `Some(false)` deny, `None` not known.
    allow: Option<bool>,
    proto: Option<Proto>,
    /// The port range of a TCP/UDP entry (`None`: not known).
    range: Option<PortRange>,
    /// The CIDR source (IPv4 or IPv6) with its value, when known.
    source: Option<Source>,
}

impl Entry<'_> {
    fn cidr(&self) -> Option<&IpNet> {
        match &self.source.as_ref()?.kind {
            SourceKind::Cidr(net) => Some(net),
            _ => None,
        }
    }
}

/// Read one entry. `number_key` and `action_key` differ between the
/// inline block (`rule_no`, `action`) and the rule resource
/// (`rule_number`, `rule_action`).
fn entry<'a>(
    inst: &'a Instance,
    body: &EvalBody,
    loc: Loc,
    number_key: &str,
    action_key: &str,
    notes: &mut Vec<PortNote>,
) -> Entry<'a> {
    let number = body
        .get(number_key)
        .filter(|v| !v.has_unknown())
        .and_then(Value::as_number);
    let allow = body.get(action_key).and_then(Value::to_text).and_then(|a| {
        match a.trim().to_ascii_lowercase().as_str() {
            "allow" => Some(true),
            "deny" => Some(false),
            _ => None,
        }
    });
    let proto = protocol(body.get("protocol"));
    // Ports are read (and an unreadable one noted) only where they matter:
    // for a TCP/UDP entry that allows.
    let range = match (proto, allow) {
        (Some(Proto::Ported(_)), Some(true)) => from_to(inst, body, loc, "protocol", notes),
        (Some(Proto::Ported(_)), _) => {
            let quiet = &mut Vec::new();
            from_to(inst, body, loc, "protocol", quiet)
        }
        _ => None,
    };
    let mut sources = Vec::new();
    for key in ["cidr_block", "ipv6_cidr_block"] {
        if let Some(v) = body.get(key) {
            cidr_sources(v, loc, &mut sources);
        }
    }
    // An entry has one CIDR; with both given (not valid) it is not judged.
    let source = if sources.len() == 1 {
        sources.pop()
    } else {
        None
    };
    Entry {
        inst,
        number,
        allow,
        proto,
        range,
        source,
    }
}

/// The ACL an `aws_network_acl_rule` belongs to: its `network_acl_id`'s
/// resource in this module (`aws_network_acl.public`), or the ID itself
/// when it is written out. `None` when not known: the rule is then judged
/// alone, with no deny to shadow it.
fn acl_of(rule: &Instance) -> Option<String> {
    let v = rule.body.get("network_acl_id")?;
    if let Some(address) = local_ref(v) {
        return Some(address.to_string());
    }
    if v.has_unknown() {
        return None;
    }
    v.to_text().map(|id| format!("id {id}"))
}

/// The module instance a resource instance is in (`module.net["a"].`, or
/// "" at the root): ACLs of different module instances are different ACLs
/// even when their local addresses are equal.
fn module_prefix(inst: &Instance) -> &str {
    let local = format!("{}.{}", inst.rtype, inst.name);
    match inst.instance.rfind(&local) {
        Some(i) => &inst.instance[..i],
        None => "",
    }
}

/// The ingress entries of every network ACL of the module, grouped by ACL.
fn acls<'a>(
    module: &'a EvaluatedModule,
    notes: &mut Vec<PortNote>,
) -> BTreeMap<String, Vec<Entry<'a>>> {
    let mut acls: BTreeMap<String, Vec<Entry<'a>>> = BTreeMap::new();
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_network_acl" | "aws_default_network_acl" => {
                // One ACL per instance.
                let key = format!("{}#{}", inst.rtype, inst.instance);
                for block in inst.body.nested("ingress") {
                    let e = entry(inst, &block.body, block.loc, "rule_no", "action", notes);
                    acls.entry(key.clone()).or_default().push(e);
                }
            }
            "aws_network_acl_rule" => {
                // `egress` defaults to false; an unknown one is not judged.
                match inst.body.get("egress") {
                    None => {}
                    Some(v) if v.is_null() => {}
                    Some(v) if v.as_bool() == Some(false) => {}
                    Some(_) => continue,
                }
                let key = match acl_of(inst) {
                    Some(acl) => format!("{}{acl}", module_prefix(inst)),
                    None => format!("alone#{}", inst.instance),
                };
                let e = entry(
                    inst,
                    &inst.body,
                    inst.loc,
                    "rule_number",
                    "rule_action",
                    notes,
                );
                acls.entry(key).or_default().push(e);
            }
            _ => {}
        }
    }
    acls
}

/// What of `ranges` a deny entry leaves allowed, for an allow entry of
/// protocol `proto` from `cidr` numbered `number`; `None` when the deny
/// does not certainly apply (unknown number, action, protocol, ports or
/// CIDR, a narrower CIDR, another protocol).
fn after_deny(
    deny: &Entry<'_>,
    number: f64,
    proto: Proto,
    cidr: &IpNet,
    ranges: &[PortRange],
) -> Option<Vec<PortRange>> {
    let deny_number = deny.number?;
    if deny.allow != Some(false) || deny_number >= number {
        return None;
    }
    if !deny.cidr()?.contains(cidr) {
        return None;
    }
    match (deny.proto?, proto) {
        (Proto::All, _) => Some(Vec::new()),
        (Proto::Ported(d), Proto::Ported(a)) if d == a => {
            let (lo, hi) = deny.range?;
            Some(cut(ranges, lo, hi))
        }
        _ => None,
    }
}

/// `ranges` less `lo..=hi`.
fn cut(ranges: &[PortRange], lo: u32, hi: u32) -> Vec<PortRange> {
    let mut out = Vec::new();
    for &(a, b) in ranges {
        if b < lo || a > hi {
            out.push((a, b));
            continue;
        }
        if a < lo {
            out.push((a, lo - 1));
        }
        if b > hi {
            out.push((hi + 1, b));
        }
    }
    out
}

/// The allow entries of every ACL that open a specific port range (not
/// every port, not the ephemeral range of return traffic) as ingress
/// rules, less what lower denies of the same ACL cover.
pub(super) fn rules<'a>(
    module: &'a EvaluatedModule,
    notes: &mut Vec<PortNote>,
    out: &mut Vec<Ingress<'a>>,
) {
    for entries in acls(module, notes).into_values() {
        for allow in &entries {
            if allow.allow != Some(true) {
                continue;
            }
            let (Some(proto), Some(source)) = (allow.proto, allow.source.as_ref()) else {
                continue;
            };
            // Every port (protocol all, or TCP/UDP over the whole range):
            // the default ACL's allow-all, left to the security groups.
            let (lo, hi) = match (proto, allow.range) {
                (Proto::Ported(_), Some(r)) => r,
                _ => continue,
            };
            if lo <= 1 && hi >= 65535 {
                continue;
            }
            // Return traffic: a stateless ACL must let the replies to the
            // subnet's own connections in on the ephemeral ports.
            if lo >= EPHEMERAL_FLOOR && hi == 65535 {
                continue;
            }
            let mut ranges = vec![(lo, hi)];
            if let (Some(number), Some(cidr)) = (allow.number, allow.cidr()) {
                for deny in &entries {
                    if let Some(left) = after_deny(deny, number, proto, cidr, &ranges) {
                        ranges = left;
                    }
                }
            }
            if ranges.is_empty() {
                continue;
            }
            out.push(Ingress {
                instance: allow.inst,
                ports: Ports::Ranges(ranges),
                sources: vec![source.clone()],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn cutting_a_range() {
        assert_eq!(cut(&[(0, 65535)], 22, 22), vec![(0, 21), (23, 65535)]);
        assert_eq!(cut(&[(20, 25)], 0, 1023), vec![]);
        assert_eq!(cut(&[(80, 80), (443, 443)], 443, 443), vec![(80, 80)]);
        assert_eq!(cut(&[(1000, 2000)], 0, 999), vec![(1000, 2000)]);
    }
}
