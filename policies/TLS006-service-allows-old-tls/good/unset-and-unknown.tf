# Attributes left out are judged by the AWS provider's documented defaults.
# Inside `domain_endpoint_options`, `enforce_https` defaults to true, so
# leaving it out passes. The provider documents no default for
# `tls_security_policy` or for a domain without `domain_endpoint_options`
# (AWS chooses, and its choice has changed over time), so rampart does not
# guess: those are not reported. A policy from a variable with no value is
# known only at apply time.
variable "tls_policy" {
  type = string
}

resource "aws_opensearch_domain" "defaults" {
  domain_name    = "defaults"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_opensearch_domain" "https_by_default" {
  domain_name    = "https-by-default"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

resource "aws_opensearch_domain" "from_variable" {
  domain_name    = "from-variable"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.tls_policy
  }
}
