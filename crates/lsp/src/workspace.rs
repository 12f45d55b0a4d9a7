//! Each workspace folder's configuration and custom Rego policies, loaded
//! together (the policies first: their codes are valid in `[rules]` and
//! `[[suppress]]`) and kept between checks, so a keystroke never reads or
//! compiles a policy. The worker loads them again only when the
//! configuration file changes or a `.rego` file the set read, or one
//! created where policies are read from, changes ([`Workspace::concerns`]).

use rampart_config::{Config, DEFAULT_POLICY_DIR};
use rampart_engine::policies;
use rampart_rego::PolicySet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A workspace folder's configuration and policies.
#[derive(Debug)]
pub struct Workspace {
    pub config: Config,
    pub policies: Arc<PolicySet>,
    /// Where `.rego` files are read from, or would be if they existed
    /// (`.rampart/policies` is read only once it is a directory): a file
    /// created under one of these is a new policy.
    roots: Vec<PathBuf>,
    /// The same, canonical where they exist (a client may name files
    /// through another path to them).
    canonical_roots: Vec<PathBuf>,
    /// What loading it had to say: a configuration that could not be used.
    pub warnings: Vec<String>,
}

/// Where `config`'s policies are read from, or would be: `[policies]
/// paths`, else `.rampart/policies` beside the configuration file (under
/// `folder` without one), whether or not it exists yet.
fn policy_roots(config: &Config, folder: &Path) -> Vec<PathBuf> {
    match &config.policies.paths {
        Some(paths) => paths
            .iter()
            .map(|p| config.files.base_dir.join(p))
            .collect(),
        None if config.path.is_some() => vec![config.files.base_dir.join(DEFAULT_POLICY_DIR)],
        None => vec![folder.join(DEFAULT_POLICY_DIR)],
    }
}

impl Workspace {
    /// Load the configuration that applies to `folder` (the nearest
    /// `rampart.toml` at or above it, as `rampart check` finds it) and the
    /// custom policies it names. A configuration that cannot be used is a
    /// warning ([`Workspace::warnings`]), and the defaults are used; the policies its `[policies]`
    /// names are kept even then (they may be why it cannot be used: a
    /// `[rules]` entry naming the code of a policy that no longer
    /// compiles), so their own errors still show on their files. The
    /// policies' errors are in [`PolicySet::errors`].
    pub fn load(folder: &Path) -> Workspace {
        let checked = [folder.to_path_buf()];
        let mut warnings = Vec::new();
        // What `rampart_engine::policies::load_config` does, keeping the
        // policies when the rest of the configuration fails.
        let mut loaded: Option<(PolicySet, Vec<PathBuf>)> = None;
        let config = match Config::discover(folder) {
            Some(path) => {
                let codes = rampart_policy::registry::codes();
                let result = Config::load_with_custom(&path, &codes, |c| {
                    let set = policies::load(c, &checked);
                    let custom = set.codes();
                    loaded = Some((set, policy_roots(c, folder)));
                    custom
                });
                match result {
                    Ok(config) => config,
                    Err(e) => {
                        // Most errors name the file already.
                        let shown = path.display().to_string();
                        let e = e.to_string();
                        warnings.push(if e.contains(&shown) {
                            format!("bad configuration, using defaults: {e}")
                        } else {
                            format!("bad configuration, using defaults: {shown}: {e}")
                        });
                        Config::default()
                    }
                }
            }
            None => Config::default(),
        };
        let (set, roots) = loaded.unwrap_or_else(|| {
            (
                policies::load(&config, &checked),
                policy_roots(&config, folder),
            )
        });
        let canonical_roots = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
        Workspace {
            config,
            policies: Arc::new(set),
            roots,
            canonical_roots,
            warnings,
        }
    }

    /// Does a change of the `.rego` file `path` (created, changed or
    /// deleted) concern these policies: a file the set read, or one under
    /// a directory policies are read from?
    pub fn concerns(&self, path: &Path) -> bool {
        if self.policies.files().iter().any(|f| f.path == path) {
            return true;
        }
        if self.roots.iter().any(|r| path.starts_with(r)) {
            return true;
        }
        // Through the real path of its directory (a deleted file has none).
        let real = path
            .parent()
            .and_then(|d| d.canonicalize().ok())
            .zip(path.file_name())
            .map(|(d, n)| d.join(n));
        real.is_some_and(|real| {
            self.canonical_roots.iter().any(|r| real.starts_with(r))
                || self
                    .policies
                    .files()
                    .iter()
                    .any(|f| f.path.canonicalize().is_ok_and(|c| c == real))
        })
    }

    /// The `.rego` files the policies were read from.
    pub fn policy_files(&self) -> impl Iterator<Item = &Path> {
        self.policies.files().iter().map(|f| f.path.as_path())
    }

    /// The policies' load errors as `file:line:col: message`, the file
    /// relative to `folder` when it is inside.
    pub fn policy_errors(&self, folder: &Path) -> Vec<String> {
        self.policies
            .errors()
            .iter()
            .map(|e| {
                let path = e.path.strip_prefix(folder).unwrap_or(&e.path);
                let path = rampart_config::short(&path.display().to_string());
                match e.line_col() {
                    Some((line, col)) => format!("{path}:{line}:{col}: {}", e.message),
                    None => format!("{path}: {}", e.message),
                }
            })
            .collect()
    }
}

/// Is `path` a Rego file?
pub fn is_rego(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rego")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "# METADATA\n# title: Buckets need an owner\n# custom:\n#   id: ACME001\n#   severity: low\npackage rampart.custom.owner\n\nimport rego.v1\n\ndeny contains result if {\n\tsome r in input.resources\n\tr.type == \"aws_s3_bucket\"\n\tnot r.values.tags.Owner\n\tresult := {\"msg\": \"no owner\", \"resource\": r.address}\n}\n";

    #[test]
    fn custom_codes_are_valid_in_the_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("policies")).unwrap();
        std::fs::write(root.join("policies/owner.rego"), POLICY).unwrap();
        std::fs::write(
            root.join("rampart.toml"),
            "[policies]\npaths = [\"policies\"]\n\n[rules]\nseverity = { ACME001 = \"high\" }\n",
        )
        .unwrap();
        let ws = Workspace::load(&root);
        assert!(ws.warnings.is_empty(), "{:?}", ws.warnings);
        assert_eq!(ws.policies.codes(), ["ACME001"]);
        assert!(ws.config.path.is_some());
        assert!(ws.concerns(&root.join("policies/owner.rego")));
        assert!(ws.concerns(&root.join("policies/sub/new.rego")));
        assert!(!ws.concerns(&root.join("other/new.rego")));
    }

    #[test]
    fn a_broken_configuration_keeps_its_policies() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("policies")).unwrap();
        // The policy does not parse, so `ACME001` is no code the
        // configuration may name.
        std::fs::write(
            root.join("policies/owner.rego"),
            POLICY.replace("if {", "if {{"),
        )
        .unwrap();
        std::fs::write(
            root.join("rampart.toml"),
            "[policies]\npaths = [\"policies\"]\n\n[rules]\nignore = [\"ACME001\"]\n",
        )
        .unwrap();
        let ws = Workspace::load(&root);
        assert_eq!(ws.warnings.len(), 1, "{:?}", ws.warnings);
        assert!(
            ws.warnings[0].contains("bad configuration"),
            "{:?}",
            ws.warnings
        );
        assert_eq!(ws.config, Config::default());
        let errors = ws.policy_errors(&root);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("policies/owner.rego:11:2: syntax error"),
            "{errors:?}"
        );
        assert!(ws.concerns(&root.join("policies/owner.rego")));
    }

    #[test]
    fn without_a_configuration_the_default_directory_is_watched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let ws = Workspace::load(&root);
        assert!(ws.warnings.is_empty());
        assert!(ws.policies.is_empty());
        // Not there yet: a policy written there later is one.
        assert!(ws.concerns(&root.join(".rampart/policies/a.rego")));
        assert!(!ws.concerns(&root.join("a.rego")));
    }
}
