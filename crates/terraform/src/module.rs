//! The model of one Terraform module: its declarations, each with its file
//! and span, built from the parsed files of one directory.

use crate::comments::{self, Comment};
use crate::parse_hcl::{self, SyntaxError};
use crate::parse_json;
use crate::source::{FileId, Loc, SourceDb, Span};
use crate::syntax::{Attribute, Block, Body};
use crate::Problem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a file holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `*.tf`
    Hcl,
    /// `*.tf.json`
    Json,
    /// `*.tfvars`
    Tfvars,
    /// `*.tfvars.json`
    TfvarsJson,
}

impl FileKind {
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".tf.json") {
            Some(FileKind::Json)
        } else if name.ends_with(".tfvars.json") {
            Some(FileKind::TfvarsJson)
        } else if name.ends_with(".tf") {
            Some(FileKind::Hcl)
        } else if name.ends_with(".tfvars") {
            Some(FileKind::Tfvars)
        } else {
            None
        }
    }

    pub fn is_config(self) -> bool {
        matches!(self, FileKind::Hcl | FileKind::Json)
    }

    /// Terraform loads `terraform.tfvars(.json)` and `*.auto.tfvars(.json)` by itself.
    pub fn is_auto_vars(path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
            || name.ends_with(".auto.tfvars")
            || name.ends_with(".auto.tfvars.json")
    }
}

/// A parsed file: its syntax tree (empty when it did not parse), its
/// comments and the spans of its items (for suppressions).
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub id: FileId,
    pub kind: FileKind,
    pub body: Body,
    pub comments: Vec<Comment>,
    /// Spans of every block, attribute and object item, sorted by start.
    pub items: Vec<Span>,
}

/// Parse one file of the database. A syntax error becomes a [`Problem`] at
/// its position; the caller carries on with the other files.
pub fn parse_file(db: &SourceDb, id: FileId) -> Result<ParsedFile, Problem> {
    let Some(file) = db.get(id) else {
        return Err(Problem::new(PathBuf::new(), "internal: unknown file id"));
    };
    let Some(kind) = FileKind::of(&file.path) else {
        return Err(Problem::new(file.path.clone(), "not a Terraform file"));
    };
    let result = match kind {
        FileKind::Hcl | FileKind::Tfvars => parse_hcl::parse_body(&file.text),
        FileKind::Json => parse_json::parse_config(&file.text),
        FileKind::TfvarsJson => parse_json::parse_tfvars(&file.text),
    };
    match result {
        Ok(body) => {
            let comments = if matches!(kind, FileKind::Hcl | FileKind::Tfvars) {
                comments::scan(&file.text)
            } else {
                Vec::new()
            };
            let mut items = Vec::new();
            crate::syntax::item_spans(&body, &mut items);
            items.sort_by_key(|s| (s.start(), std::cmp::Reverse(s.end())));
            Ok(ParsedFile {
                id,
                kind,
                body,
                comments,
                items,
            })
        }
        Err(SyntaxError { message, offset }) => Err(Problem {
            file: Some(id),
            path: file.path.clone(),
            span: Some(error_span(&file.text, offset)),
            message: format!("syntax error: {message}"),
            group: None,
        }),
    }
}

/// The character at `offset`; at the end of the text (an unexpected end of
/// file), the last character, so every renderer agrees on the line.
fn error_span(text: &str, offset: usize) -> Span {
    match text.get(offset..).and_then(|s| s.chars().next()) {
        Some(c) => Span::new(offset, offset + c.len_utf8()),
        None => match text.char_indices().next_back() {
            Some((i, c)) => Span::new(i, i + c.len_utf8()),
            None => Span::new(0, 0),
        },
    }
}

/// Parse a file, keeping what can be kept when it does not parse: the
/// top-level block around the error is blanked out (offsets unchanged) and
/// the rest parsed again, a few times at most. The first syntax error is
/// always returned; the parsed part, if any, alongside it.
pub fn parse_file_lenient(db: &SourceDb, id: FileId) -> (Option<ParsedFile>, Option<Problem>) {
    let first = match parse_file(db, id) {
        Ok(p) => return (Some(p), None),
        Err(problem) => problem,
    };
    let Some(file) = db.get(id) else {
        return (None, Some(first));
    };
    let Some(kind) = FileKind::of(&file.path) else {
        return (None, Some(first));
    };
    if !matches!(kind, FileKind::Hcl | FileKind::Tfvars) {
        return (None, Some(first));
    }
    let mut text = file.text.clone();
    let mut offset = first.span.map_or(0, |s| s.start());
    for _ in 0..8 {
        let Some(blanked) = blank_block_at(&text, offset) else {
            break;
        };
        text = blanked;
        match parse_hcl::parse_body(&text) {
            Ok(body) => {
                let comments = comments::scan(&text);
                let mut items = Vec::new();
                crate::syntax::item_spans(&body, &mut items);
                items.sort_by_key(|s| (s.start(), std::cmp::Reverse(s.end())));
                let parsed = ParsedFile {
                    id,
                    kind,
                    body,
                    comments,
                    items,
                };
                return (Some(parsed), Some(first));
            }
            Err(e) => offset = e.offset,
        }
    }
    (None, Some(first))
}

/// `text` with the top-level block around `offset` replaced by spaces
/// (newlines kept): from the last line before `offset` that starts a
/// top-level item (an identifier in the first column) to the next one.
fn blank_block_at(text: &str, offset: usize) -> Option<String> {
    let starts_item = |line: &str| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let lines: Vec<(usize, &str)> = line_starts
        .iter()
        .map(|&s| (s, text[s..].split('\n').next().unwrap_or("")))
        .collect();
    let offset = offset.min(text.len());
    let start = lines
        .iter()
        .rev()
        .find(|(s, l)| *s <= offset && starts_item(l))
        .map(|(s, _)| *s)?;
    let end = lines
        .iter()
        .find(|(s, l)| *s > start && *s > offset && starts_item(l))
        .map_or(text.len(), |(s, _)| *s);
    if start >= end {
        return None;
    }
    let blank: String = text[start..end]
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    Some(format!("{}{}{}", &text[..start], blank, &text[end..]))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct ResourceDecl {
    pub mode: Mode,
    pub rtype: crate::syntax::Name,
    pub name: crate::syntax::Name,
    pub file: FileId,
    pub block: Block,
}

impl ResourceDecl {
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }

    pub fn loc(&self) -> Loc {
        Loc::new(self.file, self.block.span)
    }
}

/// A `variable`, `output`, `module` or `provider` block, by name.
#[derive(Debug, Clone)]
pub struct NamedBlock {
    pub name: crate::syntax::Name,
    pub file: FileId,
    /// Boxed: these sit in small maps, whose nodes reserve room for
    /// eleven entries.
    pub block: Box<Block>,
}

/// One entry of a `locals` block.
#[derive(Debug, Clone)]
pub struct LocalDecl {
    pub file: FileId,
    /// Boxed, as [`NamedBlock::block`].
    pub attr: Box<Attribute>,
}

#[derive(Debug, Clone, Default)]
pub struct Module {
    /// The directory, as discovered.
    pub dir: PathBuf,
    /// Configuration files (`.tf`, `.tf.json`) that parsed.
    pub files: Vec<FileId>,
    /// Variable files Terraform loads by itself, in precedence order (lowest first).
    pub auto_vars: Vec<FileId>,
    pub resources: Vec<ResourceDecl>,
    pub data: Vec<ResourceDecl>,
    pub variables: BTreeMap<String, NamedBlock>,
    pub locals: BTreeMap<String, LocalDecl>,
    pub outputs: BTreeMap<String, NamedBlock>,
    pub module_calls: BTreeMap<String, NamedBlock>,
    pub providers: Vec<NamedBlock>,
    /// Parsed tfvars bodies, by file.
    pub vars_bodies: BTreeMap<FileId, Body>,
}

impl Module {
    /// Build the model from parsed files (config files and auto-loaded tfvars),
    /// reporting duplicate declarations as problems.
    pub fn build(dir: PathBuf, parsed: Vec<ParsedFile>, db: &SourceDb) -> (Module, Vec<Problem>) {
        let mut m = Module {
            dir,
            ..Module::default()
        };
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, Loc> = BTreeMap::new();
        let mut dup = |key: String, loc: Loc, what: &str, problems: &mut Vec<Problem>| -> bool {
            if let Some(first) = seen.get(&key) {
                let first_path = db
                    .get(first.file)
                    .map(|f| f.path.display().to_string())
                    .unwrap_or_default();
                let line = db
                    .get(first.file)
                    .map_or(0, |f| f.line_col(first.span.start()).line);
                problems.push(Problem {
                    file: Some(loc.file),
                    path: db.get(loc.file).map(|f| f.path.clone()).unwrap_or_default(),
                    span: Some(loc.span),
                    message: format!(
                        "duplicate {what}; the first one, at {first_path}:{line}, is used"
                    ),
                    group: None,
                });
                true
            } else {
                seen.insert(key, loc);
                false
            }
        };
        let mut vars_files: Vec<(bool, PathBuf, FileId, Body)> = Vec::new();
        for pf in parsed {
            let id = pf.id;
            if !pf.kind.is_config() {
                let path = db.get(id).map(|f| f.path.clone()).unwrap_or_default();
                let is_terraform_tfvars = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("terraform.tfvars"));
                vars_files.push((!is_terraform_tfvars, path, id, pf.body));
                continue;
            }
            m.files.push(id);
            // Blocks are moved into the model, not cloned: the tree is
            // the largest structure of a run.
            for block in pf.body.blocks {
                let loc = Loc::new(id, block.span);
                match block.ident.as_str() {
                    "resource" | "data" => {
                        let mode = if block.ident == "data" {
                            Mode::Data
                        } else {
                            Mode::Managed
                        };
                        let (Some(t), Some(n)) = (block.label(0), block.label(1)) else {
                            continue;
                        };
                        let (rtype, name) = (t.to_string(), n.to_string());
                        let decl = ResourceDecl {
                            mode,
                            rtype: rtype.into(),
                            name: name.into(),
                            file: id,
                            block,
                        };
                        if dup(
                            decl.address(),
                            loc,
                            &format!("{} {}", decl.block.ident, decl.address()),
                            &mut problems,
                        ) {
                            continue;
                        }
                        match mode {
                            Mode::Managed => m.resources.push(decl),
                            Mode::Data => m.data.push(decl),
                        }
                    }
                    "variable" | "output" | "module" => {
                        let Some(name) = block.label(0).map(str::to_string) else {
                            continue;
                        };
                        let key = format!("{} {name}", block.ident);
                        if dup(key.clone(), loc, &key, &mut problems) {
                            continue;
                        }
                        let map = match block.ident.as_str() {
                            "variable" => &mut m.variables,
                            "output" => &mut m.outputs,
                            _ => &mut m.module_calls,
                        };
                        let nb = NamedBlock {
                            name: name.as_str().into(),
                            file: id,
                            block: Box::new(block),
                        };
                        map.insert(name, nb);
                    }
                    "provider" => {
                        if let Some(name) = block.label(0).map(str::to_string) {
                            m.providers.push(NamedBlock {
                                name: name.into(),
                                file: id,
                                block: Box::new(block),
                            });
                        }
                    }
                    "locals" => {
                        for attr in block.body.attributes {
                            let key = format!("local.{}", attr.key);
                            if dup(key.clone(), Loc::new(id, attr.span), &key, &mut problems) {
                                continue;
                            }
                            m.locals.insert(
                                attr.key.to_string(),
                                LocalDecl {
                                    file: id,
                                    attr: Box::new(attr),
                                },
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        // terraform.tfvars first, then *.auto.tfvars in lexical order: later wins.
        vars_files.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        for (_, _, id, body) in vars_files {
            m.auto_vars.push(id);
            m.vars_bodies.insert(id, body);
        }
        // The model lives for the whole run: no spare capacity.
        m.resources.shrink_to_fit();
        m.data.shrink_to_fit();
        m.providers.shrink_to_fit();
        m.files.shrink_to_fit();
        (m, problems)
    }
}

/// The modules `terraform init` downloaded for the root module in `root`:
/// `.terraform/modules/modules.json`'s keys (`vpc`, `app.db`) and their
/// directories (relative to `root`). `None` when there is no manifest or it
/// cannot be read.
pub fn read_manifest(root: &Path, bounds: &[PathBuf]) -> Option<Vec<(String, PathBuf)>> {
    let path = root.join(".terraform").join("modules").join("modules.json");
    // Most modules have none: one cheap look before resolving the path.
    std::fs::symlink_metadata(&path).ok()?;
    // Read only where it really is inside the checked tree (a linked
    // `.terraform` or manifest could lead anywhere).
    let real = path.canonicalize().ok()?;
    if !bounds.iter().any(|b| real.starts_with(b)) {
        return None;
    }
    let meta = std::fs::metadata(&real).ok()?;
    if !meta.is_file() || meta.len() > 16 * 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(&real).ok()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    let entries = doc.get("Modules")?.as_array()?;
    Some(
        entries
            .iter()
            .filter_map(|e| {
                let key = e.get("Key")?.as_str()?;
                let dir = e.get("Dir")?.as_str()?;
                (!key.is_empty()).then(|| (key.to_string(), PathBuf::from(dir)))
            })
            .collect(),
    )
}
