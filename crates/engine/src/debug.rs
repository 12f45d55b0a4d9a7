//! A debugging view of evaluation: every value rampart knows for one root
//! module (each local, each output, and the arguments of each resource and
//! data source instance), with Unknown marked as such. The values oracle
//! (`docs/oracle.md`) compares it with what Terraform plans for the same
//! module; nothing in a normal run uses it.
//!
//! The module is evaluated as `rampart check` evaluates a root: its
//! directory's files (with `terraform.tfvars` and `*.auto.tfvars`), the
//! local modules it calls, `file()` reading inside `tree`, the same step
//! budget, and `--var` values.

use crate::{build_dir, canonical, load_modules, Resolver, TreeLoader, STEPS_PER_BYTE};
use rampart_terraform::discover;
use rampart_terraform::eval::{EvalBody, Evaluator, Inputs, Instance, MAX_STEPS};
use rampart_terraform::module::{FileKind, Module};
use rampart_terraform::source::{SourceDb, SourceFile};
use rampart_terraform::value::{Kind, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A value as the oracle sees it: plain data, or Unknown.
#[derive(Debug, Clone, PartialEq)]
pub enum Dumped {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Dumped>),
    Object(BTreeMap<String, Dumped>),
    Unknown,
}

impl Dumped {
    fn of(v: &Value) -> Dumped {
        match &v.kind {
            Kind::Null => Dumped::Null,
            Kind::Bool(b) => Dumped::Bool(*b),
            Kind::Number(n) => Dumped::Number(*n),
            Kind::String(s) => Dumped::String(s.clone()),
            Kind::List(items) => Dumped::List(items.iter().map(Dumped::of).collect()),
            Kind::Object(map) => Dumped::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Dumped::of(v)))
                    .collect(),
            ),
            Kind::Unknown => Dumped::Unknown,
        }
    }

    /// JSON text; Unknown is `{"$unknown":true}`, as in the golden files.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Dumped::Null => out.push_str("null"),
            Dumped::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Dumped::Number(n) => {
                if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
                    let _ = write!(out, "{}", *n as i64);
                } else if n.is_finite() {
                    let _ = write!(out, "{n}");
                } else {
                    out.push_str("null");
                }
            }
            Dumped::String(s) => json_string(s, out),
            Dumped::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Dumped::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(k, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
            Dumped::Unknown => out.push_str("{\"$unknown\":true}"),
        }
    }
}

/// `s` as a JSON string literal (serde_json's escaping: the golden files
/// are plain JSON, not Terraform's `jsonencode`, which is `json::string`).
pub fn json_string(s: &str, out: &mut String) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        // Serializing a `str` cannot fail; an empty string is still JSON.
        Err(_) => out.push_str("\"\""),
    }
}

/// Everything rampart knows about one root module.
#[derive(Debug, Default)]
pub struct ModuleValues {
    /// By address: `local.NAME`, `output.NAME`, `TYPE.NAME`,
    /// `data.TYPE.NAME`, with the instance key (`[0]`, `["k"]`, or `[?]`
    /// when `count`/`for_each` is unknown). A resource's value is an object
    /// of its arguments, nested blocks as lists of objects; meta-arguments
    /// (`depends_on`, `provider`, `lifecycle`, `provisioner`, `connection`)
    /// are left out.
    pub values: BTreeMap<String, Dumped>,
    /// Problems met on the way (unparsable files, evaluation errors).
    pub problems: Vec<String>,
}

/// The module in `dir`, evaluated as a root: what [`module_values`] and
/// [`input_documents`] read.
struct Evaluated {
    report: crate::Report,
    modules: crate::modules::Modules,
    /// The root's key in `modules.by_dir`.
    key: PathBuf,
    evaluated: rampart_terraform::eval::EvaluatedModule,
    problems: Vec<String>,
}

fn evaluate_dir(
    dir: &Path,
    tree: &Path,
    vars: &[(String, String)],
) -> Result<Evaluated, Vec<String>> {
    let mut problems = Vec::new();
    let mut report = crate::Report::default();
    let tree = discover::boundaries(&[tree.to_path_buf()]);
    let tree: Vec<PathBuf> = tree.iter().map(|p| canonical(p)).collect();
    let cwd = canonical(Path::new("."));
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                FileKind::of(p).is_some()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect(),
        Err(e) => {
            problems.push(format!("cannot read {}: {e}", dir.display()));
            return Err(problems);
        }
    };
    paths.sort();
    let mut ids = Vec::new();
    for p in paths {
        match crate::read_text(&p) {
            Ok(text) => ids.push(report.db.add(SourceFile::new(p, text))),
            Err(m) => problems.push(format!("{}: {m}", p.display())),
        }
    }
    let built = build_dir(&report.db, None, dir, &ids, &tree);
    let key = built.key.clone();
    problems.extend(built.problems.iter().map(|p| problem_text(p, &report.db)));
    let modules = load_modules(&mut report, vec![built], &tree, &cwd);
    problems.extend(report.problems.iter().map(|p| problem_text(p, &report.db)));
    let Some(module) = modules.by_dir.get(&key) else {
        problems.push("no Terraform module here".to_string());
        return Err(problems);
    };
    let bytes: u64 = modules
        .by_dir
        .values()
        .flat_map(|m| m.files.iter())
        .filter_map(|id| report.db.get(*id))
        .map(|f| f.text.len() as u64)
        .sum();
    let inputs = Inputs {
        var_files: Vec::new(),
        vars: vars.to_vec(),
    };
    let loader = TreeLoader::new(&tree, &report.db);
    let resolver = Resolver { modules: &modules };
    let evaluated = Evaluator::new(module, &report.db, &inputs)
        .with_step_budget(MAX_STEPS + STEPS_PER_BYTE * bytes)
        .with_loader(&loader)
        .with_resolver(&resolver)
        .evaluate();
    drop(loader);
    problems.extend(
        evaluated
            .problems
            .iter()
            .map(|p| problem_text(p, &report.db)),
    );
    Ok(Evaluated {
        report,
        modules,
        key,
        evaluated,
        problems,
    })
}

/// Evaluate the module in `dir` as a root, reading only inside `tree` (the
/// repository it belongs to, as `rampart check REPO` would), with `vars` as
/// `--var NAME=VALUE` pairs.
pub fn module_values(dir: &Path, tree: &Path, vars: &[(String, String)]) -> ModuleValues {
    let mut out = ModuleValues::default();
    let e = match evaluate_dir(dir, tree, vars) {
        Ok(e) => e,
        Err(problems) => {
            out.problems = problems;
            return out;
        }
    };
    out.problems = e.problems;
    let Some(module) = e.modules.by_dir.get(&e.key) else {
        return out;
    };
    let evaluated = &e.evaluated;
    for (name, v) in &evaluated.locals {
        out.values.insert(format!("local.{name}"), Dumped::of(v));
    }
    for (name, v) in &evaluated.outputs {
        out.values.insert(format!("output.{name}"), Dumped::of(v));
    }
    for (instances, data) in [(&evaluated.resources, false), (&evaluated.data, true)] {
        for inst in instances {
            let address = instance_address(module, inst, data);
            out.values
                .insert(address, resource_object(&inst.body, true));
        }
    }
    out
}

/// The input documents custom Rego policies get for the module in `dir`
/// evaluated as a root (as [`module_values`] evaluates it): one per module
/// instance, the root's first, each with its module path (`""` for the
/// root), as JSON text. For checking the documented schema, and for
/// writing and testing policies.
pub fn input_documents(
    dir: &Path,
    tree: &Path,
    vars: &[(String, String)],
) -> Result<Vec<(String, String)>, Vec<String>> {
    let e = evaluate_dir(dir, tree, vars)?;
    let decls: std::collections::HashMap<&Path, &Module> = e
        .modules
        .by_dir
        .values()
        .map(|m| (m.dir.as_path(), m))
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![&e.evaluated];
    while let Some(m) = stack.pop() {
        let decl = decls.get(m.dir.as_path()).copied();
        let doc = rampart_rego::document(m, decl, &e.report.db);
        let text = doc
            .to_json_str()
            .map_err(|err| vec![format!("{}: {err}", m.path)])?;
        out.push((m.path.clone(), text));
        stack.extend(m.children.iter().rev());
    }
    Ok(out)
}

fn problem_text(p: &rampart_terraform::Problem, db: &SourceDb) -> String {
    let at = match (p.file, p.span) {
        (Some(f), Some(s)) => db
            .get(f)
            .map(|file| {
                let lc = file.line_col(s.start());
                format!(":{}:{}", lc.line, lc.column)
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    format!("{}{at}: {}", p.path.display(), p.message)
}

/// `TYPE.NAME` or `data.TYPE.NAME`, with the instance key.
fn instance_address(module: &Module, inst: &Instance, data: bool) -> String {
    let mut a = if data {
        format!("data.{}.{}", inst.rtype, inst.name)
    } else {
        format!("{}.{}", inst.rtype, inst.name)
    };
    let decls = if data {
        &module.data
    } else {
        &module.resources
    };
    let repeated = decls.get(inst.decl).is_some_and(|d| {
        d.block.body.attribute("count").is_some() || d.block.body.attribute("for_each").is_some()
    });
    match inst.key.as_ref().map(|k| &k.kind) {
        Some(Kind::Number(n)) => {
            let _ = write!(a, "[{}]", Dumped::Number(*n).to_json());
        }
        Some(Kind::String(s)) => {
            a.push('[');
            json_string(s, &mut a);
            a.push(']');
        }
        Some(_) => a.push_str("[?]"),
        None if repeated => a.push_str("[?]"),
        None => {}
    }
    a
}

/// Arguments left out of a resource's value: Terraform's meta-arguments.
const META_ATTRS: &[&str] = &["depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// A body as an object: attributes, then nested blocks as lists of objects
/// (in source order within each block type).
fn resource_object(body: &EvalBody, top: bool) -> Dumped {
    let mut map = BTreeMap::new();
    for (k, v) in &body.attrs {
        if top && META_ATTRS.contains(&k.as_str()) {
            continue;
        }
        map.insert(k.clone(), Dumped::of(v));
    }
    for b in &body.blocks {
        if top && META_BLOCKS.contains(&b.ident.as_str()) {
            continue;
        }
        let obj = resource_object(&b.body, false);
        match map
            .entry(b.ident.clone())
            .or_insert_with(|| Dumped::List(Vec::new()))
        {
            Dumped::List(items) => items.push(obj),
            other => *other = Dumped::List(vec![obj]),
        }
    }
    Dumped::Object(map)
}
