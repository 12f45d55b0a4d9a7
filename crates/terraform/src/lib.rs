//! rampart's parsing core: Terraform files in HCL and JSON syntax, their
//! spans and source maps, a model of each module, and an evaluator whose
//! values remember where they came from.
//!
//! It knows nothing of security policies, terminals or editors.
//!
//! ```
//! use rampart_terraform::{parse_hcl, syntax::ExprKind};
//! let body = parse_hcl::parse_body("a = [\"0.0.0.0/0\"]\n").unwrap_or_default();
//! assert!(matches!(body.attributes[0].expr.kind, ExprKind::Array(_)));
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod comments;
pub mod discover;
pub mod eval;
mod functions;
pub mod json;
pub mod limits;
pub mod module;
pub mod parse_hcl;
pub mod parse_json;
pub mod source;
pub mod syntax;
pub mod types;
pub mod value;

/// YAML documents read as `yamldecode` reads them (custom policies'
/// METADATA blocks are YAML).
pub mod yaml {
    pub use crate::functions::yaml::{decode_document, YamlError};
}

use source::{FileId, Span};
use std::path::PathBuf;

/// Something wrong with an input (unreadable, unparsable, inconsistent),
/// located as precisely as known. Problems never stop other files from
/// being checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: Option<FileId>,
    pub path: PathBuf,
    pub span: Option<Span>,
    pub message: String,
    /// Notes of one kind that a terminal summarizes in one line (every
    /// one is still in JSON, SARIF and the editor).
    pub group: Option<NoteGroup>,
}

/// A kind of note that is summarized rather than listed one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteGroup {
    /// A module call whose registry or git module `terraform init` has not
    /// downloaded: not evaluated.
    ModuleNotDownloaded,
}

impl Problem {
    pub fn new(path: PathBuf, message: impl Into<String>) -> Problem {
        Problem {
            file: None,
            path,
            span: None,
            message: message.into(),
            group: None,
        }
    }
}

pub use eval::datasources;
