//! Values as Terraform computes them (issue 12, classes 1 and 2). Every
//! expected value here is Terraform 1.11's: `terraform plan` of the same
//! configuration with the values as outputs (`terraform show -json`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::{attr, module};

const VARIABLES: &str = r#"variable "x" {
  type    = list(string)
  default = null
}
variable "password" {
  type    = string
  default = null
}
variable "replica" {
  default = false
}
variable "manage" {
  default = true
}
variable "rules" {
  type = list(object({
    port  = number
    cidrs = optional(list(string), ["0.0.0.0/0"])
    proto = optional(string, "tcp")
    meta  = optional(object({ owner = optional(string, "ops"), tier = optional(number) }), {})
  }))
  default = [{ port = 22 }, { port = 443, cidrs = ["10.0.0.0/8"], proto = null }]
}
"#;

const USES: &str = r#"resource "x" "v" {
  a     = var.x == null ? ["0.0.0.0/0"] : var.x
  b     = coalesce(var.x, ["10.0.0.0/8"])
  c     = !var.replica && var.manage ? null : var.password
  rules = var.rules
}
"#;

#[test]
fn a_null_default_is_a_known_null() {
    // terraform: a = ["0.0.0.0/0"], b = ["10.0.0.0/8"], c = null.
    let f = module(&[("variables.tf", VARIABLES), ("main.tf", USES)]);
    let m = f.eval();
    assert_eq!(attr(&m, "x.v", "a").to_string(), "[\"0.0.0.0/0\"]");
    assert_eq!(attr(&m, "x.v", "b").to_string(), "[\"10.0.0.0/8\"]");
    assert_eq!(attr(&m, "x.v", "c").to_string(), "null");
}

#[test]
fn optional_attributes_take_their_defaults() {
    // terraform: [{cidrs = ["0.0.0.0/0"], meta = {owner = "ops", tier =
    // null}, port = 22, proto = "tcp"}, {cidrs = ["10.0.0.0/8"], meta =
    // {owner = "ops", tier = null}, port = 443, proto = "tcp"}]: a missing
    // attribute and a null one both take the default, nested defaults
    // apply inside a default.
    let f = module(&[("variables.tf", VARIABLES), ("main.tf", USES)]);
    let m = f.eval();
    assert_eq!(
        attr(&m, "x.v", "rules").to_string(),
        "[{cidrs = [\"0.0.0.0/0\"], meta = {owner = \"ops\", tier = null}, port = 22, proto = \"tcp\"}, \
         {cidrs = [\"10.0.0.0/8\"], meta = {owner = \"ops\", tier = null}, port = 443, proto = \"tcp\"}]"
    );
}

#[test]
fn try_falls_through_errors_only() {
    // terraform console: try([{a = 1}.b], []) is [], can([{a = 1}.b]) is
    // false, try({a = 1}.a, 2) is 1; and try() of an attribute known only
    // after apply is unknown (not the fallback), still leading to its
    // resource, so cross-resource rules follow it (issue 12, class 7).
    let f = module(&[(
        "main.tf",
        r#"resource "aws_lb_listener" "http" {}
resource "x" "v" {
  nested = try([{ a = 1 }.b], [])
  can    = can([{ a = 1 }.b])
  known  = try({ a = 1 }.a, 2)
  arn    = try(aws_lb_listener.http.arn, null)
}
"#,
    )]);
    let m = f.eval();
    assert_eq!(attr(&m, "x.v", "nested").to_string(), "[]");
    assert_eq!(attr(&m, "x.v", "can").to_string(), "false");
    assert_eq!(attr(&m, "x.v", "known").to_string(), "1");
    let arn = attr(&m, "x.v", "arn");
    assert!(arn.is_unknown());
    assert_eq!(arn.refers_to(), Some("aws_lb_listener.http"));
}

#[test]
fn a_function_failing_on_known_arguments_is_an_error_try_catches() {
    // terraform: ["", null, "3306", false] for these four locals (a typed
    // null `string` unifies `coalesce`'s arguments into a string; an index
    // into a resource with `count = 0` is an error, also through `.input`).
    let f = module(&[(
        "main.tf",
        r#"variable "n" {
  type    = string
  default = null
}
variable "port" {
  type    = string
  default = null
}
resource "aws_x" "zero" {
  count = 0
  input = "x"
}
resource "x" "v" {
  fails   = try(trimsuffix(var.n, ".fifo"), "")
  counted = try(aws_x.zero[0].input, null)
  port    = coalesce(var.port, 3306)
  can_n   = can(upper(var.n))
}
"#,
    )]);
    let m = f.eval();
    assert_eq!(attr(&m, "x.v", "fails").to_string(), "\"\"");
    assert_eq!(attr(&m, "x.v", "counted").to_string(), "null");
    assert_eq!(attr(&m, "x.v", "port").to_string(), "\"3306\"");
    assert_eq!(attr(&m, "x.v", "can_n").to_string(), "false");
}

#[test]
fn a_known_false_decides_and_a_known_true_decides_or_over_unknown() {
    // Class 6. Terraform 1.12 and later (HCL 2.23's short-circuiting
    // `&&`/`||`): `unknown && false` is false and `unknown || true` is
    // true, so a resource counted by `module.label.enabled && var.flag`
    // with `flag = false` does not exist. (Terraform 1.11, installed here
    // for the oracle, still says Unknown; the oracle counts these as
    // values rampart knows and Terraform does not.)
    let f = module(&[(
        "main.tf",
        r#"variable "flag" { default = false }
variable "u" {}
resource "aws_security_group" "gone" {
  count = var.u && var.flag ? 1 : 0
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "x" "v" {
  and_l = var.u && false
  and_r = false && var.u
  or_l  = var.u || true
  or_r  = true || var.u
  still = var.u && true
  err   = false && { a = 1 }.b
}
"#,
    )]);
    let m = f.eval();
    assert!(
        !m.resources.iter().any(|r| r.rtype == "aws_security_group"),
        "count is 0: no instance"
    );
    assert_eq!(attr(&m, "x.v", "and_l").to_string(), "false");
    assert_eq!(attr(&m, "x.v", "and_r").to_string(), "false");
    assert_eq!(attr(&m, "x.v", "or_l").to_string(), "true");
    assert_eq!(attr(&m, "x.v", "or_r").to_string(), "true");
    assert!(attr(&m, "x.v", "still").is_unknown());
    // The inactive side's error is dropped, as in Terraform 1.12.
    assert_eq!(attr(&m, "x.v", "err").to_string(), "false");
}

#[test]
fn wrappers_around_a_resource_reference_keep_the_link() {
    // Class 7: an unknown made by `one`, `coalesce`, `lookup`, `element`
    // or a conditional on an unknown condition still leads to the one
    // resource it refers to, for cross-resource rules (listener rule →
    // listener, security group → load balancer).
    let f = module(&[(
        "main.tf",
        r#"variable "existing" { default = null }
variable "u" {}
resource "aws_lb_listener" "http" {}
resource "aws_lb_listener" "other" {}
resource "x" "v" {
  one      = one(aws_lb_listener.http[*].arn)
  coalesce = coalesce(var.existing, aws_lb_listener.http.arn)
  lookup   = lookup({ http = aws_lb_listener.http.arn }, var.u, null)
  element  = element([aws_lb_listener.http.arn], var.u)
  cond     = var.u ? aws_lb_listener.http.arn : null
  two      = var.u ? aws_lb_listener.http.arn : aws_lb_listener.other.arn
}
"#,
    )]);
    let m = f.eval();
    for key in ["one", "coalesce", "lookup", "element", "cond"] {
        let v = attr(&m, "x.v", key);
        assert!(v.is_unknown(), "{key}: {v}");
        assert_eq!(v.refers_to(), Some("aws_lb_listener.http"), "{key}");
    }
    // Two resources: no single link to keep.
    assert_eq!(attr(&m, "x.v", "two").refers_to(), None);
}

#[test]
fn an_argument_set_to_null_is_unknown_to_other_expressions() {
    // `name = null` next to `name_prefix`: the provider computes the
    // name, so `aws_x.y.name` is known only after apply (Terraform's plan
    // says Unknown), and `try(…, "fallback")` does not take the fallback.
    let f = module(&[(
        "main.tf",
        r#"resource "aws_iam_role" "r" {
  name        = null
  name_prefix = "app-"
}
resource "x" "v" {
  name   = aws_iam_role.r.name
  prefix = aws_iam_role.r.name_prefix
  tried  = try(aws_iam_role.r.name, "fallback")
}
"#,
    )]);
    let m = f.eval();
    let name = attr(&m, "x.v", "name");
    assert!(name.is_unknown());
    assert_eq!(name.refers_to(), Some("aws_iam_role.r"));
    assert_eq!(attr(&m, "x.v", "prefix").to_string(), "\"app-\"");
    assert!(attr(&m, "x.v", "tried").is_unknown());
}

#[test]
fn a_conditional_on_an_error_or_a_null_is_an_error_try_catches() {
    // terraform: ["ERROR_LOGS", null, "ON"]: an attribute of a null object
    // fails inside the condition, and a null condition is an error too.
    let f = module(&[(
        "main.tf",
        r#"variable "log_config" {
  type    = object({ level = string })
  default = null
}
variable "hold" {
  type    = string
  default = null
}
resource "x" "v" {
  log_type = try(format("%s_LOGS", contains(["INFO", "ERROR"], upper(var.log_config.level)) ? upper(var.log_config.level) : "ERROR"), "ERROR_LOGS")
  hold     = try(tobool(var.hold) ? "ON" : upper(var.hold), var.hold)
  hold_set = try(tobool("true") ? "ON" : "OFF", "x")
}
"#,
    )]);
    let m = f.eval();
    assert_eq!(attr(&m, "x.v", "log_type").to_string(), "\"ERROR_LOGS\"");
    assert_eq!(attr(&m, "x.v", "hold").to_string(), "null");
    assert_eq!(attr(&m, "x.v", "hold_set").to_string(), "\"ON\"");
}
