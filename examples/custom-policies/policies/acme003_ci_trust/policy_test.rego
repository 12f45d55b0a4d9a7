# Unit tests of ACME003: trust policies in the forms IAM accepts.
package rampart.custom.ci_trust_test

import rego.v1

import data.rampart.custom.ci_trust

role(trust) := {"resources": [{
	"address": "aws_iam_role.deploy", "type": "aws_iam_role", "name": "deploy",
	"values": {"assume_role_policy": json.marshal(trust)},
}]}

assume(principal) := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}]}

test_the_ci_account_may_assume if {
	count(ci_trust.deny) == 0 with input as role(assume({"AWS": "arn:aws:iam::111122223333:root"}))
}

test_a_role_in_the_ci_account_may_assume if {
	count(ci_trust.deny) == 0 with input as role(assume({"AWS": ["arn:aws:iam::111122223333:role/github-runner", "111122223333"]}))
}

test_services_are_out_of_scope if {
	count(ci_trust.deny) == 0 with input as role(assume({"Service": "ec2.amazonaws.com"}))
}

test_another_account_is_reported_at_its_element if {
	ci_trust.deny == {{
		"msg": "`aws_iam_role.deploy` can be assumed by `arn:aws:iam::444455556666:root`, outside the CI account 111122223333",
		"resource": "aws_iam_role.deploy",
		"attribute": "assume_role_policy.Statement[0].Principal.AWS[1]",
	}} with input as role(assume({"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]}))
}

test_a_single_statement_and_principal_are_named_as_written if {
	trust := {"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}}
	some result in ci_trust.deny with input as role(trust)
	result.attribute == "assume_role_policy.Statement.Principal.AWS"
	contains(result.msg, "anyone")
}

test_principal_star_is_reported if {
	some result in ci_trust.deny with input as role(assume("*"))
	result.attribute == "assume_role_policy.Statement[0].Principal"
}

test_deny_statements_are_not_trust if {
	trust := {"Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]}
	count(ci_trust.deny) == 0 with input as role(trust)
}
