# A list of principals with "*" among them is as open as "*" alone.
resource "aws_iam_role" "reporting" {
  name = "reporting"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = {
        AWS = [
          "arn:aws:iam::444455556666:root", # expect: IAM007
          "*", # expect: IAM005
        ]
      }
    }]
  })
}
