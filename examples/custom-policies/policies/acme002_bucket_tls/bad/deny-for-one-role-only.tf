# A TLS deny that covers only one principal: every other caller may still
# use plain HTTP. The document comes from an aws_iam_policy_document,
# which rampart computes as Terraform would.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid     = "DenyPlainHTTP"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:aws:s3:::acme-logs",
      "arn:aws:s3:::acme-logs/*",
    ]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/log-shipper"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.bucket
  policy = data.aws_iam_policy_document.logs.json # expect: ACME002
}
