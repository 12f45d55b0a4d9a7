# The older aws_elasticsearch_domain resource with the TLS 1.0 policy.
resource "aws_elasticsearch_domain" "search" {
  domain_name           = "search"
  elasticsearch_version = "7.10"

  node_to_node_encryption {
    enabled = true
  }

  cluster_config {
    instance_type = "m6g.large.elasticsearch"
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # expect: TLS006
  }
}
