# Search domains whose nodes talk in clear text: an OpenSearch domain
# without `node_to_node_encryption` (the provider's default is disabled;
# the finding sits on the resource) and an Elasticsearch domain that turns
# it off.
resource "aws_opensearch_domain" "logs" { # expect: TLS007
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

resource "aws_elasticsearch_domain" "search" {
  domain_name           = "search"
  elasticsearch_version = "7.10"

  node_to_node_encryption {
    enabled = false # expect: TLS007
  }
}
