# The base document passes any role; the override replaces that Sid with
# the one role this service needs, so nothing escalates.
data "aws_iam_policy_document" "scheduler" {
  source_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PassRole"
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "*"
    }]
  })]

  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PassRole"
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "arn:aws:iam::111122223333:role/scheduler-target"
    }]
  })]
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "scheduler"
  role   = "scheduler"
  policy = data.aws_iam_policy_document.scheduler.json
}
