# A Condition on an identity statement narrows when it applies, not what
# it grants: a region lock on "*" is still full admin in that region.
# Among several actions, the finding sits on the one that is "*".
resource "aws_iam_policy" "regional_admin" {
  name = "regional-admin"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "s3:GetObject",
        "*", # expect: IAM001
      ]
      Resource = "*"
      Condition = {
        StringEquals = { "aws:RequestedRegion" = "eu-west-1" }
      }
    }]
  })
}
