# Action wildcards are matched the way IAM matches them: "iam:Pass*"
# includes iam:PassRole.
resource "aws_iam_policy" "batch_submitter" {
  name = "batch-submitter"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["batch:SubmitJob", "iam:Pass*"] # expect: IAM003
      Resource = "*"
    }]
  })
}
