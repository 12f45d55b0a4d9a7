//! Function calls: the lazy `try` and `can`, the functions that read files
//! (`file`, `templatefile`, `fileexists`, `abspath`, `pathexpand`), and the
//! glue to the pure built-ins in [`crate::functions`].

use super::budget::BYTES_PER_STEP;
use super::expressions::{Bindings, Rendering, Scope};
use super::links::{sole_reference, PASS_THROUGH};
use super::Evaluator;
use crate::functions;
use crate::source::{Loc, Span};
use crate::syntax::Expr;
use crate::value::{Extra, Kind, Value};

impl<'m> Evaluator<'m> {
    pub(super) fn eval_call(
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

    /// `file(path)` and `templatefile(path, vars)`: only through the loader,
    /// which refuses paths outside the tree being checked.
    pub(super) fn read_file_fn(
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
        let path = self.cx.root_dir.join(&path);
        let Some((id, text)) = self.cx.loader.and_then(|l| l.load(&path)) else {
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
        let saved = self.st.current_file.replace(id);
        let mut r = Rendering::default();
        let ok = self.render_parts(&parts, &scope, &mut r);
        self.st.current_file.set(saved);
        if ok {
            r.into_value(whole)
        } else {
            Value::unknown(site)
        }
    }

    /// `fileexists`, `abspath`, `pathexpand`: answered only for paths inside
    /// the checked tree (through the loader); anything else is Unknown.
    pub(super) fn path_fn(
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
        if name == "pathexpand" {
            // The home directory is outside the tree.
            return if path.starts_with('~') {
                Value::unknown(site)
            } else {
                Value::string(path, site)
            };
        }
        let full = self.cx.root_dir.join(&path);
        let Some(loader) = self.cx.loader else {
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
