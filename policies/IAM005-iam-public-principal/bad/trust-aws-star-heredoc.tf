# The {"AWS": "*"} form, in a heredoc. The finding is the "*" on line 14,
# listed in trust-aws-star-heredoc.tf.expect.
resource "aws_iam_role" "vendor_access" {
  name = "vendor-access"

  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "sts:AssumeRole",
          "Principal": {
            "AWS": "*"
          }
        }
      ]
    }
  EOT
}
