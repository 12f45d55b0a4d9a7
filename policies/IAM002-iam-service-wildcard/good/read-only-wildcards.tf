# Wildcards inside an action name ("s3:Get*", "s3:List*") are a readable
# family of actions, not a whole service.
resource "aws_iam_role_policy" "reporting" {
  name = "reporting"
  role = "reporting"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["s3:Get*", "s3:List*"]
      Resource = [
        "arn:aws:s3:::reports",
        "arn:aws:s3:::reports/*",
      ]
    }]
  })
}
