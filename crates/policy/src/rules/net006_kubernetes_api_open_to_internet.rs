//! NET006: a managed Kubernetes API server reachable from the internet.
//!
//! - `aws_eks_cluster`: a public endpoint (`endpoint_public_access`,
//!   default true) whose `public_access_cidrs` (EKS's default:
//!   `0.0.0.0/0`) hold the internet;
//! - `google_container_cluster`: an IP endpoint that is public (no
//!   `private_cluster_config.enable_private_endpoint = true`) with no
//!   `master_authorized_networks_config`, or with the internet among its
//!   `cidr_blocks`;
//! - `azurerm_kubernetes_cluster`: not a private cluster, and no authorized
//!   IP ranges (`api_server_access_profile.authorized_ip_ranges`, or the
//!   older `api_server_authorized_ip_ranges`), or the internet among them.
//!
//! A `dynamic` block whose count is not known, and any value known only
//! after apply, is not reported.

use super::settings::{blocks, flag, Blocks};
use crate::network::internet_cidrs;
use super::tls_common::site;
use crate::finding::{Report, Sink};
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};

pub(crate) use crate::registry::NET006 as META;

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_eks_cluster" => eks(inst, sink),
            "google_container_cluster" => gke(inst, sink),
            "azurerm_kubernetes_cluster" => aks(inst, sink),
            _ => {}
        }
    }
}

fn report(
    sink: &mut Sink<'_>,
    inst: &Instance,
    loc: Loc,
    message: String,
    provenance: Option<&Value>,
    fix: &str,
) {
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message,
            provenance,
            fix: Some(fix.to_string()),
            ..Report::on(inst)
        },
    );
}

const EKS_FIX: &str = "set `endpoint_public_access = false` (with `endpoint_private_access = true`) and reach the API from inside the VPC, or list only your own ranges in `public_access_cidrs`";

fn eks(inst: &Instance, sink: &mut Sink<'_>) {
    let Blocks::Present(configs) = blocks(&inst.body, "vpc_config") else {
        return; // required; a dynamic block rampart cannot count
    };
    for vpc in configs {
        if flag(&vpc.body, "endpoint_public_access", true) != Some(true) {
            continue; // private, or known only after apply
        }
        let how = if vpc.body.get("endpoint_public_access").is_some_and(|v| !v.is_null()) {
            "has a public endpoint (`endpoint_public_access = true`)".to_string()
        } else {
            "has a public endpoint (`endpoint_public_access` is not set; the provider's default is true)".to_string()
        };
        match vpc.body.get("public_access_cidrs") {
            None => report(
                sink,
                inst,
                vpc.loc,
                format!(
                    "`{}` {how}, and `public_access_cidrs` is not set; EKS's default is 0.0.0.0/0: the Kubernetes API server accepts connections from anywhere on the internet",
                    inst.address
                ),
                None,
                EKS_FIX,
            ),
            Some(v) if v.is_null() => report(
                sink,
                inst,
                site(v, vpc.loc),
                format!(
                    "`{}` {how}, and `public_access_cidrs` is null; EKS's default is 0.0.0.0/0: the Kubernetes API server accepts connections from anywhere on the internet",
                    inst.address
                ),
                Some(v),
                EKS_FIX,
            ),
            Some(v) => {
                for (net, value, loc) in internet_cidrs(v, vpc.loc) {
                    report(
                        sink,
                        inst,
                        loc,
                        format!(
                            "`{}` {how} open to {net} in `public_access_cidrs`: the Kubernetes API server accepts connections from the internet",
                            inst.address
                        ),
                        Some(value),
                        EKS_FIX,
                    );
                }
            }
        }
    }
}

const GKE_FIX: &str = "add a `master_authorized_networks_config` block listing only your own ranges in `cidr_blocks`, or make the endpoint private (`private_cluster_config { enable_private_endpoint = true }`)";

fn gke(inst: &Instance, sink: &mut Sink<'_>) {
    // No public IP endpoint: a private endpoint only, or IP endpoints off.
    match blocks(&inst.body, "private_cluster_config") {
        Blocks::Unknown => return,
        Blocks::Absent => {}
        Blocks::Present(pcc) => {
            for p in &pcc {
                match flag(&p.body, "enable_private_endpoint", false) {
                    Some(false) => {}
                    _ => return, // private, or known only after apply
                }
            }
        }
    }
    match blocks(&inst.body, "control_plane_endpoints_config") {
        Blocks::Unknown => return,
        Blocks::Absent => {}
        Blocks::Present(cpec) => {
            for c in &cpec {
                match blocks(&c.body, "ip_endpoints_config") {
                    Blocks::Unknown => return,
                    Blocks::Absent => {}
                    Blocks::Present(ips) => {
                        for ip in &ips {
                            match flag(&ip.body, "enabled", true) {
                                Some(true) => {}
                                _ => return, // no IP endpoint, or not known
                            }
                        }
                    }
                }
            }
        }
    }
    match blocks(&inst.body, "master_authorized_networks_config") {
        Blocks::Unknown => {}
        Blocks::Absent => report(
            sink,
            inst,
            inst.loc,
            format!(
                "`{}` has no `master_authorized_networks_config` block and its endpoint is public (no `private_cluster_config.enable_private_endpoint = true`): the control plane accepts connections from any IP address on the internet",
                inst.address
            ),
            None,
            GKE_FIX,
        ),
        Blocks::Present(mancs) => {
            for manc in &mancs {
                for cidr in manc.body.nested("cidr_blocks") {
                    let Some(v) = cidr.body.get("cidr_block") else {
                        continue;
                    };
                    for (net, value, loc) in internet_cidrs(v, cidr.loc) {
                        report(
                            sink,
                            inst,
                            loc,
                            format!(
                                "`{}` authorizes {net} to reach the control plane's public endpoint: that is the internet",
                                inst.address
                            ),
                            Some(value),
                            GKE_FIX,
                        );
                    }
                }
            }
        }
    }
}

const AKS_FIX: &str = "list only your own ranges in `api_server_access_profile { authorized_ip_ranges = [...] }`, or set `private_cluster_enabled = true`";

fn aks(inst: &Instance, sink: &mut Sink<'_>) {
    if flag(&inst.body, "private_cluster_enabled", false) != Some(false) {
        return; // a private cluster, or known only after apply
    }
    // Every place authorized ranges can be written: the older attribute and
    // the access profile's.
    let mut lists: Vec<&Value> = Vec::new();
    let older = inst.body.get("api_server_authorized_ip_ranges");
    lists.extend(older);
    let profiles = match blocks(&inst.body, "api_server_access_profile") {
        Blocks::Unknown => return,
        Blocks::Absent => Vec::new(),
        Blocks::Present(p) => p,
    };
    for p in &profiles {
        lists.extend(p.body.get("authorized_ip_ranges"));
    }
    let mut any_range = false;
    // Where a finding about "no ranges" sits: an empty list, else the
    // access profile, else the resource.
    let mut empty: Option<&Value> = None;
    for v in &lists {
        match &v.kind {
            Kind::Null => {}
            Kind::List(items) if items.is_empty() => empty = empty.or(Some(*v)),
            Kind::List(_) | Kind::String(_) => {
                any_range = true;
                for (net, value, loc) in internet_cidrs(v, inst.loc) {
                    report(
                        sink,
                        inst,
                        loc,
                        format!(
                            "`{}` authorizes {net} to reach the API server: that is the internet",
                            inst.address
                        ),
                        Some(value),
                        AKS_FIX,
                    );
                }
            }
            _ => return, // known only after apply
        }
    }
    if any_range {
        return;
    }
    let how = if inst.body.get("private_cluster_enabled").is_some_and(|v| !v.is_null()) {
        "`private_cluster_enabled = false`"
    } else {
        "`private_cluster_enabled` is not set (the provider's default is false)"
    };
    let what = if empty.is_some() {
        "sets an empty list of authorized IP ranges for its API server"
    } else {
        "sets no authorized IP ranges for its API server (`api_server_access_profile.authorized_ip_ranges`)"
    };
    let loc = match (empty, profiles.first()) {
        (Some(v), _) => site(v, inst.loc),
        (None, Some(p)) => p.loc,
        (None, None) => inst.loc,
    };
    report(
        sink,
        inst,
        loc,
        format!(
            "`{}` {what} and {how}: the Kubernetes API server accepts connections from any IP address on the internet",
            inst.address
        ),
        empty,
        AKS_FIX,
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::tls_common::check_source;

    fn net006_lines(text: &str) -> usize {
        check_source(text)
            .iter()
            .filter(|f| f.code == "NET006")
            .count()
    }

    #[test]
    fn a_dynamic_block_known_only_after_apply_is_not_an_absent_block() {
        // Its `for_each` may well produce the block: not reported.
        let text = r#"
variable "networks" {}
resource "google_container_cluster" "a" {
  name = "a"
  dynamic "master_authorized_networks_config" {
    for_each = var.networks
    content {}
  }
}
resource "azurerm_kubernetes_cluster" "b" {
  name = "b"
  dynamic "api_server_access_profile" {
    for_each = var.networks
    content {}
  }
}
"#;
        assert_eq!(net006_lines(text), 0);
    }

    #[test]
    fn a_dynamic_block_known_to_be_empty_is_absent() {
        // As Terraform has it: no block, so no authorized networks.
        let text = r#"
resource "google_container_cluster" "a" {
  name = "a"
  dynamic "master_authorized_networks_config" {
    for_each = []
    content {}
  }
}
resource "azurerm_kubernetes_cluster" "b" {
  name = "b"
  dynamic "api_server_access_profile" {
    for_each = []
    content {}
  }
}
"#;
        assert_eq!(net006_lines(text), 2);
    }

    #[test]
    fn null_cidrs_mean_the_default() {
        let text = r#"
resource "aws_eks_cluster" "a" {
  name = "a"
  vpc_config {
    endpoint_public_access = null
    public_access_cidrs    = null
  }
}
"#;
        assert_eq!(net006_lines(text), 1);
    }

    #[test]
    fn a_private_gke_endpoint_is_not_reported_whatever_the_networks() {
        let text = r#"
resource "google_container_cluster" "a" {
  name = "a"
  private_cluster_config {
    enable_private_endpoint = true
  }
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "0.0.0.0/0"
    }
  }
}
"#;
        assert_eq!(net006_lines(text), 0);
    }
}
