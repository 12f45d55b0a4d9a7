//! Evaluated values. Every value remembers where it sits in the source (its
//! `site`) and the trail of places it travelled through to get there
//! (`terraform.tfvars` → `var.x` → `local.y`), so findings can explain
//! themselves.

use crate::source::{Loc, Span};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// One step in a value's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Where the step happened; `None` for values from the command line.
    pub loc: Option<Loc>,
    /// Shared: one relocation labels every part of a value with one note.
    pub note: Arc<str>,
}

/// A persistent list of hops, oldest first, shared between copies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail(Option<Arc<TrailNode>>);

#[derive(Debug, PartialEq, Eq)]
struct TrailNode {
    hop: Hop,
    prev: Trail,
    len: usize,
}

impl Trail {
    pub fn push(&self, hop: Hop) -> Trail {
        Trail(Some(Arc::new(TrailNode {
            hop,
            prev: self.clone(),
            len: self.len() + 1,
        })))
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |n| n.len)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The hops, oldest first.
    pub fn hops(&self) -> Vec<Hop> {
        let mut out = Vec::with_capacity(self.len());
        let mut cur = self.0.as_ref();
        while let Some(n) = cur {
            out.push(n.hop.clone());
            cur = n.prev.0.as_ref();
        }
        out.reverse();
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// Not knowable before apply (a computed attribute, a variable without a
    /// value). Rules never guess past it.
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    /// Where this value appears in the configuration being evaluated.
    pub site: Option<Loc>,
    /// Where it came from before that.
    pub trail: Trail,
    /// What else is known about it (rare; one pointer when absent).
    pub extra: Option<Arc<Extra>>,
}

/// Knowledge a value carries beyond its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// A string made by `jsonencode` (or a data source that renders JSON):
    /// the structure it encodes, whose parts keep their own sites.
    Encoded(Value),
    /// An unknown value that is an attribute of this resource or data
    /// source (`aws_lb.main.arn` → `aws_lb.main`).
    RefersTo(String),
    /// An evaluation error (a missing attribute, an index out of range): the
    /// value is Unknown, and `can` says false for it.
    Error(String),
    /// A null of a declared primitive type (`var.port` of `type = string`
    /// left at `default = null`): type unification (`coalesce`) converts
    /// the other arguments to it, as Terraform does.
    NullOf(Primitive),
    /// A string rendered from a template (a quoted string with
    /// interpolations, a heredoc, a `templatefile`): where each piece of its
    /// text was written. Its trail, if any, explains an interpolated part.
    Text(TextMap),
    /// An Unknown string that is known in part: a template whose
    /// interpolations are not all known before apply
    /// (`"${aws_s3_bucket.logs.arn}/*"`). Its text has [`HOLE`] for each
    /// unknown part, so JSON written around the holes can still be read.
    Partial(PartialText),
}

/// What stands for an unknown interpolation in a [`PartialText`]: a
/// private-use character, which no policy or template writes.
pub const HOLE: char = '\u{E000}';

/// The text of a partly known string; see [`Extra::Partial`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialText {
    /// The rendered text, a [`HOLE`] for each unknown interpolation.
    pub text: String,
    /// Where each piece was written (a template's text map), when known.
    pub map: Option<TextMap>,
}

/// A primitive type, for [`Extra::NullOf`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    String,
    Number,
    Bool,
}

/// Where the pieces of a rendered string come from, in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMap {
    /// The template expression (or template file) the text was written in.
    pub at: Loc,
    pub segments: Vec<Segment>,
}

/// A piece of rendered text: its byte range in the string and the span of
/// the literal text or interpolation that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub out: Span,
    pub src: Span,
    /// Literal text (aligned character by character) or an interpolation
    /// (mapped to its expression as a whole).
    pub literal: bool,
}

impl Value {
    pub fn new(kind: Kind, site: Option<Loc>) -> Value {
        Value {
            kind,
            site,
            trail: Trail::default(),
            extra: None,
        }
    }

    pub fn with_extra(mut self, extra: Extra) -> Value {
        self.extra = Some(Arc::new(extra));
        self
    }

    /// The structure a `jsonencode`d string encodes.
    pub fn encoded(&self) -> Option<&Value> {
        match self.extra.as_deref() {
            Some(Extra::Encoded(v)) => Some(v),
            _ => None,
        }
    }

    /// The resource or data source an unknown attribute value belongs to.
    pub fn text_map(&self) -> Option<&TextMap> {
        match self.extra.as_deref() {
            Some(Extra::Text(m)) => Some(m),
            _ => None,
        }
    }

    /// The text of an Unknown string known in part, with a [`HOLE`] for
    /// each unknown piece.
    pub fn partial(&self) -> Option<&PartialText> {
        match self.extra.as_deref() {
            Some(Extra::Partial(p)) if self.is_unknown() => Some(p),
            _ => None,
        }
    }

    /// The declared primitive type of a null, if it has one.
    pub fn null_of(&self) -> Option<Primitive> {
        match self.extra.as_deref() {
            Some(Extra::NullOf(p)) if self.is_null() => Some(*p),
            _ => None,
        }
    }

    pub fn refers_to(&self) -> Option<&str> {
        match self.extra.as_deref() {
            Some(Extra::RefersTo(a)) => Some(a),
            _ => None,
        }
    }

    /// Where the value was first written: the oldest located hop of its
    /// trail, or its site.
    pub fn origin(&self) -> Option<Loc> {
        if let Some(Extra::Text(map)) = self.extra.as_deref() {
            return Some(map.at);
        }
        self.trail
            .hops()
            .into_iter()
            .find_map(|h| h.loc)
            .or(self.site)
    }

    /// An Unknown that records an evaluation error.
    pub fn error(site: Option<Loc>, message: String) -> Value {
        Value::unknown(site).with_extra(Extra::Error(message))
    }

    pub fn is_error(&self) -> bool {
        matches!(self.extra.as_deref(), Some(Extra::Error(_)))
    }

    pub fn unknown(site: Option<Loc>) -> Value {
        Value::new(Kind::Unknown, site)
    }

    pub fn null(site: Option<Loc>) -> Value {
        Value::new(Kind::Null, site)
    }

    pub fn string(s: impl Into<String>, site: Option<Loc>) -> Value {
        Value::new(Kind::String(s.into()), site)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// True when this value or anything inside it is unknown.
    /// Is this value, or any value inside it, an evaluation error (as
    /// `try` sees it: `[obj.missing]` failed)?
    pub fn has_error(&self) -> bool {
        match &self.kind {
            Kind::Unknown => self.is_error(),
            Kind::List(items) => items.iter().any(Value::has_error),
            Kind::Object(map) => map.values().any(Value::has_error),
            _ => false,
        }
    }

    pub fn has_unknown(&self) -> bool {
        match &self.kind {
            Kind::Unknown => true,
            Kind::List(items) => items.iter().any(Value::has_unknown),
            Kind::Object(map) => map.values().any(Value::has_unknown),
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) if s == "true" => Some(true),
            Kind::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value converted to a string the way Terraform converts primitives.
    pub fn to_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number(n) => Some(format_number(*n)),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }

    /// This value seen from a new place: the value and everything inside it
    /// now sits at `site`, and the place each part sat before becomes a hop
    /// in its trail labelled `note`.
    pub fn relocated(&self, site: Option<Loc>, note: &str) -> Value {
        self.relocated_with(site, &Arc::from(note))
    }

    fn relocated_with(&self, site: Option<Loc>, note: &Arc<str>) -> Value {
        let trail = match self.site {
            Some(old) if Some(old) != site => self.trail.push(Hop {
                loc: Some(old),
                note: note.clone(),
            }),
            _ if self.site.is_none() && !note.is_empty() => self.trail.push(Hop {
                loc: None,
                note: note.clone(),
            }),
            _ => self.trail.clone(),
        };
        let kind = match &self.kind {
            Kind::List(items) => {
                Kind::List(items.iter().map(|v| v.relocated_with(site, note)).collect())
            }
            Kind::Object(map) => Kind::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), v.relocated_with(site, note)))
                    .collect(),
            ),
            other => other.clone(),
        };
        Value {
            kind,
            site,
            trail,
            extra: self.extra.clone(),
        }
    }

    /// What this value takes, as the evaluator's budgets count it: its
    /// values (each [`NODE_BYTES`]), its objects' maps, the bytes of its
    /// strings and object keys, and how deeply it nests. What [`Extra`] holds is shared
    /// between copies and not counted. The walk stops as soon as the bytes
    /// pass `limit` or the nesting passes `max_depth` (so counting a huge
    /// value costs no more than the budget it is checked against).
    pub fn footprint(&self, limit: u64, max_depth: usize) -> Footprint {
        let mut f = Footprint::default();
        let mut stack: Vec<(&Value, usize)> = vec![(self, 1)];
        while let Some((v, depth)) = stack.pop() {
            f.nodes += 1;
            f.depth = f.depth.max(depth);
            match &v.kind {
                Kind::String(s) => f.text += s.len() as u64,
                Kind::List(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
                Kind::Object(map) => {
                    f.overhead += object_overhead(map.len());
                    for (k, i) in map {
                        f.text += k.len() as u64;
                        stack.push((i, depth + 1));
                    }
                }
                _ => {}
            }
            if f.bytes() > limit || f.depth > max_depth {
                f.partial = true;
                break;
            }
        }
        f
    }

    /// A short human rendering, for messages.
    pub fn render(&self) -> String {
        self.to_string()
    }
}

/// What one value (without its contents) counts for in the budgets: a
/// [`Value`] and the hop a relocation adds to its trail.
pub const NODE_BYTES: u64 = (std::mem::size_of::<Value>() + 64) as u64;
/// An object's map is a B-tree whose nodes hold up to 11 entries and take
/// about 1 KB however few they hold: a small object costs one node.
const MAP_ENTRIES_PER_NODE: u64 = 11;
const MAP_NODE_BYTES: u64 = 1024;
/// A key's `String` (its text is counted apart).
const KEY_BYTES: u64 = std::mem::size_of::<String>() as u64;

/// What an object of `len` entries takes beyond its values and the text of
/// its keys: its map's nodes and its keys' `String`s.
pub fn object_overhead(len: usize) -> u64 {
    let len = len as u64;
    len.div_ceil(MAP_ENTRIES_PER_NODE).max(1) * MAP_NODE_BYTES + len * KEY_BYTES
}

/// What a value takes, counted by [`Value::footprint`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Values, the value itself included.
    pub nodes: u64,
    /// Bytes of strings and object keys.
    pub text: u64,
    /// Bytes of structure: objects' maps and keys.
    pub overhead: u64,
    /// Nesting: 1 for a primitive, 2 for a list of primitives, …
    pub depth: usize,
    /// The walk stopped early, at the limit it was given: the value is
    /// larger (or deeper) than counted.
    pub partial: bool,
}

impl Footprint {
    /// The bytes the value takes: its values and its text.
    pub fn bytes(&self) -> u64 {
        self.nodes
            .saturating_mul(NODE_BYTES)
            .saturating_add(self.text)
            .saturating_add(self.overhead)
    }
}

/// A number as Terraform writes it (`tostring`, `jsonencode`, templates):
/// integers without a fraction, negative zero as `-0`.
pub fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".to_string()
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Null => write!(f, "null"),
            Kind::Bool(b) => write!(f, "{b}"),
            Kind::Number(n) => write!(f, "{}", format_number(*n)),
            Kind::String(s) => write!(f, "{s:?}"),
            Kind::Unknown => write!(f, "(known after apply)"),
            Kind::List(items) => {
                write!(f, "[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Kind::Object(map) => {
                write!(f, "{{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}
