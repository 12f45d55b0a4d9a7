# A customer-managed policy that happens to be called AdministratorAccess
# lives in your own account (111122223333), not in "aws": IAM001 and
# friends judge its document, IAM004 does not guess at it.
resource "aws_iam_role_policy_attachment" "legacy" {
  role       = "legacy"
  policy_arn = "arn:aws:iam::111122223333:policy/AdministratorAccess"
}
