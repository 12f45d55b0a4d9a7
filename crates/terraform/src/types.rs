//! Terraform's type system, as far as rampart's values allow: the type
//! constraints variables declare (`list(object({…}))`, `optional`) and
//! [`convert`], which converts a value from tfvars, `--var`, a default or a
//! module argument as Terraform does (an error at the value when it does
//! not fit); and the structural types values show ([`Ty`], [`type_of`]),
//! [`unify`] and [`convert_to`], with which functions convert their
//! arguments (`tolist`, `concat`, `coalesce`, …). Both share the same
//! primitive conversions.
//!
//! Values carry no declared type, so for functions a collection is typed
//! structurally by its contents: a list literal is a tuple, an object
//! literal an object. An unknown or null value matches whatever type the
//! values around it unify to, as it must in a configuration Terraform
//! accepts.

use crate::limits::MAX_NESTING;
use crate::syntax::{Expr, ExprKind};
use crate::value::{format_number, Extra, Kind, Primitive, Value};
use std::collections::BTreeMap;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    /// Attributes: name, type, and whether it is `optional(...)`.
    Object(Vec<(String, Type, bool)>),
    /// An object type with `optional(type, default)` attributes: the
    /// attributes as in [`Type::Object`], and each default by name (a
    /// literal expression, converted to the attribute's type when used).
    ObjectWithDefaults(Vec<(String, Type, bool)>, Vec<(String, Box<Expr>)>),
}

/// Nesting beyond this is not followed (the constraint is not checked).
const MAX_DEPTH: usize = 32;

impl Type {
    /// The constraint a `type` expression states; `None` when it is not one
    /// rampart understands (then nothing is checked).
    pub fn parse(e: &Expr) -> Option<Type> {
        Type::parse_at(e, 0)
    }

    fn parse_at(e: &Expr, depth: usize) -> Option<Type> {
        if depth > MAX_DEPTH {
            return None;
        }
        let arg = |args: &[Expr]| match args {
            [one] => Type::parse_at(one, depth + 1),
            _ => None,
        };
        match &e.kind {
            ExprKind::Variable(name) => match name.as_str() {
                "any" => Some(Type::Any),
                "string" => Some(Type::String),
                "number" => Some(Type::Number),
                "bool" => Some(Type::Bool),
                _ => None,
            },
            // Terraform 0.11's quoted types.
            ExprKind::String(name) => match name.as_str() {
                "string" => Some(Type::String),
                "list" => Some(Type::List(Box::new(Type::Any))),
                "map" => Some(Type::Map(Box::new(Type::Any))),
                _ => None,
            },
            ExprKind::Call(call) => match call.name.as_str() {
                "list" => Some(Type::List(Box::new(arg(&call.args)?))),
                "set" => Some(Type::Set(Box::new(arg(&call.args)?))),
                "map" => Some(Type::Map(Box::new(arg(&call.args)?))),
                "tuple" => match call.args.as_slice() {
                    [Expr {
                        kind: ExprKind::Array(items),
                        ..
                    }] => items
                        .iter()
                        .map(|t| Type::parse_at(t, depth + 1))
                        .collect::<Option<Vec<_>>>()
                        .map(Type::Tuple),
                    _ => None,
                },
                "object" => match call.args.as_slice() {
                    [Expr {
                        kind: ExprKind::Object(items),
                        ..
                    }] => {
                        let mut attrs = Vec::new();
                        let mut defaults = Vec::new();
                        for item in items {
                            let name = item.key.literal_name()?.to_string();
                            let (t, optional) = match &item.value.kind {
                                ExprKind::Call(c) if c.name == "optional" => {
                                    if let Some(default) = c.args.get(1) {
                                        defaults.push((name.clone(), Box::new(default.clone())));
                                    }
                                    (Type::parse_at(c.args.first()?, depth + 1)?, true)
                                }
                                _ => (Type::parse_at(&item.value, depth + 1)?, false),
                            };
                            attrs.push((name, t, optional));
                        }
                        Some(if defaults.is_empty() {
                            Type::Object(attrs)
                        } else {
                            Type::ObjectWithDefaults(attrs, defaults)
                        })
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// How the constraint reads in a message.
    pub fn describe(&self) -> &'static str {
        match self {
            Type::Any => "any value",
            Type::String => "a string",
            Type::Number => "a number",
            Type::Bool => "a bool",
            Type::List(_) => "a list",
            Type::Set(_) => "a set",
            Type::Map(_) => "a map",
            Type::Tuple(_) => "a tuple",
            Type::Object(_) | Type::ObjectWithDefaults(..) => "an object",
        }
    }
}

/// Why a value does not fit: what was required, where inside the value
/// (`[2]`, `.port`), and what it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub path: String,
    pub message: String,
}

/// What a value is, for a message.
fn what(v: &Value) -> String {
    match &v.kind {
        Kind::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
        Kind::String(_) => "a string".to_string(),
        Kind::Number(n) => format!("the number {}", format_number(*n)),
        Kind::Bool(b) => format!("{b}"),
        Kind::List(_) => "a list".to_string(),
        Kind::Object(_) => "an object".to_string(),
        Kind::Null => "null".to_string(),
        Kind::Unknown => "an unknown value".to_string(),
    }
}

/// Convert `v` to type `t` as Terraform does (numbers and bools to strings,
/// numeric strings to numbers, `"true"`/`"false"` to bools, elements and
/// attributes one by one; an object loses attributes the type does not
/// declare). Unknown and null values fit any type.
pub fn convert(v: Value, t: &Type) -> Result<Value, Mismatch> {
    convert_at(v, t, String::new(), 0)
}

fn convert_at(mut v: Value, t: &Type, path: String, depth: usize) -> Result<Value, Mismatch> {
    if v.is_null() && v.extra.is_none() {
        let p = match t {
            Type::String => Some(Primitive::String),
            Type::Number => Some(Primitive::Number),
            Type::Bool => Some(Primitive::Bool),
            _ => None,
        };
        if let Some(p) = p {
            return Ok(v.with_extra(Extra::NullOf(p)));
        }
    }
    if matches!(v.kind, Kind::Unknown | Kind::Null) || depth > MAX_DEPTH {
        return Ok(v);
    }
    let fail = |v: &Value, path: String| {
        Err(Mismatch {
            message: format!("{} is required, not {}", t.describe(), what(v)),
            path,
        })
    };
    let kind = std::mem::replace(&mut v.kind, Kind::Null);
    let converted = match (t, kind) {
        (Type::Any, k) => k,
        (Type::String | Type::Number | Type::Bool, k) => {
            let target = match t {
                Type::String => Primitive::String,
                Type::Number => Primitive::Number,
                _ => Primitive::Bool,
            };
            match primitive(k, target) {
                Ok(k) => k,
                Err(k) => {
                    v.kind = k;
                    return fail(&v, path);
                }
            }
        }
        (Type::List(e) | Type::Set(e), Kind::List(items)) => Kind::List(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| convert_at(x, e, format!("{path}[{i}]"), depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        (Type::Tuple(ts), Kind::List(items)) if ts.len() == items.len() => Kind::List(
            items
                .into_iter()
                .zip(ts)
                .enumerate()
                .map(|(i, (x, t))| convert_at(x, t, format!("{path}[{i}]"), depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        (Type::Map(e), Kind::Object(map)) => Kind::Object(
            map.into_iter()
                .map(|(k, x)| {
                    let p = format!("{path}[{k:?}]");
                    convert_at(x, e, p, depth + 1).map(|x| (k, x))
                })
                .collect::<Result<_, _>>()?,
        ),
        (Type::Object(attrs), Kind::Object(map)) => {
            Kind::Object(convert_object(map, attrs, &[], v.site, &path, depth)?)
        }
        (Type::ObjectWithDefaults(attrs, defaults), Kind::Object(map)) => {
            Kind::Object(convert_object(map, attrs, defaults, v.site, &path, depth)?)
        }
        (_, k) => {
            v.kind = k;
            return fail(&v, path);
        }
    };
    v.kind = converted;
    Ok(v)
}

/// An object value converted to an object type: each attribute converted
/// to its type; a missing optional attribute (or, when it has a default, a
/// null one) takes its default, converted to its type, or null, as in
/// Terraform.
fn convert_object(
    mut map: BTreeMap<String, Value>,
    attrs: &[(String, Type, bool)],
    defaults: &[(String, Box<Expr>)],
    site: Option<crate::source::Loc>,
    path: &str,
    depth: usize,
) -> Result<BTreeMap<String, Value>, Mismatch> {
    let default_of = |name: &str| {
        defaults
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, e)| crate::eval::literal(e))
            .map(|mut d| {
                d.site = site;
                d
            })
    };
    let mut out = BTreeMap::new();
    for (name, t, optional) in attrs {
        let p = format!("{path}.{name}");
        let given = match map.remove(name) {
            Some(x) if x.is_null() && *optional => default_of(name).or(Some(x)),
            Some(x) => Some(x),
            None if *optional => default_of(name),
            None => None,
        };
        match given {
            Some(x) => {
                out.insert(name.clone(), convert_at(x, t, p, depth + 1)?);
            }
            None if *optional => {
                out.insert(name.clone(), Value::null(site));
            }
            None => {
                return Err(Mismatch {
                    message: format!("attribute `{name}` is required"),
                    path: path.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// A primitive value converted to a primitive type as Terraform converts
/// it (numbers and bools to strings, decimal strings to numbers, `"true"`
/// and `"false"` to bools); what does not convert is given back.
fn primitive(kind: Kind, to: Primitive) -> Result<Kind, Kind> {
    Ok(match (kind, to) {
        (k @ Kind::String(_), Primitive::String) => k,
        (Kind::Number(n), Primitive::String) => Kind::String(format_number(n)),
        (Kind::Bool(b), Primitive::String) => Kind::String(b.to_string()),
        (k @ Kind::Number(_), Primitive::Number) => k,
        (Kind::String(s), Primitive::Number) => match parse_number(&s) {
            Some(n) => Kind::Number(n),
            None => return Err(Kind::String(s)),
        },
        (k @ Kind::Bool(_), Primitive::Bool) => k,
        (Kind::String(s), Primitive::Bool) if s == "true" || s == "false" => {
            Kind::Bool(s == "true")
        }
        (k, _) => return Err(k),
    })
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

/// A structural type, as far as a value shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
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
pub(crate) fn type_of(v: &Value) -> Option<Ty> {
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
pub(crate) fn unify(tys: &[Ty]) -> Option<Ty> {
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
pub(crate) fn convert_to(v: Value, ty: &Ty) -> Option<Value> {
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
        (k, Ty::String) => primitive(k, Primitive::String).ok()?,
        (k, Ty::Number) => primitive(k, Primitive::Number).ok()?,
        (k, Ty::Bool) => primitive(k, Primitive::Bool).ok()?,
        (Kind::List(items), Ty::Tuple(tys)) if items.len() == tys.len() => Kind::List(
            items
                .into_iter()
                .zip(tys)
                .map(|(i, t)| convert_to(i, t))
                .collect::<Option<_>>()?,
        ),
        (Kind::List(items), Ty::List(t)) => Kind::List(
            items
                .into_iter()
                .map(|i| convert_to(i, t))
                .collect::<Option<_>>()?,
        ),
        (Kind::Object(m), Ty::Map(t)) => Kind::Object(
            m.into_iter()
                .map(|(k, i)| convert_to(i, t).map(|i| (k, i)))
                .collect::<Option<_>>()?,
        ),
        (Kind::Object(m), Ty::Object(tys)) if m.len() == tys.len() => {
            let mut out = BTreeMap::new();
            for (k, i) in m {
                let t = tys.get(&k)?;
                out.insert(k, convert_to(i, t)?);
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
pub(crate) fn unify_values(items: Vec<Value>) -> Option<Vec<Value>> {
    let tys: Vec<Ty> = items.iter().map(type_of).collect::<Option<_>>()?;
    let ty = unify(&tys)?;
    items.into_iter().map(|v| convert_to(v, &ty)).collect()
}

/// Values converted to `ty` one by one (a `list(string)` parameter).
pub(crate) fn convert_all(items: Vec<Value>, ty: &Ty) -> Option<Vec<Value>> {
    items.into_iter().map(|v| convert_to(v, ty)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_hcl::parse_body;

    fn ty(src: &str) -> Type {
        let body = parse_body(&format!("t = {src}\n")).unwrap_or_default();
        body.attributes
            .first()
            .and_then(|a| Type::parse(&a.expr))
            .unwrap_or(Type::Any)
    }

    fn val(src: &str) -> Value {
        let body = parse_body(&format!("v = {src}\n")).unwrap_or_default();
        body.attributes
            .first()
            .and_then(|a| crate::eval::literal(&a.expr))
            .unwrap_or(Value::null(None))
    }

    fn ok(t: &str, v: &str) -> String {
        match convert(val(v), &ty(t)) {
            Ok(x) => x.render(),
            Err(m) => panic!("{t} <- {v}: {m:?}"),
        }
    }

    fn err(t: &str, v: &str) -> (String, String) {
        match convert(val(v), &ty(t)) {
            Ok(x) => panic!("{t} <- {v} converted to {}", x.render()),
            Err(m) => (m.path, m.message),
        }
    }

    #[test]
    fn constraints_parse() {
        assert_eq!(ty("number"), Type::Number);
        assert_eq!(ty("list(string)"), Type::List(Box::new(Type::String)));
        assert_eq!(
            ty("object({ port = number, cidrs = optional(list(string)) })"),
            Type::Object(vec![
                ("port".into(), Type::Number, false),
                ("cidrs".into(), Type::List(Box::new(Type::String)), true),
            ])
        );
        assert_eq!(ty("\"map\""), Type::Map(Box::new(Type::Any)));
        assert_eq!(
            ty("tuple([string, bool])"),
            Type::Tuple(vec![Type::String, Type::Bool])
        );
    }

    #[test]
    fn values_convert_as_terraform_converts_them() {
        assert_eq!(ok("number", "\"22\""), "22");
        assert_eq!(ok("string", "22"), "\"22\"");
        assert_eq!(ok("bool", "\"true\""), "true");
        assert_eq!(
            ok("list(string)", "[1, \"a\", true]"),
            "[\"1\", \"a\", \"true\"]"
        );
        assert_eq!(ok("map(number)", "{ a = \"1\" }"), "{a = 1}");
        assert_eq!(
            ok(
                "object({ a = number, b = optional(string) })",
                "{ a = 1, c = 2 }"
            ),
            "{a = 1, b = null}"
        );
        assert_eq!(ok("number", "null"), "null");
        assert_eq!(ok("any", "{ x = [1] }"), "{x = [1]}");
    }

    #[test]
    fn mismatches_say_what_and_where() {
        assert_eq!(
            err("number", "\"abc\""),
            (
                String::new(),
                "a number is required, not the string \"abc\"".into()
            )
        );
        assert_eq!(
            err("list(string)", "7"),
            (String::new(), "a list is required, not the number 7".into())
        );
        assert_eq!(
            err("list(number)", "[1, \"x\"]"),
            (
                "[1]".into(),
                "a number is required, not the string \"x\"".into()
            )
        );
        assert_eq!(
            err("object({ port = number })", "{ p = 1 }"),
            (String::new(), "attribute `port` is required".into())
        );
        assert_eq!(
            err(
                "map(object({ port = number }))",
                "{ web = { port = \"x\" } }"
            ),
            (
                "[\"web\"].port".into(),
                "a number is required, not the string \"x\"".into()
            )
        );
        assert_eq!(
            err("tuple([string])", "[1, 2]"),
            (String::new(), "a tuple is required, not a list".into())
        );
    }
}
