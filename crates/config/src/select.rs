//! Rule selectors: rule codes, code prefixes and `ALL`.

/// The selector that matches every rule.
pub const ALL_SELECTOR: &str = "ALL";

/// Is `sel` a usable selector: `ALL`, or a non-empty code or code prefix
/// matching at least one of `known_codes`? Matching is case-sensitive.
pub fn is_valid_selector(sel: &str, known_codes: &[&str]) -> bool {
    sel == ALL_SELECTOR || (!sel.is_empty() && known_codes.iter().any(|c| c.starts_with(sel)))
}

/// Is `code` exactly one of `known_codes`?
pub(crate) fn is_known_code(code: &str, known_codes: &[&str]) -> bool {
    known_codes.contains(&code)
}

/// How specifically `sel` matches `code`, or `None` if it does not match.
/// `ALL` has specificity 0; a code or prefix has its length.
pub(crate) fn specificity(sel: &str, code: &str) -> Option<usize> {
    if sel == ALL_SELECTOR {
        Some(0)
    } else if !sel.is_empty() && code.starts_with(sel) {
        Some(sel.len())
    } else {
        None
    }
}

/// The highest specificity among the `selectors` that match `code`.
pub(crate) fn best_match(selectors: &[String], code: &str) -> Option<usize> {
    selectors.iter().filter_map(|s| specificity(s, code)).max()
}

/// The alphabetic family prefix of a code (`"NET"` for `"NET001"`).
fn family(code: &str) -> &str {
    let end = code
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(code.len());
    code.get(..end).unwrap_or(code)
}

/// Levenshtein distance over chars, ignoring ASCII case.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_uppercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_uppercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest matches for `wrong` among `candidates` (all at the smallest
/// edit distance, at most 3), if any is close enough.
pub(crate) fn closest<'a, I>(wrong: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (wrong.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup();
    let best = scored.first().map(|(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| Some(*d) == best)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

fn render_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Help text for a selector that matched nothing.
pub(crate) fn unknown_selector_help(sel: &str, known_codes: &[&str]) -> Option<String> {
    let mut candidates: Vec<&str> = known_codes.to_vec();
    candidates.extend(known_codes.iter().map(|c| family(c)));
    candidates.push(ALL_SELECTOR);
    candidates.sort_unstable();
    candidates.dedup();
    let close = closest(sel, candidates.iter().copied());
    if !close.is_empty() {
        return Some(format!("did you mean {}?", render_list(&close)));
    }
    let mut families: Vec<&str> = known_codes
        .iter()
        .map(|c| family(c))
        .filter(|f| !f.is_empty())
        .collect();
    families.sort_unstable();
    families.dedup();
    if families.is_empty() {
        None
    } else {
        Some(format!(
            "rule selectors are `ALL`, a rule code, or a code prefix such as {}",
            render_list(&families)
        ))
    }
}

/// Help text for a severity key that is not a full known code.
pub(crate) fn unknown_code_help(code: &str, known_codes: &[&str]) -> Option<String> {
    let mut expanded: Vec<&str> = known_codes
        .iter()
        .copied()
        .filter(|c| !code.is_empty() && c.starts_with(code))
        .collect();
    if !expanded.is_empty() {
        expanded.sort_unstable();
        expanded.truncate(5);
        return Some(format!(
            "severity overrides need a full rule code, such as {}",
            render_list(&expanded)
        ));
    }
    let close = closest(code, known_codes.iter().copied());
    if close.is_empty() {
        None
    } else {
        Some(format!("did you mean {}?", render_list(&close)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("NET001", "NET001"), 0);
        assert_eq!(edit_distance("NETT001", "NET001"), 1);
        assert_eq!(edit_distance("net001", "NET001"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn family_prefix() {
        assert_eq!(family("NET001"), "NET");
        assert_eq!(family("IAM"), "IAM");
        assert_eq!(family("001"), "");
    }

    #[test]
    fn valid_selectors() {
        let known = ["NET001", "NET002", "IAM001"];
        assert!(is_valid_selector("ALL", &known));
        assert!(is_valid_selector("NET", &known));
        assert!(is_valid_selector("N", &known));
        assert!(is_valid_selector("NET002", &known));
        assert!(!is_valid_selector("", &known));
        assert!(!is_valid_selector("NET003", &known));
        assert!(!is_valid_selector("net", &known));
        assert!(!is_valid_selector("all", &known));
    }

    #[test]
    fn suggestions() {
        let known = ["NET001", "NET002", "IAM001"];
        assert_eq!(
            unknown_selector_help("NETT001", &known).as_deref(),
            Some("did you mean `NET001`?")
        );
        assert_eq!(
            unknown_selector_help("net", &known).as_deref(),
            Some("did you mean `NET`?")
        );
        assert_eq!(
            unknown_selector_help("XYZZY99", &known).as_deref(),
            Some("rule selectors are `ALL`, a rule code, or a code prefix such as `IAM`, `NET`")
        );
        assert_eq!(
            unknown_code_help("NET", &known).as_deref(),
            Some("severity overrides need a full rule code, such as `NET001`, `NET002`")
        );
    }
}
