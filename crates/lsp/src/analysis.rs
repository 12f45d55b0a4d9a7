//! Running the engine for the editor and turning its report into
//! per-file diagnostics, keeping what hovers and quick fixes need.

use rampart_config::{Config, EditorConfig, EditorLevel, Severity};
use rampart_engine::{Options, ParseCache, Report};
use rampart_policy::Finding;
use rampart_terraform::source::{Loc, SourceDb, SourceFile, Utf16Pos};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};

/// Where each rule's documentation lives online (the `policies/` folder).
const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/policies");

/// A finding as the editor keeps it: its diagnostic and what a hover or a
/// quick fix needs.
#[derive(Debug, Clone)]
pub struct Flag {
    pub diagnostic: Diagnostic,
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    pub resource: String,
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    /// Provenance, rendered: "file:line — note".
    pub trail: Vec<String>,
    pub fix: Option<String>,
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
    let href = format!("{DOCS_BASE}/{}-{}/README.md", f.code, f.name);
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
            code: f.code,
            name: f.name,
            message: f.message.clone(),
            resource: f.resource.clone(),
            start: f.loc.span.start(),
            end: f.loc.span.end(),
            trail,
            fix: f.fix.clone(),
        },
    ))
}

/// Everything one check needs, taken from the server's state at one moment.
pub struct Snapshot {
    pub folder: PathBuf,
    pub config: Config,
    pub overlays: HashMap<PathBuf, String>,
    /// Only the roots whose configuration includes these directories;
    /// `None`: the whole folder.
    pub focus: Option<PathBuf>,
    pub cache: Arc<Mutex<ParseCache>>,
}

/// Check a folder (or the part of it around `focus`) with the editor's
/// texts, and convert the report.
pub fn check(s: Snapshot) -> Results {
    let editor = s.config.editor.clone();
    let report = rampart_engine::run(&Options {
        paths: vec![s.folder.clone()],
        config: s.config,
        overlays: s.overlays,
        focus: s.focus,
        cache: Some(s.cache),
        ..Options::default()
    });
    convert(&report, &editor)
}

pub fn convert(report: &Report, editor: &EditorConfig) -> Results {
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
