//! The Rego built-ins rampart adds, and the bounds it puts on regorus's.
//!
//! `rampart.is_internet(source)`, `rampart.ports_overlap(from, to, port)`,
//! `rampart.policy_statements(doc)` and `rampart.is_unknown(x)` call the
//! policy crate's own judgements ([`rampart_policy::semantics`]), so a
//! custom rule reads a source, a port range or a policy document exactly
//! as the built-in rules do. Like OPA's built-ins, they are undefined for
//! arguments of the wrong type, and for values known only after apply
//! (Unknown is never guessed).
//!
//! regorus is built without its `std` feature (with it, regorus prints
//! warnings on stderr, and rampart's libraries print nothing), which also
//! leaves out its `net` family: `net.cidr_is_valid`, `net.cidr_contains`,
//! `net.cidr_intersects` and `net.cidr_expand` are rampart's, with OPA's
//! semantics. Its clock is rampart's ([`clock`]).
//!
//! A few of regorus's built-ins can build, in one call, a value far larger
//! than their arguments (`numbers.range(1, 1e12)`, `net.cidr_expand("::/0")`,
//! `sprintf("%999999999d", …)`, `replace(s, "", s)`), before the
//! evaluation's timer is looked at again. rampart registers checks of the
//! size they would produce under the same names (regorus looks extensions
//! up before its built-ins); within the bound, the call is handed to
//! regorus's own built-in, so results are regorus's.

use crate::input::UNKNOWN_KEY;
use regorus::{Engine, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// The most elements `numbers.range`, `numbers.range_step` and
/// `net.cidr_expand` may produce in one call (Terraform's own collection
/// limit in rampart).
pub const MAX_ELEMENTS: u128 = 100_000;

/// The most bytes `replace`, `strings.replace_n` and `sprintf` may produce
/// in one call.
pub const MAX_TEXT: u128 = 16 * 1024 * 1024;

/// Register rampart's built-ins and the bounded built-ins on `engine`.
pub(crate) fn register(engine: &mut Engine) -> anyhow::Result<()> {
    engine.add_extension("rampart.is_unknown".into(), 1, Box::new(is_unknown))?;
    engine.add_extension("rampart.is_internet".into(), 1, Box::new(is_internet))?;
    engine.add_extension("rampart.ports_overlap".into(), 3, Box::new(ports_overlap))?;
    engine.add_extension(
        "rampart.policy_statements".into(),
        1,
        Box::new(policy_statements),
    )?;
    engine.add_extension("numbers.range".into(), 2, Box::new(numbers_range))?;
    engine.add_extension("numbers.range_step".into(), 3, Box::new(numbers_range_step))?;
    // regorus's `net` family needs its `std` feature, which also lets it
    // print warnings on stderr: rampart's own, on `ipnet`.
    engine.add_extension("net.cidr_is_valid".into(), 1, Box::new(cidr_is_valid))?;
    engine.add_extension("net.cidr_contains".into(), 2, Box::new(cidr_contains))?;
    engine.add_extension("net.cidr_intersects".into(), 2, Box::new(cidr_intersects))?;
    engine.add_extension("net.cidr_expand".into(), 1, Box::new(cidr_expand))?;
    engine.add_extension("replace".into(), 3, Box::new(replace))?;
    engine.add_extension("strings.replace_n".into(), 2, Box::new(replace_n))?;
    engine.add_extension("sprintf".into(), 2, Box::new(sprintf))?;
    Ok(())
}

/// The clock regorus's execution timer reads (without `std`, regorus has
/// none of its own): registered once per process.
pub(crate) fn clock() {
    struct Clock;
    impl regorus::utils::limits::TimeSource for Clock {
        fn now(&self) -> Option<std::time::Duration> {
            static ANCHOR: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            Some(ANCHOR.get_or_init(std::time::Instant::now).elapsed())
        }
    }
    static CLOCK: Clock = Clock;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Already set: by an earlier call, which is this same clock.
        let _ = regorus::utils::limits::set_time_source(&CLOCK);
    });
}

/// Is `v` the marker rampart puts where a value is known only after apply?
pub(crate) fn unknown_marker(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.get(&Value::from(UNKNOWN_KEY)) == Some(&Value::Bool(true)),
        _ => false,
    }
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Undefined)
}

fn is_unknown(args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(Value::Bool(unknown_marker(arg(&args, 0))))
}

fn is_internet(args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(match arg(&args, 0) {
        Value::String(s) => Value::Bool(rampart_policy::semantics::is_internet(s)),
        _ => Value::Undefined,
    })
}

/// A port number: a whole number, or a string holding one (Terraform
/// values are often strings), from 0 to 65535.
fn port(v: &Value) -> Option<u32> {
    let n = match v {
        Value::Number(_) => v.as_f64().ok()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (n.fract() == 0.0 && (0.0..=65535.0).contains(&n)).then_some(n as u32)
}

fn ports_overlap(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Some(from), Some(to)) = (port(arg(&args, 0)), port(arg(&args, 1))) else {
        return Ok(Value::Undefined);
    };
    let wanted: Option<Vec<u32>> = match arg(&args, 2) {
        Value::Array(a) => a.iter().map(port).collect(),
        Value::Set(s) => s.iter().map(port).collect(),
        other => port(other).map(|p| vec![p]),
    };
    Ok(match wanted {
        Some(ports) => Value::Bool(rampart_policy::semantics::ports_overlap(from, to, &ports)),
        None => Value::Undefined,
    })
}

fn policy_statements(args: Vec<Value>) -> anyhow::Result<Value> {
    let doc = arg(&args, 0);
    if unknown_marker(doc) {
        return Ok(Value::Undefined);
    }
    let Some(v) = crate::input::to_terraform(doc, 0) else {
        return Ok(Value::Undefined);
    };
    let db = rampart_terraform::source::SourceDb::new();
    Ok(
        match rampart_policy::semantics::policy_statements(&v, &db) {
            Ok(Some(statements)) => Value::from(
                statements
                    .iter()
                    .map(crate::input::statement)
                    .collect::<Vec<_>>(),
            ),
            Ok(None) | Err(_) => Value::Undefined,
        },
    )
}

fn integer(v: &Value) -> Option<i128> {
    match v {
        Value::Number(n) => n.as_i64().map(i128::from),
        _ => None,
    }
}

fn too_many(name: &str, n: u128) -> anyhow::Error {
    anyhow::anyhow!(
        "`{name}` would produce {n} elements, more than rampart's limit of {MAX_ELEMENTS} in one call"
    )
}

fn numbers_range(args: Vec<Value>) -> anyhow::Result<Value> {
    if let (Some(a), Some(b)) = (integer(arg(&args, 0)), integer(arg(&args, 1))) {
        let n = a.abs_diff(b) + 1;
        if n > MAX_ELEMENTS {
            return Err(too_many("numbers.range", n));
        }
    }
    delegate("numbers.range", args)
}

fn numbers_range_step(args: Vec<Value>) -> anyhow::Result<Value> {
    if let (Some(a), Some(b), Some(step)) = (
        integer(arg(&args, 0)),
        integer(arg(&args, 1)),
        integer(arg(&args, 2)),
    ) {
        if step > 0 {
            let n = a.abs_diff(b) / step.unsigned_abs() + 1;
            if n > MAX_ELEMENTS {
                return Err(too_many("numbers.range_step", n));
            }
        }
    }
    delegate("numbers.range_step", args)
}

/// A CIDR, or an address as a one-address network.
fn network(v: &Value) -> Option<ipnet::IpNet> {
    let Value::String(s) = v else {
        return None;
    };
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| s.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

/// `net.cidr_is_valid(cidr)`: OPA's (an address alone is not a CIDR).
fn cidr_is_valid(args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(match arg(&args, 0) {
        Value::String(s) => Value::Bool(s.parse::<ipnet::IpNet>().is_ok()),
        _ => Value::Undefined,
    })
}

/// `net.cidr_contains(cidr, cidr_or_ip)`: OPA's.
fn cidr_contains(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Some(outer), Some(inner)) = (network(arg(&args, 0)), network(arg(&args, 1))) else {
        return Ok(Value::Undefined);
    };
    Ok(Value::Bool(outer.contains(&inner)))
}

/// `net.cidr_intersects(cidr, cidr)`: OPA's.
fn cidr_intersects(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Some(a), Some(b)) = (network(arg(&args, 0)), network(arg(&args, 1))) else {
        return Ok(Value::Undefined);
    };
    Ok(Value::Bool(a.contains(&b) || b.contains(&a)))
}

/// `net.cidr_expand(cidr)`: OPA's (every address, network and broadcast
/// included, as a set of strings), at most [`MAX_ELEMENTS`] of them.
fn cidr_expand(args: Vec<Value>) -> anyhow::Result<Value> {
    let Value::String(s) = arg(&args, 0) else {
        return Ok(Value::Undefined);
    };
    let net = s
        .trim()
        .parse::<ipnet::IpNet>()
        .map_err(|e| anyhow::anyhow!("net.cidr_expand: {s} is not a CIDR: {e}"))?;
    let host_bits = u32::from(net.max_prefix_len() - net.prefix_len());
    let n = 1u128.checked_shl(host_bits).unwrap_or(u128::MAX);
    if n > MAX_ELEMENTS {
        return Err(too_many("net.cidr_expand", n));
    }
    let mut out = std::collections::BTreeSet::new();
    match net {
        ipnet::IpNet::V4(v4) => {
            let start = u32::from(v4.network());
            for i in 0..n {
                let Ok(i) = u32::try_from(i) else { break };
                out.insert(Value::from(
                    std::net::Ipv4Addr::from(start.wrapping_add(i)).to_string(),
                ));
            }
        }
        ipnet::IpNet::V6(v6) => {
            let start = u128::from(v6.network());
            for i in 0..n {
                out.insert(Value::from(
                    std::net::Ipv6Addr::from(start.wrapping_add(i)).to_string(),
                ));
            }
        }
    }
    Ok(Value::from(out))
}

fn text_len(v: &Value) -> Option<u128> {
    match v {
        Value::String(s) => Some(s.len() as u128),
        _ => None,
    }
}

/// The most bytes replacing `old` (of `old_len` bytes) by `new_len` bytes
/// everywhere in `len` bytes can give.
fn replaced_len(len: u128, old_len: u128, new_len: u128) -> u128 {
    match len.checked_div(old_len) {
        Some(matches) => len.saturating_add(matches.saturating_mul(new_len)),
        // An empty `old`: Go (and Rust) insert `new` at every character
        // boundary.
        None => len.saturating_add(len.saturating_add(1).saturating_mul(new_len)),
    }
}

fn too_long(name: &str, n: u128) -> anyhow::Error {
    anyhow::anyhow!(
        "`{name}` could produce {n} bytes, more than rampart's limit of {MAX_TEXT} in one call"
    )
}

fn replace(args: Vec<Value>) -> anyhow::Result<Value> {
    if let (Some(s), Some(old), Some(new)) = (
        text_len(arg(&args, 0)),
        text_len(arg(&args, 1)),
        text_len(arg(&args, 2)),
    ) {
        let n = replaced_len(s, old, new);
        if n > MAX_TEXT {
            return Err(too_long("replace", n));
        }
    }
    delegate("replace", args)
}

fn replace_n(args: Vec<Value>) -> anyhow::Result<Value> {
    if let (Value::Object(patterns), Some(mut n)) = (arg(&args, 0), text_len(arg(&args, 1))) {
        // Applied one pattern after another, each on the last's result.
        for (old, new) in patterns.iter() {
            if let (Some(old), Some(new)) = (text_len(old), text_len(new)) {
                n = replaced_len(n, old, new);
            }
        }
        if n > MAX_TEXT {
            return Err(too_long("strings.replace_n", n));
        }
    }
    delegate("strings.replace_n", args)
}

/// The widths and precisions written in a Go format string.
fn widths(format: &str) -> impl Iterator<Item = u128> + '_ {
    let mut out = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let mut number: Option<u128> = None;
        while let Some(&d) = chars.peek() {
            if let Some(digit) = d.to_digit(10) {
                number = Some(
                    number
                        .unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(u128::from(digit)),
                );
            } else if matches!(d, '.' | '-' | '+' | ' ' | '#' | '0') {
                out.extend(number.take());
            } else {
                break;
            }
            chars.next();
        }
        out.extend(number);
        chars.next();
    }
    out.into_iter()
}

fn sprintf(args: Vec<Value>) -> anyhow::Result<Value> {
    if let Value::String(f) = arg(&args, 0) {
        if let Some(w) = widths(f).max() {
            if w > MAX_TEXT {
                return Err(too_long("sprintf", w));
            }
        }
    }
    if let Some(text) = sprintf_simple(&args) {
        return Ok(Value::String(text.into()));
    }
    delegate("sprintf", args)
}

/// Whole numbers up to this are printed alike whether regorus holds them
/// as integers or as floats.
const EXACT: u64 = 1 << 53;

/// `sprintf` as regorus formats it, for what policies write most: `%s`
/// and `%v` of strings, booleans and whole numbers, `%d` of whole
/// numbers, `%%`. `None` for anything else (widths, flags, other verbs or
/// values, too few or too many arguments), which regorus's own `sprintf`
/// formats (or refuses). Handing every call to regorus through
/// [`delegate`] evaluates a query each time: with ten policies on a
/// module of 100 security groups that was a fifth of a keystroke's check
/// in the editor.
fn sprintf_simple(args: &[Value]) -> Option<String> {
    let [Value::String(format), Value::Array(values)] = args else {
        return None;
    };
    let mut out = String::with_capacity(format.len() + 32);
    let mut values = values.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next()?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        match (verb, values.next()?) {
            ('s' | 'v', Value::String(s)) => out.push_str(s),
            ('s' | 'v', Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            ('s' | 'v' | 'd', n @ Value::Number(_)) => {
                let n = n.as_u64().ok().filter(|n| *n <= EXACT)?;
                out.push_str(&n.to_string());
            }
            _ => return None,
        }
    }
    values.next().is_none().then_some(out)
}

thread_local! {
    /// One small engine per built-in handed on to regorus, per thread.
    static DELEGATES: RefCell<HashMap<&'static str, Engine>> = RefCell::new(HashMap::new());
}

/// Call regorus's own built-in `name` with `args`.
fn delegate(name: &'static str, args: Vec<Value>) -> anyhow::Result<Value> {
    DELEGATES.with(|cell| {
        let mut map = cell.borrow_mut();
        let engine = match map.entry(name) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let mut e = Engine::new();
                let params: Vec<String> = (0..args.len()).map(|i| format!("input[{i}]")).collect();
                e.add_policy(
                    "rampart-builtin.rego".to_string(),
                    format!(
                        "package rampart_builtin\nr := {name}({})\n",
                        params.join(", ")
                    ),
                )?;
                v.insert(e)
            }
        };
        engine.set_input(Value::from(args));
        engine.eval_rule("data.rampart_builtin.r".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_sprintf_is_regorus_sprintf() {
        let v = |json: &str| Value::from_json_str(json).unwrap();
        let cases = [
            (
                r#""`%s` opens %v-%d to %s (%%)""#,
                r#"["aws_sg.a[\"x\"]", 22, 2222, "0.0.0.0/0"]"#,
            ),
            (r#""%v %s %d""#, r#"[true, false, 9007199254740992]"#),
            (r#""%s""#, r#"[3.0]"#),
            (r#""ünïcode %s ✓""#, r#"["€"]"#),
            (r#""no verbs""#, r#"[]"#),
            (r#""%d""#, r#"[-1]"#),
            (r#""%d""#, r#"[1.5]"#),
            (r#""%v""#, r#"[[1, "a"]]"#),
            (r#""%v""#, r#"[{"a": 1}]"#),
            (r#""%v""#, r#"[null]"#),
            (r#""%5d""#, r#"[1]"#),
            (r#""%x""#, r#"[255]"#),
            (r#""%d""#, r#"[true]"#),
            (r#""%s %s""#, r#"["one"]"#),
            (r#""%s""#, r#"["one", "two"]"#),
            (r#""100%""#, r#"[]"#),
            (r#""%d""#, r#"[9007199254740993]"#),
        ];
        let mut simple = 0;
        for (format, values) in cases {
            let args = vec![v(format), v(values)];
            let theirs = delegate("sprintf", args.clone()).ok();
            if let Some(ours) = sprintf_simple(&args) {
                simple += 1;
                assert_eq!(
                    Some(Value::String(ours.into())),
                    theirs,
                    "sprintf({format}, {values})"
                );
            }
        }
        assert_eq!(simple, 5, "the common forms take the short way");
    }

    fn eval(query: &str) -> anyhow::Result<Value> {
        let mut e = Engine::new();
        register(&mut e)?;
        e.add_policy(
            "t.rego".into(),
            format!("package t\nimport rego.v1\nr := {query}\n"),
        )?;
        e.eval_rule("data.t.r".into())
    }

    fn yes(query: &str) -> bool {
        eval(query).ok() == Some(Value::Bool(true))
    }

    #[test]
    fn rampart_builtins() {
        assert!(yes(r#"rampart.is_internet("0.0.0.0/0")"#));
        assert!(yes(r#"rampart.is_internet("Internet")"#));
        assert!(yes(r#"rampart.is_internet("::/0")"#));
        assert!(!yes(r#"rampart.is_internet("10.0.0.0/8")"#));
        assert!(!yes(r#"rampart.is_internet("203.0.113.0/24")"#));
        assert!(!yes(r#"rampart.is_internet("sg-123")"#));
        assert_eq!(
            eval(r#"rampart.is_internet(1)"#).ok(),
            Some(Value::Undefined)
        );
        assert!(yes("rampart.ports_overlap(20, 25, 22)"));
        assert!(yes(r#"rampart.ports_overlap("0", "65535", [3389])"#));
        assert!(!yes("rampart.ports_overlap(80, 80, [22, 3389])"));
        assert!(!yes("rampart.ports_overlap(25, 20, 22)"));
        assert_eq!(
            eval("rampart.ports_overlap(-1, -1, 22)").ok(),
            Some(Value::Undefined)
        );
        assert!(yes(r#"rampart.is_unknown({"__rampart_unknown__": true})"#));
        assert!(!yes(r#"rampart.is_unknown("x")"#));
    }

    #[test]
    fn policy_statements_normalises_every_form() {
        let doc = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": ["*"]}}"#;
        let from_text = eval(&format!("rampart.policy_statements({doc:?})")).unwrap();
        let from_object = eval(&format!("rampart.policy_statements({doc})")).unwrap();
        assert_eq!(from_text, from_object);
        let expected =
            Value::from_json_str(r#"[{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]"#)
                .unwrap();
        assert_eq!(from_text, expected);
        assert_eq!(
            eval(r#"rampart.policy_statements("not json")"#).ok(),
            Some(Value::Undefined)
        );
    }

    #[test]
    fn large_results_are_refused_small_ones_are_regorus_own() {
        let e = eval("numbers.range(1, 1000000000)").unwrap_err();
        assert!(e.to_string().contains("limit of 100000"), "{e}");
        assert_eq!(
            eval("numbers.range(3, 1)").unwrap(),
            Value::from_json_str("[3, 2, 1]").unwrap()
        );
        assert!(eval(r#"net.cidr_expand("0.0.0.0/0")"#).is_err());
        assert_eq!(
            eval(r#"net.cidr_expand("10.0.0.0/30")"#).unwrap(),
            Value::from_json_str(r#"["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"]"#)
                .map(|v| Value::from(
                    v.as_array()
                        .unwrap()
                        .iter()
                        .cloned()
                        .collect::<std::collections::BTreeSet<_>>()
                ))
                .unwrap()
        );
        assert!(yes(r#"net.cidr_contains("10.0.0.0/8", "10.1.2.3")"#));
        assert!(yes(r#"net.cidr_contains("10.0.0.0/8", "10.1.0.0/16")"#));
        assert!(!yes(r#"net.cidr_contains("10.0.0.0/16", "10.0.0.0/8")"#));
        assert!(yes(r#"net.cidr_intersects("10.0.0.0/16", "10.0.0.0/8")"#));
        assert!(yes(r#"net.cidr_is_valid("::/0")"#));
        assert!(!yes(r#"net.cidr_is_valid("10.0.0.1")"#));
        assert!(eval(r#"sprintf("%999999999d", [1])"#).is_err());
        assert_eq!(
            eval(r#"sprintf("%s:%03d", ["a", 7])"#).unwrap(),
            Value::from("a:007")
        );
        let long = r#"concat("", ["ab" | some _ in numbers.range(1, 3000)])"#;
        assert!(eval(&format!(r#"replace({long}, "", {long})"#)).is_err());
        assert_eq!(
            eval(&format!(r#"count(replace({long}, "a", "xy"))"#)).unwrap(),
            Value::from(9000)
        );
        assert_eq!(
            eval(r#"replace("abc", "b", "x")"#).unwrap(),
            Value::from("axc")
        );
        assert_eq!(
            eval(r#"strings.replace_n({"a": "1"}, "aba")"#).unwrap(),
            Value::from("1b1")
        );
    }
}

#[cfg(test)]
mod families {
    use super::tests_support::eval;
    use regorus::Value;

    /// The built-in families docs/custom-policies.md lists are there; the
    /// ones it says are left out are not.
    #[test]
    fn documented_families() {
        for q in [
            r#"upper("a") == "A""#,
            r#"units.parse_bytes("1KiB") == 1024"#,
            r#"regex.match("^a", "ab")"#,
            r#"glob.match("*.tf", [], "a.tf")"#,
            r#"base64.encode("a") == "YQ==""#,
            r#"hex.encode("a") == "61""#,
            r#"semver.compare("1.2.0", "1.10.0") == -1"#,
            r#"json.unmarshal("{\"a\": 1}").a == 1"#,
            r#"object.get({}, "a", 2) == 2"#,
            r#"count({1, 2} | {3}) == 3"#,
        ] {
            assert_eq!(eval(q).ok(), Some(Value::Bool(true)), "{q}");
        }
        for q in [
            "time.now_ns()",
            r#"uuid.rfc4122("x")"#,
            "opa.runtime()",
            r#"yaml.unmarshal("a: 1")"#,
        ] {
            assert!(eval(q).is_err(), "{q} is available");
        }
    }
}

#[cfg(test)]
mod tests_support {
    use regorus::{Engine, Value};

    pub(crate) fn eval(query: &str) -> anyhow::Result<Value> {
        let mut e = Engine::new();
        super::register(&mut e)?;
        e.add_policy(
            "t.rego".into(),
            format!("package t\nimport rego.v1\nr := {query}\n"),
        )?;
        e.eval_rule("data.t.r".into())
    }
}
