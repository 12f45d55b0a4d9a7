//! Size amplification: small files whose evaluation would build gigabytes
//! of values (templates, objects or lists doubling, copies of a large
//! string, `format` padding) or nest without end (a chain of splats). Each
//! is generated here, checked by the real binary bounded in time and
//! memory, and must end in one error at the offending expression (file and
//! line), exit 2, with the findings elsewhere in the same module and in
//! another module still reported.

use crate::common::{security_group, Fixture};
use crate::robustness::{run_within, Run, LIMIT};
use serde_json::Value;
use std::path::Path;

/// `rampart check --format json` in `dir` under `ulimit -v`, killed (and
/// the test failed) after [`LIMIT`]: the hostile-input runner of
/// `robustness.rs`.
fn check_bounded(dir: &Path) -> Run {
    run_within(dir, &["check", "--format", "json"], LIMIT)
}

/// Module `a`: `hostile` (a `locals` block), then a bucket named by
/// `local.{uses}` (declared first, so it is evaluated before the security
/// group and runs into the budget), then a security group open to the
/// internet. Module `b`: a security group open to the internet.
fn fixture(hostile: &str, uses: &str) -> Fixture {
    let a = format!(
        "{hostile}resource \"aws_s3_bucket\" \"uses\" {{\n  bucket = local.{uses}\n}}\n{}",
        security_group("web", 22, 22, "[\"0.0.0.0/0\"]")
    );
    Fixture::with(&[
        ("a/main.tf", &a),
        (
            "b/main.tf",
            &security_group("web", 22, 22, "[\"0.0.0.0/0\"]"),
        ),
    ])
}

/// The run ended in exit 2 with exactly one error, in `a/main.tf`, on a
/// line whose text contains `at`; and both security groups (the one after
/// the hostile expression in `a`, and `b`'s) were still reported.
#[track_caller]
fn one_error_at(fx: &Fixture, at: &str) {
    let run = check_bounded(fx.path());
    assert_eq!(run.code, Some(2), "not an error exit (a crash?): {run:?}");
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
        "{run:?}"
    );
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run:?}"));
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "one error: {run:?}");
    let error = &errors[0];
    assert_eq!(error["file"], "a/main.tf", "{run:?}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("evaluation budget exceeded: ")),
        "{run:?}"
    );
    let line = error["range"]["start"]["line"]
        .as_u64()
        .expect("the error has a line") as usize;
    let text = std::fs::read_to_string(fx.path().join("a/main.tf")).expect("read a/main.tf");
    let shown = text.lines().nth(line - 1).unwrap_or_default();
    assert!(
        shown.contains(at),
        "the error is at line {line} ({:?}), not at the offending expression ({at:?})",
        shown.chars().take(120).collect::<String>()
    );
    let net001: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "NET001")
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(
        net001.contains(&"a/main.tf"),
        "the same module's security group: {run:?}"
    );
    assert!(
        net001.contains(&"b/main.tf"),
        "the other module's security group: {run:?}"
    );
}

/// One reproduction: the `locals` block, the local a resource uses, and
/// text the offending expression's line contains.
struct Case {
    hostile: String,
    uses: &'static str,
    at: &'static str,
}

/// 30 string templates, each doubling the previous one (2^30 × 32 bytes,
/// in 1.2 KB).
fn doubling_templates() -> Case {
    let mut hostile = String::from("locals {\n  s00 = \"0123456789abcdef0123456789abcdef\"\n");
    for i in 1..=30 {
        hostile.push_str(&format!(
            "  s{i:02} = \"${{local.s{:02}}}${{local.s{:02}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    hostile.push_str("}\n");
    Case {
        hostile,
        uses: "s30",
        at: "}${local.s",
    }
}

/// 30 objects, each holding the previous one twice (2^30 values).
fn doubling_objects() -> Case {
    let mut hostile = String::from("locals {\n  o00 = { a = \"x\" }\n");
    for i in 1..=30 {
        hostile.push_str(&format!(
            "  o{i:02} = {{ a = local.o{:02}, b = local.o{:02} }}\n",
            i - 1,
            i - 1
        ));
    }
    hostile.push_str("}\n");
    Case {
        hostile,
        uses: "o30",
        at: "= { a = local.o",
    }
}

/// Lists defined top-down (each refers to the next, evaluated on demand),
/// each holding the next twice.
fn doubling_lists_top_down() -> Case {
    let mut hostile = String::from("locals {\n");
    for i in 0..30 {
        hostile.push_str(&format!(
            "  l{i:02} = [local.l{:02}, local.l{:02}]\n",
            i + 1,
            i + 1
        ));
    }
    hostile.push_str("  l30 = [\"x\"]\n}\n");
    Case {
        hostile,
        uses: "l00",
        at: "= [local.l",
    }
}

/// 400 copies of an 8 MB string (3.2 GB).
fn copies_of_a_large_string() -> Case {
    Case {
        hostile: "locals {\n  eight_megabytes = format(\"%8000000s\", \"x\")\n  many = [for i in range(400) : \"${local.eight_megabytes}${i}\"]\n}\n".into(),
        uses: "many",
        at: "[for i in range(400)",
    }
}

/// 5,000 chained splats: each nests the value one list deeper.
fn a_chain_of_splats() -> Case {
    Case {
        hostile: format!(
            "locals {{\n  x = [1]\n  y = local.x{}\n}}\n",
            "[*]".repeat(5000)
        ),
        uses: "y",
        at: "y = local.x[*][*]",
    }
}

/// 100 strings of 16 MB each, built by `format`'s padding (73 bytes).
fn format_padding() -> Case {
    Case {
        hostile: "locals {\n  f = [for i in range(100) : length(format(\"%16000000s\", i))]\n}\n"
            .into(),
        uses: "f",
        at: "format(\"%16000000s\"",
    }
}

/// `upper` over 100 strings of 16 MB.
fn upper_over_padded_strings() -> Case {
    Case {
        hostile:
            "locals {\n  u = [for i in range(100) : length(upper(format(\"%16000000s\", i)))]\n}\n"
                .into(),
        uses: "u",
        at: "upper(format(",
    }
}

/// Locals each wrapping the previous one in a list, evaluated in order (so
/// evaluation never nests deeply): the value would nest 1,000 levels, and
/// is refused where it passes the limit instead of risking the stack.
fn a_value_nesting_without_end() -> Case {
    let mut hostile = String::from("locals {\n  n0000 = \"x\"\n");
    for i in 1..1000 {
        hostile.push_str(&format!("  n{i:04} = [local.n{:04}]\n", i - 1));
    }
    hostile.push_str("}\n");
    Case {
        hostile,
        uses: "n0999",
        at: "= [local.n",
    }
}

#[track_caller]
fn check_case(case: Case) {
    one_error_at(&fixture(&case.hostile, case.uses), case.at);
}

#[test]
fn doubling_templates_end_in_one_error() {
    let case = doubling_templates();
    assert!(case.hostile.len() < 1300, "{}", case.hostile.len());
    check_case(case);
}

#[test]
fn doubling_objects_end_in_one_error() {
    check_case(doubling_objects());
}

#[test]
fn doubling_lists_defined_top_down_end_in_one_error() {
    check_case(doubling_lists_top_down());
}

#[test]
fn copies_of_a_large_string_end_in_one_error() {
    check_case(copies_of_a_large_string());
}

#[test]
fn a_chain_of_splats_ends_in_one_error() {
    check_case(a_chain_of_splats());
}

#[test]
fn format_padding_ends_in_one_error() {
    check_case(format_padding());
}

#[test]
fn upper_over_padded_strings_ends_in_one_error() {
    check_case(upper_over_padded_strings());
}

#[test]
fn a_value_nesting_without_end_ends_in_one_error() {
    check_case(a_value_nesting_without_end());
}

// `robustness.rs` includes the same file for the other targets, privately.
#[allow(clippy::duplicate_mod)]
#[path = "../../fuzz/fuzz_targets/common.rs"]
mod fuzz_common;

/// The fuzz target `amplify` on every reproduction (as the only file of a
/// module, with the resource using it): what evaluation keeps stays within
/// the bound the budgets give, and far under what the input asks for.
#[test]
fn reproductions_stay_within_the_amplification_bound() {
    for (name, case) in [
        ("templates", doubling_templates()),
        ("objects", doubling_objects()),
        ("lists", doubling_lists_top_down()),
        ("copies", copies_of_a_large_string()),
        ("splats", a_chain_of_splats()),
        ("format", format_padding()),
        ("upper", upper_over_padded_strings()),
        ("nesting", a_value_nesting_without_end()),
    ] {
        let text = format!(
            "{}resource \"aws_s3_bucket\" \"uses\" {{\n  bucket = local.{}\n}}\n",
            case.hostile, case.uses
        );
        let bytes = fuzz_common::amplify(text.as_bytes());
        // The value budget is 256 MiB (+ 256 bytes per input byte); what
        // is kept is far less, as the offending value itself is dropped.
        assert!(bytes < 512 * 1024 * 1024, "{name}: {bytes} bytes kept");
    }
}

#[test]
fn the_slices_of_a_large_module_share_the_root_budget() {
    // 20,000 small resources are evaluated in 79 slices; each used to
    // start with the whole of the root's budget, so each could keep its
    // own copies of a 64 MiB local (79 × ~400 MiB). They now share it.
    let mut text = String::from("locals {\n  s00 = \"0123456789abcdef0123456789abcdef\"\n");
    for i in 1..=21 {
        text.push_str(&format!(
            "  s{i:02} = \"${{local.s{:02}}}${{local.s{:02}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str("}\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = local.s21\n}}\n"
        ));
    }
    text.push_str(&security_group("web", 22, 22, "[\"0.0.0.0/0\"]"));
    let fx = Fixture::with(&[
        ("a/main.tf", &text),
        (
            "b/main.tf",
            &security_group("web", 22, 22, "[\"0.0.0.0/0\"]"),
        ),
    ]);
    let run = check_bounded(fx.path());
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("memory"),
        "{run:?}"
    );
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run:?}"));
    let net001: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "NET001")
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert_eq!(net001, ["a/main.tf", "b/main.tf"], "{run:?}");
}
