# Deny statements with Principal "*" are how bucket policies enforce TLS;
# they grant nothing.
resource "aws_s3_bucket_policy" "logs" {
  bucket = "access-logs"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TLSOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource = [
        "arn:aws:s3:::access-logs",
        "arn:aws:s3:::access-logs/*",
      ]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
