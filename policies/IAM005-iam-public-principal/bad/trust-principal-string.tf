# A trust policy with the string form Principal "*": any AWS account in the
# world can assume this role.
resource "aws_iam_role" "partner_sync" {
  name = "partner-sync"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = "*" # expect: IAM005
    }]
  })
}
