# The managed policy looked up by name with a data source; its arn is only
# known after apply, but the name says what it is.
data "aws_iam_policy" "iam_full" {
  name = "IAMFullAccess"
}

resource "aws_iam_user_policy_attachment" "helpdesk" {
  user       = "helpdesk"
  policy_arn = data.aws_iam_policy.iam_full.arn # expect: IAM004
}
