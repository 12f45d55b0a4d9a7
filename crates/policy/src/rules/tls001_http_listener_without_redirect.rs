//! TLS001: http listener that does not redirect to https.
//!
//! Each listener is judged on its own. The finding sits on the listener's
//! `protocol = "HTTP"` value (where a variable or tfvars value brought it,
//! the trail explains); for a listener that leaves `protocol` out on an
//! Application Load Balancer (where it defaults to HTTP), on the default
//! action that does not redirect. Listener rules that forward from a plain
//! HTTP listener are reported on their action's `type`, and Classic Load
//! Balancer listeners on `lb_protocol`.

use super::tls_common::{
    action_type, all_internal, is_internal, is_listener_http, listener_redirects,
    load_balancers_of, protocol, redirects_to_https, referenced, site, site_of, Protocol, Tri,
    LISTENER_RULE_TYPES, LISTENER_TYPES,
};
use crate::fix::{Edit, Fix, Safety};
use crate::finding::{Related, Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS001 as META;

/// The default action that redirects to HTTPS on port 443 (its lines
/// after the first are indented like the block it replaces).
const REDIRECT: &str = "default_action {
  type = \"redirect\"

  redirect {
    port        = \"443\"
    protocol    = \"HTTPS\"
    status_code = \"HTTP_301\"
  }
}";

const FIX: &str = "make the listener's default action a redirect to HTTPS (`type = \"redirect\"` with `redirect { protocol = \"HTTPS\", port = \"443\", status_code = \"HTTP_301\" }`) and serve the app from an HTTPS listener";

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        let rtype = inst.rtype.as_str();
        if LISTENER_TYPES.contains(&rtype) {
            listener(module, inst, sink);
        } else if LISTENER_RULE_TYPES.contains(&rtype) {
            listener_rule(module, inst, sink);
        } else if rtype == "aws_elb" {
            classic(inst, sink);
        }
    }
}

/// Low severity on a load balancer known to be internal.
fn severity_for(lbs: &[&Instance]) -> Option<Severity> {
    (all_internal(lbs) == Tri::Yes).then_some(Severity::Low)
}

fn internal_note(lbs: &[&Instance]) -> String {
    match lbs.first() {
        Some(lb) if all_internal(lbs) == Tri::Yes => format!(
            " (`{}` is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)",
            lb.address
        ),
        _ => String::new(),
    }
}

fn port_text(inst: &Instance) -> String {
    inst.body
        .get("port")
        .and_then(Value::to_text)
        .map(|p| format!(" on port {p}"))
        .unwrap_or_default()
}

fn listener(module: &EvaluatedModule, inst: &Instance, sink: &mut Sink<'_>) {
    if is_listener_http(module, inst) != Tri::Yes || listener_redirects(inst) != Tri::No {
        return;
    }
    let actions = inst.body.nested("default_action");
    // The action that keeps the traffic on HTTP: the routing one (not an
    // `authenticate-*` step), else the first.
    let offending = actions
        .iter()
        .find(|a| {
            action_type(a).is_some_and(|(t, _)| !t.starts_with("authenticate"))
                && redirects_to_https(a) == Tri::No
        })
        .or_else(|| actions.first());
    let what = match offending.and_then(action_type) {
        Some((t, _)) if t == "forward" => {
            "forwards to its targets instead of redirecting to HTTPS".to_string()
        }
        Some((t, _)) if t == "redirect" => {
            let kept = offending
                .and_then(|a| a.body.nested("redirect").into_iter().next())
                .and_then(|r| r.body.get("protocol").and_then(Value::to_text))
                .unwrap_or_else(|| "#{protocol}".to_string());
            format!("redirects without switching to HTTPS (its `protocol` is `{kept}`), so clients stay on HTTP")
        }
        Some((t, _)) if t == "fixed-response" => {
            "returns a fixed response instead of redirecting to HTTPS".to_string()
        }
        Some((t, _)) => format!("is `{t}`, not a redirect to HTTPS"),
        None => "does not redirect to HTTPS".to_string(),
    };
    let proto = inst.body.get("protocol").filter(|v| !v.is_null());
    let loc = match (proto, offending) {
        (Some(_), _) => site_of(&inst.body, "protocol", inst.loc),
        (None, Some(a)) => a.loc,
        (None, None) => inst.loc,
    };
    let lbs = load_balancers_of(module, inst);
    let mut related = Vec::new();
    if let (Some(_), Some(a)) = (proto, offending) {
        related.push(Related {
            loc: Some(a.loc),
            message: "the default action, which does not redirect to HTTPS".to_string(),
        });
    }
    let implicit = if proto.is_none() {
        " (`protocol` is not set and defaults to HTTP)"
    } else {
        ""
    };
    sink.report(
        &META,
        Report {
            identity: None,
            loc: Some(loc),
            resource: inst.address.clone(),
            instance: Some(inst.instance.clone()),
            message: format!(
                "`{}` serves plain HTTP{}{implicit}: its default action {what}{}",
                inst.address,
                port_text(inst),
                internal_note(&lbs),
            ),
            provenance: proto,
            fix: Some(FIX.to_string()),
            // Unsafe: the listener stops serving the app over HTTP, which
            // breaks it unless an HTTPS listener serves it.
            fixes: offending
                .map(|a| {
                    Fix::new(
                        "Redirect HTTP to HTTPS",
                        Safety::Unsafe,
                        vec![Edit::block(a.loc, "default_action", REDIRECT)],
                    )
                })
                .into_iter()
                .collect(),
            severity: severity_for(&lbs),
            related,
        },
    );
}

/// A rule on a plain-HTTP listener that forwards: the listener's redirect
/// does not cover requests the rule matches.
fn listener_rule(module: &EvaluatedModule, inst: &Instance, sink: &mut Sink<'_>) {
    let listeners: Vec<&Instance> = referenced(module, inst.body.get("listener_arn"))
        .into_iter()
        .filter(|l| LISTENER_TYPES.contains(&l.rtype.as_str()))
        .collect();
    let Some(first) = listeners.first() else {
        return;
    };
    if !listeners
        .iter()
        .all(|l| is_listener_http(module, l) == Tri::Yes)
    {
        return;
    }
    let lbs: Vec<&Instance> = listeners
        .iter()
        .flat_map(|l| load_balancers_of(module, l))
        .collect();
    for action in inst.body.nested("action") {
        let Some((kind, value)) = action_type(&action) else {
            continue;
        };
        if kind != "forward" {
            continue;
        }
        let listener_loc = site_of(&first.body, "protocol", first.loc);
        sink.report(
            &META,
            Report {
                identity: None,
                loc: Some(site(value, action.loc)),
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                message: format!(
                    "`{}` forwards requests that arrive on the plain-HTTP listener `{}`{}; a redirect in the listener's default action does not cover its rules{}",
                    inst.address,
                    first.address,
                    port_text(first),
                    internal_note(&lbs),
                ),
                provenance: None,
                fix: Some("attach the rule to the HTTPS listener instead, and keep the HTTP listener to a single redirect to HTTPS".to_string()),
                severity: severity_for(&lbs),
                fixes: Vec::new(),
                related: vec![Related {
                    loc: Some(listener_loc),
                    message: format!("`{}` is a plain HTTP listener", first.address),
                }],
            },
        );
    }
}

/// Classic Load Balancer listeners cannot redirect: an HTTP listener serves
/// the app over plain HTTP.
fn classic(inst: &Instance, sink: &mut Sink<'_>) {
    let internal = is_internal(inst);
    for l in inst.body.nested("listener") {
        let Protocol::Known(p, value) = protocol(&l.body, "lb_protocol") else {
            continue;
        };
        if p != "HTTP" {
            continue;
        }
        let port = l
            .body
            .get("lb_port")
            .and_then(Value::to_text)
            .map(|p| format!(" on port {p}"))
            .unwrap_or_default();
        let note = if internal == Tri::Yes {
            " (it is internal, so this is low severity: the traffic stays in the VPC but is still unencrypted)"
        } else {
            ""
        };
        sink.report(
            &META,
            Report {
                identity: None,
                loc: Some(site(value, l.loc)),
                resource: inst.address.clone(),
                instance: Some(inst.instance.clone()),
                message: format!(
                    "`{}` serves plain HTTP{port}; a Classic Load Balancer listener cannot redirect to HTTPS{note}",
                    inst.address
                ),
                provenance: Some(value),
                fix: Some("serve the app on an `https` listener with a certificate and drop the `http` one, or move to an Application Load Balancer whose port-80 listener redirects to HTTPS".to_string()),
                severity: (internal == Tri::Yes).then_some(Severity::Low),
                fixes: Vec::new(),
                related: Vec::new(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;
    use crate::Severity;

    fn tls001(src: &str) -> Vec<(Severity, String)> {
        check_source(src)
            .into_iter()
            .filter(|f| f.code == "TLS001")
            .map(|f| (f.severity, f.resource))
            .collect()
    }

    const LISTENERS: &str = r#"
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_target_group" "app" {
  port     = 8000
  protocol = "HTTP"
}
"#;

    #[test]
    fn internal_load_balancer_is_low() {
        let src = format!("resource \"aws_lb\" \"main\" {{\n  internal = true\n}}\n{LISTENERS}");
        assert_eq!(
            tls001(&src),
            [(Severity::Low, "aws_lb_listener.http".to_string())]
        );
    }

    #[test]
    fn internet_facing_load_balancer_is_high() {
        let src = format!("resource \"aws_lb\" \"main\" {{\n  internal = false\n}}\n{LISTENERS}");
        assert_eq!(
            tls001(&src),
            [(Severity::High, "aws_lb_listener.http".to_string())]
        );
        let src = format!("resource \"aws_lb\" \"main\" {{}}\n{LISTENERS}");
        assert_eq!(tls001(&src)[0].0, Severity::High);
    }

    #[test]
    fn internal_classic_elb_is_low() {
        let src = r#"
resource "aws_elb" "legacy" {
  internal = true

  listener {
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
"#;
        assert_eq!(tls001(src), [(Severity::Low, "aws_elb.legacy".to_string())]);
    }

    #[test]
    fn unknown_protocol_is_silent() {
        let src = r#"
variable "protocol" {
  type = string
}

resource "aws_lb_listener" "front" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = var.protocol

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"
  }
}
"#;
        assert!(tls001(src).is_empty());
    }
}
