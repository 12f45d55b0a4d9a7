//! Loading a policy folder: every `.rego` file under the configured paths,
//! each parsed on its own (a syntax error is that file's problem only),
//! METADATA read, ids checked against the built-in rules and each other,
//! then everything compiled once into one engine, which each evaluation
//! clones (the clone shares the compiled policies).

use crate::error::{locate, PolicyError};
use crate::intern::{rule_meta, Content};
use crate::metadata::{self, Metadata};
use rampart_policy::RuleMeta;
use regorus::Engine;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Custom rules live in packages under this one: `rampart.custom.NAME`.
pub const PACKAGE_ROOT: &str = "rampart.custom";

/// The rule whose results are a policy's findings.
pub const DENY: &str = "deny";

/// The most `.rego` files a run loads.
pub const MAX_FILES: usize = 10_000;

/// The wall time one evaluation (one policy over one module instance) may
/// take before it is stopped; see `docs/budgets.md`.
pub const EVALUATION_BUDGET: Duration = Duration::from_secs(2);

/// A `.rego` file that was read.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Its package (`rampart.custom.acme`), when it parsed.
    pub package: Option<String>,
}

/// One custom rule: a package under `rampart.custom` with a `deny` rule and
/// METADATA.
#[derive(Debug)]
pub struct Policy {
    pub meta: &'static RuleMeta,
    /// `rampart.custom.app_port`
    pub package: String,
    /// The file holding its METADATA.
    pub path: PathBuf,
    /// Its `package` line there (errors about the policy point at it).
    pub span: Range<usize>,
    pub(crate) text: Arc<str>,
    /// `data.rampart.custom.app_port.deny`
    pub(crate) entry: String,
    /// Its METADATA's `custom.fix_hint`: each finding's `fix`.
    pub(crate) fix: Option<String>,
    /// Set once an evaluation ran out of budget: not run again this run.
    pub(crate) stopped: AtomicBool,
}

impl Policy {
    /// An error about this policy, at its `package` line.
    pub(crate) fn error(&self, message: impl Into<String>) -> PolicyError {
        PolicyError::new(
            &self.path,
            Some(&self.text),
            Some(self.span.clone()),
            message,
        )
    }
}

/// The custom policies of a run, compiled.
#[derive(Debug)]
pub struct PolicySet {
    pub(crate) policies: Vec<Policy>,
    errors: Vec<PolicyError>,
    files: Vec<PolicyFile>,
    /// Every file that parsed, with rampart's built-ins; `None` without
    /// policies.
    pub(crate) engine: Option<Mutex<Engine>>,
    pub(crate) budget: Duration,
}

impl Default for PolicySet {
    fn default() -> PolicySet {
        PolicySet::empty()
    }
}

impl PolicySet {
    /// No policies.
    pub fn empty() -> PolicySet {
        PolicySet {
            policies: Vec::new(),
            errors: Vec::new(),
            files: Vec::new(),
            engine: None,
            budget: EVALUATION_BUDGET,
        }
    }

    /// Load every `.rego` file under `paths` (directories, walked
    /// recursively, skipping hidden entries; or files). Nothing whose real
    /// path leaves `bound` (the configuration's repository) is read. This
    /// never fails: what cannot be loaded is in [`PolicySet::errors`], and
    /// the other policies load.
    pub fn load(paths: &[PathBuf], bound: Option<&Path>) -> PolicySet {
        crate::builtins::clock();
        let mut set = PolicySet::empty();
        let found = collect(paths, bound, &mut set.errors);
        set.files = read(found, &mut set.errors);
        set.compile();
        set.errors.sort_by(|a, b| {
            (&a.path, a.span.as_ref().map(|s| s.start))
                .cmp(&(&b.path, b.span.as_ref().map(|s| s.start)))
        });
        set
    }

    /// The same policies with another evaluation budget (tests).
    pub fn with_budget(mut self, budget: Duration) -> PolicySet {
        self.budget = budget;
        self
    }

    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// Has the set no policy to run?
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The custom rules, in code order.
    pub fn rules(&self) -> Vec<&'static RuleMeta> {
        self.policies.iter().map(|p| p.meta).collect()
    }

    /// The custom rules' codes (for validating the configuration).
    pub fn codes(&self) -> Vec<String> {
        self.policies
            .iter()
            .map(|p| p.meta.code.to_string())
            .collect()
    }

    /// The custom rule named `code_or_name` (any case).
    pub fn rule(&self, code_or_name: &str) -> Option<&'static RuleMeta> {
        self.policies
            .iter()
            .map(|p| p.meta)
            .find(|m| m.is_named(code_or_name))
    }

    /// What could not be loaded.
    pub fn errors(&self) -> &[PolicyError] {
        &self.errors
    }

    /// Every `.rego` file read (an editor watches them).
    pub fn files(&self) -> &[PolicyFile] {
        &self.files
    }

    /// A fresh engine holding every policy file that compiled and
    /// rampart's built-ins (`rampart test` runs the `test_` rules in it).
    pub fn engine(&self) -> Option<Engine> {
        let engine = self.engine.as_ref()?;
        let guard = engine.lock().unwrap_or_else(|p| p.into_inner());
        Some(guard.clone())
    }

    fn compile(&mut self) {
        // Each file parsed alone: a syntax error stays its file's.
        let mut parsed: Vec<(usize, Engine)> = Vec::new();
        for (i, file) in self.files.iter_mut().enumerate() {
            let mut engine = Engine::new();
            match engine.add_policy(file.path.display().to_string(), file.text.to_string()) {
                Ok(package) => {
                    file.package = Some(
                        package
                            .strip_prefix("data.")
                            .unwrap_or(&package)
                            .to_string(),
                    );
                    parsed.push((i, engine));
                }
                Err(e) => {
                    let name = file.path.display().to_string();
                    let (span, what) = locate(&e.to_string(), &name, &file.text);
                    self.errors.push(PolicyError::new(
                        &file.path,
                        Some(&file.text),
                        span,
                        format!("syntax error: {what} (the policies of this file are not run)"),
                    ));
                }
            }
        }
        // Packages and their files, in path order.
        let mut packages: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
        for (i, engine) in &parsed {
            let Some(file) = self.files.get(*i) else {
                continue;
            };
            let name = file.path.display().to_string();
            let deny = engine
                .has_declared_rule_rooted_at(&name, DENY)
                .unwrap_or(false);
            if let Some(p) = &file.package {
                packages.entry(p.clone()).or_default().push((*i, deny));
            }
        }
        let mut candidates = Vec::new();
        for (package, files) in &packages {
            if let Some(c) = self.candidate(package, files) {
                candidates.push(c);
            }
        }
        candidates.sort_by(|a, b| a.path.cmp(&b.path).then(a.span.start.cmp(&b.span.start)));
        let mut excluded: HashSet<String> = HashSet::new();
        // Prepared once, here: the clones share what it compiles.
        let Some(engine) = self.engine_of(&parsed, &mut excluded) else {
            return;
        };
        self.engine = Some(Mutex::new(engine));
        let builtin: HashSet<&str> = rampart_policy::RULES
            .iter()
            .map(|r| metadata::prefix_of(r.code))
            .collect();
        let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut names: HashSet<String> = HashSet::new();
        for c in candidates {
            if excluded.contains(&c.package) {
                continue;
            }
            let m = &c.metadata;
            let err = |span: Range<usize>, msg: String| {
                PolicyError::new(&c.path, Some(&c.text), Some(span), msg)
            };
            if let Some(r) = rampart_policy::rule(&m.id) {
                self.errors.push(err(
                    c.id_span.clone(),
                    format!("rule id `{}` is the built-in rule {} ({}): choose another id (this policy is not run)", m.id, r.code, r.name),
                ));
                continue;
            }
            let prefix = metadata::prefix_of(&m.id);
            if builtin.contains(prefix) {
                self.errors.push(err(
                    c.id_span.clone(),
                    format!("rule id `{}` starts with `{prefix}`, the prefix of built-in rules (`--select {prefix}` would pick it, and a future built-in rule could take its code): use your own prefix, such as ACME (this policy is not run)", m.id),
                ));
                continue;
            }
            if let Some(first) = ids.get(&m.id) {
                self.errors.push(err(
                    c.id_span.clone(),
                    format!(
                        "rule id `{}` is already the id of the policy in {} (this policy is not run)",
                        m.id,
                        first.display()
                    ),
                ));
                continue;
            }
            let name = rule_name(&c.package);
            if rampart_policy::rule(&name).is_some() || names.contains(&name) {
                self.errors.push(err(
                    c.span.clone(),
                    format!("package `{}` makes the rule name `{name}`, which another rule has (rename the package; this policy is not run)", c.package),
                ));
                continue;
            }
            ids.insert(m.id.clone(), c.path.clone());
            names.insert(name.clone());
            let meta = rule_meta(Content {
                docs: docs(m, &name, &c.path, &c.package),
                code: m.id.clone(),
                name,
                title: m.title.clone(),
                severity: m.severity,
                summary: m.description.clone().unwrap_or_else(|| m.title.clone()),
                links: m.links.clone(),
            });
            let fix = m.fix_hint.clone();
            self.policies.push(Policy {
                meta,
                fix,
                entry: format!("data.{}.{DENY}", c.package),
                package: c.package,
                path: c.path,
                span: c.span,
                text: c.text,
                stopped: AtomicBool::new(false),
            });
        }
        // Listed (and run) in code order, as built-in rules are.
        self.policies.sort_by(|a, b| a.meta.code.cmp(b.meta.code));
    }

    /// What makes `package` a policy, from its files' METADATA (errors
    /// recorded; `None` for a library package or a broken one).
    fn candidate(&mut self, package: &str, files: &[(usize, bool)]) -> Option<Candidate> {
        let under_root = package
            .strip_prefix(PACKAGE_ROOT)
            .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1);
        let has_deny = files.iter().any(|(_, d)| *d);
        let mut found: Option<Candidate> = None;
        for &(i, _) in files {
            let Some(file) = self.files.get(i) else {
                continue;
            };
            let span = package_span(&file.text);
            for block in metadata::blocks(&file.text) {
                if !block.before_package {
                    continue;
                }
                let at = |s: Range<usize>, m: String| {
                    PolicyError::new(&file.path, Some(&file.text), Some(s), m)
                };
                if !under_root {
                    if block.read().is_ok() {
                        self.errors.push(at(
                            block.header.clone(),
                            format!("package `{package}` has rule METADATA, but rampart runs only packages under `{PACKAGE_ROOT}` (write `package {PACKAGE_ROOT}.NAME`)"),
                        ));
                    }
                    continue;
                }
                if let Some(first) = &found {
                    self.errors.push(at(
                        block.header.clone(),
                        format!(
                            "package `{package}` already has its METADATA in {} (one block per policy)",
                            first.path.display()
                        ),
                    ));
                    continue;
                }
                match block.read() {
                    Ok(metadata) => {
                        found = Some(Candidate {
                            package: package.to_string(),
                            path: file.path.clone(),
                            text: file.text.clone(),
                            span: span.clone(),
                            id_span: block.id_span(),
                            metadata,
                        });
                    }
                    Err(e) => {
                        self.errors.push(at(
                            e.span,
                            format!("{} (this policy is not run)", e.message),
                        ));
                        return None;
                    }
                }
            }
        }
        if !under_root {
            return None;
        }
        match found {
            Some(c) if !has_deny => {
                self.errors.push(PolicyError::new(
                    &c.path,
                    Some(&c.text),
                    Some(c.span),
                    format!("package `{package}` has METADATA but no `{DENY}` rule: its findings come from `{DENY} contains result if {{ … }}`"),
                ));
                None
            }
            Some(c) => Some(c),
            None if has_deny => {
                let (i, _) = files.iter().find(|(_, d)| *d).copied()?;
                let file = self.files.get(i)?;
                self.errors.push(PolicyError::new(
                    &file.path,
                    Some(&file.text),
                    Some(package_span(&file.text)),
                    format!("package `{package}` has a `{DENY}` rule but no METADATA block above its `package` line (with `title` and `custom.id`, `custom.severity`): it is not run"),
                ));
                None
            }
            None => None,
        }
    }

    /// One engine with rampart's built-ins and every file that parsed,
    /// less the packages that do not compile (their files named in
    /// `excluded`, each an error).
    fn engine_of(
        &mut self,
        parsed: &[(usize, Engine)],
        excluded: &mut HashSet<String>,
    ) -> Option<Engine> {
        // Each round drops at least one package, so this ends.
        for _ in 0..=parsed.len() {
            let mut engine = Engine::new();
            engine.set_gather_prints(true);
            if let Err(e) = crate::builtins::register(&mut engine) {
                self.errors.push(PolicyError::new(
                    Path::new(PACKAGE_ROOT),
                    None,
                    None,
                    format!("internal error registering rampart's built-ins: {e}"),
                ));
                return None;
            }
            let mut any = false;
            for (i, _) in parsed {
                let Some(file) = self.files.get(*i) else {
                    continue;
                };
                if file.package.as_ref().is_some_and(|p| excluded.contains(p)) {
                    continue;
                }
                if engine
                    .add_policy(file.path.display().to_string(), file.text.to_string())
                    .is_ok()
                {
                    any = true;
                }
            }
            if !any {
                return None;
            }
            let Err(e) = engine.eval_query("true".to_string(), false) else {
                return Some(engine);
            };
            let message = e.to_string();
            // The file the error is in: its package is left out.
            let culprit = parsed.iter().find_map(|(i, _)| {
                let file = self.files.get(*i)?;
                let name = file.path.display().to_string();
                message
                    .contains(&format!("--> {name}:"))
                    .then_some((file, name))
            });
            let Some((file, name)) = culprit else {
                self.errors.push(PolicyError::new(
                    Path::new(PACKAGE_ROOT),
                    None,
                    None,
                    format!("the custom policies do not compile: {message}"),
                ));
                return None;
            };
            let (span, what) = locate(&message, &name, &file.text);
            let package = file.package.clone().unwrap_or_default();
            self.errors.push(PolicyError::new(
                &file.path,
                Some(&file.text),
                span,
                format!("{what} (package `{package}` is not run)"),
            ));
            excluded.insert(package);
        }
        None
    }
}

/// A package that may become a policy.
struct Candidate {
    package: String,
    path: PathBuf,
    text: Arc<str>,
    span: Range<usize>,
    id_span: Range<usize>,
    metadata: Metadata,
}

/// The span of the `package …` line's name (else the file's start).
fn package_span(text: &str) -> Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("package") {
            if rest.starts_with([' ', '\t']) {
                let start = offset + (line.len() - trimmed.len());
                let name = rest.trim();
                let name_start = start + "package".len() + (rest.len() - rest.trim_start().len());
                return name_start..name_start + name.len().max(1).min(line.len());
            }
        }
        offset += line.len();
    }
    0..0
}

/// `rampart.custom.app_port` → `app-port`.
pub(crate) fn rule_name(package: &str) -> String {
    package
        .strip_prefix(PACKAGE_ROOT)
        .unwrap_or(package)
        .trim_start_matches('.')
        .replace(['.', '_'], "-")
        .to_ascii_lowercase()
}

/// A custom rule's documentation (`rampart explain`, SARIF help, hovers),
/// written from its METADATA in the shape of the built-in rules' READMEs.
fn docs(m: &Metadata, name: &str, path: &Path, package: &str) -> String {
    let mut out = format!(
        "# {}: {name}\n\n**Title:** {}\n**Severity:** {}\n**Policy:** `{}` (package `{package}`)\n",
        m.id,
        m.title,
        m.severity.as_str(),
        path.display().to_string().replace('\\', "/"),
    );
    out.push_str("\n## What it flags\n\n");
    out.push_str(m.description.as_deref().unwrap_or(&m.title));
    out.push('\n');
    if let Some(fix) = &m.fix_hint {
        out.push_str(&format!("\n## How to fix\n\n{fix}\n"));
    }
    if !m.links.is_empty() {
        out.push_str("\n## References\n\n");
        for l in &m.links {
            out.push_str(&format!("- {l}\n"));
        }
    }
    out
}

/// The `.rego` files under `paths`, sorted, each once.
fn collect(paths: &[PathBuf], bound: Option<&Path>, errors: &mut Vec<PolicyError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let outside = |real: &Path| bound.is_some_and(|b| !real.starts_with(b));
    for root in paths {
        // `./.rampart/policies` as `.rampart/policies`, as rampart names
        // the working directory's files.
        let root = &root
            .strip_prefix(".")
            .ok()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| root.clone(), Path::to_path_buf);
        let Ok(real) = root.canonicalize() else {
            errors.push(PolicyError::new(
                root,
                None,
                None,
                "no such file or directory",
            ));
            continue;
        };
        if outside(&real) {
            errors.push(PolicyError::new(
                root,
                None,
                None,
                "not read: it leads outside the configuration's repository",
            ));
            continue;
        }
        if real.is_file() {
            if seen.insert(real) {
                out.push(root.clone());
            }
            continue;
        }
        let mut stack = vec![root.clone()];
        let mut dirs_seen = HashSet::from([real]);
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                errors.push(PolicyError::new(
                    &dir,
                    None,
                    None,
                    "cannot read this directory",
                ));
                continue;
            };
            let mut entries: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            let mut subdirs = Vec::new();
            for path in entries {
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if hidden {
                    continue;
                }
                let Ok(real) = path.canonicalize() else {
                    continue;
                };
                let is_rego = path.extension().is_some_and(|e| e == "rego");
                if real.is_dir() {
                    if outside(&real) {
                        errors.push(PolicyError::new(&path, None, None, "symbolic link not followed: it leads outside the configuration's repository"));
                    } else if dirs_seen.insert(real) {
                        subdirs.push(path);
                    }
                } else if is_rego {
                    if outside(&real) {
                        errors.push(PolicyError::new(&path, None, None, "symbolic link not followed: it leads outside the configuration's repository"));
                    } else if seen.insert(real) {
                        out.push(path);
                    }
                }
            }
            // Depth first, in name order.
            stack.extend(subdirs.into_iter().rev());
        }
    }
    out
}

/// Read each file (regular, UTF-8, at most regorus's 1 MiB), at most
/// [`MAX_FILES`] of them.
fn read(paths: Vec<PathBuf>, errors: &mut Vec<PolicyError>) -> Vec<PolicyFile> {
    const MAX_BYTES: u64 = 1024 * 1024;
    let mut out = Vec::new();
    for (n, path) in paths.into_iter().enumerate() {
        if n >= MAX_FILES {
            errors.push(PolicyError::new(
                &path,
                None,
                None,
                format!("more than {MAX_FILES} policy files: the rest are not read"),
            ));
            break;
        }
        let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES);
        if too_big {
            errors.push(PolicyError::new(
                &path,
                None,
                None,
                format!("larger than {MAX_BYTES} bytes: not read"),
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => out.push(PolicyFile {
                    path,
                    text: Arc::from(text),
                    package: None,
                }),
                Err(_) => errors.push(PolicyError::new(
                    &path,
                    None,
                    None,
                    "not UTF-8 text: not read",
                )),
            },
            Err(e) => errors.push(PolicyError::new(
                &path,
                None,
                None,
                format!("cannot read: {e}"),
            )),
        }
    }
    out
}
