//! What the TLS rules share: load balancer listeners and the load balancer
//! each belongs to, redirects, and the allow-lists of TLS security policies.
//!
//! Every question here has three answers: yes, no, and "not known before
//! apply". The rules report only on a known answer.

use rampart_terraform::eval::{EvalBlock, EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};

/// Application and Network Load Balancer listeners (`aws_alb_listener` is
/// the older name of the same resource).
pub(crate) const LISTENER_TYPES: [&str; 2] = ["aws_lb_listener", "aws_alb_listener"];

/// Load balancers (`aws_alb` is the older name of `aws_lb`).
pub(crate) const LB_TYPES: [&str; 2] = ["aws_lb", "aws_alb"];

/// Listener rules (`aws_alb_listener_rule` is the older name).
pub(crate) const LISTENER_RULE_TYPES: [&str; 2] = ["aws_lb_listener_rule", "aws_alb_listener_rule"];

/// An answer that may not be known before apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    Yes,
    No,
    Unknown,
}

/// A listener's `protocol`.
#[derive(Debug)]
pub(crate) enum Protocol<'a> {
    /// Upper-cased text and the value it was read from.
    Known(String, &'a Value),
    /// Not set (or `null`): HTTP on an Application Load Balancer.
    Absent,
    /// Known only after apply.
    Unknown,
}

impl Protocol<'_> {
    pub fn is(&self, name: &str) -> bool {
        matches!(self, Protocol::Known(p, _) if p == name)
    }
}

pub(crate) fn protocol<'a>(body: &'a EvalBody, key: &str) -> Protocol<'a> {
    match body.get(key) {
        None => Protocol::Absent,
        Some(v) if v.is_null() => Protocol::Absent,
        Some(v) => match v.to_text() {
            Some(t) => Protocol::Known(t.trim().to_ascii_uppercase(), v),
            None => Protocol::Unknown,
        },
    }
}

/// The resources of this module an unknown reference value points at: the
/// instances of `aws_lb.main` for `aws_lb.main.arn`. A reference that came
/// through a module call names another module's resource: none here.
pub(crate) fn referenced<'m>(module: &'m EvaluatedModule, v: Option<&Value>) -> Vec<&'m Instance> {
    let Some(address) = v.and_then(crate::network::local_ref) else {
        return Vec::new();
    };
    module
        .resources
        .iter()
        .filter(|r| crate::network::local_address(r) == address)
        .collect()
}

/// The load balancer instances a listener belongs to (through
/// `load_balancer_arn`), when the load balancer is a resource of this module.
pub(crate) fn load_balancers_of<'m>(
    module: &'m EvaluatedModule,
    listener: &Instance,
) -> Vec<&'m Instance> {
    referenced(module, listener.body.get("load_balancer_arn"))
        .into_iter()
        .filter(|lb| LB_TYPES.contains(&lb.rtype.as_str()))
        .collect()
}

/// Is this load balancer internal? `internal` defaults to false.
pub(crate) fn is_internal(lb: &Instance) -> Tri {
    match lb.body.get("internal") {
        None => Tri::No,
        Some(v) if v.is_null() => Tri::No,
        Some(v) => match v.as_bool() {
            Some(true) => Tri::Yes,
            Some(false) => Tri::No,
            None => Tri::Unknown,
        },
    }
}

/// Are all of these load balancers internal? `Unknown` for an empty list
/// (the load balancer is not in this module).
pub(crate) fn all_internal(lbs: &[&Instance]) -> Tri {
    if lbs.is_empty() {
        return Tri::Unknown;
    }
    let answers: Vec<Tri> = lbs.iter().map(|lb| is_internal(lb)).collect();
    if answers.iter().all(|a| *a == Tri::Yes) {
        Tri::Yes
    } else if answers.contains(&Tri::No) {
        Tri::No
    } else {
        Tri::Unknown
    }
}

/// Is this listener plain HTTP? `protocol` defaults to HTTP on an
/// Application Load Balancer (the default type); elsewhere it has no
/// default rampart can rely on.
pub(crate) fn is_listener_http(module: &EvaluatedModule, listener: &Instance) -> Tri {
    match protocol(&listener.body, "protocol") {
        Protocol::Known(p, _) if p == "HTTP" => Tri::Yes,
        Protocol::Known(..) => Tri::No,
        Protocol::Unknown => Tri::Unknown,
        Protocol::Absent => {
            let lbs = load_balancers_of(module, listener);
            if !lbs.is_empty() && lbs.iter().all(|lb| is_application(lb) == Tri::Yes) {
                Tri::Yes
            } else {
                Tri::Unknown
            }
        }
    }
}

/// Is this an Application Load Balancer? (`load_balancer_type` defaults to
/// `application`.)
pub(crate) fn is_application(lb: &Instance) -> Tri {
    match lb.body.get("load_balancer_type") {
        None => Tri::Yes,
        Some(v) if v.is_null() => Tri::Yes,
        Some(v) => match v.to_text() {
            Some(t) if t.eq_ignore_ascii_case("application") => Tri::Yes,
            Some(_) => Tri::No,
            None => Tri::Unknown,
        },
    }
}

/// Is an action (a `default_action` or a rule's `action`) a redirect to
/// HTTPS? A redirect keeps the request's protocol unless `protocol` says
/// `HTTPS`: `#{protocol}`, its default, does not count.
pub(crate) fn redirects_to_https(action: &EvalBlock) -> Tri {
    let Some(kind) = action.body.get("type") else {
        return Tri::Unknown;
    };
    let Some(kind) = kind.to_text() else {
        return Tri::Unknown;
    };
    if !kind.eq_ignore_ascii_case("redirect") {
        return Tri::No;
    }
    // A `dynamic "redirect"` known only after apply may say HTTPS.
    let mut answer = if action.body.has_unknown_blocks("redirect") {
        Tri::Unknown
    } else {
        Tri::No
    };
    for redirect in action.body.nested("redirect") {
        match redirect.body.get("protocol") {
            None => {}
            Some(v) if v.is_null() => {}
            Some(v) => match v.to_text() {
                Some(p) if p.trim().eq_ignore_ascii_case("HTTPS") => return Tri::Yes,
                Some(_) => {}
                None => answer = Tri::Unknown,
            },
        }
    }
    answer
}

/// Does any of a listener's default actions redirect to HTTPS?
pub(crate) fn listener_redirects(listener: &Instance) -> Tri {
    // A `dynamic "default_action"` known only after apply may be the
    // redirect.
    let mut answer = if listener.body.has_unknown_blocks("default_action") {
        Tri::Unknown
    } else {
        Tri::No
    };
    for action in listener.body.nested("default_action") {
        match redirects_to_https(&action) {
            Tri::Yes => return Tri::Yes,
            Tri::Unknown => answer = Tri::Unknown,
            Tri::No => {}
        }
    }
    answer
}

/// The `type` of an action, lower-cased as AWS spells it, with its value.
pub(crate) fn action_type(action: &EvalBlock) -> Option<(String, &Value)> {
    let v = action.body.get("type")?;
    Some((v.to_text()?.trim().to_ascii_lowercase(), v))
}

/// Where a finding about `key` of `body` sits: the value's site, else the
/// attribute, else `fallback`.
pub(crate) fn site_of(body: &EvalBody, key: &str, fallback: Loc) -> Loc {
    body.get(key)
        .and_then(|v| v.site)
        .or_else(|| body.attr_loc(key))
        .unwrap_or(fallback)
}

/// A value's site, or `fallback`.
pub(crate) fn site(v: &Value, fallback: Loc) -> Loc {
    v.site.unwrap_or(fallback)
}

/// How much TLS a security policy allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PolicyVerdict {
    /// Only TLS 1.2 and newer.
    Modern,
    /// Accepts the old versions named (`TLS 1.0 and 1.1`).
    Old(&'static str),
    /// A name rampart does not know.
    Unrecognized,
}

/// Load balancer security policies (ALB and NLB). An allow-list by family:
/// AWS names each policy after the oldest TLS version it accepts
/// (`ELBSecurityPolicy-TLS13-1-2-…` accepts TLS 1.2 and 1.3). Anything
/// else rampart has not seen is `Unrecognized`, never assumed safe.
pub(crate) fn elb_policy(name: &str) -> PolicyVerdict {
    const MODERN_PREFIXES: [&str; 4] = [
        "ELBSecurityPolicy-TLS13-1-2-",
        "ELBSecurityPolicy-TLS13-1-3-",
        "ELBSecurityPolicy-TLS-1-2-",
        "ELBSecurityPolicy-FS-1-2-",
    ];
    const TLS10: &str = "TLS 1.0 and 1.1";
    const TLS11: &str = "TLS 1.1";
    let name = name.trim();
    if MODERN_PREFIXES.iter().any(|p| name.starts_with(p)) {
        return PolicyVerdict::Modern;
    }
    let old = match name {
        "ELBSecurityPolicy-2016-08"
        | "ELBSecurityPolicy-2015-05"
        | "ELBSecurityPolicy-TLS-1-0-2015-04"
        | "ELBSecurityPolicy-FS-2018-06" => TLS10,
        "ELBSecurityPolicy-TLS-1-1-2017-01" | "ELBSecurityPolicy-FS-1-1-2019-08" => TLS11,
        n if n.starts_with("ELBSecurityPolicy-TLS13-1-0-") => TLS10,
        n if n.starts_with("ELBSecurityPolicy-TLS13-1-1-") => TLS11,
        _ => return PolicyVerdict::Unrecognized,
    };
    PolicyVerdict::Old(old)
}

/// The policy AWS applies to an HTTPS or TLS listener created without one
/// through the API (which Terraform uses).
pub(crate) const ELB_DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

/// A policy that only negotiates TLS 1.2+, for fix suggestions.
pub(crate) const ELB_RECOMMENDED_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// True when the value is a non-empty list (or a non-empty string), false
/// when it is known to be empty, `None` when not known.
pub(crate) fn non_empty(v: Option<&Value>) -> Option<bool> {
    let Some(v) = v else {
        return Some(false);
    };
    match &v.kind {
        Kind::Null => Some(false),
        Kind::List(items) if items.is_empty() => Some(false),
        Kind::List(items) => {
            if items.iter().any(|i| !i.is_unknown()) {
                Some(true)
            } else {
                None
            }
        }
        Kind::String(s) => Some(!s.is_empty()),
        Kind::Unknown => None,
        _ => Some(true),
    }
}

/// Classic Load Balancer predefined security policies
/// (`Reference-Security-Policy`). Classic Load Balancers have no TLS 1.3
/// policies: `ELBSecurityPolicy-TLS-1-2-2017-01` is the only predefined
/// policy without TLS 1.0 and 1.1. The dated policies
/// (`ELBSecurityPolicy-2016-08` and older) and the `ELBSample-*` ones
/// accept TLS 1.0; the oldest accept SSLv3 too.
pub(crate) fn classic_elb_policy(name: &str) -> PolicyVerdict {
    let name = name.trim();
    if name.starts_with("ELBSecurityPolicy-TLS-1-2-") {
        return PolicyVerdict::Modern;
    }
    if name.starts_with("ELBSecurityPolicy-TLS-1-1-") {
        return PolicyVerdict::Old("TLS 1.1");
    }
    let dated = name.strip_prefix("ELBSecurityPolicy-").is_some_and(|rest| {
        let b = rest.as_bytes();
        b.len() == 7
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..].iter().all(u8::is_ascii_digit)
    });
    if dated || name.starts_with("ELBSample-") {
        return PolicyVerdict::Old("TLS 1.0 and 1.1");
    }
    PolicyVerdict::Unrecognized
}

/// The predefined Classic Load Balancer policy that negotiates TLS 1.2 only.
pub(crate) const CLASSIC_ELB_RECOMMENDED_POLICY: &str = "ELBSecurityPolicy-TLS-1-2-2017-01";

/// Run every rule over one in-memory `main.tf` (for the TLS rules' tests).
#[cfg(test)]
pub(crate) fn check_source(text: &str) -> Vec<crate::Finding> {
    use rampart_terraform::eval::{Evaluator, Inputs};
    use rampart_terraform::module::{parse_file, Module};
    use rampart_terraform::source::{SourceDb, SourceFile};
    use std::path::PathBuf;

    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new(PathBuf::from("main.tf"), text.to_string()));
    let parsed = parse_file(&db, id).expect("parses");
    let (module, problems) = Module::build(PathBuf::new(), vec![parsed], &db);
    assert!(problems.is_empty(), "{problems:?}");
    let evaluated = Evaluator::new(&module, &db, &Inputs::default()).evaluate();
    crate::check(&evaluated, &db, &crate::Config::default())
}

/// The severity and message of each finding of `rule` over one in-memory
/// `main.tf`.
#[cfg(test)]
pub(crate) fn reported(
    rule: &crate::registry::RuleMeta,
    text: &str,
) -> Vec<(rampart_config::Severity, String)> {
    check_source(text)
        .into_iter()
        .filter(|f| std::ptr::eq(f.rule, rule))
        .map(|f| (f.severity, f.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elb_policies() {
        for modern in [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS-1-2-2017-01",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            "ELBSecurityPolicy-FS-1-2-2019-08",
        ] {
            assert_eq!(elb_policy(modern), PolicyVerdict::Modern, "{modern}");
        }
        for old in [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-2015-05",
            "ELBSecurityPolicy-TLS-1-0-2015-04",
            "ELBSecurityPolicy-TLS-1-1-2017-01",
            "ELBSecurityPolicy-FS-2018-06",
            "ELBSecurityPolicy-FS-1-1-2019-08",
            "ELBSecurityPolicy-TLS13-1-0-2021-06",
            "ELBSecurityPolicy-TLS13-1-1-2021-06",
            "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09",
        ] {
            assert!(matches!(elb_policy(old), PolicyVerdict::Old(_)), "{old}");
        }
        assert_eq!(
            elb_policy("ELBSecurityPolicy-TLS13-1-1-2021-06"),
            PolicyVerdict::Old("TLS 1.1")
        );
        assert_eq!(elb_policy("my-custom-policy"), PolicyVerdict::Unrecognized);
        assert_eq!(
            classic_elb_policy("ELBSecurityPolicy-TLS-1-2-2017-01"),
            PolicyVerdict::Modern
        );
        assert_eq!(
            classic_elb_policy("ELBSecurityPolicy-TLS-1-1-2017-01"),
            PolicyVerdict::Old("TLS 1.1")
        );
        for old in [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-2015-05",
            "ELBSecurityPolicy-2011-08",
            "ELBSample-OpenSSLDefaultCipherPolicy",
        ] {
            assert_eq!(
                classic_elb_policy(old),
                PolicyVerdict::Old("TLS 1.0 and 1.1"),
                "{old}"
            );
        }
        assert_eq!(
            classic_elb_policy("ELBSecurityPolicy-2016-8"),
            PolicyVerdict::Unrecognized
        );
        assert_eq!(
            elb_policy("elbsecuritypolicy-tls13-1-2-2021-06"),
            PolicyVerdict::Unrecognized
        );
    }
}
