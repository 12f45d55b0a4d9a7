# "*" on everything but one bucket is not IAM001 (Resource is not "*"),
# but it is NotResource in an Allow: IAM006.
resource "aws_iam_user_policy" "almost_admin" {
  name = "almost-admin"
  user = "ops"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Allow"
      Action      = "*"
      NotResource = ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"] # expect: IAM006
    }]
  })
}
