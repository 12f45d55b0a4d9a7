//! `format` and `formatlist`: Terraform's printf verbs (`%v %#v %t %b %d %o
//! %x %X %e %E %f %g %G %s %q %%`) with flags, width, precision and `[n]`
//! argument indexes, as go-cty implements them (widths of strings count
//! grapheme clusters; numbers are formatted as Go formats big numbers).
//!
//! Numbers are `f64` here and 512-bit floats in Terraform. Digits are taken
//! from the shortest decimal that identifies the `f64` (the literal as
//! written); a rounding that falls exactly on a tie of that decimal, which
//! the two representations might break differently, is unknown.

use super::strings::grapheme_count;
use super::types::{bool_arg, num, text};
use super::{list, text_fits, Out, MAX_TEXT};
use crate::json::{string as json_string, write as write_json};
use crate::source::Loc;
use crate::value::{Kind, Value};
use unicode_segmentation::UnicodeSegmentation;

std::thread_local! {
    /// The call failed only because an `f64` cannot settle the answer
    /// Terraform's 512-bit numbers give (an integer verb beyond 2^53, a
    /// rounding tie, a precision past [`MAX_PRECISION`]): Unknown, not an
    /// error.
    static IMPRECISE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the call imprecise and fails it.
fn imprecise<T>() -> Option<T> {
    IMPRECISE.with(|i| i.set(true));
    None
}

/// A rendering's result: the text, Unknown when only precision failed, or
/// `None` for an error.
fn settle(rendered: Option<String>, site: Option<Loc>) -> Option<Value> {
    let imprecise = IMPRECISE.with(|i| i.replace(false));
    match rendered {
        Some(s) => Some(Value::string(s, site)),
        None if imprecise => Some(Value::unknown(site)),
        None => None,
    }
}

/// Precision beyond this is unknown (Terraform's numbers show their own
/// binary noise there).
const MAX_PRECISION: usize = 100;

pub(super) fn format(args: Vec<Value>, site: Option<Loc>) -> Out {
    let mut it = args.into_iter();
    let spec = it.next()?;
    let spec = spec.as_str()?;
    let rest: Vec<Value> = it.collect();
    if rest.iter().any(Value::has_unknown) {
        return None;
    }
    IMPRECISE.with(|i| i.set(false));
    settle(render(spec, &rest), site)
}

/// `formatlist(spec, args...)`: list arguments (all of one length) are
/// iterated together, other arguments repeat. An iteration with an unknown
/// argument is an unknown element.
pub(super) fn formatlist(args: Vec<Value>, site: Option<Loc>) -> Out {
    let mut it = args.into_iter();
    let spec = it.next()?;
    let spec = spec.as_str()?;
    let rest: Vec<Value> = it.collect();
    let mut len: Option<usize> = None;
    for a in &rest {
        match &a.kind {
            Kind::Unknown => return None,
            Kind::List(items) => match len {
                Some(l) if l != items.len() => return None,
                _ => len = Some(items.len()),
            },
            _ => {}
        }
    }
    let len = len.unwrap_or(1);
    let mut out = Vec::with_capacity(len);
    let mut total = 0usize;
    for i in 0..len {
        let iteration: Vec<Value> = rest
            .iter()
            .map(|a| match &a.kind {
                Kind::List(items) => items
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| Value::unknown(site)),
                _ => a.clone(),
            })
            .collect();
        if iteration.iter().any(Value::has_unknown) {
            out.push(Value::unknown(site));
            continue;
        }
        IMPRECISE.with(|i| i.set(false));
        let s = match settle(render(spec, &iteration), site)? {
            Value {
                kind: Kind::String(s),
                ..
            } => s,
            unknown => {
                out.push(unknown);
                continue;
            }
        };
        total = total.checked_add(s.len())?;
        if !text_fits(total) {
            return None;
        }
        out.push(Value::string(s, site));
    }
    list(out, site)
}

/// One formatting verb.
#[derive(Default)]
struct Verb {
    zero: bool,
    sharp: bool,
    minus: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    arg: usize,
    mode: char,
}

/// The format string applied to wholly known arguments; `None` for an
/// error (a bad verb, a missing or extra argument, a failed conversion).
fn render(spec: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 1usize;
    let mut highest = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut verb = Verb {
            arg: next_arg,
            ..Verb::default()
        };
        while let Some(&f) = chars.peek() {
            match f {
                '0' => verb.zero = true,
                '#' => verb.sharp = true,
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                ' ' => verb.space = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek().is_some_and(|d| ('1'..='9').contains(d)) {
            verb.width = Some(digits(&mut chars)?);
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            verb.prec = Some(digits(&mut chars).unwrap_or(0));
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            if !chars.peek().is_some_and(|d| ('1'..='9').contains(d)) {
                return None;
            }
            verb.arg = digits(&mut chars)?;
            if chars.next() != Some(']') {
                return None;
            }
        }
        verb.mode = chars.next().filter(char::is_ascii_alphabetic)?;
        highest = highest.max(verb.arg);
        let arg = args.get(verb.arg.checked_sub(1)?)?;
        append(&verb, arg, &mut out)?;
        next_arg = verb.arg + 1;
        if !text_fits(out.len()) {
            return None;
        }
    }
    (highest >= args.len()).then_some(out)
}

/// A run of decimal digits, bounded.
fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: usize = 0;
    let mut any = false;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        any = true;
        n = n.checked_mul(10)?.checked_add(d as usize)?;
        if n > MAX_TEXT {
            return None;
        }
    }
    any.then_some(n)
}

fn append(verb: &Verb, arg: &Value, out: &mut String) -> Option<()> {
    // `%v` of a null is `null` (a typed null, as variables hold; the
    // untyped literal `null` makes the call unknown to Terraform).
    if verb.mode != 'v' && arg.is_null() {
        return None;
    }
    match verb.mode {
        'v' => {
            let s = match &arg.kind {
                Kind::String(s) if !verb.sharp => s.clone(),
                Kind::Number(n) if !verb.sharp => go_float(*n, 'g', None)?,
                _ => {
                    let mut j = String::new();
                    write_json(arg, &mut j, 0)?;
                    j
                }
            };
            pad_graphemes(verb, &s, out)
        }
        't' => {
            out.push_str(if bool_arg(arg)? { "true" } else { "false" });
            Some(())
        }
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = num(arg)?;
            if n.fract() != 0.0 {
                return None;
            }
            if n.abs() > 9_007_199_254_740_992.0 {
                return imprecise();
            }
            go_int(verb, n as i64, out)
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = num(arg)?;
            if verb.prec.is_some_and(|p| p > MAX_PRECISION) {
                return imprecise();
            }
            let body = go_float(n.abs(), verb.mode, verb.prec)?;
            let sign = if n.is_sign_negative() {
                "-"
            } else if verb.plus {
                "+"
            } else if verb.space {
                " "
            } else {
                ""
            };
            pad_number(verb, sign, "", &body, out)
        }
        's' | 'q' => {
            let mut s = text(arg)?;
            if let Some(p) = verb.prec.filter(|p| *p > 0) {
                let cut = s.grapheme_indices(true).nth(p).map(|(i, _)| i);
                if let Some(cut) = cut {
                    s.truncate(cut);
                }
            }
            if verb.mode == 'q' {
                let mut q = String::new();
                json_string(&s, &mut q);
                s = q;
            }
            pad_graphemes(verb, &s, out)
        }
        _ => None,
    }
}

/// go-cty's padding of `%v`, `%s` and `%q`: graphemes counted, zeros or
/// spaces, on the left unless `-`.
fn pad_graphemes(verb: &Verb, s: &str, out: &mut String) -> Option<()> {
    let pad = verb
        .width
        .map_or(0, |w| w.saturating_sub(grapheme_count(s)));
    if !text_fits(out.len().checked_add(s.len())?.checked_add(pad)?) {
        return None;
    }
    let fill = if verb.zero { "0" } else { " " };
    if verb.minus {
        out.push_str(s);
        out.push_str(&fill.repeat(pad));
    } else {
        out.push_str(&fill.repeat(pad));
        out.push_str(s);
    }
    Some(())
}

/// Go's padding of a formatted number: `[spaces][sign][prefix][zeros]
/// digits[spaces]`; `-` pads on the right and disables `0`.
fn pad_number(verb: &Verb, sign: &str, prefix: &str, digits: &str, out: &mut String) -> Option<()> {
    let len = sign.len() + prefix.len() + digits.len();
    let pad = verb.width.map_or(0, |w| w.saturating_sub(len));
    if !text_fits(out.len().checked_add(len)?.checked_add(pad)?) {
        return None;
    }
    if verb.minus {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(digits);
        out.push_str(&" ".repeat(pad));
    } else if verb.zero {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(&"0".repeat(pad));
        out.push_str(digits);
    } else {
        out.push_str(&" ".repeat(pad));
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(digits);
    }
    Some(())
}

/// Go's formatting of a big integer with `%b %d %o %x %X`.
fn go_int(verb: &Verb, n: i64, out: &mut String) -> Option<()> {
    let a = n.unsigned_abs();
    let mut digits = match verb.mode {
        'b' => format!("{a:b}"),
        'o' => format!("{a:o}"),
        'x' => format!("{a:x}"),
        'X' => format!("{a:X}"),
        _ => a.to_string(),
    };
    let sign = if n < 0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    if let Some(p) = verb.prec {
        if p > MAX_PRECISION {
            return imprecise();
        }
        if digits == "0" && p == 0 {
            return Some(());
        }
        if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    let zero_pad = verb.zero && verb.prec.is_none();
    let v = Verb {
        zero: zero_pad,
        minus: verb.minus,
        width: verb.width,
        ..Verb::default()
    };
    pad_number(&v, sign, prefix, &digits, out)
}

/// A non-negative number's decimal digits (no leading or trailing zeros)
/// and the position of the decimal point: value = 0.mant × 10^exp.
struct Decimal {
    mant: Vec<u8>,
    exp: i32,
    /// Whether the digits are the number's exact value.
    exact: bool,
}

impl Decimal {
    fn of(n: f64) -> Option<Decimal> {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        if n == 0.0 {
            return Some(Decimal {
                mant: Vec::new(),
                exp: 0,
                exact: true,
            });
        }
        let sci = format!("{n:e}");
        let (m, e) = sci.split_once('e')?;
        let mut mant: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        let exp = e.parse::<i32>().ok()? + 1;
        let len = i32::try_from(mant.len()).ok()?;
        let scale = exp - len;
        let exact = if scale >= 0 {
            n < 9_007_199_254_740_992.0
        } else {
            let k = u32::try_from(-scale).ok()?;
            let m: u128 = std::str::from_utf8(&mant).ok()?.parse().ok()?;
            k <= 27 && m % 5u128.pow(k) == 0
        };
        Some(Decimal { mant, exp, exact })
    }

    /// Round to `n` digits, ties to even; `None` on a tie the digits do not
    /// settle (the number is not exactly its shortest decimal).
    fn round(&mut self, n: i32) -> Option<()> {
        let Ok(n) = usize::try_from(n) else {
            return Some(());
        };
        if n >= self.mant.len() {
            return Some(());
        }
        let up = if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            if !self.exact {
                return imprecise();
            }
            n > 0 && (self.mant[n - 1] - b'0') % 2 == 1
        } else {
            self.mant[n] >= b'5'
        };
        if up {
            let mut i = n;
            while i > 0 && self.mant[i - 1] == b'9' {
                i -= 1;
            }
            if i == 0 {
                self.mant = vec![b'1'];
                self.exp += 1;
            } else {
                self.mant[i - 1] += 1;
                self.mant.truncate(i);
            }
        } else {
            self.mant.truncate(n);
            while self.mant.last() == Some(&b'0') {
                self.mant.pop();
            }
        }
        Some(())
    }

    fn at(&self, i: i32) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.mant.get(i))
            .map_or('0', |d| char::from(*d))
    }

    /// `%e`: d.ddde±dd.
    fn fmt_e(&self, e: char, prec: usize) -> String {
        let mut s = String::new();
        s.push(self.at(0));
        if prec > 0 {
            s.push('.');
            for i in 1..=prec {
                s.push(self.at(i as i32));
            }
        }
        s.push(e);
        let exp = if self.mant.is_empty() {
            0
        } else {
            self.exp - 1
        };
        s.push(if exp < 0 { '-' } else { '+' });
        if exp.abs() < 10 {
            s.push('0');
        }
        s.push_str(&exp.abs().to_string());
        s
    }

    /// `%f`: ddd.ddd.
    fn fmt_f(&self, prec: usize) -> String {
        let mut s = String::new();
        if self.exp > 0 {
            for i in 0..self.exp {
                s.push(self.at(i));
            }
        } else {
            s.push('0');
        }
        if prec > 0 {
            s.push('.');
            for i in 0..prec {
                s.push(self.at(self.exp + i as i32));
            }
        }
        s
    }
}

/// Go's `big.Float` formatting of a non-negative number with `%e %E %f %g
/// %G` (no sign, no padding); `prec` `None` for the default.
fn go_float(n: f64, mode: char, prec: Option<usize>) -> Option<String> {
    let mut d = Decimal::of(n.abs())?;
    let neg = if n.is_sign_negative() { "-" } else { "" };
    let len = d.mant.len() as i32;
    let body = match mode {
        'e' | 'E' => {
            let p = prec.unwrap_or(6);
            d.round(1 + p as i32)?;
            d.fmt_e(mode, p)
        }
        'f' => {
            let p = prec.unwrap_or(6);
            d.round(d.exp + p as i32)?;
            d.fmt_f(p)
        }
        'g' | 'G' => {
            let shortest = prec.is_none();
            let mut p = match prec {
                None => len,
                Some(0) => 1,
                Some(p) => p as i32,
            };
            if !shortest {
                d.round(p)?;
            }
            let nd = d.mant.len() as i32;
            let mut eprec = p;
            if eprec > nd && nd >= d.exp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.exp - 1;
            let e = if mode == 'g' { 'e' } else { 'E' };
            if exp < -4 || exp >= eprec {
                if p > nd {
                    p = nd;
                }
                d.fmt_e(e, usize::try_from(p - 1).unwrap_or(0))
            } else {
                if p > d.exp {
                    p = nd;
                }
                d.fmt_f(usize::try_from(p - d.exp).unwrap_or(0))
            }
        }
        _ => return None,
    };
    Some(format!("{neg}{body}"))
}
