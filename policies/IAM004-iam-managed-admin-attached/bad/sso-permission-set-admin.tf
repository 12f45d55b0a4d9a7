# AdministratorAccess in an IAM Identity Center permission set: every
# account the permission set is assigned to.
resource "aws_ssoadmin_managed_policy_attachment" "support" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: IAM004
}
