# An accepted exception: a VPC-only domain reached through a TLS-terminating
# sidecar, suppressed with a reason at the end of the flagged line.
variable "private_subnet_ids" {
  type = list(string)
}

resource "aws_opensearch_domain" "traces" {
  domain_name    = "traces"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  vpc_options {
    subnet_ids = var.private_subnet_ids
  }

  domain_endpoint_options {
    enforce_https       = false # rampart:ignore TLS006 reason: VPC-only, Envoy sidecar terminates TLS (OPS-208)
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
