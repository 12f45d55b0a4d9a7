//! Collection functions: lists, sets and maps.

use super::types::{
    self, bool_arg, canon, convert_all, dedup, equal, int, num, set_order, text, unify_values, Ty,
};
use super::{boolean, exactly, items, list, number, Out, MAX_NESTING};
use crate::limits::MAX_ELEMENTS;
use crate::source::Loc;
use crate::value::{Kind, Value};
use std::collections::{BTreeMap, HashSet};

pub(super) fn concat(args: Vec<Value>, site: Option<Loc>) -> Out {
    if args.is_empty() {
        return None;
    }
    let mut total = 0usize;
    for a in &args {
        total = total.checked_add(a.as_list()?.len())?;
    }
    if total > MAX_ELEMENTS {
        return None;
    }
    let mut out = Vec::with_capacity(total);
    for a in args {
        out.extend(items(a)?);
    }
    list(out, site)
}

pub(super) fn merge(args: Vec<Value>, site: Option<Loc>) -> Out {
    let mut map = BTreeMap::new();
    for a in args {
        match a.kind {
            Kind::Object(m) => map.extend(m),
            Kind::Null => {}
            _ => return None,
        }
    }
    Some(Value::new(Kind::Object(map), site))
}

pub(super) fn flatten(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    // An unknown element might be a list to flatten, so the result is
    // unknown; an unknown element of a known type stays an element.
    fn go(items: Vec<Value>, out: &mut Vec<Value>, depth: usize) -> Option<()> {
        if depth > MAX_NESTING {
            return None;
        }
        for v in items {
            match v.kind {
                Kind::List(inner) => go(inner, out, depth + 1)?,
                Kind::Unknown => return None,
                _ => {
                    if out.len() >= MAX_ELEMENTS {
                        return None;
                    }
                    out.push(v);
                }
            }
        }
        Some(())
    }
    let mut out = Vec::new();
    go(items(v)?, &mut out, 0)?;
    list(out, site)
}

pub(super) fn distinct(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    if v.has_unknown() {
        return None;
    }
    list(dedup(unify_values(items(v)?)?), site)
}

pub(super) fn compact(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    if v.has_unknown() {
        return None;
    }
    let kept = convert_all(items(v)?, &Ty::String)?
        .into_iter()
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
        .collect();
    list(kept, site)
}

/// The first argument that is neither null nor an empty string, converted
/// to the type all arguments unify to. An unknown argument before it makes
/// the result unknown; unknowns after it do not matter.
pub(super) fn coalesce(args: Vec<Value>) -> Out {
    let tys: Vec<Ty> = args.iter().map(types::type_of).collect::<Option<_>>()?;
    let ty = types::unify(&tys)?;
    for a in args {
        if a.is_unknown() {
            return None;
        }
        if a.is_null() {
            continue;
        }
        let a = types::convert(a, &ty)?;
        if ty == Ty::String && a.as_str() == Some("") {
            continue;
        }
        return Some(a);
    }
    None
}

/// The first non-empty list. An unknown argument before it makes the result
/// unknown; unknowns after it do not matter.
pub(super) fn coalescelist(args: Vec<Value>) -> Out {
    // Terraform checks the arguments' types up to the first unknown one.
    for a in &args {
        match &a.kind {
            Kind::List(_) => {}
            Kind::Unknown => break,
            _ => return None,
        }
    }
    args.into_iter()
        .map_while(|a| (!a.is_unknown()).then_some(a))
        .find(|a| a.as_list().is_some_and(|l| !l.is_empty()))
}

pub(super) fn lookup(args: Vec<Value>) -> Out {
    if !(2..=3).contains(&args.len()) {
        return None;
    }
    let mut it = args.into_iter();
    let (map, key) = (it.next()?, it.next()?);
    let default = it.next();
    let key = text(&key)?;
    // Terraform answers only once the whole map is known.
    if map.has_unknown() {
        return None;
    }
    match map.kind {
        Kind::Object(mut m) => m.remove(&key).or(default),
        _ => None,
    }
}

pub(super) fn element(args: Vec<Value>) -> Out {
    let [l, i] = exactly(args)?;
    let i = int(&i)?;
    let mut items = items(l)?;
    let len = i64::try_from(items.len()).ok()?;
    if len == 0 {
        return None;
    }
    // Terraform 1.11 takes the index modulo the length, truncated (Go's
    // `%`), and refuses a negative result; later versions count it from the
    // end: Unknown, right for both.
    let i = i % len;
    if i < 0 {
        return Some(Value::unknown(None));
    }
    let i = usize::try_from(i).ok()?;
    (i < items.len()).then(|| items.swap_remove(i))
}

pub(super) fn index(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [l, x] = exactly(args)?;
    // The value sought must not be null (Terraform's argument check).
    if x.is_null() {
        return None;
    }
    let items = l.as_list()?;
    for (i, item) in items.iter().enumerate() {
        if equal(item, &x)? {
            return number(i as f64, site);
        }
    }
    None
}

pub(super) fn contains(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [l, x] = exactly(args)?;
    if x.is_null() {
        return None;
    }
    let items = l.as_list()?;
    if items.is_empty() {
        return boolean(false, site);
    }
    if x.is_unknown() {
        return None;
    }
    let mut open = false;
    for item in items {
        match equal(item, &x) {
            Some(true) => return boolean(true, site),
            Some(false) => {}
            None => open = true,
        }
    }
    if open {
        None
    } else {
        boolean(false, site)
    }
}

pub(super) fn keys(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [m] = exactly(args)?;
    let Kind::Object(m) = m.kind else { return None };
    let keys = m
        .into_iter()
        .map(|(k, v)| Value::string(k, v.site.or(site)))
        .collect();
    list(keys, site)
}

pub(super) fn values(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [m] = exactly(args)?;
    let Kind::Object(m) = m.kind else { return None };
    list(m.into_values().collect(), site)
}

pub(super) fn length(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let n = match &v.kind {
        Kind::List(items) => items.len(),
        Kind::Object(m) => m.len(),
        Kind::String(s) => super::strings::grapheme_count(s),
        _ => return None,
    };
    number(n as f64, site)
}

pub(super) fn slice(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [l, start, end] = exactly(args)?;
    let (start, end) = (int(&start)?, int(&end)?);
    let items = items(l)?;
    let start = usize::try_from(start).ok()?;
    let end = usize::try_from(end).ok()?;
    if start > end || end > items.len() {
        return None;
    }
    list(
        items.into_iter().skip(start).take(end - start).collect(),
        site,
    )
}

pub(super) fn zipmap(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [ks, vs] = exactly(args)?;
    let (ks, vs) = (items(ks)?, items(vs)?);
    if ks.len() != vs.len() {
        return None;
    }
    let mut map = BTreeMap::new();
    for (k, v) in ks.iter().zip(vs) {
        map.insert(text(k)?, v);
    }
    Some(Value::new(Kind::Object(map), site))
}

/// The elements of set arguments, converted to one element type.
fn set_args(args: Vec<Value>, min: usize) -> Option<Vec<Vec<Value>>> {
    if args.len() < min {
        return None;
    }
    let mut lens = Vec::with_capacity(args.len());
    let mut all = Vec::new();
    for a in args {
        let items = items(a)?;
        lens.push(items.len());
        if all.len() + items.len() > MAX_ELEMENTS {
            return None;
        }
        all.extend(items);
    }
    let mut all = unify_values(all)?.into_iter();
    Some(
        lens.into_iter()
            .map(|n| all.by_ref().take(n).collect())
            .collect(),
    )
}

fn set(items: Vec<Value>, site: Option<Loc>) -> Out {
    let mut items = dedup(items);
    set_order(&mut items);
    list(items, site)
}

pub(super) fn setunion(args: Vec<Value>, site: Option<Loc>) -> Out {
    let sets = set_args(args, 1)?;
    set(sets.into_iter().flatten().collect(), site)
}

pub(super) fn setintersection(args: Vec<Value>, site: Option<Loc>) -> Out {
    if args.iter().any(Value::has_unknown) {
        return None;
    }
    let mut sets = set_args(args, 1)?.into_iter();
    let first = sets.next()?;
    let others: Vec<HashSet<String>> = sets
        .map(|s| s.iter().map(canon).collect::<Option<_>>())
        .collect::<Option<_>>()?;
    let mut kept = Vec::new();
    for v in first {
        let key = canon(&v)?;
        if others.iter().all(|o| o.contains(&key)) {
            kept.push(v);
        }
    }
    set(kept, site)
}

pub(super) fn setsubtract(args: Vec<Value>, site: Option<Loc>) -> Out {
    if args.len() != 2 || args.iter().any(Value::has_unknown) {
        return None;
    }
    let [a, b]: [Vec<Value>; 2] = set_args(args, 2)?.try_into().ok()?;
    let b: HashSet<String> = b.iter().map(canon).collect::<Option<_>>()?;
    let mut kept = Vec::new();
    for v in a {
        if !b.contains(&canon(&v)?) {
            kept.push(v);
        }
    }
    set(kept, site)
}

pub(super) fn toset(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::List(items) => set(unify_values(items)?, site),
        _ => None,
    }
}

pub(super) fn tolist(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::List(items) => list(unify_values(items)?, site),
        _ => None,
    }
}

pub(super) fn tomap(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::Object(m) => {
            let (keys, vals): (Vec<String>, Vec<Value>) = m.into_iter().unzip();
            let vals = unify_values(vals)?;
            let map = keys.into_iter().zip(vals).collect();
            Some(Value::new(Kind::Object(map), site))
        }
        _ => None,
    }
}

pub(super) fn one(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let mut items = items(v)?;
    match items.len() {
        0 => Some(Value::null(site)),
        1 => items.pop(),
        _ => None,
    }
}

pub(super) fn sum(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    if v.has_unknown() {
        return None;
    }
    let items = v.as_list()?;
    if items.is_empty() {
        return None;
    }
    let ns: Vec<f64> = items.iter().map(num).collect::<Option<_>>()?;
    number(decimal_sum(&ns)?, site)
}

/// The sum of numbers as Terraform's decimal-exact big floats add them:
/// each number taken as the decimal it was written as, added exactly,
/// rounded once (`0.1 + 0.2` is `0.3`).
fn decimal_sum(ns: &[f64]) -> Option<f64> {
    let parts: Vec<(i128, u32)> = ns
        .iter()
        .map(|n| decimal_parts(*n))
        .collect::<Option<_>>()?;
    let scale = parts.iter().map(|p| p.1).max().unwrap_or(0);
    let mut total: i128 = 0;
    for (m, s) in parts {
        let m = m.checked_mul(10i128.checked_pow(scale - s)?)?;
        total = total.checked_add(m)?;
    }
    format!("{total}e-{scale}")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// A number's shortest decimal as an integer and a count of decimal
/// places (`-1.25` → `(-125, 2)`).
fn decimal_parts(n: f64) -> Option<(i128, u32)> {
    if n == 0.0 {
        return Some((0, 0));
    }
    let sci = format!("{n:e}");
    let (m, e) = sci.split_once('e')?;
    let digits: String = m.chars().filter(char::is_ascii_digit).collect();
    let e: i32 = e.parse().ok()?;
    let places = i32::try_from(digits.len()).ok()? - 1 - e;
    let mut mant: i128 = digits.parse().ok()?;
    let scale = if places >= 0 {
        u32::try_from(places).ok()?
    } else {
        mant = mant.checked_mul(10i128.checked_pow(u32::try_from(-places).ok()?)?)?;
        0
    };
    if scale > 30 {
        return None;
    }
    Some((if n < 0.0 { -mant } else { mant }, scale))
}

pub(super) fn reverse(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let mut items = items(v)?;
    items.reverse();
    list(items, site)
}

pub(super) fn sort(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    if v.has_unknown() {
        return None;
    }
    let mut items = convert_all(items(v)?, &Ty::String)?;
    if items.iter().any(Value::is_null) {
        return None;
    }
    items.sort_by(|a, b| {
        let (a, b) = (a.as_str().unwrap_or(""), b.as_str().unwrap_or(""));
        a.as_bytes().cmp(b.as_bytes())
    });
    list(items, site)
}

pub(super) fn chunklist(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [l, size] = exactly(args)?;
    let size = usize::try_from(int(&size)?).ok()?;
    let items = unify_values(items(l)?)?;
    if items.is_empty() {
        return list(Vec::new(), site);
    }
    if size == 0 {
        return list(vec![Value::new(Kind::List(items), site)], site);
    }
    let mut chunks = Vec::with_capacity(items.len().div_ceil(size));
    let mut it = items.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(Value::new(
            Kind::List(it.by_ref().take(size).collect()),
            site,
        ));
    }
    list(chunks, site)
}

/// The elements of a `list(bool)` argument, once each known one is known
/// to convert.
fn bools(v: &Value) -> Option<&[Value]> {
    let items = v.as_list()?;
    for i in items {
        if !matches!(i.kind, Kind::Unknown | Kind::Null) {
            bool_arg(i)?;
        }
    }
    Some(items)
}

/// `true` unless an element is false (or null); unknown when an unknown
/// element could decide it.
pub(super) fn alltrue(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let items = bools(&v)?;
    let mut open = false;
    for i in items {
        match &i.kind {
            Kind::Unknown => open = true,
            Kind::Null => return boolean(false, site),
            _ => {
                if !bool_arg(i)? {
                    return boolean(false, site);
                }
            }
        }
    }
    if open {
        None
    } else {
        boolean(true, site)
    }
}

/// `true` if an element is true; unknown when an unknown element could
/// decide it.
pub(super) fn anytrue(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let items = bools(&v)?;
    let mut open = false;
    for i in items {
        match &i.kind {
            Kind::Unknown => open = true,
            Kind::Null => {}
            _ => {
                if bool_arg(i)? {
                    return boolean(true, site);
                }
            }
        }
    }
    if open {
        None
    } else {
        boolean(false, site)
    }
}
