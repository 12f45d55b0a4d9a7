//! Terraform's built-in functions, as far as rampart evaluates them. An
//! unknown function, or an unknown argument, yields Unknown.

use crate::eval::{same, MAX_ELEMENTS};
use crate::source::Loc;
use crate::value::{Extra, Kind, Value};
use std::collections::BTreeMap;

pub fn call(name: &str, args: Vec<Value>, site: Option<Loc>) -> Value {
    let unknown = || Value::unknown(site);
    // Functions that look inside their arguments handle partial unknowns
    // themselves; the rest need every argument known.
    match name {
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a.kind {
                    Kind::List(items) => out.extend(items),
                    _ => return unknown(),
                }
            }
            Value::new(Kind::List(out), site)
        }
        "tolist" | "toset" => match args.into_iter().next() {
            Some(Value {
                kind: Kind::List(items),
                ..
            }) => {
                let items = if name == "toset" { dedup(items) } else { items };
                Value::new(Kind::List(items), site)
            }
            _ => unknown(),
        },
        "flatten" => match args.into_iter().next() {
            Some(v) => {
                let mut out = Vec::new();
                if flatten_into(v, &mut out) {
                    Value::new(Kind::List(out), site)
                } else {
                    unknown()
                }
            }
            None => unknown(),
        },
        "distinct" => match args.into_iter().next() {
            Some(Value {
                kind: Kind::List(items),
                ..
            }) => Value::new(Kind::List(dedup(items)), site),
            _ => unknown(),
        },
        "compact" => match args.into_iter().next() {
            Some(Value {
                kind: Kind::List(items),
                ..
            }) => {
                if items.iter().any(Value::is_unknown) {
                    return unknown();
                }
                let kept = items
                    .into_iter()
                    .filter(|v| !v.is_null() && v.as_str() != Some(""))
                    .collect();
                Value::new(Kind::List(kept), site)
            }
            _ => unknown(),
        },
        "coalesce" => args
            .into_iter()
            .find(|v| !v.is_null() && v.as_str() != Some(""))
            .filter(|v| !v.is_unknown())
            .unwrap_or_else(unknown),
        "merge" => {
            let mut map = BTreeMap::new();
            for a in args {
                match a.kind {
                    Kind::Object(m) => map.extend(m),
                    Kind::Null => {}
                    _ => return unknown(),
                }
            }
            Value::new(Kind::Object(map), site)
        }
        "tomap" => match args.into_iter().next() {
            Some(
                v @ Value {
                    kind: Kind::Object(_),
                    ..
                },
            ) => v,
            _ => unknown(),
        },
        "lookup" => {
            let mut it = args.into_iter();
            let (Some(map), Some(key)) = (it.next(), it.next()) else {
                return unknown();
            };
            let default = it.next();
            match (&map.kind, key.to_text()) {
                (Kind::Object(m), Some(k)) => {
                    m.get(&k).cloned().or(default).unwrap_or_else(unknown)
                }
                _ => unknown(),
            }
        }
        "element" => {
            let mut it = args.into_iter();
            match (it.next(), it.next().and_then(|i| i.as_number())) {
                (
                    Some(Value {
                        kind: Kind::List(items),
                        ..
                    }),
                    Some(i),
                ) if !items.is_empty() && i >= 0.0 => items[(i as usize) % items.len()].clone(),
                _ => unknown(),
            }
        }
        "length" => match args.first().map(|a| &a.kind) {
            Some(Kind::List(items)) => Value::new(Kind::Number(items.len() as f64), site),
            Some(Kind::Object(m)) => Value::new(Kind::Number(m.len() as f64), site),
            Some(Kind::String(s)) => Value::new(Kind::Number(s.chars().count() as f64), site),
            _ => unknown(),
        },
        "contains" => {
            let (
                Some(Value {
                    kind: Kind::List(items),
                    ..
                }),
                Some(x),
            ) = (args.first(), args.get(1))
            else {
                return unknown();
            };
            if x.has_unknown() || items.iter().any(Value::has_unknown) {
                return unknown();
            }
            Value::new(Kind::Bool(items.iter().any(|i| same(i, x))), site)
        }
        "keys" | "values" => match args.into_iter().next() {
            Some(Value {
                kind: Kind::Object(m),
                ..
            }) => {
                let items = if name == "keys" {
                    m.into_iter()
                        .map(|(k, v)| Value::string(k, v.site))
                        .collect()
                } else {
                    m.into_values().collect()
                };
                Value::new(Kind::List(items), site)
            }
            _ => unknown(),
        },
        "tostring" => args
            .first()
            .and_then(Value::to_text)
            .map_or_else(unknown, |s| Value::string(s, site)),
        "tonumber" => args
            .first()
            .and_then(Value::as_number)
            .map_or_else(unknown, |n| Value::new(Kind::Number(n), site)),
        "tobool" => args
            .first()
            .and_then(Value::as_bool)
            .map_or_else(unknown, |b| Value::new(Kind::Bool(b), site)),
        "lower" | "upper" | "trimspace" => match args.first().and_then(Value::as_str) {
            Some(s) => {
                let out = match name {
                    "lower" => s.to_lowercase(),
                    "upper" => s.to_uppercase(),
                    _ => s.trim().to_string(),
                };
                let mut v = Value::string(out, site);
                v.trail = args[0].trail.clone();
                v
            }
            None => unknown(),
        },
        "join" => {
            let (
                Some(sep),
                Some(Value {
                    kind: Kind::List(items),
                    ..
                }),
            ) = (args.first().and_then(Value::as_str), args.get(1))
            else {
                return unknown();
            };
            let parts: Option<Vec<String>> = items.iter().map(Value::to_text).collect();
            parts.map_or_else(unknown, |p| Value::string(p.join(sep), site))
        }
        "split" => {
            let (Some(sep), Some(s)) = (
                args.first().and_then(Value::as_str),
                args.get(1).and_then(Value::as_str),
            ) else {
                return unknown();
            };
            if sep.is_empty() {
                return unknown();
            }
            let items = s
                .split(sep)
                .take(MAX_ELEMENTS)
                .map(|p| Value::string(p, site))
                .collect();
            Value::new(Kind::List(items), site)
        }
        "jsonencode" => match args.into_iter().next() {
            Some(v) => {
                let text = crate::json::encode(&v);
                let out = text.map_or_else(unknown, |t| Value::string(t, site));
                out.with_extra(Extra::Encoded(v))
            }
            None => unknown(),
        },
        "jsondecode" => match args.into_iter().next() {
            Some(v) => match v.encoded() {
                Some(e) => e.clone(),
                None => v
                    .as_str()
                    .and_then(|t| crate::json::decode(t, &|_, _| site))
                    .unwrap_or_else(unknown),
            },
            None => unknown(),
        },
        _ => unknown(),
    }
}

fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if item.is_unknown() || !out.iter().any(|o| same(o, &item)) {
            out.push(item);
        }
    }
    out
}

fn flatten_into(v: Value, out: &mut Vec<Value>) -> bool {
    match v.kind {
        Kind::List(items) => items.into_iter().all(|i| flatten_into(i, out)),
        Kind::Unknown => false,
        _ => {
            out.push(v);
            true
        }
    }
}
