//! Variables: Terraform's precedence for a root module, a call's
//! arguments for a child, and conversion to the declared `type`.

use super::expressions::Scope;
use super::{Evaluator, Inputs};
use crate::module::NamedBlock;
use crate::source::{FileId, Loc};
use crate::syntax::{Body, Expr, ExprKind};
use crate::value::{Kind, Value};
use std::collections::{BTreeMap, HashMap};

/// Whether a variable may be null (`nullable`, true unless declared false).
pub(super) fn nullable(decl: &NamedBlock) -> bool {
    !matches!(
        decl.block.body.attribute("nullable").map(|a| &a.expr.kind),
        Some(ExprKind::Bool(false))
    )
}

/// A `--var` value: HCL syntax for lists and objects, the raw text otherwise.
pub(super) fn parse_cli_value(raw: &str) -> Value {
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

impl<'m> Evaluator<'m> {
    pub(super) fn file_name(&self, id: FileId) -> String {
        self.cx
            .db
            .get(id)
            .and_then(|f| f.path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Terraform's precedence, lowest first: default, terraform.tfvars,
    /// *.auto.tfvars (lexical), --var-file (in order), --var.
    pub(super) fn resolve_variables(&mut self, inputs: &Inputs) {
        let empty = Scope::default();
        let mut vars: HashMap<String, (Value, String)> = HashMap::new();
        for (name, decl) in &self.cx.module.variables {
            if let Some(default) = decl.block.body.attribute("default") {
                self.st.current_file.set(decl.file);
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
                ev.st.current_file.set(id);
                let file = ev.file_name(id);
                for attr in &body.attributes {
                    if !ev.cx.module.variables.contains_key(attr.key.as_str()) {
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
        for id in &self.cx.module.auto_vars {
            if let Some(body) = self.cx.module.vars_bodies.get(id) {
                apply_body(self, &mut vars, *id, body);
            }
        }
        for (id, body) in &inputs.var_files {
            apply_body(self, &mut vars, *id, body);
        }
        for (name, raw) in &inputs.vars {
            if !self.cx.module.variables.contains_key(name) {
                continue;
            }
            let v = parse_cli_value(raw);
            vars.insert(name.clone(), (v, format!("`var.{name}` set with --var")));
        }
        for (name, decl) in &self.cx.module.variables {
            let set = vars.remove(name);
            // Null set for a variable declared `nullable = false` is no
            // value: its default applies.
            let set = match set {
                Some((v, _)) if v.is_null() && !nullable(decl) => {
                    decl.block.body.attribute("default").map(|d| {
                        self.st.current_file.set(decl.file);
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
        self.cx_mut().vars = vars;
    }

    /// A variable's value converted to its declared `type`, as Terraform
    /// converts it; one that does not fit is an error (at the value, or at
    /// the `type` for a value from the command line) and becomes unknown.
    pub(super) fn typed(&self, name: &str, decl: &NamedBlock, v: Value, note: &str) -> Value {
        let Some(type_attr) = decl.block.body.attribute("type") else {
            return v;
        };
        let Some(t) = crate::types::Type::parse(&type_attr.expr) else {
            return v;
        };
        let site = v.site;
        let trail = v.trail.clone();
        match crate::types::convert(v, &t) {
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
}

impl<'m> Evaluator<'m> {
    /// A called module's variables, set from the call's arguments (`args`,
    /// of the call `name` in the module at `caller_prefix`) or their
    /// defaults.
    pub(super) fn set_call_variables(
        &mut self,
        caller_prefix: &str,
        name: &str,
        mut args: HashMap<String, Value>,
    ) {
        let module = self.cx.module;
        let empty = Scope::default();
        let mut vars = HashMap::new();
        for (var, decl) in &module.variables {
            // A null argument is no argument for a variable declared
            // `nullable = false`: its default applies.
            let from_call = args.remove(var).filter(|v| !v.is_null() || nullable(decl));
            let entry = match from_call {
                Some(v) => (
                    v,
                    format!("`var.{var}` set by `{caller_prefix}module.{name}` here"),
                ),
                None => {
                    self.st.current_file.set(decl.file);
                    self.begin_declaration();
                    // `default = null` is a known null, as in the root.
                    match decl
                        .block
                        .body
                        .attribute("default")
                        .map(|a| self.eval(&a.expr, &empty))
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
            let v = self.typed(var, decl, v, &note);
            vars.insert(var.clone(), (v, note));
        }
        self.cx_mut().vars = vars;
    }
}
