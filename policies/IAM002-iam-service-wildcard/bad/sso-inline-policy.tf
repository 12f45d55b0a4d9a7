# An IAM Identity Center permission set's inline policy is an identity
# policy for every account the permission set is assigned to.
resource "aws_ssoadmin_permission_set_inline_policy" "data_team" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:*" # expect: IAM002
      Resource = "*"
    }]
  })
}
