//! TLS003: cloudfront serves plain http.
//!
//! `viewer_protocol_policy = "allow-all"` in the default cache behavior or in
//! any ordered cache behavior; the finding sits on the value.

use super::tls_common::site;
use crate::finding::{Report, Sink};
use rampart_terraform::eval::EvaluatedModule;
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS003 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "aws_cloudfront_distribution" {
            continue;
        }
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
                        resource: inst.address.clone(),
                        instance: Some(inst.instance.clone()),
                        message: format!(
                            "`{}` serves plain HTTP: {which} has `viewer_protocol_policy = \"allow-all\"`",
                            inst.address
                        ),
                        provenance: Some(policy),
                        fix: Some("set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs that clients call directly)".to_string()),
                        ..Report::default()
                    },
                );
            }
        }
    }
}
