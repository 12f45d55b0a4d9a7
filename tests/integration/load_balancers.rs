//! Security groups of internet-facing load balancers (issue 13): their
//! listener ports are what they exist for, across `count`/`for_each` and
//! inside called modules; what rampart cannot resolve keeps the usual
//! verdict. And port values the network model cannot read become notes.

use crate::common::{brief, Fixture};

/// An NLB with one TCP listener on 8080 and a group opening 8080 and 9000.
const NLB_MODULE: &str = r#"resource "aws_security_group" "lb" {
  name = "lb"

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 9000
    to_port     = 9000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "public" {
  load_balancer_type = "network"
  security_groups    = [aws_security_group.lb.id]
}

resource "aws_lb_listener" "app" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8080
  protocol          = "TCP"
}
"#;

#[test]
fn listener_ports_are_not_net002_in_a_root_module() {
    let fx = Fixture::with(&[("main.tf", NLB_MODULE)]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    assert_eq!(brief(&doc), ["NET002 main.tf:15:20"]);
    assert_eq!(
        doc["findings"][0]["message"],
        "`aws_security_group.lb` exposes port 9000 from the internet (0.0.0.0/0), where no listener of `aws_lb.public` listens"
    );
}

#[test]
fn load_balancer_and_group_inside_a_called_module() {
    let fx = Fixture::with(&[
        (
            "main.tf",
            "module \"edge\" {\n  source = \"./edge\"\n}\n\nmodule \"edge_twice\" {\n  source = \"./edge\"\n  count  = 2\n}\n",
        ),
        ("edge/main.tf", NLB_MODULE),
    ]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    // 8080 is the listener's port; 9000 is one finding for every instance.
    assert_eq!(brief(&doc), ["NET002 edge/main.tf:15:20"]);
    let instances = doc["findings"][0]["instances"].as_array().map(Vec::len);
    assert_eq!(instances, Some(3), "{:#}", doc["findings"][0]);
}

#[test]
fn a_group_handed_to_another_module_keeps_the_usual_verdict() {
    // The root's group reaches the child's load balancer through a
    // variable: rampart does not follow it (documented), so 8080 is still
    // reported. The child's own `aws_security_group.lb`, attached to
    // nothing, is not mistaken for the root's group of the same name.
    let child = r#"variable "security_group_ids" {
  type = list(string)
}

resource "aws_security_group" "lb" {
  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "public" {
  load_balancer_type = "network"
  security_groups    = var.security_group_ids
}

resource "aws_lb_listener" "app" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8080
  protocol          = "TCP"
}
"#;
    let root = r#"resource "aws_security_group" "lb" {
  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "nlb" {
  source             = "./nlb"
  security_group_ids = [aws_security_group.lb.id]
}
"#;
    let fx = Fixture::with(&[("main.tf", root), ("nlb/main.tf", child)]);
    let doc = fx.check_json(&["--select", "NET"], 1);
    assert_eq!(
        brief(&doc),
        ["NET002 main.tf:6:20", "NET002 nlb/main.tf:10:20"]
    );
}

#[test]
fn tls005_sees_attachments_inside_a_called_module() {
    let child = r#"resource "aws_security_group" "web" {
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
}
"#;
    let fx = Fixture::with(&[
        ("main.tf", "module \"web\" {\n  source = \"./web\"\n}\n"),
        ("web/main.tf", child),
    ]);
    let doc = fx.check_json(&["--select", "TLS005"], 1);
    assert_eq!(brief(&doc), ["TLS005 web/main.tf:6:20"]);
}

#[test]
fn a_port_the_model_cannot_read_is_a_note() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "odd" {
  ingress {
    from_port   = -1
    to_port     = -1
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "google_compute_firewall" "named" {
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["http"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&["--select", "NET"], 0);
    assert_eq!(brief(&doc), Vec::<String>::new());
    let notes: Vec<String> = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                crate::common::at(n),
                n["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(
        notes[0].starts_with("main.tf:3:19 `aws_security_group.odd`: `from_port` is `-1`, not a port rampart can read with protocol `tcp`"),
        "{notes:#?}"
    );
    assert!(
        notes[1].starts_with("main.tf:4:19 `aws_security_group.odd`: `to_port` is `-1`"),
        "{notes:#?}"
    );
    assert!(
        notes[2].starts_with(
            "main.tf:15:17 `google_compute_firewall.named`: `\"http\"` in `ports` is not a port"
        ),
        "{notes:#?}"
    );
    // Only the network rules say it: with them off, no note.
    let doc = fx.check_json(&["--select", "TLS"], 0);
    assert_eq!(doc["notes"], serde_json::json!([]));
}
