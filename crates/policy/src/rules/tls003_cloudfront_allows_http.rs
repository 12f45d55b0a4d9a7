//! TLS003: cloudfront serves plain http.
//!
//! `viewer_protocol_policy = "allow-all"` in the default cache behavior or in
//! any ordered cache behavior; the finding sits on the value. When that
//! behavior sends requests to a custom origin with
//! `origin_protocol_policy = "match-viewer"`, the plain-HTTP viewers make
//! plain-HTTP origin requests: one cause, so one finding (the viewer's),
//! naming the origin, with the origin's setting as a related location.
//!
//! Towards custom origins alone (medium): `origin_protocol_policy =
//! "http-only"`.

use super::tls_common::site;
use crate::finding::{Related, Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBlock, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS003 as META;

/// A custom origin fetched with the viewer's protocol (`match-viewer`).
struct MatchViewer {
    id: String,
    /// "origin `api` (`api.example.com`)"
    named: String,
    /// Where its `origin_protocol_policy` is written.
    loc: Loc,
}

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "aws_cloudfront_distribution" {
            continue;
        }
        let match_viewer = origins(inst, sink);
        let groups = inst.body.nested("origin_group");
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
                let reached = origins_of(&behavior, &groups, &match_viewer);
                let also = match reached.as_slice() {
                    [] => String::new(),
                    origins => format!(
                        ", and it sends those requests to {} with `origin_protocol_policy = \"match-viewer\"`, so they reach the origin unencrypted too",
                        origins
                            .iter()
                            .map(|o| o.named.as_str())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                };
                let fix = if reached.is_empty() {
                    "set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs that clients call directly)"
                } else {
                    "set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs that clients call directly); with HTTPS viewers, `match-viewer` fetches over HTTPS (or set the origin's `origin_protocol_policy = \"https-only\"`)"
                };
                sink.report(
                    &META,
                    Report {
                        loc: Some(site(policy, behavior.loc)),
                        message: format!(
                            "`{}` serves plain HTTP: {which} has `viewer_protocol_policy = \"allow-all\"`{also}",
                            inst.address
                        ),
                        provenance: Some(policy),
                        fix: Some(fix.to_string()),
                        related: reached
                            .iter()
                            .map(|o| Related {
                                loc: Some(o.loc),
                                message: format!(
                                    "{} fetches with the viewer's protocol (`match-viewer`)",
                                    o.named
                                ),
                            })
                            .collect(),
                        ..Report::on(inst)
                    },
                );
            }
        }
    }
}

/// The `match-viewer` origins a behavior sends requests to: its
/// `target_origin_id`, or the members of the origin group it names. A
/// target known only after apply reaches none that rampart can name.
fn origins_of<'o>(
    behavior: &EvalBlock,
    groups: &[EvalBlock],
    origins: &'o [MatchViewer],
) -> Vec<&'o MatchViewer> {
    let Some(target) = behavior.body.get("target_origin_id").and_then(Value::to_text) else {
        return Vec::new();
    };
    let mut ids = vec![target.clone()];
    for g in groups {
        if g.body.get("origin_id").and_then(Value::to_text).as_deref() == Some(&target) {
            for m in g.body.nested("member") {
                ids.extend(m.body.get("origin_id").and_then(Value::to_text));
            }
        }
    }
    origins.iter().filter(|o| ids.contains(&o.id)).collect()
}

/// Custom origins CloudFront reaches over plain HTTP whatever the viewer
/// uses (`http-only`, reported here), and the `match-viewer` ones, which
/// are plain HTTP only for plain-HTTP viewers (returned, for the viewer's
/// finding to name).
fn origins(inst: &Instance, sink: &mut Sink<'_>) -> Vec<MatchViewer> {
    let mut match_viewer = Vec::new();
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
                    if let Some(id) = &id {
                        match_viewer.push(MatchViewer {
                            id: id.clone(),
                            named: named.clone(),
                            loc: site(policy, config.loc),
                        });
                    }
                    continue;
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
    match_viewer
}
