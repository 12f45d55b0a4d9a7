//! Paths as reports show them: relative to the working directory for
//! people, relative to the repository root (the nearest directory above
//! the working directory holding `.git`) for CI systems and fingerprints.
//! One implementation for the CLI's formats and the engine's baselines.

use std::path::{Component, Path, PathBuf};

/// The working directory and the repository root paths are made relative to.
pub struct Paths {
    cwd: PathBuf,
    root: PathBuf,
}

impl Paths {
    pub fn new(cwd: &Path) -> Paths {
        let cwd = normalize(cwd);
        let root = cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or_else(|| cwd.clone(), Path::to_path_buf);
        Paths { cwd, root }
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` (as discovered: relative to the working directory, or
    /// absolute) made absolute, without `.` or `..`.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        normalize(&self.cwd.join(path))
    }

    /// `path` relative to the repository root with `/` separators, or
    /// `None` when it lies outside the repository.
    pub fn repo_relative(&self, path: &Path) -> Option<String> {
        let abs = self.absolute(path);
        let rel = abs.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// The path CI systems should show: repository-relative when inside the
    /// repository, otherwise as the pretty output shows it.
    pub fn repo_path(&self, path: &Path) -> String {
        self.repo_relative(path)
            .unwrap_or_else(|| display_path(path, &self.cwd))
    }

    /// The path relative to the working directory, as the pretty output
    /// shows it.
    pub fn display(&self, path: &Path) -> String {
        display_path(path, &self.cwd)
    }
}

/// `path` without `.` components and with `..` applied lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` as the CLI shows it: relative to `cwd` when under it, `/`
/// separators, no leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_root() {
        let paths = Paths {
            cwd: PathBuf::from("/repo/infra"),
            root: PathBuf::from("/repo"),
        };
        assert_eq!(
            paths.repo_relative(Path::new("main.tf")).as_deref(),
            Some("infra/main.tf")
        );
        assert_eq!(
            paths.repo_relative(Path::new("./a/../b.tf")).as_deref(),
            Some("infra/b.tf")
        );
        assert_eq!(
            paths.repo_relative(Path::new("../x.tf")).as_deref(),
            Some("x.tf")
        );
        assert_eq!(paths.repo_relative(Path::new("/elsewhere/y.tf")), None);
        assert_eq!(
            paths.repo_path(Path::new("/elsewhere/y.tf")),
            "/elsewhere/y.tf"
        );
    }
}
