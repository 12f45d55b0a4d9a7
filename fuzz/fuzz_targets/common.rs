//! The bodies of the fuzz targets, shared with the stable-Rust replay and
//! mutation tests of `tests/integration/robustness.rs` (which include this
//! file with `#[path]`). Each takes arbitrary bytes and must return without
//! panicking, whatever they are.
#![allow(dead_code)]

use rampart_terraform::eval::{Evaluator, Inputs};
use rampart_terraform::module::{parse_file_lenient, Module};
use rampart_terraform::source::{SourceDb, SourceFile};
use rampart_terraform::{parse_hcl, parse_json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file name the bytes are checked as: JSON syntax when they look like
/// a JSON object, HCL otherwise.
fn file_name(text: &str) -> &'static str {
    if text.trim_start().starts_with('{') {
        "main.tf.json"
    } else {
        "main.tf"
    }
}

/// Every parser, on the bytes as UTF-8 (the engine refuses other bytes
/// before parsing).
pub fn parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_hcl::parse_body(text);
    let _ = parse_hcl::parse_template(text);
    let _ = parse_json::parse_config(text);
    let _ = parse_json::parse_tfvars(text);
}

/// Parse (leniently, as the engine does) and evaluate one file as a module
/// of its own.
pub fn evaluate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new(
        PathBuf::from(file_name(text)),
        text.to_string(),
    ));
    let (parsed, _problem) = parse_file_lenient(&db, id);
    let (module, _problems) = Module::build(PathBuf::from("."), parsed.into_iter().collect(), &db);
    let _ = Evaluator::new(&module, &db, &Inputs::default()).evaluate();
}

/// An empty directory the `check` target names as the path to check.
fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rampart-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

/// The whole check, as `rampart check` runs it, of the bytes as the only
/// file of a directory (an editor's unsaved buffer, so nothing is written).
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let dir = scratch_dir().to_path_buf();
    let mut overlays = HashMap::new();
    overlays.insert(dir.join(file_name(&text)), text);
    let opts = rampart_engine::Options {
        paths: vec![dir],
        overlays,
        ..rampart_engine::Options::default()
    };
    let _ = rampart_engine::run(&opts);
}
