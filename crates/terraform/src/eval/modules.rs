//! Module calls: each call instance evaluated once by a child evaluator,
//! `module.NAME` as the outputs of its instances, and `path.module`.

use super::expressions::Scope;
use super::resources::key_suffix;
use super::{Context, EvaluatedModule, Evaluator, Unresolved};
use crate::module::Module;
use crate::source::Loc;
use crate::value::{Kind, Value};
use crate::Problem;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub(super) enum CallState {
    InProgress,
    /// Evaluated again, from inside its own arguments, without the
    /// arguments being evaluated (see [`Evaluator::call_instances`]).
    Partial,
    Done(std::rc::Rc<Vec<ChildInstance>>),
}

/// One instance of a module call and what evaluating it gave.
#[derive(Debug)]
pub(super) struct ChildInstance {
    pub(super) key: Option<Value>,
    pub(super) module: EvaluatedModule,
    pub(super) outputs: Value,
}

/// The step cost of instantiating a module.
pub(super) const MODULE_INSTANCE_COST: u64 = 1_000;

/// How deep module calls may nest (a module calling itself stops here).
pub const MAX_MODULE_DEPTH: usize = 16;

impl<'m> Evaluator<'m> {
    /// `path.module`: this module's directory relative to the root module's.
    pub(super) fn module_path(&self, site: Option<Loc>) -> Value {
        if self.cx.module_depth == 0 {
            return Value::string(".", site);
        }
        let rel = pathdiff::diff_paths(&self.cx.module.dir, &self.cx.root_dir);
        match rel {
            Some(p) => Value::string(p.to_string_lossy().replace('\\', "/"), site),
            None => Value::unknown(site),
        }
    }

    /// The instances of module call `name`, each evaluated once.
    pub(super) fn call_instances(&self, name: &str) -> std::rc::Rc<Vec<ChildInstance>> {
        let state = self.st.calls.borrow().get(name).cloned();
        match state {
            Some(CallState::Done(v)) => return v,
            Some(CallState::InProgress) => return self.partial_call(name),
            Some(CallState::Partial) => return std::rc::Rc::new(Vec::new()),
            None => {}
        }
        let Some(decl) = self.cx.module.module_calls.get(name) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.st
            .calls
            .borrow_mut()
            .insert(name.to_string(), CallState::InProgress);
        let saved = self.st.current_file.get();
        let depth = self.st.depth.replace(0);
        let outer = self.st.deferred.take();
        let list = std::rc::Rc::new(self.evaluate_call(name, decl));
        self.st.depth.set(depth);
        self.st.current_file.set(saved);
        let during = self.st.deferred.replace(outer);
        if during.is_empty() {
            self.st
                .calls
                .borrow_mut()
                .insert(name.to_string(), CallState::Done(list.clone()));
        } else {
            // An argument saw a local still being evaluated: evaluated
            // again when next needed (see `local`).
            self.st.calls.borrow_mut().remove(name);
            self.st.deferred.borrow_mut().extend(during);
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
    pub(super) fn partial_call(&self, name: &str) -> std::rc::Rc<Vec<ChildInstance>> {
        let Some(decl) = self.cx.module.module_calls.get(name) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.st
            .calls
            .borrow_mut()
            .insert(name.to_string(), CallState::Partial);
        self.st.partial_seen.set(true);
        let saved = self.st.current_file.get();
        let depth = self.st.depth.replace(0);
        let list = self.evaluate_call(name, decl);
        self.st.depth.set(depth);
        self.st.current_file.set(saved);
        self.st
            .calls
            .borrow_mut()
            .insert(name.to_string(), CallState::InProgress);
        std::rc::Rc::new(list)
    }

    pub(super) fn evaluate_call(
        &self,
        name: &str,
        decl: &crate::module::NamedBlock,
    ) -> Vec<ChildInstance> {
        self.st.current_file.set(decl.file);
        let loc = Loc::new(decl.file, decl.block.span);
        let source_loc = decl
            .block
            .body
            .attribute("source")
            .map_or(loc, |a| Loc::new(decl.file, a.expr.span));
        let Some(resolver) = self.cx.resolver else {
            return Vec::new();
        };
        if self.cx.module_depth >= MAX_MODULE_DEPTH {
            self.problem(
                decl.block.span,
                format!("module calls nest deeper than {MAX_MODULE_DEPTH} levels at `module.{name}` (does a module call itself?); its outputs are unknown"),
            );
            return Vec::new();
        }
        let key = if self.cx.key.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.cx.key)
        };
        let root = Scope::default();
        let expansion = self.expansion(&decl.block.body, &root);
        if expansion.is_empty() {
            // `count = 0`, `for_each = {}`: no instance, whatever the
            // module holds; `module.NAME` is `[]` or `{}`.
            self.st.no_instances.borrow_mut().insert(name.to_string());
            return Vec::new();
        }
        let child = match resolver.resolve(&self.cx.root_dir, self.cx.module, &key, decl) {
            Ok(m) => m,
            Err(Unresolved { reason, group }) => {
                let path = self
                    .cx
                    .db
                    .get(decl.file)
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                self.st.notes.borrow_mut().push(Problem {
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
            if self.st.budget.spent.get() || !self.spend(MODULE_INSTANCE_COST, 0, decl.block.span) {
                break;
            }
            let scope = root.child(names);
            self.st.current_file.set(decl.file);
            let mut args: HashMap<String, Value> = HashMap::new();
            for attr in &decl.block.body.attributes {
                if matches!(
                    attr.key.as_str(),
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let pending = (name.to_string(), attr.key.to_string());
                let v = if self.st.pending_args.borrow().contains(&pending) {
                    // Being evaluated further up: see `partial_call`.
                    Value::unknown(Some(Loc::new(decl.file, attr.expr.span)))
                } else {
                    self.st.pending_args.borrow_mut().push(pending);
                    let v = self.eval(&attr.expr, &scope);
                    self.st.pending_args.borrow_mut().pop();
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
    pub(super) fn child(
        &self,
        module: &'m Module,
        name: &str,
        key: &str,
        instance_key: Option<&Value>,
        args: HashMap<String, Value>,
    ) -> Evaluator<'m> {
        let cx = Context {
            prefix: format!("{}module.{name}.", self.cx.prefix),
            instance_prefix: format!(
                "{}module.{name}{}.",
                self.cx.instance_prefix,
                key_suffix(instance_key)
            ),
            key: key.to_string(),
            root_dir: self.cx.root_dir.clone(),
            module_depth: self.cx.module_depth + 1,
            call: Some((name.to_string(), instance_key.cloned())),
            loader: self.cx.loader,
            resolver: self.cx.resolver,
            ..Context::root(module, self.cx.db)
        };
        let mut ev = Evaluator::with_context(cx, self.st.budget.clone());
        ev.set_call_variables(&self.cx.prefix, name, args);
        ev
    }

    /// `module.NAME`: the outputs of each instance of the call.
    pub(super) fn module_ref(&self, name: &str, site: Option<Loc>) -> Value {
        let Some(decl) = self.cx.module.module_calls.get(name) else {
            return Value::unknown(site);
        };
        let list = self.call_instances(name);
        let body = &decl.block.body;
        if list.is_empty() {
            if !self.st.no_instances.borrow().contains(name) {
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
}
