//! Running the policies over one evaluated module instance, and turning
//! each `deny` result into a finding at the exact element it names, with
//! the value's provenance, as the built-in rules report.

use crate::error::{locate, PolicyError};
use crate::input::{self, local_address};
use crate::set::{Policy, PolicySet};
use rampart_config::Config;
use rampart_policy::{Checked, Finding, Note, Report, Sink};
use rampart_terraform::eval::{EvalBlock, EvalBody, EvaluatedModule, Instance};
use rampart_terraform::module::Module;
use rampart_terraform::source::{Loc, SourceDb, Span};
use rampart_terraform::value::{Kind, Value as TfValue};
use rayon::prelude::*;
use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{LimitError, Value};
use std::borrow::Cow;
use std::num::NonZeroU32;
use std::sync::atomic::Ordering;

/// The most `deny` results one evaluation may give.
pub const MAX_RESULTS: usize = 10_000;

/// Work units between two looks at the clock (regorus's timer).
const CHECK_INTERVAL: u32 = 64;

/// One policy's evaluation: its `deny` value, an error, or a panic.
type Run = std::thread::Result<anyhow::Result<Value>>;

/// What the custom policies made of one module instance.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// What a policy's result could not be placed exactly (a resource or
    /// attribute the module does not have), at the place used instead.
    pub notes: Vec<Note>,
    /// Policies that failed or ran out of budget on this module instance.
    pub errors: Vec<PolicyError>,
}

impl PolicySet {
    /// Run every enabled policy over `module` (its declarations `decl`,
    /// for references and module calls). Rule selection, severities and
    /// deduplication are the built-in rules' ([`Sink`]).
    pub fn check(
        &self,
        module: &EvaluatedModule,
        decl: Option<&Module>,
        db: &SourceDb,
        config: &Config,
    ) -> Outcome {
        let mut out = Outcome::default();
        let enabled: Vec<&Policy> = self
            .policies
            .iter()
            .filter(|p| config.rules.is_enabled(p.meta.code) && !p.stopped.load(Ordering::Relaxed))
            .collect();
        if enabled.is_empty() {
            return out;
        }
        let Some(base) = self.engine.as_ref() else {
            return out;
        };
        let fresh = || {
            let mut e = base.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(interval) = NonZeroU32::new(CHECK_INTERVAL) {
                e.set_execution_timer_config(ExecutionTimerConfig {
                    limit: self.budget,
                    check_interval: interval,
                });
            }
            e
        };
        let document = input::document(module, decl, db);
        // The policies in parallel, each split of the work with its own
        // clone of the engine (cheap: the clones share the compiled
        // policies): an editor's keystroke checks one module instance,
        // whose policies then share the cores. Results are read in policy
        // order, so the outcome does not depend on the number of threads.
        let with_input = || {
            let mut engine = fresh();
            engine.set_input(document.clone());
            engine
        };
        let runs: Vec<Option<Run>> = enabled
            .par_iter()
            .map_init(with_input, |engine, policy| {
                if policy.stopped.load(Ordering::Relaxed) {
                    return None;
                }
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    engine.eval_rule(policy.entry.clone())
                }));
                let _ = engine.take_prints();
                if run.is_err() {
                    // The engine may be left in any state: a new one.
                    *engine = with_input();
                }
                Some(run)
            })
            .collect();
        let mut sink = Sink::new(config);
        for (policy, run) in enabled.iter().zip(runs) {
            let Some(run) = run else {
                continue;
            };
            match run {
                Ok(Ok(v)) => self.findings(policy, &v, module, decl, db, &mut sink, &mut out),
                Ok(Err(e)) => out.errors.extend(self.failure(policy, &e, module)),
                Err(_) => {
                    out.errors.push(policy.error(format!(
                        "{}: the Rego interpreter failed while evaluating it on {} (a bug in rampart or regorus; please report it with this policy)",
                        policy.meta.code,
                        describe(module)
                    )));
                }
            }
        }
        let Checked { findings, notes } = sink.into_checked();
        out.findings = findings;
        out.notes.extend(notes);
        out
    }

    /// The error of an evaluation that failed: out of budget (the policy
    /// is then stopped for the rest of the run, said once), or an error at
    /// its place in the policy.
    fn failure(
        &self,
        policy: &Policy,
        e: &anyhow::Error,
        module: &EvaluatedModule,
    ) -> Option<PolicyError> {
        let timed_out = matches!(
            e.downcast_ref::<LimitError>(),
            Some(LimitError::TimeLimitExceeded { .. })
        ) || e.to_string().contains("exceeded time limit");
        if timed_out {
            let first = policy
                .stopped
                .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
            return first.then(|| {
                policy.error(format!(
                    "{} was stopped: evaluating it on {} took longer than {} s, rampart's budget for one policy on one module; it is not run on the rest of this run's modules (does it loop over a product of large collections?)",
                    policy.meta.code,
                    describe(module),
                    self.budget.as_secs_f64()
                ))
            });
        }
        let message = e.to_string();
        // The file the message points into.
        for f in self.files() {
            let name = f.path.display().to_string();
            if message.contains(&format!("--> {name}:")) {
                let (span, what) = locate(&message, &name, &f.text);
                return Some(PolicyError::new(
                    &f.path,
                    Some(&f.text),
                    span,
                    format!("{}: evaluation error: {what}", policy.meta.code),
                ));
            }
        }
        let what = message.trim();
        Some(policy.error(format!("{}: evaluation error: {what}", policy.meta.code)))
    }

    /// `deny`'s results as findings.
    #[allow(clippy::too_many_arguments)]
    fn findings(
        &self,
        policy: &Policy,
        results: &Value,
        module: &EvaluatedModule,
        decl: Option<&Module>,
        db: &SourceDb,
        sink: &mut Sink<'_>,
        out: &mut Outcome,
    ) {
        let items: Vec<&Value> = match results {
            Value::Undefined => return,
            Value::Set(s) => s.iter().collect(),
            Value::Array(a) => a.iter().collect(),
            other => {
                out.errors.push(policy.error(format!(
                    "{}: `deny` must be a set of results (`deny contains result if {{ … }}`), not {}",
                    policy.meta.code,
                    kind(other)
                )));
                return;
            }
        };
        if items.len() > MAX_RESULTS {
            out.errors.push(policy.error(format!(
                "{}: {} results on {}, more than the {MAX_RESULTS} rampart reads from one evaluation; the rest are left out",
                policy.meta.code,
                items.len(),
                describe(module)
            )));
        }
        for item in items.into_iter().take(MAX_RESULTS) {
            match read_result(item) {
                Ok(r) => self.report(policy, &r, module, decl, db, sink),
                Err(why) => out.errors.push(policy.error(format!(
                    "{}: {why}; a result is an object {{\"msg\": …, \"resource\": r.address, \"attribute\": \"ingress[0].cidr_blocks[1]\"}} (attribute optional)",
                    policy.meta.code
                ))),
            }
        }
    }

    fn report(
        &self,
        policy: &Policy,
        r: &Result_,
        module: &EvaluatedModule,
        decl: Option<&Module>,
        db: &SourceDb,
        sink: &mut Sink<'_>,
    ) {
        let code = policy.meta.code;
        let fix = policy.fix.clone();
        if let Some((inst, data)) = find_instance(module, &r.resource) {
            let place = match &r.attribute {
                Some(path) => walk(inst, path, db),
                None => Place {
                    loc: inst.loc,
                    value: None,
                    missing: None,
                },
            };
            if let Some(missing) = &place.missing {
                sink.note(
                    place.loc,
                    format!(
                        "{code}: `{}` has no `{missing}`, which the policy's result names; its finding is placed at what was found",
                        local_address(inst, data)
                    ),
                );
            }
            // Instances of one resource (`count`, `for_each`, module
            // instances) reporting the same thing at one place are one
            // finding listing them, as with the built-in rules: the
            // message is compared without the instance's address, keyed
            // or not.
            let identity = r
                .msg
                .replace(&inst.instance, "\u{0}")
                .replace(&inst.address, "\u{0}");
            sink.report(
                policy.meta,
                Report {
                    loc: Some(place.loc),
                    message: r.msg.clone(),
                    provenance: place.value.as_deref(),
                    fix,
                    identity: Some(identity),
                    ..Report::on(inst)
                },
            );
            return;
        }
        if let Some((loc, address, instance)) =
            module_call(module, decl, &r.resource, r.attribute.as_deref())
        {
            let identity = r.msg.replace(&instance, "\u{0}").replace(&address, "\u{0}");
            sink.report(
                policy.meta,
                Report {
                    loc: Some(loc),
                    message: r.msg.clone(),
                    resource: address,
                    instance: Some(instance),
                    fix,
                    identity: Some(identity),
                    ..Report::default()
                },
            );
            return;
        }
        // No such resource: the finding is kept, at the module's first
        // file, with a note saying why it is there.
        let Some(file) = decl.and_then(|d| d.files.first()) else {
            return;
        };
        let loc = Loc::new(*file, Span::new(0, 0));
        sink.note(
            loc,
            format!(
                "{code}: the policy reported `{}`, which is no resource, data source or module call of {}; its finding is placed at the start of the module's first file",
                r.resource,
                describe(module)
            ),
        );
        sink.report(
            policy.meta,
            Report {
                loc: Some(loc),
                message: r.msg.clone(),
                resource: r.resource.clone(),
                fix,
                ..Report::default()
            },
        );
    }
}

/// One `deny` result.
#[derive(Debug)]
struct Result_ {
    msg: String,
    resource: String,
    attribute: Option<String>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Set(_) => "a set",
        Value::Object(_) => "an object",
        _ => "undefined",
    }
}

fn read_result(v: &Value) -> Result<Result_, String> {
    let Value::Object(map) = v else {
        return Err(format!("a result is {}", kind(v)));
    };
    let mut msg = None;
    let mut resource = None;
    let mut attribute = None;
    for (k, x) in map.iter() {
        let Value::String(k) = k else {
            return Err(format!("a result has the key {}", kind(k)));
        };
        let text = |x: &Value| match x {
            Value::String(s) => Ok(s.to_string()),
            other => Err(format!("`{k}` is {}, not a string", kind(other))),
        };
        match k.as_ref() {
            "msg" => msg = Some(text(x)?),
            "resource" => resource = Some(text(x)?),
            "attribute" => attribute = Some(text(x)?),
            other => {
                return Err(format!(
                    "a result has the key `{}`, which rampart does not read",
                    rampart_config::short(other)
                ))
            }
        }
    }
    Ok(Result_ {
        msg: msg.ok_or("a result has no `msg`")?,
        resource: resource.ok_or("a result has no `resource`")?,
        attribute: attribute.filter(|a| !a.trim().is_empty()),
    })
}

/// How an error names a module instance.
fn describe(module: &EvaluatedModule) -> String {
    if module.path.is_empty() {
        let dir = module.dir.display().to_string();
        let dir = if dir.is_empty() { ".".to_string() } else { dir };
        format!("the root module in {}", rampart_config::short(&dir))
    } else {
        format!("`{}`", rampart_config::short(&module.path))
    }
}

/// The instance a result's `resource` names: its full address
/// (`module.a["k"].aws_x.y[0]`), its address without instance keys, or
/// its address inside the module (`aws_x.y`); the first in order.
fn find_instance<'m>(module: &'m EvaluatedModule, name: &str) -> Option<(&'m Instance, bool)> {
    let all = || {
        module
            .resources
            .iter()
            .map(|i| (i, false))
            .chain(module.data.iter().map(|i| (i, true)))
    };
    all()
        .find(|(i, _)| i.instance == name)
        .or_else(|| all().find(|(i, _)| i.address == name))
        .or_else(|| all().find(|(i, data)| local_address(i, *data) == name))
}

/// A result naming a module call (`module.web`, or the call's full
/// address): at the argument `attribute` when given (`version`), else at
/// the call's name. The call's address without instance keys (as
/// findings name resources), and with them.
fn module_call(
    module: &EvaluatedModule,
    decl: Option<&Module>,
    name: &str,
    attribute: Option<&str>,
) -> Option<(Loc, String, String)> {
    let decl = decl?;
    let local = if module.path.is_empty() {
        name
    } else {
        name.strip_prefix(&format!("{}.", module.path))
            .or_else(|| name.strip_prefix(&format!("{}.", without_keys(&module.path))))
            .unwrap_or(name)
    };
    let call_name = local.strip_prefix("module.")?;
    let call_name = call_name.split(['[', '.']).next().unwrap_or(call_name);
    let call = decl.module_calls.get(call_name)?;
    let span = attribute
        .and_then(|a| call.block.body.attribute(a))
        .map(|a| a.expr.span)
        .or_else(|| call.block.labels.first().map(|l| l.span))
        .unwrap_or(call.block.ident_span);
    let (address, instance) = if module.path.is_empty() {
        (format!("module.{call_name}"), format!("module.{call_name}"))
    } else {
        (
            format!("{}.module.{call_name}", without_keys(&module.path)),
            format!("{}.module.{call_name}", module.path),
        )
    };
    Some((Loc::new(call.file, span), address, instance))
}

/// `module.a["k"].module.b[0]` → `module.a.module.b`.
fn without_keys(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for c in path.chars() {
        if depth > 0 {
            if quoted {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    quoted = false;
                }
                continue;
            }
            match c {
                '"' => quoted = true,
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            continue;
        }
        if c == '[' {
            depth = 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// One step of an attribute path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Name(String),
    Index(usize),
}

/// `ingress[0].cidr_blocks[1]`, `tags["Name"]`, `tags.Name`.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    let mut chars = path.trim().chars().peekable();
    let mut name = String::new();
    let flush = |name: &mut String, out: &mut Vec<Step>| {
        if !name.is_empty() {
            out.push(Step::Name(std::mem::take(name)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut name, &mut out),
            '[' => {
                flush(&mut name, &mut out);
                if chars.peek() == Some(&'"') {
                    chars.next();
                    let mut key = String::new();
                    loop {
                        match chars.next()? {
                            '\\' => key.push(chars.next()?),
                            '"' => break,
                            other => key.push(other),
                        }
                    }
                    if chars.next()? != ']' {
                        return None;
                    }
                    out.push(Step::Name(key));
                } else {
                    let mut digits = String::new();
                    loop {
                        match chars.next()? {
                            ']' => break,
                            d if d.is_ascii_digit() => digits.push(d),
                            _ => return None,
                        }
                    }
                    out.push(Step::Index(digits.parse().ok()?));
                }
            }
            ']' | '"' => return None,
            other => name.push(other),
        }
    }
    flush(&mut name, &mut out);
    (!out.is_empty()).then_some(out)
}

/// Where a result's attribute path leads.
struct Place<'a> {
    loc: Loc,
    /// The value there (its trail becomes the related locations).
    value: Option<Cow<'a, TfValue>>,
    /// The part of the path that was not found.
    missing: Option<String>,
}

/// What the walk is at.
enum At<'a> {
    Body(&'a EvalBody),
    Blocks(Vec<&'a EvalBlock>),
    Value(Cow<'a, TfValue>),
}

/// Follow `path` from the instance's arguments: attributes, nested blocks
/// by index, list indices and object keys, and into a JSON document
/// written as a string (a policy), where each element has its own place.
fn walk<'a>(inst: &'a Instance, path: &str, db: &SourceDb) -> Place<'a> {
    let Some(steps) = parse_path(path) else {
        return Place {
            loc: inst.loc,
            value: None,
            missing: Some(format!(
                "{path} (not a path such as ingress[0].cidr_blocks[1])"
            )),
        };
    };
    let mut at = At::Body(&inst.body);
    let mut loc = inst.loc;
    for (n, step) in steps.iter().enumerate() {
        let next = match (at, step) {
            (At::Body(body), Step::Name(name)) => {
                if let Some(v) = body.get(name) {
                    loc = v.site.or_else(|| body.attr_loc(name)).unwrap_or(loc);
                    Some(At::Value(Cow::Borrowed(v)))
                } else {
                    let blocks: Vec<&EvalBlock> =
                        body.blocks.iter().filter(|b| b.ident == *name).collect();
                    if let Some(b) = blocks.first() {
                        loc = b.loc;
                    }
                    (!blocks.is_empty()).then_some(At::Blocks(blocks))
                }
            }
            (At::Blocks(blocks), Step::Index(i)) => blocks.get(*i).map(|b| {
                loc = b.loc;
                At::Body(&b.body)
            }),
            // `lifecycle.prevent_destroy`: the first block.
            (At::Blocks(blocks), Step::Name(name)) => blocks.first().and_then(|b| {
                let v = b.body.get(name)?;
                loc = v.site.or_else(|| b.body.attr_loc(name)).unwrap_or(b.loc);
                Some(At::Value(Cow::Borrowed(v)))
            }),
            (At::Body(_), Step::Index(_)) => None,
            (At::Value(v), step) => into_value(v, step, db).map(|x| {
                if let Some(site) = x.site {
                    loc = site;
                }
                At::Value(x)
            }),
        };
        match next {
            Some(a) => at = a,
            None => {
                let rest = render(steps.get(n..).unwrap_or_default());
                return Place {
                    loc,
                    value: None,
                    missing: Some(rest),
                };
            }
        }
    }
    Place {
        loc,
        value: match at {
            At::Value(v) => Some(v),
            _ => None,
        },
        missing: None,
    }
}

fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Name(n) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(n);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One step into a value: a list element, an object key, or, for a string
/// holding JSON (a policy document), a step into the decoded document.
fn into_value<'a>(v: Cow<'a, TfValue>, step: &Step, db: &SourceDb) -> Option<Cow<'a, TfValue>> {
    let decoded;
    let v = if matches!(v.kind, Kind::String(_)) {
        decoded = rampart_terraform::json::read(&v, db)?.ok()?;
        Cow::Owned(decoded)
    } else {
        v
    };
    match (v, step) {
        (Cow::Borrowed(v), Step::Index(i)) => v.as_list()?.get(*i).map(Cow::Borrowed),
        (Cow::Borrowed(v), Step::Name(k)) => v.get(k).map(Cow::Borrowed),
        (Cow::Owned(v), Step::Index(i)) => v.as_list()?.get(*i).cloned().map(Cow::Owned),
        (Cow::Owned(v), Step::Name(k)) => v.get(k).cloned().map(Cow::Owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_off_module_paths() {
        assert_eq!(
            without_keys(r#"module.a["k]x"].module.b[0]"#),
            "module.a.module.b"
        );
        assert_eq!(without_keys("module.a"), "module.a");
    }

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("ingress[0].cidr_blocks[1]"),
            Some(vec![
                Step::Name("ingress".into()),
                Step::Index(0),
                Step::Name("cidr_blocks".into()),
                Step::Index(1)
            ])
        );
        assert_eq!(
            parse_path(r#"tags["Na.me"].x"#),
            Some(vec![
                Step::Name("tags".into()),
                Step::Name("Na.me".into()),
                Step::Name("x".into())
            ])
        );
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(parse_path("a[1"), None);
        assert_eq!(parse_path(""), None);
        assert_eq!(render(&parse_path("a[1].b").unwrap_or_default()), "a[1].b");
    }

    #[test]
    fn results() {
        let ok = Value::from_json_str(r#"{"msg": "m", "resource": "aws_x.y", "attribute": "a"}"#)
            .unwrap();
        let r = read_result(&ok).unwrap();
        assert_eq!((r.msg.as_str(), r.resource.as_str()), ("m", "aws_x.y"));
        assert_eq!(r.attribute.as_deref(), Some("a"));
        let e = read_result(&Value::from("just a message")).unwrap_err();
        assert_eq!(e, "a result is a string");
        let e = read_result(
            &Value::from_json_str(r#"{"msg": "m", "resource": "r", "attr": "a"}"#).unwrap(),
        )
        .unwrap_err();
        assert!(e.contains("`attr`"), "{e}");
        let e = read_result(&Value::from_json_str(r#"{"msg": "m"}"#).unwrap()).unwrap_err();
        assert!(e.contains("no `resource`"), "{e}");
    }
}
