# A trust policy copied from a forum answer: anyone with an AWS account.
resource "aws_iam_role" "debug" {
  name = "debug-everything"

  assume_role_policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"AWS": "*"}
      }
    }
  JSON
}
