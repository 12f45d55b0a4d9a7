# Principal "*" restricted by a Condition: only principals of our AWS
# Organization, or only S3 notifications from our bucket.
resource "aws_s3_bucket_policy" "shared_datasets" {
  bucket = "shared-datasets"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject"]
      Resource  = "arn:aws:s3:::shared-datasets/*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
      }
    }]
  })
}

data "aws_iam_policy_document" "uploads_queue" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111122223333:uploads"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:s3:::customer-uploads"]
    }
  }
}

resource "aws_sqs_queue_policy" "uploads" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/uploads"
  policy    = data.aws_iam_policy_document.uploads_queue.json
}
