//! Phase 7, check: every root evaluated ([`crate::evaluate`]) and checked
//! with everything it calls, on all cores, each with its own evaluator; a
//! finding inside a called module names the call that led there, and one
//! in a downloaded module is moved to the nearest repository location.
//! The roots' findings are merged in root order, so that a module called
//! from several roots reports each place once, as the first root found it.

use crate::evaluate::{called, evaluate_root, RootCx, TreeLoader};
use crate::modules::{reached_by, Loaded, Modules, Resolver};
use crate::{guarded, module_file, Options, Report};
use rampart_policy::suppress::Suppression;
use rampart_policy::Finding;
use rampart_terraform::eval::Inputs;
use rampart_terraform::module::Module;
use rampart_terraform::source::{FileId, SourceDb};
use rampart_terraform::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The findings of every root, merged, before suppressions.
pub(crate) struct Checked {
    /// The checked paths.
    pub paths: Vec<PathBuf>,
    pub findings: Vec<Finding>,
    /// The suppression comments of the discovered files.
    pub suppressions: Vec<Suppression>,
    /// Every module of the run, kept by the report.
    pub modules: Modules,
}

/// Evaluate and check every root (only those reaching `Options::focus`
/// when it is set), then merge their outcomes into the report in root
/// order.
pub(crate) fn check(
    opts: &Options,
    loaded: Loaded,
    inputs: &Inputs,
    policies: &rampart_rego::PolicySet,
    report: &mut Report,
) -> Checked {
    use rayon::prelude::*;
    let Loaded {
        paths,
        mut modules,
        suppressions,
        tree,
    } = loaded;
    let focus = opts.focus.as_deref().map(crate::canonical);
    // A root nobody calls is needed by no other root: its module is taken
    // out of the shared map, moved into its task and freed there as soon as
    // it is checked, so the run's memory shrinks as evaluation proceeds.
    let roots: Vec<(PathBuf, Option<Module>)> = modules
        .roots
        .clone()
        .into_iter()
        .enumerate()
        .map(|(i, root)| {
            let owned = if i < modules.uncalled {
                modules.by_dir.remove(&root)
            } else {
                None
            };
            (root, owned)
        })
        .collect();
    let loader = TreeLoader::new(&tree, &report.db);
    let cx = RootCx {
        modules: &modules,
        db: &report.db,
        inputs,
        loader: &loader,
        resolver: &Resolver { modules: &modules },
        opts,
        policies,
    };
    let outcomes: Vec<RootOutcome> = roots
        .into_par_iter()
        .filter_map(|(root, owned)| {
            let module = match &owned {
                Some(m) => m,
                None => cx.modules.by_dir.get(&root)?,
            };
            let reached = reached_by(cx.modules, &root, module);
            if focus.as_ref().is_some_and(|dir| !reached.contains(dir)) {
                return None;
            }
            Some(guarded(
                || check_root(&cx, &root, module, &reached),
                |problem| RootOutcome {
                    findings: Vec::new(),
                    problems: vec![Problem::new(
                        module_file(cx.db, &module.files, &module.dir),
                        format!("internal error while checking this module: {problem}"),
                    )],
                    notes: Vec::new(),
                    checked: Vec::new(),
                    policy_errors: Vec::new(),
                },
            ))
        })
        .collect();
    drop(loader);
    let findings = merge(outcomes, report);
    Checked {
        paths,
        findings,
        suppressions,
        modules,
    }
}

/// The roots' outcomes into the report, in root order, so that a module
/// called from several roots reports each place once, as the first root
/// to reach it found it; the findings, one per rule, location and
/// identity.
fn merge(outcomes: Vec<RootOutcome>, report: &mut Report) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut seen: BTreeMap<(&'static str, rampart_terraform::source::Loc, String), usize> =
        BTreeMap::new();
    for outcome in outcomes {
        report.checked.extend(outcome.checked);
        report.problems.extend(outcome.problems);
        for e in &outcome.policy_errors {
            let p = crate::policies::problem(e, &report.db);
            report.problems.push(p);
        }
        report.notes.extend(outcome.notes);
        for f in outcome.findings {
            match seen.entry((f.code, f.loc, f.identity.clone())) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    if let Some(first) = findings.get_mut(*e.get()) {
                        first.add_instances(&f.instances);
                    }
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(findings.len());
                    findings.push(f);
                }
            }
        }
    }
    findings
}

/// What checking one root module (and every module it calls) gave.
struct RootOutcome {
    findings: Vec<Finding>,
    problems: Vec<Problem>,
    notes: Vec<Problem>,
    checked: Vec<FileId>,
    /// Custom policies that failed on a module instance.
    policy_errors: Vec<rampart_rego::PolicyError>,
}

/// Evaluate one root module with everything it calls, and run the policies
/// over each evaluated module.
fn check_root(
    cx: &RootCx<'_>,
    root: &Path,
    module: &Module,
    reached: &BTreeSet<PathBuf>,
) -> RootOutcome {
    let RootCx {
        modules,
        db,
        resolver,
        opts,
        policies,
        ..
    } = *cx;
    let evaluated = evaluate_root(cx, root, module, reached);
    let mut out = RootOutcome {
        findings: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
        checked: Vec::new(),
        policy_errors: Vec::new(),
    };
    // The root and every module it calls, each checked on its own.
    for m in std::iter::once(module).chain(called(modules, root, reached)) {
        out.checked.extend(m.files.iter().copied());
        out.checked.extend(m.auto_vars.iter().copied());
    }
    // Module instances repeat their rules' notes: each place and message
    // once (a set, not a scan of the notes so far).
    let mut noted = std::collections::HashSet::new();
    let mut add_notes = |notes: Vec<rampart_policy::Note>, out: &mut RootOutcome| {
        for n in notes {
            if !noted.insert((n.loc, n.message.clone())) {
                continue;
            }
            out.notes.push(Problem {
                file: Some(n.loc.file),
                path: db
                    .get(n.loc.file)
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
                span: Some(n.loc.span),
                message: n.message,
                group: None,
            });
        }
    };
    let mut instances = Vec::new();
    let mut stack = vec![&evaluated];
    while let Some(m) = stack.pop() {
        out.problems.extend(m.problems.iter().cloned());
        out.notes.extend(m.notes.iter().cloned());
        let checked = rampart_policy::check_all(m, db, &opts.config);
        out.findings.extend(checked.findings);
        add_notes(checked.notes, &mut out);
        instances.push(m);
        stack.extend(m.children.iter().rev());
    }
    if !policies.is_empty() {
        // Custom policies, on every module instance in parallel, merged in
        // the order above.
        use rayon::prelude::*;
        let decls: std::collections::HashMap<&Path, &Module> = std::iter::once(module)
            .chain(called(modules, root, reached))
            .map(|m| (m.dir.as_path(), m))
            .collect();
        let outcomes: Vec<rampart_rego::Outcome> = instances
            .par_iter()
            .map(|m| {
                let decl = decls.get(m.dir.as_path()).copied();
                policies.check(m, decl, db, &opts.config)
            })
            .collect();
        for o in outcomes {
            out.findings.extend(o.findings);
            add_notes(o.notes, &mut out);
            out.policy_errors.extend(o.errors);
        }
    }
    for f in &mut out.findings {
        through_callers(f, root, module, resolver);
        keep_in_repository(f, db, root, module, resolver);
    }
    out
}

/// Is the file downloaded by `terraform init` (under `.terraform/`), and so
/// not part of the repository a user can edit?
fn downloaded(db: &SourceDb, file: FileId) -> bool {
    db.get(file)
        .is_some_and(|f| f.path.components().any(|c| c.as_os_str() == ".terraform"))
}

/// A finding whose offending line is inside a downloaded module points
/// at the nearest place in the repository instead: the latest repository
/// location on the value's chain (a module call's argument), else the
/// `module` call in the repository that leads to the downloaded module.
/// The module's line becomes the last related location. Users fix, and
/// suppress, what they can edit.
fn keep_in_repository(
    f: &mut Finding,
    db: &SourceDb,
    root: &Path,
    root_module: &Module,
    resolver: &Resolver<'_>,
) {
    if !downloaded(db, f.loc.file) {
        return;
    }
    let on_chain = f
        .related
        .iter()
        .rposition(|r| r.loc.is_some_and(|l| !downloaded(db, l.file)));
    let new = match on_chain {
        Some(i) => f.related.remove(i).loc,
        None => calling_site(&f.resource, db, root, root_module, resolver),
    };
    let Some(new) = new else {
        return;
    };
    let old = std::mem::replace(&mut f.loc, new);
    f.related.push(rampart_policy::Related {
        loc: Some(old),
        message: "the offending line, in a module downloaded by `terraform init`".to_string(),
    });
}

/// The deepest `module` call in the repository on the way to `address`:
/// its `source`.
fn calling_site(
    address: &str,
    db: &SourceDb,
    root: &Path,
    root_module: &Module,
    resolver: &Resolver<'_>,
) -> Option<rampart_terraform::source::Loc> {
    call_path(address, root, root_module, resolver)
        .into_iter()
        .rev()
        .find(|c| !downloaded(db, c.call.file))
        .map(|c| {
            let span = c
                .call
                .block
                .body
                .attribute("source")
                .map_or(c.call.block.ident_span, |a| a.expr.span);
            rampart_terraform::source::Loc::new(c.call.file, span)
        })
}

/// One `module` call on the way from the root to a resource.
struct CallStep<'m> {
    /// `module.a.module.b`
    address: String,
    call: &'m rampart_terraform::module::NamedBlock,
}

/// The `module` calls leading from the root module to `address`
/// (`module.a.module.b.aws_x.y`, instance keys allowed), outermost first.
fn call_path<'m>(
    address: &str,
    root: &Path,
    root_module: &'m Module,
    resolver: &'m Resolver<'m>,
) -> Vec<CallStep<'m>> {
    use rampart_terraform::eval::ModuleResolver;
    let mut out = Vec::new();
    let mut current = root_module;
    let mut key: Vec<&str> = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        let name = &after[..end];
        rest = &after[end..];
        if rest.starts_with('[') {
            // An instance key: skip to its closing bracket (keys are
            // quoted strings or numbers; one holding `].` only makes the
            // path shorter).
            rest = rest.find("].").map_or("", |i| &rest[i + 1..]);
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
        let Some(call) = current.module_calls.get(name) else {
            break;
        };
        key.push(name);
        out.push(CallStep {
            address: key
                .iter()
                .map(|k| format!("module.{k}"))
                .collect::<Vec<_>>()
                .join("."),
            call,
        });
        match resolver.resolve(root, current, &key.join("."), call) {
            Ok(next) => current = next,
            Err(_) => break,
        }
    }
    out
}

/// A finding inside a called module says which call led there, when its
/// chain does not already pass through that call: two callers sharing a
/// module's line each get a finding with their own chain.
fn through_callers(f: &mut Finding, root: &Path, root_module: &Module, resolver: &Resolver<'_>) {
    if !f.resource.starts_with("module.") {
        return;
    }
    let mut hops = Vec::new();
    for step in call_path(&f.resource, root, root_module, resolver) {
        // A finding on the call itself (a custom policy's) needs no hop
        // saying the call leads there.
        if step.address == f.resource {
            continue;
        }
        let block = step.call.block.span;
        let covered = f.related.iter().any(|r| {
            r.loc.is_some_and(|l| {
                l.file == step.call.file
                    && l.span.start() >= block.start()
                    && l.span.end() <= block.end()
            })
        });
        if !covered {
            let span = step
                .call
                .block
                .labels
                .first()
                .map_or(step.call.block.ident_span, |l| l.span);
            hops.push(rampart_policy::Related {
                loc: Some(rampart_terraform::source::Loc::new(step.call.file, span)),
                message: format!("`{}` calls the module here", step.address),
            });
        }
    }
    f.related.splice(0..0, hops);
}
