//! Quick fixes and hovers, computed from the document's current text and
//! the finding under the cursor.

use crate::analysis::QuickFix;
use crate::analysis::{range, Flag};
use rampart_policy::{Family, RuleMeta};
use rampart_terraform::source::SourceFile;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, TextEdit, Uri, WorkspaceEdit,
};

fn action(flag: &Flag, fix: &QuickFix, preferred: bool) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![flag.diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(fix.changes.clone()),
            document_changes: None,
            change_annotations: None,
        }),
        command: None,
        is_preferred: Some(preferred),
        disabled: None,
        data: None,
    })
}

/// The quick fixes for one finding in a document (`file`, its current
/// text): the rule's fixes, then a suppression comment.
pub fn code_actions(uri: &Uri, file: &SourceFile, flag: &Flag) -> Vec<CodeActionOrCommand> {
    let mut out: Vec<CodeActionOrCommand> =
        flag.fixes.iter().map(|f| action(flag, f, true)).collect();
    let suppress = rampart_policy::fix::suppression(file, flag.loc, &[flag.code], "");
    if let Some(edit) = suppress {
        let (start, end) = (edit.loc.span.start(), edit.loc.span.end());
        let fix = QuickFix {
            title: format!("Suppress {} here", flag.code),
            changes: HashMap::from([(
                uri.clone(),
                vec![TextEdit {
                    range: range(file, start, end),
                    new_text: edit.replacement,
                }],
            )]),
        };
        out.push(action(flag, &fix, false));
    }
    out
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

/// A URL as a Markdown autolink, when it can be one (http(s), nothing
/// that would end it early); else as code.
fn md_link(url: &str) -> String {
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
    if plain {
        format!("<{url}>")
    } else {
        md_code(url)
    }
}

/// A custom rule's documentation, from its policy's METADATA: title,
/// description (paragraph by paragraph) and links. All of it is the
/// policy author's text, so it is escaped like the findings' (the fix
/// hint is each finding's `fix`, shown above it; the severity, the
/// diagnostic's).
fn custom_docs(rule: &RuleMeta) -> String {
    let mut out = format!("**{}**\n\n", md_text(rule.title));
    for paragraph in rule.summary.split("\n\n") {
        let paragraph = paragraph.trim();
        if !paragraph.is_empty() {
            out.push_str(&md_text(paragraph));
            out.push_str("\n\n");
        }
    }
    out.push_str("A custom policy of this workspace.\n");
    if !rule.links.is_empty() {
        out.push_str("\nSee:\n");
        for l in rule.links {
            out.push_str(&format!("- {}\n", md_link(l)));
        }
    }
    out
}

/// The hover for a finding: its message, the rule's documentation and
/// where the value came from. Everything that comes from the user's files
/// (the message quotes names and values; a custom rule's METADATA) is
/// escaped.
pub fn hover(flag: &Flag) -> Hover {
    let docs = match flag.rule.family {
        Family::Custom => custom_docs(flag.rule),
        _ => flag.rule.docs.to_string(),
    };
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
    text.push_str(&docs);
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
    fn links_are_autolinks_only_when_nothing_can_end_them() {
        assert_eq!(md_link("https://e.com/a#b"), "<https://e.com/a#b>");
        assert_eq!(md_link("https://e.com/a>b"), "`https://e.com/a>b`");
        assert_eq!(md_link("javascript:x"), "`javascript:x`");
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
