//! TLS006: managed service endpoint allows old tls or plain http.
//!
//! API Gateway custom domain names (REST `aws_api_gateway_domain_name`,
//! HTTP/WebSocket `aws_apigatewayv2_domain_name`) with
//! `security_policy = "TLS_1_0"`, and Elasticsearch/OpenSearch domains whose
//! `domain_endpoint_options` turn off `enforce_https` or choose a TLS policy
//! older than 1.2. Each finding sits on the offending value.
//!
//! Attributes left out are judged by the provider's documented defaults:
//! `enforce_https` defaults to `true` inside `domain_endpoint_options`, so
//! leaving it out is not a finding. The provider documents no default for
//! `tls_security_policy`, for a domain without `domain_endpoint_options`,
//! or for a REST domain's `security_policy` (AWS's own choice, which has
//! changed over time), so those are not reported; the v2 `security_policy`
//! is required.

use super::tls_common::site;
use crate::finding::{Report, Sink};
use rampart_config::Severity;
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS006 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_api_gateway_domain_name" => api_gateway(inst, &inst.body, inst.loc, sink),
            "aws_apigatewayv2_domain_name" => {
                for config in inst.body.nested("domain_name_configuration") {
                    api_gateway(inst, &config.body, config.loc, sink);
                }
            }
            "aws_elasticsearch_domain" | "aws_opensearch_domain" => search_domain(inst, sink),
            _ => {}
        }
    }
}

enum Verdict {
    Modern,
    Old,
    Unrecognized,
}

/// API Gateway security policies: `TLS_1_2` and the enhanced policies named
/// after their oldest TLS version (`SecurityPolicy_TLS13_1_2_…`,
/// `SecurityPolicy_TLS12_…_EDGE`).
fn api_gateway_policy(name: &str) -> Verdict {
    let name = name.trim();
    if name == "TLS_1_0" {
        Verdict::Old
    } else if name == "TLS_1_2"
        || name.starts_with("SecurityPolicy_TLS13_1_2_")
        || name.starts_with("SecurityPolicy_TLS13_1_3_")
        || ((name.starts_with("SecurityPolicy_TLS12_")
            || name.starts_with("SecurityPolicy_TLS13_"))
            && name.ends_with("_EDGE"))
    {
        Verdict::Modern
    } else {
        Verdict::Unrecognized
    }
}

/// OpenSearch/Elasticsearch endpoint policies (`Policy-Min-TLS-1-2-…` and
/// newer families accept TLS 1.2+ only).
fn search_policy(name: &str) -> Verdict {
    let name = name.trim();
    if name.starts_with("Policy-Min-TLS-1-0-") {
        Verdict::Old
    } else if name.starts_with("Policy-Min-TLS-1-2-") || name.starts_with("Policy-Min-TLS-1-3-") {
        Verdict::Modern
    } else {
        Verdict::Unrecognized
    }
}

fn report_policy(
    inst: &Instance,
    value: &Value,
    fallback: Loc,
    key: &str,
    verdict: Verdict,
    fix: &str,
    sink: &mut Sink<'_>,
) {
    let Some(name) = value.to_text() else {
        return;
    };
    let (what, severity) = match verdict {
        Verdict::Modern => return,
        Verdict::Old => ("allows TLS 1.0 and 1.1".to_string(), None),
        Verdict::Unrecognized => (
            "is a policy rampart does not know, so it cannot tell whether it allows TLS older than 1.2"
                .to_string(),
            Some(Severity::Low),
        ),
    };
    sink.report(
        &META,
        Report {
            loc: Some(site(value, fallback)),
            message: format!("`{}` sets `{key} = \"{name}\"`, which {what}", inst.address),
            provenance: Some(value),
            fix: Some(fix.to_string()),
            severity,
            ..Report::on(inst)
        },
    );
}

/// `security_policy` of a REST domain name, or of an HTTP/WebSocket
/// domain name's `domain_name_configuration`.
fn api_gateway(inst: &Instance, body: &EvalBody, fallback: Loc, sink: &mut Sink<'_>) {
    let Some(v) = body.get("security_policy") else {
        return;
    };
    let Some(name) = v.to_text() else {
        return; // known only after apply
    };
    report_policy(
        inst,
        v,
        fallback,
        "security_policy",
        api_gateway_policy(&name),
        "set `security_policy = \"TLS_1_2\"` (or an enhanced `SecurityPolicy_TLS13_1_2_*` policy)",
        sink,
    );
}

fn search_domain(inst: &Instance, sink: &mut Sink<'_>) {
    for opts in inst.body.nested("domain_endpoint_options") {
        if let Some(v) = opts.body.get("enforce_https") {
            if v.as_bool() == Some(false) {
                sink.report(
                    &META,
                    Report {
                        loc: Some(site(v, opts.loc)),
                        message: format!(
                            "`{}` sets `enforce_https = false`: the domain endpoint answers plain HTTP, so queries, documents and credentials can cross the network unencrypted",
                            inst.address
                        ),
                        provenance: Some(v),
                        fix: Some("set `enforce_https = true` and `tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"`".to_string()),
                        ..Report::on(inst)
                    },
                );
            }
        }
        if let Some(v) = opts.body.get("tls_security_policy") {
            let Some(name) = v.to_text() else {
                continue; // known only after apply
            };
            report_policy(
                inst,
                v,
                opts.loc,
                "tls_security_policy",
                search_policy(&name),
                "set `tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"` (or `Policy-Min-TLS-1-2-2019-07`)",
                sink,
            );
        }
    }
}
