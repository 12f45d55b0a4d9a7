# An OpenSearch domain that answers plain HTTP and accepts TLS 1.0 on its
# HTTPS endpoint: two findings, one per value.
resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  cluster_config {
    instance_type  = "r6g.large.search"
    instance_count = 2
  }

  domain_endpoint_options {
    enforce_https       = false                        # expect: TLS006
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # expect: TLS006
  }
}
