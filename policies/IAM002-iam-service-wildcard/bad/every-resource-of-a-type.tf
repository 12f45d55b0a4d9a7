# "arn:aws:dynamodb:*:*:table/*" names no table: it is every table in every
# region of every account, so the wildcard stays at high severity.
resource "aws_iam_policy" "tables" {
  name = "tables"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:*" # expect: IAM002
      Resource = "arn:aws:dynamodb:*:*:table/*"
    }]
  })
}
