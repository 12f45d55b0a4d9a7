# One trust document used by two roles: one finding, on the statement in
# the data source.
data "aws_iam_policy_document" "trust_everyone" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: IAM005
    }
  }
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.trust_everyone.json
}

resource "aws_iam_role" "writer" {
  name               = "writer"
  assume_role_policy = data.aws_iam_policy_document.trust_everyone.json
}
