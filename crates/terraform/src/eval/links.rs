//! Which resource an Unknown value stands for: `RefersTo` kept through
//! the functions and operators that pass a value on, so a rule can still
//! follow `one(aws_lb_listener.http[*].arn)` to its listener.

use crate::value::{Extra, Kind, Value};

/// Functions whose result is one of their arguments (or a part of one):
/// when the result is Unknown, it still refers to the resource its
/// arguments refer to (`one(aws_lb_listener.http[*].arn)`).
pub(super) const PASS_THROUGH: &[&str] = &[
    "one",
    "coalesce",
    "coalescelist",
    "lookup",
    "element",
    "tostring",
    "tolist",
    "toset",
    "compact",
    "concat",
    "flatten",
    "distinct",
];

/// The one resource the Unknown parts of `from` refer to; `None` when
/// they refer to none, or to several.
pub(super) fn sole_reference<'a>(from: impl Iterator<Item = &'a Value>) -> Option<String> {
    fn walk<'a>(v: &'a Value, found: &mut Option<&'a str>, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some(a) = v.refers_to() {
            if found.is_some_and(|f| f != a) {
                return false;
            }
            *found = Some(a);
            return true;
        }
        match &v.kind {
            Kind::List(items) => items.iter().all(|i| walk(i, found, budget)),
            Kind::Object(map) => map.values().all(|i| walk(i, found, budget)),
            _ => true,
        }
    }
    let mut found = None;
    let mut budget = 256;
    for v in from {
        if !walk(v, &mut found, &mut budget) {
            return None;
        }
    }
    found.map(str::to_string)
}

/// `v`, when it is an Unknown that refers to nothing, made to refer to the
/// one resource `from` refers to: conditionals and pass-through functions
/// keep the link that cross-resource rules follow.
pub(super) fn linked(v: Value, from: &[&Value]) -> Value {
    if !v.is_unknown() || v.extra.is_some() {
        return v;
    }
    match sole_reference(from.iter().copied()) {
        Some(a) => v.with_extra(Extra::RefersTo(a)),
        None => v,
    }
}
