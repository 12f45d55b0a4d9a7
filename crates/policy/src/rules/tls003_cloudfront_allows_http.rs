//! TLS003: cloudfront serves plain http.
//!
//! `viewer_protocol_policy = "allow-all"` in the default cache behavior or in
//! any ordered cache behavior; the finding sits on the value.
//!
//! Towards custom origins (medium): `origin_protocol_policy = "http-only"`,
//! or `"match-viewer"` on an origin that a behavior with `allow-all` sends
//! requests to (plain HTTP viewers make plain HTTP origin requests).

use super::tls_common::site;
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBlock, EvaluatedModule, Instance};
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS003 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "aws_cloudfront_distribution" {
            continue;
        }
        origins(inst, sink);
        for ident in ["default_cache_behavior", "ordered_cache_behavior"] {
            for behavior in inst.body.nested(ident) {
                let Some(policy) = behavior.body.get("viewer_protocol_policy") else {
                    continue;
                };
                let Some(text) = policy.to_text() else {
                    continue; // known only after apply
                };
                if !text.trim().eq_ignore_ascii_case("allow-all") {
                    continue;
                }
                let which = if ident == "default_cache_behavior" {
                    "its default cache behavior".to_string()
                } else {
                    match behavior.body.get("path_pattern").and_then(Value::to_text) {
                        Some(p) => format!("the cache behavior for `{p}`"),
                        None => "an ordered cache behavior".to_string(),
                    }
                };
                sink.report(
                    &META,
                    Report {
                        loc: Some(site(policy, behavior.loc)),
                        message: format!(
                            "`{}` serves plain HTTP: {which} has `viewer_protocol_policy = \"allow-all\"`",
                            inst.address
                        ),
                        provenance: Some(policy),
                        fix: Some("set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs that clients call directly)".to_string()),
                        ..Report::on(inst)
                    },
                );
            }
        }
    }
}

/// Is `policy` `allow-all`?
fn is_allow_all(behavior: &EvalBlock) -> bool {
    behavior
        .body
        .get("viewer_protocol_policy")
        .and_then(Value::to_text)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("allow-all"))
}

/// The cache behaviors that may send a plain-HTTP viewer's request to the
/// origin `origin_id`: `allow-all` behaviors whose `target_origin_id` is the
/// origin, or an origin group it is a member of. A target known only after
/// apply is not counted.
fn allow_all_behaviors_to(inst: &Instance, origin_id: &str) -> Vec<String> {
    let groups: Vec<String> = inst
        .body
        .nested("origin_group")
        .iter()
        .filter(|g| {
            g.body.nested("member").iter().any(|m| {
                m.body
                    .get("origin_id")
                    .and_then(Value::to_text)
                    .is_some_and(|id| id == origin_id)
            })
        })
        .filter_map(|g| g.body.get("origin_id").and_then(Value::to_text))
        .collect();
    let mut out = Vec::new();
    for ident in ["default_cache_behavior", "ordered_cache_behavior"] {
        for behavior in inst.body.nested(ident) {
            if !is_allow_all(&behavior) {
                continue;
            }
            let Some(target) = behavior.body.get("target_origin_id").and_then(Value::to_text)
            else {
                continue;
            };
            if target != origin_id && !groups.contains(&target) {
                continue;
            }
            out.push(if ident == "default_cache_behavior" {
                "the default cache behavior".to_string()
            } else {
                match behavior.body.get("path_pattern").and_then(Value::to_text) {
                    Some(p) => format!("the cache behavior for `{p}`"),
                    None => "an ordered cache behavior".to_string(),
                }
            });
        }
    }
    out
}

/// Custom origins CloudFront reaches over plain HTTP.
fn origins(inst: &Instance, sink: &mut Sink<'_>) {
    for origin in inst.body.nested("origin") {
        let id = origin.body.get("origin_id").and_then(Value::to_text);
        let domain = origin.body.get("domain_name").and_then(Value::to_text);
        let named = match (&id, &domain) {
            (Some(id), Some(d)) => format!("origin `{id}` (`{d}`)"),
            (Some(id), None) => format!("origin `{id}`"),
            (None, Some(d)) => format!("origin `{d}`"),
            (None, None) => "an origin".to_string(),
        };
        // S3 website endpoints speak only HTTP: the fix is another origin.
        let website = domain
            .as_deref()
            .is_some_and(|d| d.contains(".s3-website"));
        for config in origin.body.nested("custom_origin_config") {
            let Some(policy) = config.body.get("origin_protocol_policy") else {
                continue;
            };
            let Some(text) = policy.to_text() else {
                continue; // known only after apply
            };
            let message = match text.trim().to_ascii_lowercase().as_str() {
                "http-only" => format!(
                    "`{}` fetches from {named} over plain HTTP (`origin_protocol_policy = \"http-only\"`): responses, cookies and headers cross the network between CloudFront and the origin unencrypted",
                    inst.address
                ),
                "match-viewer" => {
                    let Some(id) = &id else { continue };
                    let behaviors = allow_all_behaviors_to(inst, id);
                    let Some(first) = behaviors.first() else {
                        continue;
                    };
                    format!(
                        "`{}` fetches from {named} with the viewer's protocol (`origin_protocol_policy = \"match-viewer\"`), and {first} accepts plain HTTP (`allow-all`), so those requests reach the origin unencrypted",
                        inst.address
                    )
                }
                _ => continue,
            };
            let fix = if website {
                "S3 website endpoints only serve HTTP: use the bucket's REST endpoint as an S3 origin with origin access control, or a custom origin that serves HTTPS, with `origin_protocol_policy = \"https-only\"`".to_string()
            } else {
                "set `origin_protocol_policy = \"https-only\"` and serve HTTPS on the origin (with `origin_ssl_protocols = [\"TLSv1.2\"]`)".to_string()
            };
            sink.report(
                &META,
                Report {
                    loc: Some(site(policy, config.loc)),
                    message,
                    provenance: Some(policy),
                    fix: Some(fix),
                    severity: Some(Severity::Medium),
                    ..Report::on(inst)
                },
            );
        }
    }
}
