# override_policy_documents replaces the statement with the same Sid: the
# "dynamodb:*" of the base document never reaches the role.
data "aws_iam_policy_document" "table_access" {
  source_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Table"
      Effect   = "Allow"
      Action   = "dynamodb:*"
      Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    }]
  })]

  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Table"
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    }]
  })]
}

resource "aws_iam_role_policy" "orders_api" {
  name   = "orders-api"
  role   = "orders-api"
  policy = data.aws_iam_policy_document.table_access.json
}
