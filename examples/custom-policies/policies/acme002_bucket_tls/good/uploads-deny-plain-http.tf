# The uploads bucket with the statement the standard asks for.
resource "aws_s3_bucket" "uploads" {
  bucket = "fastapi-app-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AppReadWrite"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/fastapi-app" }
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "arn:aws:s3:::${aws_s3_bucket.uploads.bucket}/*"
      },
      {
        Sid       = "DenyPlainHTTP"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          "arn:aws:s3:::${aws_s3_bucket.uploads.bucket}",
          "arn:aws:s3:::${aws_s3_bucket.uploads.bucket}/*",
        ]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
