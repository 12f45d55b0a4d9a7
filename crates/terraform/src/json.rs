//! JSON inside Terraform: rendering values as `jsonencode` does, and reading
//! a JSON string back into values whose sites point at the JSON text in the
//! file it came from (a heredoc, a quoted string, a `.json` file).

use crate::parse_json::strict;
use crate::source::{Loc, SourceDb, Span};
use crate::value::{format_number, Extra, Kind, PartialText, Segment, TextMap, Value, HOLE};
use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::CollectOptions;
use std::collections::BTreeMap;

/// `jsonencode`: `None` when any part is unknown (or the whole too deep
/// or too large).
pub fn encode(v: &Value) -> Option<String> {
    let mut out = String::new();
    write(v, &mut out, 0)?;
    Some(out)
}

/// `v` as Terraform's `jsonencode` writes it, appended to `out`: keys
/// sorted, no spaces, strings escaped as Go's `encoding/json` escapes them
/// ([`string`]), numbers in decimal without an exponent ([`number`]).
/// `None` when a part is unknown, nests deeper than
/// [`crate::limits::MAX_NESTING`] or the text grows past what a
/// function may build.
pub(crate) fn write(v: &Value, out: &mut String, depth: usize) -> Option<()> {
    use crate::limits::{text_fits, MAX_NESTING};
    if depth > MAX_NESTING || !text_fits(out.len()) {
        return None;
    }
    match &v.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(&number(*n)?),
        Kind::String(s) => string(s, out),
        Kind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out, depth + 1)?;
            }
            out.push(']');
        }
        Kind::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                write(item, out, depth + 1)?;
            }
            out.push('}');
        }
        Kind::Unknown => return None,
    }
    text_fits(out.len()).then_some(())
}

/// A number in decimal notation without an exponent, as Terraform writes
/// numbers in JSON (`1e20` is `100000000000000000000`, `1.5e-7` is
/// `0.00000015`); `None` for what JSON cannot hold.
pub(crate) fn number(n: f64) -> Option<String> {
    if !n.is_finite() {
        return None;
    }
    Some(if n == 0.0 {
        "0".to_string()
    } else {
        format!("{n}")
    })
}

/// A JSON string literal as Go's `encoding/json` writes it: `<`, `>`, `&`,
/// U+2028 and U+2029 as `\u` escapes, `\b` and `\f` short.
pub(crate) fn string(s: &str, out: &mut String) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\0'..='\u{1f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Map each byte offset of `decoded` (a string's value) to a byte offset of
/// `source` (the text it was written as: a quoted string with escapes, an
/// indented heredoc, a template with interpolations). Matching characters
/// are paired greedily; a character that cannot be found nearby maps to the
/// current position without consuming the source.
pub fn align(decoded: &str, source: &str) -> Vec<usize> {
    const LOOKAHEAD: usize = 64;
    let src: Vec<(usize, char)> = source.char_indices().collect();
    let mut map = vec![0; decoded.len() + 1];
    let mut j = 0;
    for (i, c) in decoded.char_indices() {
        let found = src[j.min(src.len())..]
            .iter()
            .take(LOOKAHEAD)
            .position(|&(_, s)| s == c)
            .map(|k| j + k);
        let at = match found {
            Some(k) => {
                j = k + 1;
                // An escaped character starts at its backslash.
                if k > 0 && src[k - 1].1 == '\\' && c != '\\' {
                    src[k - 1].0
                } else {
                    src[k].0
                }
            }
            None => src.get(j).map_or(source.len(), |&(o, _)| o),
        };
        for slot in map.iter_mut().skip(i).take(c.len_utf8()) {
            *slot = at;
        }
    }
    if let Some(last) = map.last_mut() {
        *last = src.get(j).map_or(source.len(), |&(o, _)| o);
    }
    map
}

/// Parse JSON text into values; `site` maps a byte range of `text` to a
/// location.
pub fn decode(text: &str, site: &dyn Fn(usize, usize) -> Option<Loc>) -> Option<Value> {
    decode_or_error(text, site).ok()
}

/// JSON text that does not parse: the parser's message, and where in the
/// source it was written (through the same `site` mapping as the values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub loc: Option<Loc>,
    pub message: String,
}

/// [`decode`], saying why and where the text is not JSON.
pub fn decode_or_error(
    text: &str,
    site: &dyn Fn(usize, usize) -> Option<Loc>,
) -> Result<Value, Unreadable> {
    match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) {
        Ok(parsed) => match parsed.value {
            Some(ast) => Ok(from_ast(&ast, site, Strictness::Lenient)
                .unwrap_or_else(|| Value::unknown(site(0, text.len())))),
            None => Err(Unreadable {
                loc: site(0, text.len()),
                message: "no JSON value".to_string(),
            }),
        },
        Err(e) => {
            let r = e.range();
            Err(Unreadable {
                loc: site(r.start, r.end),
                message: e.kind().to_string(),
            })
        }
    }
}

/// How JSON text becomes values. There is one decoder: `jsondecode`
/// ([`Strictness::Terraform`]) and the reading of JSON-valued strings
/// for the rules ([`Strictness::Lenient`]) differ only in what they make
/// of text Terraform would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// As Terraform's `jsondecode`: a repeated key, a number out of range
    /// or more than [`crate::limits::MAX_ELEMENTS`] values fail the whole
    /// decoding.
    Terraform,
    /// As a reader of a document that may never reach Terraform: the last
    /// of repeated keys wins, a number out of range is unknown.
    Lenient,
}

/// Values from a JSON syntax tree, each at the location `site` gives its
/// byte range. `None` only under [`Strictness::Terraform`].
pub(crate) fn from_ast(
    v: &Ast<'_>,
    site: &dyn Fn(usize, usize) -> Option<Loc>,
    strictness: Strictness,
) -> Option<Value> {
    let mut budget = crate::limits::MAX_ELEMENTS;
    convert(v, site, strictness, &mut budget)
}

fn convert(
    v: &Ast<'_>,
    site: &dyn Fn(usize, usize) -> Option<Loc>,
    strictness: Strictness,
    budget: &mut usize,
) -> Option<Value> {
    let strict = strictness == Strictness::Terraform;
    if strict {
        *budget = budget.checked_sub(1)?;
    }
    let r = |range: jsonc_parser::common::Range| site(range.start, range.end);
    Some(match v {
        Ast::NullKeyword(n) => Value::null(r(n.range)),
        Ast::BooleanLit(b) => Value::new(Kind::Bool(b.value), r(b.range)),
        Ast::NumberLit(n) => match n.value.parse::<f64>() {
            Ok(x) if x.is_finite() => Value::new(Kind::Number(x), r(n.range)),
            _ if strict => return None,
            _ => Value::unknown(r(n.range)),
        },
        Ast::StringLit(s) => Value::string(s.value.to_string(), r(s.range)),
        Ast::Array(a) => Value::new(
            Kind::List(
                a.elements
                    .iter()
                    .map(|e| convert(e, site, strictness, budget))
                    .collect::<Option<_>>()?,
            ),
            r(a.range),
        ),
        Ast::Object(o) => {
            let mut map = BTreeMap::new();
            for p in &o.properties {
                let key = match &p.name {
                    ObjectPropName::String(s) => s.value.to_string(),
                    ObjectPropName::Word(w) => w.value.to_string(),
                };
                let item = convert(&p.value, site, strictness, budget)?;
                if map.insert(key, item).is_some() && strict {
                    return None;
                }
            }
            Value::new(Kind::Object(map), r(o.range))
        }
    })
}

/// The structure of a JSON-valued string: what `jsonencode` encoded, or the
/// string parsed, with sites mapped into the text the string was written as
/// (found through the value's origin).
pub fn structure(v: &Value, db: &SourceDb) -> Option<Value> {
    read(v, db)?.ok()
}

/// [`structure`], telling a string that is not JSON (`Some(Err)`, with the
/// parser's message at its place in the source) from a value that is not a
/// string at all (`None`: unknown, null, a number).
pub fn read(v: &Value, db: &SourceDb) -> Option<Result<Value, Unreadable>> {
    if let Some(e) = v.encoded() {
        return Some(Ok(e.clone()));
    }
    if let Some(p) = v.partial() {
        return read_partial(&p.text, p.map.as_ref(), v.site, db);
    }
    let text = v.as_str()?;
    if let Some(map) = v.text_map() {
        let file = db.get(map.at.file)?;
        let offsets = rendered_offsets(text, &map.segments, &file.text);
        let at = |i: usize| offsets.get(i).copied().unwrap_or(map.at.span.end());
        return Some(decode_or_error(text, &|s, e| {
            Some(Loc::new(map.at.file, Span::new(at(s), at(e).max(at(s)))))
        }));
    }
    let origin = v.origin();
    let source = origin.and_then(|o| {
        let f = db.get(o.file)?;
        Some((o, f.text.get(o.span.start()..o.span.end())?))
    });
    Some(match source {
        Some((o, src)) => {
            let map = match src.find(text) {
                // Written verbatim (a JSON file).
                Some(at) => (0..=text.len()).map(|i| at + i).collect(),
                None => align(text, src),
            };
            let at = |i: usize| o.span.start() + map.get(i).copied().unwrap_or(src.len());
            decode_or_error(text, &|s, e| {
                Some(Loc::new(o.file, Span::new(at(s), at(e).max(at(s)))))
            })
        }
        None => decode_or_error(text, &|_, _| v.site),
    })
}

/// JSON text with holes (values known only at apply): parsed with each
/// hole inside its string, and every string holding a hole made an Unknown
/// known in part, so only the literal text around the holes is judged. A
/// hole outside a string (`"Resource": ${jsonencode(var.arns)}`) leaves
/// the document unreadable.
fn read_partial(
    text: &str,
    map: Option<&TextMap>,
    site: Option<Loc>,
    db: &SourceDb,
) -> Option<Result<Value, Unreadable>> {
    let parsed = match map {
        Some(map) => {
            let file = db.get(map.at.file)?;
            let offsets = rendered_offsets(text, &map.segments, &file.text);
            let at = |i: usize| offsets.get(i).copied().unwrap_or(map.at.span.end());
            decode_or_error(text, &|s, e| {
                Some(Loc::new(map.at.file, Span::new(at(s), at(e).max(at(s)))))
            })
        }
        None => decode_or_error(text, &|_, _| site),
    };
    Some(match parsed {
        Ok(v) => Ok(holes_to_unknown(v)),
        Err(mut e) => {
            if text.contains(HOLE) {
                e.message = format!(
                    "{}; it interpolates values known only at apply, and one may stand outside a JSON string",
                    e.message
                );
            }
            Err(e)
        }
    })
}

fn holes_to_unknown(mut v: Value) -> Value {
    match &mut v.kind {
        Kind::String(s) if s.contains(HOLE) => {
            let text = std::mem::take(s);
            Value::unknown(v.site).with_extra(Extra::Partial(PartialText { text, map: None }))
        }
        Kind::List(items) => {
            for item in items.iter_mut() {
                *item = holes_to_unknown(std::mem::replace(item, Value::null(None)));
            }
            v
        }
        Kind::Object(map) => {
            for item in map.values_mut() {
                *item = holes_to_unknown(std::mem::replace(item, Value::null(None)));
            }
            v
        }
        _ => v,
    }
}

/// For each byte of a rendered template, the file offset it was written
/// at: literal pieces aligned character by character with their source,
/// interpolated pieces mapped onto their expression.
fn rendered_offsets(text: &str, segments: &[Segment], source: &str) -> Vec<usize> {
    let mut out = vec![0; text.len() + 1];
    let mut last_end = 0;
    for seg in segments {
        let piece = text.get(seg.out.start()..seg.out.end()).unwrap_or("");
        if seg.literal {
            let src = source.get(seg.src.start()..seg.src.end()).unwrap_or("");
            let map = align(piece, src);
            for (i, slot) in out
                .iter_mut()
                .enumerate()
                .skip(seg.out.start())
                .take(piece.len())
            {
                *slot = seg.src.start() + map.get(i - seg.out.start()).copied().unwrap_or(0);
            }
        } else {
            for slot in out.iter_mut().skip(seg.out.start()).take(piece.len()) {
                *slot = seg.src.start();
            }
            // The end of a token ending inside an interpolation is its end.
            if let Some(slot) = out.get_mut(seg.out.end()) {
                *slot = seg.src.end();
            }
        }
        last_end = seg.src.end();
    }
    if let Some(slot) = out.last_mut() {
        *slot = last_end;
    }
    out
}

/// Render a number the way Terraform prints it in JSON.
pub fn number_text(n: f64) -> String {
    format_number(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, strictness: Strictness) -> Option<Value> {
        let ast = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict())
            .ok()?
            .value?;
        from_ast(&ast, &|_, _| None, strictness)
    }

    #[test]
    fn one_decoder_two_strictnesses() {
        // Terraform's jsondecode refuses a repeated key and a number out of
        // range; a policy reader keeps the last key and marks the number
        // unknown.
        assert!(decoded(r#"{"a":1,"a":2}"#, Strictness::Terraform).is_none());
        let lenient = decoded(r#"{"a":1,"a":2}"#, Strictness::Lenient).unwrap();
        assert_eq!(lenient.get("a").and_then(Value::as_number), Some(2.0));
        assert!(decoded("1e400", Strictness::Terraform).is_none());
        let big = decoded("1e400", Strictness::Lenient).unwrap();
        assert!(big.is_unknown());
        let nested = decoded(r#"{"b":[true,null,"x"]}"#, Strictness::Terraform).unwrap();
        assert_eq!(
            nested,
            decoded(r#"{"b":[true,null,"x"]}"#, Strictness::Lenient).unwrap()
        );
    }

    #[test]
    fn alignment_through_escapes_and_indent() {
        let decoded = "{\"Action\": \"*\"}";
        let source = r#""{\"Action\": \"*\"}""#;
        let map = align(decoded, source);
        let star = decoded.find('*').unwrap();
        assert_eq!(&source[map[star]..map[star] + 1], "*");
        let heredoc_src = "<<-EOT\n    {\n      \"Action\": \"s3:*\"\n    }\n    EOT";
        let heredoc = "{\n  \"Action\": \"s3:*\"\n}\n";
        let map = align(heredoc, heredoc_src);
        let at = heredoc.find("\"s3:*\"").unwrap();
        assert_eq!(&heredoc_src[map[at]..map[at + 6]], "\"s3:*\"");
    }

    #[test]
    fn encode_renders_terraform_style() {
        let v = decode(r#"{"b": [1, 2.5, "x"], "a": null}"#, &|_, _| None).unwrap();
        assert_eq!(encode(&v).unwrap(), r#"{"a":null,"b":[1,2.5,"x"]}"#);
    }

    /// Terraform 1.11: `jsonencode({a = "<&>", b = 1e20, c = 0.1, d =
    /// 1.5e-7, e = "\u2028\u0008\u000c\u0001\u007f"})` is
    /// `{"a":"\u003c\u0026\u003e","b":100000000000000000000,"c":0.1,"d":0.00000015,"e":"\u2028\b\f\u0001\x7f"}`
    /// (with a raw DEL); policy documents are encoded as functions are.
    #[test]
    fn encode_matches_terraform_jsonencode() {
        let mut map = BTreeMap::new();
        map.insert("a".to_string(), Value::string("<&>", None));
        map.insert("b".to_string(), Value::new(Kind::Number(1e20), None));
        map.insert("c".to_string(), Value::new(Kind::Number(0.1), None));
        map.insert("d".to_string(), Value::new(Kind::Number(1.5e-7), None));
        map.insert(
            "e".to_string(),
            Value::string("\u{2028}\u{8}\u{c}\u{1}\u{7f}", None),
        );
        let v = Value::new(Kind::Object(map), None);
        assert_eq!(
            encode(&v).unwrap(),
            "{\"a\":\"\\u003c\\u0026\\u003e\",\"b\":100000000000000000000,\"c\":0.1,\"d\":0.00000015,\"e\":\"\\u2028\\b\\f\\u0001\u{7f}\"}"
        );
    }
}
