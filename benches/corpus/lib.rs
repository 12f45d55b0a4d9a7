//! A generator of realistic Terraform for benchmarks, with a known count of
//! each finding. Shared by `examples gen_corpus` (`benches/corpus/gen.rs`),
//! the engine bench (`benches/engine.rs`) and the count check (the test in
//! `gen.rs`).
//!
//! The corpus is made of *units*. A unit is what a small service's stack
//! looks like: variables with defaults, a `terraform.tfvars`, locals, a
//! security group with inline rules (one fed from the tfvars), separate
//! `aws_security_group_rule`s, an ALB with HTTPS and HTTP listeners, an IAM
//! role with a `jsonencode` trust policy, inline and managed policies in
//! `jsonencode`, heredoc and `aws_iam_policy_document` form, a `dynamic`
//! block, `count` and a call of the shared local module `modules/sg`. Every
//! name carries the unit's number, so units can share a module (one file).
//! Which units carry which finding is fixed by the unit's number, so the
//! expected count of each rule is known before rampart runs.
//!
//! Shapes: `dirs` (one root module per unit, a few files each), `single`
//! (every unit in one `main.tf`, tfvars beside it), `many-files` (one root
//! module per unit, one file per block).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How the units are laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Dirs,
    Single,
    ManyFiles,
}

impl Shape {
    pub fn parse(s: &str) -> Option<Shape> {
        match s {
            "dirs" => Some(Shape::Dirs),
            "single" => Some(Shape::Single),
            "many-files" => Some(Shape::ManyFiles),
            _ => None,
        }
    }
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub units: usize,
    pub files: usize,
    pub bytes: u64,
    /// Expected findings by rule code.
    pub expected: BTreeMap<&'static str, usize>,
}

/// The findings unit `i` carries, by rule code.
pub fn unit_findings(i: usize) -> Vec<&'static str> {
    let mut v = vec!["NET001"]; // ssh from var.admin_cidr, 0.0.0.0/0 in tfvars
    if i % 2 == 0 {
        v.push("NET002"); // separate rule, port 8000 from a local
    }
    if i % 3 == 0 {
        v.push("TLS001"); // HTTP listener forwarding
    }
    if i % 4 == 0 {
        v.push("TLS002"); // ELBSecurityPolicy-2016-08
    }
    if i % 5 == 0 {
        v.push("IAM001"); // jsonencode, * on *
    }
    if i % 2 == 1 {
        v.push("IAM002"); // heredoc, s3:*
    }
    if i % 7 == 0 {
        v.push("IAM002"); // aws_iam_policy_document, sqs:*
    }
    if i % 6 == 0 {
        v.push("IAM004"); // AdministratorAccess attached
    }
    v
}

/// One unit's files: (file stem, text). Stems: `variables`, `tfvars`
/// (terraform.tfvars), `main`, `lb`, `iam`, `benign`.
fn unit(i: usize) -> Vec<(&'static str, Vec<String>)> {
    let mut vars = Vec::new();
    vars.push(format!(
        r#"variable "admin_cidr_{i}" {{
  type        = string
  description = "Where administrators connect from"
  default     = "10.20.0.0/16"
}}
"#
    ));
    vars.push(format!(
        r#"variable "vpc_id_{i}" {{
  type    = string
  default = "vpc-0123456789abcdef{d}"
}}
"#,
        d = i % 10
    ));
    vars.push(format!(
        r#"variable "subnet_ids_{i}" {{
  type    = list(string)
  default = ["subnet-0a{i}", "subnet-0b{i}"]
}}
"#
    ));
    vars.push(format!(
        r#"variable "environment_{i}" {{
  type    = string
  default = "staging"
}}
"#
    ));
    let tfvars = vec![format!(
        "admin_cidr_{i}  = \"0.0.0.0/0\"\nenvironment_{i} = \"production\"\n"
    )];

    let mut main = Vec::new();
    main.push(format!(
        r#"locals {{
  name_{i}       = "svc-{i}-${{var.environment_{i}}}"
  open_cidrs_{i} = ["0.0.0.0/0"]
  private_ports_{i} = [5432, 6379, 9200]
  tags_{i} = {{
    Service     = "svc-{i}"
    Environment = var.environment_{i}
    ManagedBy   = "terraform"
  }}
}}
"#
    ));
    main.push(format!(
        r#"resource "aws_security_group" "web_{i}" {{
  name        = "${{local.name_{i}}}-web"
  description = "Web tier of service {i}"
  vpc_id      = var.vpc_id_{i}

  ingress {{
    description = "SSH for operators"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr_{i}]
  }}

  ingress {{
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  dynamic "ingress" {{
    for_each = local.private_ports_{i}
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }}
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  tags = local.tags_{i}
}}
"#
    ));
    let app_cidrs = if i % 2 == 0 {
        format!("local.open_cidrs_{i}")
    } else {
        "[\"10.0.0.0/8\"]".to_string()
    };
    main.push(format!(
        r#"resource "aws_security_group_rule" "app_{i}" {{
  type              = "ingress"
  description       = "uvicorn"
  from_port         = 8000
  to_port           = 8000
  protocol          = "tcp"
  cidr_blocks       = {app_cidrs}
  security_group_id = aws_security_group.web_{i}.id
}}
"#
    ));
    main.push(format!(
        r#"resource "aws_security_group_rule" "db_{i}" {{
  type                     = "ingress"
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web_{i}.id
  security_group_id        = aws_security_group.web_{i}.id
}}
"#
    ));
    main.push(format!(
        r#"module "internal_sg_{i}" {{
  source = "{src}"
  name   = "${{local.name_{i}}}-internal"
  vpc_id = var.vpc_id_{i}
  cidr   = "10.{o}.0.0/16"
  port   = 9090
}}
"#,
        src = "MODULE_SOURCE",
        o = i % 250
    ));

    let mut lb = Vec::new();
    lb.push(format!(
        r#"resource "aws_lb" "web_{i}" {{
  name               = "svc-{i}"
  load_balancer_type = "application"
  subnets            = var.subnet_ids_{i}
  security_groups    = [aws_security_group.web_{i}.id]
  tags               = local.tags_{i}
}}
"#
    ));
    let policy = if i % 4 == 0 {
        "ELBSecurityPolicy-2016-08"
    } else {
        "ELBSecurityPolicy-TLS13-1-2-2021-06"
    };
    lb.push(format!(
        r#"resource "aws_lb_listener" "https_{i}" {{
  load_balancer_arn = aws_lb.web_{i}.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "{policy}"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/{i}"

  default_action {{
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_{i}.arn
  }}
}}
"#
    ));
    let http_action = if i % 3 == 0 {
        format!(
            r#"  default_action {{
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_{i}.arn
  }}"#
        )
    } else {
        r#"  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }"#
        .to_string()
    };
    lb.push(format!(
        r#"resource "aws_lb_listener" "http_{i}" {{
  load_balancer_arn = aws_lb.web_{i}.arn
  port              = 80
  protocol          = "HTTP"

{http_action}
}}
"#
    ));
    lb.push(format!(
        r#"resource "aws_lb_target_group" "web_{i}" {{
  name     = "svc-{i}"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id_{i}

  health_check {{
    path    = "/healthz"
    matcher = "200"
  }}
}}
"#
    ));

    let mut iam = Vec::new();
    iam.push(format!(
        r#"resource "aws_iam_role" "app_{i}" {{
  name = "${{local.name_{i}}}-app"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "ec2.amazonaws.com" }}
    }}]
  }})
  tags = local.tags_{i}
}}
"#
    ));
    let (action, resource) = if i % 5 == 0 {
        ("\"*\"", "\"*\"".to_string())
    } else {
        (
            "[\"logs:CreateLogStream\", \"logs:PutLogEvents\"]",
            format!("\"arn:aws:logs:*:*:log-group:/svc/{i}:*\""),
        )
    };
    iam.push(format!(
        r#"resource "aws_iam_role_policy" "logs_{i}" {{
  name = "logs"
  role = aws_iam_role.app_{i}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = {action}
        Resource = {resource}
      }},
    ]
  }})
}}
"#
    ));
    let s3_action = if i % 2 == 1 { "s3:*" } else { "s3:GetObject" };
    iam.push(format!(
        r#"resource "aws_iam_policy" "assets_{i}" {{
  name   = "svc-{i}-assets"
  policy = <<EOT
{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": ["{s3_action}"],
      "Resource": ["arn:aws:s3:::svc-{i}-assets", "arn:aws:s3:::svc-{i}-assets/*"]
    }}
  ]
}}
EOT
}}
"#
    ));
    let sqs_action = if i % 7 == 0 {
        "sqs:*"
    } else {
        "sqs:SendMessage"
    };
    iam.push(format!(
        r#"data "aws_iam_policy_document" "queue_{i}" {{
  statement {{
    sid       = "Queue"
    effect    = "Allow"
    actions   = ["{sqs_action}", "sqs:GetQueueUrl"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:svc-{i}"]
  }}
}}
"#
    ));
    iam.push(format!(
        r#"resource "aws_iam_policy" "queue_{i}" {{
  name   = "svc-{i}-queue"
  policy = data.aws_iam_policy_document.queue_{i}.json
}}
"#
    ));
    let managed = if i % 6 == 0 {
        "AdministratorAccess"
    } else {
        "ReadOnlyAccess"
    };
    iam.push(format!(
        r#"resource "aws_iam_role_policy_attachment" "managed_{i}" {{
  role       = aws_iam_role.app_{i}.name
  policy_arn = "arn:aws:iam::aws:policy/{managed}"
}}
"#
    ));

    let benign = vec![
        format!(
            r#"resource "aws_s3_bucket" "assets_{i}" {{
  bucket = "svc-{i}-assets"
  tags   = merge(local.tags_{i}, {{ Purpose = "assets" }})
}}
"#
        ),
        format!(
            r#"resource "aws_instance" "worker_{i}" {{
  count                  = 2
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.small"
  subnet_id              = element(var.subnet_ids_{i}, count.index)
  vpc_security_group_ids = [aws_security_group.web_{i}.id]
  iam_instance_profile   = aws_iam_role.app_{i}.name

  tags = merge(local.tags_{i}, {{ Name = "${{local.name_{i}}}-worker-${{count.index}}" }})
}}
"#
        ),
        format!(
            r#"output "lb_dns_{i}" {{
  value = aws_lb.web_{i}.dns_name
}}
"#
        ),
    ];

    vec![
        ("variables", vars),
        ("tfvars", tfvars),
        ("main", main),
        ("lb", lb),
        ("iam", iam),
        ("benign", benign),
    ]
}

/// The shared child module every unit calls (no findings: private CIDR).
const CHILD_MODULE: &str = r#"variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

variable "port" {
  type = number
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id

  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}

output "id" {
  value = aws_security_group.this.id
}
"#;

/// The bytes one unit takes (roughly: the digits of its number vary).
fn unit_size(i: usize) -> usize {
    unit(i)
        .iter()
        .flat_map(|(_, blocks)| blocks.iter())
        .map(String::len)
        .sum()
}

/// How many units make about `bytes` of Terraform.
pub fn units_for(bytes: u64) -> usize {
    let per = unit_size(1000).max(1) as u64;
    usize::try_from(bytes / per).unwrap_or(usize::MAX).max(1)
}

fn write(out: &Path, rel: &str, text: &str, w: &mut Written) -> std::io::Result<()> {
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, text)?;
    w.files += 1;
    w.bytes += text.len() as u64;
    Ok(())
}

/// Write `units` units into `out` (created; existing files are overwritten,
/// but stale ones are not removed: use an empty directory).
pub fn generate(out: &Path, units: usize, shape: Shape) -> std::io::Result<Written> {
    let mut w = Written {
        units,
        ..Written::default()
    };
    write(out, "modules/sg/main.tf", CHILD_MODULE, &mut w)?;
    let mut single: Vec<String> = Vec::new();
    let mut single_tfvars = String::new();
    for i in 0..units {
        for code in unit_findings(i) {
            *w.expected.entry(code).or_default() += 1;
        }
        let files = unit(i);
        match shape {
            Shape::Single => {
                for (stem, blocks) in files {
                    for b in blocks {
                        if stem == "tfvars" {
                            single_tfvars.push_str(&b);
                        } else {
                            single.push(b.replace("MODULE_SOURCE", "./modules/sg"));
                        }
                    }
                }
            }
            Shape::Dirs => {
                let dir = format!("stacks/svc-{i:05}");
                for (stem, blocks) in files {
                    let name = if stem == "tfvars" {
                        "terraform.tfvars".to_string()
                    } else {
                        format!("{stem}.tf")
                    };
                    let text = blocks
                        .join("\n")
                        .replace("MODULE_SOURCE", "../../modules/sg");
                    write(out, &format!("{dir}/{name}"), &text, &mut w)?;
                }
            }
            Shape::ManyFiles => {
                let dir = format!("stacks/svc-{i:05}");
                for (stem, blocks) in files {
                    if stem == "tfvars" {
                        write(
                            out,
                            &format!("{dir}/terraform.tfvars"),
                            &blocks.concat(),
                            &mut w,
                        )?;
                        continue;
                    }
                    for (k, b) in blocks.iter().enumerate() {
                        let text = b.replace("MODULE_SOURCE", "../../modules/sg");
                        write(out, &format!("{dir}/{stem}_{k}.tf"), &text, &mut w)?;
                    }
                }
            }
        }
    }
    if shape == Shape::Single {
        let mut text = String::new();
        for b in &single {
            let _ = writeln!(text, "{b}");
        }
        write(out, "main.tf", &text, &mut w)?;
        write(out, "terraform.tfvars", &single_tfvars, &mut w)?;
    }
    let expected = expected_json(&w);
    std::fs::write(out.join("expected.json"), expected)?;
    Ok(w)
}

/// `{"units":…,"files":…,"bytes":…,"findings":{"IAM001":…,…}}`
pub fn expected_json(w: &Written) -> String {
    let mut s = format!(
        "{{\n  \"units\": {},\n  \"files\": {},\n  \"bytes\": {},\n  \"findings\": {{",
        w.units, w.files, w.bytes
    );
    let mut first = true;
    for (code, n) in &w.expected {
        let sep = if first { "" } else { "," };
        first = false;
        let _ = write!(s, "{sep}\n    \"{code}\": {n}");
    }
    s.push_str("\n  }\n}\n");
    s
}

/// How many units make about `files` files in `shape`.
pub fn units_for_files(files: usize, shape: Shape) -> usize {
    let per = match shape {
        Shape::Single => return units_for(0).max(files),
        Shape::Dirs => unit(0).len(),
        Shape::ManyFiles => unit(0).iter().map(|(_, b)| b.len()).sum(),
    };
    (files / per.max(1)).max(1)
}
