//! The evaluator: a module's expressions turned into [`Value`]s, following
//! variables (with Terraform's precedence), locals, templates, conditionals,
//! a few functions, `count`/`for_each` and `dynamic` blocks. Anything that
//! cannot be known before apply is [`Kind::Unknown`], never guessed.

use crate::functions;
use crate::module::{Mode, Module, NamedBlock, ResourceDecl};
use crate::source::{FileId, Loc, SourceDb, Span};
use crate::syntax::{BinaryOp, Body, Expr, ExprKind, ObjectKey, TemplatePart, Traverse, UnaryOp};
use crate::value::{Extra, Kind, Segment, TextMap, Value};
use crate::Problem;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

/// Evaluation deeper than this yields Unknown (guards against runaway
/// recursion in hostile input).
const MAX_DEPTH: usize = 200;
/// Collections larger than this are not expanded (range(1e9), huge for_each).
pub const MAX_ELEMENTS: usize = 100_000;
/// Bytes of values one root module (with all its children) may build at
/// the least; see [`Evaluator::with_value_budget`] and [`value_budget`].
pub const MAX_VALUE_BYTES: u64 = 256 * 1024 * 1024;
/// Bytes of values a root may build per byte of its modules' source, on
/// top of [`MAX_VALUE_BYTES`].
pub const VALUE_BYTES_PER_BYTE: u64 = 256;
/// Bytes of text one evaluation step pays for: copying, rendering or
/// building a string of `n` bytes costs `n / BYTES_PER_STEP` steps.
pub const BYTES_PER_STEP: u64 = 64;
/// Values nesting deeper than this (a chain of splats, of locals each
/// wrapping the last in a list) are an error rather than a risk to the
/// stack of everything that walks them.
pub const MAX_VALUE_DEPTH: usize = 256;
/// After a budget has run out, each declaration still to be evaluated (a
/// resource, a local, an output, …) gets this many steps and bytes, so that
/// the rest of the root is still checked; a declaration that needs more is
/// unknown. Declarations are bounded by the source, so this stays linear.
pub const GRACE_STEPS: u64 = 2_000;
/// See [`GRACE_STEPS`].
pub const GRACE_BYTES: u64 = 256 * 1024;

/// The value budget of a root whose modules' source is `source_bytes` long.
pub fn value_budget(source_bytes: u64) -> u64 {
    MAX_VALUE_BYTES.saturating_add(VALUE_BYTES_PER_BYTE.saturating_mul(source_bytes))
}

/// What one root module (with every module it calls) may still spend:
/// evaluation steps (time) and bytes of values built (memory). Shared by
/// the evaluators of the root and its children.
#[derive(Debug)]
struct Budget {
    steps: Cell<u64>,
    bytes: Cell<u64>,
    /// The budgets given, for the message.
    step_limit: u64,
    byte_limit: u64,
    /// A budget ran out: from then on each declaration gets a grace.
    spent: Cell<bool>,
    /// The error has been reported (once per root).
    reported: Cell<bool>,
}

impl Budget {
    fn new(steps: u64, bytes: u64) -> Budget {
        Budget {
            steps: Cell::new(steps),
            bytes: Cell::new(bytes),
            step_limit: steps,
            byte_limit: bytes,
            spent: Cell::new(false),
            reported: Cell::new(false),
        }
    }
}

/// Variable values from outside the module, highest precedence last:
/// `--var-file` files in order, then `--var` values.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Parsed `--var-file` bodies, in command-line order.
    pub var_files: Vec<(FileId, Body)>,
    /// `--var NAME=VALUE` pairs.
    pub vars: Vec<(String, String)>,
}

/// An evaluated nested block (or an object in a list-of-objects attribute,
/// which Terraform's JSON syntax and attribute-as-blocks use alike).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalBlock {
    pub ident: String,
    pub loc: Loc,
    pub body: EvalBody,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalBody {
    /// Attributes in source order; each value's site is its expression.
    pub attrs: Vec<(String, Value)>,
    pub attr_locs: Vec<Loc>,
    pub blocks: Vec<EvalBlock>,
}

impl EvalBody {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The span of the whole `key = value` attribute.
    pub fn attr_loc(&self, key: &str) -> Option<Loc> {
        self.attrs
            .iter()
            .position(|(k, _)| k == key)
            .and_then(|i| self.attr_locs.get(i).copied())
    }

    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a EvalBlock> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }

    /// Nested blocks named `ident`, plus the objects of an attribute `ident`
    /// holding an object or a list of objects (`ingress = [{...}]`).
    pub fn nested(&self, ident: &str) -> Vec<EvalBlock> {
        let mut out: Vec<EvalBlock> = self.blocks(ident).cloned().collect();
        if let Some(v) = self.get(ident) {
            let fallback = self.attr_loc(ident);
            let items: Vec<&Value> = match &v.kind {
                Kind::List(items) => items.iter().collect(),
                Kind::Object(_) => vec![v],
                _ => Vec::new(),
            };
            for item in items {
                let Some(map) = item.as_object() else {
                    continue;
                };
                let Some(loc) = item.site.or(fallback) else {
                    continue;
                };
                let attrs: Vec<(String, Value)> =
                    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                let attr_locs = attrs.iter().map(|(_, v)| v.site.unwrap_or(loc)).collect();
                out.push(EvalBlock {
                    ident: ident.to_string(),
                    loc,
                    body: EvalBody {
                        attrs,
                        attr_locs,
                        blocks: Vec::new(),
                    },
                });
            }
        }
        out
    }
}

/// One instance of a resource or data source (one per `count`/`for_each` key).
#[derive(Debug, Clone)]
pub struct Instance {
    /// Index into `Module::resources` or `Module::data`.
    pub decl: usize,
    /// `aws_security_group.app` (without instance key).
    pub address: String,
    /// The instance's full address, with the keys of the module instances
    /// it is in and its own: `module.db["a"].aws_db_instance.this[0]`.
    pub instance: String,
    pub rtype: String,
    pub name: String,
    /// The instance key (`0`, `"web"`), when `count`/`for_each` is set.
    pub key: Option<Value>,
    pub loc: Loc,
    pub body: EvalBody,
}

#[derive(Debug, Default, Clone)]
pub struct EvaluatedModule {
    pub resources: Vec<Instance>,
    pub data: Vec<Instance>,
    /// Provider configurations (address `provider.NAME`).
    pub providers: Vec<Instance>,
    pub variables: Vec<EvalVariable>,
    pub locals: Vec<(String, Value)>,
    pub outputs: Vec<(String, Value)>,
    pub problems: Vec<Problem>,
    /// Things worth telling that are not errors (an unresolved module).
    pub notes: Vec<Problem>,
    /// The modules this one calls, one per call instance, already evaluated.
    pub children: Vec<EvaluatedModule>,
}

/// A `variable` block: its literal default and the value it ends up with.
#[derive(Debug, Clone)]
pub struct EvalVariable {
    pub name: String,
    pub loc: Loc,
    pub default: Option<Value>,
    pub value: Option<Value>,
}

/// A nested block as an object value (for references to resources).
/// An argument of a resource as another expression sees it: one set to
/// null may be computed by the provider (`name = null` next to
/// `name_prefix`), so it is known only after apply.
fn as_referenced(v: &Value, address: &str) -> Value {
    if v.is_null() {
        Value::unknown(v.site).with_extra(Extra::RefersTo(address.to_string()))
    } else {
        v.clone()
    }
}

fn block_object(b: &EvalBlock, address: &str) -> Value {
    let mut map: BTreeMap<String, Value> = b
        .body
        .attrs
        .iter()
        .map(|(k, v)| (k.clone(), as_referenced(v, address)))
        .collect();
    for nb in &b.body.blocks {
        let obj = block_object(nb, address);
        match map.get_mut(&nb.ident) {
            Some(Value {
                kind: Kind::List(items),
                ..
            }) => items.push(obj),
            _ => {
                map.insert(
                    nb.ident.clone(),
                    Value::new(Kind::List(vec![obj]), Some(nb.loc)),
                );
            }
        }
    }
    Value::new(Kind::Object(map), Some(b.loc)).with_extra(Extra::RefersTo(address.to_string()))
}

/// A template being rendered: its text, the trail of the first interpolated
/// value that had one, and where each piece of the text was written.
#[derive(Default)]
struct Rendering {
    text: String,
    trail: Option<crate::value::Trail>,
    segments: Vec<Segment>,
    /// Some interpolation was Unknown: its place in `text` holds a
    /// [`crate::value::HOLE`], and the value is Unknown, known in part.
    holes: bool,
}

impl Rendering {
    fn push(&mut self, s: &str, src: Span, literal: bool) {
        let start = self.text.len();
        self.text.push_str(s);
        self.segments.push(Segment {
            out: Span::new(start, self.text.len()),
            src,
            literal,
        });
    }

    /// The rendered string: written at `site`; its text map lets JSON inside
    /// it be located precisely; the trail explains an interpolated part.
    fn into_value(self, site: Option<Loc>) -> Value {
        if self.holes {
            let map = site.map(|at| TextMap {
                at,
                segments: self.segments,
            });
            return Value::unknown(site).with_extra(Extra::Partial(crate::value::PartialText {
                text: self.text,
                map,
            }));
        }
        let mut v = Value::string(self.text, site);
        if let Some(t) = self.trail {
            v.trail = t;
        }
        match site {
            Some(at) => v.with_extra(Extra::Text(TextMap {
                at,
                segments: self.segments,
            })),
            None => v,
        }
    }
}

/// What a piece of a rendered template's text map takes.
const SEGMENT_BYTES: usize = std::mem::size_of::<Segment>();

/// Names bound in a scope.
type Bindings = Vec<(String, Value)>;

#[derive(Debug, Clone)]
enum LocalState {
    /// Being evaluated, since this many module call arguments were being
    /// evaluated (see [`Evaluator::local`]).
    InProgress(usize),
    Done(std::rc::Rc<Value>),
}

/// A lexical scope: names bound by `for` expressions, `dynamic` iterators,
/// `count` and `each`.
#[derive(Default)]
struct Scope<'p> {
    parent: Option<&'p Scope<'p>>,
    names: Vec<(String, Value)>,
}

impl<'p> Scope<'p> {
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.lookup(name)))
    }

    fn child(&'p self, names: Vec<(String, Value)>) -> Scope<'p> {
        Scope {
            parent: Some(self),
            names,
        }
    }
}

pub struct Evaluator<'m> {
    module: &'m Module,
    db: &'m SourceDb,
    /// Resolved variable values with the note describing where each was set.
    vars: HashMap<String, (Value, String)>,
    locals: RefCell<HashMap<String, LocalState>>,
    problems: RefCell<Vec<Problem>>,
    depth: Cell<usize>,
    current_file: Cell<FileId>,
    /// Instances of each resource (`Managed`) and data source, evaluated
    /// once, on first reference or at the end.
    instances: RefCell<HashMap<(Mode, usize), InstancesState>>,
    loader: Option<&'m dyn FileLoader>,
    /// Where module calls lead; `None` evaluates no child modules.
    resolver: Option<&'m dyn ModuleResolver>,
    /// `module.a.module.b.` for a child module, empty for a root.
    prefix: String,
    /// The same with the module instances' keys: `module.a["k"].module.b.`.
    instance_prefix: String,
    /// The call path in `.terraform/modules/modules.json` terms (`a.b`).
    key: String,
    /// The root module's directory: where Terraform runs.
    root_dir: std::path::PathBuf,
    /// How many module calls deep this module is.
    module_depth: usize,
    calls: RefCell<HashMap<String, CallState>>,
    /// The module call arguments being evaluated now, as (call, argument).
    pending_args: RefCell<Vec<(String, String)>>,
    /// Module calls whose `count` or `for_each` makes no instance.
    no_instances: RefCell<std::collections::HashSet<String>>,
    /// A module call was evaluated from inside its own arguments.
    partial_seen: Cell<bool>,
    /// Locals reached again through a module call's argument while being
    /// evaluated: what saw them is not cached until they are done.
    deferred: RefCell<std::collections::BTreeSet<String>>,
    notes: RefCell<Vec<Problem>>,
    /// Steps and value bytes left, shared with child modules.
    budget: std::rc::Rc<Budget>,
    /// The module's resources by name, built once per module (and shared
    /// by the evaluators of its slices).
    index: std::sync::Arc<ResourceIndex<'m>>,
}

/// Modules with at least this many resources have them evaluated in
/// parallel slices.
const PARALLEL_RESOURCES: usize = 512;
/// Resources per slice.
const RESOURCES_PER_SLICE: usize = 256;
/// The least a slice of a large module gets of the root's steps and value
/// bytes (when that much is left), however many slices share them.
const SLICE_MIN_STEPS: u64 = 2_000_000;
const SLICE_MIN_BYTES: u64 = 32 * 1024 * 1024;

/// What an evaluator for a slice of a module's resources is made from:
/// everything shared, nothing cached (an [`Evaluator`] itself stays on
/// one thread).
struct Fork<'e, 'm> {
    module: &'m Module,
    db: &'m SourceDb,
    vars: &'e HashMap<String, (Value, String)>,
    loader: Option<&'m dyn FileLoader>,
    resolver: Option<&'m dyn ModuleResolver>,
    prefix: &'e str,
    instance_prefix: &'e str,
    key: &'e str,
    root_dir: &'e std::path::Path,
    module_depth: usize,
    steps: u64,
    bytes: u64,
    index: std::sync::Arc<ResourceIndex<'m>>,
}

/// One slice's instances (by resource index), problems and notes.
struct SliceResult {
    instances: Vec<(usize, Vec<Instance>)>,
    problems: Vec<Problem>,
    notes: Vec<Problem>,
}

impl Fork<'_, '_> {
    fn evaluate_slice(&self, start: usize, end: usize) -> SliceResult {
        let ev = Evaluator {
            vars: self.vars.clone(),
            loader: self.loader,
            resolver: self.resolver,
            prefix: self.prefix.to_string(),
            instance_prefix: self.instance_prefix.to_string(),
            key: self.key.to_string(),
            root_dir: self.root_dir.to_path_buf(),
            module_depth: self.module_depth,
            budget: std::rc::Rc::new(Budget::new(self.steps, self.bytes)),
            ..Evaluator::fresh_with(self.module, self.db, self.index.clone())
        };
        for i in start..end {
            ev.cached_instances(Mode::Managed, i);
        }
        let mut cache = ev.instances.into_inner();
        let instances = (start..end)
            .filter_map(|i| match cache.remove(&(Mode::Managed, i)) {
                Some(InstancesState::Done(list)) => Some((
                    i,
                    std::rc::Rc::try_unwrap(list).unwrap_or_else(|rc| (*rc).clone()),
                )),
                _ => None,
            })
            .collect();
        SliceResult {
            instances,
            problems: ev.problems.into_inner(),
            notes: ev.notes.into_inner(),
        }
    }
}

/// The lookup tables of a module's resources and data sources:
/// references resolve in constant time, so a module of thousands of
/// resources is not quadratic.
struct ResourceIndex<'m> {
    /// `(mode, type, name)` → index into `Module::resources` or
    /// `Module::data` (the first declaration wins, as a search would find).
    by_name: HashMap<(Mode, &'m str, &'m str), usize>,
    /// The managed resource types the module declares.
    types: std::collections::HashSet<&'m str>,
}

impl<'m> ResourceIndex<'m> {
    fn new(module: &'m Module) -> ResourceIndex<'m> {
        let mut by_name = HashMap::new();
        for (mode, decls) in [
            (Mode::Managed, &module.resources),
            (Mode::Data, &module.data),
        ] {
            for (i, d) in decls.iter().enumerate() {
                by_name
                    .entry((mode, d.rtype.as_str(), d.name.as_str()))
                    .or_insert(i);
            }
        }
        let types = module.resources.iter().map(|r| r.rtype.as_str()).collect();
        ResourceIndex { by_name, types }
    }
}

#[derive(Debug, Clone)]
enum CallState {
    InProgress,
    /// Evaluated again, from inside its own arguments, without the
    /// arguments being evaluated (see [`Evaluator::call_instances`]).
    Partial,
    Done(std::rc::Rc<Vec<ChildInstance>>),
}

/// One instance of a module call and what evaluating it gave.
#[derive(Debug)]
struct ChildInstance {
    key: Option<Value>,
    module: EvaluatedModule,
    outputs: Value,
}

/// Finds the module a `module` block calls. The engine loads every module
/// before evaluation starts, so resolving never reads files.
/// `Sync`: a large module's resources are evaluated on several threads.
pub trait ModuleResolver: Sync {
    /// The module that `call` (a `module` block of `parent`, reached through
    /// the call path `key` from the root module in `root_dir`) uses, or why
    /// it cannot be found.
    fn resolve(
        &self,
        root_dir: &std::path::Path,
        parent: &Module,
        key: &str,
        call: &crate::module::NamedBlock,
    ) -> Result<&Module, Unresolved>;
}

/// Why a module call leads to no module rampart can evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub reason: String,
    /// Set for a registry or git module that is not downloaded.
    pub group: Option<crate::NoteGroup>,
}

impl From<String> for Unresolved {
    fn from(reason: String) -> Unresolved {
        Unresolved {
            reason,
            group: None,
        }
    }
}

/// Stack left below which evaluation continues on a new segment.
const RED_ZONE: usize = 128 * 1024;
/// Size of each new stack segment.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// The step cost of instantiating a module.
const MODULE_INSTANCE_COST: u64 = 1_000;

/// How deep module calls may nest (a module calling itself stops here).
pub const MAX_MODULE_DEPTH: usize = 16;
/// Evaluation steps one root module (with all its children) may take at
/// the least; see [`Evaluator::with_step_budget`].
pub const MAX_STEPS: u64 = 1_000_000;

#[derive(Debug, Clone)]
enum InstancesState {
    InProgress,
    Done(std::rc::Rc<Vec<Instance>>),
}

/// Reads files for `file()` and `templatefile()`. The engine decides which
/// paths may be read (never outside the tree being checked) and registers
/// each file so spans can point into it.
/// `Sync`: a large module's resources are evaluated on several threads.
pub trait FileLoader: Sync {
    /// The file's id and text, or `None` when it may not or cannot be read.
    fn load(&self, path: &std::path::Path) -> Option<(FileId, std::sync::Arc<str>)>;

    /// Whether a regular file exists at `path`; `None` when the path is
    /// outside what may be looked at.
    fn exists(&self, _path: &std::path::Path) -> Option<bool> {
        None
    }

    /// The absolute form of `path`; `None` when it is outside what may be
    /// looked at.
    fn absolute(&self, _path: &std::path::Path) -> Option<std::path::PathBuf> {
        None
    }
}

impl<'m> Evaluator<'m> {
    pub fn new(module: &'m Module, db: &'m SourceDb, inputs: &Inputs) -> Evaluator<'m> {
        let mut ev = Evaluator::fresh(module, db);
        ev.resolve_variables(inputs);
        ev
    }

    /// A root module's evaluator with nothing evaluated yet: no variables,
    /// no loader or resolver, the whole default budget.
    fn fresh(module: &'m Module, db: &'m SourceDb) -> Evaluator<'m> {
        Evaluator::fresh_with(module, db, std::sync::Arc::new(ResourceIndex::new(module)))
    }

    /// As [`Evaluator::fresh`], with the module's index already built.
    fn fresh_with(
        module: &'m Module,
        db: &'m SourceDb,
        index: std::sync::Arc<ResourceIndex<'m>>,
    ) -> Evaluator<'m> {
        Evaluator {
            module,
            db,
            vars: HashMap::new(),
            locals: RefCell::new(HashMap::new()),
            problems: RefCell::new(Vec::new()),
            depth: Cell::new(0),
            current_file: Cell::new(FileId(0)),
            instances: RefCell::new(HashMap::new()),
            loader: None,
            resolver: None,
            prefix: String::new(),
            instance_prefix: String::new(),
            key: String::new(),
            root_dir: module.dir.clone(),
            module_depth: 0,
            calls: RefCell::new(HashMap::new()),
            pending_args: RefCell::new(Vec::new()),
            partial_seen: Cell::new(false),
            no_instances: RefCell::new(std::collections::HashSet::new()),
            deferred: RefCell::new(std::collections::BTreeSet::new()),
            notes: RefCell::new(Vec::new()),
            budget: std::rc::Rc::new(Budget::new(MAX_STEPS, MAX_VALUE_BYTES)),
            index,
        }
    }

    /// Allow `steps` evaluation steps for this root module and everything
    /// it calls (a large configuration legitimately takes more than
    /// [`MAX_STEPS`]; the engine scales the budget with the input's size).
    pub fn with_step_budget(mut self, steps: u64) -> Evaluator<'m> {
        let bytes = self.budget.byte_limit;
        self.budget = std::rc::Rc::new(Budget::new(steps.max(MAX_STEPS), bytes));
        self
    }

    /// Allow `bytes` bytes of values (as [`Value::footprint`] counts them)
    /// to be built for this root module and everything it calls, at least
    /// [`MAX_VALUE_BYTES`]; the engine gives [`value_budget`] of the
    /// input's size. Every value built is counted, including copies that
    /// are later dropped, so this bounds the values alive at any time.
    pub fn with_value_budget(mut self, bytes: u64) -> Evaluator<'m> {
        let steps = self.budget.step_limit;
        self.budget = std::rc::Rc::new(Budget::new(steps, bytes.max(MAX_VALUE_BYTES)));
        self
    }

    /// Evaluate module calls through `resolver`.
    pub fn with_resolver(mut self, resolver: &'m dyn ModuleResolver) -> Evaluator<'m> {
        self.resolver = Some(resolver);
        self
    }

    fn file_name(&self, id: FileId) -> String {
        self.db
            .get(id)
            .and_then(|f| f.path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Terraform's precedence, lowest first: default, terraform.tfvars,
    /// *.auto.tfvars (lexical), --var-file (in order), --var.
    fn resolve_variables(&mut self, inputs: &Inputs) {
        let empty = Scope::default();
        let mut vars: HashMap<String, (Value, String)> = HashMap::new();
        for (name, decl) in &self.module.variables {
            if let Some(default) = decl.block.body.attribute("default") {
                self.current_file.set(decl.file);
                self.begin_declaration();
                // `default = null` is a known null (the variable is
                // optional), as in Terraform: `var.x == null ? a : b` and
                // `coalesce(var.x, …)` evaluate.
                let v = self.eval(&default.expr, &empty);
                vars.insert(name.clone(), (v, format!("default of `var.{name}`")));
            }
        }
        let apply_body =
            |ev: &Self, vars: &mut HashMap<String, (Value, String)>, id: FileId, body: &Body| {
                ev.current_file.set(id);
                let file = ev.file_name(id);
                for attr in &body.attributes {
                    if !ev.module.variables.contains_key(attr.key.as_str()) {
                        continue;
                    }
                    ev.begin_declaration();
                    let v = ev.eval(&attr.expr, &empty);
                    vars.insert(
                        attr.key.to_string(),
                        (v, format!("`var.{}` set in {file}", attr.key)),
                    );
                }
            };
        for id in &self.module.auto_vars {
            if let Some(body) = self.module.vars_bodies.get(id) {
                apply_body(self, &mut vars, *id, body);
            }
        }
        for (id, body) in &inputs.var_files {
            apply_body(self, &mut vars, *id, body);
        }
        for (name, raw) in &inputs.vars {
            if !self.module.variables.contains_key(name) {
                continue;
            }
            let v = parse_cli_value(raw);
            vars.insert(name.clone(), (v, format!("`var.{name}` set with --var")));
        }
        for (name, decl) in &self.module.variables {
            let set = vars.remove(name);
            // Null set for a variable declared `nullable = false` is no
            // value: its default applies.
            let set = match set {
                Some((v, _)) if v.is_null() && !nullable(decl) => {
                    decl.block.body.attribute("default").map(|d| {
                        self.current_file.set(decl.file);
                        self.begin_declaration();
                        (
                            self.eval(&d.expr, &empty),
                            format!("default of `var.{name}`"),
                        )
                    })
                }
                other => other,
            };
            match set {
                Some((v, note)) => {
                    let v = self.typed(name, decl, v, &note);
                    vars.insert(name.clone(), (v, note));
                }
                None => {
                    let loc = Loc::new(decl.file, decl.block.span);
                    vars.insert(name.clone(), (Value::unknown(Some(loc)), String::new()));
                }
            }
        }
        self.vars = vars;
    }

    /// A variable's value converted to its declared `type`, as Terraform
    /// converts it; one that does not fit is an error (at the value, or at
    /// the `type` for a value from the command line) and becomes unknown.
    fn typed(&self, name: &str, decl: &NamedBlock, v: Value, note: &str) -> Value {
        let Some(type_attr) = decl.block.body.attribute("type") else {
            return v;
        };
        let Some(t) = crate::vartypes::Type::parse(&type_attr.expr) else {
            return v;
        };
        let site = v.site;
        let trail = v.trail.clone();
        match crate::vartypes::convert(v, &t) {
            Ok(v) => v,
            Err(m) => {
                let (loc, said) = match site {
                    Some(loc) => (loc, String::new()),
                    None => (Loc::new(decl.file, type_attr.span), format!(" ({note})")),
                };
                self.problem_at(
                    loc,
                    format!(
                        "invalid value for `var.{name}{}`{said}: {}",
                        m.path, m.message
                    ),
                );
                let mut u = Value::unknown(site);
                u.trail = trail;
                u
            }
        }
    }

    fn problem_at(&self, loc: Loc, message: String) {
        self.problems.borrow_mut().push(Problem {
            file: Some(loc.file),
            path: self
                .db
                .get(loc.file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            span: Some(loc.span),
            message,
            group: None,
        });
    }

    /// `path.module`: this module's directory relative to the root module's.
    fn module_path(&self, site: Option<Loc>) -> Value {
        if self.module_depth == 0 {
            return Value::string(".", site);
        }
        let rel = pathdiff::diff_paths(&self.module.dir, &self.root_dir);
        match rel {
            Some(p) => Value::string(p.to_string_lossy().replace('\\', "/"), site),
            None => Value::unknown(site),
        }
    }

    /// Let `file()` and `templatefile()` read files through `loader`.
    pub fn with_loader(mut self, loader: &'m dyn FileLoader) -> Evaluator<'m> {
        self.loader = Some(loader);
        self
    }

    fn loc(&self, span: Span) -> Option<Loc> {
        Some(Loc::new(self.current_file.get(), span))
    }

    /// Spend `steps` and `bytes` of the root's budget for what the
    /// expression at `span` is about to build. More than is left: the
    /// budget is spent (one error, at `span`, the first time), and `false`:
    /// the caller builds nothing and its value is Unknown.
    fn spend(&self, steps: u64, bytes: u64, span: Span) -> bool {
        let b = &*self.budget;
        let (left_steps, left_bytes) = (b.steps.get(), b.bytes.get());
        if steps <= left_steps && bytes <= left_bytes {
            b.steps.set(left_steps - steps);
            b.bytes.set(left_bytes - bytes);
            return true;
        }
        let what = if steps > left_steps {
            format!("evaluation took more than {} steps", b.step_limit)
        } else {
            format!(
                "values grew past {} MiB in all (a value doubling again and again?)",
                b.byte_limit / (1024 * 1024)
            )
        };
        b.steps.set(0);
        b.bytes.set(0);
        b.spent.set(true);
        self.over_budget(span, &what);
        false
    }

    /// Text of `len` bytes about to be built at `span` (a string literal
    /// copied, a template's piece): see [`Evaluator::spend`].
    fn spend_text(&self, len: usize, span: Span) -> bool {
        let len = len as u64;
        self.spend(len / BYTES_PER_STEP, len, span)
    }

    /// Copying `v` (to a new place, or to iterate over it) costs a step per
    /// value and per [`BYTES_PER_STEP`] bytes of text, and its bytes; a
    /// value nesting deeper than [`MAX_VALUE_DEPTH`] is refused. Counted
    /// before the copy is made, stopping at what is left: `false` means
    /// do not copy, the result is Unknown.
    fn charge(&self, v: &Value, span: Span) -> bool {
        let f = v.footprint(self.budget.bytes.get(), MAX_VALUE_DEPTH);
        if f.depth > MAX_VALUE_DEPTH {
            self.over_budget(
                span,
                &format!("a value nests deeper than {MAX_VALUE_DEPTH} levels"),
            );
            return false;
        }
        let steps = f.nodes + (f.text + f.overhead) / BYTES_PER_STEP;
        self.spend(steps, f.bytes(), span)
    }

    /// A new declaration (a resource, a local, an output, …) is about to be
    /// evaluated: once a budget has run out, each gets [`GRACE_STEPS`] and
    /// [`GRACE_BYTES`], so the rest of the root is still checked.
    fn begin_declaration(&self) {
        let b = &*self.budget;
        if b.spent.get() {
            b.steps.set(b.steps.get().max(GRACE_STEPS));
            b.bytes.set(b.bytes.get().max(GRACE_BYTES));
        }
    }

    /// The bytes that may still be built (what a function may allocate).
    fn bytes_left(&self) -> u64 {
        self.budget.bytes.get()
    }

    /// A budget ran out: say so once per root module, at the expression
    /// where it happened; the value becomes Unknown.
    fn over_budget(&self, span: Span, what: &str) {
        if !self.budget.reported.replace(true) {
            self.problem(
                span,
                format!("evaluation budget exceeded: {what}; values from here on are unknown"),
            );
        }
    }

    fn problem(&self, span: Span, message: String) {
        let file = self.current_file.get();
        self.problems.borrow_mut().push(Problem {
            file: Some(file),
            path: self
                .db
                .get(file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            span: Some(span),
            message,
            group: None,
        });
    }

    /// Evaluate every resource and data source of the module.
    pub fn evaluate(self) -> EvaluatedModule {
        let mut out = EvaluatedModule::default();
        // Every resource and data source first (later parts may refer to
        // them); their instances are moved out of the cache at the end.
        // A large module's resources are evaluated in slices on all cores.
        self.evaluate_resources_in_parallel();
        for i in 0..self.module.resources.len() {
            self.cached_instances(Mode::Managed, i);
        }
        for i in 0..self.module.data.len() {
            self.cached_instances(Mode::Data, i);
        }
        let root = Scope::default();
        for p in &self.module.providers {
            self.current_file.set(p.file);
            self.begin_declaration();
            out.providers.push(Instance {
                decl: 0,
                address: format!("provider.{}", p.name),
                instance: format!("provider.{}", p.name),
                rtype: p.name.to_string(),
                name: p.name.to_string(),
                key: None,
                loc: Loc::new(p.file, p.block.span),
                body: self.eval_body(&p.block.body, &root),
            });
        }
        for (name, decl) in &self.module.variables {
            self.current_file.set(decl.file);
            self.begin_declaration();
            out.variables.push(EvalVariable {
                name: name.clone(),
                loc: Loc::new(decl.file, decl.block.span),
                default: decl
                    .block
                    .body
                    .attribute("default")
                    .map(|a| self.eval(&a.expr, &root)),
                value: self.vars.get(name).map(|(v, _)| v.clone()),
            });
        }
        for name in self.module.locals.keys() {
            let v = self.local(name, Span::default());
            out.locals.push((name.clone(), Value::clone(&v)));
        }
        for (name, decl) in &self.module.outputs {
            self.current_file.set(decl.file);
            self.begin_declaration();
            if let Some(a) = decl.block.body.attribute("value") {
                out.outputs.push((name.clone(), self.eval(&a.expr, &root)));
            }
        }
        for name in self.module.module_calls.keys() {
            let _ = self.call_instances(name);
        }
        // The instances, in declaration order, moved rather than copied
        // (a large module's values would otherwise exist twice at once).
        let mut instances = self.instances.into_inner();
        let mut take = |mode: Mode, n: usize, into: &mut Vec<Instance>| {
            for i in 0..n {
                if let Some(InstancesState::Done(list)) = instances.remove(&(mode, i)) {
                    into.extend(std::rc::Rc::try_unwrap(list).unwrap_or_else(|rc| (*rc).clone()));
                }
            }
        };
        take(
            Mode::Managed,
            self.module.resources.len(),
            &mut out.resources,
        );
        take(Mode::Data, self.module.data.len(), &mut out.data);
        let calls = self.calls.into_inner();
        let mut names: Vec<&String> = calls.keys().collect();
        names.sort();
        for name in names {
            if let Some(CallState::Done(list)) = calls.get(name) {
                for child in list.iter() {
                    out.children.push(child.module.clone());
                }
            }
        }
        out.problems = self.problems.into_inner();
        out.notes = self.notes.into_inner();
        if self.partial_seen.get() {
            // Arguments evaluated twice (see `partial_call`) report twice.
            for list in [&mut out.problems, &mut out.notes] {
                let mut seen = std::collections::HashSet::new();
                list.retain(|p| seen.insert((p.file, p.span, p.message.clone())));
            }
        }
        out
    }

    /// A module of many resources: evaluate them in fixed slices, each on
    /// its own evaluator (same variables, loader, resolver and budget) on
    /// rayon's threads, and fill this evaluator's cache with the results.
    /// What a slice needs from outside it (a local, another resource) it
    /// evaluates itself. Slices depend only on the module, so results do
    /// not depend on the number of threads.
    fn evaluate_resources_in_parallel(&self) {
        use rayon::prelude::*;
        let n = self.module.resources.len();
        if n < PARALLEL_RESOURCES {
            return;
        }
        let fork = Fork {
            module: self.module,
            db: self.db,
            vars: &self.vars,
            loader: self.loader,
            resolver: self.resolver,
            prefix: &self.prefix,
            instance_prefix: &self.instance_prefix,
            key: &self.key,
            root_dir: &self.root_dir,
            module_depth: self.module_depth,
            steps: 0,
            bytes: 0,
            index: self.index.clone(),
        };
        let slices: Vec<(usize, usize)> = (0..n)
            .step_by(RESOURCES_PER_SLICE)
            .map(|start| (start, (start + RESOURCES_PER_SLICE).min(n)))
            .collect();
        // The slices share what is left of the root's budgets: each gets an
        // equal part (at least a floor, so that a slice can still evaluate
        // the locals it shares with the others), so that k slices cannot
        // keep k times the root's budget alive, and the split depends only
        // on the module.
        let k = slices.len().max(1) as u64;
        let (left_steps, left_bytes) = (self.budget.steps.get(), self.budget.bytes.get());
        let fork = Fork {
            steps: (left_steps / k).max(SLICE_MIN_STEPS.min(left_steps)),
            bytes: (left_bytes / k).max(SLICE_MIN_BYTES.min(left_bytes)),
            ..fork
        };
        let done: Vec<SliceResult> = slices
            .par_iter()
            .map(|&(start, end)| fork.evaluate_slice(start, end))
            .collect();
        let mut cache = self.instances.borrow_mut();
        let mut problems = self.problems.borrow_mut();
        let mut notes = self.notes.borrow_mut();
        for slice in done {
            for (i, list) in slice.instances {
                cache.insert(
                    (Mode::Managed, i),
                    InstancesState::Done(std::rc::Rc::new(list)),
                );
            }
            // A slice that evaluated a shared local reports its errors too.
            for p in slice.problems {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            for p in slice.notes {
                if !notes.contains(&p) {
                    notes.push(p);
                }
            }
        }
    }

    /// The instances of module call `name`, each evaluated once.
    fn call_instances(&self, name: &str) -> std::rc::Rc<Vec<ChildInstance>> {
        let state = self.calls.borrow().get(name).cloned();
        match state {
            Some(CallState::Done(v)) => return v,
            Some(CallState::InProgress) => return self.partial_call(name),
            Some(CallState::Partial) => return std::rc::Rc::new(Vec::new()),
            None => {}
        }
        let Some(decl) = self.module.module_calls.get(name) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.calls
            .borrow_mut()
            .insert(name.to_string(), CallState::InProgress);
        let saved = self.current_file.get();
        let depth = self.depth.replace(0);
        let outer = self.deferred.take();
        let list = std::rc::Rc::new(self.evaluate_call(name, decl));
        self.depth.set(depth);
        self.current_file.set(saved);
        let during = self.deferred.replace(outer);
        if during.is_empty() {
            self.calls
                .borrow_mut()
                .insert(name.to_string(), CallState::Done(list.clone()));
        } else {
            // An argument saw a local still being evaluated: evaluated
            // again when next needed (see `local`).
            self.calls.borrow_mut().remove(name);
            self.deferred.borrow_mut().extend(during);
        }
        list
    }

    /// A module call referred to from inside one of its own arguments
    /// (`locals { x = module.m.b }` with `module "m" { a = local.x }`).
    /// In Terraform each argument and each output is its own node, so this
    /// is a cycle only if output `b` depends on argument `a`. The call is
    /// evaluated again with the arguments being evaluated now left Unknown:
    /// an output that does not depend on them comes out known, one that
    /// does comes out Unknown. Not cached; what its arguments report twice
    /// is reported once.
    fn partial_call(&self, name: &str) -> std::rc::Rc<Vec<ChildInstance>> {
        let Some(decl) = self.module.module_calls.get(name) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.calls
            .borrow_mut()
            .insert(name.to_string(), CallState::Partial);
        self.partial_seen.set(true);
        let saved = self.current_file.get();
        let depth = self.depth.replace(0);
        let list = self.evaluate_call(name, decl);
        self.depth.set(depth);
        self.current_file.set(saved);
        self.calls
            .borrow_mut()
            .insert(name.to_string(), CallState::InProgress);
        std::rc::Rc::new(list)
    }

    fn evaluate_call(&self, name: &str, decl: &crate::module::NamedBlock) -> Vec<ChildInstance> {
        self.current_file.set(decl.file);
        let loc = Loc::new(decl.file, decl.block.span);
        let source_loc = decl
            .block
            .body
            .attribute("source")
            .map_or(loc, |a| Loc::new(decl.file, a.expr.span));
        let Some(resolver) = self.resolver else {
            return Vec::new();
        };
        if self.module_depth >= MAX_MODULE_DEPTH {
            self.problem(
                decl.block.span,
                format!("module calls nest deeper than {MAX_MODULE_DEPTH} levels at `module.{name}` (does a module call itself?); its outputs are unknown"),
            );
            return Vec::new();
        }
        let key = if self.key.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.key)
        };
        let root = Scope::default();
        let expansion = self.expansion(&decl.block.body, &root);
        if expansion.is_empty() {
            // `count = 0`, `for_each = {}`: no instance, whatever the
            // module holds; `module.NAME` is `[]` or `{}`.
            self.no_instances.borrow_mut().insert(name.to_string());
            return Vec::new();
        }
        let child = match resolver.resolve(&self.root_dir, self.module, &key, decl) {
            Ok(m) => m,
            Err(Unresolved { reason, group }) => {
                let path = self
                    .db
                    .get(decl.file)
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                self.notes.borrow_mut().push(Problem {
                    file: Some(decl.file),
                    path,
                    span: Some(source_loc.span),
                    message: format!(
                        "`module.{name}` is not checked: {reason}; its outputs are unknown"
                    ),
                    group,
                });
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (instance_key, names) in expansion {
            // Each module instance costs budget, so a module that calls
            // itself several times cannot fan out without end; once a
            // budget has run out, no new module is instantiated.
            if self.budget.spent.get() || !self.spend(MODULE_INSTANCE_COST, 0, decl.block.span) {
                break;
            }
            let scope = root.child(names);
            self.current_file.set(decl.file);
            let mut args: HashMap<String, Value> = HashMap::new();
            for attr in &decl.block.body.attributes {
                if matches!(
                    attr.key.as_str(),
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let pending = (name.to_string(), attr.key.to_string());
                let v = if self.pending_args.borrow().contains(&pending) {
                    // Being evaluated further up: see `partial_call`.
                    Value::unknown(Some(Loc::new(decl.file, attr.expr.span)))
                } else {
                    self.pending_args.borrow_mut().push(pending);
                    let v = self.eval(&attr.expr, &scope);
                    self.pending_args.borrow_mut().pop();
                    v
                };
                args.insert(attr.key.to_string(), v);
            }
            let ev = self.child(child, name, &key, instance_key.as_ref(), args);
            let module = ev.evaluate();
            let outputs = Value::new(
                Kind::Object(module.outputs.iter().cloned().collect()),
                Some(loc),
            );
            out.push(ChildInstance {
                key: instance_key,
                module,
                outputs,
            });
        }
        out
    }

    /// An evaluator for a called module, its variables set from the call's
    /// arguments (or their defaults).
    fn child(
        &self,
        module: &'m Module,
        name: &str,
        key: &str,
        instance_key: Option<&Value>,
        mut args: HashMap<String, Value>,
    ) -> Evaluator<'m> {
        let mut ev = Evaluator {
            loader: self.loader,
            resolver: self.resolver,
            prefix: format!("{}module.{name}.", self.prefix),
            instance_prefix: format!(
                "{}module.{name}{}.",
                self.instance_prefix,
                key_suffix(instance_key)
            ),
            key: key.to_string(),
            root_dir: self.root_dir.clone(),
            module_depth: self.module_depth + 1,
            budget: self.budget.clone(),
            ..Evaluator::fresh(module, self.db)
        };
        let empty = Scope::default();
        let mut vars = HashMap::new();
        for (var, decl) in &module.variables {
            // A null argument is no argument for a variable declared
            // `nullable = false`: its default applies.
            let from_call = args.remove(var).filter(|v| !v.is_null() || nullable(decl));
            let entry = match from_call {
                Some(v) => (
                    v,
                    format!("`var.{var}` set by `{}module.{name}` here", self.prefix),
                ),
                None => {
                    ev.current_file.set(decl.file);
                    ev.begin_declaration();
                    // `default = null` is a known null, as in the root.
                    match decl
                        .block
                        .body
                        .attribute("default")
                        .map(|a| ev.eval(&a.expr, &empty))
                    {
                        Some(v) => (v, format!("default of `var.{var}`")),
                        None => (
                            Value::unknown(Some(Loc::new(decl.file, decl.block.span))),
                            String::new(),
                        ),
                    }
                }
            };
            let (v, note) = entry;
            let v = ev.typed(var, decl, v, &note);
            vars.insert(var.clone(), (v, note));
        }
        ev.vars = vars;
        ev
    }

    /// `module.NAME`: the outputs of each instance of the call.
    fn module_ref(&self, name: &str, site: Option<Loc>) -> Value {
        let Some(decl) = self.module.module_calls.get(name) else {
            return Value::unknown(site);
        };
        let list = self.call_instances(name);
        let body = &decl.block.body;
        if list.is_empty() {
            if !self.no_instances.borrow().contains(name) {
                return Value::unknown(site);
            }
            let kind = if body.attribute("for_each").is_some() {
                Kind::Object(BTreeMap::new())
            } else {
                Kind::List(Vec::new())
            };
            return Value::new(kind, site);
        }
        if body.attribute("count").is_some() {
            if list.iter().any(|c| c.key.is_none()) {
                return Value::unknown(site);
            }
            Value::new(
                Kind::List(list.iter().map(|c| c.outputs.clone()).collect()),
                site,
            )
        } else if body.attribute("for_each").is_some() {
            if list.iter().any(|c| c.key.is_none()) {
                return Value::unknown(site);
            }
            let map = list
                .iter()
                .filter_map(|c| {
                    c.key
                        .as_ref()
                        .and_then(Value::to_text)
                        .map(|k| (k, c.outputs.clone()))
                })
                .collect();
            Value::new(Kind::Object(map), site)
        } else {
            list.first()
                .map_or_else(|| Value::unknown(site), |c| c.outputs.clone())
        }
    }

    /// The instances of a resource or data source, evaluated once.
    fn cached_instances(&self, mode: Mode, index: usize) -> std::rc::Rc<Vec<Instance>> {
        let state = self.instances.borrow().get(&(mode, index)).cloned();
        match state {
            Some(InstancesState::Done(v)) => return v,
            Some(InstancesState::InProgress) => return std::rc::Rc::new(Vec::new()),
            None => {}
        }
        let decls = match mode {
            Mode::Managed => &self.module.resources,
            Mode::Data => &self.module.data,
        };
        let Some(decl) = decls.get(index) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.instances
            .borrow_mut()
            .insert((mode, index), InstancesState::InProgress);
        let saved = self.current_file.get();
        let depth = self.depth.replace(0);
        self.begin_declaration();
        let outer = self.deferred.take();
        let list = std::rc::Rc::new(self.instances(index, decl));
        self.depth.set(depth);
        self.current_file.set(saved);
        let during = self.deferred.replace(outer);
        if during.is_empty() {
            self.instances
                .borrow_mut()
                .insert((mode, index), InstancesState::Done(list.clone()));
        } else {
            self.instances.borrow_mut().remove(&(mode, index));
            self.deferred.borrow_mut().extend(during);
        }
        list
    }

    /// `TYPE.NAME` or `data.TYPE.NAME`: the configured attributes of the
    /// resource (a list for `count`, a map for `for_each`); anything not
    /// configured is known only after apply.
    fn resource_ref(&self, mode: Mode, rtype: &str, name: &str, site: Option<Loc>) -> Value {
        let decls = match mode {
            Mode::Managed => &self.module.resources,
            Mode::Data => &self.module.data,
        };
        let address = match mode {
            Mode::Managed => format!("{rtype}.{name}"),
            Mode::Data => format!("data.{rtype}.{name}"),
        };
        let unknown = || Value::unknown(site).with_extra(Extra::RefersTo(address.clone()));
        let Some(&index) = self.index.by_name.get(&(mode, rtype, name)) else {
            return unknown();
        };
        let state = self.instances.borrow().get(&(mode, index)).cloned();
        if matches!(state, Some(InstancesState::InProgress)) {
            // A resource referring to itself, directly or not.
            return unknown();
        }
        let list = self.cached_instances(mode, index);
        let Some(decl) = decls.get(index) else {
            return unknown();
        };
        let as_object = |inst: &Instance| {
            let mut map: BTreeMap<String, Value> = BTreeMap::new();
            for (k, v) in &inst.body.attrs {
                map.insert(k.clone(), as_referenced(v, &address));
            }
            for b in &inst.body.blocks {
                let obj = block_object(b, &address);
                match map.get_mut(&b.ident) {
                    Some(Value {
                        kind: Kind::List(items),
                        ..
                    }) => items.push(obj),
                    _ => {
                        map.insert(
                            b.ident.clone(),
                            Value::new(Kind::List(vec![obj]), Some(b.loc)),
                        );
                    }
                }
            }
            if mode == Mode::Data {
                crate::datasources::synthesize(rtype, inst, self.db, &mut map);
            }
            Value::new(Kind::Object(map), Some(inst.loc))
                .with_extra(Extra::RefersTo(address.clone()))
        };
        let body = &decl.block.body;
        if body.attribute("count").is_some() {
            if list.iter().any(|i| i.key.is_none()) {
                return unknown();
            }
            Value::new(Kind::List(list.iter().map(as_object).collect()), site)
        } else if body.attribute("for_each").is_some() {
            if list.iter().any(|i| i.key.is_none()) {
                return unknown();
            }
            let map = list
                .iter()
                .filter_map(|i| {
                    i.key
                        .as_ref()
                        .and_then(Value::to_text)
                        .map(|k| (k, as_object(i)))
                })
                .collect();
            Value::new(Kind::Object(map), site).with_extra(Extra::RefersTo(address.clone()))
        } else {
            list.first().map_or_else(unknown, as_object)
        }
    }

    /// The instances `count` or `for_each` asks for, with the names they
    /// bind; one instance with unknown bindings when the count is unknown.
    fn expansion(&self, body: &Body, root: &Scope<'_>) -> Vec<(Option<Value>, Bindings)> {
        let mut keyed: Vec<(Option<Value>, Bindings)> = Vec::new();
        if let Some(count) = body.attribute("count") {
            let v = self.eval(&count.expr, root);
            match v.as_number() {
                Some(n) if n >= 0.0 => {
                    // Findings are per source location, so a handful of
                    // instances is as good as thousands.
                    let n = (n as usize).min(MAX_ELEMENTS);
                    for i in 0..n {
                        // Each instance costs budget (its bindings, its body).
                        if !self.spend(1, 4 * crate::value::NODE_BYTES, count.expr.span) {
                            break;
                        }
                        let idx = Value::new(Kind::Number(i as f64), v.site);
                        let obj = object([("index", idx.clone())], v.site);
                        keyed.push((Some(idx), vec![("count".into(), obj)]));
                    }
                    if keyed.is_empty() && n > 0 {
                        // Over budget before the first: how many is unknown.
                        let obj = object([("index", Value::unknown(v.site))], v.site);
                        keyed.push((None, vec![("count".into(), obj)]));
                    }
                }
                _ => {
                    let obj = object([("index", Value::unknown(v.site))], v.site);
                    keyed.push((None, vec![("count".into(), obj)]));
                }
            }
        } else if let Some(fe) = body.attribute("for_each") {
            let mut v = self.eval(&fe.expr, root);
            // Each instance's `each` copies an element.
            if !self.charge(&v, fe.expr.span) {
                v = Value::unknown(v.site);
            }
            let cut = Cell::new(false);
            let each_costs = || {
                let ok = self.spend(1, 4 * crate::value::NODE_BYTES, fe.expr.span);
                cut.set(cut.get() || !ok);
                ok
            };
            match &v.kind {
                Kind::Object(map) => {
                    for (k, item) in map.iter().take(MAX_ELEMENTS) {
                        if !each_costs() {
                            break;
                        }
                        let key = Value::string(k.clone(), item.site);
                        let each =
                            object([("key", key.clone()), ("value", item.clone())], item.site);
                        keyed.push((Some(key), vec![("each".into(), each)]));
                    }
                }
                Kind::List(items) => {
                    for item in items.iter().take(MAX_ELEMENTS) {
                        if !each_costs() {
                            break;
                        }
                        let key = item.clone();
                        let each =
                            object([("key", key.clone()), ("value", item.clone())], item.site);
                        keyed.push((Some(key), vec![("each".into(), each)]));
                    }
                }
                _ => {
                    let each = object(
                        [
                            ("key", Value::unknown(v.site)),
                            ("value", Value::unknown(v.site)),
                        ],
                        v.site,
                    );
                    keyed.push((None, vec![("each".into(), each)]));
                }
            }
            if keyed.is_empty() && cut.get() {
                // Over budget before the first: which instances is unknown.
                let each = object(
                    [
                        ("key", Value::unknown(v.site)),
                        ("value", Value::unknown(v.site)),
                    ],
                    v.site,
                );
                keyed.push((None, vec![("each".into(), each)]));
            }
        } else {
            keyed.push((None, Vec::new()));
        }
        keyed
    }

    fn instances(&self, index: usize, decl: &ResourceDecl) -> Vec<Instance> {
        self.current_file.set(decl.file);
        let root = Scope::default();
        let body = &decl.block.body;
        let keyed = self.expansion(body, &root);
        let address = format!("{}{}", self.prefix, decl.address());
        let cost = instance_cost(body, &address);
        let mut out = Vec::with_capacity(keyed.len());
        for (key, names) in keyed {
            // Once a budget has run out, no more instances are built (their
            // bodies would be Unknown all through); the first always is.
            if !out.is_empty() && !self.spend(1, cost, decl.block.span) {
                break;
            }
            let scope = root.child(names);
            let instance = format!(
                "{}{}{}",
                self.instance_prefix,
                decl.address(),
                key_suffix(key.as_ref())
            );
            out.push(Instance {
                decl: index,
                address: address.clone(),
                instance,
                rtype: decl.rtype.to_string(),
                name: decl.name.to_string(),
                key,
                loc: decl.loc(),
                body: self.eval_body(body, &scope),
            });
        }
        out
    }

    fn eval_body(&self, body: &Body, scope: &Scope<'_>) -> EvalBody {
        let mut out = EvalBody::default();
        for attr in &body.attributes {
            // Meta-arguments are not the resource's configuration:
            // `depends_on = [google_sql_user.default]` holds no values the
            // resource is given (rules read only arguments).
            if matches!(attr.key.as_str(), "count" | "for_each" | "depends_on") {
                continue;
            }
            let v = self.eval(&attr.expr, scope);
            out.attrs.push((attr.key.to_string(), v));
            out.attr_locs
                .push(Loc::new(self.current_file.get(), attr.span));
        }
        for block in &body.blocks {
            if block.ident == "dynamic" {
                self.expand_dynamic(block, scope, &mut out);
                continue;
            }
            out.blocks.push(EvalBlock {
                ident: block.ident.to_string(),
                loc: Loc::new(self.current_file.get(), block.span),
                body: self.eval_body(&block.body, scope),
            });
        }
        out.blocks.sort_by_key(|b| b.loc.span.start());
        out
    }

    fn expand_dynamic(&self, block: &crate::syntax::Block, scope: &Scope<'_>, out: &mut EvalBody) {
        let Some(name) = block.label(0) else { return };
        let Some(content) = block.body.blocks_named("content").next() else {
            return;
        };
        let iterator = match block.body.attribute("iterator").map(|a| &a.expr.kind) {
            Some(ExprKind::Variable(n)) => n.to_string(),
            _ => name.to_string(),
        };
        let Some(fe) = block.body.attribute("for_each") else {
            return;
        };
        let coll = self.eval(&fe.expr, scope);
        // Each block's iterator copies an element.
        if !self.charge(&coll, fe.expr.span) {
            return;
        }
        // Unknown for_each: how many blocks is not knowable; none are assumed.
        let pairs = iteration(&coll).unwrap_or_default();
        let cost = instance_cost(&content.body, name);
        for (key, value) in pairs.into_iter().take(MAX_ELEMENTS) {
            if !self.spend(1, cost, fe.expr.span) {
                break;
            }
            let site = value.site;
            let iter = object([("key", key), ("value", value)], site);
            let child = scope.child(vec![(iterator.clone(), iter)]);
            out.blocks.push(EvalBlock {
                ident: name.to_string(),
                loc: Loc::new(self.current_file.get(), content.span),
                body: self.eval_body(&content.body, &child),
            });
        }
    }

    /// Evaluate an expression of the current file.
    fn eval(&self, expr: &Expr, scope: &Scope<'_>) -> Value {
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            self.over_budget(
                expr.span,
                &format!("expressions nest deeper than {MAX_DEPTH} levels"),
            );
            return Value::unknown(self.loc(expr.span));
        }
        if !self.spend(1, crate::value::NODE_BYTES, expr.span) {
            return Value::unknown(self.loc(expr.span));
        }
        self.depth.set(depth + 1);
        // Deep (but budgeted) nesting must not overflow whatever stack the
        // caller runs on: grow it on the heap when it runs low.
        let mut v = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.eval_inner(expr, scope));
        self.depth.set(depth);
        if v.site.is_none() {
            v.site = self.loc(expr.span);
        }
        v
    }

    fn eval_inner(&self, expr: &Expr, scope: &Scope<'_>) -> Value {
        let site = self.loc(expr.span);
        match &expr.kind {
            ExprKind::Null => Value::null(site),
            ExprKind::Bool(b) => Value::new(Kind::Bool(*b), site),
            ExprKind::Number(n) => Value::new(Kind::Number(*n), site),
            ExprKind::String(s) => {
                if !self.spend_text(s.len(), expr.span) {
                    return Value::unknown(site);
                }
                Value::string(s.clone(), site)
            }
            ExprKind::Invalid => Value::unknown(site),
            ExprKind::Template(parts) => self.eval_template(parts, scope, site),
            ExprKind::Array(items) => Value::new(
                Kind::List(items.iter().map(|e| self.eval(e, scope)).collect()),
                site,
            ),
            ExprKind::Object(items) => {
                let overhead = crate::value::object_overhead(items.len());
                if !self.spend(overhead / BYTES_PER_STEP, overhead, expr.span) {
                    return Value::unknown(site);
                }
                let mut map = BTreeMap::new();
                for item in items {
                    let key = match &item.key {
                        ObjectKey::Ident(k, _) => Some(k.to_string()),
                        ObjectKey::Expr(e) => match &e.kind {
                            // A bare identifier key is the name, not a variable.
                            ExprKind::Variable(n) => Some(n.to_string()),
                            _ => self.eval(e, scope).to_text(),
                        },
                    };
                    match key {
                        Some(k) => {
                            map.insert(k, self.eval(&item.value, scope));
                        }
                        None => return Value::unknown(site),
                    }
                }
                Value::new(Kind::Object(map), site)
            }
            ExprKind::Variable(name) => match scope.lookup(name) {
                Some(v) => {
                    if !self.charge(v, expr.span) {
                        return Value::unknown(site);
                    }
                    v.relocated(site, &format!("`{name}` iterates over this value"))
                }
                None => Value::unknown(site),
            },
            ExprKind::Traversal(base, ops) => {
                self.eval_traversal(base, ops, scope, site, expr.span)
            }
            ExprKind::Call(call) => {
                self.eval_call(&call.name, &call.args, call.expand_final, scope, site)
            }
            ExprKind::Conditional(c, t, f) => {
                let cond = self.eval(c, scope);
                // A condition that is an error, or null (Terraform: "the
                // condition value is null"), makes the whole an error.
                if cond.is_error() {
                    return cond;
                }
                if cond.is_null() {
                    return Value::error(site, "a null condition".to_string());
                }
                match cond.as_bool() {
                    Some(true) => self.eval(t, scope),
                    Some(false) => self.eval(f, scope),
                    None => {
                        // Either way the same value: known all the same.
                        let (a, b) = (self.eval(t, scope), self.eval(f, scope));
                        if !a.has_unknown() && same(&a, &b) {
                            a
                        } else {
                            linked(Value::unknown(site), &[&a, &b])
                        }
                    }
                }
            }
            ExprKind::Unary(op, e) => {
                let v = self.eval(e, scope);
                match (op, &v.kind) {
                    (UnaryOp::Neg, _) => v
                        .as_number()
                        .map_or(Value::unknown(site), |n| Value::new(Kind::Number(-n), site)),
                    (UnaryOp::Not, _) => v
                        .as_bool()
                        .map_or(Value::unknown(site), |b| Value::new(Kind::Bool(!b), site)),
                }
            }
            ExprKind::Binary(op, l, r) => {
                let l = self.eval(l, scope);
                let r = self.eval(r, scope);
                binary(*op, &l, &r, site)
            }
            ExprKind::For(fe) => {
                let coll = self.eval(&fe.collection, scope);
                // Iterating copies every element.
                if !self.charge(&coll, fe.collection.span) {
                    return Value::unknown(site);
                }
                let Some(pairs) = iteration(&coll) else {
                    return Value::unknown(site);
                };
                let mut list = Vec::new();
                let mut map: BTreeMap<String, Value> = BTreeMap::new();
                for (k, v) in pairs.into_iter().take(MAX_ELEMENTS) {
                    let mut names = vec![(fe.value_var.clone(), v)];
                    if let Some(kv) = &fe.key_var {
                        names.push((kv.clone(), k));
                    }
                    let child = scope.child(names);
                    if let Some(c) = &fe.cond {
                        match self.eval(c, &child).as_bool() {
                            Some(true) => {}
                            Some(false) => continue,
                            None => return Value::unknown(site),
                        }
                    }
                    let val = self.eval(&fe.value_expr, &child);
                    if self.budget.steps.get() == 0 && self.budget.spent.get() {
                        // Over budget: the rest would be Unknown too.
                        return Value::unknown(site);
                    }
                    match &fe.key_expr {
                        None => list.push(val),
                        Some(ke) => {
                            let Some(key) = self.eval(ke, &child).to_text() else {
                                return Value::unknown(site);
                            };
                            if fe.grouping {
                                let entry = map
                                    .entry(key)
                                    .or_insert_with(|| Value::new(Kind::List(Vec::new()), site));
                                if let Kind::List(items) = &mut entry.kind {
                                    items.push(val);
                                }
                            } else {
                                map.insert(key, val);
                            }
                        }
                    }
                }
                if fe.key_expr.is_some() {
                    let overhead = crate::value::object_overhead(map.len());
                    if !self.spend(overhead / BYTES_PER_STEP, overhead, expr.span) {
                        return Value::unknown(site);
                    }
                    Value::new(Kind::Object(map), site)
                } else {
                    Value::new(Kind::List(list), site)
                }
            }
        }
    }

    fn eval_template(&self, parts: &[TemplatePart], scope: &Scope<'_>, site: Option<Loc>) -> Value {
        // "${x}" alone yields x itself, of whatever type.
        if let [TemplatePart::Interpolation(e)] = parts {
            return self.eval(e, scope);
        }
        let mut r = Rendering::default();
        if !self.render_parts(parts, scope, &mut r) {
            return Value::unknown(site);
        }
        r.into_value(site)
    }

    fn render_parts(&self, parts: &[TemplatePart], scope: &Scope<'_>, r: &mut Rendering) -> bool {
        for part in parts {
            match part {
                TemplatePart::Literal(s, span) => {
                    if !self.spend_text(s.len() + SEGMENT_BYTES, *span) {
                        return false;
                    }
                    r.push(s, *span, true)
                }
                TemplatePart::Interpolation(e) => {
                    let v = self.eval(e, scope);
                    let s = match &v.kind {
                        Kind::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                        // Known after apply: the rest of the text is still
                        // worth keeping (JSON around `${aws_s3_bucket.x.arn}`).
                        Kind::Unknown if !v.is_error() => {
                            r.holes = true;
                            std::borrow::Cow::Owned(crate::value::HOLE.to_string())
                        }
                        _ => match v.to_text() {
                            Some(s) => std::borrow::Cow::Owned(s),
                            None => return false,
                        },
                    };
                    // Checked before the text grows: a template doubling
                    // another ends here, not in an allocation failure.
                    if !self.spend_text(s.len() + SEGMENT_BYTES, e.span) {
                        return false;
                    }
                    if r.trail.is_none() && !v.trail.is_empty() {
                        r.trail = Some(v.trail.clone());
                    }
                    r.push(&s, e.span, false);
                }
                TemplatePart::If(t) => match self.eval(&t.cond, scope).as_bool() {
                    Some(true) => {
                        if !self.render_parts(&t.then, scope, r) {
                            return false;
                        }
                    }
                    Some(false) => {
                        if !self.render_parts(&t.otherwise, scope, r) {
                            return false;
                        }
                    }
                    None => return false,
                },
                TemplatePart::For(t) => {
                    let crate::syntax::TemplateFor {
                        key_var,
                        value_var,
                        collection,
                        body,
                    } = &**t;
                    let coll = self.eval(collection, scope);
                    if !self.charge(&coll, collection.span) {
                        return false;
                    }
                    let Some(pairs) = iteration(&coll) else {
                        return false;
                    };
                    for (k, v) in pairs.into_iter().take(MAX_ELEMENTS) {
                        let mut names = vec![(value_var.clone(), v)];
                        if let Some(kv) = key_var {
                            names.push((kv.clone(), k));
                        }
                        let child = scope.child(names);
                        if !self.render_parts(body, &child, r) {
                            return false;
                        }
                        if r.text.len() > 16 * 1024 * 1024 {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    fn eval_traversal(
        &self,
        base: &Expr,
        ops: &[Traverse],
        scope: &Scope<'_>,
        site: Option<Loc>,
        span: Span,
    ) -> Value {
        use std::borrow::Cow;
        // A local's cached value, borrowed while traversing: only what the
        // traversal ends on is copied (and charged first).
        let local: std::rc::Rc<Value>;
        let (root_name, bound) = match &base.kind {
            ExprKind::Variable(n) => match scope.lookup(n) {
                None => (Some(n.as_str()), None),
                Some(v) => (None, Some((n, v))),
            },
            _ => (None, None),
        };
        let first_attr = match ops.first() {
            Some(Traverse::Attr(a, _)) => Some(a.as_str()),
            _ => None,
        };
        let (start, rest, note): (Cow<'_, Value>, &[Traverse], String) =
            match (root_name, first_attr) {
                (Some("var"), Some(name)) => match self.vars.get(name) {
                    Some((v, note)) => (Cow::Borrowed(v), &ops[1..], note.clone()),
                    None => {
                        self.problem(
                            base.span,
                            format!("reference to undeclared variable `var.{name}`"),
                        );
                        return Value::unknown(site);
                    }
                },
                (Some("local"), Some(name)) => {
                    local = self.local(name, base.span);
                    (
                        Cow::Borrowed(&*local),
                        &ops[1..],
                        format!("`local.{name}` defined here"),
                    )
                }
                (Some("path"), Some(name)) => {
                    let v = match name {
                        // Paths are relative to the root module, which is where
                        // Terraform runs: for a root module, `.`.
                        "module" => self.module_path(site),
                        "root" => Value::string(".", site),
                        // Terraform runs in the root module's directory, and
                        // `path.cwd` is that directory's absolute path.
                        "cwd" if self.root_dir.is_absolute() => {
                            Value::string(self.root_dir.to_string_lossy().replace('\\', "/"), site)
                        }
                        _ => Value::unknown(site),
                    };
                    (Cow::Owned(v), &ops[1..], String::new())
                }
                (Some("module"), Some(name)) => (
                    Cow::Owned(self.module_ref(name, site)),
                    &ops[1..],
                    format!("output of `{}module.{name}`", self.prefix),
                ),
                (Some("data"), Some(rtype)) => {
                    let Some(Traverse::Attr(name, _)) = ops.get(1) else {
                        return Value::unknown(site);
                    };
                    let v = self.resource_ref(Mode::Data, rtype, name, site);
                    let note = format!("set in `data.{rtype}.{name}`");
                    (Cow::Owned(v), &ops[2..], note)
                }
                (Some(rtype), Some(name))
                    if rtype.contains('_') && self.index.types.contains(rtype) =>
                {
                    let v = self.resource_ref(Mode::Managed, rtype, name, site);
                    (Cow::Owned(v), &ops[1..], format!("set in `{rtype}.{name}`"))
                }
                (Some(_), _) => {
                    // Module outputs, `terraform.*`, `self`, undeclared
                    // resources: known only after apply.
                    return Value::unknown(site);
                }
                (None, _) => match bound {
                    // `each.value`, `ingress.value`, a `for` variable: the whole
                    // traversal is where the value now sits.
                    Some((name, v)) => (
                        Cow::Borrowed(v),
                        ops,
                        format!("`{name}` iterates over this value"),
                    ),
                    None => (Cow::Owned(self.eval(base, scope)), ops, String::new()),
                },
            };
        let v = apply_ops(self, start, rest, scope, span);
        match v {
            // Only a part of something already built (and charged).
            Cow::Owned(v) if note.is_empty() => v,
            v => {
                // A copy: charged before it is made.
                if !self.charge(&v, span) {
                    return Value::unknown(site);
                }
                if note.is_empty() {
                    v.into_owned()
                } else {
                    v.relocated(site, &note)
                }
            }
        }
    }

    /// A local's value, evaluated once and shared from then on.
    fn local(&self, name: &str, span: Span) -> std::rc::Rc<Value> {
        let state = self.locals.borrow().get(name).cloned();
        match state {
            Some(LocalState::Done(v)) => return v,
            Some(LocalState::InProgress(since)) if since < self.pending_args.borrow().len() => {
                // Reached again through a module call's argument: in
                // Terraform each argument and output of a call is its own
                // node, so this is a cycle only if the output that led into
                // the call depends on this argument. Unknown for now, and
                // nothing that saw it is cached until `local.NAME` is done.
                self.deferred.borrow_mut().insert(name.to_string());
                return std::rc::Rc::new(Value::unknown(self.loc(span)));
            }
            Some(LocalState::InProgress(_)) => {
                self.problem(
                    span,
                    format!("`local.{name}` refers to itself (a cycle among locals)"),
                );
                return std::rc::Rc::new(Value::unknown(self.loc(span)));
            }
            None => {}
        }
        let Some(decl) = self.module.locals.get(name) else {
            self.problem(span, format!("reference to undeclared `local.{name}`"));
            return std::rc::Rc::new(Value::unknown(self.loc(span)));
        };
        let since = self.pending_args.borrow().len();
        self.locals
            .borrow_mut()
            .insert(name.to_string(), LocalState::InProgress(since));
        let saved = self.current_file.replace(decl.file);
        self.begin_declaration();
        let outer = self.deferred.take();
        let v = std::rc::Rc::new(self.eval(&decl.attr.expr, &Scope::default()));
        self.current_file.set(saved);
        let mut during = self.deferred.replace(outer);
        during.remove(name);
        if during.is_empty() {
            self.locals
                .borrow_mut()
                .insert(name.to_string(), LocalState::Done(v.clone()));
        } else {
            self.locals.borrow_mut().remove(name);
            self.deferred.borrow_mut().extend(during);
        }
        v
    }

    fn eval_call(
        &self,
        name: &str,
        args: &[Expr],
        expand_final: bool,
        scope: &Scope<'_>,
        site: Option<Loc>,
    ) -> Value {
        let name = name.strip_prefix("provider::terraform::").unwrap_or(name);
        match name {
            // Lazy, as Terraform's: an argument that fails falls through to
            // the next; one that is unknown is the result (it might succeed
            // when known), kept as it is so that a reference inside
            // (`try(aws_lb_listener.http.arn, null)`) still leads to its
            // resource.
            "try" => {
                for a in args {
                    let v = self.eval(a, scope);
                    if !v.has_error() {
                        return v;
                    }
                }
                return Value::unknown(site);
            }
            "can" => {
                let v = args.first().map(|a| self.eval(a, scope));
                return match v {
                    Some(v) if v.has_error() => Value::new(Kind::Bool(false), site),
                    Some(v) if !v.has_unknown() => Value::new(Kind::Bool(true), site),
                    _ => Value::unknown(site),
                };
            }
            "file" | "templatefile" => {
                let v = self.read_file_fn(name, args, scope, site);
                return match site {
                    Some(at) if !self.charge(&v, at.span) => Value::unknown(site),
                    _ => v,
                };
            }
            "fileexists" | "abspath" | "pathexpand" => {
                return self.path_fn(name, args, scope, site)
            }
            _ => {}
        }
        let mut values: Vec<Value> = args.iter().map(|a| self.eval(a, scope)).collect();
        if expand_final {
            match values.pop() {
                Some(Value {
                    kind: Kind::List(items),
                    ..
                }) => values.extend(items),
                _ => return Value::unknown(site),
            }
        }
        // A function's result costs steps and bytes by its size, as a
        // copied value does: functions called in loops cannot outrun the
        // budget. A function refuses, before allocating, text longer than
        // the bytes left (`format("%16000000s", …)` on a spent budget).
        // Functions read their string arguments (segment, map, search
        // them): a step per `BYTES_PER_STEP` bytes read.
        let read: usize = values.iter().filter_map(Value::as_str).map(str::len).sum();
        if let Some(at) = site {
            if !self.spend(read as u64 / BYTES_PER_STEP, 0, at.span) {
                return Value::unknown(site);
            }
        }
        let link = if PASS_THROUGH.contains(&name) {
            sole_reference(values.iter())
        } else {
            None
        };
        let called = functions::call_within(name, values, site, self.bytes_left());
        let Some(at) = site else {
            return called.value;
        };
        if called.over_budget {
            // Refused: the text would not have fit in what is left.
            self.spend(0, self.bytes_left().saturating_add(1), at.span);
            return Value::unknown(site);
        }
        if !self.charge(&called.value, at.span) {
            return Value::unknown(site);
        }
        match link {
            Some(address) if called.value.is_unknown() && called.value.extra.is_none() => {
                called.value.with_extra(Extra::RefersTo(address))
            }
            _ => called.value,
        }
    }
}

/// Functions whose result is one of their arguments (or a part of one):
/// when the result is Unknown, it still refers to the resource its
/// arguments refer to (`one(aws_lb_listener.http[*].arn)`).
const PASS_THROUGH: &[&str] = &[
    "one",
    "coalesce",
    "coalescelist",
    "lookup",
    "element",
    "tostring",
    "tolist",
    "toset",
    "compact",
    "concat",
    "flatten",
    "distinct",
];

/// `[0]` or `["k"]` for an instance key, nothing without one.
fn key_suffix(key: Option<&Value>) -> String {
    match key.map(|k| &k.kind) {
        Some(Kind::Number(n)) => format!("[{}]", crate::value::format_number(*n)),
        Some(Kind::String(s)) => format!("[{s:?}]"),
        _ => String::new(),
    }
}

/// Whether a variable may be null (`nullable`, true unless declared false).
fn nullable(decl: &NamedBlock) -> bool {
    !matches!(
        decl.block.body.attribute("nullable").map(|a| &a.expr.kind),
        Some(ExprKind::Bool(false))
    )
}

/// The one resource the Unknown parts of `from` refer to; `None` when
/// they refer to none, or to several.
fn sole_reference<'a>(from: impl Iterator<Item = &'a Value>) -> Option<String> {
    fn walk<'a>(v: &'a Value, found: &mut Option<&'a str>, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some(a) = v.refers_to() {
            if found.is_some_and(|f| f != a) {
                return false;
            }
            *found = Some(a);
            return true;
        }
        match &v.kind {
            Kind::List(items) => items.iter().all(|i| walk(i, found, budget)),
            Kind::Object(map) => map.values().all(|i| walk(i, found, budget)),
            _ => true,
        }
    }
    let mut found = None;
    let mut budget = 256;
    for v in from {
        if !walk(v, &mut found, &mut budget) {
            return None;
        }
    }
    found.map(str::to_string)
}

/// `v`, when it is an Unknown that refers to nothing, made to refer to the
/// one resource `from` refers to: conditionals and pass-through functions
/// keep the link that cross-resource rules follow.
fn linked(v: Value, from: &[&Value]) -> Value {
    if !v.is_unknown() || v.extra.is_some() {
        return v;
    }
    match sole_reference(from.iter().copied()) {
        Some(a) => v.with_extra(Extra::RefersTo(a)),
        None => v,
    }
}

impl Evaluator<'_> {
    /// `file(path)` and `templatefile(path, vars)`: only through the loader,
    /// which refuses paths outside the tree being checked.
    fn read_file_fn(
        &self,
        name: &str,
        args: &[Expr],
        scope: &Scope<'_>,
        site: Option<Loc>,
    ) -> Value {
        let Some(path) = args
            .first()
            .and_then(|a| self.eval(a, scope).as_str().map(str::to_string))
        else {
            return Value::unknown(site);
        };
        // Relative paths are relative to where Terraform runs: the root
        // module's directory.
        let path = self.root_dir.join(&path);
        let Some((id, text)) = self.loader.and_then(|l| l.load(&path)) else {
            return Value::unknown(site);
        };
        let whole = Some(Loc::new(id, Span::new(0, text.len())));
        if name == "file" {
            return Value::string(text.to_string(), whole);
        }
        let vars = args.get(1).map(|a| self.eval(a, scope));
        let names: Bindings = match vars.as_ref().map(|v| &v.kind) {
            Some(Kind::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            None => Vec::new(),
            _ => return Value::unknown(site),
        };
        let Ok(parts) = crate::parse_hcl::parse_template(&text) else {
            return Value::unknown(site);
        };
        // Template variables only: a template sees nothing of the module.
        let scope = Scope {
            parent: None,
            names,
        };
        let saved = self.current_file.replace(id);
        let mut r = Rendering::default();
        let ok = self.render_parts(&parts, &scope, &mut r);
        self.current_file.set(saved);
        if ok {
            r.into_value(whole)
        } else {
            Value::unknown(site)
        }
    }
}

impl Evaluator<'_> {
    /// `fileexists`, `abspath`, `pathexpand`: answered only for paths inside
    /// the checked tree (through the loader); anything else is Unknown.
    fn path_fn(&self, name: &str, args: &[Expr], scope: &Scope<'_>, site: Option<Loc>) -> Value {
        let Some(path) = args
            .first()
            .and_then(|a| self.eval(a, scope).as_str().map(str::to_string))
        else {
            return Value::unknown(site);
        };
        if name == "pathexpand" {
            // The home directory is outside the tree.
            return if path.starts_with('~') {
                Value::unknown(site)
            } else {
                Value::string(path, site)
            };
        }
        let full = self.root_dir.join(&path);
        let Some(loader) = self.loader else {
            return Value::unknown(site);
        };
        match name {
            "fileexists" => loader
                .exists(&full)
                .map_or_else(|| Value::unknown(site), |b| Value::new(Kind::Bool(b), site)),
            _ => loader.absolute(&full).map_or_else(
                || Value::unknown(site),
                |p| Value::string(p.to_string_lossy().replace('\\', "/"), site),
            ),
        }
    }
}

/// `ops` applied to `v`: attributes and indexes walk into it (borrowing
/// what is borrowed: only the part a traversal ends on is copied), a splat
/// maps the rest over a list. Each splat nests the result one list deeper,
/// so splats count towards [`MAX_DEPTH`] like nested expressions.
fn apply_ops<'v>(
    ev: &Evaluator<'_>,
    mut v: std::borrow::Cow<'v, Value>,
    ops: &[Traverse],
    scope: &Scope<'_>,
    span: Span,
) -> std::borrow::Cow<'v, Value> {
    use std::borrow::Cow;
    fn descend<'v>(
        v: Cow<'v, Value>,
        f: impl FnOnce(&Value) -> Result<&Value, Value>,
    ) -> Cow<'v, Value> {
        match v {
            Cow::Borrowed(b) => match f(b) {
                Ok(part) => Cow::Borrowed(part),
                Err(missing) => Cow::Owned(missing),
            },
            Cow::Owned(o) => Cow::Owned(match f(&o) {
                Ok(part) => part.clone(),
                Err(missing) => missing,
            }),
        }
    }
    for (i, op) in ops.iter().enumerate() {
        match op {
            Traverse::Attr(name, _) => v = descend(v, |x| get_attr(x, name)),
            Traverse::Index(e) => {
                let key = ev.eval(e, scope);
                v = descend(v, |x| index(x, &key));
            }
            Traverse::LegacyIndex(n, _) => {
                let key = Value::new(Kind::Number(*n as f64), None);
                v = descend(v, |x| index(x, &key));
            }
            Traverse::AttrSplat | Traverse::FullSplat => {
                let rest = &ops[i + 1..];
                let site = v.site;
                let depth = ev.depth.get();
                if depth >= MAX_DEPTH {
                    ev.over_budget(
                        span,
                        &format!("expressions nest deeper than {MAX_DEPTH} levels (splats count as a level each)"),
                    );
                    return Cow::Owned(Value::unknown(site));
                }
                // The splat copies the list's elements.
                if !ev.charge(&v, span) {
                    return Cow::Owned(Value::unknown(site));
                }
                ev.depth.set(depth + 1);
                let out = match &v.kind {
                    Kind::List(items) => Value::new(
                        Kind::List(
                            items
                                .iter()
                                .map(|item| {
                                    apply_ops(ev, Cow::Borrowed(item), rest, scope, span)
                                        .into_owned()
                                })
                                .collect(),
                        ),
                        site,
                    ),
                    Kind::Null => Value::new(Kind::List(Vec::new()), site),
                    Kind::Unknown => v.into_owned(),
                    _ => Value::new(
                        Kind::List(vec![apply_ops(ev, v, rest, scope, span).into_owned()]),
                        site,
                    ),
                };
                ev.depth.set(depth);
                return Cow::Owned(out);
            }
        }
    }
    v
}

/// What an instance of `body` (or a dynamic block's) takes before its
/// values are counted: the instance, and a slot for each attribute and
/// block (each at least an Unknown).
fn instance_cost(body: &Body, address: &str) -> u64 {
    let slots = (body.attributes.len() + body.blocks.len()) as u64;
    (std::mem::size_of::<Instance>() + 2 * address.len()) as u64
        + slots * (crate::value::NODE_BYTES + std::mem::size_of::<Loc>() as u64)
}

/// The (key, value) pairs a `for` expression, `for_each` or template `for`
/// iterates over: index and element for lists, key and value for maps.
fn iteration(coll: &Value) -> Option<Vec<(Value, Value)>> {
    Some(match &coll.kind {
        Kind::List(items) => items
            .iter()
            .take(MAX_ELEMENTS)
            .enumerate()
            .map(|(i, v)| (Value::new(Kind::Number(i as f64), v.site), v.clone()))
            .collect(),
        Kind::Object(map) => map
            .iter()
            .take(MAX_ELEMENTS)
            .map(|(k, v)| (Value::string(k.clone(), v.site), v.clone()))
            .collect(),
        _ => return None,
    })
}

/// The attribute `name` of `v`, or what a missing one is (Unknown, or an
/// error that `try` and `can` catch).
fn get_attr<'v>(v: &'v Value, name: &str) -> Result<&'v Value, Value> {
    let missing = || {
        if v.is_error() {
            // An error stays one through what is taken from it.
            return v.clone();
        }
        let u = Value::unknown(v.site);
        match v.refers_to() {
            Some(a) => u.with_extra(Extra::RefersTo(a.to_string())),
            None if v.is_unknown() => u,
            // A known value without that attribute: an error, which `try`
            // and `can` catch.
            None => Value::error(v.site, format!("no attribute `{name}`")),
        }
    };
    match &v.kind {
        Kind::Object(map) => map.get(name).ok_or_else(missing),
        _ => Err(missing()),
    }
}

/// The element `key` of `v`, or what a missing one is.
fn index<'v>(v: &'v Value, key: &Value) -> Result<&'v Value, Value> {
    if v.is_error() {
        return Err(v.clone());
    }
    if key.is_error() {
        return Err(key.clone());
    }
    if v.is_unknown() || key.is_unknown() {
        let u = Value::unknown(v.site);
        return Err(match v.refers_to() {
            Some(a) => u.with_extra(Extra::RefersTo(a.to_string())),
            None => u,
        });
    }
    let found = match &v.kind {
        Kind::List(items) => key
            .as_number()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0)
            .and_then(|n| items.get(n as usize)),
        Kind::Object(map) => key.to_text().and_then(|k| map.get(&k)),
        _ => None,
    };
    found.ok_or_else(|| Value::error(v.site, format!("no element {key}")))
}

fn object<const N: usize>(fields: [(&str, Value); N], site: Option<Loc>) -> Value {
    Value::new(
        Kind::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ),
        site,
    )
}

fn binary(op: BinaryOp, l: &Value, r: &Value, site: Option<Loc>) -> Value {
    use BinaryOp as B;
    // As cty does: a known `false` decides `&&` and a known `true` decides
    // `||`, whatever the other side is, Unknown included.
    if l.is_unknown() != r.is_unknown() {
        let known = if l.is_unknown() { r } else { l };
        match (op, known.as_bool()) {
            (B::And, Some(false)) => return Value::new(Kind::Bool(false), site),
            (B::Or, Some(true)) => return Value::new(Kind::Bool(true), site),
            _ => {}
        }
    }
    if l.is_unknown() || r.is_unknown() {
        return Value::unknown(site);
    }
    let num = |f: fn(f64, f64) -> Option<f64>| match (l.as_number(), r.as_number()) {
        (Some(a), Some(b)) => {
            f(a, b).map_or(Value::unknown(site), |n| Value::new(Kind::Number(n), site))
        }
        _ => Value::unknown(site),
    };
    let cmp = |f: fn(f64, f64) -> bool| match (l.as_number(), r.as_number()) {
        (Some(a), Some(b)) => Value::new(Kind::Bool(f(a, b)), site),
        _ => Value::unknown(site),
    };
    let logic = |f: fn(bool, bool) -> bool| match (l.as_bool(), r.as_bool()) {
        (Some(a), Some(b)) => Value::new(Kind::Bool(f(a, b)), site),
        _ => Value::unknown(site),
    };
    match op {
        B::Eq => Value::new(Kind::Bool(same(l, r)), site),
        B::NotEq => Value::new(Kind::Bool(!same(l, r)), site),
        B::Lt => cmp(|a, b| a < b),
        B::LtEq => cmp(|a, b| a <= b),
        B::Gt => cmp(|a, b| a > b),
        B::GtEq => cmp(|a, b| a >= b),
        B::And => logic(|a, b| a && b),
        B::Or => logic(|a, b| a || b),
        B::Add => num(|a, b| Some(a + b)),
        B::Sub => num(|a, b| Some(a - b)),
        B::Mul => num(|a, b| Some(a * b)),
        B::Div => num(|a, b| if b == 0.0 { None } else { Some(a / b) }),
        B::Mod => num(|a, b| if b == 0.0 { None } else { Some(a % b) }),
    }
}

/// Equality ignoring where values came from.
pub fn same(l: &Value, r: &Value) -> bool {
    match (&l.kind, &r.kind) {
        (Kind::List(a), Kind::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Kind::Object(a), Kind::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        (Kind::Number(a), Kind::Number(b)) => a == b,
        (a, b) => a == b,
    }
}

/// A `--var` value: HCL syntax for lists and objects, the raw text otherwise.
fn parse_cli_value(raw: &str) -> Value {
    let trimmed = raw.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        if let Ok(body) = crate::parse_hcl::parse_body(&format!("v = {raw}\n")) {
            if let Some(attr) = body.attributes.first() {
                if let Some(v) = literal(&attr.expr) {
                    return v;
                }
            }
        }
    }
    Value::string(raw, None)
}

/// A literal expression's value, without any location (for command-line
/// values).
pub(crate) fn literal(e: &Expr) -> Option<Value> {
    Some(match &e.kind {
        ExprKind::Null => Value::null(None),
        ExprKind::Bool(b) => Value::new(Kind::Bool(*b), None),
        ExprKind::Number(n) => Value::new(Kind::Number(*n), None),
        ExprKind::String(s) => Value::string(s.clone(), None),
        ExprKind::Array(items) => Value::new(
            Kind::List(items.iter().map(literal).collect::<Option<_>>()?),
            None,
        ),
        ExprKind::Object(items) => {
            let mut map = BTreeMap::new();
            for item in items {
                let key = item.key.literal_name()?.to_string();
                map.insert(key, literal(&item.value)?);
            }
            Value::new(Kind::Object(map), None)
        }
        _ => return None,
    })
}
