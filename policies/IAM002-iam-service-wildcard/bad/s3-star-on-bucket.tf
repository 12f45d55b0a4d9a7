# "s3:*" is every S3 action, including DeleteBucket and PutBucketPolicy,
# even when the resource is a single bucket.
resource "aws_iam_role_policy" "uploader" {
  name = "uploader"
  role = "uploader"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "s3:*" # expect: IAM002
      Resource = [
        "arn:aws:s3:::customer-uploads",
        "arn:aws:s3:::customer-uploads/*",
      ]
    }]
  })
}
