# count = 3 still gives one finding.
resource "aws_iam_user_policy" "analyst" {
  count = 3

  name = "analyst-${count.index}"
  user = "analyst-${count.index}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["athena:*"] # expect: IAM002
      Resource = "arn:aws:athena:eu-west-1:111122223333:workgroup/analysts"
    }]
  })
}
