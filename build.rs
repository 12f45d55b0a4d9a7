//! Records the commit the binary is built from, for `rampart --version`:
//! `git rev-parse --short HEAD` when this package is its own git checkout,
//! else the `RAMPART_COMMIT` environment variable (builds from a source
//! tarball or sdist, which have no `.git`), else `unknown`. The result is
//! the `RAMPART_COMMIT` compile-time variable of this package.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The commit of the checkout at `dir`, if `dir` is the top of one: a
/// package unpacked inside some other repository (an sdist in a project's
/// tree) must not report that repository's commit.
fn checkout_commit(dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself (a branch switch) and the ref
    // it names (a commit on the branch); packed-refs for a `git gc`.
    for (flag, name) in [("--git-path", "HEAD"), ("--git-path", "packed-refs")] {
        if let Some(p) = git(dir, &["rev-parse", flag, name]) {
            println!("cargo:rerun-if-changed={}", dir.join(p).display());
        }
    }
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", &branch]) {
            println!("cargo:rerun-if-changed={}", dir.join(p).display());
        }
    }
    git(dir, &["rev-parse", "--short", "HEAD"])
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RAMPART_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = checkout_commit(&dir)
        .or_else(|| {
            std::env::var("RAMPART_COMMIT")
                .ok()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=RAMPART_COMMIT={commit}");
}
