//! Resources and data sources: their instances (`count`, `for_each`,
//! `dynamic` blocks), evaluated once each, references to them, and a large
//! module's resources evaluated in slices on all cores.

use super::budget::Budget;
use super::expressions::{iteration, object, Bindings, Scope};
use super::{Context, EvalBlock, EvalBody, Evaluator, Instance, State, MAX_ELEMENTS};
use crate::module::{Mode, Module, ResourceDecl};
use crate::source::Loc;
use crate::syntax::{Body, ExprKind};
use crate::value::{Extra, Kind, Value};
use crate::Problem;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

/// A nested block as an object value (for references to resources).
/// An argument of a resource as another expression sees it: one set to
/// null may be computed by the provider (`name = null` next to
/// `name_prefix`), so it is known only after apply.
pub(super) fn as_referenced(v: &Value, address: &str) -> Value {
    if v.is_null() {
        Value::unknown(v.site).with_extra(Extra::RefersTo(address.to_string()))
    } else {
        v.clone()
    }
}

pub(super) fn block_object(b: &EvalBlock, address: &str) -> Value {
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

/// Modules with at least this many resources have them evaluated in
/// parallel slices.
pub(super) const PARALLEL_RESOURCES: usize = 512;

/// Resources per slice.
pub(super) const RESOURCES_PER_SLICE: usize = 256;

/// The least a slice of a large module gets of the root's steps and value
/// bytes (when that much is left), however many slices share them.
pub(super) const SLICE_MIN_STEPS: u64 = 2_000_000;
/// See [`SLICE_MIN_STEPS`].
pub(super) const SLICE_MIN_BYTES: u64 = 32 * 1024 * 1024;

/// What an evaluator for a slice of a module's resources is made from:
/// the module instance's shared context and a part of the budget, nothing
/// cached (an [`Evaluator`] itself stays on one thread).
pub(super) struct Fork<'m> {
    pub(super) cx: std::sync::Arc<Context<'m>>,
    pub(super) steps: u64,
    pub(super) bytes: u64,
}

/// One slice's instances (by resource index), problems and notes.
pub(super) struct SliceResult {
    pub(super) instances: Vec<(usize, Vec<Instance>)>,
    pub(super) problems: Vec<Problem>,
    pub(super) notes: Vec<Problem>,
}

impl Fork<'_> {
    pub(super) fn evaluate_slice(&self, start: usize, end: usize) -> SliceResult {
        let ev = Evaluator {
            cx: self.cx.clone(),
            st: State::new(std::rc::Rc::new(Budget::new(self.steps, self.bytes))),
        };
        for i in start..end {
            ev.cached_instances(Mode::Managed, i);
        }
        let mut cache = ev.st.instances.into_inner();
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
            problems: ev.st.problems.into_inner(),
            notes: ev.st.notes.into_inner(),
        }
    }
}

/// The lookup tables of a module's resources and data sources:
/// references resolve in constant time, so a module of thousands of
/// resources is not quadratic.
pub(super) struct ResourceIndex<'m> {
    /// `(mode, type, name)` → index into `Module::resources` or
    /// `Module::data` (the first declaration wins, as a search would find).
    pub(super) by_name: HashMap<(Mode, &'m str, &'m str), usize>,
    /// The managed resource types the module declares.
    pub(super) types: std::collections::HashSet<&'m str>,
}

impl<'m> ResourceIndex<'m> {
    pub(super) fn new(module: &'m Module) -> ResourceIndex<'m> {
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
pub(super) enum InstancesState {
    InProgress,
    Done(std::rc::Rc<Vec<Instance>>),
}

/// `[0]` or `["k"]` for an instance key, nothing without one.
pub(super) fn key_suffix(key: Option<&Value>) -> String {
    match key.map(|k| &k.kind) {
        Some(Kind::Number(n)) => format!("[{}]", crate::value::format_number(*n)),
        Some(Kind::String(s)) => format!("[{s:?}]"),
        _ => String::new(),
    }
}

/// What an instance of `body` (or a dynamic block's) takes before its
/// values are counted: the instance, and a slot for each attribute and
/// block (each at least an Unknown).
pub(super) fn instance_cost(body: &Body, address: &str) -> u64 {
    let slots = (body.attributes.len() + body.blocks.len()) as u64;
    (std::mem::size_of::<Instance>() + 2 * address.len()) as u64
        + slots * (crate::value::NODE_BYTES + std::mem::size_of::<Loc>() as u64)
}

impl<'m> Evaluator<'m> {
    /// A module of many resources: evaluate them in fixed slices, each on
    /// its own evaluator (same variables, loader, resolver and budget) on
    /// rayon's threads, and fill this evaluator's cache with the results.
    /// What a slice needs from outside it (a local, another resource) it
    /// evaluates itself. Slices depend only on the module, so results do
    /// not depend on the number of threads.
    pub(super) fn evaluate_resources_in_parallel(&self) {
        use rayon::prelude::*;
        let n = self.cx.module.resources.len();
        if n < PARALLEL_RESOURCES {
            return;
        }
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
        let (left_steps, left_bytes) = (self.st.budget.steps.get(), self.st.budget.bytes.get());
        let fork = Fork {
            cx: self.cx.clone(),
            steps: (left_steps / k).max(SLICE_MIN_STEPS.min(left_steps)),
            bytes: (left_bytes / k).max(SLICE_MIN_BYTES.min(left_bytes)),
        };
        let done: Vec<SliceResult> = slices
            .par_iter()
            .map(|&(start, end)| fork.evaluate_slice(start, end))
            .collect();
        let mut cache = self.st.instances.borrow_mut();
        let mut problems = self.st.problems.borrow_mut();
        let mut notes = self.st.notes.borrow_mut();
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

    /// The instances of a resource or data source, evaluated once.
    pub(super) fn cached_instances(&self, mode: Mode, index: usize) -> std::rc::Rc<Vec<Instance>> {
        let state = self.st.instances.borrow().get(&(mode, index)).cloned();
        match state {
            Some(InstancesState::Done(v)) => return v,
            Some(InstancesState::InProgress) => return std::rc::Rc::new(Vec::new()),
            None => {}
        }
        let decls = match mode {
            Mode::Managed => &self.cx.module.resources,
            Mode::Data => &self.cx.module.data,
        };
        let Some(decl) = decls.get(index) else {
            return std::rc::Rc::new(Vec::new());
        };
        self.st
            .instances
            .borrow_mut()
            .insert((mode, index), InstancesState::InProgress);
        let saved = self.st.current_file.get();
        let depth = self.st.depth.replace(0);
        self.begin_declaration();
        let outer = self.st.deferred.take();
        let list = std::rc::Rc::new(self.instances(index, decl));
        self.st.depth.set(depth);
        self.st.current_file.set(saved);
        let during = self.st.deferred.replace(outer);
        if during.is_empty() {
            self.st
                .instances
                .borrow_mut()
                .insert((mode, index), InstancesState::Done(list.clone()));
        } else {
            self.st.instances.borrow_mut().remove(&(mode, index));
            self.st.deferred.borrow_mut().extend(during);
        }
        list
    }

    /// `TYPE.NAME` or `data.TYPE.NAME`: the configured attributes of the
    /// resource (a list for `count`, a map for `for_each`); anything not
    /// configured is known only after apply.
    pub(super) fn resource_ref(
        &self,
        mode: Mode,
        rtype: &str,
        name: &str,
        site: Option<Loc>,
    ) -> Value {
        let decls = match mode {
            Mode::Managed => &self.cx.module.resources,
            Mode::Data => &self.cx.module.data,
        };
        let address = match mode {
            Mode::Managed => format!("{rtype}.{name}"),
            Mode::Data => format!("data.{rtype}.{name}"),
        };
        let unknown = || Value::unknown(site).with_extra(Extra::RefersTo(address.clone()));
        let Some(&index) = self.cx.index.by_name.get(&(mode, rtype, name)) else {
            return unknown();
        };
        let state = self.st.instances.borrow().get(&(mode, index)).cloned();
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
                super::datasources::synthesize(rtype, inst, self.cx.db, &mut map);
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
    pub(super) fn expansion(
        &self,
        body: &Body,
        root: &Scope<'_>,
    ) -> Vec<(Option<Value>, Bindings)> {
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

    pub(super) fn instances(&self, index: usize, decl: &ResourceDecl) -> Vec<Instance> {
        self.st.current_file.set(decl.file);
        let root = Scope::default();
        let body = &decl.block.body;
        let keyed = self.expansion(body, &root);
        let address = format!("{}{}", self.cx.prefix, decl.address());
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
                self.cx.instance_prefix,
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

    pub(super) fn eval_body(&self, body: &Body, scope: &Scope<'_>) -> EvalBody {
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
                .push(Loc::new(self.st.current_file.get(), attr.span));
        }
        for block in &body.blocks {
            if block.ident == "dynamic" {
                self.expand_dynamic(block, scope, &mut out);
                continue;
            }
            out.blocks.push(EvalBlock {
                ident: block.ident.to_string(),
                loc: Loc::new(self.st.current_file.get(), block.span),
                body: self.eval_body(&block.body, scope),
            });
        }
        out.blocks.sort_by_key(|b| b.loc.span.start());
        out
    }

    pub(super) fn expand_dynamic(
        &self,
        block: &crate::syntax::Block,
        scope: &Scope<'_>,
        out: &mut EvalBody,
    ) {
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
            out.unknown_dynamic.push(name.to_string());
            return;
        }
        // Unknown for_each: how many blocks is not knowable; none are
        // assumed, and the name is kept so that rules do not read the
        // blocks as left out.
        let Some(pairs) = iteration(&coll) else {
            out.unknown_dynamic.push(name.to_string());
            return;
        };
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
                loc: Loc::new(self.st.current_file.get(), content.span),
                body: self.eval_body(&content.body, &child),
            });
        }
    }
}
