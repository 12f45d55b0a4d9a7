# An indented heredoc (<<-EOT). The finding is the "ec2:*" on line 15,
# listed in heredoc-indented.tf.expect.
resource "aws_iam_role_policy" "autoscaler" {
  name = "autoscaler"
  role = "autoscaler"

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ManageFleet",
          "Effect": "Allow",
          "Action": [
            "ec2:*"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}
