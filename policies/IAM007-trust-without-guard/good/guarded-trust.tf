# Cross-account trust with an external ID, with MFA, with the principals
# named by aws:PrincipalArn; the caller's own account; a service; and an
# account known only after apply.
data "aws_caller_identity" "current" {}

variable "tooling_account_id" {
  type = string
}

resource "aws_iam_role" "guarded" {
  name = "guarded"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Condition = { StringEquals = { "sts:ExternalId" = "vendor-audit-7f3a" } }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::777788889999:root" }
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::555566667777:root" }
        Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::555566667777:role/ci-*" } }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "ec2.amazonaws.com" }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${var.tooling_account_id}:root" }
      },
    ]
  })
}
