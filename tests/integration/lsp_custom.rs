//! Custom Rego policies in the language server (issue 16): a custom
//! finding is an ordinary diagnostic (code, severity from the
//! configuration, documentation link, provenance), its hover shows the
//! policy's METADATA, a `.rego` file changed, created or deleted on disk
//! (a watched-file event) re-publishes the diagnostics, and a policy that
//! does not compile is a diagnostic on its own file and a message, while
//! the other policies and the built-in rules still run.
//!
//! Each test writes its workspace into a fresh temporary directory;
//! snapshots show it as `[ROOT]`.

use crate::common::Fixture;
use crate::lsp_client::{uri, Lsp, PUBLISH, TIMEOUT};
use serde_json::{json, Value};

/// Port 8000 open to whatever `var.app_cidr` is; `terraform.tfvars` makes
/// it the internet. `var.app_cidr` is line 11, characters 19..31 (0-based).
const MAIN: &str = r#"variable "app_cidr" {
  type = string
}

resource "aws_security_group" "app" {
  name = "app"

  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = [var.app_cidr]
  }
}
"#;

const TFVARS: &str = "app_cidr = \"0.0.0.0/0\"\n";

/// The docs' example policy (with text to escape in its METADATA).
const APP_PORT: &str = r#"# METADATA
# title: App port reachable from outside the load balancer
# description: >-
#   Port 8000 of the app servers must take traffic only from the load
#   balancer's security group, never from an internet CIDR (*ever*).
# related_resources:
# - ref: https://wiki.example.com/security/network#app-port
#   description: ACME's network standard
# custom:
#   id: ACME001
#   severity: high
#   fix_hint: allow the load balancer's security group, not a CIDR
package rampart.custom.app_port

import rego.v1

deny contains result if {
	some r in input.resources
	r.type == "aws_security_group"
	some i, rule in r.values.ingress
	rampart.ports_overlap(rule.from_port, rule.to_port, 8000)
	some j, cidr in rule.cidr_blocks
	rampart.is_internet(cidr)
	result := {
		"msg": sprintf("`%s` lets %s reach the app port 8000", [r.address, cidr]),
		"resource": r.address,
		"attribute": sprintf("ingress[%d].cidr_blocks[%d]", [i, j]),
	}
}
"#;

/// A second policy: security groups need a description.
const DESCRIBED: &str = r#"# METADATA
# title: Security group without a description
# custom:
#   id: ACME002
#   severity: low
package rampart.custom.described

import rego.v1

deny contains result if {
	some r in input.resources
	r.type == "aws_security_group"
	not r.values.description
	result := {"msg": sprintf("`%s` has no description", [r.address]), "resource": r.address}
}
"#;

/// The configuration names the custom code: the server must load the
/// policies before validating it.
const CONFIG: &str =
    "[policies]\npaths = [\"policies\"]\n\n[rules]\nseverity = { ACME001 = \"critical\" }\n";

fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("-").to_string())
        .collect()
}

/// The workspace, a server on it, and main.tf opened; returns the first
/// publish for main.tf.
fn workspace(extra: &[(&str, &str)]) -> (Fixture, Lsp, Value) {
    let mut files = vec![
        ("rampart.toml", CONFIG),
        ("main.tf", MAIN),
        ("terraform.tfvars", TFVARS),
        ("policies/app_port.rego", APP_PORT),
    ];
    files.extend_from_slice(extra);
    let fx = Fixture::with(&files);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    lsp.open("main.tf", 1, MAIN);
    let first = lsp.published("main.tf", 1);
    (fx, lsp, first)
}

/// A watched-file event for `rel` (1 created, 2 changed, 3 deleted).
fn event(lsp: &mut Lsp, rel: &str, kind: u8) {
    let uri = lsp.uri(rel);
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": kind}]}),
    );
}

#[test]
fn a_custom_finding_is_a_diagnostic_with_its_hover() {
    let (_fx, mut lsp, first) = workspace(&[]);
    assert_eq!(codes(&first), ["ACME001", "NET002"]);
    let acme = first["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ACME001")
        .unwrap()
        .clone();
    // Error: `[rules] severity` makes it critical, a custom code in the
    // configuration the editor accepts.
    assert_eq!(acme["severity"], 1, "{acme:#}");
    assert_eq!(
        acme["codeDescription"]["href"],
        "https://wiki.example.com/security/network#app-port"
    );
    snap!("lsp_custom_diagnostic", lsp.redact(&acme));

    let hover = lsp.hover("main.tf", 11, 22);
    assert_eq!(hover["range"], acme["range"]);
    let text = hover["contents"]["value"].as_str().expect("markdown");
    for part in [
        "**ACME001** `app-port`",
        "App port reachable from outside the load balancer",
        r"never from an internet CIDR (\*ever\*)",
        "Fix: allow the load balancer's security group, not a CIDR",
        "<https://wiki.example.com/security/network#app-port>",
        "- terraform.tfvars:1 — ",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
    snap!("lsp_custom_hover", lsp.redact(&hover));
}

#[test]
fn a_rego_change_on_disk_republishes_the_diagnostics() {
    let (fx, mut lsp, first) = workspace(&[]);
    assert_eq!(codes(&first), ["ACME001", "NET002"]);
    lsp.drain();

    // The policy's message changes.
    fx.write(
        "policies/app_port.rego",
        APP_PORT.replace("reach the app port 8000", "reach port 8000 directly"),
    );
    event(&mut lsp, "policies/app_port.rego", 2);
    let changed = lsp.published_where("main.tf", "the new message", |p| {
        p["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("reach port 8000 directly"))
    });
    assert_eq!(changed["version"], 1, "the open document's version");
    snap!("lsp_custom_after_rego_change", lsp.redact(&changed));

    // A new policy file.
    fx.write("policies/described.rego", DESCRIBED);
    event(&mut lsp, "policies/described.rego", 1);
    let added = lsp.published_where("main.tf", "ACME002 too", |p| {
        codes(p).contains(&"ACME002".to_string())
    });
    // ACME002 is on the resource block, before the others.
    assert_eq!(codes(&added), ["ACME002", "ACME001", "NET002"]);

    // The first policy deleted: its code leaves the configuration's valid
    // codes, so the configuration cannot be used (a message) and the
    // remaining policy still runs.
    fx.remove("policies/app_port.rego");
    event(&mut lsp, "policies/app_port.rego", 3);
    let removed = lsp.published_where("main.tf", "without ACME001", |p| {
        !codes(p).contains(&"ACME001".to_string())
    });
    assert_eq!(codes(&removed), ["ACME002", "NET002"]);
    let shown = lsp.wait_for(
        "a message about the configuration",
        |m| m["method"] == "window/showMessage",
        TIMEOUT,
    );
    let text = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("bad configuration") && text.contains("ACME001"),
        "{shown:#}"
    );

    // A `.rego` file elsewhere concerns no policy: nothing is checked.
    lsp.drain();
    fx.write("elsewhere/x.rego", "package x\n");
    event(&mut lsp, "elsewhere/x.rego", 1);
    let quiet = lsp.settle(std::time::Duration::from_millis(500));
    assert!(
        quiet.iter().all(|m| m["method"] != PUBLISH),
        "nothing republished: {quiet:#?}"
    );
}

#[test]
fn a_broken_policy_is_a_diagnostic_on_its_file_and_the_rest_runs() {
    // The second policy does not parse (an unclosed rule body).
    let broken = DESCRIBED.replace(
        "\"resource\": r.address}\n}\n",
        "\"resource\": r.address}\n",
    );
    let (fx, mut lsp, first) = workspace(&[("policies/described.rego", &broken)]);
    // ACME001 still runs, and the built-in rules.
    assert_eq!(codes(&first), ["ACME001", "NET002"]);
    let rego = lsp.published_where("policies/described.rego", "its error", |p| {
        p["diagnostics"] != json!([])
    });
    let d = &rego["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("syntax error:")),
        "{d:#}"
    );
    snap!("lsp_custom_broken_policy", lsp.redact(&rego));
    let shown = lsp.wait_for(
        "the error shown",
        |m| m["method"] == "window/showMessage",
        TIMEOUT,
    );
    let text = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(": policies/described.rego:15:1: syntax error")
            && text.contains("built-in rules still run"),
        "file:line:col in {shown:#}"
    );

    // Fixed on disk: its diagnostics are cleared and its rule runs.
    lsp.drain();
    fx.write("policies/described.rego", DESCRIBED);
    event(&mut lsp, "policies/described.rego", 2);
    lsp.published_where("policies/described.rego", "cleared", |p| {
        p["diagnostics"] == json!([])
    });
    let fixed = lsp.published_where("main.tf", "ACME002 runs", |p| {
        codes(p).contains(&"ACME002".to_string())
    });
    assert_eq!(codes(&fixed), ["ACME002", "ACME001", "NET002"]);
}

/// A client that pulls diagnostics asks only for its open Terraform
/// documents: a policy's errors are pushed to it all the same.
#[test]
fn a_client_that_pulls_is_pushed_the_policy_errors() {
    let broken = DESCRIBED.replace(
        "\"resource\": r.address}\n}\n",
        "\"resource\": r.address}\n",
    );
    let fx = Fixture::with(&[
        ("rampart.toml", CONFIG),
        ("main.tf", MAIN),
        ("terraform.tfvars", TFVARS),
        ("policies/app_port.rego", APP_PORT),
        ("policies/described.rego", &broken),
    ]);
    let mut lsp = Lsp::start(fx.path());
    let root = uri(&lsp.root);
    lsp.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": {
                "textDocument": {"diagnostic": {}},
                "workspace": {"diagnostics": {"refreshSupport": true}}
            }
        }),
    );
    lsp.notify("initialized", json!({}));
    lsp.open("main.tf", 1, MAIN);
    let rego = lsp.published_where("policies/described.rego", "its error", |p| {
        p["diagnostics"] != json!([])
    });
    assert_eq!(rego["diagnostics"].as_array().map(Vec::len), Some(1));
    let main = lsp.uri("main.tf");
    let pulled = lsp.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": main}}),
    );
    assert_eq!(
        codes(&json!({"diagnostics": pulled["result"]["items"]})),
        ["ACME001", "NET002"]
    );
    let pushed = lsp.settle(std::time::Duration::from_millis(300));
    assert!(
        lsp.log
            .iter()
            .chain(&pushed)
            .all(|m| m["method"] != PUBLISH || m["params"]["uri"] != main),
        "main.tf is pulled, not pushed"
    );
}

/// A client that can register watchers is asked to watch `.rego` files.
#[test]
fn rego_files_are_watched() {
    let fx = Fixture::with(&[("main.tf", MAIN)]);
    let mut lsp = Lsp::start(fx.path());
    let root = uri(&lsp.root);
    lsp.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
            }
        }),
    );
    lsp.notify("initialized", json!({}));
    let registration = lsp.wait_for(
        "client/registerCapability",
        |m| m["method"] == "client/registerCapability",
        TIMEOUT,
    );
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    let globs: Vec<&str> = watchers
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.rego"), "{globs:?}");
    assert!(globs.contains(&"**/rampart.toml"), "{globs:?}");
}
