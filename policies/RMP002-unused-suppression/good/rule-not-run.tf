# Only the RMP rules run here, so a suppression of IAM001 cannot be judged:
# it is not reported.
resource "aws_iam_policy" "ops" {
  name = "ops"
  # rampart:ignore IAM001 reason: break-glass policy (SEC-311)
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
