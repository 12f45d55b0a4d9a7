//! Comments of an HCL file, with their positions. hcl-edit keeps comments
//! only as decor text without offsets, so this small scanner finds them,
//! skipping strings, template interpolations and heredocs.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment including its marker (`#`, `//`, `/*`).
    pub span: Span,
    /// The comment's text without the marker (and without `*/`).
    pub text: String,
    /// True when only whitespace precedes the comment on its line.
    pub own_line: bool,
}

enum Ctx {
    Code { depth: usize },
    Str,
}

/// Scan `text` for comments.
pub fn scan(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack = vec![Ctx::Code { depth: 0 }];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match stack.last_mut() {
            Some(Ctx::Str) => match c {
                b'\\' => i += 1,
                b'"' | b'\n' => {
                    stack.pop();
                }
                b'$' | b'%' if next == Some(b'{') => {
                    if i > 0 && b[i - 1] == c {
                        // `$${` and `%%{` are escapes, not interpolations.
                    } else {
                        stack.push(Ctx::Code { depth: 0 });
                        i += 1;
                    }
                }
                _ => {}
            },
            Some(Ctx::Code { depth }) => match c {
                b'"' => stack.push(Ctx::Str),
                b'{' => *depth += 1,
                b'}' => {
                    if *depth == 0 {
                        if stack.len() > 1 {
                            stack.pop();
                        }
                    } else {
                        *depth -= 1;
                    }
                }
                b'#' => {
                    let end = line_end(b, i);
                    out.push(comment(text, i, end, 1, 0));
                    i = end;
                    continue;
                }
                b'/' if next == Some(b'/') => {
                    let end = line_end(b, i);
                    out.push(comment(text, i, end, 2, 0));
                    i = end;
                    continue;
                }
                b'/' if next == Some(b'*') => {
                    let end = text[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
                    let tail = if text[i..end].ends_with("*/") && end - i >= 4 {
                        2
                    } else {
                        0
                    };
                    out.push(comment(text, i, end, 2, tail));
                    i = end;
                    continue;
                }
                b'<' if next == Some(b'<') => {
                    if let Some(end) = heredoc_end(text, i) {
                        i = end;
                        continue;
                    }
                }
                _ => {}
            },
            None => stack.push(Ctx::Code { depth: 0 }),
        }
        i += 1;
    }
    out
}

fn line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

fn comment(text: &str, start: usize, end: usize, marker: usize, tail: usize) -> Comment {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let body = text.get(start + marker..end - tail).unwrap_or("");
    Comment {
        span: Span::new(start, end),
        text: body.trim_end_matches('\r').to_string(),
        own_line: text[line_start..start].trim().is_empty(),
    }
}

/// If a heredoc starts at `start` (`<<ID` or `<<-ID` then a newline), the
/// offset just after its closing delimiter line.
fn heredoc_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start + 2..];
    let rest_trim = rest.strip_prefix('-').unwrap_or(rest);
    let id_len = rest_trim
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(rest_trim.len(), |(i, _)| i);
    if id_len == 0 {
        return None;
    }
    let id = &rest_trim[..id_len];
    let after_id = &rest_trim[id_len..];
    let nl = after_id.find('\n')?;
    if !after_id[..nl].trim().is_empty() {
        return None;
    }
    let body_start = text.len() - after_id.len() + nl + 1;
    let mut pos = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        pos += line.len();
        if line.trim() == id {
            return Some(pos);
        }
    }
    Some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_not_strings() {
        let text = "# top\na = \"# not ${ \"}\" } // no\" # yes\nb = <<EOT\n# inside\nEOT\n/* block */ c = 1 // end\n";
        let found: Vec<(String, bool)> = scan(text)
            .into_iter()
            .map(|c| (c.text, c.own_line))
            .collect();
        assert_eq!(
            found,
            vec![
                (" top".to_string(), true),
                (" yes".to_string(), false),
                (" block ".to_string(), true),
                (" end".to_string(), false),
            ]
        );
    }
}
