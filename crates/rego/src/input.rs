//! The input document: rampart's evaluated model of one module instance,
//! as a Rego value. Documented field by field in
//! `docs/custom-policies.md`, with a JSON Schema
//! (`docs/custom-policies.schema.json`) every generated input is tested
//! against.

use rampart_policy::iam::Statement;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::module::Module;
use rampart_terraform::source::SourceDb;
use rampart_terraform::syntax::{Body, Expr, ExprKind, ObjectKey, TemplatePart, Traverse};
use rampart_terraform::value::{Kind, Value as TfValue};
use regorus::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The key of the object that stands for a value known only after apply:
/// `{"__rampart_unknown__": true}`, with `"refers_to": "aws_lb.main"`
/// when it is an attribute of a resource of the module.
pub const UNKNOWN_KEY: &str = "__rampart_unknown__";

/// Values nested deeper than this are cut (the evaluator's own bound).
const MAX_DEPTH: usize = rampart_terraform::eval::MAX_VALUE_DEPTH;

fn s(text: &str) -> Value {
    Value::from(text)
}

fn object(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::from(
        entries
            .into_iter()
            .map(|(k, v)| (s(k), v))
            .collect::<BTreeMap<Value, Value>>(),
    )
}

/// The marker of a value known only after apply.
pub(crate) fn unknown(refers_to: Option<&str>) -> Value {
    let mut map = BTreeMap::new();
    map.insert(s(UNKNOWN_KEY), Value::Bool(true));
    if let Some(r) = refers_to {
        map.insert(s("refers_to"), s(r));
    }
    Value::from(map)
}

/// A Terraform number as Rego reads it: whole numbers as integers.
fn number(n: f64) -> Value {
    if !n.is_finite() {
        return Value::Null;
    }
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// An evaluated value.
pub(crate) fn value(v: &TfValue, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return unknown(None);
    }
    match &v.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(n) => number(*n),
        Kind::String(text) => s(text),
        Kind::List(items) => Value::from(
            items
                .iter()
                .map(|i| value(i, depth + 1))
                .collect::<Vec<_>>(),
        ),
        Kind::Object(map) => Value::from(
            map.iter()
                .map(|(k, x)| (s(k), value(x, depth + 1)))
                .collect::<BTreeMap<_, _>>(),
        ),
        Kind::Unknown => unknown(v.refers_to()),
    }
}

/// A resource's (or block's) arguments: attributes by name, nested blocks
/// as lists of objects by type (an attribute wins over blocks of its
/// name, which Terraform does not allow together). Blocks a `dynamic`
/// block with an unknown `for_each` may add are one Unknown element more.
pub(crate) fn body(b: &EvalBody, depth: usize) -> BTreeMap<Value, Value> {
    let mut map: BTreeMap<Value, Value> = BTreeMap::new();
    let mut blocks: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for block in &b.blocks {
        blocks
            .entry(block.ident.as_str())
            .or_default()
            .push(Value::from(body(&block.body, depth + 1)));
    }
    for ident in &b.unknown_dynamic {
        blocks
            .entry(ident.as_str())
            .or_default()
            .push(unknown(None));
    }
    for (ident, list) in blocks {
        map.insert(s(ident), Value::from(list));
    }
    for (k, v) in &b.attrs {
        map.insert(s(k), value(v, depth + 1));
    }
    map
}

/// `"aws_x.y"`, `"data.aws_x.y"`: an instance's address inside its module.
pub(crate) fn local_address(inst: &Instance, data: bool) -> String {
    if data {
        format!("data.{}.{}", inst.rtype, inst.name)
    } else {
        format!("{}.{}", inst.rtype, inst.name)
    }
}

/// The instance key as Rego reads it (`0`, `"web"`), `null` without one.
fn key(k: Option<&TfValue>) -> Value {
    k.map_or(Value::Null, |k| value(k, 0))
}

fn instance(
    inst: &Instance,
    mode: &str,
    module_path: &str,
    decl: Option<&Module>,
    db: &SourceDb,
) -> Value {
    let mut values = body(&inst.body, 0);
    if mode == "data" {
        // What Terraform computes without an API call
        // (`aws_iam_policy_document.json`).
        let mut extra = BTreeMap::new();
        rampart_terraform::datasources::synthesize(&inst.rtype, inst, db, &mut extra);
        for (k, v) in extra {
            values.insert(s(&k), value(&v, 1));
        }
    }
    let references = decl.map_or_else(Vec::new, |m| references(m, inst, mode == "data"));
    object([
        ("address", s(&inst.instance)),
        ("mode", s(mode)),
        ("type", s(&inst.rtype)),
        ("name", s(&inst.name)),
        ("index", key(inst.key.as_ref())),
        ("module", s(module_path)),
        ("values", Value::from(values)),
        (
            "references",
            Value::from(references.iter().map(|r| s(r)).collect::<Vec<_>>()),
        ),
    ])
}

/// The resources, data sources and module calls of `module` that the
/// declaration of `inst` refers to, by their addresses in the module
/// (`aws_lb.public`, `data.aws_iam_policy_document.x`, `module.web`),
/// sorted.
fn references(module: &Module, inst: &Instance, data: bool) -> Vec<String> {
    let decls = if data {
        &module.data
    } else {
        &module.resources
    };
    let Some(decl) = decls.get(inst.decl) else {
        return Vec::new();
    };
    let mut out = BTreeSet::new();
    let mut cx = Refs {
        module,
        out: &mut out,
    };
    cx.body(&decl.block.body);
    out.remove(&decl.address());
    out.into_iter().collect()
}

struct Refs<'a> {
    module: &'a Module,
    out: &'a mut BTreeSet<String>,
}

impl Refs<'_> {
    fn body(&mut self, b: &Body) {
        for a in &b.attributes {
            self.expr(&a.expr);
        }
        for block in &b.blocks {
            self.body(&block.body);
        }
    }

    fn attr(t: Option<&Traverse>) -> Option<&str> {
        match t {
            Some(Traverse::Attr(name, _)) => Some(name.as_str()),
            _ => None,
        }
    }

    fn traversal(&mut self, base: &str, steps: &[Traverse]) {
        let first = Self::attr(steps.first());
        match (base, first) {
            ("data", Some(rtype)) => {
                if let Some(name) = Self::attr(steps.get(1)) {
                    let known = self
                        .module
                        .data
                        .iter()
                        .any(|d| d.rtype == rtype && d.name == name);
                    if known {
                        self.out.insert(format!("data.{rtype}.{name}"));
                    }
                }
            }
            ("module", Some(name)) if self.module.module_calls.contains_key(name) => {
                self.out.insert(format!("module.{name}"));
            }
            ("module", _) => {}
            (rtype, Some(name)) => {
                let known = self
                    .module
                    .resources
                    .iter()
                    .any(|r| r.rtype == rtype && r.name == name);
                if known {
                    self.out.insert(format!("{rtype}.{name}"));
                }
            }
            _ => {}
        }
    }

    fn parts(&mut self, parts: &[TemplatePart]) {
        for p in parts {
            match p {
                TemplatePart::Literal(..) => {}
                TemplatePart::Interpolation(e) => self.expr(e),
                TemplatePart::If(i) => {
                    self.expr(&i.cond);
                    self.parts(&i.then);
                    self.parts(&i.otherwise);
                }
                TemplatePart::For(f) => {
                    self.expr(&f.collection);
                    self.parts(&f.body);
                }
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Variable(_)
            | ExprKind::Invalid => {}
            ExprKind::Template(parts) => self.parts(parts),
            ExprKind::Array(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Object(items) => {
                for item in items {
                    if let ObjectKey::Expr(k) = &item.key {
                        self.expr(k);
                    }
                    self.expr(&item.value);
                }
            }
            ExprKind::Traversal(base, steps) => {
                if let ExprKind::Variable(name) = &base.kind {
                    self.traversal(name, steps);
                } else {
                    self.expr(base);
                }
                for step in steps {
                    if let Traverse::Index(i) = step {
                        self.expr(i);
                    }
                }
            }
            ExprKind::Call(c) => c.args.iter().for_each(|a| self.expr(a)),
            ExprKind::Conditional(a, b, c) => {
                self.expr(a);
                self.expr(b);
                self.expr(c);
            }
            ExprKind::Unary(_, a) => self.expr(a),
            ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::For(f) => {
                self.expr(&f.collection);
                if let Some(k) = &f.key_expr {
                    self.expr(k);
                }
                self.expr(&f.value_expr);
                if let Some(c) = &f.cond {
                    self.expr(c);
                }
            }
        }
    }
}

/// A literal string argument of a block (`source`, `version`).
fn literal(body: &Body, key: &str) -> Value {
    match body.attribute(key).map(|a| &a.expr.kind) {
        Some(ExprKind::String(text)) => s(text),
        _ => Value::Null,
    }
}

/// The `module` blocks of the module, each with its instances (the keys,
/// addresses and variable values of the modules rampart evaluated).
fn module_calls(module: &EvaluatedModule, decl: Option<&Module>) -> Value {
    let Some(decl) = decl else {
        return Value::from(Vec::<Value>::new());
    };
    let calls = decl
        .module_calls
        .iter()
        .map(|(name, call)| {
            let instances: Vec<Value> = module
                .children
                .iter()
                .filter(|c| c.call.as_ref().is_some_and(|(n, _)| n == name))
                .map(|c| {
                    let inputs: BTreeMap<Value, Value> = c
                        .variables
                        .iter()
                        .map(|v| (s(&v.name), variable(v)))
                        .collect();
                    object([
                        ("key", key(c.call.as_ref().and_then(|(_, k)| k.as_ref()))),
                        ("path", s(&c.path)),
                        ("inputs", Value::from(inputs)),
                    ])
                })
                .collect();
            object([
                ("name", s(name)),
                ("source", literal(&call.block.body, "source")),
                ("version", literal(&call.block.body, "version")),
                ("instances", Value::from(instances)),
            ])
        })
        .collect::<Vec<_>>();
    Value::from(calls)
}

fn variable(v: &rampart_terraform::eval::EvalVariable) -> Value {
    match v.value.as_ref().or(v.default.as_ref()) {
        Some(x) => value(x, 0),
        None => unknown(None),
    }
}

/// The input document for one evaluated module instance. `decl` is the
/// module's declarations (for references between resources and module
/// calls' sources); without it those lists are empty.
pub fn document(module: &EvaluatedModule, decl: Option<&Module>, db: &SourceDb) -> Value {
    let path = module.path.as_str();
    let mut resources: Vec<Value> = module
        .resources
        .iter()
        .map(|i| instance(i, "managed", path, decl, db))
        .collect();
    resources.extend(
        module
            .data
            .iter()
            .map(|i| instance(i, "data", path, decl, db)),
    );
    let providers: Vec<Value> = module
        .providers
        .iter()
        .map(|p| {
            object([
                ("name", s(&p.name)),
                ("values", Value::from(body(&p.body, 0))),
            ])
        })
        .collect();
    let named = |list: &[(String, TfValue)]| {
        Value::from(
            list.iter()
                .map(|(k, v)| (s(k), value(v, 0)))
                .collect::<BTreeMap<_, _>>(),
        )
    };
    let variables: BTreeMap<Value, Value> = module
        .variables
        .iter()
        .map(|v| (s(&v.name), variable(v)))
        .collect();
    let call = match &module.call {
        Some((name, k)) => object([("name", s(name)), ("key", key(k.as_ref()))]),
        None => Value::Null,
    };
    object([
        (
            "module",
            object([
                ("path", s(path)),
                ("dir", s(&module.dir.to_string_lossy().replace('\\', "/"))),
                ("call", call),
            ]),
        ),
        ("resources", Value::from(resources)),
        ("providers", Value::from(providers)),
        ("variables", Value::from(variables)),
        ("locals", named(&module.locals)),
        ("outputs", named(&module.outputs)),
        ("module_calls", module_calls(module, decl)),
    ])
}

/// A Rego value as a Terraform value (for the policy crate's readers):
/// `None` for what Terraform has no value for (undefined, a non-string
/// object key).
pub(crate) fn to_terraform(v: &Value, depth: usize) -> Option<TfValue> {
    if depth > MAX_DEPTH {
        return None;
    }
    let kind = match v {
        Value::Null => Kind::Null,
        Value::Bool(b) => Kind::Bool(*b),
        Value::Number(_) => Kind::Number(v.as_f64().ok()?),
        Value::String(text) => Kind::String(text.to_string()),
        Value::Array(a) => Kind::List(
            a.iter()
                .map(|x| to_terraform(x, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Value::Set(items) => Kind::List(
            items
                .iter()
                .map(|x| to_terraform(x, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Value::Object(map) => {
            if crate::builtins::unknown_marker(v) {
                Kind::Unknown
            } else {
                let mut out = BTreeMap::new();
                for (k, x) in map.iter() {
                    let Value::String(k) = k else {
                        return None;
                    };
                    out.insert(k.to_string(), to_terraform(x, depth + 1)?);
                }
                Kind::Object(out)
            }
        }
        _ => return None,
    };
    Some(TfValue::new(kind, None))
}

/// An element that is one string or a list of them, as a list.
fn listed(v: &TfValue) -> Value {
    match &v.kind {
        Kind::List(_) => value(v, 1),
        _ => Value::from(vec![value(v, 1)]),
    }
}

/// A statement as `rampart.policy_statements` gives it: `Action`,
/// `NotAction`, `Resource` and `NotResource` always lists; a
/// `Principal`'s (and `NotPrincipal`'s) `AWS`, `Service`, `Federated`
/// and `CanonicalUser` always lists (`"*"` stays `"*"`); `Effect` and
/// `Condition` as written. Keys the statement does not have are left out.
pub(crate) fn statement(st: &Statement) -> Value {
    let mut map = BTreeMap::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            map.insert(s(k), v);
        }
    };
    let principal = |p: &TfValue| match &p.kind {
        Kind::Object(m) => Value::from(
            m.iter()
                .map(|(k, v)| (s(k), listed(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
        _ => value(p, 1),
    };
    put("Effect", st.effect.as_ref().map(|v| value(v, 1)));
    put("Action", st.action.as_ref().map(listed));
    put("NotAction", st.not_action.as_ref().map(listed));
    put("Resource", st.resource.as_ref().map(listed));
    put("NotResource", st.not_resource.as_ref().map(listed));
    put("Principal", st.principal.as_ref().map(principal));
    put("NotPrincipal", st.not_principal.as_ref().map(principal));
    put("Condition", st.condition.as_ref().map(|v| value(v, 1)));
    Value::from(map)
}
