# An exception the security team accepted: the auditors' account may read
# through this role until the audit ends. The suppression hides the
# finding (and rampart reports it again once it expires).
resource "aws_iam_role" "audit" {
  name = "external-audit"

  # rampart:ignore ACME003 reason: external audit, ticket SEC-311 expires: 2999-12-31
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::777766665555:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "acme-audit-2024" } }
    }]
  })
}
