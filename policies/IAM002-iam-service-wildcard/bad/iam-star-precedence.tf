# "iam:*" on "*" contains iam:PassRole and every other escalation action,
# but one statement gets one finding, from the most specific rule: the
# service wildcard (IAM002), not IAM003.
resource "aws_iam_policy" "identity_admins" {
  name = "identity-admins"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:*", "iam:PassRole"] # expect: IAM002
      Resource = "*"
    }]
  })
}
