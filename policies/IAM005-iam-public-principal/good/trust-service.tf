# A trust policy naming the service that assumes the role.
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "orders_lambda" {
  name               = "orders-lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}
