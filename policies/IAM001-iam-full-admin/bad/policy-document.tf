# An aws_iam_policy_document data source. The finding sits on the "*" in
# the statement block and is reported once, for the role policy using it.
data "aws_iam_policy_document" "bootstrap" {
  statement {
    sid       = "Bootstrap"
    actions   = ["*"] # expect: IAM001
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "bootstrap" {
  name   = "bootstrap"
  role   = "terraform-bootstrap"
  policy = data.aws_iam_policy_document.bootstrap.json
}
