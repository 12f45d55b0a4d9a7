# sts:AssumeRole on named roles only.
resource "aws_iam_user_policy" "deploy" {
  name = "deploy"
  user = "deploy"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Resource = [
        "arn:aws:iam::111122223333:role/deploy-staging",
        "arn:aws:iam::444455556666:role/deploy-production",
      ]
    }]
  })
}
