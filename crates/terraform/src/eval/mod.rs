//! The evaluator: a module's expressions turned into [`Value`]s, following
//! variables (with Terraform's precedence), locals, templates, conditionals,
//! a few functions, `count`/`for_each` and `dynamic` blocks. Anything that
//! cannot be known before apply is [`Kind::Unknown`], never guessed.
//!
//! An [`Evaluator`] is a shared [`Context`] (the module instance, what it
//! reads and its resolved variables) and a per-thread [`State`] (caches
//! and the budget). Its methods are split by concern: `variables`,
//! `modules`, `resources`, `expressions`, `functions` and `budget`.

mod budget;
pub mod datasources;
mod expressions;
mod functions;
mod links;
mod modules;
mod resources;
mod variables;

pub use budget::{
    value_budget, BYTES_PER_STEP, GRACE_BYTES, GRACE_STEPS, MAX_STEPS, MAX_VALUE_BYTES,
    MAX_VALUE_DEPTH, VALUE_BYTES_PER_BYTE,
};
pub use expressions::same;
pub use modules::MAX_MODULE_DEPTH;
pub(crate) use variables::literal;

use budget::Budget;
use expressions::{LocalState, Scope};
use modules::CallState;
use resources::{InstancesState, ResourceIndex};

use crate::module::{Mode, Module};
use crate::source::{FileId, Loc, SourceDb, Span};
use crate::syntax::Body;
use crate::value::{Kind, Value};
use crate::Problem;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

pub use crate::limits::MAX_ELEMENTS;

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
    /// The names of `dynamic` blocks whose `for_each` is known only after
    /// apply: how many of those blocks there will be is not known, so
    /// their absence from `blocks` does not mean they are not set.
    pub unknown_dynamic: Vec<String>,
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

    /// May blocks named `ident` exist that are not in `blocks` (a
    /// `dynamic` block whose `for_each` is known only after apply)?
    pub fn has_unknown_blocks(&self, ident: &str) -> bool {
        self.unknown_dynamic.iter().any(|n| n == ident)
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
                        ..EvalBody::default()
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
    /// The module's directory, as discovered.
    pub dir: std::path::PathBuf,
    /// The module instance's address, with the keys of every call on the
    /// way (`module.web["a"].module.db`); empty for a root module.
    pub path: String,
    /// For a called module: the `module` block's name in its caller and
    /// this instance's `count`/`for_each` key.
    pub call: Option<(String, Option<Value>)>,
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

/// Evaluates one module instance. What every evaluator of that instance
/// shares (the module, where files and modules come from, the resolved
/// variables, the resource index) is its [`Context`], behind an `Arc` so
/// that the evaluators of a large module's slices, on other threads, use
/// the same one; what it caches and spends on its own thread is its
/// [`State`].
pub struct Evaluator<'m> {
    cx: std::sync::Arc<Context<'m>>,
    st: State,
}

/// What the evaluators of one module instance share, on any thread.
#[derive(Clone)]
struct Context<'m> {
    module: &'m Module,
    db: &'m SourceDb,
    /// Resolved variable values with the note describing where each was set.
    vars: HashMap<String, (Value, String)>,
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
    /// The call that made this module instance: the `module` block's
    /// name and the instance key.
    call: Option<(String, Option<Value>)>,
    /// The module's resources by name, built once per module (and shared
    /// by the evaluators of its slices).
    index: std::sync::Arc<ResourceIndex<'m>>,
}

impl<'m> Context<'m> {
    /// A root module's context: no variables, loader or resolver yet.
    fn root(module: &'m Module, db: &'m SourceDb) -> Context<'m> {
        Context {
            module,
            db,
            vars: HashMap::new(),
            loader: None,
            resolver: None,
            prefix: String::new(),
            instance_prefix: String::new(),
            key: String::new(),
            root_dir: module.dir.clone(),
            module_depth: 0,
            call: None,
            index: std::sync::Arc::new(ResourceIndex::new(module)),
        }
    }
}

/// What one evaluator caches and spends, on its own thread.
struct State {
    locals: RefCell<HashMap<String, LocalState>>,
    problems: RefCell<Vec<Problem>>,
    depth: Cell<usize>,
    current_file: Cell<FileId>,
    /// Instances of each resource (`Managed`) and data source, evaluated
    /// once, on first reference or at the end.
    instances: RefCell<HashMap<(Mode, usize), InstancesState>>,
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
}

impl State {
    /// Nothing evaluated yet, spending from `budget`.
    fn new(budget: std::rc::Rc<Budget>) -> State {
        State {
            locals: RefCell::new(HashMap::new()),
            problems: RefCell::new(Vec::new()),
            depth: Cell::new(0),
            current_file: Cell::new(FileId(0)),
            instances: RefCell::new(HashMap::new()),
            calls: RefCell::new(HashMap::new()),
            pending_args: RefCell::new(Vec::new()),
            partial_seen: Cell::new(false),
            no_instances: RefCell::new(std::collections::HashSet::new()),
            deferred: RefCell::new(std::collections::BTreeSet::new()),
            notes: RefCell::new(Vec::new()),
            budget,
        }
    }
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
        Evaluator::with_context(Context::root(module, db), Budget::default_shared())
    }

    /// An evaluator of `cx` with nothing evaluated yet, spending `budget`.
    fn with_context(cx: Context<'m>, budget: std::rc::Rc<Budget>) -> Evaluator<'m> {
        Evaluator {
            cx: std::sync::Arc::new(cx),
            st: State::new(budget),
        }
    }

    /// The context, to change while it is not yet shared (while the
    /// evaluator is being set up).
    fn cx_mut(&mut self) -> &mut Context<'m> {
        std::sync::Arc::make_mut(&mut self.cx)
    }

    /// Allow `steps` evaluation steps for this root module and everything
    /// it calls (a large configuration legitimately takes more than
    /// [`MAX_STEPS`]; the engine scales the budget with the input's size).
    pub fn with_step_budget(mut self, steps: u64) -> Evaluator<'m> {
        let bytes = self.st.budget.byte_limit;
        self.st.budget = std::rc::Rc::new(Budget::new(steps.max(MAX_STEPS), bytes));
        self
    }

    /// Allow `bytes` bytes of values (as [`Value::footprint`] counts them)
    /// to be built for this root module and everything it calls, at least
    /// [`MAX_VALUE_BYTES`]; the engine gives [`value_budget`] of the
    /// input's size. Every value built is counted, including copies that
    /// are later dropped, so this bounds the values alive at any time.
    pub fn with_value_budget(mut self, bytes: u64) -> Evaluator<'m> {
        let steps = self.st.budget.step_limit;
        self.st.budget = std::rc::Rc::new(Budget::new(steps, bytes.max(MAX_VALUE_BYTES)));
        self
    }

    /// Evaluate module calls through `resolver`.
    pub fn with_resolver(mut self, resolver: &'m dyn ModuleResolver) -> Evaluator<'m> {
        self.cx_mut().resolver = Some(resolver);
        self
    }

    fn problem_at(&self, loc: Loc, message: String) {
        self.st.problems.borrow_mut().push(Problem {
            file: Some(loc.file),
            path: self
                .cx
                .db
                .get(loc.file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            span: Some(loc.span),
            message,
            group: None,
        });
    }

    /// Let `file()` and `templatefile()` read files through `loader`.
    pub fn with_loader(mut self, loader: &'m dyn FileLoader) -> Evaluator<'m> {
        self.cx_mut().loader = Some(loader);
        self
    }

    fn loc(&self, span: Span) -> Option<Loc> {
        Some(Loc::new(self.st.current_file.get(), span))
    }

    fn problem(&self, span: Span, message: String) {
        let file = self.st.current_file.get();
        self.st.problems.borrow_mut().push(Problem {
            file: Some(file),
            path: self
                .cx
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
        let mut out = EvaluatedModule {
            dir: self.cx.module.dir.clone(),
            path: self
                .cx
                .instance_prefix
                .strip_suffix('.')
                .unwrap_or(&self.cx.instance_prefix)
                .to_string(),
            call: self.cx.call.clone(),
            ..EvaluatedModule::default()
        };
        // Every resource and data source first (later parts may refer to
        // them); their instances are moved out of the cache at the end.
        // A large module's resources are evaluated in slices on all cores.
        self.evaluate_resources_in_parallel();
        for i in 0..self.cx.module.resources.len() {
            self.cached_instances(Mode::Managed, i);
        }
        for i in 0..self.cx.module.data.len() {
            self.cached_instances(Mode::Data, i);
        }
        let root = Scope::default();
        for p in &self.cx.module.providers {
            self.st.current_file.set(p.file);
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
        for (name, decl) in &self.cx.module.variables {
            self.st.current_file.set(decl.file);
            self.begin_declaration();
            out.variables.push(EvalVariable {
                name: name.clone(),
                loc: Loc::new(decl.file, decl.block.span),
                default: decl
                    .block
                    .body
                    .attribute("default")
                    .map(|a| self.eval(&a.expr, &root)),
                value: self.cx.vars.get(name).map(|(v, _)| v.clone()),
            });
        }
        for name in self.cx.module.locals.keys() {
            let v = self.local(name, Span::default());
            out.locals.push((name.clone(), Value::clone(&v)));
        }
        for (name, decl) in &self.cx.module.outputs {
            self.st.current_file.set(decl.file);
            self.begin_declaration();
            if let Some(a) = decl.block.body.attribute("value") {
                out.outputs.push((name.clone(), self.eval(&a.expr, &root)));
            }
        }
        for name in self.cx.module.module_calls.keys() {
            let _ = self.call_instances(name);
        }
        // The instances, in declaration order, moved rather than copied
        // (a large module's values would otherwise exist twice at once).
        let mut instances = self.st.instances.into_inner();
        let mut take = |mode: Mode, n: usize, into: &mut Vec<Instance>| {
            for i in 0..n {
                if let Some(InstancesState::Done(list)) = instances.remove(&(mode, i)) {
                    into.extend(std::rc::Rc::try_unwrap(list).unwrap_or_else(|rc| (*rc).clone()));
                }
            }
        };
        take(
            Mode::Managed,
            self.cx.module.resources.len(),
            &mut out.resources,
        );
        take(Mode::Data, self.cx.module.data.len(), &mut out.data);
        let calls = self.st.calls.into_inner();
        let mut names: Vec<&String> = calls.keys().collect();
        names.sort();
        for name in names {
            if let Some(CallState::Done(list)) = calls.get(name) {
                for child in list.iter() {
                    out.children.push(child.module.clone());
                }
            }
        }
        out.problems = self.st.problems.into_inner();
        out.notes = self.st.notes.into_inner();
        if self.st.partial_seen.get() {
            // Arguments evaluated twice (see `partial_call`) report twice.
            for list in [&mut out.problems, &mut out.notes] {
                let mut seen = std::collections::HashSet::new();
                list.retain(|p| seen.insert((p.file, p.span, p.message.clone())));
            }
        }
        out
    }
}
