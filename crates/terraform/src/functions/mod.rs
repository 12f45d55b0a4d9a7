//! Terraform's built-in functions, as far as rampart evaluates them.
//!
//! Every function follows Terraform's semantics for the values it can know:
//! argument conversions, errors and unknowns. An error (a wrong argument, a
//! failed conversion, a result over budget) yields Unknown, never a guessed
//! value; an unknown argument yields Unknown unless Terraform itself can
//! answer without it (`coalesce`, `contains`, `length`, `alltrue`, …). An
//! unknown function yields Unknown.
//!
//! Values passed through a function keep their own site and trail; values
//! made from scratch sit at the call.
//!
//! `try`, `can`, `file` and `templatefile` are evaluated lazily by the
//! evaluator and never reach this module.

mod collections;
mod encoding;
mod format;
mod hash;
mod network;
mod numeric;
mod strings;
pub(crate) mod types;
pub(crate) mod yaml;

use crate::source::Loc;
use crate::value::{Kind, Value};

pub(crate) use crate::limits::{text_fits, MAX_NESTING, MAX_TEXT};

/// What a function returns: `None` for an error or an unknown result.
type Out = Option<Value>;

pub(crate) fn call(name: &str, args: Vec<Value>, site: Option<Loc>) -> Value {
    let args_were = known_state(&args);
    match dispatch(name, args, site) {
        Ok(Some(v)) => v,
        // A function rampart implements failed on arguments it knows in
        // full: an error in Terraform too (`trimsuffix(null, "x")`), which
        // `try` and `can` catch. One that might succeed once its unknown
        // parts are known is Unknown.
        Ok(None) if args_were == Known::All => {
            Value::error(site, format!("`{name}` failed on these arguments"))
        }
        Ok(None) if args_were == Known::Error => {
            Value::error(site, format!("an argument of `{name}` is an error"))
        }
        Ok(None) | Err(Unimplemented) => Value::unknown(site),
    }
}

/// What the arguments of a call hold, as far as a short walk sees.
#[derive(PartialEq, Eq)]
enum Known {
    All,
    /// Unknown somewhere, or too large to walk.
    Unknown,
    /// An evaluation error somewhere (and nothing Unknown before it).
    Error,
}

/// Looks at no more than 256 values: a call's arguments can be large.
fn known_state(args: &[Value]) -> Known {
    fn walk(v: &Value, budget: &mut usize) -> Known {
        if *budget == 0 {
            return Known::Unknown;
        }
        *budget -= 1;
        match &v.kind {
            Kind::Unknown if v.is_error() => Known::Error,
            Kind::Unknown => Known::Unknown,
            Kind::List(items) => walk_all(items.iter(), budget),
            Kind::Object(map) => walk_all(map.values(), budget),
            _ => Known::All,
        }
    }
    fn walk_all<'a>(vs: impl Iterator<Item = &'a Value>, budget: &mut usize) -> Known {
        for v in vs {
            match walk(v, budget) {
                Known::All => {}
                other => return other,
            }
        }
        Known::All
    }
    walk_all(args.iter(), &mut 256)
}

/// A function rampart does not implement: its result is Unknown.
struct Unimplemented;

/// What a call under a budget gave.
pub(crate) struct Called {
    pub value: Value,
    /// The function refused to build text longer than the bytes left.
    pub over_budget: bool,
}

/// [`call`], with the text a function may build bounded by `bytes_left`
/// as well as [`MAX_TEXT`]: a function refuses before allocating text the
/// budget cannot pay for, and says so.
pub(crate) fn call_within(
    name: &str,
    args: Vec<Value>,
    site: Option<Loc>,
    bytes_left: u64,
) -> Called {
    let (value, over_budget) = crate::limits::within(bytes_left, || call(name, args, site));
    Called { value, over_budget }
}

fn dispatch(name: &str, args: Vec<Value>, site: Option<Loc>) -> Result<Out, Unimplemented> {
    use collections as c;
    use numeric as n;
    use strings as s;
    Ok(match name {
        // Collections.
        "alltrue" => c::alltrue(args, site),
        "anytrue" => c::anytrue(args, site),
        "chunklist" => c::chunklist(args, site),
        "coalesce" => c::coalesce(args),
        "coalescelist" => c::coalescelist(args),
        "compact" => c::compact(args, site),
        "concat" => c::concat(args, site),
        "contains" => c::contains(args, site),
        "distinct" => c::distinct(args, site),
        "element" => c::element(args),
        "flatten" => c::flatten(args, site),
        "index" => c::index(args, site),
        "keys" => c::keys(args, site),
        "length" => c::length(args, site),
        "lookup" => c::lookup(args),
        "merge" => c::merge(args, site),
        "one" => c::one(args, site),
        "reverse" => c::reverse(args, site),
        "setintersection" => c::setintersection(args, site),
        "setsubtract" => c::setsubtract(args, site),
        "setunion" => c::setunion(args, site),
        "slice" => c::slice(args, site),
        "sort" => c::sort(args, site),
        "sum" => c::sum(args, site),
        "values" => c::values(args, site),
        "zipmap" => c::zipmap(args, site),
        // Type conversions.
        "tobool" => types::tobool(args, site),
        "tolist" => c::tolist(args, site),
        "tomap" => c::tomap(args, site),
        "tonumber" => types::tonumber(args, site),
        "toset" => c::toset(args, site),
        "tostring" => types::tostring(args, site),
        // Numbers.
        "abs" => n::abs(args, site),
        "ceil" => n::ceil(args, site),
        "floor" => n::floor(args, site),
        "max" => n::max(args, site),
        "min" => n::min(args, site),
        "parseint" => n::parseint(args, site),
        "range" => n::range(args, site),
        "signum" => n::signum(args, site),
        // Strings.
        "basename" => s::basename(args, site),
        "chomp" => s::chomp(args, site),
        "dirname" => s::dirname(args, site),
        "endswith" => s::endswith(args, site),
        "format" => format::format(args, site),
        "formatlist" => format::formatlist(args, site),
        "indent" => s::indent(args, site),
        "join" => s::join(args, site),
        "lower" => s::lower(args, site),
        "regex" => s::regex(args, site),
        "regexall" => s::regexall(args, site),
        "replace" => s::replace(args, site),
        "split" => s::split(args, site),
        "startswith" => s::startswith(args, site),
        "strcontains" => s::strcontains(args, site),
        "strrev" => s::strrev(args, site),
        "substr" => s::substr(args, site),
        "title" => s::title(args, site),
        "trim" => s::trim(args, site),
        "trimprefix" => s::trimprefix(args, site),
        "trimspace" => s::trimspace(args, site),
        "trimsuffix" => s::trimsuffix(args, site),
        "upper" => s::upper(args, site),
        // Encodings.
        "base64decode" => encoding::base64decode(args, site),
        "base64encode" => encoding::base64encode(args, site),
        "jsondecode" => encoding::jsondecode(args, site),
        "jsonencode" => encoding::jsonencode(args, site),
        "yamldecode" => yaml::yamldecode(args, site),
        "yamlencode" => yaml::yamlencode(args, site),
        // Hashes.
        "md5" => hash::md5(args, site),
        "sha1" => hash::sha1(args, site),
        "sha256" => hash::sha256(args, site),
        "sha512" => hash::sha512(args, site),
        "base64sha256" => hash::base64sha256(args, site),
        "base64sha512" => hash::base64sha512(args, site),
        // Networks.
        "cidrhost" => network::cidrhost(args, site),
        "cidrnetmask" => network::cidrnetmask(args, site),
        "cidrsubnet" => network::cidrsubnet(args, site),
        "cidrsubnets" => network::cidrsubnets(args, site),
        _ => return Err(Unimplemented),
    })
}

/// `args` as an array of exactly `N` values.
fn exactly<const N: usize>(args: Vec<Value>) -> Option<[Value; N]> {
    args.try_into().ok()
}

/// A new string value at the call, explaining itself with the trail of the
/// value it was derived from.
fn derived(text: String, site: Option<Loc>, from: &Value) -> Value {
    let mut v = Value::string(text, site);
    v.trail = from.trail.clone();
    v
}

fn number(n: f64, site: Option<Loc>) -> Out {
    n.is_finite().then(|| Value::new(Kind::Number(n), site))
}

fn boolean(b: bool, site: Option<Loc>) -> Out {
    Some(Value::new(Kind::Bool(b), site))
}

fn list(items: Vec<Value>, site: Option<Loc>) -> Out {
    (items.len() <= crate::limits::MAX_ELEMENTS).then(|| Value::new(Kind::List(items), site))
}

/// The items of a list (or set, or tuple) argument.
fn items(v: Value) -> Option<Vec<Value>> {
    match v.kind {
        Kind::List(items) => Some(items),
        _ => None,
    }
}
