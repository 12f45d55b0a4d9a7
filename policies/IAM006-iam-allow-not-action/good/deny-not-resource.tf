# Deny writes to every bucket except the approved ones: NotResource in a
# Deny is a guardrail.
resource "aws_iam_policy" "approved_buckets_only" {
  name = "approved-buckets-only"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny"
      Action = ["s3:PutObject", "s3:DeleteObject"]
      NotResource = [
        "arn:aws:s3:::build-artifacts/*",
        "arn:aws:s3:::release-candidates/*",
      ]
    }]
  })
}
