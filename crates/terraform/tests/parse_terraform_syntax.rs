//! Syntax Terraform accepts that hcl-edit 0.10.0 rejected (issue 12,
//! classes 3 and 4), and what Terraform makes of it. The expected values
//! are Terraform 1.11's (`terraform plan` of a configuration with these
//! locals as outputs; `terraform fmt` for the syntax), written down here so
//! that the test runs without Terraform.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::{attr, module};

/// Each case parses (Terraform's `fmt` accepts every one).
const ACCEPTED: &[&str] = &[
    // An object `for` whose value breaks before `?`, `:` or an operator.
    "a = { for k, v in var.m : k => v == 1\n    ? \"x\" : \"y\" }",
    "a = { for k, v in var.m :\n    k => v == 1\n    ? \"x\" : \"y\" }",
    "a = { for k, v in var.m : k => v\n    + 1 }",
    "a = { for k, v in var.m : k => v == null\n    ? 0\n    : v }",
    // ... or whose key does.
    "a = { for k, v in var.m : k == \"a\"\n    ? \"x\" : k => v }",
    // Forms that already parsed: lists, parentheses, calls, conditions.
    "a = [for x in var.l : x == 1\n    ? \"x\"\n    : \"y\"]",
    "a = (var.x\n    ? 1\n    : 2)",
    "a = [1\n    , 2]",
    "a = func(1\n    , 2)",
    "a = { for k, v in var.m : k => v\n    if v != null }",
    "a = [for x in var.l : x if x != null\n    && x != \"\"]",
    // A repeated key in an object constructor.
    "a = { Name = \"a\"\n    Name = \"b\" }",
    "a = { Name = \"a\", Env = \"x\", Name = \"b\" }",
    "a = { \"Name\" = \"a\"\n    \"Name\" = \"b\" }",
];

#[test]
fn terraform_syntax_that_hcl_edit_rejected_parses() {
    for case in ACCEPTED {
        let text = format!(
            "variable \"m\" {{}}\nvariable \"l\" {{}}\nvariable \"x\" {{}}\nlocals {{\n  {case}\n}}\n"
        );
        // `module` fails the test unless every file parses and builds.
        let _ = module(&[("main.tf", &text)]);
    }
}

#[test]
fn a_repeated_object_key_takes_the_last_value() {
    // terraform plan: { a = 1 \n a = 2 } is {"a": 2}.
    let f = module(&[(
        "main.tf",
        "resource \"x\" \"a\" {\n  tags = { Name = \"a\"\n    Env = \"prod\"\n    Name = \"b\" }\n}\n",
    )]);
    let m = f.eval();
    assert_eq!(
        attr(&m, "x.a", "tags").to_string(),
        "{Env = \"prod\", Name = \"b\"}"
    );
}

#[test]
fn an_object_for_breaking_lines_evaluates() {
    // terraform plan: {x = 1, y = 0}.
    let f = module(&[(
        "main.tf",
        "resource \"x\" \"a\" {\n  v = { for k, v in { x = 1, y = null } : k => v == null\n    ? 0 : v }\n}\n",
    )]);
    let m = f.eval();
    assert_eq!(attr(&m, "x.a", "v").to_string(), "{x = 1, y = 0}");
}
