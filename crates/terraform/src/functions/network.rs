//! CIDR functions, for IPv4 and IPv6, computed on addresses as integers the
//! way Terraform (through go-cidr) does.

use super::types::{int, str_arg};
use super::{exactly, list, Out};
use crate::source::Loc;
use crate::value::Value;
use ipnet::IpNet;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A network: its address (host bits cleared), address width and prefix
/// length.
#[derive(Clone, Copy)]
struct Net {
    addr: u128,
    width: u32,
    len: u32,
}

impl Net {
    fn parse(v: &Value) -> Option<Net> {
        let text = str_arg(v)?;
        Some(match text.parse::<IpNet>().ok()? {
            IpNet::V4(n) => Net {
                addr: u128::from(u32::from(n.network())),
                width: 32,
                len: u32::from(n.prefix_len()),
            },
            IpNet::V6(n) => Net {
                addr: u128::from(n.network()),
                width: 128,
                len: u32::from(n.prefix_len()),
            },
        })
    }

    fn all(&self) -> u128 {
        if self.width == 32 {
            u128::from(u32::MAX)
        } else {
            u128::MAX
        }
    }

    /// The mask of a prefix of `len` bits.
    fn mask(&self, len: u32) -> u128 {
        match u128::MAX.checked_shl(self.width - len) {
            Some(m) if len > 0 => m & self.all(),
            _ => 0,
        }
    }

    fn host_mask(&self, len: u32) -> u128 {
        !self.mask(len) & self.all()
    }

    fn contains(&self, addr: u128) -> bool {
        addr & self.mask(self.len) == self.addr
    }

    fn at(&self, addr: u128, len: u32) -> Net {
        Net {
            addr,
            width: self.width,
            len,
        }
    }

    fn to_text(self) -> Option<String> {
        Some(format!("{}/{}", address(self.addr, self.width)?, self.len))
    }
}

/// An address as Go prints it. IPv4-mapped IPv6 addresses, which Go prints
/// in a form of its own, are not rendered.
fn address(addr: u128, width: u32) -> Option<String> {
    if width == 32 {
        return Some(Ipv4Addr::from(u32::try_from(addr).ok()?).to_string());
    }
    let a = Ipv6Addr::from(addr);
    if a.to_ipv4_mapped().is_some() {
        return None;
    }
    Some(a.to_string())
}

fn string(text: String, site: Option<Loc>) -> Out {
    Some(Value::string(text, site))
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub(super) fn cidrsubnet(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [prefix, newbits, netnum] = exactly(args)?;
    let net = Net::parse(&prefix)?;
    let newbits = u32::try_from(int(&newbits)?).ok()?;
    let netnum = u128::try_from(int(&netnum)?).ok()?;
    let len = net.len.checked_add(newbits)?;
    if len > net.width {
        return None;
    }
    if newbits < 128 && netnum >> newbits != 0 {
        return None;
    }
    let shifted = if netnum == 0 {
        0
    } else {
        netnum.checked_shl(net.width - len)?
    };
    string(net.at(net.addr | shifted, len).to_text()?, site)
}

/// `cidrhost(prefix, hostnum)`; a negative host number counts from the end.
pub(super) fn cidrhost(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [prefix, hostnum] = exactly(args)?;
    let net = Net::parse(&prefix)?;
    let hostnum = int(&hostnum)?;
    let max = net.host_mask(net.len);
    let num = if hostnum >= 0 {
        let n = u128::try_from(hostnum).ok()?;
        (n <= max).then_some(n)?
    } else {
        let back = u128::try_from(-(hostnum + 1)).ok()?;
        (back <= max).then(|| max - back)?
    };
    string(address(net.addr | num, net.width)?, site)
}

/// `cidrnetmask(prefix)`: IPv4 only.
pub(super) fn cidrnetmask(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [prefix] = exactly(args)?;
    let net = Net::parse(&prefix)?;
    if net.width != 32 {
        return None;
    }
    string(address(net.mask(net.len), 32)?, site)
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned
/// after the previous one, as go-cidr allocates them.
pub(super) fn cidrsubnets(args: Vec<Value>, site: Option<Loc>) -> Out {
    let mut it = args.into_iter();
    let net = Net::parse(&it.next()?)?;
    let lens: Vec<u32> = it
        .map(|v| {
            let n = u32::try_from(int(&v)?).ok()?;
            let len = net.len.checked_add(n)?;
            ((1..=32).contains(&n) && len <= net.width).then_some(len)
        })
        .collect::<Option<_>>()?;
    let Some(&first) = lens.first() else {
        return list(Vec::new(), site);
    };
    // The subnet of the first size just before the network.
    let before = net.addr.wrapping_sub(1) & net.all();
    let mut current = net.at(before & net.mask(first), first);
    let mut out = Vec::with_capacity(lens.len());
    for len in lens {
        let current_last = current.addr | net.host_mask(current.len);
        let last = (current_last & net.mask(len)) | net.host_mask(len);
        let next = last.wrapping_add(1) & net.all();
        if next == 0 || !net.contains(next) {
            return None;
        }
        current = net.at(next & net.mask(len), len);
        out.push(Value::string(current.to_text()?, site));
    }
    list(out, site)
}
