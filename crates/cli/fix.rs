//! `rampart check --fix`, `--diff` and `--add-suppressions`: the rules'
//! fixes (see `rampart_policy::fix`) applied to the files.
//!
//! Everything happens in memory first: the fixes of a run are applied to
//! the texts, and the engine checks the new texts again (as overlays, the
//! way the language server checks unsaved edits), until no fix is left to
//! apply; then, if asked, a suppression comment goes above each finding
//! that remains. Only then is anything written, each file atomically
//! (`output::Destination`: a temporary file renamed into place, never
//! through a symbolic link), and only a file that is inside a checked path,
//! not under `.terraform/`, and still holds the text the run read. A fix
//! that would make the configuration worse to read (a new error) writes
//! nothing.

use crate::output;
use rampart_engine::{Options, Report};
use rampart_policy::{fix, Edit, Finding, Safety};
use rampart_terraform::source::{FileId, SourceDb};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How many times the fixes are applied and the files checked again: a
/// fix left out because it overlapped another is tried in the next pass.
const MAX_PASSES: usize = 8;

/// What `--fix`/`--diff`/`--add-suppressions` asked for.
pub struct Request<'a> {
    pub unsafe_fixes: bool,
    /// Fixes are applied (`--fix`, or `--diff` showing what it would do).
    pub apply_fixes: bool,
    /// The reason of the suppression comments to add.
    pub suppress: Option<&'a str>,
}

/// What the fixes did, in memory.
pub struct Outcome {
    /// The check of the fixed texts.
    pub report: Report,
    /// The text the run read and the new text, of every file changed.
    pub changed: BTreeMap<PathBuf, (String, String)>,
    pub fixed: usize,
    pub suppressed: usize,
    /// Findings left whose fixes are unsafe (with `--unsafe-fixes` they
    /// would be applied).
    pub unsafe_left: usize,
    /// The fixed texts have errors the originals did not (a bug in a
    /// fix): nothing may be written.
    pub broke: bool,
}

/// The files a fix may change: inside one of the checked paths, not under
/// `.terraform/` (a downloaded module), a regular file and not a symbolic
/// link.
struct Editable {
    roots: Vec<PathBuf>,
    known: HashMap<PathBuf, bool>,
}

impl Editable {
    fn new(paths: &[PathBuf]) -> Editable {
        let paths = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        Editable {
            roots: paths
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
            known: HashMap::new(),
        }
    }

    fn allows(&mut self, path: &Path) -> bool {
        if let Some(&ok) = self.known.get(path) {
            return ok;
        }
        let ok = !path.components().any(|c| c.as_os_str() == ".terraform")
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
            && std::fs::canonicalize(path)
                .is_ok_and(|real| self.roots.iter().any(|r| real.starts_with(r)));
        self.known.insert(path.to_path_buf(), ok);
        ok
    }
}

/// Edits accepted for one pass, by file; a fix is taken whole or not at
/// all, and never overlaps one taken before it (the same edit twice, two
/// findings fixed by one change, is one edit).
#[derive(Default)]
struct Plan {
    edits: BTreeMap<FileId, Vec<Edit>>,
}

impl Plan {
    /// Take `edits` unless one overlaps an edit already taken; true if taken.
    fn take(&mut self, edits: &[Edit]) -> bool {
        let clashes = |e: &Edit| {
            self.edits.get(&e.loc.file).is_some_and(|taken| {
                taken.iter().any(|t| {
                    t != e && {
                        let (a, b) = (t.loc.span, e.loc.span);
                        (a.start() < b.end() && b.start() < a.end()) || a.start() == b.start()
                    }
                })
            })
        };
        if edits.iter().any(clashes) {
            return false;
        }
        for e in edits {
            let taken = self.edits.entry(e.loc.file).or_default();
            if !taken.contains(e) {
                taken.push(e.clone());
            }
        }
        true
    }

    /// Apply the edits to the texts of `db`, recording each file's text
    /// before its first change in `changed`; the new texts by path.
    fn apply(
        self,
        db: &SourceDb,
        changed: &mut BTreeMap<PathBuf, (String, String)>,
    ) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for (id, mut edits) in self.edits {
            let Some(file) = db.get(id) else { continue };
            edits.sort_by_key(|e| std::cmp::Reverse((e.loc.span.start(), e.loc.span.end())));
            let mut text = file.text.clone();
            for e in edits {
                let (start, end) = (e.loc.span.start(), e.loc.span.end());
                if text.get(start..end).is_some() {
                    text.replace_range(start..end, &e.replacement);
                }
            }
            let entry = changed
                .entry(file.path.clone())
                .or_insert_with(|| (file.text.clone(), String::new()));
            entry.1.clone_from(&text);
            out.push((file.path.clone(), text));
        }
        out
    }
}

fn wanted(f: &Finding, unsafe_fixes: bool) -> impl Iterator<Item = &rampart_policy::Fix> {
    f.fixes
        .iter()
        .filter(move |x| unsafe_fixes || x.safety == Safety::Safe)
}

/// Apply what `req` asks to the run `report` came from (`opts`), in memory.
pub fn run(opts: &mut Options, mut report: Report, req: &Request<'_>) -> Outcome {
    let problems = report.problems.len();
    let mut editable = Editable::new(&opts.paths);
    let mut changed: BTreeMap<PathBuf, (String, String)> = BTreeMap::new();
    let mut fixed = 0;
    let mut passes = 0;
    while req.apply_fixes && passes < MAX_PASSES {
        passes += 1;
        let mut plan = Plan::default();
        let mut taken = 0;
        for f in &report.findings {
            let fix = wanted(f, req.unsafe_fixes).find(|x| {
                x.edits.iter().all(|e| {
                    report
                        .db
                        .get(e.loc.file)
                        .is_some_and(|file| editable.allows(&file.path))
                })
            });
            if fix.is_some_and(|x| plan.take(&x.edits)) {
                taken += 1;
            }
        }
        if taken == 0 {
            break;
        }
        fixed += taken;
        let texts = plan.apply(&report.db, &mut changed);
        opts.overlays.extend(texts);
        report = rampart_engine::run(opts);
    }
    let mut suppressed = 0;
    if let Some(reason) = req.suppress {
        // One comment per place, naming every code it suppresses there.
        let mut at: BTreeMap<(FileId, usize), (rampart_terraform::source::Loc, Vec<&'static str>)> =
            BTreeMap::new();
        for f in &report.findings {
            if f.code.starts_with("RMP") {
                continue; // findings about suppressions themselves
            }
            let Some(file) = report.db.get(f.loc.file) else {
                continue;
            };
            if !editable.allows(&file.path) {
                continue;
            }
            let Some(edit) = fix::suppression(file, f.loc, &[f.code], reason) else {
                continue;
            };
            let entry = at
                .entry((f.loc.file, edit.loc.span.start()))
                .or_insert_with(|| (f.loc, Vec::new()));
            if !entry.1.contains(&f.code) {
                entry.1.push(f.code);
            }
        }
        let mut plan = Plan::default();
        for (loc, codes) in at.into_values() {
            let file = report.db.get(loc.file);
            if let Some(e) = file.and_then(|file| fix::suppression(file, loc, &codes, reason)) {
                plan.take(&[e]);
            }
        }
        if !plan.edits.is_empty() {
            let before = report.findings.len();
            let texts = plan.apply(&report.db, &mut changed);
            opts.overlays.extend(texts);
            report = rampart_engine::run(opts);
            suppressed = before.saturating_sub(report.findings.len());
        }
    }
    changed.retain(|_, (old, new)| old != new);
    let unsafe_left = if req.unsafe_fixes {
        0
    } else {
        report
            .findings
            .iter()
            .filter(|f| f.fixes.iter().any(|x| x.safety == Safety::Unsafe))
            .count()
    };
    Outcome {
        broke: report.problems.len() > problems,
        report,
        changed,
        fixed,
        suppressed,
        unsafe_left,
    }
}

/// Write the changed files: each only if it still holds the text the run
/// read, atomically; the first error stops it.
pub fn write(changed: &BTreeMap<PathBuf, (String, String)>) -> Result<(), miette::Report> {
    for (path, (old, new)) in changed {
        let shown = crate::escape::text(&path.display().to_string()).into_owned();
        let now = std::fs::read_to_string(path)
            .map_err(|e| miette::miette!("cannot fix {shown}: {e}"))?;
        if &now != old {
            return Err(miette::miette!(
                "not fixing {shown}: it changed while rampart was checking it"
            ));
        }
        let dest = output::Destination::existing(path)?;
        dest.write(|f| f.write_all(new.as_bytes()))
            .map_err(|e| miette::miette!("cannot fix {shown}: {e}"))?;
    }
    Ok(())
}

/// The changes as unified diffs, one per file, paths as given.
pub fn diff(changed: &BTreeMap<PathBuf, (String, String)>) -> String {
    let mut out = String::new();
    for (path, (old, new)) in changed {
        let shown = crate::escape::text(&path.display().to_string()).into_owned();
        let diff = similar::TextDiff::from_lines(old, new);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&shown, &shown)
                .to_string(),
        );
    }
    out
}

/// "Fixed 3 findings (2 remaining)", with what else was done or could be.
pub fn summary(o: &Outcome, would: bool) -> String {
    let plural = |n: usize| if n == 1 { "finding" } else { "findings" };
    let verb = if would { "Would fix" } else { "Fixed" };
    let mut s = format!("{verb} {} {}", o.fixed, plural(o.fixed));
    if o.suppressed > 0 {
        let verb = if would {
            "would suppress"
        } else {
            "suppressed"
        };
        s.push_str(&format!(", {verb} {}", o.suppressed));
    }
    s.push_str(&format!(" ({} remaining)", o.report.findings.len()));
    if o.unsafe_left > 0 {
        s.push_str(&format!(
            "; {} more fixable with --unsafe-fixes",
            o.unsafe_left
        ));
    }
    s
}
