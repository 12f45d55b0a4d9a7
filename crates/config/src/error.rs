//! Configuration errors, rendered by the CLI through `miette`.

use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use thiserror::Error;

/// The config file an error was found in, as written in messages.
type Source = Arc<ConfigSource>;

/// Characters of a value quoted in a message, at most.
const SHORT: usize = 80;

/// Characters of the offending line shown under an error, at most.
const EXCERPT: usize = 120;

/// Must `c` be escaped before it is printed? The Unicode control characters
/// (C0, DEL, C1), the bidirectional formatting characters and the line and
/// paragraph separators: they could drive a terminal or reorder text.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Text from the config file as quoted in a message: at most [`SHORT`]
/// characters (`…` marks a cut), control characters as visible escapes in
/// Rust's notation (`\u{1b}`, `\n`), as the CLI prints them everywhere.
pub fn short(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == SHORT {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The config file as errors show it: only the offending line, at most
/// [`EXCERPT`] characters of it around the error (`…` where it is cut),
/// with every unsafe character shown as `?` — never other lines of the
/// file (miette would print the lines around the error), never a
/// megabyte-long line, never an escape sequence the terminal would obey.
///
/// Offsets stay those of the file, so spans need no remapping: the text
/// kept is the file's with each unsafe character replaced byte for byte,
/// and the cut marks overwrite the (ASCII) characters at the window's
/// edges.
#[derive(Debug)]
pub struct ConfigSource {
    name: String,
    text: String,
    /// The text as shown, made when the first span is read (an error has
    /// one span).
    shown: std::sync::OnceLock<Vec<u8>>,
}

impl ConfigSource {
    /// The source of a config file named `name` (its path) holding `text`.
    pub fn new(name: impl AsRef<str>, text: String) -> ConfigSource {
        ConfigSource {
            name: short(name.as_ref()),
            text,
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The file's name, as written in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The line holding `offset`: its start and end (before the line
    /// break), in bytes.
    fn line_at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let start = self
            .text
            .get(..offset)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let end = self
            .text
            .get(offset..)
            .and_then(|t| t.find('\n'))
            .map_or(self.text.len(), |i| offset + i);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        (start, end)
    }

    /// The part of the line holding `offset` that is shown: the whole line
    /// when it is short, else [`EXCERPT`] characters around `offset`.
    fn window(&self, offset: usize) -> (usize, usize) {
        let (start, end) = self.line_at(offset);
        let line = self.text.get(start..end).unwrap_or("");
        if line.chars().count() <= EXCERPT {
            return (start, end);
        }
        let starts: Vec<usize> = line.char_indices().map(|(i, _)| start + i).collect();
        let at = starts.partition_point(|&i| i < offset);
        let from = at.saturating_sub(EXCERPT / 4);
        let to = (from + EXCERPT).min(starts.len());
        let from = to.saturating_sub(EXCERPT).min(from);
        let ws = starts.get(from).copied().unwrap_or(start);
        let we = starts.get(to).copied().unwrap_or(end);
        (ws, we)
    }

    fn shown(&self, offset: usize) -> &[u8] {
        self.shown.get_or_init(|| {
            let mut bytes = self.text.as_bytes().to_vec();
            for (i, c) in self.text.char_indices() {
                let keep = match c {
                    '\n' | '\t' => true,
                    '\r' => self.text.as_bytes().get(i + 1) == Some(&b'\n'),
                    c => !unsafe_char(c),
                };
                if !keep {
                    for b in bytes.iter_mut().skip(i).take(c.len_utf8()) {
                        *b = b'?';
                    }
                }
            }
            let (start, end) = self.line_at(offset);
            let (ws, we) = self.window(offset);
            // `…` (3 bytes) over three ASCII characters at a cut edge.
            let mut mark = |at: usize| {
                if let Some(slot) = bytes.get_mut(at..at + 3) {
                    if slot.iter().all(u8::is_ascii) {
                        slot.copy_from_slice("…".as_bytes());
                    }
                }
            };
            if ws > start && offset >= ws + 3 {
                mark(ws);
            }
            if we < end && we >= 3 && offset + 3 < we - 3 {
                mark(we - 3);
            }
            bytes
        })
    }
}

impl SourceCode for ConfigSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset();
        if offset > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let shown = self.shown(offset);
        let (start, _) = self.line_at(offset);
        let (ws, we) = self.window(offset);
        // Without context (what miette asks for the `file:line:column`
        // header), the contents start at the span itself.
        let ws = if context_lines_before == 0 && context_lines_after == 0 {
            offset.clamp(ws, we)
        } else {
            ws
        };
        let data = shown.get(ws..we).unwrap_or(&[]);
        let line = self
            .text
            .get(..start)
            .map_or(0, |t| t.matches('\n').count());
        let column = self.text.get(start..ws).map_or(0, |t| t.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(ws.into(), we - ws),
            line,
            column,
            1,
        )))
    }
}

/// Where a rule selector was found: a config key in a file
/// (`` `rules.select` in rampart.toml ``) or a CLI flag (`--select`).
fn origin(key: &str, src: Option<&Source>) -> String {
    match src {
        Some(src) => format!("`{key}` in {}", src.name()),
        None => key.to_owned(),
    }
}

/// An error loading or validating a configuration file.
///
/// Every variant except [`ConfigError::Io`] carries the config file as a
/// [`NamedSource`] named after its path (`src`; its name is also used in the
/// message) and a span pointing at the offending key or value, so that it can
/// be reported with file, line and column. Errors about command-line
/// selectors (from [`Config::apply_cli_selection`](crate::Config::apply_cli_selection))
/// and globs rejected by [`Config::exclude_set`](crate::Config::exclude_set)
/// have neither.
///
/// The variants are kept small (well under 128 bytes) so that
/// `Result<_, ConfigError>` does not trip `clippy::result_large_err`.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("failed to read config file {}", path.display())]
    #[diagnostic(code(rampart::config::io))]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// The file is not valid TOML (including duplicate keys).
    #[error("invalid TOML in {}: {}", src.name(), short(message))]
    #[diagnostic(code(rampart::config::syntax))]
    Syntax {
        /// The TOML parser's description of the problem.
        message: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// Where the parser gave up, when known.
        #[label("{}", short(message))]
        span: Option<SourceSpan>,
    },

    /// A key that rampart does not know.
    #[error("unknown key `{}` in {}", short(key), src.name())]
    #[diagnostic(code(rampart::config::unknown_key))]
    UnknownKey {
        /// Dotted path of the unknown key, e.g. `network.trustd_cidrs`.
        key: String,
        /// Lists the valid keys, with a suggestion when one is close.
        #[help]
        help: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// The unknown key.
        #[label("unknown key")]
        span: SourceSpan,
    },

    /// A value of the wrong TOML type (e.g. a string where an array is expected).
    #[error("`{}` in {} must be {expected}, found {found}", short(key), src.name())]
    #[diagnostic(code(rampart::config::invalid_type))]
    InvalidType {
        /// Dotted path of the value, e.g. `rules.select` or `rules.select[1]`.
        key: String,
        /// What was expected, e.g. "an array of strings".
        expected: &'static str,
        /// The TOML type found, e.g. "integer".
        found: &'static str,
        /// The config file.
        #[source_code]
        src: Source,
        /// The offending value.
        #[label("expected {expected}")]
        span: SourceSpan,
    },

    /// An entry of `network.trusted_cidrs` that is not a CIDR or IP address.
    #[error("invalid CIDR `{}` in `{key}` in {}", short(value), src.name())]
    #[diagnostic(
        code(rampart::config::invalid_cidr),
        help(
            "use an IPv4 or IPv6 network such as `203.0.113.0/24` or `2001:db8::/32`; \
             a bare address means a single host (/32 or /128)"
        )
    )]
    InvalidCidr {
        /// Dotted path of the key, `network.trusted_cidrs`.
        key: &'static str,
        /// The rejected value.
        value: String,
        /// Why it was rejected.
        reason: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// The rejected string.
        #[label("{}", short(reason))]
        span: SourceSpan,
    },

    /// A port that is not an integer from 1 to 65535.
    #[error("invalid port `{}` in `{key}` in {}: {reason}", short(value), src.name())]
    #[diagnostic(code(rampart::config::invalid_port))]
    InvalidPort {
        /// Dotted path of the key, e.g. `network.admin_ports`.
        key: &'static str,
        /// The rejected value as written in the file.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
        /// The config file.
        #[source_code]
        src: Source,
        /// The rejected value.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// A rule code or prefix that matches no known rule, or a severity key
    /// that is not a full known rule code.
    #[error("unknown rule `{}` in {}", short(code), origin(key, src.as_ref()))]
    #[diagnostic(code(rampart::config::unknown_rule))]
    UnknownRule {
        /// Dotted config key (`rules.select`, `rules.ignore`,
        /// `rules.severity`) or CLI flag (`--select`, `--ignore`).
        key: &'static str,
        /// The unknown code or prefix.
        code: String,
        /// Close codes, if any.
        #[help]
        help: Option<String>,
        /// The config file; `None` for CLI flags.
        #[source_code]
        src: Option<Source>,
        /// The unknown code; `None` for CLI flags.
        #[label("matches no rule")]
        span: Option<SourceSpan>,
    },

    /// A severity that is not `low`, `medium`, `high` or `critical`.
    #[error("invalid severity `{}` for rule `{}` in `{key}` in {}", short(value), short(code), src.name())]
    #[diagnostic(
        code(rampart::config::invalid_severity),
        help("expected one of: low, medium, high, critical")
    )]
    InvalidSeverity {
        /// Dotted path of the key, `rules.severity`.
        key: &'static str,
        /// The rule whose severity is being overridden.
        code: String,
        /// The rejected value (a string's contents, otherwise as written).
        value: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// The rejected value.
        #[label("not a severity")]
        span: SourceSpan,
    },

    /// A required key that is missing, e.g. `rule` in a `[[suppress]]` entry.
    #[error("missing `{}` in {}", short(key), src.name())]
    #[diagnostic(code(rampart::config::missing_key))]
    MissingKey {
        /// Dotted path of the missing key, e.g. `suppress[0].rule`.
        key: String,
        /// What the key is for.
        #[help]
        help: &'static str,
        /// The config file.
        #[source_code]
        src: Source,
        /// The table that lacks it.
        #[label("this needs `{}`", short(key))]
        span: SourceSpan,
    },

    /// A value of the right type that is not acceptable, e.g. a date that
    /// does not exist or an empty list.
    #[error("invalid `{}` in {}: {reason}", short(key), src.name())]
    #[diagnostic(code(rampart::config::invalid_value))]
    InvalidValue {
        /// Dotted path of the value, e.g. `suppress[0].expires`.
        key: String,
        /// Why it was rejected.
        reason: &'static str,
        /// The config file.
        #[source_code]
        src: Source,
        /// The rejected value.
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// A `[policies] paths` entry that does not exist or leads outside
    /// the configuration's repository.
    #[error("invalid `{}` in {}: {}", short(key), src.name(), short(reason))]
    #[diagnostic(code(rampart::config::invalid_policy_path))]
    InvalidPolicyPath {
        /// Dotted path of the value, `policies.paths[0]`.
        key: String,
        /// Why it was rejected.
        reason: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// The rejected path.
        #[label("{}", short(reason))]
        span: SourceSpan,
    },

    /// An entry of `files.exclude` or of a `[[suppress]]` entry's `paths`
    /// that is not a valid glob.
    #[error(
        "invalid glob `{}` in `{key}`{}: {}",
        short(pattern),
        file.as_ref().map(|f| format!(" in {}", short(f))).unwrap_or_default(),
        short(reason)
    )]
    #[diagnostic(code(rampart::config::invalid_glob))]
    InvalidGlob {
        /// Dotted path of the key, `files.exclude` or `suppress.paths`.
        key: &'static str,
        /// Display name (path) of the config file, when known.
        file: Option<String>,
        /// The rejected pattern.
        pattern: String,
        /// Why the glob is invalid.
        reason: String,
        /// The config file, when the error was found while parsing it.
        #[source_code]
        src: Option<Source>,
        /// The rejected pattern, when the error was found while parsing it.
        #[label("{}", short(reason))]
        span: Option<SourceSpan>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_small() {
        assert!(std::mem::size_of::<ConfigError>() < 128);
    }
}
