# Unit tests of ACME002: bucket policies as `rampart.policy_statements`
# reads them, whatever form they are written in.
package rampart.custom.bucket_tls_test

import rego.v1

import data.rampart.custom.bucket_tls

bucket := {"address": "aws_s3_bucket.logs", "type": "aws_s3_bucket", "name": "logs", "values": {"bucket": "acme-logs"}}

policy(document) := {
	"address": "aws_s3_bucket_policy.logs", "type": "aws_s3_bucket_policy", "name": "logs",
	"values": {"bucket": {"__rampart_unknown__": true, "refers_to": "aws_s3_bucket.logs"}, "policy": json.marshal(document)},
}

deny_plain_http := {
	"Effect": "Deny", "Principal": "*", "Action": "s3:*",
	"Resource": ["arn:aws:s3:::acme-logs", "arn:aws:s3:::acme-logs/*"],
	"Condition": {"Bool": {"aws:SecureTransport": "false"}},
}

read_logs := {
	"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/analytics"},
	"Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-logs/*",
}

test_a_policy_that_denies_plain_http_passes if {
	count(bucket_tls.deny) == 0 with input as {"resources": [bucket, policy({"Statement": [read_logs, deny_plain_http]})]}
}

test_a_single_statement_object_and_a_boolean_condition_pass if {
	statement := object.union(deny_plain_http, {"Principal": {"AWS": "*"}, "Action": ["*"], "Condition": {"Bool": {"aws:SecureTransport": false}}})
	count(bucket_tls.deny) == 0 with input as {"resources": [bucket, policy({"Statement": statement})]}
}

test_a_policy_without_the_deny_is_reported if {
	bucket_tls.deny == {{
		"msg": "`aws_s3_bucket_policy.logs` does not deny requests made without TLS (`aws:SecureTransport` false)",
		"resource": "aws_s3_bucket_policy.logs",
		"attribute": "policy",
	}} with input as {"resources": [bucket, policy({"Statement": [read_logs]})]}
}

test_a_deny_for_one_principal_is_not_enough if {
	statement := object.union(deny_plain_http, {"Principal": {"AWS": "arn:aws:iam::111122223333:root"}})
	count(bucket_tls.deny) == 1 with input as {"resources": [bucket, policy({"Statement": [statement]})]}
}

test_a_bucket_without_a_policy_is_reported if {
	some result in bucket_tls.deny with input as {"resources": [bucket]}
	result.resource == "aws_s3_bucket.logs"
}

test_a_policy_known_only_after_apply_is_not_judged if {
	unknown := object.union(policy({}), {"values": {"policy": {"__rampart_unknown__": true}}})
	count(bucket_tls.deny) == 0 with input as {"resources": [bucket, unknown]}
}
