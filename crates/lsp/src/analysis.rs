//! Running the engine for the editor and turning its report into
//! per-file diagnostics, keeping what hovers and quick fixes need.

use rampart_config::{Config, EditorConfig, EditorLevel, Severity};
use rampart_engine::baseline::Baseline;
use rampart_engine::{Options, ParseCache, Report};
use rampart_policy::{Finding, Fix, RuleMeta};
use rampart_rego::PolicySet;
use rampart_terraform::module::FileKind;
use rampart_terraform::source::{Loc, SourceDb, SourceFile, Utf16Pos};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};

/// A finding as the editor keeps it: its diagnostic and what a hover or a
/// quick fix needs.
#[derive(Debug, Clone)]
pub struct Flag {
    pub diagnostic: Diagnostic,
    /// The rule that reported it, built-in or custom (its documentation).
    pub rule: &'static RuleMeta,
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    pub resource: String,
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    /// Where the finding is (its file as the run numbered it).
    pub loc: Loc,
    /// Provenance, rendered: "file:line — note".
    pub trail: Vec<String>,
    pub fix: Option<String>,
    /// The rule's fixes, as edits by document.
    pub fixes: Vec<QuickFix>,
}

/// One file's results.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    pub diagnostics: Vec<Diagnostic>,
    pub flags: Vec<Flag>,
}

/// The results of one run, by absolute path, for every file the run is
/// complete for (files without findings have empty results, which clears
/// their diagnostics).
pub type Results = BTreeMap<PathBuf, FileResult>;

pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// The path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn position(file: &SourceFile, offset: usize) -> Position {
    let Utf16Pos { line, character } = file.utf16_pos(offset);
    Position { line, character }
}

pub fn range(file: &SourceFile, start: usize, end: usize) -> Range {
    Range {
        start: position(file, start),
        end: position(file, end),
    }
}

fn severity(editor: &EditorConfig, s: Severity) -> DiagnosticSeverity {
    match editor.level(s) {
        EditorLevel::Error => DiagnosticSeverity::ERROR,
        EditorLevel::Warning => DiagnosticSeverity::WARNING,
        EditorLevel::Information => DiagnosticSeverity::INFORMATION,
        EditorLevel::Hint => DiagnosticSeverity::HINT,
    }
}

fn location(db: &SourceDb, loc: Loc) -> Option<Location> {
    let file = db.get(loc.file)?;
    Some(Location {
        uri: uri_of(&file.path)?,
        range: range(file, loc.span.start(), loc.span.end()),
    })
}

fn flag(db: &SourceDb, editor: &EditorConfig, f: &Finding) -> Option<(PathBuf, Flag)> {
    let file = db.get(f.loc.file)?;
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: location(db, r.loc?)?,
                message: r.message.clone(),
            })
        })
        .collect();
    let trail = f
        .related
        .iter()
        .map(
            |r| match r.loc.and_then(|l| db.get(l.file).map(|x| (x, l))) {
                Some((x, l)) => format!(
                    "{}:{} — {}",
                    x.path
                        .file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default(),
                    x.line_col(l.span.start()).line,
                    r.message
                ),
                None => r.message.clone(),
            },
        )
        .collect();
    let href = f.rule.docs_url();
    let diagnostic = Diagnostic {
        range: range(file, f.loc.span.start(), f.loc.span.end()),
        severity: Some(severity(editor, f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: href.parse().ok().map(|href| CodeDescription { href }),
        source: Some("rampart".to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    };
    Some((
        file.path.clone(),
        Flag {
            diagnostic,
            rule: f.rule,
            code: f.code,
            name: f.name,
            message: f.message.clone(),
            resource: f.resource.clone(),
            start: f.loc.span.start(),
            end: f.loc.span.end(),
            loc: f.loc,
            trail,
            fix: f.fix.clone(),
            fixes: f.fixes.iter().filter_map(|x| quick_fix(db, x)).collect(),
        },
    ))
}

/// A fix as edits by document; `None` if one of its files has no URI.
fn quick_fix(db: &SourceDb, fix: &Fix) -> Option<QuickFix> {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in &fix.edits {
        let file = db.get(e.loc.file)?;
        changes
            .entry(uri_of(&file.path)?)
            .or_default()
            .push(TextEdit {
                range: range(file, e.loc.span.start(), e.loc.span.end()),
                new_text: e.replacement.clone(),
            });
    }
    Some(QuickFix {
        title: fix.title.clone(),
        changes,
    })
}

/// Everything one engine run needs, taken from the server's state at one
/// moment.
pub struct Snapshot {
    /// What bounds the run (a workspace folder, or a lone file's
    /// directory).
    pub folder: PathBuf,
    pub config: Config,
    /// The workspace's custom policies, loaded with its configuration;
    /// `None`: the engine loads them from the configuration on each run.
    pub policies: Option<Arc<PolicySet>>,
    pub overlays: HashMap<PathBuf, String>,
    /// Only the roots whose configuration includes this directory;
    /// `None`: every root of `discovered`.
    pub focus: Option<PathBuf>,
    /// The files to check, by directory (from the workspace index).
    pub discovered: BTreeMap<PathBuf, Vec<PathBuf>>,
    pub cache: Arc<Mutex<ParseCache>>,
    /// The open documents the run was for: where an error that names no
    /// file of the run (an internal error) is shown.
    pub fallback: Vec<PathBuf>,
}

/// What one run gave: the results, and the local module calls it found
/// (caller, called; canonical directories), `None` if it failed.
pub struct Checked {
    pub results: Results,
    pub calls: Option<Vec<(PathBuf, PathBuf)>>,
}

/// Check the files of a snapshot with the editor's texts, and convert the
/// report. A panic anywhere in it (a bug in rampart) becomes an error
/// diagnostic on the documents the run was for; the server goes on.
pub fn check(s: Snapshot) -> Checked {
    let editor = s.config.editor.clone();
    let fallback = s.fallback.clone();
    let cache = s.cache.clone();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // The workspace's `[suppressions] baseline`, applied by the engine
        // as `rampart check` applies it; one that cannot be read is an
        // error shown on the documents checked.
        let (baseline, unreadable) = match s.config.baseline_path() {
            Some(path) => match Baseline::load(&path, s.folder.clone()) {
                Ok(b) => (Some(Arc::new(b)), None),
                Err(e) => (
                    None,
                    Some(rampart_terraform::Problem::new(
                        path.clone(),
                        format!("cannot read the baseline {}: {e}", path.display()),
                    )),
                ),
            },
            None => (None, None),
        };
        let mut report = rampart_engine::run(&Options {
            paths: vec![s.folder.clone()],
            config: s.config,
            overlays: s.overlays,
            focus: s.focus,
            cache: Some(s.cache),
            discovered: Some(s.discovered),
            baseline,
            policies: s.policies,
            ..Options::default()
        });
        report.problems.extend(unreadable);
        Checked {
            results: convert(&report, &editor, &fallback),
            calls: Some(report.module_calls()),
        }
    }));
    match run {
        Ok(checked) => checked,
        Err(payload) => {
            // The cache may have been held by the panicking thread.
            cache.clear_poison();
            let message = format!(
                "internal error while checking: {} (a bug in rampart; please report it with this file)",
                rampart_engine::panic_message(payload.as_ref())
            );
            let mut results = Results::new();
            for path in fallback {
                results
                    .entry(path)
                    .or_default()
                    .diagnostics
                    .push(error_at_start(&message));
            }
            Checked {
                results,
                calls: None,
            }
        }
    }
}

/// An error diagnostic at the start of a file.
fn error_at_start(message: &str) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: None,
        code_description: None,
        source: Some("rampart".to_string()),
        message: message.to_string(),
        related_information: None,
        tags: None,
        data: None,
    }
}

/// A report as per-file results. A problem that names no file of the run
/// (an internal error names its module's file by path, or its directory)
/// is shown at the start of that file, or on each of `fallback`.
pub fn convert(report: &Report, editor: &EditorConfig, fallback: &[PathBuf]) -> Results {
    let db = &report.db;
    let mut out: Results = BTreeMap::new();
    for id in &report.checked {
        if let Some(f) = db.get(*id) {
            out.entry(f.path.clone()).or_default();
        }
    }
    for f in &report.findings {
        if let Some((path, flag)) = flag(db, editor, f) {
            let entry = out.entry(path).or_default();
            entry.diagnostics.push(flag.diagnostic.clone());
            entry.flags.push(flag);
        }
    }
    for p in &report.problems {
        let Some(file) = p.file.and_then(|id| db.get(id)) else {
            let path = if p.path.is_relative() {
                std::env::current_dir()
                    .map(|d| d.join(&p.path))
                    .unwrap_or_else(|_| p.path.clone())
            } else {
                p.path.clone()
            };
            let targets = if FileKind::of(&path).is_some() {
                vec![path]
            } else {
                fallback.to_vec()
            };
            for t in targets {
                out.entry(t)
                    .or_default()
                    .diagnostics
                    .push(error_at_start(&p.message));
            }
            continue;
        };
        let span = p.span.unwrap_or_default();
        out.entry(file.path.clone())
            .or_default()
            .diagnostics
            .push(Diagnostic {
                range: range(file, span.start(), span.end()),
                severity: Some(DiagnosticSeverity::ERROR),
                code: None,
                code_description: None,
                source: Some("rampart".to_string()),
                message: p.message.clone(),
                related_information: None,
                tags: None,
                data: None,
            });
    }
    for n in &report.notes {
        let Some(file) = n.file.and_then(|id| db.get(id)) else {
            continue;
        };
        let span = n.span.unwrap_or_default();
        out.entry(file.path.clone())
            .or_default()
            .diagnostics
            .push(Diagnostic {
                range: range(file, span.start(), span.end()),
                severity: Some(DiagnosticSeverity::INFORMATION),
                code: None,
                code_description: None,
                source: Some("rampart".to_string()),
                message: n.message.clone(),
                related_information: None,
                tags: None,
                data: None,
            });
    }
    out
}

/// A quick fix: a title and its edits, by document.
#[derive(Debug, Clone)]
pub struct QuickFix {
    pub title: String,
    pub changes: HashMap<Uri, Vec<TextEdit>>,
}
