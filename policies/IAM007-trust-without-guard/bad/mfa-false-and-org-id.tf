# Conditions that do not guard a whole account's trust: MFA "false" lets
# callers without MFA in (it is no MFA requirement), and aws:PrincipalOrgID
# only checks that account 444455556666 is in the organization, not which
# of its users and roles come in.
resource "aws_iam_role" "mfa_false" {
  name = "mfa-false"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:root" } # expect: IAM007
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}

resource "aws_iam_role" "org_reader" {
  name = "org-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:root" } # expect: IAM007
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
    }]
  })
}
