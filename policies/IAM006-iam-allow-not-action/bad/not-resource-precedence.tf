# NotResource in an Allow: every bucket except the payroll one, including
# buckets created later. The statement also has "s3:*", but one statement
# gets one finding, from the most specific rule: IAM006 before IAM002.
resource "aws_iam_role_policy" "analytics" {
  name = "analytics"
  role = "analytics"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Allow"
      Action      = "s3:*"
      NotResource = "arn:aws:s3:::payroll/*" # expect: IAM006
    }]
  })
}
