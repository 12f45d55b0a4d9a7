//! Numeric functions.

use super::types::num;
use super::{exactly, list, number, Out};
use crate::source::Loc;
use crate::value::{Kind, Value};

pub(super) fn abs(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    number(num(&v)?.abs(), site)
}

pub(super) fn ceil(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    number(num(&v)?.ceil(), site)
}

pub(super) fn floor(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    number(num(&v)?.floor(), site)
}

pub(super) fn signum(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let n = num(&v)?;
    // go-cty reads the argument as a Go int: a fraction or a number beyond
    // 64 bits is an error.
    if n.fract() != 0.0 || n.abs() >= 9_223_372_036_854_775_808.0 {
        return None;
    }
    let s = if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    };
    number(s, site)
}

pub(super) fn min(args: Vec<Value>, site: Option<Loc>) -> Out {
    fold(args, site, f64::min)
}

pub(super) fn max(args: Vec<Value>, site: Option<Loc>) -> Out {
    fold(args, site, f64::max)
}

fn fold(args: Vec<Value>, site: Option<Loc>, f: fn(f64, f64) -> f64) -> Out {
    let mut it = args.iter();
    let mut acc = num(it.next()?)?;
    for v in it {
        acc = f(acc, num(v)?);
    }
    number(acc, site)
}

/// `parseint(string, base)`: an optional sign and digits of a base from 2
/// to 62 (beyond 36, lowercase letters are 10–35 and uppercase 36–61).
/// Results an `f64` cannot hold exactly are unknown.
pub(super) fn parseint(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [s, base] = exactly(args)?;
    let s = s.as_str()?;
    let base = super::types::int(&base)?;
    if !(2..=62).contains(&base) {
        return None;
    }
    let base = u32::try_from(base).ok()?;
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut acc: u64 = 0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        acc = acc
            .checked_mul(u64::from(base))?
            .checked_add(u64::from(d))?;
        if acc > 1 << 53 {
            return None;
        }
    }
    let n = acc as f64;
    number(if neg { -n } else { n }, site)
}

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`.
/// Terraform refuses to produce more than 1,024 values. Bounds and steps
/// that binary arithmetic cannot step through exactly (0.1) are unknown:
/// Terraform's 512-bit arithmetic rounds differently from an `f64`.
pub(super) fn range(args: Vec<Value>, site: Option<Loc>) -> Out {
    const LIMIT: usize = 1024;
    let ns: Vec<f64> = args.iter().map(num).collect::<Option<_>>()?;
    let (start, end, step) = match ns[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (start, end, step),
        _ => return None,
    };
    let exact = |x: f64| x.abs() < 1_073_741_824.0 && (x * 1_048_576.0).fract() == 0.0;
    if start == end {
        return list(Vec::new(), site);
    }
    if step == 0.0 {
        return None;
    }
    // Terraform adds 512-bit floats: where f64 sums may round otherwise,
    // the result is Unknown, not an error.
    if !exact(start) || !exact(end) || !exact(step) {
        return Some(Value::unknown(site));
    }
    let down = step < 0.0;
    if (down && end > start) || (!down && end < start) {
        return None;
    }
    // Refused before anything is built: `range(4417)` inside a loop of a
    // million iterations must not build 1,024 values a million times.
    if ((end - start) / step).ceil() > LIMIT as f64 {
        return None;
    }
    let mut out = Vec::new();
    let mut n = start;
    while (down && n > end) || (!down && n < end) {
        if out.len() >= LIMIT {
            return None;
        }
        out.push(Value::new(Kind::Number(n), site));
        n += step;
    }
    list(out, site)
}
