# NotAction in a heredoc; the finding is the NotAction value on line 13,
# listed in heredoc.tf.expect.
resource "aws_iam_role_policy" "sandbox" {
  name = "sandbox"
  role = "sandbox"

  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}
EOT
}
