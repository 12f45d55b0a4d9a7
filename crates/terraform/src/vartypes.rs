//! Input variables' type constraints (`type = list(string)`): the value a
//! variable receives (from a tfvars file, `--var`, a default or a module
//! call) is converted as Terraform converts it, and a value that cannot be
//! converted is an error, as it is for `terraform plan`.

use crate::functions::types::parse_number;
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
        (Type::String, Kind::String(s)) => Kind::String(s),
        (Type::String, Kind::Number(n)) => Kind::String(format_number(n)),
        (Type::String, Kind::Bool(b)) => Kind::String(b.to_string()),
        (Type::Number, Kind::Number(n)) => Kind::Number(n),
        (Type::Number, Kind::String(s)) => match parse_number(&s) {
            Some(n) => Kind::Number(n),
            None => {
                v.kind = Kind::String(s);
                return fail(&v, path);
            }
        },
        (Type::Bool, Kind::Bool(b)) => Kind::Bool(b),
        (Type::Bool, Kind::String(s)) if s == "true" || s == "false" => Kind::Bool(s == "true"),
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
