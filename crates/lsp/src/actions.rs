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

/// The hover for a finding: its message, the rule's documentation and
/// where the value came from.
pub fn hover(flag: &Flag) -> Hover {
    let docs = rampart_policy::rule(flag.code).map_or("", |r| r.docs);
    let mut text = format!(
        "**{}** `{}`: {}\n\nIn `{}`.\n\n",
        flag.code, flag.name, flag.message, flag.resource
    );
    if !flag.trail.is_empty() {
        text.push_str("Where the value comes from:\n");
        for t in &flag.trail {
            text.push_str(&format!("- {t}\n"));
        }
        text.push('\n');
    }
    if let Some(fix) = &flag.fix {
        text.push_str(&format!("Fix: {fix}\n\n"));
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
