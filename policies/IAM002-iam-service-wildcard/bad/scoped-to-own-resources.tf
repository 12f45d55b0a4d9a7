# A service wildcard on the resources the workload owns (its own table, one
# log group) is still every action there, DeleteTable and DeleteLogGroup
# included, but only there: reported at medium severity, not high, and the
# message names the resources it is scoped to.
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_role_policy" "orders_api" {
  name = "orders-api"
  role = "orders-api"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "dynamodb:*" # expect: IAM002
        Resource = aws_dynamodb_table.orders.arn
      },
      {
        Effect   = "Allow"
        Action   = ["logs:*"] # expect: IAM002
        Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/orders-api:*"
      },
    ]
  })
}
