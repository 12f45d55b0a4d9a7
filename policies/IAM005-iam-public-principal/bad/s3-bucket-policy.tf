# A bucket policy granting anyone everything on the bucket's objects.
# Statements with a Principal are judged by IAM005 alone, so the "s3:*"
# here does not also give IAM002.
resource "aws_s3_bucket_policy" "assets" {
  bucket = "company-assets"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Everyone"
      Effect    = "Allow"
      Principal = "*" # expect: IAM005
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::company-assets/*"
    }]
  })
}
