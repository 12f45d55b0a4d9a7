//! Configuration errors, rendered by the CLI through `miette`.

use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// The config file an error was found in, as written in messages.
type Source = Arc<NamedSource<String>>;

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
    #[error("invalid TOML in {}: {message}", src.name())]
    #[diagnostic(code(rampart::config::syntax))]
    Syntax {
        /// The TOML parser's description of the problem.
        message: String,
        /// The config file.
        #[source_code]
        src: Source,
        /// Where the parser gave up, when known.
        #[label("{message}")]
        span: Option<SourceSpan>,
    },

    /// A key that rampart does not know.
    #[error("unknown key `{key}` in {}", src.name())]
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
    #[error("`{key}` in {} must be {expected}, found {found}", src.name())]
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
    #[error("invalid CIDR `{value}` in `{key}` in {}", src.name())]
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
        #[label("{reason}")]
        span: SourceSpan,
    },

    /// A port that is not an integer from 1 to 65535.
    #[error("invalid port `{value}` in `{key}` in {}: {reason}", src.name())]
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
    #[error("unknown rule `{code}` in {}", origin(key, src.as_ref()))]
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
    #[error("invalid severity `{value}` for rule `{code}` in `{key}` in {}", src.name())]
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
    #[error("missing `{key}` in {}", src.name())]
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
        #[label("this needs `{key}`")]
        span: SourceSpan,
    },

    /// A value of the right type that is not acceptable, e.g. a date that
    /// does not exist or an empty list.
    #[error("invalid `{key}` in {}: {reason}", src.name())]
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

    /// An entry of `files.exclude` or of a `[[suppress]]` entry's `paths`
    /// that is not a valid glob.
    #[error(
        "invalid glob `{pattern}` in `{key}`{}: {reason}",
        file.as_ref().map(|f| format!(" in {f}")).unwrap_or_default()
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
        #[label("{reason}")]
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
