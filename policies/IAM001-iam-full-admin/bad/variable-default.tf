# The statement comes from a variable's default. The variable is passed
# whole to jsonencode, so the finding sits where the resource uses it.
variable "platform_policy" {
  description = "Policy document for the platform team."
  type        = any
  default = {
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*:*"
      Resource = "*"
    }]
  }
}

resource "aws_iam_group_policy" "platform" {
  name   = "platform"
  group  = "platform"
  policy = jsonencode(var.platform_policy) # expect: IAM001
}
