# Attributes left out are AWS's defaults, which have changed over time:
# rampart reports what is written, not a guess. A policy from a variable
# with no value is known only at apply time.
variable "tls_policy" {
  type = string
}

resource "aws_opensearch_domain" "defaults" {
  domain_name    = "defaults"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "from_variable" {
  domain_name    = "from-variable"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.tls_policy
  }
}
