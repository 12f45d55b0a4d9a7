# Updating any function's code runs the attacker's code with that
# function's role. The statement sits in a local used by several
# instances: one finding, in the locals block.
locals {
  hotfix_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:UpdateFunctionCode" # expect: IAM003
      Resource = "*"
    }]
  })
}

resource "aws_iam_user_policy" "hotfix" {
  for_each = toset(["alice", "bob"])

  name   = "hotfix-${each.key}"
  user   = each.key
  policy = local.hotfix_policy
}
