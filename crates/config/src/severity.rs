//! Finding severities.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How serious a finding is, from least to most severe.
///
/// The ordering follows severity: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational or defence-in-depth issue.
    Low,
    /// Weakens security under some conditions.
    Medium,
    /// Likely exploitable misconfiguration.
    High,
    /// Directly exploitable, fix immediately.
    Critical,
}

impl Severity {
    /// Every severity, from least to most severe.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name used in configuration files and output (`"low"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error returned when a string is not a severity name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseSeverityError {
    value: String,
}

impl ParseSeverityError {
    /// The string that could not be parsed.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ParseSeverityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid severity `{}`, expected one of: low, medium, high, critical",
            self.value
        )
    }
}

impl std::error::Error for ParseSeverityError {}

impl FromStr for Severity {
    type Err = ParseSeverityError;

    /// Parse a severity name, ignoring ASCII case and surrounding whitespace.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| ParseSeverityError {
                value: s.to_owned(),
            })
    }
}
