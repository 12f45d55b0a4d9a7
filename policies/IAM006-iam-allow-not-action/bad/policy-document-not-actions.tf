# not_actions in a policy document statement (effect defaults to Allow).
data "aws_iam_policy_document" "power_user" {
  statement {
    not_actions = ["iam:*", "account:*"] # expect: IAM006
    resources   = ["*"]
  }
}

resource "aws_iam_group_policy" "power_users" {
  name   = "power-users"
  group  = "power-users"
  policy = data.aws_iam_policy_document.power_user.json
}
