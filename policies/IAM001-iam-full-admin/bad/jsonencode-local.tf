# The document is built in a local and used by two inline role policies.
# The finding sits in the locals block, where the "*" is written, once.
locals {
  admin_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*"] # expect: IAM001
      Resource = ["*"]
    }]
  })
}

resource "aws_iam_role_policy" "ops" {
  name   = "ops-admin"
  role   = "ops"
  policy = local.admin_policy
}

resource "aws_iam_role_policy" "oncall" {
  name   = "oncall-admin"
  role   = "oncall"
  policy = local.admin_policy
}
