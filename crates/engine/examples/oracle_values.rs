//! The values oracle's tools (`docs/oracle.md`; driven by
//! `scripts/oracle/values.sh`):
//!
//! - `derive REPO OUT`: a provider-free copy of the repository REPO in OUT,
//!   which Terraform can plan with no provider: every resource and data
//!   source becomes a `terraform_data` whose `input` holds its arguments.
//!   Prints each module directory (relative to REPO), tab, `ok` or the
//!   reason it could not be derived.
//! - `vars DIR`: a value for each variable of the module in DIR that has
//!   no default, made from its type, one `NAME=VALUE` a line (the form of
//!   `-var`/`--var`).
//! - `golden MODULE PLAN_JSON VARS_FILE`: Terraform's values from
//!   `terraform show -json` of the derived module, as the golden JSON.
//! - `dump DIR TREE [NAME=VALUE...]`: rampart's values for the module in
//!   DIR (reading inside TREE), as JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_engine::debug::{json_string, module_values};
use rampart_terraform::module::parse_file;
use rampart_terraform::source::{SourceDb, SourceFile};
use rampart_terraform::syntax::{Block, Body, Expr, ExprKind, ObjectKey, TemplatePart, Traverse};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("derive") if args.len() == 3 => derive_repo(Path::new(&args[1]), Path::new(&args[2])),
        Some("vars") if args.len() == 2 => {
            for (n, v) in required_vars(Path::new(&args[1])) {
                println!("{n}={v}");
            }
        }
        Some("golden") if args.len() == 4 => {
            println!(
                "{}",
                golden(&args[1], Path::new(&args[2]), Path::new(&args[3]))
            );
        }
        Some("dump") if args.len() >= 3 => {
            let vars: Vec<(String, String)> = args[3..]
                .iter()
                .filter_map(|a| a.split_once('='))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            let out = module_values(Path::new(&args[1]), Path::new(&args[2]), &vars);
            for p in &out.problems {
                eprintln!("problem: {p}");
            }
            let mut s = String::from("{\n");
            for (i, (k, v)) in out.values.iter().enumerate() {
                if i > 0 {
                    s.push_str(",\n");
                }
                json_string(k, &mut s);
                s.push_str(": ");
                s.push_str(&v.to_json());
            }
            s.push_str("\n}");
            println!("{s}");
        }
        _ => {
            eprintln!(
                "usage: oracle_values derive REPO OUT | vars DIR | golden MODULE PLAN_JSON VARS_FILE | dump DIR TREE [NAME=VALUE...]"
            );
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------- derive

/// Every file of the repository (but `.git`, `.terraform` and lock files)
/// copied to OUT, `.tf` files rewritten module by module.
fn derive_repo(repo: &Path, out: &Path) {
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut stack = vec![repo.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            let rel = path.strip_prefix(repo).unwrap().to_path_buf();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if name != ".git" && name != ".terraform" {
                    std::fs::create_dir_all(out.join(&rel)).unwrap();
                    stack.push(path);
                }
            } else if name.ends_with(".tf") {
                dirs.entry(dir.clone()).or_default().push(path);
            } else if name != ".terraform.lock.hcl" {
                let _ = std::fs::copy(&path, out.join(&rel));
            }
        }
    }
    for (dir, files) in dirs {
        let rel = dir.strip_prefix(repo).unwrap();
        let shown = if rel.as_os_str().is_empty() {
            ".".to_string()
        } else {
            rel.display().to_string()
        };
        match derive_module(&files) {
            Ok(texts) => {
                for (path, text) in texts {
                    let rel = path.strip_prefix(repo).unwrap();
                    std::fs::write(out.join(rel), text).unwrap();
                }
                println!("{shown}\tok");
            }
            Err(reason) => println!("{shown}\t{reason}"),
        }
    }
}

/// What a module declares, for rewriting references.
#[derive(Default)]
struct Decls {
    /// Resource types declared in the module.
    types: BTreeSet<String>,
    /// (`TYPE` or `data.TYPE`, NAME) → the arguments and blocks it sets.
    args: BTreeMap<(String, String), Args>,
    /// Module calls removed (not local).
    remote: BTreeSet<String>,
}

const UNKNOWN: &str = "jsondecode(terraform_data.oracle_unknown.output)";
const META_ATTRS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// The arguments a body sets: each attribute (`None`), and each block type
/// with the arguments its blocks set (static and `dynamic` alike).
#[derive(Default)]
struct Args(BTreeMap<String, Option<Args>>);

fn set_args(body: &Body, top: bool) -> Args {
    let mut s = Args::default();
    for a in &body.attributes {
        if !(is_write_only(&a.key) || top && META_ATTRS.contains(&a.key.as_str())) {
            s.0.insert(a.key.to_string(), None);
        }
    }
    for b in &body.blocks {
        let (name, inner) = if b.ident == "dynamic" {
            let Some(l) = b.label(0) else { continue };
            let Some(content) = b.body.blocks_named("content").next() else {
                continue;
            };
            (l, &content.body)
        } else if top && META_BLOCKS.contains(&b.ident.as_str()) {
            continue;
        } else {
            (b.ident.as_str(), &b.body)
        };
        let inner = set_args(inner, false);
        if let Some(args) =
            s.0.entry(name.to_string())
                .or_insert_with(|| Some(Args::default()))
        {
            args.0.extend(inner.0);
        }
    }
    s
}

/// A write-only argument (`password_wo`): it takes ephemeral values, which
/// `terraform_data` refuses; left out of the copy (and of the comparison).
fn is_write_only(name: &str) -> bool {
    name.ends_with("_wo")
}

fn literal_string(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::String(s) => Some(s),
        _ => None,
    }
}

fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../")
}

/// The module's files rewritten, or why it cannot be.
fn derive_module(files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, String> {
    let mut db = SourceDb::new();
    let mut parsed = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("unreadable: {e}"))?;
        let id = db.add(SourceFile::new(f.clone(), text.clone()));
        let p = parse_file(&db, id).map_err(|p| {
            format!(
                "rampart cannot parse {}: {}",
                f.file_name().unwrap().to_string_lossy(),
                p.message.lines().next().unwrap_or("")
            )
        })?;
        parsed.push((f.clone(), text, p.body));
    }
    let mut decls = Decls::default();
    let mut locals = Vec::new();
    for (_, _, body) in &parsed {
        for b in &body.blocks {
            match (b.ident.as_str(), b.label(0), b.label(1)) {
                ("resource", Some(t), Some(n)) => {
                    decls.types.insert(t.to_string());
                    decls
                        .args
                        .insert((t.to_string(), n.to_string()), set_args(&b.body, true));
                }
                ("data", Some(t), Some(n)) => {
                    decls.args.insert(
                        (format!("data.{t}"), n.to_string()),
                        set_args(&b.body, true),
                    );
                }
                ("module", Some(m), _) => {
                    let local = b
                        .body
                        .attribute("source")
                        .and_then(|a| literal_string(&a.expr))
                        .is_some_and(is_local_source);
                    if !local {
                        decls.remote.insert(m.to_string());
                    }
                }
                ("locals", _, _) => {
                    locals.extend(b.body.attributes.iter().map(|a| a.key.to_string()))
                }
                _ => {}
            }
        }
    }
    if decls.types.contains("terraform_data") {
        // Its addresses would collide with the derived ones' namespace.
        return Err("declares terraform_data resources itself".to_string());
    }
    let mut out = Vec::new();
    for (path, text, body) in &parsed {
        let cx = Cx {
            text,
            decls: &decls,
        };
        let mut s = String::new();
        for b in &body.blocks {
            cx.top_block(b, &mut s);
        }
        out.push((path.clone(), s));
    }
    let dir = files[0].parent().unwrap();
    let mut extra = String::from(
        "# Added by the values oracle: an unknown of any type, and each local as an output.\n\
         resource \"terraform_data\" \"oracle_unknown\" {\n  input = \"unknown\"\n}\n",
    );
    for l in locals {
        let _ = write!(
            extra,
            "output \"oracle_local__{l}\" {{\n  value     = local.{l}\n  sensitive = true\n}}\n"
        );
    }
    out.push((dir.join("zz_oracle.tf"), extra));
    Ok(out)
}

struct Cx<'a> {
    text: &'a str,
    decls: &'a Decls,
}

impl Cx<'_> {
    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    fn top_block(&self, b: &Block, s: &mut String) {
        let l0 = b.label(0).unwrap_or("");
        let l1 = b.label(1).unwrap_or("");
        match b.ident.as_str() {
            "resource" | "data" => {
                let name = if b.ident == "data" {
                    format!("data__{l0}__{l1}")
                } else {
                    format!("{l0}__{l1}")
                };
                let _ = writeln!(s, "resource \"terraform_data\" \"{name}\" {{");
                for meta in ["count", "for_each"] {
                    if let Some(a) = b.body.attribute(meta) {
                        let _ = writeln!(s, "  {meta} = {}", self.expr(&a.expr));
                    }
                }
                let _ = writeln!(s, "  input = {}\n}}\n", self.object(&b.body, true));
            }
            "variable" => {
                s.push_str(self.slice(b.span.start(), b.span.end()));
                s.push_str("\n\n");
            }
            "locals" => {
                s.push_str("locals {\n");
                for a in &b.body.attributes {
                    let _ = writeln!(s, "  {} = {}", a.key, self.expr(&a.expr));
                }
                s.push_str("}\n\n");
            }
            "output" => {
                let value = b
                    .body
                    .attribute("value")
                    .map_or_else(|| "null".to_string(), |a| self.expr(&a.expr));
                let _ = writeln!(
                    s,
                    "output \"{l0}\" {{\n  value = {value}\n  sensitive = true\n}}\n"
                );
            }
            "module" if !self.decls.remote.contains(l0) => {
                let _ = writeln!(s, "module \"{l0}\" {{");
                for a in &b.body.attributes {
                    if matches!(a.key.as_str(), "providers" | "depends_on" | "version") {
                        continue;
                    }
                    let _ = writeln!(s, "  {} = {}", a.key, self.expr(&a.expr));
                }
                s.push_str("}\n\n");
            }
            // provider, terraform, moved, import, removed, check, remote modules
            _ => {}
        }
    }

    /// A body as an object constructor: arguments, then each block type as
    /// a list of objects (static and dynamic blocks in source order).
    fn object(&self, body: &Body, top: bool) -> String {
        let mut s = String::from("{\n");
        for a in &body.attributes {
            if (top && META_ATTRS.contains(&a.key.as_str())) || is_write_only(&a.key) {
                continue;
            }
            let _ = writeln!(s, "\"{}\" = {}", a.key, self.expr(&a.expr));
        }
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for b in &body.blocks {
            let (ident, part) = if b.ident == "dynamic" {
                let Some(label) = b.label(0) else { continue };
                (label.to_string(), self.dynamic(b, label))
            } else {
                if top && META_BLOCKS.contains(&b.ident.as_str()) {
                    continue;
                }
                (
                    b.ident.to_string(),
                    format!("[{}]", self.object(&b.body, false)),
                )
            };
            match groups.iter_mut().find(|(g, _)| *g == ident) {
                Some((_, parts)) => parts.push(part),
                None => groups.push((ident, vec![part])),
            }
        }
        for (ident, parts) in groups {
            if parts.len() == 1 {
                let _ = writeln!(s, "\"{ident}\" = {}", parts[0]);
            } else {
                let _ = writeln!(s, "\"{ident}\" = concat({})", parts.join(", "));
            }
        }
        s.push('}');
        s
    }

    /// A `dynamic` block as a `for` expression whose variable is the
    /// iterator object (`key`, `value`).
    fn dynamic(&self, b: &Block, label: &str) -> String {
        let iterator = match b.body.attribute("iterator").map(|a| &a.expr.kind) {
            Some(ExprKind::Variable(n)) => n.to_string(),
            _ => label.to_string(),
        };
        let coll = b
            .body
            .attribute("for_each")
            .map_or_else(|| "[]".to_string(), |a| self.expr(&a.expr));
        let content = b
            .body
            .blocks_named("content")
            .next()
            .map_or_else(|| "{}".to_string(), |c| self.object(&c.body, false));
        format!("[for {iterator} in [for k, v in ({coll}) : {{ key = k, value = v }}] : {content}]")
    }

    /// The expression's source text with references to resources, data
    /// sources and removed modules rewritten.
    fn expr(&self, e: &Expr) -> String {
        let mut edits = Vec::new();
        self.collect(e, &mut edits);
        edits.sort_by_key(|(start, _, _)| *start);
        let mut s = String::new();
        let mut at = e.span.start();
        for (start, end, repl) in edits {
            if start < at {
                continue;
            }
            s.push_str(self.slice(at, start));
            s.push_str(&repl);
            at = end;
        }
        s.push_str(self.slice(at, e.span.end()));
        // Parenthesized, closed on a line of its own: the text may span
        // lines and end in a heredoc.
        format!("({s}\n)")
    }

    fn collect(&self, e: &Expr, edits: &mut Vec<(usize, usize, String)>) {
        if let ExprKind::Traversal(base, ops) = &e.kind {
            if let ExprKind::Variable(root) = &base.kind {
                if let Some(r) = self.reference(root, ops, e) {
                    edits.push((e.span.start(), e.span.end(), r));
                    return;
                }
            }
        }
        match &e.kind {
            ExprKind::Template(parts) => parts.iter().for_each(|p| self.collect_part(p, edits)),
            ExprKind::Array(items) => items.iter().for_each(|x| self.collect(x, edits)),
            ExprKind::Object(items) => {
                for item in items {
                    if let ObjectKey::Expr(k) = &item.key {
                        self.collect(k, edits);
                    }
                    self.collect(&item.value, edits);
                }
            }
            ExprKind::Traversal(base, ops) => {
                self.collect(base, edits);
                for op in ops {
                    if let Traverse::Index(x) = op {
                        self.collect(x, edits);
                    }
                }
            }
            // The clock is not a fact of the configuration: `plantimestamp()`
            // is known to a plan but differs from one day to the next, so
            // the copy reads it (and `timestamp()`) as unknown, and the
            // golden files do not change with the date of the run.
            ExprKind::Call(call) if matches!(call.name.as_str(), "plantimestamp" | "timestamp") => {
                edits.push((e.span.start(), e.span.end(), UNKNOWN.to_string()));
            }
            ExprKind::Call(call) => call.args.iter().for_each(|x| self.collect(x, edits)),
            ExprKind::Conditional(a, b, c) => {
                self.collect(a, edits);
                self.collect(b, edits);
                self.collect(c, edits);
            }
            ExprKind::Unary(_, a) => self.collect(a, edits),
            ExprKind::Binary(_, a, b) => {
                self.collect(a, edits);
                self.collect(b, edits);
            }
            ExprKind::For(fe) => {
                self.collect(&fe.collection, edits);
                if let Some(k) = &fe.key_expr {
                    self.collect(k, edits);
                }
                self.collect(&fe.value_expr, edits);
                if let Some(c) = &fe.cond {
                    self.collect(c, edits);
                }
            }
            _ => {}
        }
    }

    fn collect_part(&self, p: &TemplatePart, edits: &mut Vec<(usize, usize, String)>) {
        match p {
            TemplatePart::Literal(..) => {}
            TemplatePart::Interpolation(e) => self.collect(e, edits),
            TemplatePart::If(t) => {
                self.collect(&t.cond, edits);
                t.then
                    .iter()
                    .chain(t.otherwise.iter())
                    .for_each(|p| self.collect_part(p, edits));
            }
            TemplatePart::For(t) => {
                self.collect(&t.collection, edits);
                t.body.iter().for_each(|p| self.collect_part(p, edits));
            }
        }
    }

    /// The replacement of a traversal rooted at `root`, when it refers to
    /// a resource, a data source or a removed module.
    fn reference(&self, root: &str, ops: &[Traverse], e: &Expr) -> Option<String> {
        let attr = |i: usize| match ops.get(i) {
            Some(Traverse::Attr(a, span)) => Some((a.as_str(), *span)),
            _ => None,
        };
        let (kind, name, name_span, rest) = match root {
            "module" => {
                let (m, _) = attr(0)?;
                return self.decls.remote.contains(m).then(|| UNKNOWN.to_string());
            }
            "data" => {
                let (t, _) = attr(0)?;
                let (n, span) = attr(1)?;
                (format!("data.{t}"), n, span, 2)
            }
            t if self.decls.types.contains(t) => {
                let (n, span) = attr(0)?;
                (t.to_string(), n, span, 1)
            }
            _ => return None,
        };
        let Some(args) = self.decls.args.get(&(kind.clone(), name.to_string())) else {
            return Some(UNKNOWN.to_string());
        };
        // Skip the instance index or splat; then an argument that is set,
        // and within blocks, arguments they set.
        let skip = |mut i: usize| {
            while matches!(
                ops.get(i),
                Some(
                    Traverse::Index(_)
                        | Traverse::LegacyIndex(..)
                        | Traverse::AttrSplat
                        | Traverse::FullSplat
                )
            ) {
                i += 1;
            }
            i
        };
        let first = skip(rest);
        let Some((a, span)) = attr(first).filter(|(a, _)| args.0.contains_key(*a)) else {
            return Some(UNKNOWN.to_string());
        };
        let mut level = args.0.get(a).and_then(Option::as_ref);
        let mut i = first + 1;
        while let Some(block) = level {
            let j = skip(i);
            if j == i || j >= ops.len() {
                // A whole block: to Terraform it also holds the attributes
                // the provider computes, which the copy does not have.
                return Some(UNKNOWN.to_string());
            }
            match attr(j) {
                Some((b, _)) if block.0.contains_key(b) => {
                    level = block.0.get(b).and_then(Option::as_ref);
                    i = j + 1;
                }
                _ => return Some(UNKNOWN.to_string()),
            }
        }
        let base = match kind.strip_prefix("data.") {
            Some(t) => format!("terraform_data.data__{t}__{name}"),
            None => format!("terraform_data.{kind}__{name}"),
        };
        let r = format!(
            "{base}{}input.{}",
            self.slice(name_span.end(), span.start()),
            self.slice(span.start(), e.span.end())
        );
        // An argument set to null may be computed by the provider:
        // unknown, as it would be to Terraform with the provider.
        Some(format!("({r} != null ? {r} : {UNKNOWN})"))
    }
}

// ---------------------------------------------------------------- vars

/// A value for each variable without a default, from its type: `"oracle"`
/// for a string (or no type, or `any`), `1`, `true`, a list or set of one
/// such element, `{}` for a map, a tuple's elements, an object's required
/// attributes.
fn required_vars(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut db = SourceDb::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .collect();
    entries.sort();
    for f in entries {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let id = db.add(SourceFile::new(f.clone(), text));
        let Ok(p) = parse_file(&db, id) else { continue };
        for b in p.body.blocks_named("variable") {
            if b.body.attribute("default").is_some() {
                continue;
            }
            let Some(name) = b.label(0) else { continue };
            let v = b
                .body
                .attribute("type")
                .map_or_else(|| "oracle".to_string(), |t| value_for(&t.expr, true));
            out.push((name.to_string(), v));
        }
    }
    out
}

/// HCL text of a value of type `t` (`top`: a bare string, as `-var` takes
/// it for a string variable).
fn value_for(t: &Expr, top: bool) -> String {
    let quoted = |s: &str| {
        if top {
            s.to_string()
        } else {
            format!("\"{s}\"")
        }
    };
    match &t.kind {
        ExprKind::Variable(n) => match n.as_str() {
            "number" => "1".to_string(),
            "bool" => "true".to_string(),
            _ => quoted("oracle"),
        },
        ExprKind::Call(c) => match c.name.as_str() {
            "list" | "set" => match c.args.first() {
                Some(elem) => format!("[{}]", value_for(elem, false)),
                None => "[]".to_string(),
            },
            "map" => "{}".to_string(),
            "tuple" => match c.args.first().map(|a| &a.kind) {
                Some(ExprKind::Array(items)) => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|i| value_for(i, false))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "[]".to_string(),
            },
            "object" => match c.args.first().map(|a| &a.kind) {
                Some(ExprKind::Object(items)) => {
                    let mut parts = Vec::new();
                    for item in items {
                        let Some(k) = item.key.literal_name() else {
                            continue;
                        };
                        if matches!(&item.value.kind, ExprKind::Call(c) if c.name == "optional") {
                            continue;
                        }
                        parts.push(format!("\"{k}\" = {}", value_for(&item.value, false)));
                    }
                    format!("{{{}}}", parts.join(", "))
                }
                _ => "{}".to_string(),
            },
            _ => quoted("oracle"),
        },
        _ => quoted("oracle"),
    }
}

// ---------------------------------------------------------------- golden

/// Terraform's known values for the root module of a plan.
fn golden(module: &str, plan: &Path, vars_file: &Path) -> String {
    let plan: Json = serde_json::from_str(&std::fs::read_to_string(plan).unwrap()).unwrap();
    let mut values = Map::new();
    if let Some(outputs) = plan["output_changes"].as_object() {
        for (name, change) in outputs {
            let v = known(&change["after"], &change["after_unknown"]);
            match name.strip_prefix("oracle_local__") {
                Some(l) => values.insert(format!("local.{l}"), v),
                None => values.insert(format!("output.{name}"), v),
            };
        }
    }
    for rc in plan["resource_changes"].as_array().into_iter().flatten() {
        if rc.get("module_address").is_some() || rc["type"] != "terraform_data" {
            continue;
        }
        let name = rc["name"].as_str().unwrap_or("");
        if name == "oracle_unknown" {
            continue;
        }
        let mut address = match name.strip_prefix("data__") {
            Some(rest) => {
                let (t, n) = rest.split_once("__").unwrap();
                format!("data.{t}.{n}")
            }
            None => {
                let (t, n) = name.split_once("__").unwrap();
                format!("{t}.{n}")
            }
        };
        match &rc["index"] {
            Json::Null => {}
            Json::String(k) => {
                address.push('[');
                json_string(k, &mut address);
                address.push(']');
            }
            other => {
                let _ = write!(address, "[{other}]");
            }
        }
        let change = &rc["change"];
        values.insert(
            address,
            known(&change["after"]["input"], &change["after_unknown"]["input"]),
        );
    }
    let vars: Vec<Json> = std::fs::read_to_string(vars_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(n, v)| Json::Array(vec![n.into(), v.into()]))
        .collect();
    let mut top = Map::new();
    top.insert("module".into(), module.into());
    top.insert("terraform".into(), plan["terraform_version"].clone());
    top.insert("vars".into(), Json::Array(vars));
    top.insert("values".into(), Json::Object(values));
    serde_json::to_string_pretty(&Json::Object(top)).unwrap()
}

/// `after` with the parts `after_unknown` marks as `{"$unknown": true}`.
fn known(after: &Json, unknown: &Json) -> Json {
    if unknown == &Json::Bool(true) {
        let mut m = Map::new();
        m.insert("$unknown".into(), Json::Bool(true));
        return Json::Object(m);
    }
    match (after, unknown) {
        (Json::Array(items), Json::Array(u)) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| known(x, u.get(i).unwrap_or(&Json::Null)))
                .collect(),
        ),
        (Json::Object(map), Json::Object(u)) => {
            let mut out = Map::new();
            let keys: BTreeSet<&String> = map.keys().chain(u.keys()).collect();
            for k in keys {
                out.insert(
                    k.clone(),
                    known(
                        map.get(k).unwrap_or(&Json::Null),
                        u.get(k).unwrap_or(&Json::Null),
                    ),
                );
            }
            Json::Object(out)
        }
        _ => after.clone(),
    }
}
