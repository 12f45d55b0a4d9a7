//! The network model: address families, port ranges, non-CIDR sources, the
//! JSON syntax, and the Google Cloud and Azure resources.

use crate::common::{brief, related, security_group, summary, Fixture};

/// The network rules only: other families (TLS) may also report on open
/// application ports.
const NET: [&str; 2] = ["--select", "NET"];

#[test]
fn ipv6_anywhere() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "v6" {
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&NET, 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:25"]);
    let f = &doc["findings"][0];
    assert_eq!(f["range"]["end"]["column"], 31);
    assert_eq!(
        f["message"],
        "`aws_security_group.v6` allows SSH (port 22) from the internet (::/0)"
    );
}

#[test]
fn port_range_20_25_is_net001_and_net002_on_the_same_source() {
    let fx = Fixture::with(&[(
        "main.tf",
        &security_group("legacy", 20, 25, r#"["0.0.0.0/0"]"#),
    )]);
    let doc = fx.check_json(&NET, 1);
    assert_eq!(brief(&doc), ["NET001 main.tf:6:20", "NET002 main.tf:6:20"]);
    assert_eq!(
        doc["findings"][0]["range"], doc["findings"][1]["range"],
        "same range"
    );
    assert_eq!(
        doc["findings"][1]["message"],
        "`aws_security_group.legacy` exposes ports 20-21, 23-25 from the internet (0.0.0.0/0); \
         put the service behind a load balancer and allow only the load balancer's security group"
    );
    let out = fx.run(&["check", "--select", "NET"]);
    out.expect_code(1);
    snap!("port_range_pretty", out.stdout);
}

#[test]
fn all_ports_is_net003_only() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "all" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&NET, 1);
    assert_eq!(brief(&doc), ["NET003 main.tf:6:20"]);
    assert_eq!(doc["findings"][0]["severity"], "critical");
}

#[test]
fn public_ports_private_ranges_and_egress_are_clean() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.7/32"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&NET, 0);
    assert_eq!(summary(&doc), (1, 0, 0, 0));
}

#[test]
fn self_security_groups_and_prefix_lists_are_not_the_internet() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_security_group" "internal" {
  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    self      = true
  }

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = ["sg-0123456789abcdef0"]
  }

  ingress {
    from_port       = 3389
    to_port         = 3389
    protocol        = "tcp"
    prefix_list_ids = ["pl-12345678"]
  }
}
"#,
    )]);
    let out = fx.run(&["check", "--select", "NET"]);
    out.expect_code(0);
    assert_eq!(out.stdout, "No findings in 1 file.\n");
}

/// A JSON-syntax module: the finding sits on the second element of
/// `cidr_blocks`, line 12 of the file.
const MAIN_TF_JSON: &str = r#"{
  "resource": {
    "aws_security_group": {
      "bastion": {
        "name": "bastion",
        "ingress": [
          {
            "description": "SSH",
            "from_port": 22,
            "to_port": 22,
            "protocol": "tcp",
            "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]
          }
        ]
      }
    }
  }
}
"#;

#[test]
fn tf_json_module() {
    let fx = Fixture::with(&[("main.tf.json", MAIN_TF_JSON)]);
    let doc = fx.check_json(&NET, 1);
    assert_eq!(brief(&doc), ["NET001 main.tf.json:12:43"]);
    let range = &doc["findings"][0]["range"];
    assert_eq!(range["end"]["line"], 12);
    assert_eq!(range["end"]["column"], 54);
    let line = MAIN_TF_JSON.lines().nth(11).unwrap();
    assert_eq!(line.find("\"0.0.0.0/0\"").map(|i| i + 1), Some(43));

    let out = fx.run(&["check", "--select", "NET"]);
    out.expect_code(1);
    snap!("tf_json_pretty", out.stdout);
}

#[test]
fn tf_json_template_referring_to_a_variable() {
    let fx = Fixture::with(&[(
        "main.tf.json",
        r#"{
  "variable": { "office": { "default": "0.0.0.0/0" } },
  "resource": {
    "aws_security_group": {
      "web": {
        "ingress": [
          { "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["${var.office}"] }
        ]
      }
    }
  }
}
"#,
    )]);
    let doc = fx.check_json(&NET, 1);
    // The span is `var.office` inside the template string.
    assert_eq!(brief(&doc), ["NET001 main.tf.json:7:83"]);
    assert_eq!(doc["findings"][0]["range"]["end"]["column"], 93);
    assert_eq!(
        related(&doc["findings"][0]),
        ["main.tf.json:2:40 default of `var.office`"]
    );
}

#[test]
fn gcp_firewall() {
    let fx = Fixture::with(&[(
        "gcp.tf",
        r#"resource "google_compute_firewall" "ssh" {
  name    = "allow-ssh"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "no_source" {
  name    = "allow-rdp"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
}

resource "google_compute_firewall" "tagged" {
  name        = "allow-ssh-from-bastion"
  network     = "default"
  source_tags = ["bastion"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
"#,
    )]);
    let doc = fx.check_json(&NET, 1);
    // A firewall without any source applies to 0.0.0.0/0: the finding sits
    // on its allow block.
    assert_eq!(brief(&doc), ["NET001 gcp.tf:10:20", "NET001 gcp.tf:17:3"]);
    assert_eq!(
        doc["findings"][0]["resource"],
        "google_compute_firewall.ssh"
    );
    assert_eq!(
        doc["findings"][1]["message"],
        "`google_compute_firewall.no_source` allows RDP (port 3389) from the internet (0.0.0.0/0 (no source ranges given))"
    );
}

#[test]
fn azure_network_security_rule() {
    let fx = Fixture::with(&[(
        "azure.tf",
        r#"resource "azurerm_network_security_rule" "app" {
  name                        = "allow-app"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "8080"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}

resource "azurerm_network_security_rule" "deny" {
  name                        = "deny-ssh"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
"#,
    )]);
    let doc = fx.check_json(&NET, 1);
    assert_eq!(brief(&doc), ["NET002 azure.tf:9:33"]);
    let f = &doc["findings"][0];
    assert_eq!(f["resource"], "azurerm_network_security_rule.app");
    assert_eq!(f["range"]["end"]["column"], 43);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("exposes port 8080 from the internet (`Internet`)"),
        "{f}"
    );
}
