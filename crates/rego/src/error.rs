//! Problems with custom policies: a file that does not parse, METADATA
//! that does not say what rampart needs, an id that collides, an
//! evaluation that fails or runs out of budget. Each names its `.rego`
//! file and, when known, the place in it; the CLI renders them with
//! miette, the engine turns them into the report's errors.

use miette::{Diagnostic, LabeledSpan, SourceCode};
use rampart_config::ConfigSource;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A problem with a custom policy.
#[derive(Debug, Clone)]
pub struct PolicyError {
    /// The `.rego` file (as found under the configured paths).
    pub path: PathBuf,
    /// Its text, when it was read.
    pub text: Option<Arc<str>>,
    /// The offending part of it (bytes), when known.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// The file as miette shows it: the offending line only, escaped.
    src: Option<Arc<ConfigSource>>,
}

impl PartialEq for PolicyError {
    fn eq(&self, other: &PolicyError) -> bool {
        self.path == other.path && self.span == other.span && self.message == other.message
    }
}

impl Eq for PolicyError {}

impl PolicyError {
    /// A problem with the file at `path`, at `span` of `text` when known.
    pub fn new(
        path: &Path,
        text: Option<&Arc<str>>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> PolicyError {
        let span = span.filter(|s| text.is_some_and(|t| s.end <= t.len() && s.start <= s.end));
        PolicyError {
            path: path.to_path_buf(),
            text: text.cloned(),
            src: text
                .map(|t| Arc::new(ConfigSource::new(path.display().to_string(), t.to_string()))),
            span,
            message: message.into(),
        }
    }

    /// 1-based line and character column of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (text, span) = (self.text.as_ref()?, self.span.as_ref()?);
        let before = text.get(..span.start)?;
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Some((line, before.get(start..)?.chars().count() + 1))
    }
}

impl PolicyError {
    /// `file:line:col: message` (or `file: message` without a place).
    pub fn located(&self) -> String {
        let path = rampart_config::short(&self.path.display().to_string());
        match self.line_col() {
            Some((line, col)) => format!("{path}:{line}:{col}: {}", self.message),
            None => format!("{path}: {}", self.message),
        }
    }
}

/// The message; with miette, the file, line and column come from the
/// source snippet, so only an error without a place names its file here.
impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line_col().is_some() {
            f.write_str(&self.message)
        } else {
            f.write_str(&self.located())
        }
    }
}

impl std::error::Error for PolicyError {}

impl Diagnostic for PolicyError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("rampart::policy"))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.as_ref()?;
        self.src.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        self.src.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None,
            span.start..span.end.max(span.start),
        ))))
    }
}

/// Where regorus says an error is: the `--> file:line:col` of its message,
/// as a byte range of `text` (the token there), and the message itself.
pub(crate) fn locate(message: &str, file: &str, text: &str) -> (Option<Range<usize>>, String) {
    // regorus: "\n--> FILE:LINE:COL\n  |\nN | …\n  |   ^\nerror: MESSAGE"
    let what = message
        .rsplit_once("\nerror: ")
        .map_or(message.trim(), |(_, m)| m.trim())
        .to_string();
    let marker = format!("--> {file}:");
    let Some(at) = message.find(&marker) else {
        return (None, what);
    };
    let rest = &message[at + marker.len()..];
    let mut numbers = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<usize>().ok());
    let (Some(Some(line)), Some(Some(col))) = (numbers.next(), numbers.next()) else {
        return (None, what);
    };
    (offset(text, line, col).map(|o| token(text, o)), what)
}

/// The byte offset in `text` of 1-based `line` and column `col` as
/// regorus counts them: a tab is 4 columns, any other character as many
/// as its UTF-8 bytes (`opa fmt` indents with tabs, so counting characters
/// would put every error in an indented line 3 columns per tab too far).
pub(crate) fn offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let rest = text.get(start..)?;
    let line_text = rest.split('\n').next().unwrap_or_default();
    let mut at = 1;
    for (b, c) in line_text.char_indices() {
        if at >= col {
            return Some(start + b);
        }
        at += if c == '\t' { 4 } else { c.len_utf8() };
    }
    Some(start + line_text.len())
}

/// The 1-based character column of regorus's `line` and `col` in `text`.
pub(crate) fn char_column(text: &str, line: usize, col: usize) -> Option<usize> {
    let at = offset(text, line, col)?;
    let before = text.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(before.get(line_start..)?.chars().count() + 1)
}

/// The word (or single character) starting at `at`.
fn token(text: &str, at: usize) -> Range<usize> {
    let rest = text.get(at..).unwrap_or_default();
    let word = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    at..at + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regorus_positions_become_spans() {
        let text = "package x\ndeny contains r if {\n  r := \n}\n";
        let msg = "\n--> p/bad.rego:3:5\n  |\n3 |   r := \n  |     ^\nerror: expecting `}` while parsing set";
        let (span, what) = locate(msg, "p/bad.rego", text);
        assert_eq!(what, "expecting `}` while parsing set");
        let span = span.unwrap();
        assert_eq!(span.start, text.find(":=").unwrap());
        let e = PolicyError::new(
            Path::new("p/bad.rego"),
            Some(&Arc::from(text)),
            Some(span),
            what,
        );
        assert_eq!(e.line_col(), Some((3, 5)));
        assert_eq!(
            e.located(),
            "p/bad.rego:3:5: expecting `}` while parsing set"
        );
        assert_eq!(e.to_string(), "expecting `}` while parsing set");
        // regorus counts a tab as 4 columns.
        let tabbed = "package x\n\ndeny contains r if {\n\tr := \n}\n";
        let (span, _) = locate(
            "\n--> p/bad.rego:4:7\n  |\nerror: expecting `}` while parsing set",
            "p/bad.rego",
            tabbed,
        );
        assert_eq!(span.map(|s| s.start), tabbed.find(":="));
        assert_eq!(char_column(tabbed, 4, 7), Some(4));
        assert_eq!(char_column("é = 1\n", 1, 3), Some(2));
        assert_eq!(
            locate("execution exceeded time limit", "p/bad.rego", text),
            (None, "execution exceeded time limit".to_string())
        );
    }
}
