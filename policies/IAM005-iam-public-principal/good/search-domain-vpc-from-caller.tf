# An OpenSearch module whose VPC options come from the caller through a
# dynamic block known only at apply: the domain may be in a VPC, where its
# open access policy relies on the network, so the missing block is not
# taken for a public domain.
variable "vpc_options" {
  type = any
}

resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  dynamic "vpc_options" {
    for_each = var.vpc_options
    content {
      subnet_ids = vpc_options.value.subnet_ids
    }
  }

  node_to_node_encryption {
    enabled = true
  }

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/search/*"
    }]
  })
}
