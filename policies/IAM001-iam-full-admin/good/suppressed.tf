# A break-glass role that is meant to be admin, accepted with a reason.
resource "aws_iam_role_policy" "break_glass" {
  name = "break-glass"
  role = "break-glass"

  # rampart:ignore IAM001 reason: break-glass role, MFA-only trust, alarmed (SEC-311)
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
