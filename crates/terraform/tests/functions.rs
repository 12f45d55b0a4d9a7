//! Terraform's built-in functions through the evaluator: each function's
//! known results, errors (Unknown) and unknown arguments, the provenance of
//! values passing through, and the budgets that keep hostile input cheap.
//!
//! Each case is an attribute of a resource in a small in-memory module;
//! `var.u` is a variable without a value (Unknown).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_terraform::value::Value;
use std::time::{Duration, Instant};

/// How an unknown value renders.
const U: &str = "(known after apply)";

mod support;
use support::{attr, module};

/// Evaluate each expression as an attribute of one resource, with `var.u`
/// unknown and `local.a`/`local.b` handy.
fn eval_all(exprs: &[&str]) -> Vec<Value> {
    let mut src = String::from(
        "variable \"u\" {}\nlocals {\n  a = [\"x\", \"y\"]\n  b = { k = \"v\" }\n}\nresource \"x\" \"t\" {\n",
    );
    for (i, e) in exprs.iter().enumerate() {
        src.push_str(&format!("  a{i} = {e}\n"));
    }
    src.push_str("}\n");
    let f = module(&[("main.tf", &src)]);
    let m = f.eval();
    (0..exprs.len())
        .map(|i| attr(&m, "x.t", &format!("a{i}")).clone())
        .collect()
}

/// Each expression renders as expected (`value.to_string()`; strings in
/// Rust debug quoting, Unknown as `U`).
fn check(cases: &[(&str, &str)]) {
    let exprs: Vec<&str> = cases.iter().map(|(e, _)| *e).collect();
    let values = eval_all(&exprs);
    let mut failures = Vec::new();
    for ((expr, want), got) in cases.iter().zip(&values) {
        let got = got.to_string();
        if got != *want {
            failures.push(format!("{expr}\n    want {want}\n    got  {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Each expression is a string with exactly this text.
fn check_text(cases: &[(&str, &str)]) {
    let exprs: Vec<&str> = cases.iter().map(|(e, _)| *e).collect();
    let values = eval_all(&exprs);
    let mut failures = Vec::new();
    for ((expr, want), got) in cases.iter().zip(&values) {
        if got.as_str() != Some(*want) {
            failures.push(format!("{expr}\n    want {want:?}\n    got  {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Evaluating must be quick (budgets, not exhaustion).
fn quickly(cases: &[(&str, &str)]) {
    let start = Instant::now();
    check(cases);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------- encoding

#[test]
fn jsonencode() {
    check_text(&[
        (
            r#"jsonencode({ b = [1, 2.5, "x"], a = null, c = true })"#,
            r#"{"a":null,"b":[1,2.5,"x"],"c":true}"#,
        ),
        // Go escapes HTML characters; numbers never use exponents.
        (r#"jsonencode("<a&b>")"#, r#""\u003ca\u0026b\u003e""#),
        (r#"jsonencode("tab\there \"q\"")"#, r#""tab\there \"q\"""#),
        ("jsonencode(1e21)", "1000000000000000000000"),
        ("jsonencode(-0.5)", "-0.5"),
        ("jsonencode([])", "[]"),
    ]);
    check(&[
        ("jsonencode()", U),
        ("jsonencode(var.u)", U),
        ("jsonencode({ a = var.u })", U),
    ]);
}

#[test]
fn jsondecode() {
    check(&[
        (
            r#"jsondecode("{\"a\": [1, true, null, \"s\"], \"b\": {}}")"#,
            r#"{a = [1, true, null, "s"], b = {}}"#,
        ),
        (r#"jsondecode("42")"#, "42"),
        (r#"jsondecode("{")"#, U),
        (r#"jsondecode("")"#, U),
        (r#"jsondecode("[1,]")"#, U),
        // Terraform refuses duplicate keys.
        (r#"jsondecode("{\"a\": 1, \"a\": 2}")"#, U),
        ("jsondecode(var.u)", U),
        // What jsonencode encoded decodes to the structure itself.
        ("jsondecode(jsonencode({ a = [1, 2] }))", "{a = [1, 2]}"),
        ("jsondecode(jsonencode({ a = var.u })).a", U),
    ]);
    // Hostile nesting is refused, quickly.
    quickly(&[(
        r#"jsondecode("${join("", [for i in range(1000) : "["])}${join("", [for i in range(1000) : "]"])}")"#,
        U,
    )]);
}

#[test]
fn yamlencode() {
    check_text(&[
        (
            r#"yamlencode({ a = "b", c = "d" })"#,
            "\"a\": \"b\"\n\"c\": \"d\"\n",
        ),
        (
            r#"yamlencode({ foo = [1, 2, 3], bar = "baz" })"#,
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n",
        ),
        (
            r#"yamlencode({ foo = [1, { a = "b", c = "d" }, 3], bar = "baz" })"#,
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n",
        ),
        (r#"yamlencode({ a = { b = 1 } })"#, "\"a\":\n  \"b\": 1\n"),
        ("yamlencode([[1, 2], [3]])", "- - 1\n  - 2\n- - 3\n"),
        (
            "yamlencode({ a = [], b = {}, c = null, d = true })",
            "\"a\": []\n\"b\": {}\n\"c\": null\n\"d\": true\n",
        ),
        // A plain scalar at the top ends its document explicitly.
        ("yamlencode(1)", "1\n...\n"),
        (r#"yamlencode("x")"#, "\"x\"\n"),
        // Strings with newlines are literal blocks, with chomping hints.
        (r#"yamlencode("x\ny")"#, "|-\n  x\n  y\n"),
        (r#"yamlencode({ a = "x\ny\n" })"#, "\"a\": |\n  x\n  y\n"),
        (r#"yamlencode(" x\n")"#, "|2\n   x\n"),
        // ...unless a space ends a line, or a character needs escaping.
        (r#"yamlencode("x \ny")"#, "\"x \\ny\"\n"),
        (r#"yamlencode("a\tb")"#, "\"a\\tb\"\n"),
        (r#"yamlencode("é😀")"#, "\"é\\U0001F600\"\n"),
        // Long strings fold at 80 columns.
        (
            &format!(r#"yamlencode({{ k = "{}" }})"#, ["word"; 30].join(" ")),
            &format!(
                "\"k\": \"{}\n  {}\"\n",
                ["word"; 16].join(" "),
                ["word"; 14].join(" ")
            ),
        ),
    ]);
    check(&[
        ("yamlencode()", U),
        ("yamlencode(var.u)", U),
        ("yamlencode([1, var.u])", U),
    ]);
}

#[test]
fn yamldecode() {
    check(&[
        (
            r#"yamldecode("a: 1\nb: [true, null, x]\nc:\n  - 1.5\n")"#,
            r#"{a = 1, b = [true, null, "x"], c = [1.5]}"#,
        ),
        // YAML 1.1 names, quoting, underscores, hex as text, timestamps.
        (
            r#"yamldecode("a: yes\nb: off\nc: ~\nd: '1'\ne: 1_000\nf: 0x10\ng: 2001-12-14\nh: 2001-12-14t21:59:43.10-05:00\ni: !!int 0x10\nj: !!str true\nk: 2024-01-01-preview\n")"#,
            r#"{a = true, b = false, c = null, d = "1", e = 1000, f = "0x10", g = "2001-12-14T00:00:00Z", h = "2001-12-14T21:59:43-05:00", i = 16, j = "true", k = "2024-01-01-preview"}"#,
        ),
        // Anchors, aliases and merge keys.
        (
            r#"yamldecode("base: &b {p: 1, q: 1}\nd:\n  <<: *b\n  q: 2\nl: [*b]\n")"#,
            "{base = {p = 1, q = 1}, d = {p = 1, q = 2}, l = [{p = 1, q = 1}]}",
        ),
        // YAML 1.1 reads the key `y` as true, as Terraform does.
        (r#"yamldecode("y: 1\nNO: 2\n")"#, "{false = 2, true = 1}"),
        (r#"yamldecode("--- 5\n...\n")"#, "5"),
        (r#"yamldecode("---\n")"#, "null"),
        (
            r#"yamldecode("a: |\n  x\n  y\nb: >-\n  p\n  q\n")"#,
            r#"{a = "x\ny\n", b = "p q"}"#,
        ),
        (r##"yamldecode("# only a comment\n")"##, U),
        (r#"yamldecode("a: [")"#, U),
        (r#"yamldecode("")"#, U),
        (r#"yamldecode("a\n---\nb\n")"#, U),
        (r#"yamldecode("a: !custom x")"#, U),
        (r#"yamldecode("a: .nan")"#, U),
        (r#"yamldecode("? [a]\n: b\n")"#, U),
        (r#"yamldecode("a: *nope")"#, U),
        ("yamldecode(var.u)", U),
    ]);
    // An alias bomb stops at the value budget, quickly.
    let bomb = r#"yamldecode("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n")"#;
    let deep = r#"yamldecode(join("", [for i in range(1000) : "["]))"#;
    let indented: String = (0..500)
        .map(|i| format!("{}- \\n", " ".repeat(i * 2)))
        .collect();
    let indented = format!("yamldecode(\"{indented}\")");
    quickly(&[(bomb, U), (deep, U), (&indented, U)]);
}

#[test]
fn base64encode() {
    check(&[
        (r#"base64encode("Hello World")"#, r#""SGVsbG8gV29ybGQ=""#),
        (r#"base64encode("")"#, r#""""#),
        (r#"base64encode("ab")"#, r#""YWI=""#),
        (r#"base64encode(["a"])"#, U),
        ("base64encode(var.u)", U),
    ]);
}

#[test]
fn base64decode() {
    check(&[
        (r#"base64decode("SGVsbG8gV29ybGQ=")"#, r#""Hello World""#),
        (r#"base64decode("SGVs\nbG8=")"#, r#""Hello""#),
        (r#"base64decode(base64encode("ü"))"#, r#""ü""#),
        // Padding is required; the bytes must be UTF-8.
        (r#"base64decode("SGVsbG8")"#, U),
        (r#"base64decode("/w==")"#, U),
        (r#"base64decode("a=b=")"#, U),
        ("base64decode(var.u)", U),
    ]);
}

// ------------------------------------------------------------- collections

#[test]
fn concat() {
    check(&[
        (r#"concat(["a"], ["b", "c"])"#, r#"["a", "b", "c"]"#),
        (r#"concat([], [1])"#, "[1]"),
        (r#"concat(["a"], [var.u])"#, &format!(r#"["a", {U}]"#)),
        (r#"concat(["a"], "b")"#, U),
        ("concat()", U),
        (r#"concat(var.u, ["a"])"#, U),
    ]);
}

#[test]
fn merge() {
    check(&[
        ("merge({ a = 1 }, { b = 2 }, null)", "{a = 1, b = 2}"),
        ("merge({ a = 1, b = 1 }, { a = 3 })", "{a = 3, b = 1}"),
        ("merge()", "{}"),
        ("merge({ a = var.u })", &format!("{{a = {U}}}")),
        (r#"merge({ a = 1 }, ["x"])"#, U),
        ("merge({ a = 1 }, var.u)", U),
    ]);
}

#[test]
fn flatten() {
    check(&[
        (
            r#"flatten([["a"], [["b"]], "c", []])"#,
            r#"["a", "b", "c"]"#,
        ),
        ("flatten([[null], [{ a = 1 }]])", "[null, {a = 1}]"),
        (r#"flatten("a")"#, U),
        ("flatten([var.u])", U),
        ("flatten(var.u)", U),
    ]);
}

#[test]
fn distinct() {
    check(&[
        (r#"distinct(["a", "b", "a", "c"])"#, r#"["a", "b", "c"]"#),
        // Elements unify to strings first.
        (r#"distinct(["1", 1, 2])"#, r#"["1", "2"]"#),
        ("distinct([[1], [1], [2]])", "[[1], [2]]"),
        (r#"distinct("a")"#, U),
        (r#"distinct(["a", var.u])"#, U),
    ]);
}

#[test]
fn compact() {
    check(&[
        (r#"compact(["a", "", null, 1, "b"])"#, r#"["a", "1", "b"]"#),
        (r#"compact([["x"]])"#, U),
        (r#"compact(["a", var.u])"#, U),
    ]);
}

#[test]
fn coalesce() {
    check(&[
        (r#"coalesce(null, "", "b")"#, r#""b""#),
        // The result has the type all arguments unify to.
        (r#"coalesce(null, 1, "x")"#, r#""1""#),
        ("coalesce(null, 1, 2)", "1"),
        // Later unknowns do not matter; earlier ones do.
        (r#"coalesce("a", var.u)"#, r#""a""#),
        (r#"coalesce(var.u, "a")"#, U),
        (r#"coalesce("", var.u)"#, U),
        ("coalesce(null, null)", U),
        ("coalesce(1, [1])", U),
    ]);
}

#[test]
fn coalescelist() {
    check(&[
        (r#"coalescelist([], ["a"], var.u)"#, r#"["a"]"#),
        (r#"coalescelist(["b"], [])"#, r#"["b"]"#),
        (r#"coalescelist(var.u, ["a"])"#, U),
        ("coalescelist([], [])", U),
        (r#"coalescelist(["a"], "b")"#, U),
        (r#"coalescelist(null, ["a"])"#, U),
    ]);
}

#[test]
fn lookup() {
    check(&[
        ("lookup({ a = 1 }, \"a\")", "1"),
        ("lookup({ a = 1 }, \"b\", 2)", "2"),
        ("lookup(local.b, \"k\", \"d\")", r#""v""#),
        ("lookup({ a = 1 }, \"b\")", U),
        // Terraform answers only once the whole map is known.
        ("lookup({ a = 1, b = var.u }, \"a\", 0)", U),
        ("lookup(var.u, \"a\", 1)", U),
        ("lookup({ a = 1 }, var.u, 1)", U),
        (r#"lookup(["a"], 0, 1)"#, U),
    ]);
}

#[test]
fn element() {
    check(&[
        (r#"element(["a", "b", "c"], 1)"#, r#""b""#),
        (r#"element(["a", "b", "c"], 4)"#, r#""b""#),
        // Terraform 1.11: the index modulo the length (Go's truncated `%`);
        // negative after it, an error there and from the end later: Unknown.
        (r#"element(["a", "b", "c"], -1)"#, U),
        (r#"element(["a", var.u], 0)"#, r#""a""#),
        ("element([], 0)", U),
        (r#"element(["a"], 1.5)"#, U),
        (r#"element(["a"], -2)"#, r#""a""#),
        ("element(var.u, 0)", U),
        (r#"element(["a"], var.u)"#, U),
    ]);
}

#[test]
fn index() {
    check(&[
        (r#"index(["a", "b", "c"], "b")"#, "1"),
        (r#"index(["b", var.u], "b")"#, "0"),
        (r#"index(["a"], "z")"#, U),
        ("index([], 1)", U),
        (r#"index(["a", var.u, "b"], "b")"#, U),
        (r#"index(var.u, "b")"#, U),
    ]);
}

#[test]
fn contains() {
    check(&[
        (r#"contains(["a", "b"], "b")"#, "true"),
        (r#"contains(["a"], "z")"#, "false"),
        // No conversion: a number is not a string.
        (r#"contains([1], "1")"#, "false"),
        ("contains([[1, 2]], [1, 2])", "true"),
        // A known match answers even beside unknown elements.
        (r#"contains([var.u, "a"], "a")"#, "true"),
        ("contains([], var.u)", "false"),
        (r#"contains([var.u], "a")"#, U),
        (r#"contains(["a"], var.u)"#, U),
        (r#"contains("a", "a")"#, U),
        (r#"contains(var.u, "a")"#, U),
    ]);
}

#[test]
fn keys() {
    check(&[
        ("keys({ b = 1, a = 2 })", r#"["a", "b"]"#),
        ("keys({ a = var.u })", r#"["a"]"#),
        (r#"keys(["a"])"#, U),
        ("keys(var.u)", U),
    ]);
}

#[test]
fn values() {
    check(&[
        ("values({ b = 1, a = 2 })", "[2, 1]"),
        ("values({ a = var.u })", &format!("[{U}]")),
        (r#"values("x")"#, U),
        ("values(var.u)", U),
    ]);
}

#[test]
fn length() {
    check(&[
        (r#"length(["a", var.u])"#, "2"),
        ("length({ a = 1, b = var.u })", "2"),
        (r#"length("héllo")"#, "5"),
        // Grapheme clusters: a combining accent, CRLF, a flag.
        (r#"length("e\u0301")"#, "1"),
        (r#"length("a\r\nb")"#, "3"),
        (r#"length("\r\r\n\n")"#, "3"),
        (r#"length("🇫🇷")"#, "1"),
        (r#"length("")"#, "0"),
        ("length(5)", U),
        ("length(null)", U),
        ("length(var.u)", U),
    ]);
}

#[test]
fn slice() {
    check(&[
        (r#"slice(["a", "b", "c", "d"], 1, 3)"#, r#"["b", "c"]"#),
        (r#"slice(["a"], 1, 1)"#, "[]"),
        (r#"slice(["a"], 1, 0)"#, U),
        (r#"slice(["a"], 0, 2)"#, U),
        (r#"slice(["a"], -1, 1)"#, U),
        ("slice(var.u, 0, 1)", U),
        (r#"slice(["a"], 0, var.u)"#, U),
    ]);
}

#[test]
fn zipmap() {
    check(&[
        (r#"zipmap(["a", "b"], [1, 2])"#, "{a = 1, b = 2}"),
        (r#"zipmap(["a", "a"], [1, 2])"#, "{a = 2}"),
        (r#"zipmap([1], ["x"])"#, r#"{1 = "x"}"#),
        (r#"zipmap(["a"], [var.u])"#, &format!("{{a = {U}}}")),
        (r#"zipmap(["a"], [1, 2])"#, U),
        ("zipmap([null], [1])", U),
        ("zipmap([var.u], [1])", U),
        (r#"zipmap(var.u, [1])"#, U),
    ]);
}

#[test]
fn setunion() {
    check(&[
        (r#"setunion(["b", "a"], ["c", "a"])"#, r#"["a", "b", "c"]"#),
        // Sets of numbers iterate in numeric order.
        ("setunion([2, 1], [1, 10])", "[1, 2, 10]"),
        (r#"setunion(["a"], [var.u])"#, &format!(r#"["a", {U}]"#)),
        (r#"setunion(["a"], "b")"#, U),
        (r#"setunion(var.u, ["a"])"#, U),
        ("setunion()", U),
    ]);
}

#[test]
fn setintersection() {
    check(&[
        (
            r#"setintersection(["a", "b", "c"], ["b", "c", "d"], ["c", "b"])"#,
            r#"["b", "c"]"#,
        ),
        (r#"setintersection(["a"], ["b"])"#, "[]"),
        (r#"setintersection(["a"], [var.u])"#, U),
        (r#"setintersection(["a"], "a")"#, U),
    ]);
}

#[test]
fn setsubtract() {
    check(&[
        (r#"setsubtract(["a", "b", "c"], ["a", "c"])"#, r#"["b"]"#),
        (r#"setsubtract(["b", "a", "a"], [])"#, r#"["a", "b"]"#),
        (r#"setsubtract(["a"])"#, U),
        (r#"setsubtract(["a", var.u], ["a"])"#, U),
        (r#"setsubtract(["a"], var.u)"#, U),
    ]);
}

// ------------------------------------------------------------- conversions

#[test]
fn toset() {
    check(&[
        (r#"toset(["b", "a", "b"])"#, r#"["a", "b"]"#),
        (r#"toset([1, "1"])"#, r#"["1"]"#),
        ("toset([true, false, true])", "[false, true]"),
        ("toset(null)", "null"),
        ("toset({ a = 1 })", U),
        (r#"toset("a")"#, U),
        ("toset(var.u)", U),
    ]);
}

#[test]
fn tolist() {
    check(&[
        (r#"tolist(["a", 1, true])"#, r#"["a", "1", "true"]"#),
        (
            r#"tolist([{ a = 1 }, { a = "x" }])"#,
            r#"[{a = "1"}, {a = "x"}]"#,
        ),
        ("tolist([])", "[]"),
        (r#"tolist("a")"#, U),
        // Objects with different attributes unify as maps, tuples of
        // different lengths as lists.
        (
            r#"tolist([{ a = 1 }, { b = "x" }])"#,
            r#"[{a = "1"}, {b = "x"}]"#,
        ),
        (r#"tolist([["a"], ["b", 1]])"#, r#"[["a"], ["b", "1"]]"#),
        ("tolist([{ a = 1 }, { b = [2] }])", U),
        ("tolist([1, [1]])", U),
        ("tolist(var.u)", U),
    ]);
}

#[test]
fn tomap() {
    check(&[
        (r#"tomap({ a = 1, b = "x" })"#, r#"{a = "1", b = "x"}"#),
        ("tomap({})", "{}"),
        (r#"tomap(["a"])"#, U),
        ("tomap({ a = 1, b = [1] })", U),
        ("tomap(var.u)", U),
    ]);
}

#[test]
fn tostring() {
    check(&[
        ("tostring(5)", r#""5""#),
        ("tostring(1.5)", r#""1.5""#),
        ("tostring(true)", r#""true""#),
        ("tostring(null)", "null"),
        (r#"tostring(["a"])"#, U),
        ("tostring(var.u)", U),
    ]);
}

#[test]
fn tonumber() {
    check(&[
        (r#"tonumber("5.5")"#, "5.5"),
        (r#"tonumber("-1e3")"#, "-1000"),
        ("tonumber(7)", "7"),
        ("tonumber(null)", "null"),
        (r#"tonumber("0x10")"#, U),
        (r#"tonumber("abc")"#, U),
        (r#"tonumber(" 5")"#, U),
        (r#"tonumber("inf")"#, U),
        ("tonumber(true)", U),
        ("tonumber(var.u)", U),
    ]);
}

#[test]
fn tobool() {
    check(&[
        (r#"tobool("true")"#, "true"),
        ("tobool(false)", "false"),
        ("tobool(null)", "null"),
        ("tobool(1)", U),
        (r#"tobool("yes")"#, U),
        ("tobool(var.u)", U),
    ]);
}

// ------------------------------------------------------------------ format

#[test]
fn format() {
    check_text(&[
        (r#"format("Hello, %s!", "Ander")"#, "Hello, Ander!"),
        (r#"format("There are %d lights", 4)"#, "There are 4 lights"),
        (r#"format("%.2f", 3.14159)"#, "3.14"),
        (r#"format("%f", 1)"#, "1.000000"),
        (
            r#"format("%6.2f|%-6.1f|%06.2f", 2.5, 2.25, -1.5)"#,
            "  2.50|2.2   |-01.50",
        ),
        (r#"format("%q", "a\"b")"#, r#""a\"b""#),
        (
            r#"format("%v %v %v %v %v", "s", 1000000, true, [1, "a"], null)"#,
            r#"s 1e+06 true [1,"a"] null"#,
        ),
        (r#"format("%#v", "s")"#, r#""s""#),
        (r#"format("%t %t", true, "false")"#, "true false"),
        (
            r#"format("%%|%-5s|%5s|%05d|%x|%X|%o|%b|%+d|%#x|% d", "ab", "cd", 42, 255, 255, 8, 5, 3, 255, 7)"#,
            "%|ab   |   cd|00042|ff|FF|10|101|+3|0xff| 7",
        ),
        (
            r#"format("%e|%E", 123456.789, 0.5)"#,
            "1.234568e+05|5.000000E-01",
        ),
        (
            r#"format("%g|%g|%G|%.3g", 0.00001234, 100000, 1e21, 1234.5678)"#,
            "1.234e-05|100000|1E+21|1.23e+03",
        ),
        (r#"format("%[2]s %[1]s %s", "a", "b")"#, "b a b"),
        (r#"format("%.3s|%5.1s|", "abcdef", "xyz")"#, "abc|    x|"),
        (r#"format("%s", 1.5)"#, "1.5"),
    ]);
    check(&[
        // A rounding tie of a decimal that binary cannot hold exactly.
        (r#"format("%.2f", 2.675)"#, U),
        (r#"format("%d", 1.5)"#, U),
        (r#"format("%z", 1)"#, U),
        (r#"format("%s")"#, U),
        (r#"format("%s", "a", "b")"#, U),
        (r#"format("%s", null)"#, U),
        (r#"format("%s", [1])"#, U),
        (r#"format("%d", "x")"#, U),
        (r#"format("%5")"#, U),
        (r#"format("%s", var.u)"#, U),
        (r#"format("%s", [var.u])"#, U),
        ("format(var.u)", U),
    ]);
    // A huge width is over budget, not an allocation.
    quickly(&[(r#"format("%1000000000d", 1)"#, U)]);
}

#[test]
fn formatlist() {
    check(&[
        (
            r#"formatlist("Hello, %s!", ["Valentina", "Ander"])"#,
            r#"["Hello, Valentina!", "Hello, Ander!"]"#,
        ),
        (
            r#"formatlist("%s, %s!", "Salutations", ["A", "B"])"#,
            r#"["Salutations, A!", "Salutations, B!"]"#,
        ),
        (r#"formatlist("x")"#, r#"["x"]"#),
        (r#"formatlist("%s", [])"#, "[]"),
        (
            r#"formatlist("%s-%s", ["a", var.u], "x")"#,
            &format!(r#"["a-x", {U}]"#),
        ),
        (r#"formatlist("%s", ["a"], ["b", "c"])"#, U),
        (r#"formatlist("%d", ["a"])"#, U),
        (r#"formatlist("%s", var.u)"#, U),
    ]);
}

// ----------------------------------------------------------------- strings

#[test]
fn join() {
    check(&[
        (r#"join(", ", ["a", "b"], ["c"])"#, r#""a, b, c""#),
        (r#"join(",", [1, true])"#, r#""1,true""#),
        (r#"join(",", [])"#, r#""""#),
        (r#"join(",", ["a", null])"#, U),
        (r#"join(",")"#, U),
        (r#"join(",", [["a"]])"#, U),
        (r#"join(",", ["a", var.u])"#, U),
        (r#"join(var.u, ["a"])"#, U),
    ]);
}

#[test]
fn split() {
    check(&[
        (r#"split(",", "a,b,,c")"#, r#"["a", "b", "", "c"]"#),
        (r#"split("", "abc")"#, r#"["a", "b", "c"]"#),
        (r#"split(",", "")"#, r#"[""]"#),
        (r#"split("", "")"#, "[]"),
        (r#"split(",", ["a"])"#, U),
        (r#"split(",", var.u)"#, U),
    ]);
}

#[test]
fn replace() {
    check(&[
        (r#"replace("1 + 2 + 3", "+", "-")"#, r#""1 - 2 - 3""#),
        (
            r#"replace("hello world", "/w.*d/", "everybody")"#,
            r#""hello everybody""#,
        ),
        (
            r#"replace("a-b c-d", "/(\\w)-(\\w)/", "$2-$1")"#,
            r#""b-a d-c""#,
        ),
        (
            r#"replace("k=v", "/(?P<key>\\w)=(?P<val>\\w)/", "$${val}:$${key}:$$:$x")"#,
            r#""v:k:$:""#,
        ),
        (r#"replace("abc", "", "-")"#, r#""-a-b-c-""#),
        (r#"replace("a/b", "/", "_")"#, r#""a_b""#),
        (r#"replace("x", "/(/", "y")"#, U),
        (r#"replace(["x"], "x", "y")"#, U),
        (r#"replace(var.u, "a", "b")"#, U),
    ]);
    // Output over the text budget is Unknown, not 100 MB.
    quickly(&[(
        r#"replace(join("", [for i in range(1000) : "aaaaaaaaaa"]), "a", join("", [for i in range(1000) : "bbbbbbbbbb"]))"#,
        U,
    )]);
}

#[test]
fn lower() {
    check(&[
        (r#"lower("HELLO Ü")"#, r#""hello ü""#),
        ("lower(5)", r#""5""#),
        // Go maps characters one to one (Unicode's simple mappings).
        (r#"lower("İ")"#, r#""i""#),
        (r#"lower(["a"])"#, U),
        ("lower(var.u)", U),
    ]);
}

#[test]
fn upper() {
    check(&[
        (r#"upper("héllo")"#, r#""HÉLLO""#),
        (r#"upper("ß")"#, r#""ß""#),
        (r#"upper("ᾳ")"#, r#""ᾼ""#),
        (r#"upper({})"#, U),
        ("upper(var.u)", U),
    ]);
}

#[test]
fn title() {
    check(&[
        (
            r#"title("hello world-foo_bar 3d")"#,
            r#""Hello World-Foo_bar 3d""#,
        ),
        (r#"title("éa ǆb")"#, r#""Éa ǅb""#),
        (r#"title(["a"])"#, U),
        ("title(var.u)", U),
    ]);
}

#[test]
fn trimspace() {
    check(&[
        (r#"trimspace("  hi\n\t")"#, r#""hi""#),
        (r#"trimspace("\u00a0x\u3000")"#, r#""x""#),
        ("trimspace([])", U),
        ("trimspace(var.u)", U),
    ]);
}

#[test]
fn trim() {
    check(&[
        (r#"trim("?!hello?!", "!?")"#, r#""hello""#),
        (r#"trim("abc", "")"#, r#""abc""#),
        (r#"trim("a")"#, U),
        (r#"trim(var.u, "a")"#, U),
    ]);
}

#[test]
fn trimprefix() {
    check(&[
        (r#"trimprefix("helloworld", "hello")"#, r#""world""#),
        (r#"trimprefix("hellohello", "hello")"#, r#""hello""#),
        (r#"trimprefix("helloworld", "cat")"#, r#""helloworld""#),
        (r#"trimprefix(["a"], "a")"#, U),
        (r#"trimprefix("a", var.u)"#, U),
    ]);
}

#[test]
fn trimsuffix() {
    check(&[
        (r#"trimsuffix("helloworld", "world")"#, r#""hello""#),
        (r#"trimsuffix("helloworld", "cat")"#, r#""helloworld""#),
        (r#"trimsuffix(["a"], "a")"#, U),
        (r#"trimsuffix(var.u, "a")"#, U),
    ]);
}

#[test]
fn startswith() {
    check(&[
        (r#"startswith("hello world", "hello")"#, "true"),
        (r#"startswith("hello world", "world")"#, "false"),
        (r#"startswith(["a"], "a")"#, U),
        (r#"startswith(var.u, "a")"#, U),
    ]);
}

#[test]
fn endswith() {
    check(&[
        (r#"endswith("hello world", "world")"#, "true"),
        (r#"endswith("hello world", "hello")"#, "false"),
        (r#"endswith("a", ["a"])"#, U),
        (r#"endswith(var.u, "a")"#, U),
    ]);
}

#[test]
fn substr() {
    check(&[
        (r#"substr("hello world", 1, 4)"#, r#""ello""#),
        (r#"substr("🤔🤷", 0, 1)"#, r#""🤔""#),
        (r#"substr("hello world", -5, -1)"#, r#""world""#),
        (r#"substr("hello", 3, 10)"#, r#""lo""#),
        (r#"substr("hello", 10, 1)"#, r#""""#),
        (r#"substr("abc", -5, 1)"#, r#""a""#),
        (r#"substr("hello", 0, 1.5)"#, U),
        (r#"substr("hello", 0, 0)"#, r#""""#),
        (r#"substr("hello", -2, 0)"#, r#""lo""#),
        (r#"substr(var.u, 0, 1)"#, U),
    ]);
}

#[test]
fn strrev() {
    // A combining accent stays with its letter.
    check_text(&[(r#"strrev("ae\u0301")"#, "e\u{301}a")]);
    check(&[
        (r#"strrev("hello")"#, r#""olleh""#),
        (r#"strrev(["a"])"#, U),
        ("strrev(var.u)", U),
    ]);
}

#[test]
fn regex() {
    check(&[
        (
            r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#,
            r#""aaabbbccc""#,
        ),
        (
            r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#,
            r#"["2019", "02", "01"]"#,
        ),
        (
            r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
            r#"{authority = "terraform.io", scheme = "https"}"#,
        ),
        // An unmatched group is null.
        (r#"regex("(a)|(b)", "b")"#, r#"[null, "b"]"#),
        // Go's \d and \s are ASCII-only.
        (r#"regex("\\d+", "١٢3")"#, r#""3""#),
        (r#"regex("[\\d]+x", "12x")"#, r#""12x""#),
        (r#"regex("\\bfoo\\b", "a foo b")"#, r#""foo""#),
        (r#"regex("a\\sb", "a\u000bb")"#, U),
        (r#"regex("(a)(?P<b>b)", "ab")"#, U),
        (r#"regex("x", "abc")"#, U),
        (r#"regex("[", "a")"#, U),
        (r#"regex(var.u, "a")"#, U),
        (r#"regex("a", var.u)"#, U),
    ]);
    // Patterns over the size bound are Unknown, and matching stays linear.
    quickly(&[
        (r#"regex("(a{1000}){1000}", "a")"#, U),
        (
            r#"regex("((a+)+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")"#,
            U,
        ),
        (
            r#"regex("(?:(?:a+)+)+b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")"#,
            r#""aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab""#,
        ),
        (
            r#"regex("(((a+)+)+)c", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")"#,
            U,
        ),
    ]);
}

#[test]
fn regexall() {
    check(&[
        (
            r#"regexall("[a-z]+", "1234abcd5678efgh9")"#,
            r#"["abcd", "efgh"]"#,
        ),
        (
            r#"regexall("(\\d)(\\w)", "1a2b")"#,
            r#"[["1", "a"], ["2", "b"]]"#,
        ),
        (r#"regexall("x", "abc")"#, "[]"),
        (r#"length(regexall("[0-9]", "a1b2c3"))"#, "3"),
        (r#"regexall("[", "a")"#, U),
        (r#"regexall("a", var.u)"#, U),
    ]);
}

#[test]
fn basename() {
    check(&[
        (r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
        (r#"basename("a/b/")"#, r#""b""#),
        (r#"basename("/")"#, r#""/""#),
        (r#"basename("")"#, r#"".""#),
        (r#"basename(["a"])"#, U),
        ("basename(var.u)", U),
    ]);
}

#[test]
fn dirname() {
    check(&[
        (r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
        (r#"dirname("baz")"#, r#"".""#),
        (r#"dirname("/a")"#, r#""/""#),
        (r#"dirname("a/../b/c")"#, r#""b""#),
        (r#"dirname("/a/b/")"#, r#""/a/b""#),
        (r#"dirname(["a"])"#, U),
        ("dirname(var.u)", U),
    ]);
}

#[test]
fn chomp_indent_strcontains() {
    check(&[
        (r#"chomp("hello\r\n\n")"#, r#""hello""#),
        (r#"indent(2, "a\nb")"#, r#""a\n  b""#),
        (r#"strcontains("hello", "ell")"#, "true"),
        (r#"chomp(["a"])"#, U),
        (r#"indent(-1, "a")"#, U),
        (r#"strcontains(var.u, "a")"#, U),
    ]);
}

// ----------------------------------------------------------------- numbers

#[test]
fn range() {
    check(&[
        ("range(3)", "[0, 1, 2]"),
        ("range(0)", "[]"),
        ("range(1, 4)", "[1, 2, 3]"),
        ("range(4, 1)", "[4, 3, 2]"),
        ("range(-3)", "[0, -1, -2]"),
        ("range(0, 1, 0.25)", "[0, 0.25, 0.5, 0.75]"),
        ("range(10, 0, -3)", "[10, 7, 4, 1]"),
        ("length(range(1024))", "1024"),
        ("range(1, 0, 1)", U),
        ("range(0, 1, 0)", U),
        // Terraform refuses more than 1,024 values.
        ("range(1025)", U),
        // Steps binary arithmetic cannot take exactly.
        ("range(0, 0.3, 0.1)", U),
        ("range()", U),
        ("range(var.u)", U),
    ]);
    quickly(&[("range(1000000000)", U), ("range(0, 1, 1e-300)", U)]);
}

#[test]
fn min() {
    check(&[
        ("min(12, 54, 3)", "3"),
        (r#"min("5", 7)"#, "5"),
        ("min([12, 54, 3]...)", "3"),
        ("min()", U),
        (r#"min("a")"#, U),
        ("min(1, var.u)", U),
    ]);
}

#[test]
fn max() {
    check(&[
        ("max(12, 54, 3)", "54"),
        ("max([12, 54, 3]...)", "54"),
        ("max(-1.5)", "-1.5"),
        ("max()", U),
        ("max([1])", U),
        ("max(var.u, 1)", U),
    ]);
}

#[test]
fn abs() {
    check(&[
        ("abs(-12.4)", "12.4"),
        ("abs(3)", "3"),
        (r#"abs("x")"#, U),
        ("abs(var.u)", U),
    ]);
}

#[test]
fn ceil() {
    check(&[
        ("ceil(4.1)", "5"),
        ("ceil(-4.9)", "-4"),
        ("ceil(5)", "5"),
        (r#"ceil("x")"#, U),
        ("ceil(var.u)", U),
    ]);
}

#[test]
fn floor() {
    check(&[
        ("floor(4.9)", "4"),
        ("floor(-4.1)", "-5"),
        ("floor([])", U),
        ("floor(var.u)", U),
    ]);
}

#[test]
fn signum() {
    check(&[
        ("signum(-13)", "-1"),
        ("signum(0)", "0"),
        ("signum(344)", "1"),
        (r#"signum("a")"#, U),
        ("signum(var.u)", U),
    ]);
}

#[test]
fn parseint() {
    check(&[
        (r#"parseint("100", 10)"#, "100"),
        (r#"parseint("FF", 16)"#, "255"),
        (r#"parseint("-10", 16)"#, "-16"),
        (r#"parseint("1011111011101111", 2)"#, "48879"),
        (r#"parseint("aA", 62)"#, "656"),
        (r#"parseint("12", 2)"#, U),
        (r#"parseint("10", 63)"#, U),
        (r#"parseint("", 10)"#, U),
        (r#"parseint("1_0", 10)"#, U),
        (r#"parseint("zzzzzzzzzzzzzzzz", 36)"#, U),
        ("parseint(10, 10)", U),
        (r#"parseint(var.u, 10)"#, U),
    ]);
}

#[test]
fn sum() {
    check(&[
        ("sum([10, 13, 6, 4.5])", "33.5"),
        // Decimal numbers add as Terraform's decimal-exact numbers do.
        ("sum([0.1, 0.2])", "0.3"),
        ("sum([-1.25, 1e-3])", "-1.249"),
        (r#"sum(["1", 2])"#, "3"),
        ("sum([])", U),
        (r#"sum(["a"])"#, U),
        ("sum([1, null])", U),
        ("sum([1, var.u])", U),
    ]);
}

// ---------------------------------------------------------- list utilities

#[test]
fn one() {
    check(&[
        ("one([])", "null"),
        (r#"one(["a"])"#, r#""a""#),
        (r#"one([var.u])"#, U),
        (r#"one(["a", "b"])"#, U),
        (r#"one("a")"#, U),
        ("one(var.u)", U),
    ]);
}

#[test]
fn reverse() {
    check(&[
        ("reverse([1, 2, 3])", "[3, 2, 1]"),
        (r#"reverse([var.u, 1])"#, &format!("[1, {U}]")),
        (r#"reverse("abc")"#, U),
        ("reverse(var.u)", U),
    ]);
}

#[test]
fn sort() {
    check(&[
        (r#"sort(["e", "d", "a", "x"])"#, r#"["a", "d", "e", "x"]"#),
        // Elements are strings: "10" sorts before "9".
        ("sort([10, 9])", r#"["10", "9"]"#),
        (r#"sort(["a", null])"#, U),
        (r#"sort(["a", var.u])"#, U),
        (r#"sort([["a"]])"#, U),
    ]);
}

#[test]
fn chunklist() {
    check(&[
        (
            r#"chunklist(["a", "b", "c", "d", "e"], 2)"#,
            r#"[["a", "b"], ["c", "d"], ["e"]]"#,
        ),
        (r#"chunklist(["a"], 0)"#, r#"[["a"]]"#),
        ("chunklist([], 3)", "[]"),
        (r#"chunklist(["a"], -1)"#, U),
        (r#"chunklist(["a"], 1.5)"#, U),
        ("chunklist(var.u, 2)", U),
    ]);
}

#[test]
fn alltrue() {
    check(&[
        (r#"alltrue(["true", true])"#, "true"),
        ("alltrue([true, false])", "false"),
        ("alltrue([])", "true"),
        ("alltrue([true, null])", "false"),
        ("alltrue([var.u, false])", "false"),
        ("alltrue([var.u, true])", U),
        ("alltrue([false, 1])", U),
        ("alltrue(var.u)", U),
    ]);
}

#[test]
fn anytrue() {
    check(&[
        (r#"anytrue([false, "true"])"#, "true"),
        ("anytrue([])", "false"),
        ("anytrue([null, false])", "false"),
        ("anytrue([var.u, true])", "true"),
        ("anytrue([var.u, false])", U),
        ("anytrue([true, 1])", U),
        ("anytrue(var.u)", U),
    ]);
}

// ---------------------------------------------------------------- networks

#[test]
fn cidrsubnet() {
    check(&[
        (r#"cidrsubnet("10.0.0.0/16", 8, 2)"#, r#""10.0.2.0/24""#),
        (r#"cidrsubnet("172.16.0.0/12", 4, 2)"#, r#""172.18.0.0/16""#),
        (r#"cidrsubnet("10.1.2.0/24", 4, 15)"#, r#""10.1.2.240/28""#),
        (r#"cidrsubnet("10.0.0.1/16", 8, 2)"#, r#""10.0.2.0/24""#),
        (r#"cidrsubnet("10.0.0.0/16", 0, 0)"#, r#""10.0.0.0/16""#),
        (
            r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#,
            r#""fd00:fd12:3456:7800:a200::/72""#,
        ),
        (r#"cidrsubnet("10.0.0.0/16", 8, 256)"#, U),
        (r#"cidrsubnet("10.0.0.0/30", 4, 0)"#, U),
        (r#"cidrsubnet("10.0.0.0/16", 8, -1)"#, U),
        (r#"cidrsubnet("nope", 1, 0)"#, U),
        (r#"cidrsubnet(var.u, 8, 2)"#, U),
        (r#"cidrsubnet("10.0.0.0/16", 8, var.u)"#, U),
    ]);
}

#[test]
fn cidrhost() {
    check(&[
        (r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
        (r#"cidrhost("10.12.112.0/20", 268)"#, r#""10.12.113.12""#),
        (
            r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#,
            r#""fd00:fd12:3456:7890::22""#,
        ),
        (r#"cidrhost("10.0.0.0/30", -1)"#, r#""10.0.0.3""#),
        (r#"cidrhost("10.0.0.0/30", -4)"#, r#""10.0.0.0""#),
        (r#"cidrhost("10.0.0.0/30", 4)"#, U),
        (r#"cidrhost("10.0.0.0/30", -5)"#, U),
        (r#"cidrhost("10.0.0.0", 1)"#, U),
        (r#"cidrhost(var.u, 1)"#, U),
    ]);
}

#[test]
fn cidrnetmask() {
    check(&[
        (r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
        (r#"cidrnetmask("10.0.0.0/32")"#, r#""255.255.255.255""#),
        (r#"cidrnetmask("0.0.0.0/0")"#, r#""0.0.0.0""#),
        (r#"cidrnetmask("::/64")"#, U),
        (r#"cidrnetmask("10.0.0.0/33")"#, U),
        (r#"cidrnetmask(var.u)"#, U),
    ]);
}

#[test]
fn cidrsubnets() {
    check(&[
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            r#"["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]"#,
        ),
        (
            r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#,
            r#"["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]"#,
        ),
        (r#"cidrsubnets("10.0.0.0/8")"#, "[]"),
        (r#"cidrsubnets("10.0.0.0/30", 1, 1, 1)"#, U),
        (r#"cidrsubnets("10.0.0.0/8", 0)"#, U),
        (r#"cidrsubnets("10.0.0.0/8", 33)"#, U),
        (r#"cidrsubnets("10.0.0.0/8", 4294967295)"#, U),
        (r#"cidrsubnets(var.u, 4)"#, U),
        (r#"cidrsubnets("10.0.0.0/8", var.u)"#, U),
    ]);
}

// -------------------------------------------------------------- provenance

#[test]
fn elements_keep_where_they_came_from() {
    let f = module(&[
        (
            "variables.tf",
            "variable \"a\" {\n  default = [\"10.0.0.0/8\"]\n}\nvariable \"s\" {\n  default = \"X\"\n}\n",
        ),
        ("terraform.tfvars", "a = [\"0.0.0.0/0\"]\ns = \"ABC\"\n"),
        (
            "main.tf",
            r#"locals {
  x = { cidr = "0.0.0.0/0", ports = [22] }
}
resource "x" "a" {
  first   = concat(var.a, ["x"])[0]
  second  = concat(var.a, ["x"])[1]
  set     = toset(concat(["b"], var.a))
  flat    = flatten([[var.a]])
  decoded = jsondecode(jsonencode(local.x)).cidr
  inline  = jsondecode(jsonencode({ cidr = "0.0.0.0/0" })).cidr
  lookup  = lookup({ k = var.a[0] }, "k", "none")
  element = element(var.a, 0)
  merged  = merge(local.x, { y = 1 }).cidr
  lower   = lower(var.s)
  conv    = tolist([80, "x"])[0]
}
"#,
        ),
    ]);
    let m = f.eval();
    let v = |k: &str| attr(&m, "x.a", k).clone();
    let from_tfvars = "`var.a` set in terraform.tfvars @ terraform.tfvars:\"0.0.0.0/0\"";

    // The element of var.a keeps var.a's trail; "x" is where it is written.
    let first = v("first");
    assert_eq!(first.to_string(), "\"0.0.0.0/0\"");
    assert_eq!(f.trail(&first), vec![from_tfvars]);
    assert_eq!(f.site_text(&first), "main.tf:var.a");
    assert_eq!(f.site_text(&v("second")), "main.tf:\"x\"");

    let set = v("set");
    let set = set.as_list().unwrap();
    assert_eq!(set[0].to_string(), "\"0.0.0.0/0\"");
    assert_eq!(f.trail(&set[0]), vec![from_tfvars]);
    assert_eq!(f.site_text(&set[1]), "main.tf:\"b\"");

    let flat = v("flat");
    assert_eq!(f.trail(&flat.as_list().unwrap()[0]), vec![from_tfvars]);
    assert_eq!(f.trail(&v("element")), vec![from_tfvars]);
    assert_eq!(f.trail(&v("lookup")), vec![from_tfvars]);

    // jsondecode(jsonencode(x)) is x, sites and all.
    let decoded = v("decoded");
    assert_eq!(decoded.to_string(), "\"0.0.0.0/0\"");
    assert_eq!(
        decoded
            .origin()
            .map(|o| f.site_text(&Value::unknown(Some(o)))),
        Some("main.tf:\"0.0.0.0/0\"".to_string())
    );
    assert_eq!(f.site_text(&v("inline")), "main.tf:\"0.0.0.0/0\"");
    assert_eq!(v("merged").origin(), decoded.origin());

    // A string derived from another keeps its trail.
    let lower = v("lower");
    assert_eq!(lower.to_string(), "\"abc\"");
    assert_eq!(
        f.trail(&lower),
        vec!["`var.s` set in terraform.tfvars @ terraform.tfvars:\"ABC\""]
    );
    // A converted element stays where it was written.
    let conv = v("conv");
    assert_eq!(conv.to_string(), "\"80\"");
    assert_eq!(f.site_text(&conv), "main.tf:80");
}

#[test]
fn made_values_sit_at_the_call() {
    let f = module(&[(
        "main.tf",
        "resource \"x\" \"a\" {\n  c = cidrsubnet(\"10.0.0.0/16\", 8, 2)\n}\n",
    )]);
    let m = f.eval();
    let c = attr(&m, "x.a", "c");
    assert_eq!(f.site_text(c), "main.tf:cidrsubnet(\"10.0.0.0/16\", 8, 2)");
}

// ------------------------------------------------------------------ budgets

#[test]
fn budgets_keep_hostile_calls_cheap() {
    quickly(&[
        ("range(1000000000)", U),
        (r#"regex("(a{1000}){1000}", "a")"#, U),
        (&format!(r#"regex("{}", "a")"#, "a".repeat(100_000)), U),
        (r#"format("%01000000000d", 1)"#, U),
        (r#"format("%.1000000000f", 1)"#, U),
        // 100 strings of 200,000 characters: 20 MB joined.
        (
            &format!(
                r#"join(",", [for i in range(100) : join("", [for j in range(1000) : "{}"])])"#,
                "a".repeat(200)
            ),
            U,
        ),
        (r#"indent(1000000000, "a\nb")"#, U),
        (r#"indent(9007199254740992, "a")"#, U),
    ]);
    // A large but legitimate result, in a module of its own: the cases
    // above spend much of one root's step and value budgets (building 20 MB
    // of text before `join` refuses it), which a root shares.
    quickly(&[(
        r#"length(join(",", [for i in range(1000) : join("", [for j in range(100) : "aaaaaaaaaa"])]))"#,
        "1000999",
    )]);
}

// ---------------------------------------------------------------- hashes

#[test]
fn hashes_are_terraforms() {
    // terraform console (1.11): the same expressions.
    check_text(&[
        ("md5(\"héllo\")", "be50e8478cf24ff3595bc7307fb91b50"),
        ("sha1(\"héllo\")", "35b5ea45c5e41f78b46a937cc74d41dfea920890"),
        (
            "sha256(\"\")",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            "sha512(\"a\")",
            "1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75",
        ),
        (
            "base64sha256(\"héllo\")",
            "PEhZHY0JikU49eAT389AbpSOrE0yd7EL9hTildYGgXk=",
        ),
        (
            "base64sha512(\"a\")",
            "H0D8ktokFpR1CXnubPWC8tXX0o4YM13gWrxU0FYOD1MChgxlK/CNVgJSql50IQVG82n7u86MEs/HlXsmUv6adQ==",
        ),
        ("md5(12)", "c20ad4d76fe97759aa27a0c99bff6710"),
    ]);
    check(&[("md5(var.u)", U), ("can(md5([]))", "false")]);
}
