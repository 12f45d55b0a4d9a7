# Resource policies read since the coverage work: EFS, a KMS key policy
# resource and an OpenSearch domain without a VPC or fine-grained access
# control.
resource "aws_efs_file_system_policy" "shared" {
  file_system_id = "fs-0123456789abcdef0"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: IAM005
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key_policy" "backup" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*" # expect: IAM005
      Action    = "kms:Decrypt"
      Resource  = "*"
    }]
  })
}

resource "aws_opensearch_domain" "logs" {
  domain_name = "logs"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: IAM005
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/logs/*"
    }]
  })
}

# A private API that every VPC endpoint, in any account, may invoke.
resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_rest_api_policy" "internal" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*" # expect: IAM005
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
    }]
  })
}
