//! `jsonencode`, `jsondecode`, `base64encode` and `base64decode`.

use super::types::str_arg;
use super::{derived, exactly, text_fits, Out, MAX_NESTING, MAX_TEXT};
use crate::source::Loc;
use crate::value::{Extra, Value};

use jsonc_parser::CollectOptions;

/// `jsonencode(value)`: Terraform's JSON, as [`crate::json::write`] writes
/// it. The result remembers the structure
/// it encodes, whose parts keep their sites, even when some part is
/// unknown and the text is not.
pub(super) fn jsonencode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let mut text = String::new();
    let out = match crate::json::write(&v, &mut text, 0) {
        Some(()) => Value::string(text, site),
        None => Value::unknown(site),
    };
    Some(out.with_extra(Extra::Encoded(v)))
}

/// `jsondecode(string)`. A string made by `jsonencode` decodes to the very
/// structure it encoded, sites and all.
pub(super) fn jsondecode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    if let Some(e) = v.encoded() {
        return Some(e.clone());
    }
    let text = str_arg(&v)?;
    if text.len() > MAX_TEXT || nesting(&text) > MAX_NESTING {
        return None;
    }
    let ast = jsonc_parser::parse_to_ast(
        &text,
        &CollectOptions::default(),
        &crate::parse_json::strict(),
    )
    .ok()?
    .value?;
    crate::json::from_ast(&ast, &|_, _| site, crate::json::Strictness::Terraform)
}

/// The deepest bracket nesting of JSON text, outside strings.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut in_str, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, line breaks
/// ignored, trailing bits not checked.
fn unbase64(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32);
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let quads = clean.len() / 4;
    for (qi, q) in clean.chunks(4).enumerate() {
        let pad = q.iter().rev().take_while(|b| **b == b'=').count();
        if pad > 2 || (pad > 0 && qi + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in q.iter().enumerate() {
            let d = if i >= 4 - pad { 0 } else { value(*c)? };
            n = (n << 6) | d;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

pub(super) fn base64encode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let text = str_arg(&v)?;
    if !text_fits(text.len() / 3 * 4) {
        return None;
    }
    Some(derived(base64(text.as_bytes()), site, &v))
}

/// `base64decode(string)`: the decoded bytes must be UTF-8.
pub(super) fn base64decode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let bytes = unbase64(&str_arg(&v)?)?;
    let text = String::from_utf8(bytes).ok()?;
    Some(derived(text, site, &v))
}
