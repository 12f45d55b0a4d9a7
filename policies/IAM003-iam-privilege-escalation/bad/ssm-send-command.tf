# ssm:SendCommand on every instance runs commands as root on any managed
# instance, whose instance-profile credentials are then one curl away.
resource "aws_iam_group_policy" "support" {
  name  = "support"
  group = "support"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ssm:SendCommand", "ssm:ListCommands"] # expect: IAM003
      Resource = ["*"]
    }]
  })
}
