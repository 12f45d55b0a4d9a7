# What a deployer usually needs: named actions on named resources.
resource "aws_iam_policy" "deployer" {
  name = "deployer"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UploadArtifacts"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = "arn:aws:s3:::build-artifacts/*"
      },
      {
        Sid      = "RollOutService"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService", "ecs:DescribeServices"]
        Resource = "arn:aws:ecs:eu-west-1:111122223333:service/prod/api"
      },
    ]
  })
}
