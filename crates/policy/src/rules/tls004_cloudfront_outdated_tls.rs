//! TLS004: cloudfront accepts tls older than 1.2.
//!
//! `viewer_certificate.minimum_protocol_version` older than `TLSv1.2_2021`
//! (an allow-list: a name rampart does not know is low severity), a custom
//! certificate without `minimum_protocol_version` (the AWS provider's
//! default is `TLSv1`), or the CloudFront default certificate, which always
//! accepts TLS 1.0, on a distribution with aliases. A viewer certificate
//! with `cloudfront_default_certificate = false` and no
//! `minimum_protocol_version` gets the provider's default too.
//!
//! Towards custom origins: `origin_ssl_protocols` naming `SSLv3`, `TLSv1`
//! or `TLSv1.1` (at this rule's severity when the list offers nothing
//! newer, or names SSLv3; low when `TLSv1.2` is there too, as CloudFront
//! then uses TLS 1.2 with any origin that speaks it).

use super::tls_common::{non_empty, site, site_of};
use rampart_terraform::value::{Kind, Value};
use crate::fix::{Edit, Fix, Safety};
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBlock, EvaluatedModule, Instance};

pub(crate) use crate::registry::TLS004 as META;

const RECOMMENDED: &str = "TLSv1.2_2021";

enum Verdict {
    Modern,
    Old(&'static str),
    Unrecognized,
}

/// CloudFront security policies, oldest first.
fn verdict(name: &str) -> Verdict {
    match name.trim() {
        "TLSv1.2_2021" | "TLSv1.2_2025" | "TLSv1.3_2025" => Verdict::Modern,
        "SSLv3" => Verdict::Old("accepts SSLv3 and TLS 1.0"),
        "TLSv1" | "TLSv1_2016" => Verdict::Old("accepts TLS 1.0 and 1.1"),
        "TLSv1.1_2016" => Verdict::Old("accepts TLS 1.1"),
        "TLSv1.2_2018" | "TLSv1.2_2019" => Verdict::Old(
            "requires TLS 1.2 but still offers the older CBC cipher suites that TLSv1.2_2021 drops",
        ),
        _ => Verdict::Unrecognized,
    }
}

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        if inst.rtype != "aws_cloudfront_distribution" {
            continue;
        }
        for cert in inst.body.nested("viewer_certificate") {
            viewer_certificate(inst, &cert, sink);
        }
        for origin in inst.body.nested("origin") {
            for config in origin.body.nested("custom_origin_config") {
                origin_protocols(inst, &origin, &config, sink);
            }
        }
    }
}

fn viewer_certificate(inst: &Instance, cert: &EvalBlock, sink: &mut Sink<'_>) {
    let fix = format!("use your own certificate (`acm_certificate_arn`) with `minimum_protocol_version = \"{RECOMMENDED}\"` and `ssl_support_method = \"sni-only\"`");
    let body = &cert.body;
    let default_cert = match body.get("cloudfront_default_certificate") {
        None => Some(false),
        Some(v) if v.is_null() => Some(false),
        Some(v) => v.as_bool(),
    };
    match default_cert {
        None => {} // known only after apply
        Some(true) => {
            // The *.cloudfront.net certificate: CloudFront accepts TLS 1.0
            // whatever minimum_protocol_version says. Only a problem when
            // the distribution answers for your own domain names.
            if non_empty(inst.body.get("aliases")) != Some(true) {
                return;
            }
            let value = body.get("cloudfront_default_certificate");
            sink.report(
                &META,
                Report {
                    loc: Some(site_of(body, "cloudfront_default_certificate", cert.loc)),
                    message: format!(
                        "`{}` has `aliases` but uses the CloudFront default certificate, with which CloudFront accepts TLS 1.0 whatever `minimum_protocol_version` says",
                        inst.address
                    ),
                    provenance: value,
                    fix: Some(fix),
                    ..Report::on(inst)
                },
            );
        }
        Some(false) => {
            let custom = ["acm_certificate_arn", "iam_certificate_id"]
                .iter()
                .any(|k| body.get(k).is_some_and(|v| !v.is_null()));
            // `cloudfront_default_certificate = false` written out: the
            // distribution is meant to use its own certificate, and the
            // provider sends its default `minimum_protocol_version` with it.
            let not_default = body
                .get("cloudfront_default_certificate")
                .and_then(|v| v.as_bool())
                == Some(false);
            let which = if custom {
                "uses its own certificate"
            } else {
                "sets `cloudfront_default_certificate = false`"
            };
            match body.get("minimum_protocol_version").filter(|v| !v.is_null()) {
                None if custom || not_default => sink.report(
                    &META,
                    Report {
                        loc: Some(cert.loc),
                        message: format!(
                            "`{}` {which} but `minimum_protocol_version` is not set; the AWS provider's default is `TLSv1` (TLS 1.0 and 1.1 accepted)",
                            inst.address
                        ),
                        provenance: None,
                        fix: Some(format!("add `minimum_protocol_version = \"{RECOMMENDED}\"`")),
                        ..Report::on(inst)
                    },
                ),
                None => {}
                Some(v) => {
                    let Some(name) = v.to_text() else {
                        return; // known only after apply
                    };
                    let (what, severity) = match verdict(&name) {
                        Verdict::Modern => return,
                        Verdict::Old(what) => (what.to_string(), None),
                        Verdict::Unrecognized => (
                            "is a security policy rampart does not know, so it cannot tell which TLS versions it accepts".to_string(),
                            Some(Severity::Low),
                        ),
                    };
                    let loc = site(v, cert.loc);
                    sink.report(
                        &META,
                        Report {
                            loc: Some(loc),
                            message: format!(
                                "`{}` sets `minimum_protocol_version = \"{name}\"`, which {what}",
                                inst.address
                            ),
                            provenance: Some(v),
                            fix: Some(format!("set `minimum_protocol_version = \"{RECOMMENDED}\"` (or `TLSv1.3_2025` if every client supports TLS 1.3)")),
                            fixes: vec![Fix::new(
                                "Use a TLS 1.2+ policy",
                                Safety::Safe,
                                vec![Edit::string(loc, RECOMMENDED)],
                            )],
                            severity,
                            ..Report::on(inst)
                        },
                    );
                }
            }
        }
    }
}

/// The protocols CloudFront may use towards a custom origin, oldest first,
/// with what each is.
const OLD_ORIGIN_PROTOCOLS: [(&str, &str); 3] =
    [("SSLv3", "SSLv3"), ("TLSv1", "TLS 1.0"), ("TLSv1.1", "TLS 1.1")];

/// `origin_ssl_protocols` of a custom origin that lets CloudFront connect
/// to the origin with SSLv3, TLS 1.0 or 1.1. One finding per origin, on the
/// first old protocol. Not judged when the origin is reached over plain
/// HTTP only (TLS003 says that).
fn origin_protocols(inst: &Instance, origin: &EvalBlock, config: &EvalBlock, sink: &mut Sink<'_>) {
    let http_only = config
        .body
        .get("origin_protocol_policy")
        .and_then(Value::to_text)
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("http-only"));
    if http_only {
        return;
    }
    let Some(list) = config.body.get("origin_ssl_protocols") else {
        return;
    };
    let items: Vec<&Value> = match &list.kind {
        Kind::List(items) => items.iter().collect(),
        _ => return, // known only after apply
    };
    let texts: Vec<(String, &Value)> = items
        .into_iter()
        .filter_map(|v| Some((v.to_text()?.trim().to_string(), v)))
        .collect();
    let old: Vec<&(String, &Value)> = texts
        .iter()
        .filter(|(t, _)| OLD_ORIGIN_PROTOCOLS.iter().any(|(n, _)| n == t))
        .collect();
    let Some((_, first)) = old.first() else {
        return;
    };
    let names: Vec<&str> = old
        .iter()
        .filter_map(|(t, _)| {
            OLD_ORIGIN_PROTOCOLS
                .iter()
                .find(|(n, _)| n == t)
                .map(|(_, what)| *what)
        })
        .collect();
    let modern = texts.iter().any(|(t, _)| t == "TLSv1.2");
    let sslv3 = old.iter().any(|(t, _)| t == "SSLv3");
    let id = origin
        .body
        .get("origin_id")
        .and_then(Value::to_text)
        .map_or_else(|| "a custom origin".to_string(), |id| format!("origin `{id}`"));
    let (message, severity) = if modern && !sslv3 {
        (
            format!(
                "`{}` lets CloudFront connect to {id} with {}: it uses TLS 1.2 when the origin offers it, so this matters only for an origin that does not",
                inst.address,
                names.join(" and ")
            ),
            Some(Severity::Low),
        )
    } else {
        (
            format!(
                "`{}` lets CloudFront connect to {id} with {}{}",
                inst.address,
                names.join(" and "),
                if modern { "" } else { ", and offers nothing newer" }
            ),
            None,
        )
    };
    sink.report(
        &META,
        Report {
            loc: Some(site(first, site(list, config.loc))),
            message,
            provenance: Some(first),
            fix: Some("set `origin_ssl_protocols = [\"TLSv1.2\"]` and serve TLS 1.2 or newer on the origin".to_string()),
            severity,
            ..Report::on(inst)
        },
    );
}
