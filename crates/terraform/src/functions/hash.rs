//! Terraform's hash functions of a string: `md5`, `sha1`, `sha256`,
//! `sha512` (lowercase hexadecimal of the UTF-8 bytes) and `base64sha256`,
//! `base64sha512` (the digest in standard Base64). Modules build names from
//! them (`"oracle-${md5(...)}"`), so a name is known when its input is.

use super::encoding::base64;
use super::types::str_arg;
use super::{derived, exactly, Out};
use crate::source::Loc;
use crate::value::Value;
use std::fmt::Write as _;

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A digest of the one string argument, rendered by `render`.
fn digest<D: sha1::Digest>(
    args: Vec<Value>,
    site: Option<Loc>,
    render: fn(&[u8]) -> String,
) -> Out {
    let [v] = exactly(args)?;
    let text = str_arg(&v)?;
    let sum = D::digest(text.as_bytes());
    Some(derived(render(&sum), site, &v))
}

pub(super) fn md5(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<md5::Md5>(args, site, hex)
}

pub(super) fn sha1(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<sha1::Sha1>(args, site, hex)
}

pub(super) fn sha256(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<sha2::Sha256>(args, site, hex)
}

pub(super) fn sha512(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<sha2::Sha512>(args, site, hex)
}

pub(super) fn base64sha256(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<sha2::Sha256>(args, site, base64)
}

pub(super) fn base64sha512(args: Vec<Value>, site: Option<Loc>) -> Out {
    digest::<sha2::Sha512>(args, site, base64)
}
