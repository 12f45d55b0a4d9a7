//! TLS007: service traffic is not encrypted in transit.
//!
//! Managed data services whose own traffic (clients to nodes, node to node,
//! host to file system) can cross the network in clear text:
//!
//! - `aws_elasticache_replication_group`: `transit_encryption_enabled`
//!   false or left out (the provider sends `false`), or
//!   `transit_encryption_mode = "preferred"` (plain connections accepted);
//!   a member of a global datastore takes the global group's setting and is
//!   not judged;
//! - `aws_elasticache_cluster` running Memcached (the engine that takes the
//!   flag on a cluster): `transit_encryption_enabled` false or left out
//!   (AWS enables TLS only when asked at creation);
//! - `aws_msk_cluster`: `client_broker` `PLAINTEXT` or `TLS_PLAINTEXT`,
//!   `in_cluster = false` (left out, they default to `TLS` and `true`);
//! - `aws_elasticsearch_domain`/`aws_opensearch_domain`:
//!   `node_to_node_encryption` disabled or left out (default disabled);
//! - `aws_ecs_task_definition` EFS volumes: `transit_encryption` other than
//!   `ENABLED`, or left out (default `DISABLED`);
//! - `aws_emr_security_configuration`: `EnableInTransitEncryption: false`
//!   in its JSON `configuration` (only when that value is known);
//! - `aws_dax_cluster`: `cluster_endpoint_encryption_type` `NONE` or left
//!   out (default `NONE`).
//!
//! A value known only after apply is not reported, and neither is a block
//! that a `dynamic` block with an unknown `for_each` may add.

use super::settings::{blocks, setting, Blocks, Setting};
use super::tls_common::site;
use crate::fix::{Edit, Fix, Safety};
use crate::finding::{Report, Sink};
use rampart_terraform::eval::{EvalBody, EvaluatedModule, Instance};
use rampart_terraform::json;
use rampart_terraform::source::{Loc, SourceDb};
use rampart_terraform::value::Value;

pub(crate) use crate::registry::TLS007 as META;

pub(crate) fn check(module: &EvaluatedModule, db: &SourceDb, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_elasticache_replication_group" => replication_group(inst, sink),
            "aws_elasticache_cluster" => cache_cluster(inst, sink),
            "aws_msk_cluster" => msk(inst, sink),
            "aws_elasticsearch_domain" | "aws_opensearch_domain" => node_to_node(inst, sink),
            "aws_ecs_task_definition" => ecs(inst, sink),
            "aws_emr_security_configuration" => emr(inst, db, sink),
            "aws_dax_cluster" => dax(inst, sink),
            _ => {}
        }
    }
}

/// A finding on an attribute left out, at the block that lacks it.
fn left_out(inst: &Instance, at: Loc, message: String, fix: &str, sink: &mut Sink<'_>) {
    sink.report(
        &META,
        Report {
            loc: Some(at),
            message,
            fix: Some(fix.to_string()),
            ..Report::on(inst)
        },
    );
}

/// A finding on a value, at the value (`at` when it has no place of its
/// own), with an unsafe quick fix `(title, replacement)` when the right
/// value is one string.
fn set_to(
    inst: &Instance,
    v: &Value,
    at: Loc,
    message: String,
    fix: &str,
    replace: Option<(&str, &str)>,
    sink: &mut Sink<'_>,
) {
    let loc = site(v, at);
    let fixes = replace
        .map(|(title, text)| {
            vec![Fix::new(
                title,
                Safety::Unsafe,
                vec![Edit::string(loc, text)],
            )]
        })
        .unwrap_or_default();
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            provenance: Some(v),
            fix: Some(fix.to_string()),
            fixes,
            ..Report::on(inst)
        },
    );
}

/// An attribute whose omission means the provider's insecure default.
enum Judged<'v> {
    /// Left out.
    LeftOut,
    /// Set to a value `bad` accepts.
    Bad(&'v Value),
    /// Set to another value, or known only after apply.
    Fine,
}

fn judge<'v>(body: &'v EvalBody, key: &str, bad: impl Fn(&Value) -> bool) -> Judged<'v> {
    match setting(body, key) {
        Setting::Omitted => Judged::LeftOut,
        Setting::Known(v) if bad(v) => Judged::Bad(v),
        Setting::Known(_) | Setting::Unknown => Judged::Fine,
    }
}

fn is_false(v: &Value) -> bool {
    v.as_bool() == Some(false)
}

/// A text value equal to `wanted`, ignoring case and surrounding blanks.
fn text_is(v: &Value, wanted: &str) -> bool {
    v.to_text()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
}

/// Is this attribute set at all (a value, or one known only after apply)?
fn is_set(inst: &Instance, key: &str) -> bool {
    !matches!(setting(&inst.body, key), Setting::Omitted)
}

fn replication_group(inst: &Instance, sink: &mut Sink<'_>) {
    // A secondary of a global datastore takes the global group's settings.
    if is_set(inst, "global_replication_group_id") {
        return;
    }
    let fix = "set `transit_encryption_enabled = true` (with `transit_encryption_mode = \"required\"`) and connect with TLS; before Redis OSS 7.0.5 the change replaces the group";
    match judge(&inst.body, "transit_encryption_enabled", is_false) {
        Judged::LeftOut => left_out(
            inst,
            inst.loc,
            format!(
                "`{}` does not set `transit_encryption_enabled`; the AWS provider's default is false, so clients and replicas reach the nodes in clear text",
                inst.address
            ),
            fix,
            sink,
        ),
        Judged::Bad(v) => set_to(
            inst,
            v,
            inst.loc,
            format!(
                "`{}` sets `transit_encryption_enabled = false`: clients and replicas reach the nodes in clear text",
                inst.address
            ),
            fix,
            None,
            sink,
        ),
        Judged::Fine => {
            let enabled = matches!(
                setting(&inst.body, "transit_encryption_enabled"),
                Setting::Known(v) if v.as_bool() == Some(true)
            );
            if !enabled {
                return;
            }
            if let Setting::Known(mode) = setting(&inst.body, "transit_encryption_mode") {
                if text_is(mode, "preferred") {
                    set_to(
                        inst,
                        mode,
                        inst.loc,
                        format!(
                            "`{}` sets `transit_encryption_mode = \"preferred\"`: the nodes accept unencrypted connections as well as TLS",
                            inst.address
                        ),
                        "set `transit_encryption_mode = \"required\"` once every client connects with TLS",
                        Some(("Require TLS", "required")),
                        sink,
                    );
                }
            }
        }
    }
}

fn cache_cluster(inst: &Instance, sink: &mut Sink<'_>) {
    // A member of a replication group takes the group's setting.
    if is_set(inst, "replication_group_id") {
        return;
    }
    let memcached = inst
        .body
        .get("engine")
        .is_some_and(|e| text_is(e, "memcached"));
    if !memcached {
        return;
    }
    let fix = "set `transit_encryption_enabled = true` (Memcached 1.6.12 or later; set at creation, so the cluster is replaced) and connect with TLS";
    match judge(&inst.body, "transit_encryption_enabled", is_false) {
        Judged::LeftOut => left_out(
            inst,
            inst.loc,
            format!(
                "`{}` is a Memcached cluster that does not set `transit_encryption_enabled`; the default is false (AWS turns TLS on only when asked at creation), so clients reach it in clear text",
                inst.address
            ),
            fix,
            sink,
        ),
        Judged::Bad(v) => set_to(
            inst,
            v,
            inst.loc,
            format!(
                "`{}` sets `transit_encryption_enabled = false`: clients reach the Memcached nodes in clear text",
                inst.address
            ),
            fix,
            None,
            sink,
        ),
        Judged::Fine => {}
    }
}

fn msk(inst: &Instance, sink: &mut Sink<'_>) {
    for info in inst.body.nested("encryption_info") {
        for eit in info.body.nested("encryption_in_transit") {
            if let Setting::Known(v) = setting(&eit.body, "client_broker") {
                let what = match v.to_text().map(|t| t.trim().to_ascii_uppercase()) {
                    Some(t) if t == "PLAINTEXT" => Some("only in plaintext"),
                    Some(t) if t == "TLS_PLAINTEXT" => Some("in plaintext as well as over TLS"),
                    _ => None,
                };
                if let Some(what) = what {
                    set_to(
                        inst,
                        v,
                        eit.loc,
                        format!(
                            "`{}` sets `client_broker = \"{}\"`: the brokers accept clients {what}",
                            inst.address,
                            v.to_text().unwrap_or_default().trim()
                        ),
                        "set `client_broker = \"TLS\"` (the default) and move clients to the TLS bootstrap brokers",
                        Some(("Accept TLS clients only", "TLS")),
                        sink,
                    );
                }
            }
            if let Setting::Known(v) = setting(&eit.body, "in_cluster") {
                if is_false(v) {
                    set_to(
                        inst,
                        v,
                        eit.loc,
                        format!(
                            "`{}` sets `in_cluster = false`: the brokers replicate to each other in plaintext",
                            inst.address
                        ),
                        "set `in_cluster = true` (the default; the change replaces the cluster)",
                        None,
                        sink,
                    );
                }
            }
        }
    }
}

fn node_to_node(inst: &Instance, sink: &mut Sink<'_>) {
    let fix = "add `node_to_node_encryption { enabled = true }` (OpenSearch, or Elasticsearch 6.0 or later)";
    let blocks = match blocks(&inst.body, "node_to_node_encryption") {
        Blocks::Unknown => return, // a dynamic block known only after apply
        Blocks::Absent => Vec::new(),
        Blocks::Present(b) => b,
    };
    if blocks.is_empty() {
        left_out(
            inst,
            inst.loc,
            format!(
                "`{}` does not set `node_to_node_encryption`; the AWS provider's default is disabled, so the nodes exchange index data and queries in clear text",
                inst.address
            ),
            fix,
            sink,
        );
        return;
    }
    for b in blocks {
        if let Setting::Known(v) = setting(&b.body, "enabled") {
            if is_false(v) {
                set_to(
                    inst,
                    v,
                    b.loc,
                    format!(
                        "`{}` disables `node_to_node_encryption`: the nodes exchange index data and queries in clear text",
                        inst.address
                    ),
                    fix,
                    None,
                    sink,
                );
            }
        }
    }
}

fn ecs(inst: &Instance, sink: &mut Sink<'_>) {
    let fix = "set `transit_encryption = \"ENABLED\"` in `efs_volume_configuration`";
    for volume in inst.body.nested("volume") {
        let name = volume
            .body
            .get("name")
            .and_then(Value::to_text)
            .map_or_else(|| "an EFS volume".to_string(), |n| format!("EFS volume `{n}`"));
        for efs in volume.body.nested("efs_volume_configuration") {
            // A value other than text (not valid) is not judged.
            let not_enabled = |v: &Value| v.to_text().is_some() && !text_is(v, "ENABLED");
            match judge(&efs.body, "transit_encryption", not_enabled) {
                Judged::LeftOut => left_out(
                    inst,
                    efs.loc,
                    format!(
                        "`{}` mounts {name} without `transit_encryption`; the default is `DISABLED`, so file data travels between the host and EFS in clear text",
                        inst.address
                    ),
                    fix,
                    sink,
                ),
                Judged::Bad(v) => set_to(
                    inst,
                    v,
                    efs.loc,
                    format!(
                        "`{}` mounts {name} with `transit_encryption = \"{}\"`: file data travels between the host and EFS in clear text",
                        inst.address,
                        v.to_text().unwrap_or_default().trim()
                    ),
                    fix,
                    Some(("Encrypt EFS traffic", "ENABLED")),
                    sink,
                ),
                Judged::Fine => {}
            }
        }
    }
}

fn emr(inst: &Instance, db: &SourceDb, sink: &mut Sink<'_>) {
    let Some(config) = inst.body.get("configuration") else {
        return;
    };
    let Some(Ok(doc)) = json::read(config, db) else {
        return; // not known before apply, or not JSON (EMR refuses it)
    };
    let Some(flag) = doc
        .get("EncryptionConfiguration")
        .and_then(|e| e.get("EnableInTransitEncryption"))
    else {
        return;
    };
    if flag.as_bool() != Some(false) {
        return;
    }
    let at = inst.body.attr_loc("configuration").unwrap_or(inst.loc);
    // The finding sits at the flag inside the JSON; its provenance is the
    // attribute's value (the document as a whole).
    sink.report(
        &META,
        Report {
            loc: Some(flag.site.unwrap_or(at)),
            message: format!(
                "`{}` sets `EnableInTransitEncryption` to false: clusters using it move data between nodes, S3 and clients without TLS",
                inst.address
            ),
            provenance: Some(config),
            fix: Some("set `\"EnableInTransitEncryption\": true` with a `TLSCertificateConfiguration` under `InTransitEncryptionConfiguration`".to_string()),
            ..Report::on(inst)
        },
    );
}

fn dax(inst: &Instance, sink: &mut Sink<'_>) {
    let fix = "set `cluster_endpoint_encryption_type = \"TLS\"` (the cluster is replaced) and connect with TLS";
    match judge(&inst.body, "cluster_endpoint_encryption_type", |v| {
        text_is(v, "NONE")
    }) {
        Judged::LeftOut => left_out(
            inst,
            inst.loc,
            format!(
                "`{}` does not set `cluster_endpoint_encryption_type`; the default is `NONE`, so clients reach the DAX endpoint in clear text",
                inst.address
            ),
            fix,
            sink,
        ),
        Judged::Bad(v) => set_to(
            inst,
            v,
            inst.loc,
            format!(
                "`{}` sets `cluster_endpoint_encryption_type = \"NONE\"`: clients reach the DAX endpoint in clear text",
                inst.address
            ),
            fix,
            Some(("Encrypt the endpoint", "TLS")),
            sink,
        ),
        Judged::Fine => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;

    fn tls007(src: &str) -> Vec<usize> {
        check_source(src)
            .into_iter()
            .filter(|f| f.code == "TLS007")
            .map(|f| f.loc.span.start())
            .collect()
    }

    #[test]
    fn omitted_and_explicit() {
        assert_eq!(
            tls007(r#"resource "aws_elasticache_replication_group" "a" { replication_group_id = "a" }"#).len(),
            1
        );
        assert!(tls007(
            r#"resource "aws_elasticache_replication_group" "a" { transit_encryption_enabled = true }"#
        )
        .is_empty());
        assert!(tls007(
            r#"resource "aws_elasticache_replication_group" "a" { global_replication_group_id = "g" }"#
        )
        .is_empty());
        assert!(tls007(
            r#"resource "aws_elasticache_cluster" "redis" { engine = "redis" }"#
        )
        .is_empty());
        assert_eq!(
            tls007(r#"resource "aws_elasticache_cluster" "mc" { engine = "memcached" }"#).len(),
            1
        );
        assert!(tls007(r#"resource "aws_msk_cluster" "k" {}"#).is_empty());
        assert_eq!(tls007(r#"resource "aws_dax_cluster" "d" {}"#).len(), 1);
    }

    #[test]
    fn a_dynamic_block_known_only_after_apply_is_not_read_as_left_out() {
        let src = r#"
variable "n2n" {}
resource "aws_opensearch_domain" "d" {
  domain_name = "d"
  dynamic "node_to_node_encryption" {
    for_each = var.n2n
    content {
      enabled = true
    }
  }
}
"#;
        assert!(tls007(src).is_empty());
        assert_eq!(
            tls007(r#"resource "aws_opensearch_domain" "d" { domain_name = "d" }"#).len(),
            1
        );
    }
}
