# A Deny of "s3:*" grants nothing: here it blocks unencrypted transport.
data "aws_iam_policy_document" "tls_only" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::customer-uploads/*"]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::customer-uploads/*"]
  }
}

resource "aws_iam_role_policy" "uploader" {
  name   = "uploader"
  role   = "uploader"
  policy = data.aws_iam_policy_document.tls_only.json
}
