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
