//! NET004: the VPC's default security group is given rules.
//!
//! `aws_default_security_group` adopts the group AWS creates with every
//! VPC and replaces its rules with the ones written: any `ingress` or
//! `egress` rule is a finding (none at all is the fix). Rules added to it
//! by rule resources (`aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule`/`_egress_rule`) whose
//! `security_group_id` is the default group's (`aws_default_security_group.x.id`
//! or `aws_vpc.x.default_security_group_id`) are findings too.

use crate::finding::{Report, Sink};
use crate::network::local_ref;
use rampart_terraform::eval::{EvaluatedModule, Instance};
use rampart_terraform::source::Loc;
use rampart_terraform::value::{Kind, Value};

pub(crate) use crate::registry::NET004 as META;

const FIX: &str = "remove every `ingress` and `egress` rule from the default security group (an `aws_default_security_group` with none makes it deny all traffic), and give each resource a security group of its own with only the rules it needs";

pub(crate) fn check(module: &EvaluatedModule, sink: &mut Sink<'_>) {
    for inst in &module.resources {
        match inst.rtype.as_str() {
            "aws_default_security_group" => default_group(inst, sink),
            "aws_security_group_rule"
            | "aws_vpc_security_group_ingress_rule"
            | "aws_vpc_security_group_egress_rule" => rule_resource(inst, sink),
            _ => {}
        }
    }
}

/// The inline rules of the default group: where the first one sits, and
/// how many of each direction there are. `None` when there is none, or
/// when a rule list is known only after apply.
fn inline_rules(inst: &Instance) -> Option<(Loc, usize, usize)> {
    let mut first: Option<Loc> = None;
    let mut counts = [0usize; 2];
    for (i, ident) in ["ingress", "egress"].into_iter().enumerate() {
        if let Some(v) = inst.body.get(ident) {
            if v.has_unknown() && !matches!(v.kind, Kind::List(_)) {
                return None;
            }
        }
        let blocks = inst.body.nested(ident);
        counts[i] = blocks.len();
        for b in blocks {
            first = Some(first.map_or(b.loc, |f| f.min(b.loc)));
        }
    }
    let first = first?;
    Some((first, counts[0], counts[1]))
}

fn default_group(inst: &Instance, sink: &mut Sink<'_>) {
    let Some((loc, ingress, egress)) = inline_rules(inst) else {
        return;
    };
    let what = match (ingress, egress) {
        (i, 0) => plural(i, "ingress rule"),
        (0, e) => plural(e, "egress rule"),
        (i, e) => format!("{} and {}", plural(i, "ingress rule"), plural(e, "egress rule")),
    };
    sink.report(
        &META,
        Report {
            loc: Some(loc),
            message: format!(
                "`{}` gives the VPC's default security group {what}; the default group should allow no traffic, since AWS puts every resource launched without a security group in it",
                inst.address
            ),
            fix: Some(FIX.to_string()),
            ..Report::on(inst)
        },
    );
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The default security group a rule resource's `security_group_id`
/// names, as written: `aws_default_security_group.x` or `aws_vpc.x`
/// (whose only security group is its default one).
fn default_group_of(v: &Value) -> Option<&str> {
    let target = local_ref(v)?;
    (target.starts_with("aws_default_security_group.") || target.starts_with("aws_vpc."))
        .then_some(target)
}

fn rule_resource(inst: &Instance, sink: &mut Sink<'_>) {
    let Some(v) = inst.body.get("security_group_id") else {
        return;
    };
    let Some(target) = default_group_of(v) else {
        return;
    };
    let group = if target.starts_with("aws_vpc.") {
        format!("the default security group of `{target}`")
    } else {
        format!("the VPC's default security group (`{target}`)")
    };
    sink.report(
        &META,
        Report {
            loc: Some(v.site.or_else(|| inst.body.attr_loc("security_group_id")).unwrap_or(inst.loc)),
            message: format!(
                "`{}` adds a rule to {group}; the default group should allow no traffic, since AWS puts every resource launched without a security group in it",
                inst.address
            ),
            provenance: Some(v),
            fix: Some(
                "attach this rule to a security group made for the resource that needs it, not to the VPC's default group".to_string(),
            ),
            ..Report::on(inst)
        },
    );
}
