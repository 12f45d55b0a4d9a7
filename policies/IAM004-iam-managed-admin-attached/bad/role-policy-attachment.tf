# The AWS-managed AdministratorAccess policy attached to a service role.
resource "aws_iam_role" "etl" {
  name = "etl"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "glue.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "etl_admin" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: IAM004
}
