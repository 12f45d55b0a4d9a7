# METADATA
# title: App port reachable from outside the load balancer
# description: >-
#   The app servers' port 8000 (uvicorn) may take traffic only from the
#   security group of the load balancer in front of them. A CIDR source
#   (the internet, the office, the VPC) or another security group reaches
#   the app around the load balancer's TLS, logging and WAF.
# related_resources:
# - ref: https://wiki.example.com/security/network#app-port
#   description: ACME network standard, section 3 (the app port)
# custom:
#   id: ACME001
#   severity: high
#   fix_hint: >-
#     allow port 8000 only from the load balancer's security group
#     (`security_groups = [aws_security_group.lb.id]`), never from a CIDR
package rampart.custom.app_port

import rego.v1

app_port := 8000

# The security groups the module's load balancers use ("aws_security_group.lb").
lb_groups contains address if {
	some lb in input.resources
	lb.type in {"aws_lb", "aws_alb", "aws_elb"}
	some group in lb.values.security_groups
	rampart.is_unknown(group)
	address := group.refers_to
}

# Does the rule reach the app port? A protocol of "-1" is every port.
reaches_app_port(rule) if rampart.ports_overlap(rule.from_port, rule.to_port, app_port)

reaches_app_port(rule) if {
	some key in ["protocol", "ip_protocol"]
	rule[key] in {"-1", "all", -1}
}

# Every source of every ingress rule, as
# [resource, rule, attribute path, kind, source]; kind is "cidr" or "group".
# (Every value of a rule's head is bound in its body: see "Writing Rego
# for rampart" in docs/custom-policies.md.)
sources contains [r, rule, path, kind, source] if {
	some r in input.resources
	r.type == "aws_security_group"
	some i, rule in r.values.ingress
	some attr, kind in {"cidr_blocks": "cidr", "ipv6_cidr_blocks": "cidr", "security_groups": "group"}
	is_array(rule[attr])
	some j, source in rule[attr]
	path := sprintf("ingress[%d].%s[%d]", [i, attr, j])
}

sources contains [r, r.values, path, "cidr", source] if {
	some r in input.resources
	r.type == "aws_security_group_rule"
	r.values.type == "ingress"
	some attr in ["cidr_blocks", "ipv6_cidr_blocks"]
	is_array(r.values[attr])
	some j, source in r.values[attr]
	path := sprintf("%s[%d]", [attr, j])
}

sources contains [r, r.values, "source_security_group_id", "group", group] if {
	some r in input.resources
	r.type == "aws_security_group_rule"
	r.values.type == "ingress"
	group := r.values.source_security_group_id
}

sources contains [r, r.values, attr, kind, source] if {
	some r in input.resources
	r.type == "aws_vpc_security_group_ingress_rule"
	some attr, kind in {"cidr_ipv4": "cidr", "cidr_ipv6": "cidr", "referenced_security_group_id": "group"}
	source := r.values[attr]
}

# A CIDR, written or computed: never allowed.
deny contains result if {
	some [r, rule, attribute, "cidr", cidr] in sources
	is_string(cidr)
	reaches_app_port(rule)
	result := {
		"msg": sprintf("`%s` lets %s reach the app port %d; only the load balancer's security group may", [r.address, describe(cidr), app_port]),
		"resource": r.address,
		"attribute": attribute,
	}
}

# Another security group: allowed only if a load balancer of this module
# uses it. A group known only by a literal ID, or a module without a load
# balancer, cannot be judged here, so it is not reported.
deny contains result if {
	some [r, rule, attribute, "group", group] in sources
	rampart.is_unknown(group)
	count(lb_groups) > 0
	not group.refers_to in lb_groups
	group.refers_to
	reaches_app_port(rule)
	result := {
		"msg": sprintf("`%s` lets `%s` reach the app port %d; only the load balancer's security group may", [r.address, group.refers_to, app_port]),
		"resource": r.address,
		"attribute": attribute,
	}
}

describe(cidr) := sprintf("the internet (%s)", [cidr]) if rampart.is_internet(cidr)

describe(cidr) := cidr if not rampart.is_internet(cidr)
