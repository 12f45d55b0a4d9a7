//! The bundled example the README runs rampart on.

use crate::common::{brief, rampart, related, repo_root, summary};

const EXAMPLE: &str = "examples/fastapi-monolith";

#[test]
fn fastapi_monolith_pretty() {
    let out = rampart(&repo_root(), &["check", EXAMPLE]);
    out.expect_code(1);
    assert_eq!(out.stderr, "");
    assert!(
        !out.stdout.contains('\x1b'),
        "no colour when not a terminal"
    );
    snap!("fastapi_monolith_pretty", out.stdout);
}

#[test]
fn fastapi_monolith_json() {
    let out = rampart(&repo_root(), &["check", EXAMPLE, "--format", "json"]);
    out.expect_code(1);
    assert_eq!(out.stderr, "");
    snap!("fastapi_monolith_json", out.stdout);
}

#[test]
fn fastapi_monolith_reports_ssh_from_tfvars_and_port_8000() {
    let out = rampart(&repo_root(), &["check", EXAMPLE, "--format", "json"]);
    out.expect_code(1);
    let doc = out.json();
    // Every family on the stack and its `alb/` variant; 80/443 and the open
    // egress are not findings, and TLS005 stays quiet because 443 is open.
    assert_eq!(
        brief(&doc),
        [
            "TLS001 examples/fastapi-monolith/alb/main.tf:131:23",
            "TLS002 examples/fastapi-monolith/alb/main.tf:143:23",
            "NET001 examples/fastapi-monolith/main.tf:33:20",
            "NET002 examples/fastapi-monolith/main.tf:57:20",
            "IAM004 examples/fastapi-monolith/main.tf:123:16",
            "IAM002 examples/fastapi-monolith/main.tf:144:20",
        ]
    );
    let find = |rule: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()
            .clone()
    };
    let ssh = find("NET001");
    assert_eq!(ssh["severity"], "critical");
    assert_eq!(ssh["resource"], "aws_security_group.app");
    assert_eq!(
        ssh["message"],
        "`aws_security_group.app` allows SSH (port 22) from the internet (0.0.0.0/0)"
    );
    assert_eq!(
        related(&ssh),
        ["examples/fastapi-monolith/terraform.tfvars:2:14 `var.admin_cidr` set in terraform.tfvars"]
    );

    let app = find("NET002");
    assert_eq!(app["severity"], "high");
    assert!(
        app["message"]
            .as_str()
            .unwrap()
            .contains("exposes port 8000 from the internet (0.0.0.0/0)"),
        "{app}"
    );
    let (files, _, suppressed, errors) = summary(&doc);
    assert_eq!((files, suppressed, errors), (7, 0, 0));
}

/// The front door renders as written: every code block of the README and
/// of the docs is closed (a lost fence turns the rest of a page into code).
#[test]
fn markdown_code_blocks_are_closed() {
    let root = repo_root();
    let mut pages = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for dir in ["docs", "policies"] {
        for entry in walk(&root.join(dir)) {
            if entry.extension().is_some_and(|e| e == "md") {
                pages.push(entry);
            }
        }
    }
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("read a markdown page");
        // Inside a block the next fence must close it (a bare fence): a
        // fence that names a language there means one was lost before it.
        let mut open: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            let Some(info) = line.trim_start().strip_prefix("```") else {
                continue;
            };
            match open {
                None => open = Some(n + 1),
                Some(_) if info.trim().is_empty() => open = None,
                Some(at) => panic!(
                    "{}:{}: a code block opens inside the one opened at line {at}: a fence is missing",
                    page.display(),
                    n + 1
                ),
            }
        }
        assert!(open.is_none(), "{}: an unclosed code block", page.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
