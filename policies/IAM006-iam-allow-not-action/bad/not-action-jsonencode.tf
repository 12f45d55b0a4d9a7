# "Everything except IAM": NotAction in an Allow grants every other action
# of every service, including services AWS launches next year.
resource "aws_iam_policy" "developers" {
  name = "developers"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"] # expect: IAM006
      Resource  = "*"
    }]
  })
}
