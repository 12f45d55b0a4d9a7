# Cross-account trust that names one role of the other account (least
# privilege: that account cannot hand the role to anyone else), the same
# intent with the root and aws:PrincipalArn, an external ID from a variable
# without a value (known only at apply), MFA required with BoolIfExists, and
# a GitHub Actions issuer's role of another account.
variable "external_id" {}

resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/github-ci" }
    }]
  })
}

resource "aws_iam_role" "deployer2" {
  name = "deployer2"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::111122223333:role/github-ci" } }
    }]
  })
}

resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999988887777:root" }
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "true" } }
      }, {
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::123456789012:role/ops" }
    }]
  })
}
