//! Writing reports and baselines to files: only where the user asked, never
//! through a symbolic link, never over a file the run read, and never half.
//!
//! Every file rampart writes (`--output FILE`, `--write-baseline FILE`) goes
//! through [`Destination`]: the path is checked first (a symbolic link, a
//! directory or one of the run's input files is refused with an error naming
//! it), then the text is written to a new temporary file in the same
//! directory (created with `O_EXCL` under a random name, by the `tempfile`
//! crate, which removes it again if anything fails) and renamed over the
//! destination. A rename replaces the directory entry itself, so even a
//! symbolic link created after the check is replaced, not followed; and a
//! run that fails while writing leaves the old file as it was.
//!
//! A new file gets the permissions `File::create` would give it (0666 less
//! the umask); a replaced file keeps its own.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The files a run read (its Terraform files, var-files, configuration and
/// baseline): none of them may be written over.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Canonical paths.
    paths: HashSet<PathBuf>,
    /// (device, inode) on Unix, so that a hard link is caught too.
    ids: HashSet<(u64, u64)>,
}

impl Inputs {
    /// Record an input file; paths that do not exist (text from stdin) are
    /// skipped.
    pub fn add(&mut self, path: &Path) {
        if let Ok(canonical) = std::fs::canonicalize(path) {
            if let Some(id) = file_id(&canonical) {
                self.ids.insert(id);
            }
            self.paths.insert(canonical);
        }
    }

    fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|c| self.paths.contains(&c))
            || file_id(path).is_some_and(|id| self.ids.contains(&id))
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// A checked place to write a file.
#[derive(Debug)]
pub struct Destination {
    path: PathBuf,
    /// The permissions of the file it replaces.
    existing: Option<std::fs::Permissions>,
}

/// What names one file, whether it exists yet or not: its directory's
/// real path and its name (`out.json` and `./x/../out.json` are one file).
pub fn file_key(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

impl Destination {
    /// Check `path` as the destination of `what` ("report", "baseline").
    pub fn check(path: &Path, what: &str, inputs: &Inputs) -> Result<Destination, miette::Report> {
        let shown = crate::escape::text(&path.display().to_string()).into_owned();
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(miette::miette!("cannot write the {what} to {shown}: {e}"));
            }
        };
        if let Some(meta) = &meta {
            if meta.file_type().is_symlink() {
                return Err(miette::miette!(
                    help = "name the file itself: rampart never writes through a symbolic link",
                    "refusing to write the {what} to {shown}: it is a symbolic link"
                ));
            }
            if meta.is_dir() {
                return Err(miette::miette!(
                    "cannot write the {what} to {shown}: it is a directory"
                ));
            }
            if inputs.contains(path) {
                return Err(miette::miette!(
                    help = format!("write the {what} to a file of its own"),
                    "refusing to write the {what} to {shown}: it is one of the files this run read"
                ));
            }
        }
        Ok(Destination {
            path: path.to_path_buf(),
            existing: meta.map(|m| m.permissions()),
        })
    }

    /// An existing regular file to rewrite in place (`--fix`): never a
    /// symbolic link; it keeps its permissions.
    pub fn existing(path: &Path) -> Result<Destination, miette::Report> {
        let shown = crate::escape::text(&path.display().to_string()).into_owned();
        let meta = std::fs::symlink_metadata(path)
            .map_err(|e| miette::miette!("cannot write {shown}: {e}"))?;
        if !meta.file_type().is_file() {
            return Err(miette::miette!(
                "refusing to write {shown}: it is not a regular file (rampart never writes through a symbolic link)"
            ));
        }
        Ok(Destination {
            path: path.to_path_buf(),
            existing: Some(meta.permissions()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the file: `fill` writes into a temporary file beside the
    /// destination, which then replaces it. On any error the destination
    /// is untouched and the temporary file removed.
    pub fn write(&self, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{}.", sanitize(&name));
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Like File::create: the umask applies.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(dir)?;
        fill(tmp.as_file_mut())?;
        tmp.as_file_mut().flush()?;
        if let Some(perms) = &self.existing {
            tmp.as_file().set_permissions(perms.clone())?;
        }
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A file name made harmless as part of a temporary file's name.
fn sanitize(name: &str) -> String {
    name.chars()
        .take(64)
        .map(|c| if c.is_control() { '_' } else { c })
        .collect()
}
