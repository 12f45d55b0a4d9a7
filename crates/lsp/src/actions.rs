//! Quick fixes and hovers, computed from the document's current text and
//! the finding under the cursor.

use crate::analysis::{range, Flag};
use rampart_config::Config;
use rampart_terraform::parse_hcl;
use rampart_terraform::source::{SourceFile, Span};
use rampart_terraform::syntax::{item_spans, Block, Body};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, TextEdit, Uri, WorkspaceEdit,
};

/// A TLS 1.2+ load balancer policy, and CloudFront's current minimum.
const SAFE_ELB_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const SAFE_CLOUDFRONT_VERSION: &str = "TLSv1.2_2021";

fn action(
    uri: &Uri,
    flag: &Flag,
    title: String,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![flag.diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        }),
        command: None,
        is_preferred: Some(preferred),
        disabled: None,
        data: None,
    })
}

/// The quick fixes for one finding in a document.
pub fn code_actions(
    uri: &Uri,
    file: &SourceFile,
    flag: &Flag,
    config: &Config,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let is_hcl = file
        .path
        .extension()
        .is_some_and(|e| e == "tf" || e == "tfvars");
    let body = if is_hcl {
        parse_hcl::parse_body(&file.text).ok()
    } else {
        None
    };
    let literal = file
        .text
        .get(flag.start..flag.end)
        .filter(|t| t.len() >= 2 && t.starts_with('"') && t.ends_with('"') && !t.contains("${"));

    match flag.code {
        "NET001" | "NET002" => {
            if let (Some(cidr), Some(_)) = (config.network.trusted_cidrs.first(), literal) {
                out.push(action(
                    uri,
                    flag,
                    format!("Restrict to {cidr}"),
                    vec![TextEdit {
                        range: range(file, flag.start, flag.end),
                        new_text: format!("\"{cidr}\""),
                    }],
                    true,
                ));
            }
        }
        "TLS001" => {
            if let Some(edit) = body
                .as_ref()
                .and_then(|b| redirect_edit(file, b, flag.start))
            {
                out.push(action(
                    uri,
                    flag,
                    "Redirect HTTP to HTTPS".to_string(),
                    vec![edit],
                    true,
                ));
            }
        }
        "TLS002" | "TLS004" if literal.is_some() => {
            let policy = if flag.code == "TLS002" {
                SAFE_ELB_POLICY
            } else {
                SAFE_CLOUDFRONT_VERSION
            };
            out.push(action(
                uri,
                flag,
                "Use a TLS 1.2+ policy".to_string(),
                vec![TextEdit {
                    range: range(file, flag.start, flag.end),
                    new_text: format!("\"{policy}\""),
                }],
                true,
            ));
        }
        _ => {}
    }
    if let Some(edit) = body.as_ref().and_then(|b| suppress_edit(file, b, flag)) {
        out.push(action(
            uri,
            flag,
            format!("Suppress {} here", flag.code),
            vec![edit],
            false,
        ));
    }
    out
}

/// Insert `# rampart:ignore CODE reason: ` on the line above the innermost
/// block or attribute that holds the finding and starts its own line.
fn suppress_edit(file: &SourceFile, body: &Body, flag: &Flag) -> Option<TextEdit> {
    let mut items = Vec::new();
    item_spans(body, &mut items);
    let at = Span::new(flag.start, flag.end);
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
    let line = file.line_index(item.start());
    let line_start = file.line_start(line);
    let indent = file.text.get(line_start..item.start()).unwrap_or("");
    let pos = crate::analysis::position(file, line_start);
    Some(TextEdit {
        range: tower_lsp_server::ls_types::Range {
            start: pos,
            end: pos,
        },
        new_text: format!("{indent}# rampart:ignore {} reason: \n", flag.code),
    })
}

/// Replace the listener's `default_action` with a redirect to HTTPS 443.
fn redirect_edit(file: &SourceFile, body: &Body, at: usize) -> Option<TextEdit> {
    let resource: &Block = body
        .blocks
        .iter()
        .find(|b| b.span.start() <= at && at < b.span.end())?;
    let action = resource.body.blocks_named("default_action").next()?;
    let line_start = file.line_start(file.line_index(action.span.start()));
    let indent = file.text.get(line_start..action.span.start()).unwrap_or("");
    let new_text = format!(
        "default_action {{\n{i}  type = \"redirect\"\n\n{i}  redirect {{\n{i}    port        = \"443\"\n{i}    protocol    = \"HTTPS\"\n{i}    status_code = \"HTTP_301\"\n{i}  }}\n{i}}}",
        i = indent
    );
    Some(TextEdit {
        range: range(file, action.span.start(), action.span.end()),
        new_text,
    })
}

/// `text` as Markdown that renders as the text itself: the characters
/// Markdown or HTML could read (code spans, emphasis, links, images,
/// autolinks and tags, entities, tables, headings, and list markers at
/// the start) are backslash-escaped, and line breaks become spaces, so
/// user text (a resource name, a value, a message quoting them) can never
/// change the hover's structure.
pub fn md_text(text: &str) -> String {
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut leading_digits = true;
    for c in text.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            ' '
        } else {
            c
        };
        let escape = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#' | '!'
        ) || (at_start && matches!(c, '-' | '+' | '='))
            || (!at_start && leading_digits && matches!(c, '.' | ')'));
        if escape {
            out.push('\\');
        }
        out.push(c);
        leading_digits = leading_digits && c.is_ascii_digit();
        at_start = false;
    }
    out
}

/// `text` as an inline code span: fenced with one backtick more than its
/// longest run of backticks (and padded when it starts or ends with one),
/// line breaks as spaces, so nothing in it can close the span early.
pub fn md_code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The hover for a finding: its message, the rule's documentation and
/// where the value came from. Everything that comes from the user's files
/// (the message quotes names and values) is escaped.
pub fn hover(flag: &Flag) -> Hover {
    let docs = rampart_policy::rule(flag.code).map_or("", |r| r.docs);
    let mut text = format!(
        "**{}** {}: {}\n\nIn {}.\n\n",
        md_text(flag.code),
        md_code(flag.name),
        md_text(&flag.message),
        md_code(&flag.resource)
    );
    if !flag.trail.is_empty() {
        text.push_str("Where the value comes from:\n");
        for t in &flag.trail {
            text.push_str(&format!("- {}\n", md_text(t)));
        }
        text.push('\n');
    }
    if let Some(fix) = &flag.fix {
        text.push_str(&format!("Fix: {}\n\n", md_text(fix)));
    }
    text.push_str("---\n\n");
    text.push_str(docs);
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(flag.diagnostic.range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_cannot_be_closed_by_their_text() {
        assert_eq!(md_code("aws_lb.web"), "`aws_lb.web`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x``"), "``` `x`` ```");
        assert_eq!(md_code("a\nb"), "`a b`");
        assert_eq!(md_code(""), "`  `", "an all-space span is kept as it is");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            md_text("`aws_sg.x` [link](http://e) <img src=x> *b* &amp; a|b"),
            r"\`aws\_sg.x\` \[link\](http://e) \<img src=x\> \*b\* \&amp; a\|b"
        );
        assert_eq!(md_text("# title\n- item"), r"\# title - item");
        assert_eq!(md_text("- item"), r"\- item");
        assert_eq!(md_text("12. item"), r"12\. item");
        assert_eq!(md_text("    code"), "code");
        assert_eq!(md_text("port 22 (0.0.0.0/0)"), "port 22 (0.0.0.0/0)");
    }
}
