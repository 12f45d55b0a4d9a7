# Deny statements never grant anything: a quarantine policy that denies
# "*" on "*" is not full admin.
resource "aws_iam_user_policy" "quarantine" {
  name = "quarantine"
  user = "compromised-ci"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "*"
      Resource = "*"
    }]
  })
}
