//! String functions. Lengths and offsets count grapheme clusters, as
//! Terraform's do; case mappings are Go's one-character mappings (a
//! character whose mapping Go and Rust might disagree on makes the result
//! unknown); paths are handled as Go's `path/filepath` does on Unix.

use super::types::{convert_all, int, str_arg, Ty};
use super::{boolean, derived, exactly, items, list, text_fits, Out, MAX_TEXT};
use crate::limits::MAX_ELEMENTS;
use crate::source::Loc;
use crate::value::{Kind, Value};
use regex::Regex;
use std::collections::BTreeMap;
use unicode_segmentation::UnicodeSegmentation;

pub(super) fn grapheme_count(s: &str) -> usize {
    // ASCII text: every character is a cluster except `\r\n`, which is one
    // (segmenting megabytes of padding one cluster at a time is slow).
    if s.is_ascii() {
        return s.len() - s.matches("\r\n").count();
    }
    s.graphemes(true).count()
}

/// A function of one string argument whose result derives from it.
fn map_str(args: Vec<Value>, site: Option<Loc>, f: impl FnOnce(&str) -> Option<String>) -> Out {
    let [v] = exactly(args)?;
    let s = str_arg(&v)?;
    // The result is about as long as the argument: refused before it is built.
    if !text_fits(s.len()) {
        return None;
    }
    let out = f(&s)?;
    text_fits(out.len()).then(|| derived(out, site, &v))
}

/// A function of two string arguments whose result derives from the first.
fn map_str2(
    args: Vec<Value>,
    site: Option<Loc>,
    f: impl FnOnce(&str, &str) -> Option<String>,
) -> Out {
    let [v, w] = exactly(args)?;
    let out = f(&str_arg(&v)?, &str_arg(&w)?)?;
    Some(derived(out, site, &v))
}

/// A predicate on two string arguments.
fn test_str2(args: Vec<Value>, site: Option<Loc>, f: impl FnOnce(&str, &str) -> bool) -> Out {
    let [v, w] = exactly(args)?;
    boolean(f(&str_arg(&v)?, &str_arg(&w)?), site)
}

/// Go's one-character case mapping: `None` when the full mapping is not a
/// single character (`ß` → `SS`), where Go's simple mapping differs.
/// Go's `unicode.ToUpper`/`ToLower` rune by rune: Unicode's simple case
/// mappings, one character for one. Rust's full mappings agree wherever
/// they give one character; where they give several (`ß` → `SS`, `ﬁ` →
/// `FI`, `İ` → `i̇`), the simple mapping keeps the character, except `İ`
/// (lower `i`) and the Greek letters with iota subscript (upper: their
/// titlecase letter, [`simple_upper`]).
fn case_map<I: Iterator<Item = char>>(s: &str, f: impl Fn(char) -> I) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(f(c).next()?);
            continue;
        }
        let mut m = f(c);
        let first = m.next()?;
        if m.next().is_some() {
            out.push(if c == '\u{130}' { 'i' } else { simple_upper(c) });
            continue;
        }
        out.push(first);
    }
    Some(out)
}

pub(super) fn lower(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| case_map(s, char::to_lowercase))
}

pub(super) fn upper(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| case_map(s, char::to_uppercase))
}

/// Go's `strings.Title`: the first letter of each word in title case.
pub(super) fn title(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| {
        let separator = |c: char| {
            if c.is_ascii() {
                !(c.is_ascii_alphanumeric() || c == '_')
            } else {
                c.is_whitespace()
            }
        };
        let mut out = String::with_capacity(s.len());
        let mut prev = ' ';
        for c in s.chars() {
            if separator(prev) {
                out.push(title_case(c)?);
            } else {
                out.push(c);
            }
            prev = c;
        }
        Some(out)
    })
}

/// Unicode's simple uppercase (and titlecase) of a character whose full
/// uppercase is several characters: the Greek small letters with iota
/// subscript map to their titlecase letter; every other one (`ß`, `ﬁ`,
/// `ŉ`, the titlecase letters themselves) has none and stays.
fn simple_upper(c: char) -> char {
    match c {
        '\u{1F80}'..='\u{1F87}' | '\u{1F90}'..='\u{1F97}' | '\u{1FA0}'..='\u{1FA7}' => {
            char::from_u32(c as u32 + 8).unwrap_or(c)
        }
        '\u{1FB3}' => '\u{1FBC}',
        '\u{1FC3}' => '\u{1FCC}',
        '\u{1FF3}' => '\u{1FFC}',
        _ => c,
    }
}

/// A character's title case, where it is certain.
fn title_case(c: char) -> Option<char> {
    match c {
        '\u{1C4}'..='\u{1C6}' => Some('\u{1C5}'),
        '\u{1C7}'..='\u{1C9}' => Some('\u{1C8}'),
        '\u{1CA}'..='\u{1CC}' => Some('\u{1CB}'),
        '\u{1F1}'..='\u{1F3}' => Some('\u{1F2}'),
        // As `upper`: one character for one.
        _ => {
            let mut m = c.to_uppercase();
            let first = m.next()?;
            Some(if m.next().is_none() {
                first
            } else {
                simple_upper(c)
            })
        }
    }
}

pub(super) fn trimspace(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| Some(s.trim().to_string()))
}

pub(super) fn chomp(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| {
        Some(s.trim_end_matches(['\r', '\n']).to_string())
    })
}

pub(super) fn trim(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str2(args, site, |s, cut| {
        Some(s.trim_matches(|c| cut.contains(c)).to_string())
    })
}

pub(super) fn trimprefix(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str2(args, site, |s, p| {
        Some(s.strip_prefix(p).unwrap_or(s).to_string())
    })
}

pub(super) fn trimsuffix(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str2(args, site, |s, p| {
        Some(s.strip_suffix(p).unwrap_or(s).to_string())
    })
}

pub(super) fn startswith(args: Vec<Value>, site: Option<Loc>) -> Out {
    test_str2(args, site, |s, p| s.starts_with(p))
}

pub(super) fn endswith(args: Vec<Value>, site: Option<Loc>) -> Out {
    test_str2(args, site, |s, p| s.ends_with(p))
}

pub(super) fn strcontains(args: Vec<Value>, site: Option<Loc>) -> Out {
    test_str2(args, site, |s, p| s.contains(p))
}

pub(super) fn strrev(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| Some(s.graphemes(true).rev().collect()))
}

/// `substr(string, offset, length)`, counting grapheme clusters: a negative
/// offset counts from the end, a negative length takes the rest.
pub(super) fn substr(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [s, offset, length] = exactly(args)?;
    let (mut offset, length) = (int(&offset)?, int(&length)?);
    let text = str_arg(&s)?;
    let offset_was_negative = offset < 0;
    if offset < 0 {
        offset += i64::try_from(grapheme_count(&text)).ok()?;
    }
    // A length of 0 is nothing from a non-negative offset and, as go-cty
    // seeks a length it never reaches, the whole rest from a negative one.
    let length = match length {
        0 if offset_was_negative => -1,
        0 => return Some(derived(String::new(), site, &s)),
        n => n,
    };
    let mut rest: &str = &text;
    if offset > 0 {
        let skip = usize::try_from(offset).ok()?;
        match rest.grapheme_indices(true).nth(skip) {
            Some((at, _)) => rest = &rest[at..],
            None => rest = "",
        }
    }
    let out = match usize::try_from(length) {
        Err(_) => rest,
        Ok(n) => match rest.grapheme_indices(true).nth(n) {
            Some((at, _)) => &rest[..at],
            None => rest,
        },
    };
    Some(derived(out.to_string(), site, &s))
}

pub(super) fn indent(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [n, s] = exactly(args)?;
    let n = usize::try_from(int(&n)?).ok()?;
    let text = str_arg(&s)?;
    let lines = text.matches('\n').count();
    let len = lines.checked_mul(n)?.checked_add(text.len())?;
    if !text_fits(len) || n > MAX_TEXT {
        return None;
    }
    let out = text.replace('\n', &format!("\n{}", " ".repeat(n)));
    Some(derived(out, site, &s))
}

/// `join(separator, list...)`: elements convert to strings; a null element
/// is an error, an unknown one makes the result unknown.
pub(super) fn join(args: Vec<Value>, site: Option<Loc>) -> Out {
    let mut it = args.into_iter();
    let sep = it.next()?;
    let sep = str_arg(&sep)?;
    let lists: Vec<Value> = it.collect();
    if lists.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for l in lists {
        if l.has_unknown() {
            return None;
        }
        parts.extend(convert_all(items(l)?, &Ty::String)?);
    }
    let mut len = sep.len().checked_mul(parts.len().saturating_sub(1))?;
    for p in &parts {
        len = len.checked_add(p.as_str()?.len())?;
    }
    if !text_fits(len) {
        return None;
    }
    let mut out = String::with_capacity(len);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(p.as_str()?);
    }
    Some(Value::string(out, site))
}

/// `split(separator, string)`, as Go splits: an empty separator splits
/// between characters.
pub(super) fn split(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [sep, s] = exactly(args)?;
    let (sep_text, text) = (str_arg(&sep)?, str_arg(&s)?);
    let parts: Vec<&str> = if sep_text.is_empty() {
        if text.chars().count() > MAX_ELEMENTS {
            return None;
        }
        text.char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect()
    } else {
        if text.matches(&*sep_text).count() >= MAX_ELEMENTS {
            return None;
        }
        text.split(&*sep_text).collect()
    };
    let parts = parts
        .into_iter()
        .map(|p| derived(p.to_string(), site, &s))
        .collect();
    list(parts, site)
}

/// Patterns longer than this are not compiled (parsing one costs time in
/// proportion before any size bound applies).
const MAX_PATTERN: usize = 64 * 1024;

/// A pattern in Go's syntax compiled with a size bound.
fn compile(pattern: &str) -> Option<Regex> {
    if pattern.len() > MAX_PATTERN {
        return None;
    }
    regex::RegexBuilder::new(&go_pattern(pattern)?)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .ok()
}

/// A Go (RE2) pattern in the `regex` crate's syntax: Go's Perl classes
/// (`\d`, `\w`, `\s`) and word boundaries are ASCII-only, and `[` `&` `~`
/// inside a class are literal.
fn go_pattern(p: &str) -> Option<String> {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_start = class_start;
        class_start = false;
        match c {
            '\\' => {
                let n = chars.next()?;
                match n {
                    'd' => out.push_str("[0-9]"),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str("[0-9A-Za-z_]"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    's' => out.push_str("[\\t\\n\\f\\r ]"),
                    'S' => out.push_str("[^\\t\\n\\f\\r ]"),
                    'b' if !in_class => out.push_str("(?-u:\\b)"),
                    'B' if !in_class => out.push_str("(?-u:\\B)"),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                class_start = true;
            }
            '[' => {
                if chars.peek() == Some(&':') {
                    // A POSIX class, `[:alpha:]`.
                    out.push('[');
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == ']' {
                            break;
                        }
                    }
                } else {
                    out.push_str("\\[");
                }
            }
            ']' if in_class && at_start => out.push_str("\\]"),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.peek() == Some(&'-') => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

/// The shape of a pattern's results: its capture group names, when all
/// groups are named or all unnamed.
enum Shape {
    Whole,
    Unnamed(usize),
    Named(Vec<String>),
}

fn shape(re: &Regex) -> Option<Shape> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named: Vec<String> = names.iter().flatten().map(|n| n.to_string()).collect();
    Some(match (names.len(), named.len()) {
        (0, _) => Shape::Whole,
        (n, 0) => Shape::Unnamed(n),
        (n, m) if n == m => Shape::Named(named),
        _ => return None,
    })
}

fn captured(caps: &regex::Captures<'_>, shape: &Shape, site: Option<Loc>, from: &Value) -> Value {
    let group = |i: usize| match caps.get(i) {
        Some(m) => derived(m.as_str().to_string(), site, from),
        None => Value::null(site),
    };
    match shape {
        Shape::Whole => group(0),
        Shape::Unnamed(n) => Value::new(Kind::List((1..=*n).map(group).collect()), site),
        Shape::Named(names) => {
            let map: BTreeMap<String, Value> = names
                .iter()
                .map(|n| {
                    let v = match caps.name(n) {
                        Some(m) => derived(m.as_str().to_string(), site, from),
                        None => Value::null(site),
                    };
                    (n.clone(), v)
                })
                .collect();
            Value::new(Kind::Object(map), site)
        }
    }
}

/// `regex(pattern, string)`: the first match (a string, a list of groups
/// or an object of named groups); no match is an error.
pub(super) fn regex(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [p, s] = exactly(args)?;
    let re = compile(&str_arg(&p)?)?;
    let shape = shape(&re)?;
    let text = str_arg(&s)?;
    let caps = re.captures(&text)?;
    Some(captured(&caps, &shape, site, &s))
}

/// `regexall(pattern, string)`: every match, as `regex` shapes them.
pub(super) fn regexall(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [p, s] = exactly(args)?;
    let re = compile(&str_arg(&p)?)?;
    let shape = shape(&re)?;
    let text = str_arg(&s)?;
    let mut out = Vec::new();
    for caps in re.captures_iter(&text) {
        if out.len() >= MAX_ELEMENTS {
            return None;
        }
        out.push(captured(&caps, &shape, site, &s));
    }
    list(out, site)
}

/// `replace(string, search, replacement)`; a search in slashes is a
/// regular expression and the replacement may refer to its groups (`$1`,
/// `${name}`), as in Go.
pub(super) fn replace(args: Vec<Value>, site: Option<Loc>) -> Out {
    let [s, search, repl] = exactly(args)?;
    let (text, search_text, repl_text) = (str_arg(&s)?, str_arg(&search)?, str_arg(&repl)?);
    let out = if search_text.len() > 1 && search_text.starts_with('/') && search_text.ends_with('/')
    {
        let re = compile(&search_text[1..search_text.len() - 1])?;
        let mut out = String::new();
        let mut last = 0;
        for caps in re.captures_iter(&text) {
            let m = caps.get(0)?;
            out.push_str(&text[last..m.start()]);
            expand(&repl_text, &caps, &re, &mut out);
            last = m.end();
            if !text_fits(out.len()) {
                return None;
            }
        }
        out.push_str(&text[last..]);
        out
    } else {
        let count = if search_text.is_empty() {
            text.chars().count() + 1
        } else {
            text.matches(&*search_text).count()
        };
        let len = count
            .checked_mul(repl_text.len())?
            .checked_add(text.len())?
            .saturating_sub(count.saturating_mul(search_text.len()));
        if !text_fits(len) {
            return None;
        }
        text.replace(&*search_text, &repl_text)
    };
    text_fits(out.len()).then(|| derived(out, site, &s))
}

/// Go's `Regexp.Expand`: `$name`, `${name}`, `$1`, `$$`; a malformed `$`
/// is literal, an unknown group empty.
fn expand(template: &str, caps: &regex::Captures<'_>, re: &Regex, out: &mut String) {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("$$") {
            out.push('$');
            rest = &rest[2..];
            continue;
        }
        let (braced, body) = match rest.strip_prefix("${") {
            Some(b) => (true, b),
            None => (false, &rest[1..]),
        };
        let len: usize = body
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        let name = &body[..len];
        let after = &body[len..];
        let after = if braced {
            after.strip_prefix('}')
        } else {
            Some(after)
        };
        let (true, Some(after)) = (!name.is_empty(), after) else {
            out.push('$');
            rest = &rest[1..];
            continue;
        };
        let number = (name.bytes().all(|b| b.is_ascii_digit())
            && name.len() <= 8
            && !(name.len() > 1 && name.starts_with('0')))
        .then(|| name.parse::<usize>().ok())
        .flatten();
        let group = match number {
            Some(n) => caps.get(n),
            None => re
                .capture_names()
                .position(|n| n == Some(name))
                .and_then(|i| caps.get(i)),
        };
        if let Some(m) = group {
            out.push_str(m.as_str());
        }
        rest = after;
    }
    out.push_str(rest);
}

/// Go's `path.Clean`.
fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let p = path.as_bytes();
    let rooted = p[0] == b'/';
    let n = p.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        (r, dotdot) = (1, 1);
    }
    while r < n {
        if p[r] == b'/' || (p[r] == b'.' && (r + 1 == n || p[r + 1] == b'/')) {
            // An empty or `.` element.
            r += 1;
        } else if p[r] == b'.' && p.get(r + 1) == Some(&b'.') && (r + 2 == n || p[r + 2] == b'/') {
            r += 2;
            if out.len() > dotdot {
                out.pop();
                while out.len() > dotdot && out.last() != Some(&b'/') {
                    out.pop();
                }
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while r < n && p[r] != b'/' {
                out.push(p[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return ".".to_string();
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn basename(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| {
        if s.is_empty() {
            return Some(".".to_string());
        }
        let trimmed = s.trim_end_matches('/');
        if trimmed.is_empty() {
            return Some("/".to_string());
        }
        Some(match trimmed.rfind('/') {
            Some(i) => trimmed[i + 1..].to_string(),
            None => trimmed.to_string(),
        })
    })
}

pub(super) fn dirname(args: Vec<Value>, site: Option<Loc>) -> Out {
    map_str(args, site, |s| {
        let upto = s.rfind('/').map_or(0, |i| i + 1);
        Some(clean(&s[..upto]))
    })
}
