# The deploy role trusted by the CI account's runner role, and the app's
# instance role trusted by EC2 (a service, out of this policy's scope).
resource "aws_iam_role" "deploy" {
  name = "fastapi-deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/github-runner" }
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "fastapi-app"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}
