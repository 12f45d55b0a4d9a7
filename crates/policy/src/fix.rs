//! Fixes: the edits a rule proposes for its finding, in terms of files and
//! byte spans, so that every front door applies the same ones (the language
//! server as quick fixes, `rampart check --fix` and `--diff` on the files).
//!
//! A rule knows where the offending value sits, so it writes the fix; it
//! does not see the files' text, so an edit says what it expects to replace
//! (a string literal, a block) and [`resolve`] checks that against the text
//! before anyone sees the fix: an edit whose place holds something else (a
//! reference, an interpolation, a JSON object) is dropped with its fix, never
//! applied to an expression that computes the value. Suppression comments
//! are not a rule's business: [`suppression`] builds one for any finding.

use crate::Finding;
use rampart_terraform::parse_hcl;
use rampart_terraform::source::{Loc, SourceDb, SourceFile, Span};
use rampart_terraform::syntax::item_spans;

/// Whether a fix may be applied without the user looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Changes only what the finding is about, in a way that keeps the
    /// configuration meaning what its author wanted.
    Safe,
    /// Changes behaviour someone may rely on (who can connect, what a
    /// listener serves): applied only when asked (`--unsafe-fixes`).
    Unsafe,
}

/// What an edit expects at its place, checked against the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A quoted string without interpolations or directives.
    StringLiteral,
    /// A block of this type (`default_action { … }`) in native syntax; the
    /// replacement's lines after the first are indented like the block.
    Block(&'static str),
    /// Anything (an insertion).
    Any,
}

/// Replace the text at `loc` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub loc: Loc,
    pub replacement: String,
    expect: Expect,
}

impl Edit {
    /// Replace the string literal at `loc` with the string `value` (quoted
    /// and escaped here). Dropped where `loc` holds anything but a literal.
    pub fn string(loc: Loc, value: &str) -> Edit {
        Edit {
            loc,
            replacement: quote(value),
            expect: Expect::StringLiteral,
        }
    }

    /// Replace the block of type `kind` at `loc` with `text`, whose lines
    /// after the first are indented like the block. Dropped where `loc`
    /// holds anything but such a block in native syntax.
    pub fn block(loc: Loc, kind: &'static str, text: &str) -> Edit {
        Edit {
            loc,
            replacement: text.to_string(),
            expect: Expect::Block(kind),
        }
    }

    /// Insert `text` at `loc` (an empty span).
    pub fn insert(loc: Loc, text: String) -> Edit {
        Edit {
            loc,
            replacement: text,
            expect: Expect::Any,
        }
    }

    /// The text at the edit's place, if it is what the edit expects, with
    /// the replacement made final (indented).
    fn resolve(&mut self, file: &SourceFile) -> bool {
        let (start, end) = (self.loc.span.start(), self.loc.span.end());
        let Some(text) = file.text.get(start..end) else {
            return false;
        };
        match self.expect {
            Expect::Any => true,
            Expect::StringLiteral => is_string_literal(text),
            Expect::Block(kind) => {
                let native = file.path.extension().is_none_or(|e| e != "json");
                let is_block = text
                    .strip_prefix(kind)
                    .is_some_and(|rest| rest.trim_start().starts_with('{'))
                    && text.ends_with('}');
                if !native || !is_block {
                    return false;
                }
                let indent = indent_at(file, start);
                self.replacement = indent_lines(&self.replacement, &indent);
                self.expect = Expect::Any;
                true
            }
        }
    }
}

/// A fix for one finding: its edits are applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, as an editor shows it ("Use a TLS 1.2+ policy").
    pub title: String,
    pub edits: Vec<Edit>,
    pub safety: Safety,
}

impl Fix {
    pub fn new(title: impl Into<String>, safety: Safety, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            safety,
        }
    }
}

/// `"text"`, escaped for both syntaxes: quotes and backslashes, and `${`
/// and `%{`, which would start an interpolation or a directive.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A quoted string that is one literal: no interpolation, directive or
/// escape (whose meaning differs between the syntaxes), on one line.
fn is_string_literal(text: &str) -> bool {
    text.len() >= 2
        && text.starts_with('"')
        && text.ends_with('"')
        && !text[1..text.len() - 1].contains(['"', '\\', '\n'])
        && !text.contains("${")
        && !text.contains("%{")
}

/// `text` with `indent` before each of its lines after the first that is
/// not empty.
fn indent_lines(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8 * indent.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// The whitespace before `offset` on its line (empty when anything else
/// comes first).
fn indent_at(file: &SourceFile, offset: usize) -> String {
    let line_start = file.line_start(file.line_index(offset));
    file.text
        .get(line_start..offset)
        .filter(|before| before.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// Check every fix of the findings against the files' text: a fix with an
/// edit whose place does not hold what it expects (or whose file is not
/// known) is dropped; the others are made final.
pub(crate) fn resolve(findings: &mut [Finding], db: &SourceDb) {
    for f in findings {
        f.fixes.retain_mut(|fix| {
            fix.edits
                .iter_mut()
                .all(|e| db.get(e.loc.file).is_some_and(|file| e.resolve(file)))
        });
    }
}

/// The comment that suppresses `codes` at `at` (a place in `file`)
/// (`# rampart:ignore CODE reason: REASON`), inserted on its own line above
/// the innermost block or attribute that holds `at` and starts its line,
/// with that item's indentation. `None` for a file in JSON syntax (which has
/// no comments) or one that does not parse.
pub fn suppression(file: &SourceFile, at: Loc, codes: &[&str], reason: &str) -> Option<Edit> {
    let native = file
        .path
        .extension()
        .is_some_and(|e| e == "tf" || e == "tfvars");
    if !native || codes.is_empty() {
        return None;
    }
    let body = parse_hcl::parse_body(&file.text).ok()?;
    let mut items = Vec::new();
    item_spans(&body, &mut items);
    let (id, at) = (at.file, at.span);
    let item = items
        .into_iter()
        .filter(|s| s.contains(at) || s.start() == at.start())
        .filter(|s| {
            let line = file.line_index(s.start());
            file.text
                .get(file.line_start(line)..s.start())
                .is_some_and(|before| before.trim().is_empty())
        })
        .min_by_key(Span::len)?;
    let line_start = file.line_start(file.line_index(item.start()));
    let indent = file.text.get(line_start..item.start()).unwrap_or("");
    let reason: String = reason
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Some(Edit::insert(
        Loc::new(id, Span::new(line_start, line_start)),
        format!(
            "{indent}# rampart:ignore {} reason: {reason}\n",
            codes.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_terraform::eval::{Evaluator, Inputs};
    use rampart_terraform::module::{parse_file, Module};
    use std::path::PathBuf;

    /// The findings of `text` as `main.tf`, with their fixes resolved.
    fn check_source(text: &str) -> Vec<Finding> {
        let mut db = SourceDb::new();
        let id = db.add(SourceFile::new(PathBuf::from("main.tf"), text.to_string()));
        let parsed = parse_file(&db, id).unwrap();
        let (module, problems) = Module::build(PathBuf::new(), vec![parsed], &db);
        assert!(problems.is_empty(), "{problems:?}");
        let evaluated = Evaluator::new(&module, &db, &Inputs::default()).evaluate();
        crate::check(&evaluated, &db, &crate::Config::default())
    }

    /// The text after applying every edit of `code`'s fixes.
    fn fixed(text: &str, code: &str) -> Vec<(String, Safety, String)> {
        check_source(text)
            .into_iter()
            .filter(|f| f.code == code)
            .flat_map(|f| f.fixes)
            .map(|fix| {
                let mut out = text.to_string();
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.loc.span.start()));
                for e in edits {
                    out.replace_range(e.loc.span.start()..e.loc.span.end(), &e.replacement);
                }
                (fix.title, fix.safety, out)
            })
            .collect()
    }

    const HTTPS: &str = r#"resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 443
  protocol          = "HTTPS"
  POLICY
}
"#;

    #[test]
    fn a_literal_policy_is_replaced() {
        let text = HTTPS.replace("POLICY", r#"ssl_policy = "ELBSecurityPolicy-2016-08""#);
        let got = fixed(&text, "TLS002");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Use a TLS 1.2+ policy");
        assert_eq!(got[0].1, Safety::Safe);
        assert_eq!(
            got[0].2,
            HTTPS.replace(
                "POLICY",
                r#"ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06""#
            )
        );
    }

    #[test]
    fn no_fix_where_the_value_is_computed_or_missing() {
        // Interpolated: replacing it would drop the expression.
        let text = HTTPS.replace("POLICY", "ssl_policy = \"ELBSecurityPolicy-${local.year}\"");
        let text = format!("locals {{\n  year = \"2016-08\"\n}}\n{text}");
        assert!(check_source(&text).iter().any(|f| f.code == "TLS002"));
        assert!(fixed(&text, "TLS002").is_empty());
        // No `ssl_policy`: the finding is on `protocol = "HTTPS"`, which is
        // a literal but not the policy.
        let text = HTTPS.replace("POLICY", "");
        assert!(check_source(&text).iter().any(|f| f.code == "TLS002"));
        assert!(fixed(&text, "TLS002").is_empty());
    }

    #[test]
    fn the_redirect_keeps_the_block_indentation() {
        let text = r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"
  }
}
"#;
        let got = fixed(text, "TLS001");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Safety::Unsafe);
        assert!(got[0].2.contains(
            "  default_action {\n    type = \"redirect\"\n\n    redirect {\n      port        = \"443\"\n"
        ));
        assert!(check_source(&got[0].2).iter().all(|f| f.code != "TLS001"));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("10.0.0.0/8"), r#""10.0.0.0/8""#);
        assert_eq!(
            quote(r#"a"b\c ${x} %{y} $z"#),
            r#""a\"b\\c $${x} %%{y} $z""#
        );
        assert!(is_string_literal(r#""0.0.0.0/0""#));
        for not in [
            r#""a${b}""#,
            r#""a\"b""#,
            "var.x",
            "\"",
            "<<EOT\nx\nEOT",
            r#""%{if a}""#,
        ] {
            assert!(!is_string_literal(not), "{not}");
        }
        assert_eq!(
            indent_lines("a {\n  b\n\n}", "    "),
            "a {\n      b\n\n    }"
        );
    }

    #[test]
    fn suppression_goes_above_the_innermost_item_on_its_own_line() {
        let text =
            "resource \"x\" \"y\" {\n  ingress {\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
        let mut db = SourceDb::new();
        let id = db.add(SourceFile::new("main.tf".into(), text.to_string()));
        let file = db.get(id).unwrap();
        let at = text.find("\"0.0.0.0/0\"").unwrap();
        let loc = Loc::new(id, Span::new(at, at + 11));
        let edit = suppression(file, loc, &["NET001", "NET002"], "VPN\nonly").unwrap();
        let line = text.find("    cidr_blocks").unwrap();
        assert_eq!(edit.loc.span, Span::new(line, line));
        assert_eq!(
            edit.replacement,
            "    # rampart:ignore NET001, NET002 reason: VPN only\n"
        );
        let json = SourceFile::new("main.tf.json".into(), "{}".to_string());
        assert!(suppression(&json, loc, &["NET001"], "").is_none());
    }
}
