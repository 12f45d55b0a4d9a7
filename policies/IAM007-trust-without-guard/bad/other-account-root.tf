# Another account's root and a bare account id, with nothing to check who
# comes in. (The role ARN of another account beside them is least
# privilege: not reported.)
resource "aws_iam_role" "vendor_audit" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:root" } # expect: IAM007
    }]
  })
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["sts:AssumeRole", "sts:TagSession"]
      Principal = {
        AWS = [
          "777788889999",                            # expect: IAM007
          "arn:aws:iam::555566667777:role/ci-runner",
        ]
      }
      Condition = { StringEquals = { "aws:RequestTag/team" = "platform" } }
    }]
  })
}
