# A heredoc holding JSON. A comment inside the heredoc would be part of the
# string, so the expected finding (the "*" on line 13) is listed in
# heredoc.tf.expect.
resource "aws_iam_user_policy" "legacy_admin" {
  name = "legacy-admin"
  user = "jenkins"

  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": "*",
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}
EOT
}
