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

/// Size amplification: parse and evaluate one file as the engine evaluates
/// a root of that size (its step and value budgets), and check that what
/// evaluation gave stays within what those budgets allow: the value budget,
/// a grace for each declaration evaluated after a budget ran out, twice
/// over (a variable's value is kept both as its value and in the
/// variables' list; a local's both cached and in the locals' list), plus a
/// slot per attribute of one instance per resource (an Unknown for each
/// attribute left once a budget ran out). Returns the bytes counted, for
/// the replay tests.
pub fn amplify(data: &[u8]) -> u64 {
    use rampart_terraform::eval::{value_budget, GRACE_BYTES, MAX_STEPS};
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new(
        PathBuf::from(file_name(text)),
        text.to_string(),
    ));
    let (parsed, _problem) = parse_file_lenient(&db, id);
    let (module, _problems) = Module::build(PathBuf::from("."), parsed.into_iter().collect(), &db);
    let n = text.len() as u64;
    // The engine's budgets for a root of `n` bytes (STEPS_PER_BYTE = 40).
    let evaluated = Evaluator::new(&module, &db, &Inputs::default())
        .with_step_budget(MAX_STEPS + 40 * n)
        .with_value_budget(value_budget(n))
        .evaluate();
    let declarations = (module.resources.len()
        + module.data.len()
        + module.locals.len()
        + module.outputs.len()
        + 2 * module.variables.len()
        + module.providers.len()
        + 1) as u64;
    let bound = 2 * (value_budget(n) + GRACE_BYTES * declarations) + 1024 * n;
    let size = evaluated_bytes(&evaluated);
    assert!(
        size <= bound,
        "{size} bytes of values from {n} bytes of input (bound {bound})"
    );
    size
}

/// The bytes of every value an evaluated module holds, as the budgets
/// count them ([`rampart_terraform::value::Value::footprint`]), with a
/// value's worth for each instance and block.
pub fn evaluated_bytes(m: &rampart_terraform::eval::EvaluatedModule) -> u64 {
    use rampart_terraform::eval::EvalBody;
    use rampart_terraform::value::{Value, NODE_BYTES};
    fn value(v: &Value) -> u64 {
        v.footprint(u64::MAX, usize::MAX).bytes()
    }
    fn body(b: &EvalBody) -> u64 {
        let attrs: u64 = b.attrs.iter().map(|(k, v)| k.len() as u64 + value(v)).sum();
        let blocks: u64 = b.blocks.iter().map(|x| NODE_BYTES + body(&x.body)).sum();
        attrs + blocks
    }
    let instances = m
        .resources
        .iter()
        .chain(&m.data)
        .chain(&m.providers)
        .map(|i| NODE_BYTES + i.key.as_ref().map_or(0, value) + body(&i.body));
    let variables = m
        .variables
        .iter()
        .map(|v| v.default.as_ref().map_or(0, value) + v.value.as_ref().map_or(0, value));
    let named = m.locals.iter().chain(&m.outputs).map(|(_, v)| value(v));
    instances.chain(variables).chain(named).sum::<u64>()
        + m.children.iter().map(evaluated_bytes).sum::<u64>()
}
