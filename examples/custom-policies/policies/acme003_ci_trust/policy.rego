# METADATA
# title: Role assumable from outside the CI account
# description: >-
#   ACME's roles are assumed by people through SSO and by deployments from
#   the CI account (111122223333) only. A trust policy that lets another
#   AWS account, or anyone, assume a role opens the account to whoever
#   controls that principal. AWS services (`Service` principals) and web
#   identities (`Federated`) are out of this policy's scope.
# related_resources:
# - ref: https://wiki.example.com/security/iam#ci-account
#   description: ACME IAM standard, section 2 (the CI account)
# custom:
#   id: ACME003
#   severity: high
#   fix_hint: >-
#     trust only the CI account: `Principal = { AWS = "arn:aws:iam::111122223333:root" }`
#     or a role in it; give other accounts their own role there
package rampart.custom.ci_trust

import rego.v1

ci_account := "111122223333"

# An AWS principal of the CI account: its account ID, or an ARN in it.
from_ci(principal) if principal == ci_account

from_ci(principal) if split(principal, ":")[4] == ci_account

# The statements as written (a single statement object is a list of one),
# to name a principal by its path in the source: `Statement` and `AWS`
# may each be a list or a single value there.
written(document) := d.Statement if {
	d := json.unmarshal(document)
	is_array(d.Statement)
}

written(document) := [d.Statement] if {
	d := json.unmarshal(document)
	is_object(d.Statement)
}

statement_path(document, i) := sprintf("assume_role_policy.Statement[%d]", [i]) if {
	is_array(json.unmarshal(document).Statement)
}

statement_path(document, _) := "assume_role_policy.Statement" if {
	is_object(json.unmarshal(document).Statement)
}

aws_path(document, i, j) := sprintf("%s.Principal.AWS[%d]", [statement_path(document, i), j]) if {
	is_array(written(document)[i].Principal.AWS)
}

aws_path(document, i, _) := sprintf("%s.Principal.AWS", [statement_path(document, i)]) if {
	not is_array(written(document)[i].Principal.AWS)
}

trusts contains [r, i, st] if {
	some r in input.resources
	r.type == "aws_iam_role"
	some i, st in rampart.policy_statements(r.values.assume_role_policy)
	st.Effect == "Allow"
}

deny contains result if {
	some [r, i, st] in trusts
	some j, principal in st.Principal.AWS
	is_string(principal)
	not from_ci(principal)
	result := {
		"msg": sprintf("`%s` can be assumed by %s, outside the CI account %s", [r.address, who(principal), ci_account]),
		"resource": r.address,
		"attribute": aws_path(r.values.assume_role_policy, i, j),
	}
}

deny contains result if {
	some [r, i, st] in trusts
	st.Principal == "*"
	result := {
		"msg": sprintf("`%s` can be assumed by anyone (`Principal = \"*\"`), not only the CI account %s", [r.address, ci_account]),
		"resource": r.address,
		"attribute": sprintf("%s.Principal", [statement_path(r.values.assume_role_policy, i)]),
	}
}

who(principal) := "anyone (`*`)" if principal == "*"

who(principal) := sprintf("`%s`", [principal]) if principal != "*"
