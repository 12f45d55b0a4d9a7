# The partner's account id comes from terraform.tfvars.
variable "partner_account_id" {
  type = string
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" } # expect: IAM007
    }]
  })
}
