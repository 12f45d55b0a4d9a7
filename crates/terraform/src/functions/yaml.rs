//! `yamlencode` and `yamldecode`, as Terraform's go-cty-yaml does them.
//!
//! Decoding reads the event stream of `saphyr-parser` (whose parser keeps
//! its own explicit stack, so hostile nesting cannot overflow ours) and
//! builds values with an explicit stack too, bounded in input size,
//! nesting and the number of values (aliases included, so an alias bomb
//! stops at the budget). Scalars resolve as go-cty-yaml resolves them:
//! YAML 1.1 booleans (`yes`, `off`), `~` and `null`, numbers with
//! underscores, timestamps rendered in RFC 3339, merge keys.
//!
//! Encoding follows libyaml's emitter as go-yaml ports it: block style,
//! strings double-quoted (folded at 80 columns) or literal when they hold a
//! newline, `...` after a plain top-level scalar.

use super::types::{parse_number, str_arg};
use super::{exactly, text_fits, Out, MAX_NESTING};
use crate::json::number as json_number;
use crate::limits::MAX_ELEMENTS;
use crate::source::Loc;
use crate::value::{Kind, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::{BTreeMap, HashMap};

/// YAML documents larger than this are not decoded.
const MAX_YAML: usize = 1024 * 1024;

pub(super) fn yamldecode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let text = str_arg(&v)?;
    if text.len() > MAX_YAML {
        return None;
    }
    // The parser is a dependency; a bug in it must not take the run down.
    std::panic::catch_unwind(|| decode(&text, site)).ok()?
}

/// A scalar resolved to a value, or the merge key `<<`.
enum Scalar {
    Value(Kind),
    Merge,
}

/// A collection being built.
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
    },
    Map {
        map: BTreeMap<String, Value>,
        anchor: usize,
        /// The key whose value comes next (`None` while expecting a key).
        key: Option<Key>,
    },
}

enum Key {
    Name(String),
    Merge,
}

/// An anchored value, with how many values and how deep it is.
struct Anchored {
    value: Value,
    count: usize,
    depth: usize,
}

struct Decoder {
    site: Option<Loc>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// Values still allowed (aliases count every value they repeat).
    budget: usize,
    root: Option<Value>,
}

fn decode(text: &str, site: Option<Loc>) -> Option<Value> {
    decode_or_error(text, site).ok()
}

/// Why a YAML document was not decoded: the parser's message and, when
/// it gives one, where (1-based line and character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
}

/// Decode one YAML document as `yamldecode` does (every value at `site`),
/// saying why it could not be.
pub fn decode_document(text: &str, site: Option<Loc>) -> Result<Value, YamlError> {
    if text.len() > MAX_YAML {
        return Err(YamlError {
            message: format!("larger than {MAX_YAML} bytes"),
            line_col: None,
        });
    }
    // The parser is a dependency; a bug in it must not take the run down.
    std::panic::catch_unwind(|| decode_or_error(text, site)).unwrap_or_else(|_| {
        Err(YamlError {
            message: "the YAML parser failed".to_string(),
            line_col: None,
        })
    })
}

fn decode_or_error(text: &str, site: Option<Loc>) -> Result<Value, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut failure: Option<YamlError> = None;
    let mut next = || match parser.next_event()? {
        Ok((e, _)) => Some(e),
        Err(e) => {
            failure = Some(YamlError {
                message: e.info().to_string(),
                line_col: Some((e.marker().line(), e.marker().col() + 1)),
            });
            None
        }
    };
    let unreadable = || {
        YamlError {
        message: "not a YAML document rampart reads (one document of scalars, lists and maps, with string keys)".to_string(),
        line_col: None,
    }
    };
    let decoded = decode_events(&mut next, site);
    match (decoded, failure) {
        (_, Some(e)) => Err(e),
        (Some(v), None) => Ok(v),
        (None, None) => Err(unreadable()),
    }
}

fn decode_events<'a>(
    next: &mut impl FnMut() -> Option<Event<'a>>,
    site: Option<Loc>,
) -> Option<Value> {
    if !matches!(next()?, Event::StreamStart) || !matches!(next()?, Event::DocumentStart(_)) {
        return None;
    }
    let mut d = Decoder {
        site,
        stack: Vec::new(),
        anchors: HashMap::new(),
        budget: MAX_ELEMENTS,
        root: None,
    };
    while d.root.is_none() {
        d.event(next()?)?;
    }
    if !matches!(next()?, Event::DocumentEnd) || !matches!(next()?, Event::StreamEnd) {
        return None;
    }
    d.root
}

impl Decoder {
    fn event(&mut self, e: Event<'_>) -> Option<()> {
        // A mapping expecting a key accepts only a scalar.
        let expecting_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
        match e {
            Event::Scalar(text, style, anchor, tag) => {
                let scalar = resolve(&text, style, tag.as_deref())?;
                if expecting_key {
                    return self.key(scalar, style);
                }
                let kind = match scalar {
                    Scalar::Value(k) => k,
                    Scalar::Merge => Kind::String("<<".into()),
                };
                self.spend(1)?;
                let v = Value::new(kind, self.site);
                self.finish(v, anchor, 1, 1)
            }
            Event::Alias(id) => {
                if expecting_key {
                    return None;
                }
                let a = self.anchors.get(&id)?;
                let (v, count, depth) = (a.value.clone(), a.count, a.depth);
                self.spend(count)?;
                self.deliver(v, depth.saturating_sub(1))
            }
            Event::SequenceStart(anchor, tag) => {
                if expecting_key || !collection_tag(tag.as_deref(), "seq") {
                    return None;
                }
                self.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                })
            }
            Event::MappingStart(anchor, tag) => {
                if expecting_key || !collection_tag(tag.as_deref(), "map") {
                    return None;
                }
                self.push(Frame::Map {
                    map: BTreeMap::new(),
                    anchor,
                    key: None,
                })
            }
            Event::SequenceEnd => match self.stack.pop()? {
                Frame::Seq { items, anchor } => {
                    self.spend(1)?;
                    self.complete(Value::new(Kind::List(items), self.site), anchor)
                }
                Frame::Map { .. } => None,
            },
            Event::MappingEnd => match self.stack.pop()? {
                Frame::Map {
                    map,
                    anchor,
                    key: None,
                } => {
                    self.spend(1)?;
                    self.complete(Value::new(Kind::Object(map), self.site), anchor)
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn spend(&mut self, n: usize) -> Option<()> {
        self.budget = self.budget.checked_sub(n)?;
        Some(())
    }

    fn push(&mut self, frame: Frame) -> Option<()> {
        if self.stack.len() >= MAX_NESTING {
            return None;
        }
        self.stack.push(frame);
        Some(())
    }

    /// A mapping key: a scalar converted to a string (null is refused), or
    /// a merge.
    fn key(&mut self, scalar: Scalar, style: ScalarStyle) -> Option<()> {
        let key = match scalar {
            Scalar::Merge if style == ScalarStyle::Plain => Key::Merge,
            Scalar::Merge => return None,
            Scalar::Value(k) => Key::Name(match k {
                Kind::String(s) => s,
                Kind::Number(n) => super::types::number_text(n),
                Kind::Bool(b) => b.to_string(),
                _ => return None,
            }),
        };
        if let Some(Frame::Map { key: slot, .. }) = self.stack.last_mut() {
            *slot = Some(key);
        }
        Some(())
    }

    /// A collection closed: remember it if anchored, then deliver it.
    fn complete(&mut self, v: Value, anchor: usize) -> Option<()> {
        if anchor == 0 {
            // Its depth is already counted by the stack it was built on.
            return self.deliver(v, 0);
        }
        let (count, depth) = measure(&v);
        self.finish(v, anchor, count, depth)
    }

    fn finish(&mut self, v: Value, anchor: usize, count: usize, depth: usize) -> Option<()> {
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    value: v.clone(),
                    count,
                    depth,
                },
            );
        }
        // A value built here sits where the stack is; a repeated one may
        // nest deeper.
        self.deliver(v, depth.saturating_sub(1))
    }

    /// A finished value placed into its parent.
    fn deliver(&mut self, v: Value, depth: usize) -> Option<()> {
        if self.stack.len() + depth > MAX_NESTING {
            return None;
        }
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame::Seq { items, .. }) => items.push(v),
            Some(Frame::Map { map, key, .. }) => match key.take()? {
                Key::Name(k) => {
                    map.insert(k, v);
                }
                Key::Merge => match v.kind {
                    Kind::Object(m) => map.extend(m),
                    Kind::List(items) => {
                        for i in items {
                            let Kind::Object(m) = i.kind else { return None };
                            map.extend(m);
                        }
                    }
                    _ => return None,
                },
            },
        }
        Some(())
    }
}

/// How many values a value holds (itself included) and how many levels it
/// spans (a scalar 1, a list of scalars 2).
fn measure(v: &Value) -> (usize, usize) {
    match &v.kind {
        Kind::List(items) => items.iter().fold((1, 1), |(c, d), i| {
            let (ic, id) = measure(i);
            (c.saturating_add(ic), d.max(id + 1))
        }),
        Kind::Object(m) => m.values().fold((1, 1), |(c, d), i| {
            let (ic, id) = measure(i);
            (c.saturating_add(ic), d.max(id + 1))
        }),
        _ => (1, 1),
    }
}

/// The core-schema name of a tag (`!!str` → `str`); `Some("")` for none.
fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    const CORE: &str = "tag:yaml.org,2002:";
    match tag {
        None => Some(""),
        Some(t) if t.handle == CORE => Some(t.suffix.as_str()),
        Some(t) if t.handle.is_empty() => t.suffix.strip_prefix(CORE),
        Some(_) => None,
    }
}

fn collection_tag(tag: Option<&Tag>, name: &str) -> bool {
    core_tag(tag).is_some_and(|t| t.is_empty() || t == name)
}

/// go-cty-yaml's scalar resolution.
fn resolve(src: &str, style: ScalarStyle, tag: Option<&Tag>) -> Option<Scalar> {
    let mut tag = core_tag(tag)?;
    if !matches!(
        tag,
        "" | "str" | "bool" | "int" | "float" | "null" | "timestamp" | "binary"
    ) {
        return None;
    }
    let hint = match src.bytes().next() {
        None => 'N',
        Some(b'+' | b'-') => 'S',
        Some(b'0'..=b'9') => 'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => 'M',
        Some(b'.') => '.',
        Some(_) => '\0',
    };
    if hint != '\0' && tag != "str" && tag != "binary" {
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            return Some(Scalar::Value(Kind::String(src.to_string())));
        }
        if let Some(k) = special(src) {
            return k.map(Scalar::Value);
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return None;
        }
        match hint {
            '.' => {
                if let Some(n) = number(src)? {
                    return Some(Scalar::Value(Kind::Number(n)));
                }
            }
            'D' | 'S' => {
                if tag.is_empty() || tag == "timestamp" {
                    if let Some(t) = timestamp(src)? {
                        return Some(Scalar::Value(Kind::String(t)));
                    }
                }
                let plain = src.replace('_', "");
                if let Some(n) = number(&plain)? {
                    return Some(Scalar::Value(Kind::Number(n)));
                }
                if plain.starts_with("0b") || plain.starts_with("-0b") {
                    tag = "int";
                }
            }
            _ => {}
        }
    }
    if tag.is_empty() && src == "<<" {
        return Some(Scalar::Merge);
    }
    let kind = match tag {
        "str" => Kind::String(src.to_string()),
        "binary" => {
            let clean: String = src.chars().filter(|c| *c != '\n' && *c != '\r').collect();
            if !valid_base64(&clean) {
                return None;
            }
            Kind::String(src.to_string())
        }
        "bool" => match special(src) {
            Some(Some(k @ Kind::Bool(_))) => k,
            _ => return None,
        },
        "int" | "float" => Kind::Number(integer_or_number(&src.replace('_', ""))?),
        "timestamp" => Kind::String(timestamp(src)??),
        "null" => Kind::Null,
        "" => Kind::String(src.to_string()),
        _ => return None,
    };
    Some(Scalar::Value(kind))
}

/// YAML 1.1's named scalars: `Some(None)` for infinities (which Terraform
/// reads as numbers this cannot hold).
fn special(src: &str) -> Option<Option<Kind>> {
    Some(Some(match src {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Kind::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Kind::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => {
            return Some(None)
        }
        _ => return None,
    }))
}

/// A decimal number as Go's big-float parser reads one: `Some(Some(n))`
/// for a number, `Some(None)` for not a number, `None` for a number this
/// cannot hold (too large, infinite, a binary exponent).
fn number(s: &str) -> Option<Option<f64>> {
    if let Some(n) = parse_number(s) {
        return Some(Some(n));
    }
    if parse_number_shape(s) {
        return None;
    }
    let body = s.trim_start_matches(['+', '-']).to_ascii_lowercase();
    if body.starts_with("inf") {
        return None;
    }
    let binary_exponent = body.contains('p')
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'p' | b'+' | b'-'));
    if binary_exponent {
        return None;
    }
    Some(None)
}

/// Whether `s` has the shape of a decimal number (whatever its size).
fn parse_number_shape(s: &str) -> bool {
    let t = s.trim_start_matches(['+', '-']);
    let (m, e) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = m.bytes().filter(u8::is_ascii_digit).count();
    let mantissa_ok = digits > 0
        && m.bytes().filter(|b| *b == b'.').count() <= 1
        && m.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let exp_ok = e.is_none_or(|e| {
        let e = e.trim_start_matches(['+', '-']);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exp_ok && s.len() - t.len() <= 1
}

/// Go's `strconv.ParseInt(s, 0, 64)` (and the binary forms go-cty-yaml
/// adds), after a decimal reading failed; results beyond 2^53 are unknown.
fn integer_or_number(s: &str) -> Option<f64> {
    if let Some(n) = number(s)? {
        return Some(n);
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    if v > 1 << 53 {
        return None;
    }
    let n = v as f64;
    Some(if neg { -n } else { n })
}

fn valid_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    pad <= 2
        && b[..b.len() - pad]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

/// A YAML timestamp in one of the forms go-cty-yaml accepts, rendered in
/// RFC 3339 as Go renders it: `Some(None)` when `s` is not one.
fn timestamp(s: &str) -> Option<Option<String>> {
    let b = s.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if lead != 4 || b.get(4) != Some(&b'-') {
        return Some(None);
    }
    Some(parse_timestamp(b))
}

fn parse_timestamp(b: &[u8]) -> Option<String> {
    let mut i = 0;
    // Go's getnum: one digit, or two when the second is a digit too.
    let num = |i: &mut usize, fixed: bool| -> Option<u32> {
        let d0 = b.get(*i).filter(|c| c.is_ascii_digit())?;
        let d1 = b.get(*i + 1).filter(|c| c.is_ascii_digit());
        match d1 {
            Some(d1) => {
                *i += 2;
                Some(u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'))
            }
            None if fixed => None,
            None => {
                *i += 1;
                Some(u32::from(d0 - b'0'))
            }
        }
    };
    let year: u32 = std::str::from_utf8(&b[..4]).ok()?.parse().ok()?;
    i += 5;
    let month = num(&mut i, false)?;
    if b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let day = num(&mut i, false)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > days {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let Some(&sep) = b.get(i) else {
        return Some(format!("{date}T00:00:00Z"));
    };
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    i += 1;
    let hour = num(&mut i, false)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let min = num(&mut i, false)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let sec = num(&mut i, false)?;
    if hour >= 24 || min >= 60 || sec >= 60 {
        return None;
    }
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let time = format!("{date}T{hour:02}:{min:02}:{sec:02}");
    if sep == b' ' {
        return (i == b.len()).then(|| format!("{time}Z"));
    }
    match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => Some(format!("{time}Z")),
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let mut j = i + 1;
            let oh = num(&mut j, true)?;
            j += 1;
            let om = num(&mut j, true)?;
            if oh > 24 || om > 60 {
                return None;
            }
            if oh == 0 && om == 0 {
                Some(format!("{time}Z"))
            } else {
                Some(format!("{time}{}{oh:02}:{om:02}", char::from(sign)))
            }
        }
        _ => None,
    }
}

pub(super) fn yamlencode(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [v] = exactly(args)?;
    let mut e = Emitter::default();
    e.node(&v, true, false, false, 0)?;
    // DOCUMENT-END, then STREAM-END.
    e.write_indent();
    if e.open_ended {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    text_fits(e.out.len()).then(|| Value::string(e.out, site))
}

/// libyaml's emitter, for what Terraform emits: block collections (empty
/// ones in flow style), plain, double-quoted and literal scalars.
struct Emitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
    root: bool,
    mapping: bool,
    simple_key: bool,
}

impl Default for Emitter {
    fn default() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            open_ended: false,
            root: false,
            mapping: false,
            simple_key: false,
        }
    }
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    DoubleQuoted,
    Literal,
}

/// What libyaml's scalar analysis decides.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = value.starts_with("---") || value.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut preceded_by_ws, mut prev_space, mut prev_break) = (true, false, false);
    let mut chars = value.chars().peekable();
    let mut i = 0usize;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let last = next.is_none();
        let followed_by_ws = next.is_none_or(|n| n == ' ' || n == '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' if followed_by_ws => block_indicators = true,
                '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if last {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            (prev_space, prev_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if last {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            (prev_space, prev_break) = (false, true);
        } else {
            (prev_space, prev_break) = (false, false);
        }
        preceded_by_ws = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        i += 1;
    }
    let mut block_plain_allowed = true;
    let mut block_allowed = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        block_plain_allowed = false;
    }
    if trailing_space {
        block_allowed = false;
    }
    if break_space {
        block_plain_allowed = false;
    }
    if space_break || special {
        block_plain_allowed = false;
        block_allowed = false;
    }
    if line_breaks || block_indicators {
        block_plain_allowed = false;
    }
    Analysis {
        multiline: line_breaks,
        block_plain_allowed,
        block_allowed,
    }
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, s: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in s.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn node(
        &mut self,
        v: &Value,
        root: bool,
        mapping: bool,
        simple_key: bool,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_NESTING || !text_fits(self.out.len()) {
            return None;
        }
        self.root = root;
        self.mapping = mapping;
        self.simple_key = simple_key;
        match &v.kind {
            Kind::Unknown => None,
            Kind::Null => self.scalar("null", Style::Plain),
            Kind::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain),
            Kind::Number(n) => self.scalar(&json_number(*n)?, Style::Plain),
            Kind::String(s) => {
                let style = if s.contains('\n') {
                    Style::Literal
                } else {
                    Style::DoubleQuoted
                };
                self.scalar(s, style)
            }
            Kind::List(items) if items.is_empty() => {
                self.empty_flow("[", "]");
                Some(())
            }
            Kind::Object(m) if m.is_empty() => {
                self.empty_flow("{", "}");
                Some(())
            }
            Kind::List(items) => {
                let indentless = self.mapping && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, false, false, false, depth + 1)?;
                }
                self.pop_indent();
                Some(())
            }
            Kind::Object(m) => {
                self.increase_indent(false, false);
                for (k, item) in m {
                    self.write_indent();
                    let key = Value::string(k.clone(), None);
                    if !analyze(k).multiline && k.len() <= 128 {
                        self.node(&key, false, true, true, depth + 1)?;
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.node(&key, false, true, false, depth + 1)?;
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(item, false, true, false, depth + 1)?;
                }
                self.pop_indent();
                Some(())
            }
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn scalar(&mut self, value: &str, requested: Style) -> Option<()> {
        let a = analyze(value);
        let mut style = requested;
        if self.simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && !a.block_plain_allowed {
            return None;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(value),
            Style::DoubleQuoted => self.write_double_quoted(value, !self.simple_key),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
        Some(())
    }

    fn write_plain(&mut self, value: &str) {
        if !self.whitespace {
            self.put(' ');
        }
        for c in value.chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
        if self.root {
            self.open_ended = true;
        }
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let at_start = std::mem::replace(&mut first, false);
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let esc = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match esc {
                    Some(e) => self.put(e),
                    None => {
                        let v = c as u32;
                        let (letter, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (v >> (4 * k)) & 0xf;
                            self.put(
                                char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && !at_start
                    && chars.peek().is_some()
                {
                    self.write_indent();
                    if chars.peek() == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints.
        let first = value.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        self.open_ended = false;
        let mut rev = value.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_break(prev) => Some("+"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
