//! Inline suppressions: `# rampart:ignore NET001[, NET002] reason: <text>`.
//!
//! On a line of its own, directly above a block or attribute (other comment
//! lines may sit in between), a suppression covers everything inside that
//! item. At the end of a line, it covers findings located on that line.

use crate::Finding;
use rampart_terraform::module::{FileKind, ParsedFile};
use rampart_terraform::source::{FileId, Loc, SourceDb, SourceFile, Span};

const MARKER: &str = "rampart:ignore";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub file: FileId,
    /// The comment itself.
    pub comment: Span,
    /// Rule codes or names, as written.
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// What it covers: an item's span, or the rest of the comment's line.
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Item(Span),
    /// 0-based line.
    Line(usize),
}

impl Suppression {
    /// Does this suppression hide finding `f` when looked for at `at`?
    pub fn matches(&self, f: &Finding, at: Loc, file: &SourceFile) -> bool {
        if at.file != self.file
            || !self
                .codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(f.code) || c.eq_ignore_ascii_case(f.name))
        {
            return false;
        }
        match self.scope {
            Scope::Item(span) => span.contains(at.span),
            Scope::Line(line) => file.line_index(at.span.start) == line,
        }
    }
}

/// The suppression that hides `f`, if any. A finding inside a file that
/// cannot hold comments (a JSON policy read by `file()`, a template) or
/// that users do not edit (a module downloaded into `.terraform`) can be
/// suppressed where its value enters the configuration: at any of its
/// related locations, such as the `policy = file(...)` attribute or the
/// `module` block's argument.
pub fn find<'s>(
    suppressions: &'s [Suppression],
    f: &Finding,
    db: &SourceDb,
) -> Option<&'s Suppression> {
    // Files users do not edit: downloaded modules under `.terraform`.
    let commentable = |loc: Loc| {
        db.get(loc.file).is_some_and(|file| {
            FileKind::of(&file.path).is_some_and(|k| matches!(k, FileKind::Hcl | FileKind::Tfvars))
                && !file
                    .path
                    .components()
                    .any(|c| c.as_os_str() == ".terraform")
        })
    };
    let mut places = vec![f.loc];
    if !commentable(f.loc) {
        places.extend(f.related.iter().filter_map(|r| r.loc));
    }
    places.into_iter().find_map(|at| {
        let file = db.get(at.file)?;
        suppressions.iter().find(|s| s.matches(f, at, file))
    })
}

/// Parse the text of one comment (without its marker).
pub fn parse_comment(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let at = text.find(MARKER)?;
    let rest = &text[at + MARKER.len()..];
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let (codes_part, reason) = match rest.find("reason:") {
        Some(i) => (
            &rest[..i],
            Some(rest[i + "reason:".len()..].trim().to_string()),
        ),
        None => (rest, None),
    };
    let codes: Vec<String> = codes_part
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    if codes.is_empty() {
        return None;
    }
    Some((codes, reason.filter(|r| !r.is_empty())))
}

/// The suppressions of one parsed file.
pub fn collect(parsed: &ParsedFile, file: &SourceFile) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (i, c) in parsed.comments.iter().enumerate() {
        let Some((codes, reason)) = parse_comment(&c.text) else {
            continue;
        };
        let line = file.line_index(c.span.start);
        let scope = if c.own_line {
            // Skip further own-line comments directly below; the next line
            // must start the item.
            let mut next_line = line + 1;
            for later in &parsed.comments[i + 1..] {
                if later.own_line && file.line_index(later.span.start) == next_line {
                    next_line += 1;
                } else {
                    break;
                }
            }
            let item = parsed
                .items
                .iter()
                .find(|s| s.start >= c.span.end && file.line_index(s.start) == next_line);
            match item {
                Some(span) => Scope::Item(*span),
                None => continue,
            }
        } else {
            Scope::Line(line)
        };
        out.push(Suppression {
            file: parsed.id,
            comment: c.span,
            codes,
            reason,
            scope,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_reason() {
        assert_eq!(
            parse_comment(" rampart:ignore NET001, NET002 reason: bastion only"),
            Some((
                vec!["NET001".into(), "NET002".into()],
                Some("bastion only".into())
            ))
        );
        assert_eq!(
            parse_comment(" rampart:ignore NET001"),
            Some((vec!["NET001".into()], None))
        );
        assert_eq!(parse_comment(" rampart:ignore"), None);
        assert_eq!(parse_comment(" something else"), None);
    }
}
