# A trust document from a data source, shared by two roles: one finding, on
# the identifier in the data source.
data "aws_iam_policy_document" "trust_tooling" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222233334444:root"] # expect: IAM007
    }
  }
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.trust_tooling.json
}

resource "aws_iam_role" "writer" {
  name               = "writer"
  assume_role_policy = data.aws_iam_policy_document.trust_tooling.json
}
