//! The language server (`rampart lsp`) driven over stdio by a small client
//! ([`crate::lsp_client`]): the handshake, published diagnostics with exact
//! UTF-16 ranges and provenance, edits and cross-file changes, quick fixes
//! applied to the text, hovers, pull diagnostics, the ordering of publishes
//! under a burst of edits, watched files, and protocol robustness.
//!
//! Each test writes its module into a fresh temporary directory, which is
//! the workspace folder; snapshots show that folder as `[ROOT]`.

use crate::common::Fixture;
use crate::lsp_client::{apply_action, Lsp, PUBLISH, TIMEOUT};
use serde_json::{json, Value};
use std::time::Duration;

/// SSH open to whatever `var.admin_cidr` is; `terraform.tfvars` makes it
/// the internet. The reference `var.admin_cidr` is line 11, characters
/// 19..33 (0-based).
const BASTION: &str = r#"variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
"#;

const TFVARS_OPEN: &str = "admin_cidr = \"0.0.0.0/0\"\n";
const TFVARS_PRIVATE: &str = "admin_cidr = \"10.0.0.0/8\"\n";

/// SSH open to a CIDR literal (`CIDR` is replaced); the literal starts at
/// line 7, character 19 (0-based).
const SSH_LITERAL: &str = r#"resource "aws_security_group" "ssh" {
  name = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["CIDR"]
  }
}
"#;

fn ssh(cidr: &str) -> String {
    SSH_LITERAL.replace("CIDR", cidr)
}

/// An ALB with an HTTPS listener on an outdated policy (TLS002, line 28)
/// and an HTTP listener that forwards (TLS001 on its protocol, line 40).
const LISTENERS: &str = r#"variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
"#;

/// The codes of a publish's (or a pull report's) diagnostics, `-` for
/// diagnostics without one (syntax errors).
fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("diagnostics are an array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("-").to_string())
        .collect()
}

/// `line:character-line:character` of a range.
fn span(range: &Value) -> String {
    format!(
        "{}:{}-{}:{}",
        range["start"]["line"],
        range["start"]["character"],
        range["end"]["line"],
        range["end"]["character"]
    )
}

/// The one diagnostic with `code`.
#[track_caller]
fn diagnostic(params: &Value, code: &str) -> Value {
    let found: Vec<&Value> = params["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .collect();
    assert_eq!(found.len(), 1, "one {code} expected in {params:#}");
    found[0].clone()
}

/// The action titled `title`, after checking the titles offered.
#[track_caller]
fn action(actions: &[Value], titles: &[&str], title: &str) -> Value {
    let offered: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(offered, titles, "offered actions: {actions:#?}");
    let a = actions
        .iter()
        .find(|a| a["title"] == title)
        .expect("the action")
        .clone();
    assert_eq!(a["kind"], "quickfix");
    a
}

/// A workspace with `files`, an initialized server, and `open` opened at
/// version 1; returns the server and the version-1 publish for `open`.
fn open_workspace(files: &[(&str, &str)], open: &str) -> (Fixture, Lsp, Value) {
    let fx = Fixture::with(files);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    let text = files
        .iter()
        .find(|(p, _)| *p == open)
        .map(|(_, t)| *t)
        .expect("the opened file is in the fixture");
    lsp.open(open, 1, text);
    let first = lsp.published(open, 1);
    (fx, lsp, first)
}

// 1. The handshake and the first publish, with provenance.

#[test]
fn initialize_capabilities() {
    let fx = Fixture::with(&[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)]);
    let (lsp, result) = Lsp::initialized(fx.path());
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 1,
        "full sync"
    );
    snap!("lsp_initialize", lsp.redact(&result));
}

/// The first publish: exact range, code, link to the rule's documentation
/// (under the workspace's repository URL), severity, source, and the
/// tfvars line the value came from; then the whole notification.
#[test]
fn publish_with_provenance() {
    let fx = Fixture::with(&[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)]);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    lsp.open("main.tf", 1, BASTION);
    let notification = lsp.publication("main.tf", 1);
    let params = &notification["params"];
    assert_eq!(params["uri"], lsp.uri("main.tf"));
    assert_eq!(params["version"], 1);
    assert_eq!(params["diagnostics"].as_array().unwrap().len(), 1);
    let d = diagnostic(params, "NET001");
    assert_eq!(
        span(&d["range"]),
        "11:19-11:33",
        "the `var.admin_cidr` reference"
    );
    assert_eq!(
        d["codeDescription"]["href"],
        concat!(
            env!("CARGO_PKG_REPOSITORY"),
            "/blob/main/policies/NET001-admin-port-open-to-internet/README.md"
        )
    );
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://"),
        "an absolute link: {d:#}"
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "rampart");
    assert_eq!(
        d["message"],
        "`aws_security_group.bastion` allows SSH (port 22) from the internet (0.0.0.0/0)"
    );
    assert_eq!(
        d["relatedInformation"],
        json!([{
            "location": {
                "uri": lsp.uri("terraform.tfvars"),
                "range": {"start": {"line": 0, "character": 13}, "end": {"line": 0, "character": 24}}
            },
            "message": "`var.admin_cidr` set in terraform.tfvars"
        }]),
        "the related location is the tfvars value"
    );
    snap!("lsp_publish_net001_via_tfvars", lsp.redact(&notification));
}

/// A finding the workspace's baseline (`[suppressions] baseline` in
/// rampart.toml, written by `rampart check --write-baseline`) records is
/// not published, as `rampart check` does not report it; a new one is.
#[test]
fn a_baselined_finding_is_not_published() {
    let fx = Fixture::with(&[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)]);
    fx.run(&["check", "--write-baseline", "base.json"])
        .expect_code(1);
    fx.write("rampart.toml", "[suppressions]\nbaseline = \"base.json\"\n");
    fx.run(&["check"]).expect_code(0);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    lsp.open("main.tf", 1, BASTION);
    assert_eq!(
        lsp.published("main.tf", 1)["diagnostics"],
        json!([]),
        "the baselined NET001 is not published"
    );
    // RDP opened too: not in the baseline, so published; SSH still not.
    let more = format!(
        "{BASTION}\nresource \"aws_security_group\" \"rdp\" {{\n  ingress {{\n    from_port   = 3389\n    to_port     = 3389\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n"
    );
    lsp.change("main.tf", 2, &more);
    let published = lsp.published("main.tf", 2);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(
        codes(&published["diagnostics"]),
        ["NET001"],
        "{published:#}"
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("aws_security_group.rdp"),
        "only the new finding: {published:#}"
    );
}

// 2. Full-text edits fix and reintroduce the finding.

#[test]
fn edits_clear_and_bring_back_the_finding() {
    let (_fx, mut lsp, first) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );
    assert_eq!(codes(&first["diagnostics"]), ["NET001"]);

    let fixed = BASTION.replace("[var.admin_cidr]", "[\"10.0.0.0/8\"]");
    lsp.change("main.tf", 2, &fixed);
    assert_eq!(lsp.published("main.tf", 2)["diagnostics"], json!([]));

    lsp.change("main.tf", 3, BASTION);
    let back = lsp.published("main.tf", 3);
    assert_eq!(
        back["diagnostics"], first["diagnostics"],
        "the same diagnostic as at version 1"
    );
}

// 3. An edit in another open file (the tfvars) republishes main.tf.

#[test]
fn tfvars_edit_republishes_main_tf() {
    let (_fx, mut lsp, first) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );
    assert_eq!(codes(&first["diagnostics"]), ["NET001"]);
    lsp.open("terraform.tfvars", 1, TFVARS_OPEN);
    lsp.published("terraform.tfvars", 1);
    lsp.drain();

    lsp.change("terraform.tfvars", 2, TFVARS_PRIVATE);
    let params = lsp.published_where("main.tf", "republished after the tfvars edit", |_| true);
    assert_eq!(
        params["diagnostics"],
        json!([]),
        "main.tf is clean once the tfvars is private"
    );
    assert_eq!(params["version"], 1, "main.tf itself is still at version 1");

    // And back: the cross-file dependency holds both ways.
    lsp.change("terraform.tfvars", 3, TFVARS_OPEN);
    let params = lsp.published_where("main.tf", "NET001 again", |p| p["diagnostics"] != json!([]));
    assert_eq!(codes(&params["diagnostics"]), ["NET001"]);
}

// 4. A syntax error does not hide the findings of the rest of the file.

#[test]
fn broken_block_and_finding_in_the_same_file() {
    let text = r#"resource "aws_instance" "broken" {
  ami = = "ami-123"
}

resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    let (_fx, _lsp, params) = open_workspace(&[("main.tf", text)], "main.tf");
    let diags = params["diagnostics"].as_array().expect("diagnostics");
    let mut got: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {} sev={}",
                d["code"].as_str().unwrap_or("-"),
                span(&d["range"]),
                d["severity"]
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        ["- 1:8-1:9 sev=1", "NET001 9:19-9:30 sev=1"],
        "{params:#}"
    );
    let syntax = diags
        .iter()
        .find(|d| d.get("code").is_none())
        .expect("the syntax error");
    assert!(
        syntax["message"]
            .as_str()
            .unwrap()
            .starts_with("syntax error"),
        "{syntax:#}"
    );
    assert_eq!(syntax["source"], "rampart");
}

// 5. Characters are counted in UTF-16 code units.

#[test]
fn ranges_count_utf16_code_units() {
    let text = r#"resource "aws_security_group" "ssh" {
  ingress = [{ description = "Zugang für 😀 SSH", from_port = 22, to_port = 22, protocol = "tcp", cidr_blocks = ["0.0.0.0/0"] }]
}

resource "aws_security_group" "rdp" {
  ingress {
    from_port = 3389
    to_port   = 3389
    protocol  = "tcp"
    /* Zugang für 😀 */ cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    // Independent count: UTF-16 units before the literal on each line.
    let units = |line: usize| {
        let l = text.lines().nth(line).unwrap();
        l[..l.find("\"0.0.0.0/0\"").unwrap()].encode_utf16().count()
    };
    assert_eq!((units(1), units(9)), (113, 39));

    let (_fx, mut lsp, params) = open_workspace(
        &[
            ("main.tf", text),
            (
                "rampart.toml",
                "[network]\ntrusted_cidrs = [\"203.0.113.0/24\"]\n",
            ),
        ],
        "main.tf",
    );
    let mut got: Vec<String> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap_or("-"),
                span(&d["range"])
            )
        })
        .collect();
    got.sort();
    // "0.0.0.0/0" with its quotes is 11 units long. In code points the
    // starts would be 112 and 38, in bytes 116 and 42.
    assert_eq!(got, ["NET001 1:113-1:124", "NET001 9:39-9:50"]);

    // A quick fix on the emoji line replaces exactly the literal.
    let d = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["range"]["start"]["line"] == 1)
        .unwrap()
        .clone();
    let actions = lsp.code_actions("main.tf", &d);
    let restrict = action(
        &actions,
        &["Restrict to 203.0.113.0/24", "Suppress NET001 here"],
        "Restrict to 203.0.113.0/24",
    );
    let fixed = apply_action(text, &restrict, &lsp.uri("main.tf"));
    assert_eq!(
        fixed.lines().nth(1).unwrap(),
        r#"  ingress = [{ description = "Zugang für 😀 SSH", from_port = 22, to_port = 22, protocol = "tcp", cidr_blocks = ["203.0.113.0/24"] }]"#
    );
    lsp.change("main.tf", 2, &fixed);
    let after = lsp.published("main.tf", 2);
    let left: Vec<String> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| span(&d["range"]))
        .collect();
    assert_eq!(left, ["9:39-9:50"], "only the RDP finding is left");
}

// 6. Quick fixes, applied to the text and sent back.

#[test]
fn quick_fix_suppress_here() {
    let text = ssh("0.0.0.0/0");
    let (_fx, mut lsp, params) = open_workspace(&[("main.tf", &text)], "main.tf");
    let d = diagnostic(&params, "NET001");
    assert_eq!(span(&d["range"]), "7:19-7:30");
    let actions = lsp.code_actions("main.tf", &d);
    let suppress = action(&actions, &["Suppress NET001 here"], "Suppress NET001 here");
    assert_eq!(suppress["isPreferred"], false);
    assert_eq!(suppress["diagnostics"], json!([d]));

    let fixed = apply_action(&text, &suppress, &lsp.uri("main.tf"));
    let lines: Vec<&str> = fixed.lines().collect();
    assert_eq!(
        lines[7], "    # rampart:ignore NET001 reason: ",
        "inserted above, same indentation"
    );
    assert_eq!(lines[8], "    cidr_blocks = [\"0.0.0.0/0\"]");
    assert_eq!(
        lines.len(),
        text.lines().count() + 1,
        "one line inserted, nothing else"
    );

    lsp.change("main.tf", 2, &fixed);
    let after = lsp.published("main.tf", 2);
    assert!(
        !codes(&after["diagnostics"]).contains(&"NET001".to_string()),
        "{after:#}"
    );
}

#[test]
fn quick_fix_restrict_to_trusted_cidr() {
    let text = ssh("0.0.0.0/0");
    let (_fx, mut lsp, params) = open_workspace(
        &[
            ("main.tf", &text),
            (
                "rampart.toml",
                "[network]\ntrusted_cidrs = [\"203.0.113.0/24\"]\n",
            ),
        ],
        "main.tf",
    );
    let d = diagnostic(&params, "NET001");
    let actions = lsp.code_actions("main.tf", &d);
    let restrict = action(
        &actions,
        &["Restrict to 203.0.113.0/24", "Suppress NET001 here"],
        "Restrict to 203.0.113.0/24",
    );
    assert_eq!(restrict["isPreferred"], true);

    let fixed = apply_action(&text, &restrict, &lsp.uri("main.tf"));
    assert_eq!(fixed, ssh("203.0.113.0/24"));
    lsp.change("main.tf", 2, &fixed);
    assert_eq!(lsp.published("main.tf", 2)["diagnostics"], json!([]));
}

#[test]
fn quick_fix_redirect_http_to_https() {
    let (_fx, mut lsp, params) = open_workspace(&[("main.tf", LISTENERS)], "main.tf");
    let mut before = codes(&params["diagnostics"]);
    before.sort();
    assert_eq!(before, ["TLS001", "TLS002"]);
    let d = diagnostic(&params, "TLS001");
    assert_eq!(span(&d["range"]), "40:22-40:28", "the \"HTTP\" protocol");
    let actions = lsp.code_actions("main.tf", &d);
    let redirect = action(
        &actions,
        &["Redirect HTTP to HTTPS", "Suppress TLS001 here"],
        "Redirect HTTP to HTTPS",
    );

    let fixed = apply_action(LISTENERS, &redirect, &lsp.uri("main.tf"));
    let listener = &fixed[fixed.find("resource \"aws_lb_listener\" \"http\"").unwrap()..];
    assert_eq!(
        listener,
        r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
"#
    );
    assert!(fixed.starts_with(
        &LISTENERS[..LISTENERS
            .find("resource \"aws_lb_listener\" \"http\"")
            .unwrap()]
    ));

    lsp.change("main.tf", 2, &fixed);
    let after = lsp.published("main.tf", 2);
    assert_eq!(
        codes(&after["diagnostics"]),
        ["TLS002"],
        "only the TLS001 finding is gone"
    );
}

#[test]
fn quick_fix_tls_policy() {
    let (_fx, mut lsp, params) = open_workspace(&[("main.tf", LISTENERS)], "main.tf");
    let d = diagnostic(&params, "TLS002");
    assert_eq!(span(&d["range"]), "28:22-28:49", "the policy literal");
    let actions = lsp.code_actions("main.tf", &d);
    let policy = action(
        &actions,
        &["Use a TLS 1.2+ policy", "Suppress TLS002 here"],
        "Use a TLS 1.2+ policy",
    );

    let fixed = apply_action(LISTENERS, &policy, &lsp.uri("main.tf"));
    assert_eq!(
        fixed,
        LISTENERS.replace(
            "\"ELBSecurityPolicy-2016-08\"",
            "\"ELBSecurityPolicy-TLS13-1-2-2021-06\""
        )
    );
    lsp.change("main.tf", 2, &fixed);
    let after = lsp.published("main.tf", 2);
    assert_eq!(
        codes(&after["diagnostics"]),
        ["TLS001"],
        "only the TLS002 finding is gone"
    );
}

// 7. Hovers.

#[test]
fn hover_on_the_finding_and_elsewhere() {
    let (_fx, mut lsp, params) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );
    let d = diagnostic(&params, "NET001");

    for character in [19, 25, 33] {
        let hover = lsp.hover("main.tf", 11, character);
        assert_eq!(hover["contents"]["kind"], "markdown");
        let text = hover["contents"]["value"].as_str().expect("markdown text");
        assert!(
            text.contains("Remote-administration port open to the internet"),
            "{text}"
        );
        // The message, Markdown-escaped (it quotes the user's names).
        assert!(
            text.contains(
                r"\`aws\_security\_group.bastion\` allows SSH (port 22) from the internet (0.0.0.0/0)"
            ),
            "{text}"
        );
        assert_eq!(
            d["message"],
            "`aws_security_group.bastion` allows SSH (port 22) from the internet (0.0.0.0/0)"
        );
        assert!(text.contains("In `aws_security_group.bastion`."), "{text}");
        assert!(
            text.contains("- terraform.tfvars:1 — "),
            "the provenance line points at the tfvars: {text}"
        );
        assert_eq!(hover["range"], d["range"]);
    }
    assert_eq!(lsp.hover("main.tf", 0, 0), Value::Null, "no finding there");
    assert_eq!(
        lsp.hover("main.tf", 11, 4),
        Value::Null,
        "`cidr_blocks` itself is not flagged"
    );
    assert_eq!(
        lsp.hover("main.tf", 11, 34),
        Value::Null,
        "past the reference"
    );
}

// 8. Pull diagnostics agree with the last publish.

#[test]
fn pull_diagnostics_match_the_last_publish() {
    let (_fx, mut lsp, first) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );
    let pull = |lsp: &mut Lsp| {
        let uri = lsp.uri("main.tf");
        let r = lsp.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(r.get("error").is_none(), "{r}");
        assert_eq!(r["result"]["kind"], "full");
        r["result"]["items"].clone()
    };
    assert_eq!(pull(&mut lsp), first["diagnostics"]);
    assert_eq!(codes(&first["diagnostics"]), ["NET001"]);

    lsp.change(
        "main.tf",
        2,
        &BASTION.replace("[var.admin_cidr]", "[\"10.0.0.0/8\"]"),
    );
    let second = lsp.published("main.tf", 2);
    assert_eq!(pull(&mut lsp), second["diagnostics"]);
    assert_eq!(second["diagnostics"], json!([]));
}

/// Initialize with `capabilities`; the server's capabilities.
fn initialize_with(lsp: &mut Lsp, capabilities: Value) -> Value {
    let root = crate::lsp_client::uri(&lsp.root);
    let r = lsp.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": capabilities
        }),
    );
    lsp.notify("initialized", json!({}));
    r["result"]["capabilities"].clone()
}

/// A client that pulls and can be asked to pull again is asked to (and
/// not pushed to); one that pulls but cannot be asked (Neovim 0.11) is
/// not offered pulls and is pushed to, so a change on disk reaches it.
#[test]
fn pulls_are_offered_only_to_clients_that_can_be_asked_to_pull_again() {
    let fx = Fixture::with(&[("main.tf", BASTION)]);
    let pulls = json!({"diagnostic": {}});

    let mut lsp = Lsp::start(fx.path());
    let caps = initialize_with(
        &mut lsp,
        json!({"textDocument": pulls, "workspace": {"diagnostics": {"refreshSupport": true}}}),
    );
    assert!(caps["diagnosticProvider"].is_object(), "{caps:#}");
    lsp.open("main.tf", 1, BASTION);
    fx.write("terraform.tfvars", TFVARS_OPEN);
    let uri = lsp.uri("terraform.tfvars");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    );
    lsp.wait_for(
        "workspace/diagnostic/refresh",
        |m| m["method"] == "workspace/diagnostic/refresh",
        TIMEOUT,
    );
    let pushed = lsp.settle(Duration::from_millis(300));
    assert!(
        lsp.log
            .iter()
            .chain(&pushed)
            .all(|m| m["method"] != PUBLISH),
        "nothing pushed to a client that pulls"
    );
    drop(lsp);
    fx.remove("terraform.tfvars");

    let mut lsp = Lsp::start(fx.path());
    let caps = initialize_with(&mut lsp, json!({"textDocument": pulls}));
    assert!(caps.get("diagnosticProvider").is_none(), "{caps:#}");
    lsp.open("main.tf", 1, BASTION);
    let first = lsp.published("main.tf", 1);
    assert_eq!(first["diagnostics"], json!([]));
    fx.write("terraform.tfvars", TFVARS_OPEN);
    let uri = lsp.uri("terraform.tfvars");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    );
    let after = lsp.published_where("main.tf", "NET001 from the new tfvars", |p| {
        p["diagnostics"] != json!([])
    });
    assert_eq!(codes(&after["diagnostics"]), ["NET001"]);
}

// 9. A burst of edits: the last publish is for the last version, and no
// older version's diagnostics arrive after a newer one's.

#[test]
fn burst_of_edits_ends_on_the_last_version() {
    let open = ssh("0.0.0.0/0");
    let closed = ssh("10.0.0.0/8");
    let (_fx, mut lsp, first) = open_workspace(&[("main.tf", &open)], "main.tf");
    assert_eq!(codes(&first["diagnostics"]), ["NET001"]);

    // Even versions open SSH, odd ones close it; 51 is closed.
    for version in 2..=51 {
        let text = if version % 2 == 0 { &open } else { &closed };
        lsp.change("main.tf", version, text);
    }
    lsp.published("main.tf", 51);
    // Anything still in flight.
    lsp.settle(Duration::from_millis(500));

    let uri = lsp.uri("main.tf");
    let publishes: Vec<&Value> = lsp
        .log
        .iter()
        .filter(|m| m["method"] == PUBLISH && m["params"]["uri"] == uri)
        .map(|m| &m["params"])
        .collect();
    let versions: Vec<i64> = publishes
        .iter()
        .map(|p| {
            p["version"]
                .as_i64()
                .expect("an open document's publish has a version")
        })
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "publish versions went backwards: {versions:?}"
    );
    assert_eq!(versions.last(), Some(&51), "{versions:?}");
    assert_eq!(publishes.last().unwrap()["diagnostics"], json!([]));
    // Each publish carries the diagnostics of the text of its version.
    for p in &publishes {
        let v = p["version"].as_i64().unwrap();
        let expected: Vec<String> = if v % 2 == 0 || v == 1 {
            vec!["NET001".into()]
        } else {
            vec![]
        };
        assert_eq!(
            codes(&p["diagnostics"]),
            expected,
            "publish for version {v}"
        );
    }
}

// 10. Watched files: a new rampart.toml, and a new .tf file, on disk.

#[test]
fn watched_config_and_file_changes() {
    let text = r#"resource "aws_security_group" "legacy" {
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    let (fx, mut lsp, first) = open_workspace(&[("main.tf", text)], "main.tf");
    assert_eq!(codes(&first["diagnostics"]), ["NET001", "NET002"]);
    lsp.drain();

    fx.write("rampart.toml", "[rules]\nignore = [\"NET001\"]\n");
    let config_uri = lsp.uri("rampart.toml");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 1}]}),
    );
    let params = lsp.published_where("main.tf", "without NET001", |p| {
        p["diagnostics"].as_array().is_some_and(|d| d.len() == 1)
    });
    assert_eq!(codes(&params["diagnostics"]), ["NET002"]);
    assert_eq!(params["version"], 1);

    // A file created on disk (not open) is checked and published.
    fx.write("extra.tf", ssh("0.0.0.0/0"));
    let extra_uri = lsp.uri("extra.tf");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": extra_uri, "type": 1}]}),
    );
    // NET001 is ignored by the config; nothing else is wrong with SSH.
    let extra = lsp.published_where("extra.tf", "published from disk", |_| true);
    assert_eq!(extra["diagnostics"], json!([]));
    assert!(extra.get("version").is_none_or(Value::is_null), "{extra:#}");
}

// 11. Robustness and shutdown.

#[test]
fn errors_do_not_stop_the_server_and_exit_is_clean() {
    let (_fx, mut lsp, _) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );

    let unknown = lsp.request("rampart/noSuchMethod", json!({"x": 1}));
    assert_eq!(
        unknown["error"]["code"], -32601,
        "method not found: {unknown}"
    );
    assert!(unknown.get("result").is_none(), "{unknown}");

    let bad = lsp.request("textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(bad["error"]["code"], -32602, "invalid params: {bad}");

    // An unknown notification gets no answer and harms nothing.
    lsp.notify("rampart/noSuchNotification", json!({}));

    let hover = lsp.hover("main.tf", 11, 20);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("NET001"),
        "{hover}"
    );

    let shutdown = lsp.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    lsp.notify("exit", Value::Null);
    let status = lsp
        .wait_exit(Duration::from_secs(5))
        .expect("exited within 5 s");
    assert!(status.success(), "exit status {status:?}");
}

/// After `send` (something that is not a valid message), the server
/// answers with an error reply whose code is `code` and whose id is `id`,
/// then still answers a hover: it kept reading.
#[track_caller]
fn survives(send: impl FnOnce(&mut Lsp), code: i64, id: Value) {
    let (_fx, mut lsp, _) = open_workspace(
        &[("main.tf", BASTION), ("terraform.tfvars", TFVARS_OPEN)],
        "main.tf",
    );
    send(&mut lsp);
    let error = lsp.wait_for(
        "an error reply",
        |m| m.get("error").is_some() && m.get("method").is_none() && m["id"] == id,
        TIMEOUT,
    );
    assert_eq!(error["error"]["code"], code, "{error}");
    assert_eq!(error["jsonrpc"], "2.0", "{error}");
    let hover = lsp.hover("main.tf", 11, 20);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("NET001"),
        "{hover}"
    );
    // And once more: two bad messages in a row are no worse than one.
    lsp.send_raw(b"{}");
    lsp.wait_for(
        "a second error reply",
        |m| m.get("error").is_some() && m["id"].is_null(),
        TIMEOUT,
    );
    let shutdown = lsp.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
}

#[test]
fn invalid_json_gets_a_parse_error_and_the_server_keeps_serving() {
    // Not JSON at all, correctly framed.
    survives(
        |lsp| lsp.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": "),
        -32700,
        Value::Null,
    );
}

#[test]
fn empty_object_is_an_invalid_request() {
    survives(|lsp| lsp.send_raw(b"{}"), -32600, Value::Null);
}

#[test]
fn batch_array_is_an_invalid_request() {
    survives(|lsp| lsp.send_raw(b"[]"), -32600, Value::Null);
    survives(
        |lsp| lsp.send_raw(br#"[{"jsonrpc":"2.0","id":50,"method":"shutdown"}]"#),
        -32600,
        Value::Null,
    );
}

#[test]
fn missing_jsonrpc_version_is_an_invalid_request_with_its_id() {
    survives(
        |lsp| lsp.send_raw(br#"{"id":77,"method":"shutdown"}"#),
        -32600,
        json!(77),
    );
}

#[test]
fn float_id_is_an_invalid_request() {
    survives(
        |lsp| lsp.send_raw(br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
        -32600,
        Value::Null,
    );
}

#[test]
fn lone_surrogate_is_a_parse_error() {
    survives(
        |lsp| {
            lsp.send_raw(
                br#"{"jsonrpc":"2.0","id":78,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///\ud800"},"position":{"line":0,"character":0}}}"#,
            )
        },
        -32700,
        Value::Null,
    );
}

#[test]
fn invalid_utf8_is_a_parse_error() {
    survives(
        |lsp| lsp.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\"}"),
        -32700,
        Value::Null,
    );
}

#[test]
fn bad_content_length_gets_an_error_and_the_next_message_is_read() {
    // Not a number.
    survives(
        |lsp| lsp.send_bytes(b"Content-Length: twelve\r\n\r\n{}"),
        -32700,
        Value::Null,
    );
    // Missing.
    survives(
        |lsp| lsp.send_bytes(b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}"),
        -32700,
        Value::Null,
    );
    // Far over the 64 MB bound: refused without allocating it.
    survives(
        |lsp| lsp.send_bytes(b"Content-Length: 18446744073709551616\r\n\r\n{}"),
        -32700,
        Value::Null,
    );
    // Negative.
    survives(
        |lsp| lsp.send_bytes(b"Content-Length: -5\r\n\r\n{}"),
        -32700,
        Value::Null,
    );
    // Shorter than the body: the rest of the body is skipped as garbage.
    survives(
        |lsp| lsp.send_bytes(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"),
        -32700,
        Value::Null,
    );
}

/// The specification: "exit with success code 0 if the shutdown request has
/// been received before; otherwise with error code 1".
#[test]
fn exit_without_shutdown_is_status_1() {
    let fx = Fixture::with(&[("main.tf", BASTION)]);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    lsp.notify("exit", Value::Null);
    let status = lsp
        .wait_exit(Duration::from_secs(5))
        .expect("exited within 5 s");
    assert_eq!(status.code(), Some(1), "exit status {status:?}");
}

// 12. A check that panics (a bug in rampart) is an error diagnostic, and
// the server goes on. Debug builds panic on purpose in a module holding
// `RAMPART_DEBUG_PANIC_<PHASE>`.

#[test]
fn a_check_that_panics_is_an_error_diagnostic_and_the_server_goes_on() {
    for phase in ["EVALUATE", "PARSE"] {
        let broken = format!("# RAMPART_DEBUG_PANIC_{phase}\n{BASTION}");
        let (_fx, mut lsp, first) = open_workspace(
            &[("main.tf", &broken), ("terraform.tfvars", TFVARS_OPEN)],
            "main.tf",
        );
        let only_the_error = |params: &Value| {
            let diags = params["diagnostics"].as_array().expect("diagnostics");
            assert_eq!(diags.len(), 1, "{phase}: {params:#}");
            assert_eq!(diags[0]["severity"], 1, "an error: {params:#}");
            assert_eq!(span(&diags[0]["range"]), "0:0-0:0");
            let message = diags[0]["message"].as_str().unwrap();
            assert!(
                message.contains("internal error") && message.contains("deliberate panic"),
                "{phase}: {message}"
            );
        };
        only_the_error(&first);
        // The trigger removed: the real diagnostics.
        lsp.change("main.tf", 2, BASTION);
        assert_eq!(
            codes(&lsp.published("main.tf", 2)["diagnostics"]),
            ["NET001"]
        );
        // Again, and again out of it: the server is still checking.
        lsp.change("main.tf", 3, &broken);
        only_the_error(&lsp.published("main.tf", 3));
        lsp.change("main.tf", 4, BASTION);
        assert_eq!(
            codes(&lsp.published("main.tf", 4)["diagnostics"]),
            ["NET001"]
        );
        let hover = lsp.hover("main.tf", 11, 20);
        assert!(hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("NET001"));
    }
}

// 13. Hover Markdown escapes what comes from the user's files.

#[test]
fn hover_escapes_a_resource_name_with_backticks() {
    let name = "x` [pwn](http://evil.example) <img src=y> *b* `";
    let text = json!({"resource": {"aws_security_group": {name: {
        "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]
    }}}})
    .to_string();
    let (_fx, mut lsp, params) = open_workspace(&[("main.tf.json", &text)], "main.tf.json");
    let d = diagnostic(&params, "NET001");
    let start = &d["range"]["start"];
    let hover = lsp.hover(
        "main.tf.json",
        start["line"].as_u64().unwrap() as u32,
        start["character"].as_u64().unwrap() as u32,
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    // The resource as one code span whose fence is longer than any run of
    // backticks in it (and padded, as it ends with one).
    assert!(
        value.contains(&format!("In `` aws_security_group.{name} ``.")),
        "{value}"
    );
    // The message quotes the name: there every Markdown character is
    // escaped, so no link, image, tag or code span comes out of it.
    let first = value.split("\n\n").next().unwrap();
    assert!(
        first.starts_with("**NET001** `admin-port-open-to-internet`: "),
        "{first}"
    );
    let message = first.split_once("`: ").unwrap().1;
    assert!(
        message.contains(r"\[pwn\](http://evil.example) \<img src=y\> \*b\*"),
        "{message}"
    );
    let unescaped = |c: char| {
        message
            .char_indices()
            .any(|(i, x)| x == c && !message[..i].ends_with('\\'))
    };
    for c in ['[', ']', '<', '>', '`'] {
        assert!(!unescaped(c), "an unescaped {c:?} in {message:?}");
    }
}

// 14. The workspace index follows files created and deleted on disk.

#[test]
fn watched_create_and_delete_update_diagnostics() {
    let (fx, mut lsp, first) = open_workspace(&[("main.tf", BASTION)], "main.tf");
    assert_eq!(
        first["diagnostics"],
        json!([]),
        "no value for admin_cidr yet"
    );
    lsp.drain();
    let event = |lsp: &mut Lsp, rel: &str, kind: u8| {
        let uri = lsp.uri(rel);
        lsp.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri, "type": kind}]}),
        );
    };

    // A tfvars created beside it gives the variable its value.
    fx.write("terraform.tfvars", TFVARS_OPEN);
    event(&mut lsp, "terraform.tfvars", 1);
    let params = lsp.published_where("main.tf", "NET001 through the new tfvars", |p| {
        p["diagnostics"] != json!([])
    });
    assert_eq!(codes(&params["diagnostics"]), ["NET001"]);

    // A new module in a new directory.
    std::fs::create_dir_all(fx.path().join("net")).unwrap();
    fx.write("net/main.tf", ssh("0.0.0.0/0"));
    event(&mut lsp, "net/main.tf", 1);
    let net = lsp.published_where("net/main.tf", "the new module checked", |_| true);
    assert_eq!(codes(&net["diagnostics"]), ["NET001"]);

    // A module calling it: net is no longer a root, and is checked with
    // the caller's inputs through it.
    fx.write(
        "app/main.tf",
        "module \"net\" {\n  source = \"../net\"\n}\n",
    );
    event(&mut lsp, "app/main.tf", 1);
    lsp.published_where("app/main.tf", "the caller checked", |_| true);

    // The tfvars deleted: main.tf is clean again.
    fx.remove("terraform.tfvars");
    event(&mut lsp, "terraform.tfvars", 3);
    lsp.published_where("main.tf", "clean without the tfvars", |p| {
        p["diagnostics"] == json!([])
    });

    // The module deleted: its diagnostics go with it.
    lsp.drain();
    fx.remove("net/main.tf");
    event(&mut lsp, "net/main.tf", 3);
    lsp.published_where("net/main.tf", "cleared", |p| p["diagnostics"] == json!([]));
}

// 15. A file outside the workspace is checked alone: its directory is its
// module, and nothing under it is walked.

#[test]
fn a_file_outside_the_workspace_is_checked_alone() {
    let outside = Fixture::with(&[
        ("lone.tf", &ssh("0.0.0.0/0")),
        ("vars.tf", "variable \"unused\" {}\n"),
        ("sub/deep.tf", &ssh("0.0.0.0/0")),
    ]);
    let dir = outside.path().canonicalize().unwrap();
    let lone = dir.join("lone.tf");
    let deep_uri = crate::lsp_client::uri(&dir.join("sub/deep.tf"));
    let (_fx, mut lsp, _) = open_workspace(&[("main.tf", BASTION)], "main.tf");
    lsp.drain();

    let lone_rel = lone.to_str().unwrap();
    lsp.open(lone_rel, 1, &ssh("0.0.0.0/0"));
    let params = lsp.published(lone_rel, 1);
    assert_eq!(codes(&params["diagnostics"]), ["NET001"]);

    lsp.change(lone_rel, 2, &ssh("10.0.0.0/8"));
    assert_eq!(lsp.published(lone_rel, 2)["diagnostics"], json!([]));
    lsp.change(lone_rel, 3, &ssh("0.0.0.0/0"));
    assert_eq!(
        codes(&lsp.published(lone_rel, 3)["diagnostics"]),
        ["NET001"]
    );
    // A workspace edit does not bring the outside directory in either.
    lsp.change("main.tf", 2, BASTION);
    lsp.published("main.tf", 2);
    lsp.settle(Duration::from_millis(300));
    assert!(
        !lsp.log
            .iter()
            .any(|m| m["method"] == PUBLISH && m["params"]["uri"] == deep_uri.as_str()),
        "sub/deep.tf was never walked"
    );
}

/// Issue 13: what a rule could not judge (a port `-1` with `tcp`) is an
/// information diagnostic at its place, as it is a note in every format.
#[test]
fn a_rule_note_is_an_information_diagnostic() {
    let text = "resource \"aws_security_group\" \"odd\" {\n  ingress {\n    from_port   = -1\n    to_port     = -1\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let (_fx, _lsp, first) = open_workspace(&[("main.tf", text)], "main.tf");
    let infos: Vec<&Value> = first["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == 3)
        .collect();
    assert!(
        infos.iter().any(|d| d["range"]["start"]["line"] == 2),
        "an information diagnostic on the `from_port` line: {first:#}"
    );
}
