# "*" on one table is not full admin (that is IAM001), but it is still
# every action DynamoDB has on that table, DeleteTable included.
resource "aws_iam_policy" "orders_table" {
  name = "orders-table"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # expect: IAM002
      Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    }]
  })
}
