# METADATA
# title: Bucket policy allows requests without TLS
# description: >-
#   Every S3 bucket has a bucket policy, and the policy denies any request
#   made without TLS: a Deny statement for everyone on `s3:*` with the
#   condition `Bool` `aws:SecureTransport` `false`. Without it, a client or
#   an SDK misconfigured to plain HTTP sends data and credentials in clear.
# related_resources:
# - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
#   description: "AWS: enforce encryption of data in transit"
# - https://wiki.example.com/security/storage#tls
# custom:
#   id: ACME002
#   severity: medium
#   fix_hint: >-
#     add a statement `{Sid = "DenyPlainHTTP", Effect = "Deny", Principal = "*",
#     Action = "s3:*", Resource = [bucket ARN, "bucket ARN/*"],
#     Condition = {Bool = {"aws:SecureTransport" = "false"}}}`
package rampart.custom.bucket_tls

import rego.v1

bucket_policies contains p if {
	some p in input.resources
	p.type == "aws_s3_bucket_policy"
}

# Does one of the statements deny everyone every S3 action without TLS?
denies_plain_http(statements) if {
	some st in statements
	st.Effect == "Deny"
	everyone(st.Principal)
	some action in st.Action
	action in {"*", "s3:*"}
	some value in as_list(st.Condition.Bool["aws:SecureTransport"])
	lower(sprintf("%v", [value])) == "false"
}

everyone(principal) if principal == "*"

everyone(principal) if "*" in principal.AWS

as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# A bucket policy whose document is known and has no such statement. A
# document known only after apply (it names `aws_s3_bucket.x.arn`) is not
# judged: write the ARN from the bucket's name to have it checked.
deny contains result if {
	some p in bucket_policies
	statements := rampart.policy_statements(p.values.policy)
	not denies_plain_http(statements)
	result := {
		"msg": sprintf("`%s` does not deny requests made without TLS (`aws:SecureTransport` false)", [p.address]),
		"resource": p.address,
		"attribute": "policy",
	}
}

# What the bucket policies are attached to: "aws_s3_bucket.NAME" when the
# bucket is referenced, or the bucket's name when it is written.
attached contains bucket if {
	some p in bucket_policies
	bucket := p.values.bucket.refers_to
}

attached contains bucket if {
	some p in bucket_policies
	bucket := p.values.bucket
	is_string(bucket)
}

# A policy whose bucket cannot be known (a variable without a value):
# then no bucket is said to lack a policy.
unlinked if {
	some p in bucket_policies
	rampart.is_unknown(p.values.bucket)
	not p.values.bucket.refers_to
}

deny contains result if {
	some b in input.resources
	b.type == "aws_s3_bucket"
	not unlinked
	not sprintf("%s.%s", [b.type, b.name]) in attached
	not b.values.bucket in attached
	result := {
		"msg": sprintf("`%s` has no bucket policy, so nothing denies requests made without TLS", [b.address]),
		"resource": b.address,
	}
}
