//! Expressions: literals, templates, traversals (variables, locals,
//! `path.*`, modules, resources), operators, conditionals, `for` and splats.

use super::budget::BYTES_PER_STEP;
use super::links::linked;
use super::{Evaluator, MAX_ELEMENTS};
use crate::module::Mode;
use crate::source::{Loc, Span};
use crate::syntax::{BinaryOp, Expr, ExprKind, ObjectKey, TemplatePart, Traverse, UnaryOp};
use crate::value::{Extra, Kind, Segment, TextMap, Value};
use std::collections::BTreeMap;

/// Evaluation deeper than this yields Unknown (guards against runaway
/// recursion in hostile input).
pub(super) const MAX_DEPTH: usize = 200;

/// A template being rendered: its text, the trail of the first interpolated
/// value that had one, and where each piece of the text was written.
#[derive(Default)]
pub(super) struct Rendering {
    pub(super) text: String,
    pub(super) trail: Option<crate::value::Trail>,
    pub(super) segments: Vec<Segment>,
    /// Some interpolation was Unknown: its place in `text` holds a
    /// [`crate::value::HOLE`], and the value is Unknown, known in part.
    pub(super) holes: bool,
}

impl Rendering {
    pub(super) fn push(&mut self, s: &str, src: Span, literal: bool) {
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
    pub(super) fn into_value(self, site: Option<Loc>) -> Value {
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
pub(super) const SEGMENT_BYTES: usize = std::mem::size_of::<Segment>();

/// Names bound in a scope.
pub(super) type Bindings = Vec<(String, Value)>;

#[derive(Debug, Clone)]
pub(super) enum LocalState {
    /// Being evaluated, since this many module call arguments were being
    /// evaluated (see [`Evaluator::local`]).
    InProgress(usize),
    Done(std::rc::Rc<Value>),
}

/// A lexical scope: names bound by `for` expressions, `dynamic` iterators,
/// `count` and `each`.
#[derive(Default)]
pub(super) struct Scope<'p> {
    pub(super) parent: Option<&'p Scope<'p>>,
    pub(super) names: Vec<(String, Value)>,
}

impl<'p> Scope<'p> {
    pub(super) fn lookup(&self, name: &str) -> Option<&Value> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.lookup(name)))
    }

    pub(super) fn child(&'p self, names: Vec<(String, Value)>) -> Scope<'p> {
        Scope {
            parent: Some(self),
            names,
        }
    }
}

/// Stack left below which evaluation continues on a new segment.
pub(super) const RED_ZONE: usize = 128 * 1024;

/// Size of each new stack segment.
pub(super) const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// `ops` applied to `v`: attributes and indexes walk into it (borrowing
/// what is borrowed: only the part a traversal ends on is copied), a splat
/// maps the rest over a list. Each splat nests the result one list deeper,
/// so splats count towards [`MAX_DEPTH`] like nested expressions.
pub(super) fn apply_ops<'v>(
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
                let depth = ev.st.depth.get();
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
                ev.st.depth.set(depth + 1);
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
                ev.st.depth.set(depth);
                return Cow::Owned(out);
            }
        }
    }
    v
}

/// The (key, value) pairs a `for` expression, `for_each` or template `for`
/// iterates over: index and element for lists, key and value for maps.
pub(super) fn iteration(coll: &Value) -> Option<Vec<(Value, Value)>> {
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
pub(super) fn get_attr<'v>(v: &'v Value, name: &str) -> Result<&'v Value, Value> {
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
pub(super) fn index<'v>(v: &'v Value, key: &Value) -> Result<&'v Value, Value> {
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

pub(super) fn object<const N: usize>(fields: [(&str, Value); N], site: Option<Loc>) -> Value {
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

pub(super) fn binary(op: BinaryOp, l: &Value, r: &Value, site: Option<Loc>) -> Value {
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

impl<'m> Evaluator<'m> {
    /// Evaluate an expression of the current file.
    pub(super) fn eval(&self, expr: &Expr, scope: &Scope<'_>) -> Value {
        let depth = self.st.depth.get();
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
        self.st.depth.set(depth + 1);
        // Deep (but budgeted) nesting must not overflow whatever stack the
        // caller runs on: grow it on the heap when it runs low.
        let mut v = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.eval_inner(expr, scope));
        self.st.depth.set(depth);
        if v.site.is_none() {
            v.site = self.loc(expr.span);
        }
        v
    }

    pub(super) fn eval_inner(&self, expr: &Expr, scope: &Scope<'_>) -> Value {
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
                    if self.st.budget.steps.get() == 0 && self.st.budget.spent.get() {
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

    pub(super) fn eval_template(
        &self,
        parts: &[TemplatePart],
        scope: &Scope<'_>,
        site: Option<Loc>,
    ) -> Value {
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

    pub(super) fn render_parts(
        &self,
        parts: &[TemplatePart],
        scope: &Scope<'_>,
        r: &mut Rendering,
    ) -> bool {
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

    pub(super) fn eval_traversal(
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
                (Some("var"), Some(name)) => match self.cx.vars.get(name) {
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
                        "cwd" if self.cx.root_dir.is_absolute() => Value::string(
                            self.cx.root_dir.to_string_lossy().replace('\\', "/"),
                            site,
                        ),
                        _ => Value::unknown(site),
                    };
                    (Cow::Owned(v), &ops[1..], String::new())
                }
                (Some("module"), Some(name)) => (
                    Cow::Owned(self.module_ref(name, site)),
                    &ops[1..],
                    format!("output of `{}module.{name}`", self.cx.prefix),
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
                    if rtype.contains('_') && self.cx.index.types.contains(rtype) =>
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
    pub(super) fn local(&self, name: &str, span: Span) -> std::rc::Rc<Value> {
        let state = self.st.locals.borrow().get(name).cloned();
        match state {
            Some(LocalState::Done(v)) => return v,
            Some(LocalState::InProgress(since)) if since < self.st.pending_args.borrow().len() => {
                // Reached again through a module call's argument: in
                // Terraform each argument and output of a call is its own
                // node, so this is a cycle only if the output that led into
                // the call depends on this argument. Unknown for now, and
                // nothing that saw it is cached until `local.NAME` is done.
                self.st.deferred.borrow_mut().insert(name.to_string());
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
        let Some(decl) = self.cx.module.locals.get(name) else {
            self.problem(span, format!("reference to undeclared `local.{name}`"));
            return std::rc::Rc::new(Value::unknown(self.loc(span)));
        };
        let since = self.st.pending_args.borrow().len();
        self.st
            .locals
            .borrow_mut()
            .insert(name.to_string(), LocalState::InProgress(since));
        let saved = self.st.current_file.replace(decl.file);
        self.begin_declaration();
        let outer = self.st.deferred.take();
        let v = std::rc::Rc::new(self.eval(&decl.attr.expr, &Scope::default()));
        self.st.current_file.set(saved);
        let mut during = self.st.deferred.replace(outer);
        during.remove(name);
        if during.is_empty() {
            self.st
                .locals
                .borrow_mut()
                .insert(name.to_string(), LocalState::Done(v.clone()));
        } else {
            self.st.locals.borrow_mut().remove(name);
            self.st.deferred.borrow_mut().extend(during);
        }
        v
    }
}
