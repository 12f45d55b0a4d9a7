//! A small in-memory module for evaluator tests, and helpers to read what
//! evaluation gave: values, the text their sites point at, their trails.

#![allow(dead_code)]

use rampart_terraform::eval::{EvaluatedModule, Evaluator, Inputs};
use rampart_terraform::module::{parse_file, Module};
use rampart_terraform::source::{SourceDb, SourceFile};
use rampart_terraform::value::Value;
use std::path::PathBuf;

pub struct Fixture {
    pub db: SourceDb,
    pub module: Module,
}

/// A module `m` made of these files.
pub fn module(files: &[(&str, &str)]) -> Fixture {
    let mut db = SourceDb::new();
    let mut parsed = Vec::new();
    for (name, text) in files {
        let id = db.add(SourceFile::new(
            PathBuf::from("m").join(name),
            text.to_string(),
        ));
        parsed.push(parse_file(&db, id).expect("fixture parses"));
    }
    let (module, problems) = Module::build(PathBuf::from("m"), parsed, &db);
    assert!(problems.is_empty(), "{problems:?}");
    Fixture { db, module }
}

impl Fixture {
    pub fn eval_with(&self, inputs: &Inputs) -> EvaluatedModule {
        Evaluator::new(&self.module, &self.db, inputs).evaluate()
    }

    pub fn eval(&self) -> EvaluatedModule {
        self.eval_with(&Inputs::default())
    }

    /// The text a value's site points at, as `file:text`.
    pub fn site_text(&self, v: &Value) -> String {
        let loc = v.site.expect("site");
        let f = self.db.get(loc.file).expect("file");
        format!(
            "{}:{}",
            f.path.file_name().unwrap().to_string_lossy(),
            &f.text[loc.span.start()..loc.span.end()]
        )
    }

    /// A value's trail as `note @ file:text`, oldest first.
    pub fn trail(&self, v: &Value) -> Vec<String> {
        v.trail
            .hops()
            .iter()
            .map(|h| match h.loc {
                Some(loc) => {
                    let f = self.db.get(loc.file).expect("file");
                    format!(
                        "{} @ {}:{}",
                        h.note,
                        f.path.file_name().unwrap().to_string_lossy(),
                        &f.text[loc.span.start()..loc.span.end()]
                    )
                }
                None => h.note.to_string(),
            })
            .collect()
    }
}

/// Attribute `key` of resource `address`.
pub fn attr<'a>(m: &'a EvaluatedModule, address: &str, key: &str) -> &'a Value {
    m.resources
        .iter()
        .find(|r| r.address == address)
        .and_then(|r| r.body.get(key))
        .unwrap_or_else(|| panic!("{address}.{key}"))
}
