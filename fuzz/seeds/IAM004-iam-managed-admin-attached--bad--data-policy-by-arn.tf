# The same through a data source looked up by ARN, attached to a group.
data "aws_iam_policy" "admin" {
  arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = "admins"
  policy_arn = data.aws_iam_policy.admin.arn # expect: IAM004
}
