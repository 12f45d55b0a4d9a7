//! Terraform's type conversions, as far as values without declared types
//! allow: primitive conversions, unifying the element types of a list (as
//! converting a tuple to a list or set does), equality with unknowns, and
//! set order.
//!
//! Values carry no declared type, so a collection is typed structurally by
//! its contents: a list literal is a tuple, an object literal an object. An
//! unknown or null value matches whatever type the values around it unify
//! to, as it must in a configuration Terraform accepts.

use super::{exactly, Out, MAX_NESTING};
use crate::source::Loc;
use crate::value::{format_number, Kind, Primitive, Value};
use std::collections::{BTreeMap, HashSet};

/// The text of a primitive value as a string argument receives it
/// (numbers and bools convert); `None` for null, collections and unknowns.
pub(super) fn text(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(number_text(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A borrowed string argument (no conversion).
pub(super) fn str_arg(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match &v.kind {
        Kind::String(s) => Some(std::borrow::Cow::Borrowed(s)),
        Kind::Number(_) | Kind::Bool(_) => text(v).map(std::borrow::Cow::Owned),
        _ => None,
    }
}

/// How Terraform writes a number as a string.
pub(super) fn number_text(n: f64) -> String {
    format_number(n)
}

/// A number argument: numbers, and strings holding a decimal number.
pub(super) fn num(v: &Value) -> Option<f64> {
    match &v.kind {
        Kind::Number(n) => Some(*n),
        Kind::String(s) => parse_number(s),
        _ => None,
    }
}

/// A whole-number argument that an `f64` holds exactly.
pub(super) fn int(v: &Value) -> Option<i64> {
    let n = num(v)?;
    (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0).then_some(n as i64)
}

/// A bool argument: bools, and the strings `"true"` and `"false"`.
pub(super) fn bool_arg(v: &Value) -> Option<bool> {
    match &v.kind {
        Kind::Bool(b) => Some(*b),
        Kind::String(s) if s == "true" || s == "1" => Some(true),
        Kind::String(s) if s == "false" || s == "0" => Some(false),
        _ => None,
    }
}

/// A decimal number as Terraform converts a string to a number: an
/// optional sign, digits with an optional fraction, an optional exponent.
/// Anything else (hex, `inf`, spaces, underscores) is not a number.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(super) fn tostring(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match &v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::String(_) => Some(v),
        _ => text(&v).map(|t| Value::string(t, site)),
    }
}

pub(super) fn tonumber(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match &v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::Number(_) => Some(v),
        Kind::String(s) => super::number(parse_number(s)?, site),
        _ => None,
    }
}

pub(super) fn tobool(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    match &v.kind {
        Kind::Null => Some(Value::null(site)),
        Kind::Bool(_) => Some(v),
        _ => super::boolean(bool_arg(&v)?, site),
    }
}

/// A structural type, as far as a value shows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    /// Null or unknown: fits any type.
    Any,
    Bool,
    Number,
    String,
    Tuple(Vec<Ty>),
    Object(BTreeMap<String, Ty>),
    /// A list of any length with elements of one type (tuples of different
    /// lengths unify to one).
    List(Box<Ty>),
    /// A map with values of one type (objects with different attributes
    /// unify to one).
    Map(Box<Ty>),
}

impl Ty {
    fn is_primitive(&self) -> bool {
        matches!(self, Ty::Bool | Ty::Number | Ty::String)
    }
}

/// The type a value shows; `None` when nested too deep to tell.
pub(super) fn type_of(v: &Value) -> Option<Ty> {
    fn go(v: &Value, depth: usize) -> Option<Ty> {
        if depth > MAX_NESTING {
            return None;
        }
        Some(match &v.kind {
            Kind::Null => match v.null_of() {
                Some(Primitive::String) => Ty::String,
                Some(Primitive::Number) => Ty::Number,
                Some(Primitive::Bool) => Ty::Bool,
                None => Ty::Any,
            },
            Kind::Unknown => Ty::Any,
            Kind::Bool(_) => Ty::Bool,
            Kind::Number(_) => Ty::Number,
            Kind::String(_) => Ty::String,
            Kind::List(items) => Ty::Tuple(
                items
                    .iter()
                    .map(|i| go(i, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Kind::Object(m) => Ty::Object(
                m.iter()
                    .map(|(k, i)| go(i, depth + 1).map(|t| (k.clone(), t)))
                    .collect::<Option<_>>()?,
            ),
        })
    }
    go(v, 0)
}

/// The type values of these types all convert to (Terraform's type
/// unification): mixed primitives become strings; tuples of one length and
/// objects with one set of attributes unify element by element, other
/// tuples to a list and other objects to a map of the unified element
/// type. `None` when they have no common type.
pub(super) fn unify(tys: &[Ty]) -> Option<Ty> {
    let known: Vec<&Ty> = tys.iter().filter(|t| **t != Ty::Any).collect();
    let Some(first) = known.first() else {
        return Some(Ty::Any);
    };
    if known.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    // Mixed primitives unify to string only when a string is among them
    // (`[1, true]` has no common type).
    if known.iter().all(|t| t.is_primitive()) {
        return known
            .iter()
            .any(|t| **t == Ty::String)
            .then_some(Ty::String);
    }
    if known
        .iter()
        .all(|t| matches!(t, Ty::Tuple(_) | Ty::List(_)))
    {
        if let Ty::Tuple(f) = first {
            let same_len = known
                .iter()
                .all(|t| matches!(t, Ty::Tuple(els) if els.len() == f.len()));
            if same_len {
                let columns: Vec<Vec<Ty>> = (0..f.len())
                    .map(|i| {
                        known
                            .iter()
                            .filter_map(|t| match t {
                                Ty::Tuple(els) => els.get(i).cloned(),
                                _ => None,
                            })
                            .collect()
                    })
                    .collect();
                return Some(Ty::Tuple(
                    columns.iter().map(|c| unify(c)).collect::<Option<_>>()?,
                ));
            }
        }
        let elements: Vec<Ty> = known
            .iter()
            .flat_map(|t| match t {
                Ty::Tuple(els) => els.clone(),
                Ty::List(e) => vec![(**e).clone()],
                _ => Vec::new(),
            })
            .collect();
        return Some(Ty::List(Box::new(unify(&elements)?)));
    }
    if known
        .iter()
        .all(|t| matches!(t, Ty::Object(_) | Ty::Map(_)))
    {
        if let Ty::Object(f) = first {
            let same_keys = known
                .iter()
                .all(|t| matches!(t, Ty::Object(m) if m.len() == f.len() && m.keys().eq(f.keys())));
            if same_keys {
                let mut out = BTreeMap::new();
                for k in f.keys() {
                    let column: Vec<Ty> = known
                        .iter()
                        .filter_map(|t| match t {
                            Ty::Object(m) => m.get(k).cloned(),
                            _ => None,
                        })
                        .collect();
                    out.insert(k.clone(), unify(&column)?);
                }
                return Some(Ty::Object(out));
            }
        }
        let elements: Vec<Ty> = known
            .iter()
            .flat_map(|t| match t {
                Ty::Object(m) => m.values().cloned().collect(),
                Ty::Map(e) => vec![(**e).clone()],
                _ => Vec::new(),
            })
            .collect();
        return Some(Ty::Map(Box::new(unify(&elements)?)));
    }
    None
}

/// `v` converted to `ty`, keeping its site and trail.
pub(super) fn convert(v: Value, ty: &Ty) -> Option<Value> {
    if matches!(ty, Ty::Any) || matches!(v.kind, Kind::Null | Kind::Unknown) {
        return Some(v);
    }
    let Value {
        kind,
        site,
        trail,
        extra,
    } = v;
    let kind = match (kind, ty) {
        (k @ Kind::String(_), Ty::String) => k,
        (k @ (Kind::Number(_) | Kind::Bool(_)), Ty::String) => {
            let probe = Value::new(k, None);
            Kind::String(text(&probe)?)
        }
        (k @ Kind::Number(_), Ty::Number) => k,
        (Kind::String(s), Ty::Number) => Kind::Number(parse_number(&s)?),
        (k @ Kind::Bool(_), Ty::Bool) => k,
        (Kind::String(s), Ty::Bool) => match s.as_str() {
            "true" => Kind::Bool(true),
            "false" => Kind::Bool(false),
            _ => return None,
        },
        (Kind::List(items), Ty::Tuple(tys)) if items.len() == tys.len() => Kind::List(
            items
                .into_iter()
                .zip(tys)
                .map(|(i, t)| convert(i, t))
                .collect::<Option<_>>()?,
        ),
        (Kind::List(items), Ty::List(t)) => Kind::List(
            items
                .into_iter()
                .map(|i| convert(i, t))
                .collect::<Option<_>>()?,
        ),
        (Kind::Object(m), Ty::Map(t)) => Kind::Object(
            m.into_iter()
                .map(|(k, i)| convert(i, t).map(|i| (k, i)))
                .collect::<Option<_>>()?,
        ),
        (Kind::Object(m), Ty::Object(tys)) if m.len() == tys.len() => {
            let mut out = BTreeMap::new();
            for (k, i) in m {
                let t = tys.get(&k)?;
                out.insert(k, convert(i, t)?);
            }
            Kind::Object(out)
        }
        _ => return None,
    };
    // A converted primitive no longer encodes anything.
    let extra = if matches!(kind, Kind::String(_)) {
        extra
    } else {
        None
    };
    Some(Value {
        kind,
        site,
        trail,
        extra,
    })
}

/// Values converted to one common type, as converting a tuple to a list or
/// a set does.
pub(super) fn unify_values(items: Vec<Value>) -> Option<Vec<Value>> {
    let tys: Vec<Ty> = items.iter().map(type_of).collect::<Option<_>>()?;
    let ty = unify(&tys)?;
    items.into_iter().map(|v| convert(v, &ty)).collect()
}

/// Values converted to `ty` one by one (a `list(string)` parameter).
pub(super) fn convert_all(items: Vec<Value>, ty: &Ty) -> Option<Vec<Value>> {
    items.into_iter().map(|v| convert(v, ty)).collect()
}

/// Terraform's `==` on values that may hold unknowns: `Some` when the
/// answer is known.
pub(super) fn equal(a: &Value, b: &Value) -> Option<bool> {
    fn go(a: &Value, b: &Value, depth: usize) -> Option<bool> {
        if depth > MAX_NESTING {
            return None;
        }
        match (&a.kind, &b.kind) {
            (Kind::Unknown, _) | (_, Kind::Unknown) => None,
            (Kind::Null, Kind::Null) => Some(true),
            (Kind::Null, _) | (_, Kind::Null) => Some(false),
            (Kind::List(x), Kind::List(y)) => {
                if x.len() != y.len() {
                    return Some(false);
                }
                all_equal(x.iter().zip(y), depth)
            }
            (Kind::Object(x), Kind::Object(y)) => {
                if x.len() != y.len() || x.keys().zip(y.keys()).any(|(k, l)| k != l) {
                    return Some(false);
                }
                all_equal(x.values().zip(y.values()), depth)
            }
            (Kind::Number(x), Kind::Number(y)) => Some(x == y),
            (Kind::String(x), Kind::String(y)) => Some(x == y),
            (Kind::Bool(x), Kind::Bool(y)) => Some(x == y),
            _ => Some(false),
        }
    }
    fn all_equal<'a>(
        pairs: impl Iterator<Item = (&'a Value, &'a Value)>,
        depth: usize,
    ) -> Option<bool> {
        // An unknown part anywhere leaves the answer open (the types, which
        // decide first in Terraform, are not known).
        let mut answer = Some(true);
        for (x, y) in pairs {
            match go(x, y, depth + 1) {
                None => return None,
                Some(false) => answer = Some(false),
                Some(true) => {}
            }
        }
        answer
    }
    go(a, b, 0)
}

/// A key identifying a wholly known value up to equality; `None` for values
/// holding unknowns (which are never merged) or nested too deep.
pub(super) fn canon(v: &Value) -> Option<String> {
    fn go(v: &Value, out: &mut String, depth: usize) -> Option<()> {
        if depth > MAX_NESTING {
            return None;
        }
        match &v.kind {
            Kind::Unknown => return None,
            Kind::Null => out.push('n'),
            Kind::Bool(b) => out.push(if *b { 't' } else { 'f' }),
            Kind::Number(n) => {
                let n = if *n == 0.0 { 0.0 } else { *n };
                out.push('d');
                out.push_str(&n.to_bits().to_string());
                out.push(';');
            }
            Kind::String(s) => {
                out.push('s');
                out.push_str(&s.len().to_string());
                out.push(':');
                out.push_str(s);
            }
            Kind::List(items) => {
                out.push('[');
                for i in items {
                    go(i, out, depth + 1)?;
                }
                out.push(']');
            }
            Kind::Object(m) => {
                out.push('{');
                for (k, i) in m {
                    out.push_str(&k.len().to_string());
                    out.push(':');
                    out.push_str(k);
                    go(i, out, depth + 1)?;
                }
                out.push('}');
            }
        }
        Some(())
    }
    let mut out = String::new();
    go(v, &mut out, 0)?;
    Some(out)
}

/// The first occurrence of each value, in order; values holding unknowns
/// are all kept.
pub(super) fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|v| canon(v).is_none_or(|k| seen.insert(k)))
        .collect()
}

/// Sets of strings, numbers or bools iterate in order (strings
/// lexicographically, numbers ascending, false before true), nulls and then
/// unknowns last. Other sets keep the order given (Terraform orders them by
/// hash).
pub(super) fn set_order(items: &mut [Value]) {
    fn rank(v: &Value) -> u8 {
        match v.kind {
            Kind::Unknown => 2,
            Kind::Null => 1,
            _ => 0,
        }
    }
    let mut strings = true;
    let mut numbers = true;
    let mut bools = true;
    for v in items.iter() {
        match v.kind {
            Kind::Null | Kind::Unknown => {}
            Kind::String(_) => (numbers, bools) = (false, false),
            Kind::Number(_) => (strings, bools) = (false, false),
            Kind::Bool(_) => (strings, numbers) = (false, false),
            _ => return,
        }
    }
    if !(strings || numbers || bools) {
        return;
    }
    items.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match (&a.kind, &b.kind) {
                (Kind::String(x), Kind::String(y)) => x.as_bytes().cmp(y.as_bytes()),
                (Kind::Number(x), Kind::Number(y)) => x.total_cmp(y),
                (Kind::Bool(x), Kind::Bool(y)) => x.cmp(y),
                _ => std::cmp::Ordering::Equal,
            })
    });
}
