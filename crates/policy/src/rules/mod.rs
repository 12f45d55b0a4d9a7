//! One file per rule, named after it, and the one list that declares them
//! (see [`rules!`]): it makes each rule's module and the dispatch that
//! feeds each rule the normalized model it judges. The rules' metadata
//! comes from `policies/` (see [`crate::registry`]); a test checks that
//! the list and the registry name the same rules.

use crate::finding::Sink;
use crate::iam::{self, DocKind, PolicyDoc, Statement};
use crate::network::{self, Exposure, Reach, SourceKind};
use rampart_terraform::eval::EvaluatedModule;
use rampart_terraform::source::SourceDb;

/// Declares every rule once, under the hook that runs it, in the order
/// they run. A hook is a kind of model a rule judges:
///
/// - `exposure`: `fn check(&Exposure, &mut Sink)`, per non-private ingress
///   source;
/// - `module`: `fn check(&EvaluatedModule, &mut Sink)`;
/// - `module_db`: `fn check(&EvaluatedModule, &SourceDb, &mut Sink)`;
/// - `principal_statement`: `fn check(&PolicyDoc, &Statement, &mut Sink)`,
///   per Allow statement with a principal;
/// - `identity_statement`: `fn check(&PolicyDoc, &Statement, &mut Sink) ->
///   bool`, per Allow statement of an identity policy, or without a
///   principal elsewhere: the first rule that matches reports, so the most
///   specific comes first;
/// - `iam_module`: `fn check(&EvaluatedModule, &mut Sink)`, the identity
///   family's grants that are not AWS policy statements (attachments,
///   ACLs, Lambda permissions, Google and Azure role bindings);
/// - `suppression`: run by [`governance`] with what each needs.
///
/// An entry is a rule's module, whose `check` the hook runs, or
/// `module::function` for a rule that judges a second model: its module is
/// declared by its other entry, and the hook runs that function.
///
/// Each hook also yields the list of its rules' metadata (`HOOK`), so a
/// family's shared work (notes on what its model cannot read) is done
/// only when one of its rules is enabled.
macro_rules! rules {
    ($($hook:ident: [$($rule:ident $(:: $f:ident)?),* $(,)?];)*) => {
        $($(rules!(@mod $rule $(:: $f)?);)*)*

        /// The rules of each hook.
        #[allow(non_upper_case_globals, dead_code)]
        pub(crate) mod hooks {
            use crate::registry::RuleMeta;
            $(pub(crate) static $hook: &[&RuleMeta] = &[$(&super::$rule::META),*];)*
        }

        /// Every module of the list (once: not the second hook of a rule
        /// that has two), with its rule's metadata.
        #[cfg(test)]
        #[allow(clippy::vec_init_then_push)]
        pub(crate) fn declared() -> Vec<(&'static str, &'static crate::registry::RuleMeta)> {
            let mut out = Vec::new();
            $($(rules!(@declared out $rule $(:: $f)?);)*)*
            out
        }

        rules!(@hooks $($hook: [$($rule $(:: $f)?),*];)*);
    };
    // `rule` declares the rule's module and runs its `check`;
    // `rule::function` runs another function of a module declared elsewhere
    // in the list (a rule that judges two models).
    (@mod $rule:ident) => { pub mod $rule; };
    (@mod $rule:ident :: $f:ident) => {};
    (@declared $out:ident $rule:ident) => { $out.push((stringify!($rule), &$rule::META)); };
    (@declared $out:ident $rule:ident :: $f:ident) => {};
    (@fn $rule:ident) => { $rule::check };
    (@fn $rule:ident :: $f:ident) => { $rule::$f };
    (@hooks $($hook:ident: [$($rule:ident $(:: $f:ident)?),*];)*) => {
        $(rules!(@hook $hook [$($rule $(:: $f)?),*]);)*
    };
    (@hook exposure [$($rule:ident $(:: $f:ident)?),*]) => {
        fn exposure(x: &Exposure<'_>, sink: &mut Sink<'_>) {
            $((rules!(@fn $rule $(:: $f)?))(x, sink);)*
        }
    };
    (@hook module [$($rule:ident $(:: $f:ident)?),*]) => {
        fn module(m: &EvaluatedModule, sink: &mut Sink<'_>) {
            $((rules!(@fn $rule $(:: $f)?))(m, sink);)*
        }
    };
    (@hook module_db [$($rule:ident $(:: $f:ident)?),*]) => {
        fn module_db(m: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
            $((rules!(@fn $rule $(:: $f)?))(m, db, sink);)*
        }
    };
    (@hook principal_statement [$($rule:ident $(:: $f:ident)?),*]) => {
        fn principal_statement(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) {
            $((rules!(@fn $rule $(:: $f)?))(doc, st, sink);)*
        }
    };
    (@hook identity_statement [$($rule:ident $(:: $f:ident)?),*]) => {
        fn identity_statement(doc: &PolicyDoc<'_>, st: &Statement, sink: &mut Sink<'_>) -> bool {
            $((rules!(@fn $rule $(:: $f)?))(doc, st, sink) ||)* false
        }
    };
    (@hook suppression [$($rule:ident $(:: $f:ident)?),*]) => {};
    (@hook iam_module [$($rule:ident $(:: $f:ident)?),*]) => {
        fn iam_module(m: &EvaluatedModule, sink: &mut Sink<'_>) {
            $((rules!(@fn $rule $(:: $f)?))(m, sink);)*
        }
    };
}

rules! {
    // NET003 first: a rule open on every port is reported as NET003 only.
    exposure: [
        net003_all_ports_open_to_internet,
        net001_admin_port_open_to_internet,
        net002_app_port_open_to_internet,
    ];
    module: [
        net004_default_security_group_allows_traffic,
        net006_kubernetes_api_open_to_internet,
        tls001_http_listener_without_redirect,
        tls002_outdated_tls_policy,
        tls003_cloudfront_allows_http,
        tls004_cloudfront_outdated_tls,
        tls005_no_https_in_front,
        tls006_service_allows_old_tls,
        tls008_https_not_enforced,
        tls009_minimum_tls_too_old,
    ];
    principal_statement: [iam005_iam_public_principal, iam007_trust_without_guard];
    // One statement, one finding: the most specific rule.
    identity_statement: [
        iam001_iam_full_admin,
        iam006_iam_allow_not_action,
        iam002_iam_service_wildcard,
        iam003_iam_privilege_escalation,
    ];
    iam_module: [
        iam004_iam_managed_admin_attached,
        iam001_iam_full_admin::check_module,
        iam003_iam_privilege_escalation::check_module,
        iam005_iam_public_principal::check_module,
        iam007_trust_without_guard::check_module,
    ];
    module_db: [
        sec001_hardcoded_secret,
        tls007_transit_encryption_disabled,
        net005_service_publicly_accessible,
    ];
    // They judge suppressions, not modules: `suppress::apply` runs them.
    suppression: [
        rmp001_expired_suppression,
        rmp002_unused_suppression,
        rmp003_suppression_without_reason,
        rmp004_invalid_suppression,
    ];
}

mod governance;
mod settings;
mod tls_common;

pub(crate) use governance::Governance;

/// Every rule over one module. The families report different codes, so
/// each fills its own sink, on all cores (a large module is checked in
/// parallel); the sinks are merged in family order.
pub(crate) fn run_all(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    let config = sink.config;
    let (mut net, mut tls, mut iam, mut sec) = (
        Sink::new(config),
        Sink::new(config),
        Sink::new(config),
        Sink::new(config),
    );
    rayon::join(
        || {
            rayon::join(
                || network_rules(module, &mut net),
                || self::module(module, &mut tls),
            )
        },
        || {
            rayon::join(
                || iam_rules(module, db, &mut iam),
                || module_db(module, db, &mut sec),
            )
        },
    );
    for part in [net, tls, iam, sec] {
        sink.merge(part);
    }
}

fn network_rules(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    let mut notes = Vec::new();
    let rules = network::ingress_rules_noted(module, &mut notes);
    if sink.any_enabled(hooks::exposure.iter().copied()) {
        for n in notes {
            sink.note(n.loc, n.message);
        }
    }
    let lb_groups = network::load_balancer_groups(module);
    for ingress in rules {
        let lb_group = if ingress.instance.rtype.starts_with("aws_") {
            network::group_of(ingress.instance).and_then(|g| lb_groups.get(&g))
        } else {
            None
        };
        for source in &ingress.sources {
            let reach = match &source.kind {
                SourceKind::Cidr(net) => network::reach(net),
                SourceKind::Anywhere(_) | SourceKind::ImplicitAnywhere => Reach::Internet,
            };
            if reach == Reach::Private {
                continue;
            }
            exposure(
                &Exposure {
                    ingress: &ingress,
                    source,
                    reach,
                    lb_group,
                },
                sink,
            );
        }
    }
}

fn iam_rules(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    let mut notes = Vec::new();
    let docs = iam::documents(module, db, &mut notes);
    let principals = sink.any_enabled(hooks::principal_statement.iter().copied());
    // Unreadable text is worth a note only when a rule would have read it.
    if principals || sink.any_enabled(hooks::identity_statement.iter().copied()) {
        for (loc, message) in notes {
            sink.note(loc, message);
        }
    }
    for doc in docs {
        for st in &doc.statements {
            if !st.is_allow() {
                continue;
            }
            // An identity policy's statements grant its holder, whatever
            // `Principal` they carry (IAM refuses one there, but a shared
            // policy document may have it): judged as identity statements.
            if st.has_principal() && doc.kind != DocKind::Identity {
                if principals {
                    for p in [&st.principal, &st.not_principal].into_iter().flatten() {
                        if let Some((loc, message)) = iam::unreadable_principal(p) {
                            sink.note(loc.unwrap_or(doc.used_at), message);
                        }
                    }
                }
                principal_statement(&doc, st, sink);
                continue;
            }
            identity_statement(&doc, st, sink);
        }
    }
    iam_module(module, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::RULES;

    /// The list declares each rule of the registry once, in a module named
    /// after it (`net001_admin_port_open_to_internet` for NET001).
    #[test]
    fn the_list_and_the_registry_agree() {
        let declared = declared();
        assert_eq!(declared.len(), RULES.len());
        for r in RULES {
            let module = format!("{}_{}", r.code, r.name)
                .to_ascii_lowercase()
                .replace('-', "_");
            let found: Vec<_> = declared.iter().filter(|(m, _)| *m == module).collect();
            assert_eq!(found.len(), 1, "{} is declared as `{module}` once", r.code);
            assert!(
                std::ptr::eq(found[0].1, *r),
                "{module}'s META is {}",
                r.code
            );
        }
    }
}
