# Reading IAM on "*" is not an escalation: no Get/List action is in the
# escalation list.
resource "aws_iam_policy" "iam_auditor" {
  name = "iam-auditor"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:Get*", "iam:List*", "iam:GenerateCredentialReport"]
      Resource = "*"
    }]
  })
}
