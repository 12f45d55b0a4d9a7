# The usual fix: a customer-managed policy with what the role needs,
# attached by reference (its ARN is known only after apply).
resource "aws_iam_policy" "etl" {
  name = "etl"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["glue:StartJobRun", "glue:GetJobRun"]
      Resource = "arn:aws:glue:eu-west-1:111122223333:job/nightly-etl"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "etl" {
  role       = "etl"
  policy_arn = aws_iam_policy.etl.arn
}
