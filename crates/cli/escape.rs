//! Text from scanned files made safe to print.
//!
//! Resource names, values, messages quoting them, file names and source
//! lines all come from files an attacker may have written. Printed raw, an
//! ESC could clear or retitle the terminal (`\x1b[2J`, `\x1b]0;…\x07`), a CR
//! could overwrite what was printed, a newline could forge lines in a
//! line-oriented report, and bidirectional overrides could reorder what a
//! reviewer reads.
//!
//! One rule for every text renderer: each such character becomes a visible
//! escape in Rust's notation, `\u{1b}` (and `\n`, `\r`, `\t` for those
//! three). The characters escaped are the Unicode control characters (C0,
//! DEL, C1: [`char::is_control`]), the bidirectional formatting characters
//! (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and the line and
//! paragraph separators (U+2028/9). A backslash is left alone, so a literal
//! `\u{1b}` written in a file looks the same as an escaped ESC: the output
//! is for reading, and the structured formats (JSON, SARIF, XML) carry the
//! exact text.

use std::borrow::Cow;

/// Must `c` be escaped before it is printed?
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

/// `s` on one line with every unsafe character escaped (names, messages,
/// file names).
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text for printing its lines: unsafe characters escaped except
/// line feeds, CR LF pairs and tabs, which keep the lines and their layout.
/// Returns the text and where the offsets of the original move: `(offset,
/// bytes added before any offset after it)`, ascending, for [`remap`].
pub fn source(s: &str) -> (Cow<'_, str>, Vec<(usize, usize)>) {
    let keep = |i: usize, c: char| match c {
        '\n' | '\t' => true,
        '\r' => s.as_bytes().get(i + 1) == Some(&b'\n'),
        c => !unsafe_char(c),
    };
    if s.char_indices().all(|(i, c)| keep(i, c)) {
        return (Cow::Borrowed(s), Vec::new());
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut shifts = Vec::new();
    for (i, c) in s.char_indices() {
        if keep(i, c) {
            out.push(c);
        } else {
            let before = out.len();
            push_escaped(&mut out, c);
            let added = (out.len() - before) - c.len_utf8();
            let total = shifts.last().map_or(0, |(_, t)| *t) + added;
            shifts.push((i, total));
        }
    }
    (Cow::Owned(out), shifts)
}

/// An offset of the original text in the text [`source`] made: moved by
/// what the escapes before it added.
pub fn remap(shifts: &[(usize, usize)], offset: usize) -> usize {
    let n = shifts.partition_point(|(at, _)| *at < offset);
    let added = n
        .checked_sub(1)
        .and_then(|i| shifts.get(i))
        .map_or(0, |(_, t)| *t);
    offset + added
}

/// Characters of a line quoted around an error, at most.
pub const EXCERPT: usize = 120;

/// At most [`EXCERPT`] characters of `line` around byte `at` (the start of
/// what is wrong), escaped, with `…` where it was cut; and where `at` (and
/// `end`, clamped to the excerpt) fall in the excerpt, in bytes.
pub fn excerpt(line: &str, at: usize, end: usize) -> (String, usize, usize) {
    // Only the bytes that can be quoted are looked at (a line may be
    // megabytes long): EXCERPT characters are at most 4 × EXCERPT bytes.
    let full = line;
    let at = floor(full, at.min(full.len()));
    let lo = floor(full, at.saturating_sub(4 * EXCERPT));
    let hi = floor(full, (at + 8 * EXCERPT).min(full.len()));
    let line = full.get(lo..hi).unwrap_or("");
    let (at, end) = (at - lo, end.saturating_sub(lo));
    let end = floor(line, end.clamp(at, line.len()));
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let pos = chars.partition_point(|(i, _)| *i < at);
    let (from, to) = if chars.len() <= EXCERPT && lo == 0 && hi == full.len() {
        (0, chars.len())
    } else {
        let from = pos.saturating_sub(EXCERPT / 4);
        let to = (from + EXCERPT).min(chars.len());
        (to.saturating_sub(EXCERPT).min(from), to)
    };
    let mut out = String::new();
    let mut at_out = 0;
    let mut end_out = None;
    if from > 0 || lo > 0 {
        out.push('…');
    }
    for (i, c) in chars.get(from..to).unwrap_or(&[]) {
        if *i == at {
            at_out = out.len();
        }
        if *i == end {
            end_out = Some(out.len());
        }
        if unsafe_char(*c) {
            push_escaped(&mut out, *c);
        } else {
            out.push(*c);
        }
    }
    if at >= line.len() || pos >= to {
        at_out = out.len();
    }
    let end_out = end_out.unwrap_or(out.len()).max(at_out);
    if to < chars.len() || hi < full.len() {
        out.push('…');
    }
    (out, at_out, end_out)
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_visibly() {
        assert_eq!(text("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            text("a\x1b[2Jb\x1b]0;t\x07\r\n\u{202e}é"),
            "a\\u{1b}[2Jb\\u{1b}]0;t\\u{7}\\r\\n\\u{202e}é"
        );
        assert!(!text("\u{9b}31m").contains('\u{9b}'));
    }

    #[test]
    fn source_keeps_lines_and_remaps() {
        let (s, shifts) = source("ab\x1bc\r\nd\re\n");
        assert_eq!(s, "ab\\u{1b}c\r\nd\\re\n");
        assert_eq!(remap(&shifts, 0), 0);
        assert_eq!(remap(&shifts, 2), 2);
        assert_eq!(remap(&shifts, 3), 3 + 5); // `\\u{1b}` is 6 bytes for 1
        assert_eq!(&s[remap(&shifts, 7)..remap(&shifts, 8)], "\\r");
        assert_eq!(&s[remap(&shifts, 8)..remap(&shifts, 9)], "e");
    }

    #[test]
    fn excerpts_are_short_and_marked() {
        let (e, at, end) = excerpt("x = 1", 4, 5);
        assert_eq!((e.as_str(), at, end), ("x = 1", 4, 5));
        let long = format!("{}BAD{}", "a".repeat(500), "b".repeat(500));
        let (e, at, end) = excerpt(&long, 500, 503);
        assert!(e.starts_with('…') && e.ends_with('…'));
        assert_eq!(e.chars().count(), EXCERPT + 2);
        assert_eq!(&e[at..end], "BAD");
        let (e, at, _) = excerpt("k = \"\x1b[2J\" x", 11, 12);
        assert_eq!(e, "k = \"\\u{1b}[2J\" x");
        assert_eq!(&e[at..], "x");
    }
}
