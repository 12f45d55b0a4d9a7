# A KMS key policy with {"AWS": "*"} and an empty Condition: an empty
# Condition restricts nothing.
resource "aws_kms_key" "exports" {
  description = "Exports"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "UseKey"
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: IAM005
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "*"
      Condition = {}
    }]
  })
}
