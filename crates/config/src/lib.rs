//! Loading and validation of rampart's configuration file, `rampart.toml`
//! (or `.rampart.toml`).
//!
//! ```toml
//! [network]
//! trusted_cidrs = ["203.0.113.0/24"]   # IPv4 or IPv6 CIDRs; a bare address is a single host
//! admin_ports = [22, 3389]             # default [22, 3389]
//! public_ports = [80, 443]             # default [80, 443]
//!
//! [rules]
//! select = ["NET", "IAM001"]           # rule codes or code prefixes; default: all
//! ignore = ["TLS002"]
//! severity = { NET002 = "critical" }   # low | medium | high | critical
//!
//! [files]
//! exclude = ["examples/**"]            # globs, relative to the config file's directory
//!
//! [suppressions]
//! require_reason = true                # a suppression without `reason:` is a finding (RMP003)
//! baseline = "rampart-baseline.json"   # findings it records are not reported, as with --baseline
//!
//! [policies]
//! paths = [".rampart/policies"]        # custom Rego policies; default: .rampart/policies if it exists
//!
//! [[suppress]]                         # hide findings of a rule in whole files or modules
//! rule = "NET001"                      # a rule code or prefix
//! paths = ["bastion/**"]               # globs, relative to the config file's directory
//! reason = "jump host, reachable only through the VPN"
//! expires = "2027-03-31"               # optional: from the next day on, it no longer hides
//! ```
//!
//! This crate knows nothing about Terraform, policies or output. Errors are
//! [`ConfigError`] values implementing [`miette::Diagnostic`], carrying the
//! config file and a span pointing at the offending key or value.
//!
//! ```
//! use std::path::Path;
//! use rampart_config::{Config, Severity};
//!
//! let known = ["NET001", "NET002", "IAM001"];
//! let text = "[rules]\nselect = [\"NET\"]\nignore = [\"NET002\"]\nseverity = { NET001 = \"critical\" }\n";
//! let config = Config::parse(text, Path::new("rampart.toml"), &known)?;
//! assert!(config.rules.is_enabled("NET001"));
//! assert!(!config.rules.is_enabled("NET002"));
//! assert!(!config.rules.is_enabled("IAM001"));
//! assert_eq!(config.rules.severity_for("NET001"), Some(Severity::Critical));
//!
//! let err = Config::parse("[rules]\nselect = [\"NETT001\"]\n", Path::new("rampart.toml"), &known)
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "unknown rule `NETT001` in `rules.select` in rampart.toml");
//! # Ok::<(), rampart_config::ConfigError>(())
//! ```

#![forbid(unsafe_code)]

mod date;
mod error;
mod parse;
mod select;
mod severity;
#[cfg(test)]
mod suppress_tests;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobSetBuilder};
use ipnet::IpNet;

pub use date::{Date, ParseDateError};
pub use error::{short, ConfigError, ConfigSource};
/// The matcher [`Config::exclude_set`] and [`PathSuppression::glob_set`] build.
pub use globset::GlobSet;
pub use select::{is_valid_selector, ALL_SELECTOR};
pub use severity::{ParseSeverityError, Severity};

/// Config file names looked for by [`Config::discover`], in order of preference.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["rampart.toml", ".rampart.toml"];

/// Default for [`NetworkConfig::admin_ports`]: SSH and RDP.
pub const DEFAULT_ADMIN_PORTS: [u16; 2] = [22, 3389];

/// Default for [`NetworkConfig::public_ports`]: HTTP and HTTPS.
pub const DEFAULT_PUBLIC_PORTS: [u16; 2] = [80, 443];

/// A loaded configuration; [`Config::default`] when there is no file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// `[network]`: what counts as trusted, administrative or public.
    pub network: NetworkConfig,
    /// `[rules]`: which rules run and at which severity.
    pub rules: RulesConfig,
    /// `[files]`: which files are skipped.
    pub files: FilesConfig,
    /// `[editor]`: how findings show in editors.
    pub editor: EditorConfig,
    /// `[suppressions]`: what every suppression must carry.
    pub suppressions: SuppressionsConfig,
    /// `[[suppress]]`: findings hidden in whole files or modules, in file order.
    pub suppress: Vec<PathSuppression>,
    /// `[policies]`: where custom Rego policies are.
    pub policies: PoliciesConfig,
    /// Path of the file this was loaded from, None for defaults.
    pub path: Option<PathBuf>,
    /// The text of that file, so that findings about the configuration
    /// itself (an expired `[[suppress]]` entry) can point into it.
    pub text: Option<Arc<str>>,
}

/// The `[policies]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoliciesConfig {
    /// `paths`, as written (relative to `files.base_dir`); `None` when the
    /// key is absent, and `.rampart/policies` is used if it exists.
    pub paths: Option<Vec<PathBuf>>,
}

/// The directory custom policies are read from when `[policies] paths`
/// is not set, relative to the configuration file's directory.
pub const DEFAULT_POLICY_DIR: &str = ".rampart/policies";

/// Why `path` (a `[policies] paths` entry resolved against the config
/// file's directory `base`) cannot be used: it does not exist, or its
/// real path leaves the configuration's repository (its directory,
/// outside a repository).
pub(crate) fn policy_path_problem(base: &Path, path: &Path) -> Option<String> {
    let Ok(real) = path.canonicalize() else {
        return Some("no such file or directory".to_string());
    };
    let bound = policy_bound(base)?;
    if real.starts_with(&bound) {
        None
    } else {
        Some(format!(
            "it leads outside {} (custom policies are read only inside the configuration's repository)",
            bound.display()
        ))
    }
}

/// The directory custom policies must stay in: the repository holding
/// `base` (a configuration file's directory, or the checked path), or
/// `base` itself outside one; canonical.
pub fn policy_bound(base: &Path) -> Option<PathBuf> {
    let base = absolutize(base);
    let top = repository_root(&base).map_or_else(|| base.clone(), Path::to_path_buf);
    top.canonicalize().ok()
}

/// The `[suppressions]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SuppressionsConfig {
    /// Every suppression must give a reason; one without is a finding.
    pub require_reason: bool,
    /// A baseline file (as `--write-baseline` writes it) whose findings
    /// are not reported, as written: relative to `files.base_dir` (see
    /// [`Config::baseline_path`]).
    pub baseline: Option<PathBuf>,
}

/// One `[[suppress]]` entry: the findings of `rule` in the files matching
/// `paths` are hidden (and counted as suppressed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSuppression {
    /// A rule code or prefix (`NET001`, `NET`), or `ALL`.
    pub rule: String,
    /// Globs relative to `files.base_dir`, with the semantics of
    /// `files.exclude` (a directory covers everything in it).
    pub paths: Vec<String>,
    pub reason: Option<String>,
    /// The last day it hides anything.
    pub expires: Option<Date>,
    /// Byte range of the entry in the file: its `[[suppress]]` header, or
    /// the inline table.
    pub span: Range<usize>,
    /// Byte range of the `expires` value.
    pub expires_span: Option<Range<usize>>,
}

impl PathSuppression {
    /// Does the entry cover rule `code`?
    pub fn covers_rule(&self, code: &str) -> bool {
        select::specificity(&self.rule, code).is_some()
    }

    /// The matcher for `paths`; match it with [`Config::path_matches`].
    pub fn glob_set(&self) -> Result<GlobSet, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.paths {
            builder.add(build_glob(pattern)?);
        }
        builder.build()
    }
}

/// How a finding shows in an editor (the LSP diagnostic severities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EditorLevel {
    Error,
    Warning,
    Information,
    Hint,
}

impl std::str::FromStr for EditorLevel {
    type Err = ();

    fn from_str(s: &str) -> Result<EditorLevel, ()> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Ok(EditorLevel::Error),
            "warning" => Ok(EditorLevel::Warning),
            "information" | "info" => Ok(EditorLevel::Information),
            "hint" => Ok(EditorLevel::Hint),
            _ => Err(()),
        }
    }
}

/// The `[editor]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorConfig {
    /// Overrides of the default mapping (critical and high: error, medium:
    /// warning, low: information).
    pub severity: BTreeMap<Severity, EditorLevel>,
}

impl EditorConfig {
    /// How a finding of `severity` shows.
    pub fn level(&self, severity: Severity) -> EditorLevel {
        self.severity
            .get(&severity)
            .copied()
            .unwrap_or(match severity {
                Severity::Critical | Severity::High => EditorLevel::Error,
                Severity::Medium => EditorLevel::Warning,
                Severity::Low => EditorLevel::Information,
            })
    }
}

/// The `[network]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkConfig {
    /// Networks that may be allowed in without a finding. A bare address in
    /// the file becomes a /32 or /128 network. Empty by default.
    pub trusted_cidrs: Vec<IpNet>,
    /// Ports that must never be open to the world (default 22, 3389).
    pub admin_ports: Vec<u16>,
    /// Ports that may be open to the world (default 80, 443).
    pub public_ports: Vec<u16>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            trusted_cidrs: Vec::new(),
            admin_ports: DEFAULT_ADMIN_PORTS.to_vec(),
            public_ports: DEFAULT_PUBLIC_PORTS.to_vec(),
        }
    }
}

/// The `[rules]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RulesConfig {
    /// Selected rule codes or prefixes (`"ALL"` for every rule). Empty means all.
    pub select: Vec<String>,
    /// Ignored rule codes or prefixes.
    pub ignore: Vec<String>,
    /// Severity overrides, by full rule code.
    pub severity: BTreeMap<String, Severity>,
}

/// The `[files]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilesConfig {
    /// Globs of paths to skip, relative to `base_dir`. `*` and `?` do not
    /// cross `/`; `**` does.
    pub exclude: Vec<String>,
    /// The directory the globs are relative to: the config file's directory,
    /// or `.` for the defaults.
    pub base_dir: PathBuf,
}

impl Default for FilesConfig {
    fn default() -> Self {
        FilesConfig {
            exclude: Vec::new(),
            base_dir: PathBuf::from("."),
        }
    }
}

/// The directory a configuration file's relative paths start from.
fn base_dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Build one exclude glob, with the semantics used by [`Config::exclude_set`].
fn build_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

impl Config {
    /// Parse `text` (the contents of `path`).
    ///
    /// `known_codes` is every rule code the linter has (e.g.
    /// `["NET001", "NET002", "NET003"]`); a code or prefix in
    /// `rules.select`/`rules.ignore`, or a key of `rules.severity`, that
    /// matches no known code is an error pointing at it. A severity key must
    /// be a full known code. Missing keys keep their defaults.
    pub fn parse(text: &str, path: &Path, known_codes: &[&str]) -> Result<Config, ConfigError> {
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        config.files.base_dir = base_dir_of(path);
        parse::Parser::new(text, path, known_codes).parse_into(&mut config)?;
        config.text = Some(Arc::from(text));
        Ok(config)
    }

    /// Parse `text` as [`Config::parse`] does, the codes of custom rules
    /// valid too: `custom` is given the configuration's `[policies]`
    /// table (and `files.base_dir`) before the rest is validated, and
    /// returns the codes of the rules the policies there define.
    pub fn parse_with_custom(
        text: &str,
        path: &Path,
        known_codes: &[&str],
        custom: impl FnOnce(&Config) -> Vec<String>,
    ) -> Result<Config, ConfigError> {
        let mut first = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        first.files.base_dir = base_dir_of(path);
        parse::Parser::new(text, path, known_codes).parse_policies_into(&mut first)?;
        let extra = custom(&first);
        if extra.is_empty() {
            return Config::parse(text, path, known_codes);
        }
        let mut codes: Vec<&str> = known_codes.to_vec();
        codes.extend(extra.iter().map(String::as_str));
        Config::parse(text, path, &codes)
    }

    /// Read and parse a file as [`Config::parse_with_custom`] does.
    pub fn load_with_custom(
        path: &Path,
        known_codes: &[&str],
        custom: impl FnOnce(&Config) -> Vec<String>,
    ) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse_with_custom(&text, path, known_codes, custom)
    }

    /// The directories and files custom policies are read from:
    /// `[policies] paths` relative to the configuration file's directory,
    /// else `.rampart/policies` there if it is a directory. Without a
    /// configuration file, `.rampart/policies` under `root` (the checked
    /// directory) if it is one.
    pub fn policy_paths(&self, root: &Path) -> Vec<PathBuf> {
        match &self.policies.paths {
            Some(paths) => paths.iter().map(|p| self.files.base_dir.join(p)).collect(),
            None => {
                let base = if self.path.is_some() {
                    self.files.base_dir.as_path()
                } else {
                    root
                };
                let dir = base.join(DEFAULT_POLICY_DIR);
                if dir.is_dir() {
                    vec![dir]
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// `[suppressions] baseline`, relative to the configuration file's
    /// directory.
    pub fn baseline_path(&self) -> Option<PathBuf> {
        self.suppressions
            .baseline
            .as_ref()
            .map(|p| self.files.base_dir.join(p))
    }

    /// Read and parse a file.
    pub fn load(path: &Path, known_codes: &[&str]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path, known_codes)
    }

    /// Find `rampart.toml` or `.rampart.toml` (in that order) in `start` (a
    /// directory, or a file's parent directory) or its ancestors, nearest
    /// first, within the bounds [`Config::search`] describes.
    ///
    /// The returned path is absolute.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        Config::search(start).path
    }

    /// Find the configuration file for `start` (a directory, or a file's
    /// parent directory): `rampart.toml` or `.rampart.toml` (in that
    /// order) in `start` or, nearest first, in its parents up to the
    /// repository root (the nearest directory holding `.git`). Outside a
    /// repository only the parents up to the current directory are
    /// searched, and only when `start` is below it. `/` and the home
    /// directory are never searched as parents.
    ///
    /// A candidate whose real path (symbolic links resolved) leaves that
    /// search area is not read: a checked-out tree can hold a
    /// `rampart.toml` that is a link to `/proc/self/environ`. It is listed
    /// in [`ConfigSearch::skipped`] with the reason.
    ///
    /// A relative `start` is resolved against the current directory (and
    /// `.`/`..` folded lexically, like `cd ..`, without resolving
    /// symlinks); the returned path is absolute.
    pub fn search(start: &Path) -> ConfigSearch {
        let mut out = ConfigSearch::default();
        let start = absolutize(start);
        let first = if start.is_file() {
            match start.parent() {
                Some(p) => p.to_path_buf(),
                None => return out,
            }
        } else {
            start
        };
        let top = search_top(&first);
        let Ok(bound) = top.canonicalize() else {
            return out;
        };
        let never: Vec<PathBuf> = [Some(PathBuf::from("/")), home_dir()]
            .into_iter()
            .flatten()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        for dir in first.ancestors() {
            let is_parent = dir != first.as_path();
            let canon = dir.canonicalize().ok();
            let forbidden = is_parent && canon.as_ref().is_some_and(|c| never.contains(c));
            if !forbidden {
                for name in CONFIG_FILE_NAMES {
                    let candidate = dir.join(name);
                    if !candidate.is_file() {
                        continue;
                    }
                    match candidate.canonicalize() {
                        Ok(real) if real.starts_with(&bound) => {
                            out.path = Some(candidate);
                            return out;
                        }
                        Ok(real) => out.skipped.push((
                            candidate,
                            format!(
                                "not read: it leads outside {} (to {})",
                                top.display(),
                                real.display()
                            ),
                        )),
                        Err(e) => out.skipped.push((candidate, format!("not read: {e}"))),
                    }
                }
            }
            if dir == top.as_path() {
                break;
            }
        }
        out
    }

    /// Build the exclude matcher from `files.exclude`.
    ///
    /// Match it against paths relative to `files.base_dir`, e.g. with
    /// [`Config::is_excluded`]. `*` and `?` do not match `/`; `**` matches
    /// any number of directories.
    pub fn exclude_set(&self) -> Result<GlobSet, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.files.exclude {
            let glob = build_glob(pattern).map_err(|err| self.glob_error(pattern, &err))?;
            builder.add(glob);
        }
        builder
            .build()
            .map_err(|err| self.glob_error(err.glob().unwrap_or_default(), &err))
    }

    fn glob_error(&self, pattern: &str, err: &globset::Error) -> ConfigError {
        ConfigError::InvalidGlob {
            key: "files.exclude",
            file: self.path.as_ref().map(|p| p.display().to_string()),
            pattern: pattern.to_owned(),
            reason: err.kind().to_string(),
            src: None,
            span: None,
        }
    }

    /// Is `path` (a file or directory being linted) excluded by `set` (from
    /// [`Config::exclude_set`])?
    ///
    /// The path is made relative to `files.base_dir` (lexically; a relative
    /// path is resolved against the current directory when the base
    /// directory is absolute, and vice versa), then it and each of its
    /// ancestors is matched, so excluding a directory excludes everything in
    /// it.
    pub fn is_excluded(&self, set: &GlobSet, path: &Path) -> bool {
        let relative = self.files.relative_path(path);
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| set.is_match(p))
    }

    /// Does `set` (globs relative to the config file's directory, e.g. a
    /// `[[suppress]]` entry's `paths`) match `path` or one of its
    /// ancestors? Unlike [`Config::is_excluded`], a path outside the config
    /// file's directory never matches.
    pub fn path_matches(&self, set: &GlobSet, path: &Path) -> bool {
        self.files.relative_inside(path).is_some_and(|relative| {
            relative
                .ancestors()
                .filter(|p| !p.as_os_str().is_empty())
                .any(|p| set.is_match(p))
        })
    }

    /// Apply CLI `--select`/`--ignore`: a non-empty `select` replaces the
    /// config's select, `ignore` extends its ignore. Each entry may also be a
    /// comma-separated list. Codes are validated like [`Config::parse`] does;
    /// the error has no source span and names the code and the flag. Nothing
    /// is changed on error.
    pub fn apply_cli_selection(
        &mut self,
        select: &[String],
        ignore: &[String],
        known_codes: &[&str],
    ) -> Result<(), ConfigError> {
        let select = split_cli("--select", select, known_codes)?;
        let ignore = split_cli("--ignore", ignore, known_codes)?;
        if !select.is_empty() {
            self.rules.select = select;
        }
        self.rules.ignore.extend(ignore);
        Ok(())
    }
}

/// The known codes closest to a mistyped one (at most three, ignoring
/// case), for a "did you mean" hint.
pub fn suggest_codes<'a>(wrong: &str, known_codes: &[&'a str]) -> Vec<&'a str> {
    select::closest(wrong, known_codes.iter().copied())
}

/// Split comma-separated CLI selectors and validate each one.
fn split_cli(
    flag: &'static str,
    values: &[String],
    known_codes: &[&str],
) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    for sel in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
        if sel.is_empty() {
            continue;
        }
        if !is_valid_selector(sel, known_codes) {
            return Err(ConfigError::UnknownRule {
                key: flag,
                code: sel.to_owned(),
                help: select::unknown_selector_help(sel, known_codes),
                src: None,
                span: None,
            });
        }
        out.push(sel.to_owned());
    }
    Ok(out)
}

impl RulesConfig {
    /// Is the rule enabled?
    ///
    /// Selectors are codes or prefixes (`"NET"`, `"NET001"`, `"ALL"` =
    /// everything). Like ruff: the most specific (longest) matching selector
    /// among select and ignore wins; on a tie ignore wins; with an empty
    /// select, everything is selected at the lowest specificity (that of
    /// `ALL`).
    pub fn is_enabled(&self, code: &str) -> bool {
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            select::best_match(&self.select, code)
        };
        match (selected, select::best_match(&self.ignore, code)) {
            (None, _) => false,
            (Some(sel), Some(ign)) => sel > ign,
            (Some(_), None) => true,
        }
    }

    /// The severity override for a code, if any.
    pub fn severity_for(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied()
    }
}

impl FilesConfig {
    /// `path` made relative to `base_dir` when it lies under it, otherwise
    /// `path` itself (cleaned, and made absolute if `base_dir` is).
    ///
    /// Lexical (`.` and `dir/..` are folded) except that, when exactly one
    /// of the two is absolute, both are resolved against the current
    /// directory, and when the path still is not under `base_dir`, both are
    /// canonicalized (resolving symlinks) as a last resort.
    pub fn relative_path(&self, path: &Path) -> PathBuf {
        self.relative_inside(path)
            .unwrap_or_else(|| self.comparable(path).1)
    }

    /// `path` relative to `base_dir`, if it lies under it (see
    /// [`FilesConfig::relative_path`]).
    pub fn relative_inside(&self, path: &Path) -> Option<PathBuf> {
        let (base, path) = self.comparable(path);
        if let Ok(rel) = path.strip_prefix(&base) {
            return Some(rel.to_path_buf());
        }
        let real_base = std::fs::canonicalize(&base).ok()?;
        let real_path = std::fs::canonicalize(&path).ok()?;
        real_path
            .strip_prefix(&real_base)
            .ok()
            .map(Path::to_path_buf)
    }

    /// `base_dir` and `path`, cleaned, both absolute or both relative.
    fn comparable(&self, path: &Path) -> (PathBuf, PathBuf) {
        let mut base = lexical_clean(&self.base_dir);
        let mut path = lexical_clean(path);
        if base.is_absolute() != path.is_absolute() {
            base = absolutize(&base);
            path = absolutize(&path);
        }
        (base, path)
    }
}

/// `path` resolved against the current directory (an empty path meaning the
/// current directory) and lexically cleaned; unchanged if the current
/// directory is unavailable.
/// What [`Config::search`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConfigSearch {
    /// The configuration file to use, if any (absolute).
    pub path: Option<PathBuf>,
    /// Configuration files seen but not read, each with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// The nearest directory at or above `dir` holding `.git` (a directory,
/// or a file as in worktrees and submodules).
pub fn repository_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|d| d.join(".git").exists())
}

/// The highest directory the configuration search may reach from the
/// absolute directory `first`: its repository's root; outside a
/// repository the current directory when `first` is below it; else
/// `first` itself.
fn search_top(first: &Path) -> PathBuf {
    if let Some(root) = repository_root(first) {
        return root.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) if first.starts_with(&cwd) => cwd,
        _ => first.to_path_buf(),
    }
}

/// The user's home directory (`$HOME`), if set.
fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn absolutize(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return lexical_clean(path);
    }
    match std::env::current_dir() {
        Ok(cwd) => lexical_clean(&cwd.join(path)),
        Err(_) => path.to_path_buf(),
    }
}

/// Remove `.` components and fold `dir/..` pairs, without touching the
/// file system.
fn lexical_clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lexical_clean_cases() {
        assert_eq!(lexical_clean(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(lexical_clean(Path::new("a/../b")), PathBuf::from("b"));
        assert_eq!(lexical_clean(Path::new("../a")), PathBuf::from("../a"));
        assert_eq!(lexical_clean(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(lexical_clean(Path::new(".")), PathBuf::new());
    }

    #[test]
    fn relative_path_cases() {
        let files = FilesConfig {
            exclude: Vec::new(),
            base_dir: PathBuf::from("proj"),
        };
        assert_eq!(
            files.relative_path(Path::new("proj/a/b.tf")),
            PathBuf::from("a/b.tf")
        );
        assert_eq!(
            files.relative_path(Path::new("./proj/a.tf")),
            PathBuf::from("a.tf")
        );
        assert_eq!(
            files.relative_path(Path::new("other/a.tf")),
            PathBuf::from("other/a.tf")
        );
        let dot = FilesConfig::default();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            dot.relative_path(&cwd.join("x").join("y.tf")),
            PathBuf::from("x/y.tf")
        );
        assert_eq!(
            dot.relative_path(Path::new("./x/y.tf")),
            PathBuf::from("x/y.tf")
        );
    }
}
