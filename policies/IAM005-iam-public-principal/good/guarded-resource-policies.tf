# Principal "*" that does not make the resource public: an OpenSearch
# domain with fine-grained access control (AWS recommends an open access
# policy then), one in a VPC, and a private API whose Allow is fenced by a
# Deny for callers outside its VPC endpoint.
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}

resource "aws_opensearch_domain_policy" "search" {
  domain_name     = aws_opensearch_domain.search.domain_name
  access_policies = data.aws_iam_policy_document.search.json
}

data "aws_iam_policy_document" "search" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["es:ESHttp*"]
    resources = ["arn:aws:es:eu-west-1:111122223333:domain/search/*"]
  }
}

resource "aws_elasticsearch_domain" "internal" {
  domain_name = "internal"
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/internal/*"
    }]
  })
}

resource "aws_api_gateway_rest_api_policy" "private" {
  rest_api_id = "a1b2c3d4e5"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
      },
    ]
  })
}

# A regional (public) API: letting everyone invoke it is what it is for;
# its methods' authorization decides who may call it.
resource "aws_api_gateway_rest_api" "storefront" {
  name = "storefront"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
    }]
  })
}
