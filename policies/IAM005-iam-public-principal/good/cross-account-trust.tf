# Trusting one named partner account, with an external ID.
resource "aws_iam_role" "partner_sync" {
  name = "partner-sync"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Condition = {
        StringEquals = { "sts:ExternalId" = "partner-sync-7f3a" }
      }
    }]
  })
}
