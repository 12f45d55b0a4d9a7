//! Function arguments as Terraform reads them (strings, numbers, bools),
//! `tostring`/`tonumber`/`tobool`, equality with unknowns, and set order.
//! The type system itself (types, unification, conversion) is
//! [`crate::types`], shared with variables.

use super::{exactly, Out, MAX_NESTING};
use crate::source::Loc;
use crate::value::{format_number, Kind, Value};
use std::collections::HashSet;

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

pub(super) use crate::types::{
    convert_all, convert_to as convert, parse_number, type_of, unify, unify_values, Ty,
};

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
