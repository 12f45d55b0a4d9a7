# sts:AssumeRole on "*" lets the holder assume every role whose trust
# policy trusts this account, in a policy document data source.
data "aws_iam_policy_document" "jump" {
  statement {
    actions   = ["sts:AssumeRole"] # expect: IAM003
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "jump" {
  name   = "jump"
  user   = "ops-jump"
  policy = data.aws_iam_policy_document.jump.json
}
