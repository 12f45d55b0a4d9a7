# Unit tests of ACME001 (`rampart test` runs every `test_` rule): small
# inputs in the shape of rampart's input document (docs/custom-policies.md).
package rampart.custom.app_port_test

import rego.v1

import data.rampart.custom.app_port

# An unknown value, as rampart writes a resource's computed attribute.
id_of(address) := {"__rampart_unknown__": true, "refers_to": address}

lb := {
	"address": "aws_lb.app", "type": "aws_lb", "name": "app",
	"values": {"security_groups": [id_of("aws_security_group.lb")]},
}

app_group(ingress) := {
	"address": "aws_security_group.app", "type": "aws_security_group", "name": "app",
	"values": {"ingress": [ingress]},
}

test_internet_cidr_is_denied if {
	deny := app_port.deny with input as {"resources": [app_group({"from_port": 8000, "to_port": 8000, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})]}
	deny == {{
		"msg": "`aws_security_group.app` lets the internet (0.0.0.0/0) reach the app port 8000; only the load balancer's security group may",
		"resource": "aws_security_group.app",
		"attribute": "ingress[0].cidr_blocks[0]",
	}}
}

test_private_cidr_is_denied_too if {
	deny := app_port.deny with input as {"resources": [app_group({"from_port": 7000, "to_port": 9000, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/16"]})]}
	some result in deny
	contains(result.msg, "lets 10.0.0.0/16 reach")
}

test_all_traffic_reaches_the_app_port if {
	count(app_port.deny) == 1 with input as {"resources": [app_group({"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["192.168.0.0/16"]})]}
}

test_the_load_balancers_group_is_allowed if {
	count(app_port.deny) == 0 with input as {"resources": [lb, app_group({"from_port": 8000, "to_port": 8000, "protocol": "tcp", "security_groups": [id_of("aws_security_group.lb")]})]}
}

test_another_group_is_denied if {
	deny := app_port.deny with input as {"resources": [lb, app_group({"from_port": 8000, "to_port": 8000, "protocol": "tcp", "security_groups": [id_of("aws_security_group.bastion")]})]}
	some result in deny
	result.attribute == "ingress[0].security_groups[0]"
}

test_a_group_is_not_judged_without_a_load_balancer if {
	count(app_port.deny) == 0 with input as {"resources": [app_group({"from_port": 8000, "to_port": 8000, "protocol": "tcp", "security_groups": [id_of("aws_security_group.bastion")]})]}
}

test_other_ports_are_left_alone if {
	count(app_port.deny) == 0 with input as {"resources": [app_group({"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})]}
}

test_unknown_sources_are_not_guessed if {
	count(app_port.deny) == 0 with input as {"resources": [app_group({"from_port": 8000, "to_port": 8000, "protocol": "tcp", "cidr_blocks": {"__rampart_unknown__": true}})]}
}
