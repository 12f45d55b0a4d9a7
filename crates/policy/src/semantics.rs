//! The built-in rules' judgements, for code that is not a rule: the
//! helpers custom Rego policies call (`rampart.is_internet`,
//! `rampart.ports_overlap`, `rampart.policy_statements`) run these, so a
//! custom rule judges a source, a port range or a policy document exactly
//! as the built-in rules do.

use crate::iam::{self, Statement};
use crate::network::{self, Reach};
use rampart_terraform::source::SourceDb;
use rampart_terraform::value::Value;

/// Is `source` (a CIDR, a bare address, or a provider's "anywhere" tag:
/// Azure's `*`, `Internet`, `Any`) the internet as the NET rules judge
/// it: `0.0.0.0/0`, `::/0`, or a public range of /8 (IPv4) or /32 (IPv6)
/// or wider? Private and reserved ranges, narrower public ranges and text
/// that is no address (a security group ID) are not.
pub fn is_internet(source: &str) -> bool {
    let t = source.trim();
    if ["*", "internet", "any"].contains(&t.to_ascii_lowercase().as_str()) {
        return true;
    }
    network::parse_cidr(t).is_some_and(|net| network::reach(&net) == Reach::Internet)
}

/// Does the inclusive port range `from`–`to` hold any of `ports`? (The
/// range as the NET rules read it: `from > to` holds nothing.)
pub fn ports_overlap(from: u32, to: u32, ports: &[u32]) -> bool {
    !network::ports_in(&[(from, to)], ports).is_empty()
}

/// The statements of an IAM policy document, as the IAM rules read them:
/// `doc` is the document's JSON text (a `jsonencode`, a heredoc, an
/// `aws_iam_policy_document`'s `json`) or the decoded document. `Ok(None)`
/// when it is not known before apply; `Err` says why it cannot be read.
pub fn policy_statements(doc: &Value, db: &SourceDb) -> Result<Option<Vec<Statement>>, String> {
    iam::statements_of(doc, db)
}
