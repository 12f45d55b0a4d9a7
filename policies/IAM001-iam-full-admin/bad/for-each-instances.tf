# One resource, three instances: one finding, at the one place the "*"
# is written.
resource "aws_iam_role_policy" "team_admin" {
  for_each = toset(["payments", "search", "ledger"])

  name = "${each.key}-admin"
  role = "${each.key}-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # expect: IAM001
      Resource = "*"
    }]
  })
}
