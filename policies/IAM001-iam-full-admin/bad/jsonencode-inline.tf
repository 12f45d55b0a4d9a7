# The classic "temporary" admin policy, written inline with jsonencode.
# The finding sits on the "*" action.
resource "aws_iam_policy" "deployer" {
  name        = "deployer"
  description = "CI deployer"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Everything"
        Effect   = "Allow"
        Action   = "*" # expect: IAM001
        Resource = "*"
      },
    ]
  })
}
