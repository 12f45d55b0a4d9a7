# Writing inline policies on any role: the holder writes itself an admin
# policy. One statement with several escalation actions gives one
# finding, on the first of them ("iam:PutRolePolicy", line 16, listed in
# put-policy-heredoc.tf.expect).
resource "aws_iam_role_policy" "role_manager" {
  name = "role-manager"
  role = "platform-bot"

  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:GetRole"
      ],
      "Resource": "*"
    }
  ]
}
EOT
}
