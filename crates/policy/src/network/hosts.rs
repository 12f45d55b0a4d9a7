//! Ingress to hosts written by other resources than security groups and
//! firewalls of AWS, Google Cloud and Azure: EKS managed node groups'
//! remote access, Lightsail instance ports, DigitalOcean cloud firewalls,
//! OpenStack Neutron security group rules and FWaaS rules.
//!
//! Where a provider's default makes the source "anywhere" (a node group
//! with an SSH key and no source security groups, an OpenStack rule with no
//! remote prefix or group), the source is [`SourceKind::ImplicitAnywhere`]
//! with the default said in [`Source::why`].

use super::{
    cidr_sources, from_to, local_address, local_ref, local_refs, normalize, parse_cidr, port,
    port_strings, reach, unreadable_port, Ingress, PortNote, Ports, Reach, Source,
};
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::value::Value;
use std::collections::{HashMap, HashSet};

/// The text of `key`, lowercased and trimmed: `Ok(None)` when not set (or
/// null), `Err(())` when known only after apply.
fn text(body: &EvalBody, key: &str) -> Result<Option<String>, ()> {
    match body.get(key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => match v.to_text() {
            Some(t) => Ok(Some(t.trim().to_ascii_lowercase())),
            None => Err(()),
        },
    }
}

/// An attribute that is set to something other than null (known or not).
fn is_set(body: &EvalBody, key: &str) -> bool {
    body.get(key).is_some_and(|v| !v.is_null())
}

/// `aws_eks_node_group`: a `remote_access` block with an `ec2_ssh_key` and
/// no `source_security_group_ids` makes EKS open port 22 of the nodes to
/// 0.0.0.0/0 (the EKS API reference, `RemoteAccessConfig`).
pub(super) fn eks_node_group(inst: &Instance) -> Vec<Ingress<'_>> {
    let mut out = Vec::new();
    for block in inst.body.nested("remote_access") {
        if !is_set(&block.body, "ec2_ssh_key") {
            continue; // no key, no SSH rule
        }
        match block.body.get("source_security_group_ids") {
            None => {}
            Some(v) if v.is_null() => {}
            Some(v) if v.as_list().is_some_and(<[Value]>::is_empty) => {}
            Some(_) => continue, // groups given, or known only after apply
        }
        out.push(Ingress {
            instance: inst,
            ports: Ports::Ranges(vec![(22, 22)]),
            sources: vec![Source::implicit(
                block.loc,
                "0.0.0.0/0: `remote_access` sets `ec2_ssh_key` without `source_security_group_ids`, and EKS then opens port 22 to 0.0.0.0/0",
            )],
        });
    }
    out
}

/// `aws_lightsail_instance_public_ports`: each `port_info` block's
/// `cidrs` and `ipv6_cidrs`. A block without them is not judged: what
/// Lightsail then allows is not documented.
pub(super) fn lightsail<'a>(
    inst: &'a Instance,
    notes: &mut Vec<PortNote>,
    out: &mut Vec<Ingress<'a>>,
) {
    for block in inst.body.nested("port_info") {
        match text(&block.body, "protocol") {
            Ok(Some(p)) if matches!(p.as_str(), "tcp" | "udp" | "all") => {}
            _ => continue, // ICMP, or not known
        }
        let mut sources = Vec::new();
        for key in ["cidrs", "ipv6_cidrs"] {
            if let Some(v) = block.body.get(key) {
                cidr_sources(v, block.loc, &mut sources);
            }
        }
        if sources.is_empty() {
            continue;
        }
        let Some(range) = from_to(inst, &block.body, block.loc, "protocol", notes) else {
            continue;
        };
        out.push(Ingress {
            instance: inst,
            ports: normalize(vec![range]),
            sources,
        });
    }
}

/// `digitalocean_firewall`: each `inbound_rule`'s `port_range` ("22",
/// "8000-9000", "1-65535"; "0" and "all" mean every port) from its
/// `source_addresses`.
pub(super) fn digitalocean<'a>(
    inst: &'a Instance,
    notes: &mut Vec<PortNote>,
    out: &mut Vec<Ingress<'a>>,
) {
    for block in inst.body.nested("inbound_rule") {
        match text(&block.body, "protocol") {
            Ok(Some(p)) if matches!(p.as_str(), "tcp" | "udp") => {}
            _ => continue, // ICMP, or not known
        }
        let ports = match block.body.get("port_range") {
            None => continue, // required for TCP and UDP
            Some(v) if v.is_null() || v.has_unknown() => continue,
            Some(v) => match v.to_text().as_deref().map(str::trim) {
                Some("0") | Some("all") => Ports::All,
                _ => match port_strings(v) {
                    Ok(Some(ranges)) => normalize(ranges),
                    Ok(None) => continue,
                    Err(bad) => {
                        notes.push(unreadable_port(inst, bad, block.loc, "port_range"));
                        continue;
                    }
                },
            },
        };
        let mut sources = Vec::new();
        if let Some(v) = block.body.get("source_addresses") {
            cidr_sources(v, block.loc, &mut sources);
        }
        if sources.is_empty() {
            continue;
        }
        out.push(Ingress {
            instance: inst,
            ports,
            sources,
        });
    }
}

/// OpenStack protocols: `None` when not known, `Some(None)` for one
/// without ports, `Some(Some(all))` for every protocol (`all` true) or
/// one with ports.
fn openstack_protocol(body: &EvalBody) -> Option<Option<bool>> {
    let p = text(body, "protocol").ok()?;
    Some(match p.as_deref() {
        None | Some("") | Some("any") | Some("0") => Some(true),
        Some("tcp" | "6" | "udp" | "17" | "sctp" | "132" | "dccp" | "33" | "udplite" | "136") => {
            Some(false)
        }
        Some(_) => None,
    })
}

/// The source of an OpenStack rule: the CIDR in `prefix_key`, or, with
/// none and none of `group_keys`, every address (of `ipv6`'s family).
fn openstack_source(
    inst: &Instance,
    prefix_key: &str,
    group_keys: &[&str],
    ipv6: bool,
    why: &str,
) -> Option<Vec<Source>> {
    let body = &inst.body;
    let prefix = match body.get(prefix_key) {
        Some(v) if v.has_unknown() => return None,
        Some(v) if !v.is_null() && v.to_text().is_some_and(|t| !t.trim().is_empty()) => Some(v),
        _ => None,
    };
    if let Some(v) = prefix {
        let mut sources = Vec::new();
        cidr_sources(v, inst.loc, &mut sources);
        return Some(sources);
    }
    if group_keys.iter().any(|k| is_set(body, k)) {
        return None; // another group as the source
    }
    let any = if ipv6 { "::/0" } else { "0.0.0.0/0" };
    Some(vec![Source::implicit(inst.loc, format!("{any}: {why}"))])
}

/// `openstack_networking_secgroup_rule_v2` with `direction = "ingress"`.
/// No `protocol` means every protocol; no ports (or 0 and 0) every port;
/// no `remote_ip_prefix` and no remote group every source address.
pub(super) fn openstack_secgroup_rule<'a>(
    inst: &'a Instance,
    notes: &mut Vec<PortNote>,
) -> Option<Ingress<'a>> {
    let body = &inst.body;
    if text(body, "direction").ok()?.as_deref() != Some("ingress") {
        return None;
    }
    let ports = match openstack_protocol(body)? {
        None => return None,
        Some(true) => Ports::All,
        Some(false) => {
            let read = |key: &str| match body.get(key) {
                None => Ok(None),
                Some(v) if v.is_null() => Ok(None),
                Some(v) => port(Some(v)).map(|p| p.map(Some)),
            };
            let mut note = |key: &str, what: String| {
                notes.push(PortNote {
                    loc: body.get(key).and_then(|v| v.site).unwrap_or(inst.loc),
                    message: format!(
                        "`{}`: `{key}` {what}, not a port rampart can read (1 to 65535, or 0 with the other 0 for every port), so the network rules did not check this rule",
                        inst.address
                    ),
                });
            };
            let (min, max) = match (read("port_range_min"), read("port_range_max")) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(what), _) => {
                    note("port_range_min", what);
                    return None;
                }
                (_, Err(what)) => {
                    note("port_range_max", what);
                    return None;
                }
            };
            match (min, max) {
                // Known only after apply.
                (Some(None), _) | (_, Some(None)) => return None,
                (None, None) | (Some(Some(0)), Some(Some(0))) => Ports::All,
                (Some(Some(a)), None) | (None, Some(Some(a))) => Ports::Ranges(vec![(a, a)]),
                (Some(Some(a)), Some(Some(b))) => normalize(vec![(a.min(b), a.max(b))]),
            }
        }
    };
    let ipv6 = text(body, "ethertype").ok()?.as_deref() == Some("ipv6");
    let sources = openstack_source(
        inst,
        "remote_ip_prefix",
        &["remote_group_id", "remote_address_group_id"],
        ipv6,
        "no `remote_ip_prefix` and no remote group, so the rule matches every source address",
    )?;
    Some(Ingress {
        instance: inst,
        ports,
        sources,
    })
}

/// Which direction the FWaaS v2 rules of a module serve, as far as the
/// module says: the rules (local addresses) of the policies that firewall
/// groups use as `ingress_firewall_policy_id`, and of those used as
/// `egress_firewall_policy_id`. Built once per module.
#[derive(Debug, Default)]
pub(super) struct FwDirections {
    ingress: HashSet<String>,
    egress: HashSet<String>,
}

impl FwDirections {
    pub(super) fn of(module: &EvaluatedModule) -> FwDirections {
        let mut policies: HashMap<String, Vec<String>> = HashMap::new();
        for p in &module.resources {
            if p.rtype == "openstack_fw_policy_v2" {
                let rules = policies.entry(local_address(p)).or_default();
                if let Some(v) = p.body.get("rules") {
                    local_refs(v, rules);
                }
            }
        }
        let mut out = FwDirections::default();
        if policies.is_empty() {
            return out;
        }
        for g in &module.resources {
            if g.rtype != "openstack_fw_group_v2" {
                continue;
            }
            for (key, set) in [
                ("ingress_firewall_policy_id", &mut out.ingress),
                ("egress_firewall_policy_id", &mut out.egress),
            ] {
                let rules = g
                    .body
                    .get(key)
                    .and_then(local_ref)
                    .and_then(|p| policies.get(p));
                set.extend(rules.into_iter().flatten().cloned());
            }
        }
        out
    }
}

/// Is an FWaaS rule's `destination_ip_address` a public address or range?
/// A rule towards the internet is an egress rule (instances reaching out),
/// whatever its source.
fn public_destination(body: &EvalBody) -> bool {
    matches!(text(body, "destination_ip_address"), Ok(Some(d))
        if parse_cidr(&d).is_some_and(|net| reach(&net) != Reach::Private))
}

/// `openstack_fw_rule_v1`/`_v2` (FWaaS) with `action = "allow"` that is
/// not disabled, and that serves ingress: a v2 rule in a policy a firewall
/// group uses as its ingress policy; otherwise (a v1 rule, which has no
/// direction, or a v2 rule nothing in the module places) one whose
/// destination is not a public address. A v2 rule only in egress policies
/// is not ingress. No `protocol` (v2) means any; no `destination_port`
/// every port ("22", "8000:8080"); no `source_ip_address` every source
/// address.
pub(super) fn openstack_fw_rule<'a>(
    inst: &'a Instance,
    directions: &FwDirections,
    notes: &mut Vec<PortNote>,
) -> Option<Ingress<'a>> {
    let body = &inst.body;
    let me = local_address(inst);
    let ingress = inst.rtype == "openstack_fw_rule_v2" && directions.ingress.contains(&me);
    if !ingress {
        let egress = inst.rtype == "openstack_fw_rule_v2" && directions.egress.contains(&me);
        if egress || public_destination(body) {
            return None;
        }
    }
    if text(body, "action").ok()?.as_deref() != Some("allow") {
        return None; // deny or reject, v2's default deny, or not known
    }
    match text(body, "enabled").ok()?.as_deref() {
        None | Some("true") => {}
        _ => return None,
    }
    let ports = match openstack_protocol(body)? {
        None => return None,
        Some(true) => Ports::All,
        Some(false) => match body.get("destination_port") {
            None => Ports::All,
            Some(v) if v.is_null() => Ports::All,
            Some(v) if v.has_unknown() => return None,
            Some(v) => {
                // FWaaS writes a range with a colon.
                let dashed = v
                    .to_text()
                    .map(|t| Value::string(t.replace(':', "-"), v.site));
                match dashed.as_ref().map(port_strings) {
                    Some(Ok(Some(ranges))) => normalize(ranges),
                    Some(Ok(None)) => return None,
                    _ => {
                        notes.push(unreadable_port(inst, v, inst.loc, "destination_port"));
                        return None;
                    }
                }
            }
        },
    };
    let ipv6 = text(body, "ip_version").ok()?.as_deref() == Some("6");
    let sources = openstack_source(
        inst,
        "source_ip_address",
        &[],
        ipv6,
        "no `source_ip_address`, so the rule matches every source address",
    )?;
    Some(Ingress {
        instance: inst,
        ports,
        sources,
    })
}
