# The break-glass role really is admin; the suppression says why.
resource "aws_iam_role_policy_attachment" "break_glass" {
  role = "break-glass"
  # rampart:ignore IAM004 reason: break-glass role, MFA-only trust, alarmed (SEC-311)
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
