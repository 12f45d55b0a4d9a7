# The deploy role, trusted by the CI account and, "temporarily", by the
# contractor's account.
resource "aws_iam_role" "deploy" {
  name = "fastapi-deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          AWS = [
            "arn:aws:iam::111122223333:role/github-runner",
            "arn:aws:iam::444455556666:root", # expect: ACME003
          ]
        }
      },
    ]
  })
}
