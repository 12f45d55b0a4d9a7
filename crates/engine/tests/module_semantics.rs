//! Module calls as Terraform evaluates them (issue 12): every expected
//! value is Terraform 1.11's, from `terraform plan` and `terraform show
//! -json` of the same configuration (with `terraform_data` for the
//! resource), the way `docs/oracle.md` describes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_engine::debug::{module_values, Dumped, ModuleValues};

const CHILD: &str = r#"variable "a" {}
variable "n" { default = null }
variable "nn" {
  default  = "dflt"
  nullable = false
}
output "b" { value = 22 }
output "echo" { value = var.a }
output "n" { value = var.n == null ? "was null" : "set" }
output "nn" { value = var.nn }
"#;

const ROOT: &str = r#"# A local that reads a module output feeds the same call's argument;
# output `b` does not depend on argument `a`: no cycle.
locals { port = module.m.b }
module "m" {
  source = "./m"
  a      = local.port
  nn     = null
}
# The same, reached from a resource first (the call is evaluated before
# the local).
resource "terraform_data" "first" { input = module.r.echo }
locals { port_r = module.r.b }
module "r" {
  source = "./m"
  a      = local.port_r
}
module "none" {
  source   = "./m"
  for_each = {}
  a        = 1
}
module "zero" {
  source = "./m"
  count  = 0
  a      = 1
}
output "port" { value = local.port }
output "echo" { value = module.m.echo }
output "n" { value = module.m.n }
output "nn" { value = module.m.nn }
output "echo_r" { value = module.r.echo }
output "none" { value = module.none }
output "zero" { value = module.zero }
output "cwd" { value = basename(path.cwd) }
"#;

fn values(files: &[(&str, &str)]) -> (tempfile::TempDir, ModuleValues) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root-dir");
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let v = module_values(&root, &root, &[]);
    (dir, v)
}

fn get<'a>(v: &'a ModuleValues, key: &str) -> &'a Dumped {
    v.values
        .get(key)
        .unwrap_or_else(|| panic!("{key} missing from {:?}", v.values.keys()))
}

fn json(d: &Dumped) -> String {
    d.to_json()
}

#[test]
fn module_arguments_and_outputs_are_separate_nodes() {
    // Class 5. terraform: port = 22, echo = 22, echo_r = 22 (no "Cycle"
    // error), whichever of the local and the call is reached first.
    let (_d, v) = values(&[("main.tf", ROOT), ("m/main.tf", CHILD)]);
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(json(get(&v, "output.port")), "22");
    assert_eq!(json(get(&v, "output.echo")), "22");
    assert_eq!(json(get(&v, "local.port_r")), "22");
    assert_eq!(json(get(&v, "output.echo_r")), "22");
    assert_eq!(json(get(&v, "terraform_data.first")), r#"{"input":22}"#);
}

#[test]
fn a_child_module_variable_left_at_a_null_default_is_a_known_null() {
    // Class 1 inside a module. terraform: n = "was null"; nn = "dflt" (a
    // null argument for a `nullable = false` variable takes the default).
    let (_d, v) = values(&[("main.tf", ROOT), ("m/main.tf", CHILD)]);
    assert_eq!(json(get(&v, "output.n")), r#""was null""#);
    assert_eq!(json(get(&v, "output.nn")), r#""dflt""#);
}

#[test]
fn a_module_call_with_no_instance_is_an_empty_collection() {
    // terraform: none = {}, zero = [] (the `wrappers/` pattern:
    // `output "wrapper" { value = module.wrapper }`).
    let (_d, v) = values(&[("main.tf", ROOT), ("m/main.tf", CHILD)]);
    assert_eq!(json(get(&v, "output.none")), "{}");
    assert_eq!(json(get(&v, "output.zero")), "[]");
}

#[test]
fn path_cwd_is_the_root_module_directory() {
    // terraform (run in the root module's directory, as its users do):
    // basename(path.cwd) is that directory's name.
    let (_d, v) = values(&[("main.tf", ROOT), ("m/main.tf", CHILD)]);
    assert_eq!(json(get(&v, "output.cwd")), r#""root-dir""#);
}

#[test]
fn a_real_cycle_through_a_module_is_unknown_not_a_guess() {
    // terraform: "Error: Cycle" (output `echo` depends on argument `a`,
    // which depends on `echo`). rampart claims no value, and terminates.
    let root = r#"locals { x = module.m.echo }
module "m" {
  source = "./m"
  a      = local.x
}
output "x" { value = local.x }
"#;
    let (_d, v) = values(&[("main.tf", root), ("m/main.tf", CHILD)]);
    assert_eq!(get(&v, "output.x"), &Dumped::Unknown);
    assert_eq!(get(&v, "local.x"), &Dumped::Unknown);
}
