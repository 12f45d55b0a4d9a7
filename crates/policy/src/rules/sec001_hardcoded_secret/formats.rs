//! Credentials recognizable by their format, wherever they are written.
//!
//! Each format is a prefix or structure the issuer chose so that leaked
//! credentials can be found (GitHub, GitLab, Slack, Stripe, Google), or a
//! structure only a credential has (a PEM private key, a JWT, a URL with a
//! password). The patterns follow gitleaks' rules (`config/gitleaks.toml`),
//! tightened where a check is cheap (a JWT's header must decode to JSON with
//! an `alg`).

use regex::Regex;
use std::sync::LazyLock;

use super::looks::{self, Looks};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Format {
    AwsAccessKeyId,
    AwsSecretKey,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    StripeTestKey,
    GoogleApiKey,
    PrivateKey,
    Jwt,
    UrlPassword,
}

impl Format {
    /// "an AWS access key ID", for messages.
    pub(crate) fn thing(self) -> &'static str {
        match self {
            Format::AwsAccessKeyId => "an AWS access key ID",
            Format::AwsSecretKey => "an AWS secret access key",
            Format::GitHubToken => "a GitHub token",
            Format::GitLabToken => "a GitLab personal access token",
            Format::SlackToken => "a Slack token",
            Format::SlackWebhook => "a Slack webhook URL",
            Format::StripeKey => "a Stripe live secret key",
            Format::StripeTestKey => "a Stripe test-mode secret key",
            Format::GoogleApiKey => "a Google API key",
            Format::PrivateKey => "a PEM private key",
            Format::Jwt => "a JSON Web Token",
            Format::UrlPassword => "a password inside a URL",
        }
    }

    /// What to treat as leaked.
    pub(crate) fn leaked(self) -> &'static str {
        match self {
            Format::AwsAccessKeyId | Format::AwsSecretKey | Format::PrivateKey => "the key",
            Format::StripeKey | Format::StripeTestKey | Format::GoogleApiKey => "the key",
            Format::SlackWebhook => "the webhook URL",
            Format::UrlPassword => "the password",
            Format::GitHubToken | Format::GitLabToken | Format::SlackToken | Format::Jwt => {
                "the token"
            }
        }
    }

    pub(crate) fn fix(self) -> &'static str {
        match self {
            Format::AwsAccessKeyId | Format::AwsSecretKey => "delete the key from the code, deactivate it in IAM and issue a new one if it is still needed; give Terraform and workloads temporary credentials instead (an SSO profile, an instance or task role, OIDC in CI)",
            Format::PrivateKey => "delete the key from the code and replace it; keep private keys in a secret store (AWS Secrets Manager, SSM Parameter Store, Vault) and read them at run time",
            Format::UrlPassword => "take the password out of the URL: build the URL from a variable marked `sensitive = true` or a secret-store data source, or let the service read its credentials itself; then change the password",
            Format::SlackWebhook => "delete the URL from the code and regenerate the webhook in Slack; read the new URL from a secret store or a variable marked `sensitive = true`",
            Format::GitHubToken | Format::GitLabToken | Format::SlackToken | Format::StripeKey | Format::StripeTestKey | Format::GoogleApiKey | Format::Jwt => "revoke the token with its issuer and delete it from the code; read its replacement at run time from a secret store (AWS Secrets Manager, SSM Parameter Store, Vault) or a variable marked `sensitive = true` with no default",
        }
    }
}

impl Format {
    /// A test-mode key reaches only test data: low, not the rule's high.
    pub(crate) fn is_minor(self) -> bool {
        self == Format::StripeTestKey
    }
}

/// A credential found in a text: its format, its byte range, and whether it
/// is an obvious documentation example (AWS's keys end in `EXAMPLE`), which
/// is reported at low severity.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Found {
    pub format: Format,
    pub start: usize,
    pub end: usize,
    pub example: bool,
}

fn re(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

/// AWS credential key IDs: long-term access keys (AKIA), temporary STS
/// keys (ASIA), STS service bearer tokens (ABIA) and context-specific
/// credentials (ACCA), followed by 16 base-32 characters (upper-case letters
/// and the digits 2 to 7).
static ACCESS_KEY_ID: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b"));

/// An AWS secret access key, only where its name says it is one (40
/// base-64 characters are otherwise too common: hashes, ids).
static AWS_SECRET_KEY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r#"(?i)(?:aws_?secret_?access_?key|aws_?secret_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    )
});

/// A bare AWS secret access key, for arguments whose name says it is one.
static AWS_SECRET_KEY_VALUE: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"^[A-Za-z0-9/+]{40}$"));

static GITHUB: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"\b(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b")
});

static GITLAB: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\bglpat-[A-Za-z0-9_\-]{20}\b"));

static SLACK_TOKEN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"\b(?:xox[bpa]-[0-9]{8,}-[0-9A-Za-z\-]{8,}|xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{16,})")
});

static SLACK_WEBHOOK: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{20,}"));

static STRIPE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b"));

static STRIPE_TEST: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\b(?:sk|rk)_test_[A-Za-z0-9]{20,}\b"));

static GOOGLE_API_KEY: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\bAIza[0-9A-Za-z_\-]{35}(?:[^0-9A-Za-z_\-]|$)"));

/// PEM private-key headers (`-----BEGIN RSA PRIVATE KEY-----`, `OPENSSH`,
/// `PGP ... PRIVATE KEY BLOCK`).
static PRIVATE_KEY_HEADER: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----"));

/// Three base64url parts, the first two JSON objects (`eyJ` is `{"`).
static JWT: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}"));

/// A URL with a password in its user info: scheme, optional user, `:`,
/// password, `@`, then a host.
static URL_CREDENTIALS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r#"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#"'\\@:]*:([^\s/?#"'\\@]+)@[^\s/?#"'\\@]"#)
});

fn ranges(re: &LazyLock<Option<Regex>>, text: &str) -> Vec<(usize, usize)> {
    re.as_ref()
        .map(|re| re.find_iter(text).map(|m| (m.start(), m.end())).collect())
        .unwrap_or_default()
}

/// Byte ranges of AWS access key IDs in `text`, not inside a longer word.
pub(crate) fn access_key_ids(text: &str) -> Vec<(usize, usize)> {
    ranges(&ACCESS_KEY_ID, text)
}

/// Byte ranges of PEM private-key headers.
pub(crate) fn private_key_headers(text: &str) -> Vec<(usize, usize)> {
    ranges(&PRIVATE_KEY_HEADER, text)
}

/// Byte ranges of passwords written inside URLs (`postgres://app:pw@db/app`):
/// the span from the scheme to the `@`, with whether the password is a
/// placeholder (`postgres://user:password@localhost`). A password that is an
/// interpolation or a reference in another syntax (`${...}`, `%{...}`,
/// `$PASSWORD`, `{{ .pw }}`) is not one.
pub(crate) fn url_credentials(text: &str) -> Vec<(usize, usize, bool)> {
    let Some(re) = URL_CREDENTIALS.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let password = c.get(1)?.as_str();
            if password.contains("%{") {
                return None;
            }
            let placeholder = match looks::password_in_url(password) {
                Looks::NotSecret => return None,
                Looks::Placeholder => true,
                Looks::Secret => false,
            };
            // End just after the `@`, before the host's first character.
            Some((whole.start(), whole.end() - 1, placeholder))
        })
        .collect()
}

fn aws_secret_keys(text: &str) -> Vec<(usize, usize)> {
    let Some(re) = AWS_SECRET_KEY.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|m| looks::entropy(m.as_str()) > 4.0)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Is `value`, the whole value of an argument named like an AWS secret key
/// (`secret_key`, `aws_secret_access_key`), shaped like one?
pub(crate) fn is_aws_secret_key_value(value: &str) -> bool {
    AWS_SECRET_KEY_VALUE
        .as_ref()
        .is_some_and(|re| re.is_match(value))
        && looks::entropy(value) > 4.0
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().any(|b| b.is_ascii_lowercase())
}

/// Decode base64url (padding optional).
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in text.trim_end_matches('=').bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// Is this `header.payload.signature` a JWT: a header that decodes to a JSON
/// object naming its algorithm?
fn is_jwt(token: &str) -> bool {
    let Some(header) = token.split('.').next() else {
        return false;
    };
    let Some(bytes) = base64url(header) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    let t = text.trim();
    t.starts_with('{') && t.ends_with('}') && t.contains("\"alg\"")
}

/// Every credential of a known format in `text`, in order.
pub(crate) fn find(text: &str) -> Vec<Found> {
    // Most strings hold none: skip the regexes unless a marker is there.
    const MARKERS: &[&str] = &[
        "AKIA",
        "ASIA",
        "ABIA",
        "ACCA",
        "ecret",
        "ECRET",
        "gh",
        "github_pat_",
        "glpat-",
        "xox",
        "xapp-",
        "hooks.slack.com",
        "_live_",
        "_test_",
        "AIza",
        "PRIVATE KEY",
        "eyJ",
        "://",
    ];
    if !MARKERS.iter().any(|m| text.contains(m)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut add = |format: Format, found: Vec<(usize, usize)>| {
        for (start, end) in found {
            let example = text.get(start..end).is_some_and(|s| s.contains("EXAMPLE"));
            out.push(Found {
                format,
                start,
                end,
                example,
            });
        }
    };
    add(Format::AwsAccessKeyId, access_key_ids(text));
    add(Format::AwsSecretKey, aws_secret_keys(text));
    add(Format::GitHubToken, ranges(&GITHUB, text));
    add(Format::GitLabToken, ranges(&GITLAB, text));
    add(Format::SlackToken, ranges(&SLACK_TOKEN, text));
    add(Format::SlackWebhook, ranges(&SLACK_WEBHOOK, text));
    add(Format::StripeKey, ranges(&STRIPE, text));
    add(Format::StripeTestKey, ranges(&STRIPE_TEST, text));
    add(
        Format::GoogleApiKey,
        ranges(&GOOGLE_API_KEY, text)
            .into_iter()
            // The pattern's last character is a delimiter, not the key.
            .map(|(s, _)| (s, s + 39))
            .collect(),
    );
    add(Format::PrivateKey, private_key_headers(text));
    add(
        Format::Jwt,
        ranges(&JWT, text)
            .into_iter()
            .filter(|&(s, e)| text.get(s..e).is_some_and(is_jwt))
            .collect(),
    );
    for (start, end, placeholder) in url_credentials(text) {
        // A Slack webhook or a URL with a token in it is reported once.
        if out.iter().any(|f| f.start < end && start < f.end) {
            continue;
        }
        out.push(Found {
            format: Format::UrlPassword,
            start,
            end,
            // A placeholder password is reported like an example: low.
            example: placeholder,
        });
    }
    out.sort_by_key(|f| (f.start, f.end));
    out.dedup_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(text: &str) -> Vec<Format> {
        find(text).into_iter().map(|f| f.format).collect()
    }

    #[test]
    fn access_key_pattern() {
        let key = "AKIAIOSFODNN7EXAMPLE";
        assert_eq!(access_key_ids(key), vec![(0, 20)]);
        assert_eq!(access_key_ids("id=AKIAIOSFODNN7EXAMPLE;"), vec![(3, 23)]);
        assert_eq!(access_key_ids("ASIAIOSFODNN7EXAMPLE"), vec![(0, 20)]);
        assert_eq!(
            access_key_ids("a AKIAIOSFODNN7EXAMPLE b AKIA2345672345ABCDEF"),
            vec![(2, 22), (25, 45)]
        );
        // Too short, too long, inside a word, lower case, wrong prefix,
        // outside the base-32 alphabet (0, 1, 8, 9).
        assert!(access_key_ids("AKIAIOSFODNN7EXAMPL").is_empty());
        assert!(access_key_ids("AKIAIOSFODNN7EXAMPLEX").is_empty());
        assert!(access_key_ids("XAKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(access_key_ids("akiaiosfodnn7example").is_empty());
        assert!(access_key_ids("AKIAiosfodnn7example").is_empty());
        assert!(access_key_ids("AIDAIOSFODNN7EXAMPLE").is_empty());
        assert!(access_key_ids("AKIA1234567890ABCDEF").is_empty());
        assert!(access_key_ids("").is_empty());
        assert!(access_key_ids("é AKIAIOSFODNN7EXAMPLE é").len() == 1);
        let found = find("AKIAIOSFODNN7EXAMPLE");
        assert!(found.first().is_some_and(|f| f.example), "{found:?}");
        let found = find("AKIA2345672345ABCDEF");
        assert!(found.first().is_some_and(|f| !f.example), "{found:?}");
    }

    #[test]
    fn private_key_pattern() {
        assert_eq!(
            private_key_headers("-----BEGIN RSA PRIVATE KEY-----\nMII").len(),
            1
        );
        assert_eq!(
            private_key_headers("x -----BEGIN PRIVATE KEY-----").len(),
            1
        );
        assert_eq!(
            private_key_headers("-----BEGIN OPENSSH PRIVATE KEY-----").len(),
            1
        );
        assert_eq!(
            private_key_headers("-----BEGIN PGP PRIVATE KEY BLOCK-----").len(),
            1
        );
        assert!(private_key_headers("-----BEGIN CERTIFICATE-----").is_empty());
        assert!(private_key_headers("-----BEGIN PUBLIC KEY-----").is_empty());
        assert!(private_key_headers("-----BEGIN ").is_empty());
    }

    #[test]
    fn url_password_pattern() {
        let t = "postgres://app:Zq8vN2@db.internal:5432/app";
        assert_eq!(url_credentials(t), vec![(0, 22, false)]);
        assert_eq!(url_credentials("x=https://u:p4Zq@h/").len(), 1);
        assert_eq!(url_credentials("redis://:Zq8vN2@h").len(), 1);
        assert_eq!(
            url_credentials("mongodb+srv://svc:Rk7pQ2xW@cluster0.mongodb.net/app"),
            vec![(0, 27, false)]
        );
        // A placeholder password is found, and marked.
        assert_eq!(
            url_credentials("postgres://user:password@localhost/app"),
            vec![(0, 25, true)]
        );
        assert!(url_credentials("https://user@host/path").is_empty());
        assert!(url_credentials("https://host/a:b@c").is_empty());
        assert!(url_credentials("postgres://app:${var.pw}@db/app").is_empty());
        assert!(url_credentials("postgres://app:$DB_PASSWORD@db/app").is_empty());
        assert!(url_credentials("postgres://app:{{ .Values.pw }}@db/app").is_empty());
        assert!(url_credentials("postgres://app:@db/app").is_empty());
        assert!(url_credentials("git@github.com:org/repo.git").is_empty());
        assert!(url_credentials("://a:b@c").is_empty());
    }

    #[test]
    fn tokens_of_known_issuers() {
        let gh = "ghp_R7kQ2xW9mZ4vN8pL3tY6hB1cD5fG0jK2sA4e";
        assert_eq!(gh.len(), 40);
        assert_eq!(formats(gh), [Format::GitHubToken]);
        assert_eq!(formats(&format!("token {gh}\n")), [Format::GitHubToken]);
        assert_eq!(
            formats(&format!("github_pat_{}", "A1b2C3d4E5".repeat(8) + "Zz")),
            [Format::GitHubToken]
        );
        // Too short, or not at a word start.
        assert!(formats("ghp_R7kQ2xW9mZ4vN8pL3").is_empty());
        assert!(formats(&format!("xghp_{}", &gh[4..])).is_empty());
        assert_eq!(formats("glpat-Rk7Q2xW9mZ4vN8pL3tY6"), [Format::GitLabToken]);
        assert_eq!(
            formats("xoxb-2628349127-4820173956283-Rk7Q2xW9mZ4vN8pL3tY6hB1c"),
            [Format::SlackToken]
        );
        assert_eq!(
            formats(
                "https://hooks.slack.com/services/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"
            ),
            [Format::SlackWebhook]
        );
        assert!(formats("https://hooks.slack.com/services/").is_empty());
        assert_eq!(
            formats("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            [Format::StripeKey]
        );
        assert_eq!(
            formats("sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
            [Format::StripeTestKey]
        );
        assert!(formats("sk_test_example_key").is_empty());
        assert_eq!(
            formats("key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&x"),
            [Format::GoogleApiKey]
        );
        let f = find("AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY");
        assert_eq!(f.first().map(|f| (f.start, f.end)), Some((0, 39)));
    }

    #[test]
    fn aws_secret_keys_need_their_name() {
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert!(formats(key).is_empty());
        let found = find(&format!("export AWS_SECRET_ACCESS_KEY={key}\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found.first().is_some_and(|f| f.example));
        assert_eq!(
            formats("aws_secret_access_key = Rk7Q2xW9mZ4vN8pL3tY6hB1cD5fG0jK2sA4e/b+Q"),
            [Format::AwsSecretKey]
        );
        // A hash is not a key: too little entropy in a run of one character.
        assert!(formats(&format!("AWS_SECRET_ACCESS_KEY={}", "a".repeat(40))).is_empty());
        assert!(is_aws_secret_key_value(key));
        assert!(!is_aws_secret_key_value("mock_secret_key"));
        assert!(!is_aws_secret_key_value(&"ab".repeat(20)));
    }

    #[test]
    fn jwts_need_a_json_header() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"1234567890","name":"John Doe","iat":1516239022}
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assert_eq!(formats(jwt), [Format::Jwt]);
        assert_eq!(formats(&format!("Bearer {jwt}")), [Format::Jwt]);
        // `eyJ` parts whose header is not JSON with an `alg`.
        // {"typ":"JWT","x":1}
        assert!(formats(
            "eyJ0eXAiOiJKV1QiLCJ4IjoxfQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36P"
        )
        .is_empty());
        assert!(formats("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0").is_empty());
        assert_eq!(base64url("eyJhIjoxfQ"), Some(b"{\"a\":1}".to_vec()));
        assert_eq!(base64url("e!"), None);
    }

    #[test]
    fn nothing_in_ordinary_text() {
        for text in [
            "",
            "eu-west-1",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
            "https://example.com/path?q=1",
            "/argocd/github/api_key",
            "ghost_town",
            "sk_live_short",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }
}
