# iam:PassRole limited to the one execution role, and only to Lambda.
data "aws_iam_policy_document" "ci_deployer" {
  statement {
    sid       = "PassExecutionRole"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/orders-lambda-exec"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "ci_deployer" {
  name   = "ci-deployer"
  role   = "ci-deployer"
  policy = data.aws_iam_policy_document.ci_deployer.json
}
