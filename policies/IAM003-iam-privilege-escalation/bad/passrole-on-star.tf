# iam:PassRole on "*": whoever holds this can hand any role in the
# account, an admin role included, to EC2, Lambda or CloudFormation and
# act with it.
resource "aws_iam_role_policy" "ci_deployer" {
  name = "ci-deployer"
  role = "ci-deployer"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DeployFunctions"
        Effect   = "Allow"
        Action   = ["lambda:CreateFunction", "lambda:UpdateFunctionConfiguration"]
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:orders-*"
      },
      {
        Sid      = "PassExecutionRole"
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: IAM003
        Resource = "*"
      },
    ]
  })
}
