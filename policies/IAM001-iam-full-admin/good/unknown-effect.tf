# Unknown is never guessed: the effect comes from a variable with no
# value, so rampart cannot tell whether this statement allows anything.
variable "effect" {
  type = string
}

resource "aws_iam_policy" "toggle" {
  name = "toggle"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = var.effect
      Action   = "*"
      Resource = "*"
    }]
  })
}
