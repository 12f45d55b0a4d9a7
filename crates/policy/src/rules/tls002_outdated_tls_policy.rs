//! TLS002: load balancer listener allows tls older than 1.2.
//!
//! An allow-list, not a deny-list: an HTTPS or TLS listener passes only with
//! a security policy known to negotiate TLS 1.2 and newer only. A known old
//! policy is reported at the rule's severity, a policy rampart does not know
//! at low severity, and a listener without `ssl_policy` (which gets AWS's
//! API default, `ELBSecurityPolicy-2016-08`, TLS 1.0) on its `protocol`.

use super::tls_common::{
    elb_policy, protocol, site_of, PolicyVerdict, Protocol, ELB_DEFAULT_POLICY,
    ELB_RECOMMENDED_POLICY, LISTENER_TYPES,
};
use crate::fix::{Edit, Fix, Safety};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::EvaluatedModule;

pub(crate) use crate::registry::TLS002 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    let fix = format!("set `ssl_policy = \"{ELB_RECOMMENDED_POLICY}\"` (TLS 1.3 and 1.2 only)");
    for inst in &module.resources {
        if !LISTENER_TYPES.contains(&inst.rtype.as_str()) {
            continue;
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
                    resource: inst.address.clone(),
                    instance: Some(inst.instance.clone()),
                    message: format!(
                        "`{}` is an {proto} listener without `ssl_policy`, so AWS applies its default `{ELB_DEFAULT_POLICY}`, which allows TLS 1.0 and 1.1",
                        inst.address
                    ),
                    provenance: Some(proto_value),
                    fix: Some(fix.clone()),
                    ..Report::default()
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
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                message,
                provenance: Some(policy),
                fix: Some(fix.clone()),
                fixes: vec![Fix::new(
                    "Use a TLS 1.2+ policy",
                    Safety::Safe,
                    vec![Edit::string(loc, ELB_RECOMMENDED_POLICY)],
                )],
                severity,
                ..Report::default()
            },
        );
    }
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
