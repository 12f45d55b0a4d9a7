//! Does a literal in a credential position look like a credential?
//!
//! A name such as `password` or `api_key` says where a credential belongs,
//! not that the string there is one: configurations also put the *name* of
//! a secret there (`feeds-api-key`, `/argocd/github/api_key`), a reference
//! in another tool's syntax (`$slack-token`, `{{ .Values.token }}`), a unit
//! (`access_token = "minutes"`), a test double (`mock_secret_key`) or a
//! placeholder (`changeme`). Like detect-secrets' keyword detector and
//! gitleaks' generic rule, the value has to look like a credential too:
//! long enough, several kinds of characters or a long random run, enough
//! entropy, and none of the shapes above.

/// What a literal in a credential position is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Looks {
    /// Plausibly a real credential.
    Secret,
    /// A value meant to be replaced (`changeme`, `<your-token>`,
    /// `password123`): reported at low severity.
    Placeholder,
    /// A name, path, reference, word or test double: not reported.
    NotSecret,
}

/// Shortest value judged a credential (gitleaks' generic rule uses 10,
/// detect-secrets none; 8 is the usual minimum password length).
const MIN_LEN: usize = 8;

/// Below this length a value of one kind of character (all letters, all
/// digits) is a word or a number, not a credential.
const ONE_CLASS_MIN_LEN: usize = 20;

/// Shannon entropy, in bits per character, over the characters of `s`.
pub(crate) fn entropy(s: &str) -> f64 {
    let mut counts: Vec<(char, usize)> = Vec::new();
    let mut n = 0usize;
    for c in s.chars() {
        n += 1;
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, count)) => *count += 1,
            None => counts.push((c, 1)),
        }
    }
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    counts
        .iter()
        .map(|&(_, k)| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// The entropy a value needs: most of what its length allows (a short
/// string cannot reach a fixed threshold: 8 distinct characters are 3 bits),
/// capped at 3 bits, which random text of 8+ characters from a 16-letter
/// alphabet already exceeds.
fn entropy_needed(len: usize) -> f64 {
    let most = 0.8 * (len as f64).log2();
    most.min(3.0)
}

/// Words meaning "fill this in", compared after lower-casing, undoing
/// common letter-for-digit swaps (`p@ssw0rd`) and dropping trailing digits
/// and punctuation (`password123!`).
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "changeit",
    "changethis",
    "changethispassword",
    "replaceme",
    "replacethis",
    "password",
    "passwd",
    "pass",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "secretkey",
    "accesskey",
    "placeholder",
    "todo",
    "tbd",
    "fixme",
    "redacted",
    "letmein",
    "welcome",
    "qwerty",
    "admin",
    "root",
    "insertpasswordhere",
    "yourpassword",
    "yoursecret",
    "yourtoken",
    "yourapikey",
    "mypassword",
    "mysecret",
    "mytoken",
    "somepassword",
    "somesecret",
    "sometoken",
    "supersecret",
    "supersecretpassword",
    "secretpassword",
    "adminpassword",
    "rootpassword",
    "dbpassword",
    "defaultpassword",
    "newpassword",
    "strongpassword",
    "securepassword",
];

/// Words that mark a test double or a documentation value (`mock_access_key`,
/// `dummy-token`, `example-secret`), matched as whole words of the value.
const DOUBLE_WORDS: &[&str] = &[
    "mock", "mocked", "dummy", "fake", "example", "sample", "test", "testing", "foo", "bar", "baz",
    "qux", "foobar", "lorem", "ipsum", "stub", "fixture",
];

/// Another tool's reference to a secret, by its scheme: Vault and
/// vals (`vault:secret/data/x#token`, `ref+awssm://…`), 1Password (`op://`),
/// External Secrets / SOPS / Berglas style prefixes.
const REFERENCE_SCHEMES: &[&str] = &[
    "vault:",
    "ref+",
    "op://",
    "sm://",
    "secretsmanager:",
    "secretmanager:",
    "ssm:",
    "awssm:",
    "awsssm:",
    "gcpsm:",
    "azkv:",
    "akv:",
    "keyvault:",
    "sops:",
    "berglas://",
    "env:",
    "file:",
    "secret:",
    "secretref:",
    "k8s:",
    "kubernetes:",
    "doppler:",
];

/// Split into words at non-alphanumerics and lower-to-upper case changes.
fn words(s: &str) -> Vec<String> {
    super::words(s)
}

/// A reference to a value held elsewhere, in Terraform's escaped syntax or
/// another tool's: `$x`, `${x}` (from `$${x}`), `#{x}`, `{{ x }}`,
/// `%(x)s`, `<%= x %>`, `@Microsoft.KeyVault(…)`, `{{resolve:…}}`, ARNs and
/// secret-store schemes.
pub(crate) fn is_reference(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    t.starts_with('$')
        || t.contains("${")
        || t.contains("#{")
        || (t.contains("{{") && t.contains("}}"))
        || (t.contains("%(") && t.contains(")s"))
        || t.starts_with("<%")
        || t.starts_with("arn:")
        || t.starts_with("@Microsoft.KeyVault(")
        || REFERENCE_SCHEMES.iter().any(|p| lower.starts_with(p))
}

/// Undo letter-for-digit and letter-for-symbol swaps (`P@$$w0rd`).
fn unleet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '$' | '5' => 's',
            '0' => 'o',
            '3' => 'e',
            '1' | '!' => 'i',
            '7' => 't',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A placeholder: a value written to be replaced.
pub(crate) fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    // `<your-token>`, `<PASSWORD>`, `[secret]`.
    if (t.starts_with('<') && t.ends_with('>')) || (t.starts_with('[') && t.ends_with(']')) {
        return true;
    }
    // `xxxxxxxx`, `********`, `XXXX-XXXX`, `...`.
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.iter().all(|c| matches!(c, 'x' | 'X')) && t.chars().count() >= 3 {
        return true;
    }
    if t.chars()
        .all(|c| matches!(c, '*' | '.' | '#' | '-' | '_' | '?'))
    {
        return true;
    }
    // Trailing digits and punctuation are decoration: `password123!`.
    let core = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let core = if core.is_empty() { t } else { core };
    let squashed: String = unleet(core)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if PLACEHOLDER_WORDS.contains(&squashed.as_str()) {
        return true;
    }
    // `REPLACE_ME`, `change-me-please`, `your-api-token-here`,
    // `INSERT_KEY_HERE`, `TODO: set me`.
    let lower = squashed.as_str();
    lower.starts_with("changeme")
        || lower.starts_with("replaceme")
        || lower.starts_with("replacewith")
        || lower.starts_with("insert")
        || lower.starts_with("enteryour")
        || lower.starts_with("putyour")
        || lower.starts_with("todo")
        || lower.starts_with("fixme")
        || (lower.starts_with("your") && lower.len() <= 24)
        || (lower.ends_with("here") && lower.len() <= 24)
}

/// A test double or documentation value: one of its words marks it
/// (`mock_secret_key`, `fake-token`, `ExamplePassword`), or it is made only
/// of metasyntactic syllables (`foobarbaz`).
fn is_double(s: &str) -> bool {
    let w = words(s);
    if w.iter()
        .any(|w| DOUBLE_WORDS.contains(&w.trim_end_matches(|c: char| c.is_ascii_digit())))
    {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("example") || lower.contains("dummy") || lower.contains("mock") {
        return true;
    }
    let mut rest = lower.as_str();
    while !rest.is_empty() {
        let Some(r) = ["foo", "bar", "baz", "qux"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
        else {
            return false;
        };
        rest = r;
    }
    true
}

/// A path: `/a/b`, `a/b/c`, `admin/db_password`, `projects/p/secrets/s`,
/// each segment a word (a single case, so `wJalrXUtnFEMI/K7MDENG/…` is not).
fn is_path(s: &str) -> bool {
    if !s.contains('/') || s.contains("://") || s.chars().any(char::is_whitespace) {
        return false;
    }
    let segments: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
    if segments.is_empty() {
        return false;
    }
    if !s.starts_with('/') && segments.len() < 2 {
        return false;
    }
    segments
        .iter()
        .all(|seg| is_name(seg) || seg.starts_with('$'))
}

/// A URL with no password in it.
fn is_plain_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    scheme_ok && !authority.contains('@')
}

/// A word or a name built of words: `operator`, `minutes`, `OPERATOR_SECRET`,
/// `feeds-api-key`, `db.password`, `mySecretName`, `v2`, `db-password-01`.
/// Each word is letters
/// in one case (an initial capital allowed) with at most trailing digits, or
/// digits alone; letters and digits mixed inside a word (`k9x2m4`) are not
/// a name.
pub(crate) fn is_name(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    let mut any_letter = false;
    for part in s.split(['-', '_', '.', ':']) {
        if part.is_empty() {
            continue;
        }
        if !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        // Split camelCase: `mySecretName` → my, Secret, Name.
        let mut word = String::new();
        let mut words_here = Vec::new();
        for c in part.chars() {
            if c.is_ascii_uppercase() && word.chars().last().is_some_and(|p| p.is_ascii_lowercase())
            {
                words_here.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        words_here.push(word);
        let last = words_here.len().saturating_sub(1);
        for (i, w) in words_here.iter().enumerate() {
            let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
            if letters.is_empty() {
                continue; // digits alone: `2024`.
            }
            // In camelCase, digits only at the very end (`thisIsKat11x` is
            // not a name).
            if i != last && letters.len() != w.len() {
                return false;
            }
            if letters.chars().any(|c| c.is_ascii_digit()) {
                return false;
            }
            any_letter = true;
            let rest = letters.get(1..).unwrap_or_default();
            let one_case = rest.chars().all(|c| c.is_ascii_lowercase())
                || letters.chars().all(|c| c.is_ascii_uppercase());
            if !one_case {
                return false;
            }
        }
    }
    // Lower case, upper case and digits together (`Legacy-Pass-2019`,
    // `thisIsKat11`) is how passwords are made, not names.
    let lower = s.chars().any(|c| c.is_ascii_lowercase());
    let upper = s.chars().any(|c| c.is_ascii_uppercase());
    let digit = s.chars().any(|c| c.is_ascii_digit());
    any_letter && !(lower && upper && digit)
}

/// Characters of a string, by kind: lower, upper, digit, other.
fn classes(s: &str) -> usize {
    let mut k = [false; 4];
    for c in s.chars() {
        let i = if c.is_lowercase() {
            0
        } else if c.is_uppercase() {
            1
        } else if c.is_numeric() {
            2
        } else {
            3
        };
        if let Some(slot) = k.get_mut(i) {
            *slot = true;
        }
    }
    k.iter().filter(|&&b| b).count()
}

/// Runs like `abcdefgh`, `12345678`, `87654321`: each character one after
/// (or before) the previous one.
fn is_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 4 {
        return false;
    }
    let up = b
        .windows(2)
        .all(|w| matches!(w, [x, y] if *y == x.wrapping_add(1)));
    let down = b
        .windows(2)
        .all(|w| matches!(w, [x, y] if *x == y.wrapping_add(1)));
    up || down
}

/// Judge a literal found in a credential position.
pub(crate) fn classify(s: &str) -> Looks {
    let t = s.trim();
    if t.is_empty() || is_reference(t) {
        return Looks::NotSecret;
    }
    if is_placeholder(t) {
        return Looks::Placeholder;
    }
    if is_double(t) || is_path(t) || is_plain_url(t) || is_name(t) || is_sequence(t) {
        return Looks::NotSecret;
    }
    let len = t.chars().count();
    if len < MIN_LEN {
        return Looks::NotSecret;
    }
    if classes(t) < 2 && len < ONE_CLASS_MIN_LEN {
        return Looks::NotSecret;
    }
    if entropy(t) < entropy_needed(len) {
        return Looks::NotSecret;
    }
    Looks::Secret
}

/// Judge the password of a URL's user info: its position says it is a
/// password, so only references, test doubles and placeholders are told
/// apart, whatever its length.
pub(crate) fn password_in_url(s: &str) -> Looks {
    if is_reference(s) || s.starts_with('{') || s.starts_with('<') && !s.ends_with('>') {
        return Looks::NotSecret;
    }
    if is_placeholder(s) {
        return Looks::Placeholder;
    }
    if is_double(s) {
        return Looks::NotSecret;
    }
    Looks::Secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_looking_values_are_secrets() {
        for s in [
            "Xk9#mQ2vLp7@wR4z",
            "PickSomethingMoreSecure123!",
            "H@Sh1CoR3!",
            "Mustbe8characters",
            "thisIsKat11",
            "Legacy-Pass-2019",
            "Warehouse-Admin-1",
            "Orders-2024-prod!",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                .replace("EXAMPLE", "QZ7RB2T")
                .as_str(),
            "9f86d081884c7d659a2feaa0c55ad015",
            "k9x2m4q8z7w1",
        ] {
            assert_eq!(classify(s), Looks::Secret, "{s}");
        }
    }

    #[test]
    fn placeholders() {
        for s in [
            "changeme",
            "change-me",
            "CHANGE_ME",
            "password",
            "Password1",
            "Pass1234!",
            "P@ssw0rd",
            "P@$$w0rd1234!",
            "password123456789",
            "secret",
            "<your-token>",
            "<PASSWORD>",
            "REPLACE_ME",
            "replace-me-with-a-real-token",
            "xxxxx",
            "XXXX-XXXX-XXXX",
            "********",
            "TODO",
            "todo: set me",
            "your-api-key-here",
            "somePassword",
            "supersecret",
        ] {
            assert_eq!(classify(s), Looks::Placeholder, "{s}");
        }
    }

    #[test]
    fn names_references_words_and_doubles_are_not_secrets() {
        for s in [
            // Paths and names in secret stores.
            "/argocd/github/api_key",
            "admin/db_password",
            "projects/acme/secrets/db-password",
            "feeds-api-key",
            "operator",
            "OPERATOR_SECRET",
            "mySecretName",
            "mustbeeightchars",
            "MindTheGap",
            "thisIsName",
            // References in other syntaxes.
            "$slack-token",
            "${SECRET}",
            "{{ .Values.token }}",
            "#{Octopus.Token}",
            "%(password)s",
            "<%= @password %>",
            "vault:secret/data/x#token",
            "ref+awssm://prod/db#password",
            "op://vault/item/password",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
            "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)",
            // Enumerations and units.
            "minutes",
            "days",
            "enabled",
            "true",
            "none",
            "SecureString",
            // Test doubles.
            "mock_access_key",
            "mock_secret_key",
            "dummy-token-value",
            "FakeToken123",
            "test-password-1",
            "foobar",
            "foobarbaz",
            "Barbarbarbar1!",
            // Too short, one kind of character, sequences, low entropy.
            "abcdefg",
            "abcdefgh",
            "1234",
            "12345678",
            "bar",
            "aaaaaaaaaaaa",
            "abababab12",
            // URLs without credentials.
            "https://vault.example.com/v1/secret/data/app",
            "",
            "   ",
        ] {
            assert_eq!(classify(s), Looks::NotSecret, "{s:?}");
        }
    }

    #[test]
    fn name_shapes() {
        assert!(is_name("feeds-api-key"));
        assert!(is_name("value2"));
        assert!(is_name("redis-auth-token-0001"));
        assert!(!is_name("Value2"));
        assert!(!is_name("Legacy-Pass-2019"));
        assert!(is_name("thisIsKat"));
        assert!(is_name("v1.2.3"));
        assert!(!is_name("thisIsKat11x"));
        assert!(!is_name("k9x2m4"));
        assert!(!is_name("wJalrXUtnFEMI"));
        assert!(!is_name("a b"));
        assert!(!is_name("123"));
        assert!(!is_name(""));
    }

    #[test]
    fn entropy_values() {
        assert!(entropy("").abs() < f64::EPSILON);
        assert!(entropy("aaaa").abs() < f64::EPSILON);
        assert!((entropy("ab") - 1.0).abs() < 1e-9);
        assert!((entropy("abcdefgh") - 3.0).abs() < 1e-9);
        assert!(entropy_needed(8) < 2.5);
        assert!((entropy_needed(64) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn url_passwords() {
        assert_eq!(password_in_url("Zq8vN2rT"), Looks::Secret);
        assert_eq!(password_in_url("pw"), Looks::Secret);
        assert_eq!(password_in_url("password"), Looks::Placeholder);
        assert_eq!(password_in_url("$DB_PASSWORD"), Looks::NotSecret);
        assert_eq!(password_in_url("{{.pw}}"), Looks::NotSecret);
        assert_eq!(password_in_url("dummy"), Looks::NotSecret);
    }
}
