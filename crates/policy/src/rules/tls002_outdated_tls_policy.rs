//! TLS002: load balancer listener allows tls older than 1.2.
//!
//! An allow-list, not a deny-list: an HTTPS or TLS listener passes only with
//! a security policy known to negotiate TLS 1.2 and newer only. A known old
//! policy is reported at the rule's severity, a policy rampart does not know
//! at low severity, and a listener without `ssl_policy` (which gets AWS's
//! API default, `ELBSecurityPolicy-2016-08`, TLS 1.0) on its `protocol`.
//!
//! Classic Load Balancer SSL negotiation policies (`aws_load_balancer_policy`
//! of type `SSLNegotiationPolicyType`, `aws_lb_ssl_negotiation_policy`) are
//! judged by their attributes: `Protocol-SSLv3`, `Protocol-TLSv1` or
//! `Protocol-TLSv1.1` set to `true`, or a `Reference-Security-Policy` that
//! accepts TLS older than 1.2.

use super::tls_common::{
    classic_elb_policy, elb_policy, protocol, site, site_of, PolicyVerdict, Protocol,
    CLASSIC_ELB_RECOMMENDED_POLICY, ELB_DEFAULT_POLICY, ELB_RECOMMENDED_POLICY, LISTENER_TYPES,
};
use crate::fix::{Edit, Fix, Safety};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBlock, EvaluatedModule, Instance};
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS002 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    let fix = format!("set `ssl_policy = \"{ELB_RECOMMENDED_POLICY}\"` (TLS 1.3 and 1.2 only)");
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_load_balancer_policy" => {
                classic_policy(inst, "policy_attribute", sink);
                continue;
            }
            "aws_lb_ssl_negotiation_policy" => {
                classic_policy(inst, "attribute", sink);
                continue;
            }
            t if LISTENER_TYPES.contains(&t) => {}
            _ => continue,
        }
        let Protocol::Known(proto, proto_value) = protocol(&inst.body, "protocol") else {
            continue;
        };
        if proto != "HTTPS" && proto != "TLS" {
            continue;
        }
        let policy = inst.body.get("ssl_policy").filter(|v| !v.is_null());
        let Some(policy) = policy else {
            sink.report(
                &META,
                Report {
                    loc: Some(site_of(&inst.body, "protocol", inst.loc)),
                    message: format!(
                        "`{}` is an {proto} listener without `ssl_policy`, so AWS applies its default `{ELB_DEFAULT_POLICY}`, which allows TLS 1.0 and 1.1",
                        inst.address
                    ),
                    provenance: Some(proto_value),
                    fix: Some(fix.clone()),
                    ..Report::on(inst)
                },
            );
            continue;
        };
        let Some(name) = policy.to_text() else {
            continue; // known only after apply
        };
        let (message, severity) = match elb_policy(&name) {
            PolicyVerdict::Modern => continue,
            PolicyVerdict::Old(versions) => (
                format!(
                    "`{}` uses `{name}`, which allows {versions}",
                    inst.address
                ),
                None,
            ),
            PolicyVerdict::Unrecognized => (
                format!(
                    "`{}` uses `{name}`, a security policy rampart does not know, so it cannot tell whether it allows TLS older than 1.2; use a policy from the `ELBSecurityPolicy-TLS13-1-2-*` family",
                    inst.address
                ),
                Some(Severity::Low),
            ),
        };
        let loc = site_of(&inst.body, "ssl_policy", inst.loc);
        sink.report(
            &META,
            Report {
                loc: Some(loc),
                message,
                provenance: Some(policy),
                fix: Some(fix.clone()),
                fixes: vec![Fix::new(
                    "Use a TLS 1.2+ policy",
                    Safety::Safe,
                    vec![Edit::string(loc, ELB_RECOMMENDED_POLICY)],
                )],
                severity,
                ..Report::on(inst)
            },
        );
    }
}

/// The protocol switches of a Classic Load Balancer SSL negotiation
/// policy that enable a version older than TLS 1.2.
const OLD_PROTOCOLS: [(&str, &str); 3] = [
    ("Protocol-SSLv3", "SSLv3"),
    ("Protocol-TLSv1", "TLS 1.0"),
    ("Protocol-TLSv1.1", "TLS 1.1"),
];

/// A Classic Load Balancer SSL negotiation policy: its `ident` blocks
/// (`name`/`value` pairs) that enable an old protocol or reference an old
/// predefined policy. Attributes left out are not reported: a policy's
/// protocols are those it enables.
fn classic_policy(inst: &Instance, ident: &str, sink: &mut Sink<'_>) {
    if inst.rtype == "aws_load_balancer_policy" {
        // Only SSL negotiation policies speak of protocols (a proxy
        // protocol or back-end authentication policy does not).
        let kind = inst.body.get("policy_type_name").and_then(Value::to_text);
        if kind.is_some_and(|k| k.trim() != "SSLNegotiationPolicyType") {
            return;
        }
    }
    for attr in inst.body.nested(ident) {
        classic_attribute(inst, &attr, sink);
    }
}

fn classic_attribute(inst: &Instance, attr: &EvalBlock, sink: &mut Sink<'_>) {
    let Some(name) = attr.body.get("name").and_then(Value::to_text) else {
        return; // known only after apply
    };
    let name = name.trim();
    let Some(value) = attr.body.get("value").filter(|v| !v.is_null()) else {
        return;
    };
    if let Some((_, version)) = OLD_PROTOCOLS.iter().find(|(n, _)| *n == name) {
        let on = value
            .to_text()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("true"));
        if !on {
            return; // "false", or known only after apply
        }
        let loc = site(value, attr.loc);
        sink.report(
            &META,
            Report {
                loc: Some(loc),
                message: format!(
                    "`{}` enables `{name}`: the Classic Load Balancer accepts {version} from clients",
                    inst.address
                ),
                provenance: Some(value),
                fix: Some(format!(
                    "set `{name}` to `\"false\"` and enable only `Protocol-TLSv1.2`, or reference `{CLASSIC_ELB_RECOMMENDED_POLICY}` with `Reference-Security-Policy`"
                )),
                fixes: vec![Fix::new(
                    format!("Disable {name}"),
                    Safety::Safe,
                    vec![Edit::string(loc, "false")],
                )],
                ..Report::on(inst)
            },
        );
        return;
    }
    if name != "Reference-Security-Policy" {
        return;
    }
    let Some(policy) = value.to_text() else {
        return; // known only after apply
    };
    let (message, severity) = match classic_elb_policy(&policy) {
        PolicyVerdict::Modern => return,
        PolicyVerdict::Old(versions) => (
            format!(
                "`{}` references `{}`, which allows {versions}",
                inst.address,
                policy.trim()
            ),
            None,
        ),
        PolicyVerdict::Unrecognized => (
            format!(
                "`{}` references `{}`, a Classic Load Balancer policy rampart does not know, so it cannot tell whether it allows TLS older than 1.2",
                inst.address,
                policy.trim()
            ),
            Some(Severity::Low),
        ),
    };
    let loc = site(value, attr.loc);
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            provenance: Some(value),
            fix: Some(format!(
                "reference `{CLASSIC_ELB_RECOMMENDED_POLICY}` (TLS 1.2 only; Classic Load Balancers have no TLS 1.3 policy), or move to an Application or Network Load Balancer"
            )),
            fixes: vec![Fix::new(
                "Use a TLS 1.2 policy",
                Safety::Safe,
                vec![Edit::string(loc, CLASSIC_ELB_RECOMMENDED_POLICY)],
            )],
            severity,
            ..Report::on(inst)
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;
    use crate::Severity;

    fn tls002(src: &str) -> Vec<Severity> {
        check_source(src)
            .into_iter()
            .filter(|f| f.code == "TLS002")
            .map(|f| f.severity)
            .collect()
    }

    fn listener(policy: &str) -> String {
        format!(
            r#"
resource "aws_lb_listener" "https" {{
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/5e7d1c2a-1111-2222-3333-444455556666"
  {policy}

  default_action {{
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }}
}}
"#
        )
    }

    #[test]
    fn severities() {
        assert_eq!(
            tls002(&listener("ssl_policy = \"ELBSecurityPolicy-2016-08\"")),
            [Severity::High]
        );
        assert_eq!(tls002(&listener("")), [Severity::High]);
        assert_eq!(
            tls002(&listener("ssl_policy = \"ELBSecurityPolicy-Custom-2030\"")),
            [Severity::Low]
        );
        assert!(tls002(&listener(
            "ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\""
        ))
        .is_empty());
    }
}
