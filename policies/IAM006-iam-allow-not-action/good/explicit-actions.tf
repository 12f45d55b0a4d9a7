# The fix for "everything except X": list what is needed.
resource "aws_iam_policy" "developers" {
  name = "developers"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
        "cloudwatch:GetMetricData",
        "ecs:DescribeServices",
      ]
      Resource = "*"
    }]
  })
}
