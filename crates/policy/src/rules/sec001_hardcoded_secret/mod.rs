//! SEC001: secret written in the configuration.
//!
//! Three ways a secret ends up in the code:
//!
//! - a literal string (a quoted string or heredoc without interpolation)
//!   assigned to a secret-bearing argument of a resource, data source or
//!   provider, at any depth (nested blocks, maps, `jsonencode`d documents,
//!   `name`/`value` pairs such as container environments), or reaching such
//!   an argument from a local or a variable default (reported where it is
//!   written);
//! - a `variable`, `local` or `output` whose name says it is a secret, with a
//!   non-empty literal value;
//! - an AWS access key ID, a PEM private key or a password inside a URL,
//!   anywhere in a string (in a heredoc, at the line holding it).
//!
//! Only what is written in `.tf`/`.tf.json` files counts: references,
//! function calls, interpolations and values set in `.tfvars` files or on
//! the command line are inputs, not hardcoded secrets. The message never
//! repeats the secret.

use crate::finding::{Related, Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::module::FileKind;
use rampart_terraform::source::{Loc, SourceDb, Span};
use rampart_terraform::value::{Kind, Value};

mod formats;
mod looks;

use formats::{Format, Found};
use looks::Looks;

pub(crate) use crate::registry::SEC001 as META;

/// Values nest no deeper than the evaluator allows; this only guards the walk.
const MAX_WALK_DEPTH: usize = 256;

pub(crate) fn check(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    let c = Checker { module, db };
    // Resources first: a literal reaching a resource argument from a local or
    // a variable default is reported with the argument it ends up in.
    for inst in &module.resources {
        c.instance(inst, OwnerKind::Resource, sink);
    }
    for inst in &module.data {
        c.instance(inst, OwnerKind::Data, sink);
    }
    for inst in &module.providers {
        c.instance(inst, OwnerKind::Provider, sink);
    }
    for var in &module.variables {
        let Some(default) = &var.default else {
            continue;
        };
        let address = format!("var.{}", var.name);
        let owner = Owner {
            kind: OwnerKind::Variable,
            address: &address,
            rtype: "",
        };
        c.named_value(&owner, &var.name, default, sink);
    }
    for (name, value) in &module.locals {
        let address = format!("local.{name}");
        let owner = Owner {
            kind: OwnerKind::Local,
            address: &address,
            rtype: "",
        };
        c.named_value(&owner, name, value, sink);
    }
    for (name, value) in &module.outputs {
        let address = format!("output.{name}");
        let owner = Owner {
            kind: OwnerKind::Output,
            address: &address,
            rtype: "",
        };
        c.named_value(&owner, name, value, sink);
    }
}

// ---------------------------------------------------------------------------
// Which names hold secrets

/// A first word that makes the name a switch or a setting about a secret,
/// not the secret (`manage_master_user_password`, `generate_secret`).
const NOT_SECRET_FIRST_WORDS: &[&str] = &[
    "allow", "auto", "create", "disable", "disabled", "enable", "enabled", "generate", "has",
    "ignore", "include", "is", "manage", "no", "require", "required", "requires", "reset",
    "rotate", "show", "skip", "use",
];

/// Last words that name a secret on their own.
const SECRET_LAST_WORDS: &[&str] = &[
    "password",
    "passwords",
    "passwd",
    "passphrase",
    "passcode",
    "secret",
    "token",
    // Run-together spellings (`apikey`, `secretKey` is split already).
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "clientsecret",
    "authtoken",
    "accesstoken",
];

/// `…_token` names that are not secrets: idempotency and paging tokens,
/// DNS verification tokens.
const NOT_SECRET_TOKENS: &[&str] = &[
    "cancel",
    "cancellation",
    "client",
    "continuation",
    "creation",
    "idempotency",
    "next",
    "page",
    "pagination",
    "request",
    "sync",
    "verification",
];

/// `…_key` names that are secrets (`api_key`, `secret_key`, `private_key`,
/// `access_key`, `tunnel1_preshared_key`); any other key (`public_key`,
/// `kms_key`, `hash_key`, `ssh_key`, `pgp_key`) is not.
const SECRET_KEY_QUALIFIERS: &[&str] = &[
    "access",
    "account",
    "admin",
    "api",
    "app",
    "application",
    "auth",
    "authentication",
    "client",
    "encryption",
    "hmac",
    "ingest",
    "integration",
    "license",
    "master",
    "preshared",
    "private",
    "raw",
    "routing",
    "sas",
    "secret",
    "session",
    "shared",
    "signing",
    "storage",
    "subscription",
    "webhook",
];

/// Arguments whose map keys are labels, never secrets (their values are
/// still searched for access keys).
const LABEL_MAPS: &[&str] = &["tags", "tags_all", "labels", "annotations"];

/// The words of a name: `DB_PASSWORD`, `dbPassword`, `db-password` and
/// `DBPassword` all give `["db", "password"]`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let next_lower = chars.peek().is_some_and(|n| n.is_lowercase());
            let boundary = prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower)
            });
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Does this argument, map key, variable or local name say it holds a
/// secret? Decided by its last word, so `password_length`, `token_ttl`,
/// `secret_arn`, `kms_key_id` and `secret_name` are not secrets.
pub(crate) fn is_secret_name(name: &str) -> bool {
    // Every secret name's last word contains one of these: most names
    // (`from_port`, `tags`) are ruled out without splitting them. Only for
    // ASCII names, whose lowercase is the ASCII lowercase.
    const STEMS: &[&[u8]] = &[b"pass", b"secret", b"token", b"key", b"pwd", b"credential"];
    if name.is_ascii()
        && !STEMS.iter().any(|stem| {
            name.as_bytes()
                .windows(stem.len())
                .any(|w| w.eq_ignore_ascii_case(stem))
        })
    {
        return false;
    }
    let mut w = words(name);
    // `password_wo` (a write-only argument), `private_key_pem`.
    if w.len() > 1 && w.last().is_some_and(|l| l == "wo") {
        w.pop();
    }
    if w.len() > 1
        && w.last()
            .is_some_and(|l| matches!(l.as_str(), "pem" | "b64" | "base64"))
    {
        w.pop();
    }
    let n = w.len();
    let (Some(first), Some(last)) = (w.first(), w.last()) else {
        return false;
    };
    if n > 1 && NOT_SECRET_FIRST_WORDS.contains(&first.as_str()) {
        return false;
    }
    let prev = n.checked_sub(2).and_then(|i| w.get(i)).map(String::as_str);
    match last.as_str() {
        "token" => !prev.is_some_and(|p| NOT_SECRET_TOKENS.contains(&p)),
        l if SECRET_LAST_WORDS.contains(&l) => true,
        // `pwd` alone is the working directory.
        "pwd" => n > 1,
        "key" => prev.is_some_and(|p| SECRET_KEY_QUALIFIERS.contains(&p)),
        "credentials" => w == ["basic", "auth", "credentials"],
        _ => false,
    }
}

/// Arguments that hold a secret because of the resource they belong to
/// (a string given to them is the secret itself).
fn is_secret_by_type(rtype: &str, attr: &str, body: &EvalBody) -> bool {
    match rtype {
        "aws_secretsmanager_secret_version" => {
            matches!(attr, "secret_string" | "secret_string_wo" | "secret_binary")
        }
        "aws_ssm_parameter" => {
            matches!(attr, "value" | "value_wo")
                && body.get("type").and_then(Value::as_str) == Some("SecureString")
        }
        "aws_api_gateway_api_key" => attr == "value",
        "azurerm_key_vault_secret" => matches!(attr, "value" | "value_wo"),
        "google_secret_manager_secret_version" => matches!(attr, "secret_data" | "secret_data_wo"),
        "vault_generic_secret" | "vault_kv_secret" | "vault_kv_secret_v2" => attr == "data_json",
        t if t.starts_with("github_") && t.ends_with("_secret") => attr == "plaintext_value",
        _ => false,
    }
}

/// A `name`/`value` pair naming a secret (`env { name = "DB_PASSWORD"
/// value = "..." }`, ECS `environment`, Beanstalk `setting`, CloudFront
/// `custom_header`): the name, unless a `type` says the value is only a
/// reference (CodeBuild's `PARAMETER_STORE` and `SECRETS_MANAGER`).
fn secret_pair_name<'v>(get: impl Fn(&str) -> Option<&'v Value>) -> Option<&'v str> {
    let name = get("name")?.as_str()?;
    get("value")?;
    if !is_secret_name(name) {
        return None;
    }
    if let Some(t) = get("type").and_then(Value::as_str) {
        if t.eq_ignore_ascii_case("PARAMETER_STORE") || t.eq_ignore_ascii_case("SECRETS_MANAGER") {
            return None;
        }
    }
    Some(name)
}

// ---------------------------------------------------------------------------
// Patterns found anywhere

/// Credentials of a known format in `text`, as (format, start, end,
/// example-or-placeholder).
fn find_patterns(text: &str) -> Vec<Found> {
    formats::find(text)
}

// ---------------------------------------------------------------------------
// Literal source text

/// Does template text contain an interpolation or a directive (`${`, `%{`,
/// not the escapes `$${` and `%%{`)?
pub(crate) fn has_template_syntax(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        match (b.get(i), b.get(i + 1), b.get(i + 2)) {
            (Some(b'$'), Some(b'$'), Some(b'{')) | (Some(b'%'), Some(b'%'), Some(b'{')) => i += 3,
            (Some(b'$' | b'%'), Some(b'{'), _) => return true,
            _ => i += 1,
        }
    }
    false
}

/// Is the source at `loc` a quoted string or heredoc (possibly a template)?
fn is_string_syntax(text: &str) -> bool {
    text.starts_with('"') || text.starts_with("<<")
}

enum Where<'a> {
    /// A `.tf` or `.tf.json` file, with the text at the location.
    Config(&'a str),
    /// A `.tfvars` file (or `.tfvars.json`): input, not configuration.
    Vars,
    /// A file read by `file()` or `templatefile()`, with its name and the
    /// text at the location.
    Loaded(String, &'a str),
}

// ---------------------------------------------------------------------------
// The walk

#[derive(Clone, Copy, PartialEq, Eq)]
enum OwnerKind {
    Resource,
    Data,
    Provider,
    Variable,
    Local,
    Output,
}

struct Owner<'a> {
    kind: OwnerKind,
    /// `aws_db_instance.main`, `provider.aws`, `var.db_password`.
    address: &'a str,
    /// The resource type or provider name; empty for the others.
    rtype: &'a str,
}

impl Owner<'_> {
    fn subject(&self) -> String {
        match self.kind {
            OwnerKind::Provider => format!("the `{}` provider", self.rtype),
            _ => format!("`{}`", self.address),
        }
    }
}

/// Where a value sits inside its owner.
#[derive(Clone)]
struct Place {
    /// `master_user_options.master_user_password`, `environment.variables.DB_PASSWORD`;
    /// empty for the value of a variable, local or output itself.
    path: String,
    /// The secret's name when it is given by a `name` next to the `value`.
    pair_name: Option<String>,
    /// The whole top-level `key = value` attribute, where a finding about a
    /// value read from another file is placed.
    attr_loc: Option<Loc>,
}

impl Place {
    fn child(&self, key: &str) -> Place {
        Place {
            path: join(&self.path, key),
            pair_name: None,
            attr_loc: self.attr_loc,
        }
    }

    /// "`password`", or "`DB_PASSWORD` (in `environment`)".
    fn what(&self) -> String {
        match &self.pair_name {
            Some(name) => {
                let parent = self.path.rsplit_once('.').map_or("", |(p, _)| p);
                if parent.is_empty() {
                    format!("`{name}`")
                } else {
                    format!("`{name}` (in `{parent}`)")
                }
            }
            None => format!("`{}`", self.path),
        }
    }

    /// Is this an argument named for an AWS secret access key
    /// (`secret_key`, `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`)?
    fn names_aws_secret_key(&self) -> bool {
        let name = self
            .pair_name
            .as_deref()
            .unwrap_or_else(|| self.path.rsplit('.').next().unwrap_or_default());
        let w = words(name);
        let tail: Vec<&str> = w.iter().rev().take(3).map(String::as_str).collect();
        matches!(
            tail.as_slice(),
            ["key", "secret", ..] | ["key", "access", "secret"]
        )
    }

    fn is_write_only(&self) -> bool {
        self.path.ends_with("_wo")
    }

    /// Provisioner connection settings are not kept in the state.
    fn outside_state(&self) -> bool {
        self.path.starts_with("connection.") || self.path.starts_with("provisioner.")
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

struct Checker<'a> {
    module: &'a EvaluatedModule,
    db: &'a SourceDb,
}

impl Checker<'_> {
    fn instance(&self, inst: &Instance, kind: OwnerKind, sink: &mut Sink<'_>) {
        let owner = Owner {
            kind,
            address: &inst.address,
            rtype: &inst.rtype,
        };
        self.body(&owner, &inst.body, "", false, 0, sink);
    }

    /// A block body. `secret_block` is set for blocks named like a secret
    /// (`api_key { key = "x-api-key" value = "..." }`).
    fn body(
        &self,
        owner: &Owner<'_>,
        body: &EvalBody,
        prefix: &str,
        secret_block: bool,
        depth: usize,
        sink: &mut Sink<'_>,
    ) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        let pair = secret_pair_name(|k| body.get(k));
        for (i, (key, value)) in body.attrs.iter().enumerate() {
            let place = Place {
                path: join(prefix, key),
                pair_name: None,
                attr_loc: body.attr_locs.get(i).copied(),
            };
            let (secret, place) = if key == "value" && pair.is_some() {
                let place = Place {
                    pair_name: pair.map(str::to_string),
                    ..place
                };
                (true, place)
            } else {
                let secret = is_secret_name(key)
                    || (key == "value" && secret_block)
                    || (prefix.is_empty()
                        && owner.kind == OwnerKind::Resource
                        && is_secret_by_type(owner.rtype, key, body));
                (secret, place)
            };
            let keys = !LABEL_MAPS.contains(&key.as_str());
            self.value(owner, &place, secret, keys, value, depth + 1, sink);
        }
        for block in &body.blocks {
            let path = join(prefix, &block.ident);
            let secret = is_secret_name(&block.ident);
            self.body(owner, &block.body, &path, secret, depth + 1, sink);
        }
    }

    /// The value of a variable (its default), a local or an output.
    fn named_value(&self, owner: &Owner<'_>, name: &str, value: &Value, sink: &mut Sink<'_>) {
        let place = Place {
            path: String::new(),
            pair_name: None,
            attr_loc: None,
        };
        self.value(owner, &place, is_secret_name(name), true, value, 0, sink);
    }

    /// Walk a value. `secret`: a string here is a secret. `keys`: map keys
    /// here are classified (not inside `tags`).
    #[allow(clippy::too_many_arguments)]
    fn value(
        &self,
        owner: &Owner<'_>,
        place: &Place,
        secret: bool,
        keys: bool,
        v: &Value,
        depth: usize,
        sink: &mut Sink<'_>,
    ) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match &v.kind {
            Kind::String(s) => {
                let bare =
                    secret && place.names_aws_secret_key() && formats::is_aws_secret_key_value(s);
                if secret && !s.is_empty() {
                    self.report_secret(owner, place, v, s, bare, sink);
                }
                self.report_patterns(owner, place, v, s, bare, sink);
                if let Some(inner) = v.encoded() {
                    // `jsonencode({ password = "..." })`: its keys decide.
                    self.value(owner, place, false, true, inner, depth + 1, sink);
                }
            }
            Kind::List(items) => {
                for item in items {
                    self.value(owner, place, secret, keys, item, depth + 1, sink);
                }
            }
            Kind::Object(map) => {
                let pair = if keys {
                    secret_pair_name(|k| map.get(k))
                } else {
                    None
                };
                for (k, item) in map {
                    let mut child = place.child(k);
                    let secret = if !keys {
                        false
                    } else if k == "value" && pair.is_some() {
                        child.pair_name = pair.map(str::to_string);
                        true
                    } else {
                        is_secret_name(k)
                    };
                    let keys = keys && !LABEL_MAPS.contains(&k.as_str());
                    self.value(owner, &child, secret, keys, item, depth + 1, sink);
                }
            }
            Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Unknown => {}
        }
    }

    fn locate(&self, loc: Loc) -> Option<Where<'_>> {
        let file = self.db.get(loc.file)?;
        let text = file.text.get(loc.span.start()..loc.span.end())?;
        Some(match FileKind::of(&file.path) {
            Some(k) if k.is_config() => Where::Config(text),
            Some(_) => Where::Vars,
            None => Where::Loaded(
                file.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            ),
        })
    }

    /// A literal written in a configuration file at `loc`: a quoted string
    /// or heredoc, without interpolation, and not empty.
    fn is_literal(&self, loc: Loc) -> bool {
        match self.locate(loc) {
            Some(Where::Config(text)) => {
                is_string_syntax(text) && !has_template_syntax(text) && text != "\"\""
            }
            _ => false,
        }
    }

    /// The variable default or local a literal was written in.
    fn literal_home(&self, origin: Loc) -> Option<(String, String)> {
        let inside = |site: Option<Loc>| {
            site.is_some_and(|s| s.file == origin.file && s.span.contains(origin.span))
        };
        for var in &self.module.variables {
            if var.default.as_ref().is_some_and(|d| inside(d.site)) {
                return Some((
                    format!("var.{}", var.name),
                    format!("the default of `var.{}`", var.name),
                ));
            }
        }
        for (name, value) in &self.module.locals {
            if value.trail.is_empty() && inside(value.site) {
                return Some((format!("local.{name}"), format!("`local.{name}`")));
            }
        }
        None
    }

    /// A literal string `s` in a credential position. `bare`: `s` is an AWS
    /// secret access key in an argument named for one.
    fn report_secret(
        &self,
        owner: &Owner<'_>,
        place: &Place,
        v: &Value,
        s: &str,
        bare: bool,
        sink: &mut Sink<'_>,
    ) {
        let Some(origin) = Value::origin(v) else {
            return;
        };
        if !self.is_literal(origin) {
            return;
        }
        let known = bare || !find_patterns(s).is_empty();
        // A one-line credential of a known format is reported by its format
        // (same place, better message); a heredoc holding one is reported
        // here, at the attribute, and its format's finding then skipped.
        if known && !s.contains('\n') {
            return;
        }
        let placeholder = match looks::classify(s) {
            _ if known => false,
            Looks::NotSecret => return,
            Looks::Placeholder => true,
            Looks::Secret => false,
        };
        let (literal, severity) = if placeholder {
            ("a placeholder", Some(Severity::Low))
        } else {
            ("a literal string", None)
        };
        let in_state = matches!(
            owner.kind,
            OwnerKind::Resource | OwnerKind::Data | OwnerKind::Output
        ) && !place.is_write_only()
            && !place.outside_state();
        let consequence = if placeholder {
            "replace it with a reference to a secret store before applying"
        } else if in_state {
            "the secret is in the code and in the state"
        } else {
            "the secret is in the code"
        };
        let subject = owner.subject();
        let what = place.what();
        let direct = v.trail.is_empty();
        if direct {
            let message = match owner.kind {
                OwnerKind::Variable if place.path.is_empty() => {
                    let default = if placeholder {
                        "a placeholder"
                    } else {
                        "a literal"
                    };
                    format!("{subject} has {default} default value; {consequence}")
                }
                OwnerKind::Variable => {
                    format!("the default of {subject} sets {what} to {literal}; {consequence}")
                }
                OwnerKind::Local | OwnerKind::Output if place.path.is_empty() => {
                    format!("{subject} is {literal}; {consequence}")
                }
                _ => format!("{subject} sets {what} to {literal}; {consequence}"),
            };
            sink.report(
                &META,
                Report {
                    // One literal, one finding, whatever reaches it.
                    identity: Some(String::new()),
                    loc: Some(origin),
                    resource: owner.address.to_string(),
                    message,
                    provenance: None,
                    fix: Some(fix_for(owner, place, None)),
                    severity,
                    ..Report::default()
                },
            );
            return;
        }
        // The literal was written elsewhere (a local, a variable default, a
        // `for_each` map) and reached this argument.
        let home = self.literal_home(origin);
        let (resource, source) = match &home {
            Some((address, source)) => (address.clone(), format!("{source}, {literal}")),
            None => (
                owner.address.to_string(),
                format!("{literal} written elsewhere in the configuration"),
            ),
        };
        let message = match owner.kind {
            OwnerKind::Variable | OwnerKind::Local | OwnerKind::Output if place.path.is_empty() => {
                format!("{subject} is set from {source}; {consequence}")
            }
            _ => format!("{subject} sets {what} from {source}; {consequence}"),
        };
        let mut related = Vec::new();
        if let Some(site) = v.site {
            related.push(Related {
                loc: Some(site),
                message: format!("used as {what} of {subject}"),
            });
        }
        sink.report(
            &META,
            Report {
                // One literal, one finding, whatever reaches it.
                identity: Some(String::new()),
                loc: Some(origin),
                resource,
                message,
                provenance: Some(v),
                fix: Some(fix_for(
                    owner,
                    place,
                    home.as_ref().map(|(a, _)| a.as_str()),
                )),
                related,
                severity,
                ..Report::default()
            },
        );
    }

    /// Credentials recognizable by their shape, reported where the string was
    /// written (or on the argument reading the file that holds them).
    /// `bare`: the whole string is an AWS secret access key in an argument
    /// named for one.
    fn report_patterns(
        &self,
        owner: &Owner<'_>,
        place: &Place,
        v: &Value,
        s: &str,
        bare: bool,
        sink: &mut Sink<'_>,
    ) {
        if !bare && find_patterns(s).is_empty() {
            return;
        }
        let mut locs: Vec<Loc> = v.site.into_iter().collect();
        locs.extend(v.trail.hops().into_iter().filter_map(|h| h.loc));
        locs.dedup();
        for loc in locs {
            // Written somewhere else (a local, a variable default) and used here.
            let used_here = v.site.filter(|&site| site != loc);
            match self.locate(loc) {
                Some(Where::Config(text)) if is_string_syntax(text) => {
                    let multi_line = text.contains('\n');
                    let mut found = find_patterns(text);
                    if found.is_empty() && bare && !multi_line {
                        found.push(Found {
                            format: Format::AwsSecretKey,
                            start: 0,
                            end: text.len(),
                            example: s.contains("EXAMPLE"),
                        });
                    }
                    for f in found {
                        // In a heredoc, point at the line holding the key,
                        // unless the whole string is already reported.
                        let at = if multi_line {
                            if sink.has(META.code, loc) {
                                continue;
                            }
                            Loc::new(
                                loc.file,
                                Span::new(loc.span.start() + f.start, loc.span.start() + f.end),
                            )
                        } else {
                            loc
                        };
                        let hit = Hit {
                            found: f,
                            at,
                            via_file: None,
                            home: used_here.and_then(|_| self.literal_home(loc)),
                            used_here,
                        };
                        self.report_pattern(owner, place, hit, sink);
                    }
                }
                Some(Where::Loaded(name, text)) => {
                    let Some(attr) = place.attr_loc else {
                        continue;
                    };
                    if let Some(&f) = find_patterns(text).first() {
                        let hit = Hit {
                            found: f,
                            at: attr,
                            via_file: Some(name),
                            home: None,
                            used_here: None,
                        };
                        self.report_pattern(owner, place, hit, sink);
                    }
                }
                _ => {}
            }
        }
    }

    fn report_pattern(&self, owner: &Owner<'_>, place: &Place, hit: Hit, sink: &mut Sink<'_>) {
        let format = hit.found.format;
        let low = hit.found.example;
        let (thing, consequence) = match (format, low) {
            (Format::UrlPassword, true) => (
                "a placeholder password inside a URL".to_string(),
                "replace it with a reference to a secret store before applying".to_string(),
            ),
            (_, true) => (
                format.thing().to_string(),
                format!(
                    "it looks like a documentation example, but if it is a real one, treat {} as leaked",
                    format.leaked()
                ),
            ),
            (_, false) => (
                format.thing().to_string(),
                format!("treat {} as leaked", format.leaked()),
            ),
        };
        let subject = owner.subject();
        let inside = match (owner.kind, place.path.is_empty()) {
            (OwnerKind::Variable, true) => " in its default".to_string(),
            (_, true) => String::new(),
            (OwnerKind::Variable, false) => format!(" in `{}` of its default", place.path),
            (_, false) if hit.via_file.is_some() => format!(" into `{}`", place.path),
            (_, false) => format!(" in `{}`", place.path),
        };
        let mut resource = owner.address.to_string();
        let message = match (&hit.via_file, &hit.home, hit.used_here) {
            (Some(file), _, _) => format!(
                "{subject} reads `{file}`{inside}, and the file contains {thing}; {consequence}"
            ),
            (None, Some((address, source)), Some(_)) => {
                resource = address.clone();
                let used = used_in(&inside, &subject);
                format!("{source} has {thing}, {used}; {consequence}")
            }
            (None, None, Some(_)) => format!(
                "{subject} uses {thing}{inside}, written elsewhere in the configuration; {consequence}"
            ),
            (None, _, None) => format!("{subject} has {thing}{inside}; {consequence}"),
        };
        let related = hit
            .used_here
            .map(|site| Related {
                loc: Some(site),
                message: used_in(&inside, &subject),
            })
            .into_iter()
            .collect();
        sink.report(
            &META,
            Report {
                // One literal, one finding, whatever reaches it.
                identity: Some(String::new()),
                loc: Some(hit.at),
                resource,
                message,
                fix: Some(format.fix().to_string()),
                related,
                severity: (low || format.is_minor()).then_some(Severity::Low),
                ..Report::default()
            },
        );
    }
}

/// "used in `tags.Owner` of `aws_instance.web`", "used by `output.x`".
fn used_in(inside: &str, subject: &str) -> String {
    if inside.is_empty() {
        format!("used by {subject}")
    } else {
        format!("used{inside} of {subject}")
    }
}

/// A credential pattern found in source text.
struct Hit {
    found: Found,
    /// Where to report it.
    at: Loc,
    /// The file it was read from with `file()`/`templatefile()`.
    via_file: Option<String>,
    /// The variable default or local it is written in (address, description).
    home: Option<(String, String)>,
    /// Where the value is used, when it was written elsewhere.
    used_here: Option<Loc>,
}

/// How to fix a literal secret. `home`: the variable or local the literal
/// was written in, when it reached the argument from there.
fn fix_for(owner: &Owner<'_>, place: &Place, home: Option<&str>) -> String {
    const ROTATE: &str = "; then rotate the secret, which is in the repository's history";
    if let Some(var) = home.and_then(|h| h.strip_prefix("var.")) {
        return format!("remove the default of `var.{var}` and mark the variable `sensitive = true`; set it at run time (`TF_VAR_{var}` from a secret store or CI secret){ROTATE}");
    }
    if home.is_some_and(|h| h.starts_with("local.")) {
        return format!("take the secret out of `locals`: read it from AWS Secrets Manager, SSM Parameter Store or Vault with a data source or an ephemeral resource, or pass it in through a variable marked `sensitive = true`{ROTATE}");
    }
    match owner.kind {
        OwnerKind::Provider if owner.rtype == "aws" => format!("remove the keys from the provider block and let the AWS provider find credentials itself (environment variables, an SSO or shared-config profile, an instance or task role, OIDC in CI){ROTATE}"),
        OwnerKind::Provider => format!("remove the credential from the provider block and give it through the provider's environment variable, or a variable marked `sensitive = true` set at run time{ROTATE}"),
        OwnerKind::Variable => {
            let name = owner.address.strip_prefix("var.").unwrap_or(owner.address);
            format!("remove the default and mark the variable `sensitive = true`; set it at run time (`TF_VAR_{name}` from a secret store or CI secret){ROTATE}")
        }
        OwnerKind::Local => format!("take the secret out of `locals`: read it from AWS Secrets Manager, SSM Parameter Store or Vault with a data source or an ephemeral resource, or pass it in through a variable marked `sensitive = true`{ROTATE}"),
        _ => {
            let key = place.path.as_str();
            match (owner.rtype, key) {
                ("aws_db_instance" | "aws_rds_cluster", "password" | "master_password") => format!("set `manage_master_user_password = true` and remove `{key}`: RDS then keeps the password in AWS Secrets Manager{ROTATE}"),
                ("aws_redshift_cluster", "master_password") => format!("set `manage_master_password = true` and remove `master_password`: Redshift then keeps the password in AWS Secrets Manager{ROTATE}"),
                _ => format!("pass the secret in at run time: a variable marked `sensitive = true` with no default (set with `TF_VAR_…` from a secret store), an AWS Secrets Manager or SSM Parameter Store data source, or an ephemeral resource feeding a write-only argument{ROTATE}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Finding;
    use rampart_config::Config;
    use rampart_terraform::eval::{Evaluator, FileLoader, Inputs};
    use rampart_terraform::module::{parse_file, Module};
    use rampart_terraform::source::{FileId, SourceFile};
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "master_password",
            "master_user_password",
            "admin_password",
            "administrator_login_password",
            "root_password",
            "db_pwd",
            "passwords",
            "secret",
            "client_secret",
            "secret_key",
            "aws_secret_access_key",
            "access_key",
            "storage_account_access_key",
            "private_key",
            "ssh_private_key",
            "ca_private_key_pem",
            "api_key",
            "apikey",
            "apiKey",
            "X-Api-Key",
            "DB_PASSWORD",
            "DBPassword",
            "dbPassword",
            "db-password",
            "token",
            "auth_token",
            "access_token",
            "github_token",
            "sas_token",
            "password_wo",
            "tunnel1_preshared_key",
            "client_key",
            "webhook_secret",
            "basic_auth_credentials",
            "passphrase",
        ] {
            assert!(is_secret_name(name), "{name} should be a secret name");
        }
        for name in [
            "password_length",
            "min_password_length",
            "password_policy",
            "password_reset_required",
            "password_wo_version",
            "token_ttl",
            "token_type",
            "secret_arn",
            "secret_id",
            "secret_name",
            "secret_key_ref",
            "kms_key_id",
            "kms_key",
            "key_name",
            "public_key",
            "pgp_key",
            "hash_key",
            "ssh_key",
            "access_key_id",
            "aws_access_key_id",
            "manage_master_user_password",
            "generate_secret",
            "is_secret",
            "creation_token",
            "idempotency_token",
            "client_token",
            "master_username",
            "password_data",
            "pwd",
            "key",
            "credentials",
            "api_key_required",
            "passwordless",
            "client_secret_setting_name",
            "",
        ] {
            assert!(!is_secret_name(name), "{name} should not be a secret name");
        }
    }

    #[test]
    fn words_split() {
        assert_eq!(words("DBPassword"), ["db", "password"]);
        assert_eq!(words("dbPassword"), ["db", "password"]);
        assert_eq!(words("X-Api-Key"), ["x", "api", "key"]);
        assert_eq!(
            words("tunnel1_preshared_key"),
            ["tunnel1", "preshared", "key"]
        );
        assert_eq!(words("__a__b"), ["a", "b"]);
    }

    #[test]
    fn template_syntax() {
        assert!(has_template_syntax("\"a${var.x}\""));
        assert!(has_template_syntax("<<EOT\n%{ if true }x%{ endif }\nEOT"));
        assert!(!has_template_syntax("\"a$${b}\""));
        assert!(!has_template_syntax("\"100%%{x}\""));
        assert!(!has_template_syntax("\"$5 and 10%\""));
    }

    // -- end to end -------------------------------------------------------

    struct Files(Vec<(PathBuf, FileId, Arc<str>)>);

    impl FileLoader for Files {
        fn load(&self, path: &Path) -> Option<(FileId, Arc<str>)> {
            self.0
                .iter()
                .find(|(p, _, _)| p.file_name() == path.file_name())
                .map(|(_, id, text)| (*id, text.clone()))
        }
    }

    /// Findings of this rule as (file, line, message), for a module made of
    /// `files` (`.tf`, `.tfvars`, or anything else for `file()`).
    fn run(files: &[(&str, &str)]) -> Vec<(String, u32, String)> {
        run_findings(files)
            .into_iter()
            .map(|(f, name, line)| (name, line, f.message))
            .collect()
    }

    fn run_findings(files: &[(&str, &str)]) -> Vec<(Finding, String, u32)> {
        let mut db = SourceDb::new();
        let mut parsed = Vec::new();
        let mut loaded = Vec::new();
        for (name, text) in files {
            let path = PathBuf::from("m").join(name);
            let id = db.add(SourceFile::new(path.clone(), text.to_string()));
            if FileKind::of(&path).is_some() {
                parsed.push(parse_file(&db, id).expect("fixture parses"));
            } else {
                loaded.push((path, id, Arc::from(*text)));
            }
        }
        let (module, problems) = Module::build(PathBuf::from("m"), parsed, &db);
        assert!(problems.is_empty(), "{problems:?}");
        let loader = Files(loaded);
        let evaluated = Evaluator::new(&module, &db, &Inputs::default())
            .with_loader(&loader)
            .evaluate();
        assert!(evaluated.problems.is_empty(), "{:?}", evaluated.problems);
        let mut out: Vec<(Finding, String, u32)> =
            crate::check(&evaluated, &db, &Config::default())
                .into_iter()
                .filter(|f| f.code == "SEC001")
                .map(|f| {
                    let file = db.get(f.loc.file).expect("file");
                    let name = file
                        .path
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned();
                    let line = file.line_col(f.loc.span.start()).line;
                    (f, name, line)
                })
                .collect();
        out.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
        out
    }

    fn lines(found: &[(String, u32, String)]) -> Vec<(&str, u32)> {
        found.iter().map(|(f, l, _)| (f.as_str(), *l)).collect()
    }

    #[test]
    fn literal_arguments_are_reported_references_are_not() {
        let found = run(&[(
            "main.tf",
            r#"
variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "api" {
  length = 32
}

resource "aws_db_instance" "literal" {
  password = "Hq7#vR2kLm9!"
}

resource "aws_db_instance" "from_var" {
  password = var.db_password
}

resource "aws_db_instance" "generated" {
  password = random_password.api.result
}

resource "aws_db_instance" "called" {
  password = lower("NOT-LITERAL")
}

resource "aws_db_instance" "interpolated" {
  password = "prefix-${random_password.api.result}"
}

resource "aws_db_instance" "empty" {
  password = ""
}

resource "aws_iam_user_login_profile" "x" {
  password_length = 20
}

resource "aws_rds_cluster" "managed" {
  manage_master_user_password = true
  master_user_secret_kms_key_id = "alias/rds"
}
"#,
        )]);
        assert_eq!(lines(&found), [("main.tf", 12)]);
        let msg = &found[0].2;
        assert!(
            msg.contains("`aws_db_instance.literal` sets `password` to a literal string"),
            "{msg}"
        );
        assert!(!msg.contains("Hq7"), "{msg}");
    }

    #[test]
    fn literals_reaching_arguments_are_reported_where_written() {
        let found = run(&[
            (
                "main.tf",
                r#"
variable "master" {
  default = "Df4#kQ9zW2pL"
}

locals {
  admin = "Lc8!mT3xV6qR"
}

resource "aws_db_instance" "a" {
  password = var.master
}

resource "aws_rds_cluster" "b" {
  master_password = local.admin
}

resource "aws_db_instance" "c" {
  password = var.from_tfvars
}

variable "from_tfvars" {
  type = string
}
"#,
            ),
            ("terraform.tfvars", "from_tfvars = \"not-reported-here\"\n"),
        ]);
        assert_eq!(lines(&found), [("main.tf", 3), ("main.tf", 7)]);
        assert!(
            found[0].2.contains("the default of `var.master`"),
            "{}",
            found[0].2
        );
        assert!(found[1].2.contains("`local.admin`"), "{}", found[1].2);
    }

    #[test]
    fn variables_locals_and_nested_values() {
        let found = run(&[(
            "main.tf",
            r#"
variable "api_token" {
  type      = string
  sensitive = true
  default   = "changeme"
}

variable "admin_password" {
  default = ""
}

variable "password_length" {
  default = 24
}

variable "db" {
  default = {
    username = "admin"
    password = "Nt5$wB8yK1jH"
  }
}

locals {
  webhook_secret = "whsec_Zr4Kp9QmX2vL"
  secret_name    = "prod/db"
}

resource "aws_opensearch_domain" "logs" {
  advanced_security_options {
    master_user_options {
      master_user_name     = "admin"
      master_user_password = "Os7@hN4cF9tY"
    }
  }
}

resource "aws_lambda_function" "api" {
  environment {
    variables = {
      LOG_LEVEL   = "info"
      API_KEY     = "k3Y9qZ7mR2xW5v"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  container_definitions = jsonencode([{
    name = "app"
    environment = [
      { name = "DB_PASSWORD", value = "Ec5#sP8nQ2rT" },
      { name = "PORT", value = "8080" },
    ]
  }])
}
"#,
        )]);
        assert_eq!(
            lines(&found),
            [
                ("main.tf", 5),
                ("main.tf", 19),
                ("main.tf", 24),
                ("main.tf", 32),
                ("main.tf", 41),
                ("main.tf", 50),
            ]
        );
        assert!(
            found[0]
                .2
                .contains("`var.api_token` has a placeholder default value"),
            "{}",
            found[0].2
        );
        assert!(
            found[3]
                .2
                .contains("advanced_security_options.master_user_options.master_user_password"),
            "{}",
            found[3].2
        );
        assert!(found[5].2.contains("`DB_PASSWORD`"), "{}", found[5].2);
    }

    #[test]
    fn access_keys_anywhere() {
        let found = run(&[
            (
                "main.tf",
                r#"
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

locals {
  deploy = { id = "AKIA4QXZ7RB2NWT6YVLM" }
}

resource "aws_instance" "web" {
  tags = {
    Token = "not-a-secret-tag"
    Owner = "AKIA4QXZ7RB2NWT6YVLM"
  }
  user_data = <<-EOT
    #!/bin/sh
    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
  EOT
}

resource "aws_instance" "worker" {
  user_data = file("boot.sh")
}

output "who" {
  value = local.deploy.id
}

resource "aws_s3_bucket" "logs" {
  tags = { Deployer = local.deploy.id }
}
"#,
            ),
            (
                "boot.sh",
                "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE\n",
            ),
        ]);
        assert_eq!(
            lines(&found),
            [
                ("main.tf", 4),
                ("main.tf", 5),
                ("main.tf", 9),
                ("main.tf", 15),
                ("main.tf", 19),
                ("main.tf", 24),
            ]
        );
        for (_, _, msg) in &found {
            assert!(!msg.contains("EXAMPLE"), "{msg}");
        }
        assert!(
            found[5].2.contains("reads `boot.sh` into `user_data`"),
            "{}",
            found[5].2
        );
        assert_eq!(
            found[2].2,
            "`local.deploy` has an AWS access key ID, used in `tags.Deployer` of `aws_s3_bucket.logs`; treat the key as leaked"
        );
        assert!(
            found[3].2.contains("an AWS access key ID in `tags.Owner`"),
            "{}",
            found[3].2
        );
    }

    #[test]
    fn other_shapes() {
        let found = run(&[(
            "main.tf",
            r#"
variable "prod" {
  default = false
}

variable "shared" {
  default = "Sh9!rD3kL7mQ"
}

resource "aws_db_instance" "each" {
  for_each = {
    a = "Ea4#cH8kT2nV"
    b = "Eb7$dJ3mW9pX"
  }
  password = each.value
}

resource "aws_db_instance" "cond" {
  password = var.prod ? random_password.p.result : "Dv2@nL6qR8sZ"
}

resource "aws_db_instance" "wrapped" {
  password = "${var.shared}"
}

resource "null_resource" "ssh" {
  connection {
    type     = "ssh"
    password = "Ss6!hP3xK9wM"
  }
}

data "http" "status" {
  url = "https://status.example.com"
  request_headers = {
    Accept    = "application/json"
    X-Api-Key = "Hk8#dR4vN1qB"
  }
}

output "admin_token" {
  value = "Ol3$tQ7zC5yF"
}

resource "random_password" "p" {
  length = 16
}
"#,
        )]);
        assert_eq!(
            lines(&found),
            [
                ("main.tf", 7),
                ("main.tf", 12),
                ("main.tf", 13),
                ("main.tf", 19),
                ("main.tf", 29),
                ("main.tf", 37),
                ("main.tf", 42),
            ]
        );
        let msgs: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert!(
            msgs[0].contains("from the default of `var.shared`"),
            "{}",
            msgs[0]
        );
        assert!(msgs[1].contains("written elsewhere"), "{}", msgs[1]);
        assert!(
            msgs[4].ends_with("the secret is in the code"),
            "{}",
            msgs[4]
        );
        assert!(
            msgs[6].starts_with("`output.admin_token` is a literal string"),
            "{}",
            msgs[6]
        );
    }

    #[test]
    fn json_syntax() {
        let found = run(&[(
            "main.tf.json",
            r#"{
  "provider": { "aws": { "region": "eu-west-1", "secret_key": "Js9#nS4kX2wP" } },
  "variable": { "db_password": { "default": "Jd6@fT1mZ8rL" } },
  "resource": { "aws_db_instance": { "x": { "password": "${var.db_password}" } } }
}
"#,
        )]);
        assert_eq!(lines(&found), [("main.tf.json", 2), ("main.tf.json", 3)]);
    }

    #[test]
    fn heredoc_secret_is_reported_once() {
        let found = run_findings(&[(
            "main.tf",
            r#"
resource "aws_iam_server_certificate" "legacy" {
  name             = "legacy"
  certificate_body = "cert"
  private_key      = <<EOT
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA
-----END RSA PRIVATE KEY-----
EOT
}
"#,
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, 5);
        assert!(found[0]
            .0
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("rotate")));
    }

    #[test]
    fn placeholders_and_references_inside_strings() {
        let found = run(&[(
            "main.tf",
            r#"
resource "aws_apprunner_service" "api" {
  source_configuration {
    image_repository {
      image_configuration {
        runtime_environment_secrets = {
          DB_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"
        }
      }
    }
  }
}

resource "aws_codebuild_project" "build" {
  environment {
    environment_variable {
      name  = "GITHUB_TOKEN"
      value = "/ci/github-token"
      type  = "PARAMETER_STORE"
    }
    environment_variable {
      name  = "NPM_TOKEN"
      value = "npm_Zk4Qx9Rm2WvL7pN3"
      type  = "PLAINTEXT"
    }
  }
}

resource "aws_ssm_parameter" "plain" {
  name  = "/app/log_level"
  type  = "String"
  value = "debug"
}

resource "aws_ssm_parameter" "secure" {
  name  = "/app/signing"
  type  = "SecureString"
  value = "Ls5#eC8rY2uG"
}
"#,
        )]);
        assert_eq!(lines(&found), [("main.tf", 23), ("main.tf", 38)]);
    }

    #[test]
    fn placeholders_are_low_and_names_are_not_secrets() {
        let found = run_findings(&[(
            "main.tf",
            r#"
variable "ssm_github_api_key" {
  default = "/argocd/github/api_key"
}

variable "admin_password" {
  default = "changeme"
}

provider "aws" {
  access_key = "mock_access_key"
  secret_key = "mock_secret_key"
}

resource "example_policy" "p" {
  access_token       = "minutes"
  refresh_token      = "days"
  api_key_secret_key = "feeds-api-key"
  token              = "$slack-token"
  client_secret      = "{{ .Values.token }}"
  user_password      = "foobar"
  password           = "abcdefg"
  auth_token         = "Rk7#pQ2xW9mZ"
  env {
    name  = "OPERATOR_SECRET"
    value = "operator"
  }
}

locals {
  github = "ghp_R7kQ2xW9mZ4vN8pL3tY6hB1cD5fG0jK2sA4e"
  doc    = "AKIAIOSFODNN7EXAMPLE"
}
"#,
        )]);
        let got: Vec<(u32, Severity)> = found.iter().map(|(f, _, l)| (*l, f.severity)).collect();
        assert_eq!(
            got,
            [
                (7, Severity::Low),
                (23, Severity::High),
                (31, Severity::High),
                (32, Severity::Low),
            ],
            "{found:#?}"
        );
        let msg = |line: u32| {
            found
                .iter()
                .find(|(_, _, l)| *l == line)
                .map(|(f, _, _)| f.message.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            msg(7),
            "`var.admin_password` has a placeholder default value; replace it with a reference to a secret store before applying"
        );
        assert_eq!(
            msg(31),
            "`local.github` has a GitHub token; treat the token as leaked"
        );
        assert!(msg(32).contains("documentation example"), "{}", msg(32));
    }
}
