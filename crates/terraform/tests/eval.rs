//! The evaluator on small in-memory modules: values, precedence and
//! provenance.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_terraform::eval::Inputs;
use rampart_terraform::module::parse_file;
use rampart_terraform::source::SourceFile;
use rampart_terraform::value::{Kind, Value};

mod support;
use support::{attr, module};

fn text(v: &Value) -> String {
    v.to_string()
}

#[test]
fn provenance_through_tfvars_variable_and_locals() {
    let f = module(&[
        ("variables.tf", "variable \"admin_cidr\" {\n  default = \"10.0.0.0/8\"\n}\n"),
        ("terraform.tfvars", "admin_cidr = \"0.0.0.0/0\"\n"),
        (
            "main.tf",
            "locals {\n  base = var.admin_cidr\n  admin = local.base\n}\nresource \"x\" \"a\" {\n  cidr = local.admin\n  list = [local.admin, \"10.1.0.0/16\"]\n}\n",
        ),
    ]);
    let m = f.eval();
    let v = attr(&m, "x.a", "cidr");
    assert_eq!(text(v), "\"0.0.0.0/0\"");
    assert_eq!(f.site_text(v), "main.tf:local.admin");
    assert_eq!(
        f.trail(v),
        vec![
            "`var.admin_cidr` set in terraform.tfvars @ terraform.tfvars:\"0.0.0.0/0\"",
            "`local.base` defined here @ main.tf:var.admin_cidr",
            "`local.admin` defined here @ main.tf:local.base",
        ]
    );
    let list = attr(&m, "x.a", "list").as_list().unwrap();
    assert_eq!(f.site_text(&list[0]), "main.tf:local.admin");
    assert_eq!(f.site_text(&list[1]), "main.tf:\"10.1.0.0/16\"");
    assert!(list[1].trail.is_empty());
}

#[test]
fn variable_precedence() {
    let f = module(&[
        (
            "variables.tf",
            "variable \"v\" {\n  default = \"default\"\n}\nvariable \"w\" {}\n",
        ),
        (
            "main.tf",
            "resource \"x\" \"a\" {\n  v = var.v\n  w = var.w\n}\n",
        ),
    ]);
    let m = f.eval();
    assert_eq!(text(attr(&m, "x.a", "v")), "\"default\"");
    assert!(
        attr(&m, "x.a", "w").is_unknown(),
        "a variable without a value is unknown"
    );

    let f = module(&[
        (
            "variables.tf",
            "variable \"v\" {\n  default = \"default\"\n}\n",
        ),
        ("main.tf", "resource \"x\" \"a\" {\n  v = var.v\n}\n"),
        ("terraform.tfvars", "v = \"tfvars\"\n"),
        ("b.auto.tfvars", "v = \"b-auto\"\n"),
        ("a.auto.tfvars", "v = \"a-auto\"\n"),
    ]);
    assert_eq!(
        text(attr(&f.eval(), "x.a", "v")),
        "\"b-auto\"",
        "auto.tfvars in lexical order beat terraform.tfvars"
    );

    let mut db_files = f;
    let id = db_files.db.add(SourceFile::new(
        "one.tfvars".into(),
        "v = \"file-1\"\n".into(),
    ));
    let one = parse_file(&db_files.db, id).unwrap().body;
    let id2 = db_files.db.add(SourceFile::new(
        "two.tfvars".into(),
        "v = \"file-2\"\n".into(),
    ));
    let two = parse_file(&db_files.db, id2).unwrap().body;
    let inputs = Inputs {
        var_files: vec![(id, one.clone()), (id2, two)],
        vars: vec![],
    };
    assert_eq!(
        text(attr(&db_files.eval_with(&inputs), "x.a", "v")),
        "\"file-2\"",
        "later --var-file wins"
    );
    let inputs = Inputs {
        var_files: vec![(id, one)],
        vars: vec![("v".into(), "cli".into())],
    };
    let m = db_files.eval_with(&inputs);
    let v = attr(&m, "x.a", "v");
    assert_eq!(text(v), "\"cli\"", "--var beats everything");
    assert_eq!(db_files.trail(v), vec!["`var.v` set with --var"]);
}

#[test]
fn cli_var_lists_are_hcl() {
    let f = module(&[
        (
            "variables.tf",
            "variable \"l\" {\n  type = list(string)\n}\n",
        ),
        ("main.tf", "resource \"x\" \"a\" {\n  l = var.l\n}\n"),
    ]);
    let inputs = Inputs {
        var_files: vec![],
        vars: vec![("l".into(), "[\"0.0.0.0/0\", \"::/0\"]".into())],
    };
    assert_eq!(
        text(attr(&f.eval_with(&inputs), "x.a", "l")),
        "[\"0.0.0.0/0\", \"::/0\"]"
    );
}

#[test]
fn local_cycles_are_unknown_and_reported() {
    let f = module(&[("main.tf", "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x\" \"a\" {\n  v = local.a\n  w = 1\n}\n")]);
    let m = f.eval();
    assert!(attr(&m, "x.a", "v").is_unknown());
    assert_eq!(text(attr(&m, "x.a", "w")), "1");
    assert!(
        m.problems.iter().any(|p| p.message.contains("cycle")),
        "{:?}",
        m.problems
    );
}

#[test]
fn expressions() {
    let f = module(&[(
        "main.tf",
        r#"resource "aws_vpc" "main" {}
variable "public" {
  default = true
}
variable "rules" {
  default = [{ cidr = "0.0.0.0/0", port = 22 }, { cidr = "10.0.0.0/8", port = 80 }]
}
locals {
  m = { a = 1, b = 2 }
}
resource "x" "a" {
  cond     = var.public ? "0.0.0.0/0" : "10.0.0.0/8"
  tmpl     = "${var.rules[0].cidr}-${1 + 2 * 3}"
  directive = "%{ if var.public }open%{ else }closed%{ endif }%{ for r in var.rules }[${r.port}]%{ endfor }"
  heredoc  = <<-EOT
    hello ${local.m["a"]}
    EOT
  splat    = var.rules[*].cidr
  legacy   = var.rules.*.port
  forlist  = [for r in var.rules : r.cidr if r.port < 50]
  forobj   = { for k, v in local.m : upper(k) => v * 10 }
  concat   = concat(["a"], ["b", "c"])
  flatten  = flatten([["a"], [["b"]], "c"])
  toset    = toset(["a", "a", "b"])
  merge    = merge(local.m, { c = 3 })
  lookup   = lookup(local.m, "z", "dflt")
  computed = aws_vpc.main.cidr_block
  data_ref = data.aws_caller_identity.me.account_id
  unknownf = some_future_function(1)
  try      = try(aws_vpc.main.id, "fallback")
  cmp      = 3 > 2 && !false
  path     = path.module
  neg      = -5 % 3
}
"#,
    )]);
    let m = f.eval();
    let get = |k: &str| text(attr(&m, "x.a", k));
    assert_eq!(get("cond"), "\"0.0.0.0/0\"");
    assert_eq!(get("tmpl"), "\"0.0.0.0/0-7\"");
    assert_eq!(get("directive"), "\"open[22][80]\"");
    assert_eq!(get("heredoc"), "\"hello 1\\n\"");
    assert_eq!(get("splat"), "[\"0.0.0.0/0\", \"10.0.0.0/8\"]");
    assert_eq!(get("legacy"), "[22, 80]");
    assert_eq!(get("forlist"), "[\"0.0.0.0/0\"]");
    assert_eq!(get("forobj"), "{A = 10, B = 20}");
    assert_eq!(get("concat"), "[\"a\", \"b\", \"c\"]");
    assert_eq!(get("flatten"), "[\"a\", \"b\", \"c\"]");
    assert_eq!(get("toset"), "[\"a\", \"b\"]");
    assert_eq!(get("merge"), "{a = 1, b = 2, c = 3}");
    assert_eq!(get("lookup"), "\"dflt\"");
    assert!(attr(&m, "x.a", "computed").is_unknown());
    assert!(attr(&m, "x.a", "data_ref").is_unknown());
    assert!(attr(&m, "x.a", "unknownf").is_unknown());
    // Terraform: `try` of an unknown value is unknown (known after apply),
    // not the fallback; the value still refers to its resource.
    assert!(attr(&m, "x.a", "try").is_unknown());
    assert_eq!(attr(&m, "x.a", "try").refers_to(), Some("aws_vpc.main"));
    assert_eq!(get("cmp"), "true");
    assert_eq!(
        get("path"),
        "\".\"",
        "a root module is where Terraform runs"
    );
    assert_eq!(get("neg"), "-2");
    // The template keeps the trail of what it interpolated.
    let cond = attr(&m, "x.a", "cond");
    assert_eq!(f.site_text(cond), "main.tf:\"0.0.0.0/0\"");
}

#[test]
fn count_and_for_each_instances() {
    let f = module(&[(
        "main.tf",
        r#"resource "x" "none" {
  count = 0
}
resource "x" "three" {
  count = 3
  port  = 9000 + count.index
}
resource "x" "unknown" {
  count = length(aws_subnet.all)
  port  = count.index
}
resource "x" "each" {
  for_each = { web = 80, ssh = 22 }
  name     = "${each.key}:${each.value}"
}
resource "x" "set" {
  for_each = toset(["a", "b"])
  name     = each.value
}
"#,
    )]);
    let m = f.eval();
    let by = |a: &str| {
        m.resources
            .iter()
            .filter(|r| r.address == a)
            .collect::<Vec<_>>()
    };
    assert!(by("x.none").is_empty());
    let ports: Vec<String> = by("x.three")
        .iter()
        .map(|r| text(r.body.get("port").unwrap()))
        .collect();
    assert_eq!(ports, vec!["9000", "9001", "9002"]);
    assert_eq!(by("x.unknown").len(), 1);
    assert!(by("x.unknown")[0].body.get("port").unwrap().is_unknown());
    let names: Vec<String> = by("x.each")
        .iter()
        .map(|r| text(r.body.get("name").unwrap()))
        .collect();
    assert_eq!(names, vec!["\"ssh:22\"", "\"web:80\""]);
    assert_eq!(by("x.set").len(), 2);
}

#[test]
fn dynamic_blocks_expand() {
    let f = module(&[(
        "main.tf",
        r#"variable "ports" {
  default = [22, 8000]
}
resource "x" "a" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
      key       = ingress.key
    }
  }
  dynamic "rule" {
    for_each = { ssh = 22 }
    iterator = r
    content {
      port = r.value
      name = r.key
    }
  }
  dynamic "never" {
    for_each = aws_thing.x.list
    content {
      a = 1
    }
  }
}
"#,
    )]);
    let m = f.eval();
    let r = &m.resources[0];
    let ingress: Vec<String> = r
        .body
        .blocks("ingress")
        .map(|b| {
            format!(
                "{}@{}",
                text(b.body.get("from_port").unwrap()),
                text(b.body.get("key").unwrap())
            )
        })
        .collect();
    assert_eq!(ingress, vec!["22@0", "8000@1"]);
    let rule = r.body.blocks("rule").next().unwrap();
    assert_eq!(text(rule.body.get("name").unwrap()), "\"ssh\"");
    assert_eq!(
        r.body.blocks("never").count(),
        0,
        "an unknown for_each expands to nothing"
    );
    // The port's site is the reference in the content block; its trail names the for_each element.
    let port = r
        .body
        .blocks("ingress")
        .next()
        .unwrap()
        .body
        .get("from_port")
        .unwrap();
    assert_eq!(f.site_text(port), "main.tf:ingress.value");
}

#[test]
fn nested_sees_blocks_and_attribute_objects() {
    let f = module(&[(
        "main.tf",
        "resource \"x\" \"a\" {\n  ingress {\n    p = 1\n  }\n  ingress = [{ p = 2 }, { p = 3 }]\n}\n",
    )]);
    let m = f.eval();
    let ps: Vec<String> = m.resources[0]
        .body
        .nested("ingress")
        .iter()
        .map(|b| text(b.body.get("p").unwrap()))
        .collect();
    assert_eq!(ps, vec!["1", "2", "3"]);
}

#[test]
fn json_modules_evaluate_like_hcl() {
    let f = module(&[(
        "main.tf.json",
        r#"{
  "variable": {"cidr": {"default": "0.0.0.0/0"}},
  "locals": {"c": "${var.cidr}"},
  "resource": {"x": {"a": {"cidr_blocks": ["${local.c}"], "count": 2}}}
}"#,
    )]);
    let m = f.eval();
    assert_eq!(m.resources.len(), 2);
    let v = &m.resources[0]
        .body
        .get("cidr_blocks")
        .unwrap()
        .as_list()
        .unwrap()[0];
    assert_eq!(text(v), "\"0.0.0.0/0\"");
    assert_eq!(f.site_text(v), "main.tf.json:local.c");
    assert!(matches!(v.kind, Kind::String(_)));
}

#[test]
fn runaway_inputs_are_bounded() {
    // A 1,000-deep chain of locals evaluates (or becomes unknown) without overflowing.
    let mut text_src = String::from("locals {\n  l0 = \"0.0.0.0/0\"\n");
    for i in 1..1000 {
        text_src.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    text_src.push_str("}\nresource \"x\" \"a\" {\n  v = local.l999\n}\n");
    let f = module(&[("main.tf", &text_src)]);
    let m = f.eval();
    assert!(attr(&m, "x.a", "v").is_unknown());
    let budget: Vec<_> = m
        .problems
        .iter()
        .filter(|p| p.message.contains("budget"))
        .collect();
    assert_eq!(budget.len(), 1, "{:?}", m.problems);
    assert!(
        budget[0].message.contains("nest deeper"),
        "{}",
        budget[0].message
    );
}

#[test]
fn unknown_propagation_and_errors() {
    let f = module(&[(
        "main.tf",
        r#"variable "flag" {}
locals {
  obj = { a = 1 }
}
resource "x" "a" {
  same_branches = var.flag ? "0.0.0.0/0" : "0.0.0.0/0"
  diff_branches = var.flag ? "0.0.0.0/0" : "10.0.0.0/8"
  plus_unknown  = var.flag + 1
  try_error     = try(local.obj.b, "fallback")
  can_error     = can(local.obj.b)
  can_known     = can(local.obj.a)
  can_unknown   = can(var.flag)
  index_error   = try([1, 2][5], "oob")
  pathexpand    = pathexpand("~/.ssh/id_rsa")
}
"#,
    )]);
    let m = f.eval();
    let get = |k: &str| text(attr(&m, "x.a", k));
    assert_eq!(get("same_branches"), "\"0.0.0.0/0\"");
    assert!(attr(&m, "x.a", "diff_branches").is_unknown());
    assert!(attr(&m, "x.a", "plus_unknown").is_unknown());
    assert_eq!(get("try_error"), "\"fallback\"");
    assert_eq!(get("can_error"), "false");
    assert_eq!(get("can_known"), "true");
    assert!(attr(&m, "x.a", "can_unknown").is_unknown());
    assert_eq!(get("index_error"), "\"oob\"");
    assert!(
        attr(&m, "x.a", "pathexpand").is_unknown(),
        "the home directory is outside the tree"
    );
}

#[test]
fn step_budget_stops_huge_loops() {
    // 1,000 x 1,000 x 1,000 elements: far over the step budget.
    let src = r#"locals {
  a = range(1000)
  n = length(flatten([for i in local.a : [for j in local.a : [for k in local.a : k]]]))
}
resource "x" "a" {
  n = local.n
  m = length(local.a)
}
"#;
    let f = module(&[("main.tf", src)]);
    let m = f.eval();
    assert!(attr(&m, "x.a", "n").is_unknown());
    let budget: Vec<_> = m
        .problems
        .iter()
        .filter(|p| p.message.contains("budget"))
        .collect();
    assert_eq!(budget.len(), 1, "{:?}", m.problems);
    // A billion numbers: the step budget or the value budget, whichever
    // runs out first.
    assert!(
        budget[0].message.contains("steps") || budget[0].message.contains("MiB in all"),
        "{}",
        budget[0].message
    );
    let loc = budget[0].span.expect("the budget error has a position");
    // At an expression inside the loop that ran out, not somewhere else.
    assert!(
        src[..loc.start()].contains("n = length("),
        "{}",
        &src[loc.start()..]
    );
}

#[test]
fn footprint_counts_values_text_and_depth_and_stops_at_its_limit() {
    use rampart_terraform::value::{object_overhead, NODE_BYTES};
    let s = |t: &str| Value::string(t, None);
    let list = Value::new(Kind::List(vec![s("abc"), s("de")]), None);
    let obj = Value::new(
        Kind::Object([("key".to_string(), list.clone())].into_iter().collect()),
        None,
    );
    let f = obj.footprint(u64::MAX, usize::MAX);
    assert_eq!((f.nodes, f.text, f.depth, f.partial), (4, 3 + 5, 3, false));
    assert_eq!(f.bytes(), 4 * NODE_BYTES + 8 + object_overhead(1));
    // The walk stops once past the limit (bytes or depth): partial.
    assert!(obj.footprint(NODE_BYTES, usize::MAX).partial);
    assert!(obj.footprint(u64::MAX, 2).partial);
}

#[test]
fn a_spent_budget_is_one_error_and_later_declarations_are_still_evaluated() {
    // `big` doubles a string 30 times; the resource after it still gets
    // its (small) values from the grace each declaration has.
    let mut src = String::from("locals {\n  s00 = \"0123456789abcdef\"\n");
    for i in 1..=30 {
        src.push_str(&format!(
            "  s{i:02} = \"${{local.s{:02}}}${{local.s{:02}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    src.push_str("}\nresource \"x\" \"a\" {\n  v = local.s30\n}\nresource \"x\" \"b\" {\n  cidr = \"0.0.0.0/0\"\n  n    = length([1, 2, 3])\n}\n");
    let f = module(&[("main.tf", &src)]);
    let m = f.eval();
    assert!(attr(&m, "x.a", "v").is_unknown());
    let budget: Vec<_> = m
        .problems
        .iter()
        .filter(|p| p.message.contains("budget"))
        .collect();
    assert_eq!(budget.len(), 1, "{:?}", m.problems);
    let at = budget[0].span.expect("a position").start();
    assert!(
        src[..at].contains("  s") && src[at..].starts_with("local.s"),
        "{}",
        &src[at..]
    );
    assert_eq!(text(attr(&m, "x.b", "cidr")), "\"0.0.0.0/0\"");
    assert_eq!(text(attr(&m, "x.b", "n")), "3");
}
