# A shared base document grants "*" under Sid "Workload"; this document
# overrides that Sid with a scoped statement, so the "*" never reaches a
# policy. (The base is a jsonencode value, not a data source of its own.)
locals {
  base_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Workload"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/app/*"
      },
    ]
  })
}

data "aws_iam_policy_document" "app" {
  source_policy_documents = [local.base_policy]

  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Workload"
      Effect   = "Allow"
      Action   = ["sqs:SendMessage"]
      Resource = "arn:aws:sqs:eu-west-1:111122223333:orders"
    }]
  })]
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
