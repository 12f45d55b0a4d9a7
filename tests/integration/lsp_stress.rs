//! The language server under a storm of edits: thousands of random changes
//! to one document (brackets, quotes, non-ASCII text inserted and deleted
//! at random, most of them leaving it unparsable), sent without waiting for
//! each publication, only pausing every [`CATCH_UP`] edits for the server
//! to publish the latest version. At the end the server must answer a
//! hover promptly and publish for the last version exactly the diagnostics
//! (codes and ranges) that a fresh `rampart check --format json` gives for
//! the same text; then once more after the text is set back to a valid
//! configuration with findings.
//!
//! 10,000 edits by default (a few seconds in a debug build); set
//! `RAMPART_STRESS_EDITS` for more or fewer:
//! `RAMPART_STRESS_EDITS=100000 cargo test --test integration lsp_stress -- --nocapture`.

use crate::common::{security_group, Fixture};
use crate::lsp_client::{Lsp, TIMEOUT};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Wait for the server to catch up every so many edits.
const CATCH_UP: usize = 500;

/// A small seeded xorshift PRNG: every run sends the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\"",
    "${",
    "%{",
    "\n",
    " ",
    "=",
    "é",
    "😀",
    "日本",
    "\u{200b}",
    "#",
    "/*",
    "*/",
    "<<EOF\n",
    "EOF\n",
    "local.x",
    "var.v",
    "0.0.0.0/0",
    ",",
    ":",
    "?",
];

/// The char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit of `text`; sometimes (rarely) back to `base`.
fn edit(rng: &mut Rng, text: &mut String, base: &str) {
    let at = boundary(text, rng.below(text.len() + 1));
    match rng.below(20) {
        0..=7 => {
            let piece = PIECES[rng.below(PIECES.len())];
            text.insert_str(at, piece);
        }
        8..=14 => {
            let end = boundary(text, at + 1 + rng.below(8));
            text.replace_range(at..end, "");
        }
        15..=17 => {
            // Move a piece of the text elsewhere.
            let end = boundary(text, at + rng.below(40));
            let piece = text[at..end].to_string();
            text.replace_range(at..end, "");
            let to = boundary(text, rng.below(text.len() + 1));
            text.insert_str(to, &piece);
        }
        18 => {
            let start = boundary(base, rng.below(base.len()));
            let end = boundary(base, start + rng.below(120));
            text.insert_str(at, &base[start..end]);
        }
        _ => {
            if rng.below(10) == 0 || text.len() > 4 * base.len() {
                *text = base.to_string();
            }
        }
    }
}

/// An LSP position (UTF-16) of a JSON report position (1-based line and
/// 1-based character column) in `text`.
fn lsp_position(text: &str, pos: &Value) -> Value {
    let line = pos["line"].as_u64().expect("a line") as usize - 1;
    let column = pos["column"].as_u64().expect("a column") as usize - 1;
    let character = match text.split('\n').nth(line) {
        Some(l) => {
            let in_line: usize = l.chars().take(column).map(char::len_utf16).sum();
            in_line + column.saturating_sub(l.chars().count())
        }
        None => column,
    };
    json!({"line": line, "character": character})
}

/// `(code, message for diagnostics without one, range)`, sorted: what must
/// agree between the CLI and the server.
type Key = (String, String, String);

fn cli_diagnostics(fx: &Fixture, text: &str) -> Vec<Key> {
    let doc = fx.check_json(&[], fx_code(fx));
    let mut out = Vec::new();
    for (list, coded) in [("findings", true), ("errors", false), ("notes", false)] {
        for item in doc[list].as_array().into_iter().flatten() {
            assert_eq!(item["file"], "main.tf", "{item}");
            let range = json!({
                "start": lsp_position(text, &item["range"]["start"]),
                "end": lsp_position(text, &item["range"]["end"]),
            });
            let (code, message) = if coded {
                (
                    item["rule"].as_str().unwrap_or("?").to_string(),
                    String::new(),
                )
            } else {
                (
                    String::new(),
                    item["message"].as_str().unwrap_or("?").to_string(),
                )
            };
            out.push((code, message, range.to_string()));
        }
    }
    out.sort();
    out
}

/// The exit code `rampart check` has for the fixture (any of 0, 1, 2).
fn fx_code(fx: &Fixture) -> i32 {
    let out = fx.run(&["check", "--format", "json"]);
    assert!(
        (0..=2).contains(&out.code),
        "rampart check crashed: {out:?}"
    );
    out.code
}

fn lsp_diagnostics(params: &Value) -> Vec<Key> {
    let mut out: Vec<Key> = params["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| match d["code"].as_str() {
            Some(code) => (code.to_string(), String::new(), d["range"].to_string()),
            None => (
                String::new(),
                d["message"].as_str().unwrap_or("?").to_string(),
                d["range"].to_string(),
            ),
        })
        .collect();
    out.sort();
    out
}

#[test]
fn thousands_of_random_edits_end_in_the_cli_diagnostics() {
    let edits: usize = std::env::var("RAMPART_STRESS_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let base = format!(
        "variable \"v\" {{\n  default = \"é\"\n}}\nlocals {{\n  x = [\"0.0.0.0/0\"]\n}}\n{}{}",
        security_group("ssh", 22, 22, "local.x"),
        security_group("web", 0, 65535, "[\"10.0.0.0/8\", \"0.0.0.0/0\"]"),
    );
    let fx = Fixture::with(&[("main.tf", &base)]);
    let (mut lsp, _) = Lsp::initialized(fx.path());
    lsp.open("main.tf", 1, &base);
    lsp.published("main.tf", 1);

    let start = Instant::now();
    let mut rng = Rng(0x5eed_1e55);
    let mut text = base.clone();
    let mut version = 1;
    let mut caught_up = None;
    for i in 1..=edits {
        edit(&mut rng, &mut text, &base);
        version += 1;
        lsp.change("main.tf", version, &text);
        if i % CATCH_UP == 0 {
            caught_up = Some((version, lsp.published("main.tf", i64::from(version))));
            lsp.drain();
        }
    }

    // Still responsive: a hover is answered promptly.
    let asked = Instant::now();
    lsp.hover("main.tf", 0, 0);
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "a hover took {:?} after the storm",
        asked.elapsed()
    );

    // The last version's diagnostics are the CLI's for the same text.
    let published = match caught_up {
        Some((v, params)) if v == version => params,
        _ => lsp.published("main.tf", i64::from(version)),
    };
    fx.write("main.tf", &text);
    assert_eq!(
        lsp_diagnostics(&published),
        cli_diagnostics(&fx, &text),
        "the final text:\n{text}"
    );

    // And once more, back to a valid configuration with findings.
    version += 1;
    lsp.change("main.tf", version, &base);
    let published = lsp.published("main.tf", i64::from(version));
    fx.write("main.tf", &base);
    let expected = cli_diagnostics(&fx, &base);
    assert!(expected.iter().any(|k| k.0 == "NET001"), "{expected:?}");
    assert_eq!(lsp_diagnostics(&published), expected);
    println!(
        "{edits} edits in {:?} (hover {:?}; bound per wait {TIMEOUT:?})",
        start.elapsed(),
        asked.elapsed()
    );
}
