# A guardrail that denies the escalation actions everywhere grants nothing.
resource "aws_iam_policy" "no_escalation" {
  name = "no-escalation"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyEscalation"
      Effect = "Deny"
      Action = [
        "iam:PassRole",
        "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:Attach*Policy",
        "iam:Put*Policy",
        "iam:CreateAccessKey",
        "iam:UpdateAssumeRolePolicy",
      ]
      Resource = "*"
    }]
  })
}
