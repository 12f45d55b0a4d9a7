# principals blocks in a policy document: type "*" with identifier "*", and
# type "AWS" with identifier "*", both used by an SNS topic policy.
data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AnyonePublishes"
    actions   = ["sns:Publish"]
    resources = ["arn:aws:sns:eu-west-1:111122223333:alerts"]

    principals {
      type        = "*"
      identifiers = ["*"] # expect: IAM005
    }
  }

  statement {
    sid       = "AnyoneSubscribes"
    actions   = ["sns:Subscribe"]
    resources = ["arn:aws:sns:eu-west-1:111122223333:alerts"]

    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: IAM005
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = "arn:aws:sns:eu-west-1:111122223333:alerts"
  policy = data.aws_iam_policy_document.alerts.json
}
