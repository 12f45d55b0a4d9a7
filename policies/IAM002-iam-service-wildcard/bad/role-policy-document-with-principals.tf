# A policy document with a `principals` block used as an inline role policy:
# where a document is used decides how it is judged. IAM refuses a Principal
# in an identity policy, but the statement would grant the role s3:* on
# every resource, and that is what is reported.
resource "aws_iam_role_policy" "uploader" {
  name   = "uploader"
  role   = "uploader"
  policy = data.aws_iam_policy_document.uploader.json
}

data "aws_iam_policy_document" "uploader" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
    actions   = ["s3:*"] # expect: IAM002
    resources = ["*"]
  }
}

data "aws_caller_identity" "current" {}
