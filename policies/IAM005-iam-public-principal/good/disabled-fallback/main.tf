# Modelled on reusable modules (a role or bucket policy module with an
# on/off switch): the trust policy falls back to every principal ("*") when
# no trusted ARNs are given, but only in a configuration the module turns
# off. With `create = false` the data source and role have `count = 0`, and
# the `for_each` over an empty map makes no queue policy: no instance
# exists, so nothing is reported.
variable "create" {
  type    = bool
  default = false
}

variable "trusted" {
  type    = list(string)
  default = null
}

variable "queues" {
  type    = map(string)
  default = {}
}

data "aws_iam_policy_document" "assume" {
  count = var.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.trusted != null ? var.trusted : ["*"]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name               = "deployer"
  assume_role_policy = data.aws_iam_policy_document.assume[0].json
}

resource "aws_iam_role" "inline" {
  count = var.create ? 1 : 0

  name = "deployer-inline"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.trusted != null ? var.trusted : ["*"] }
    }]
  })
}

resource "aws_sqs_queue_policy" "this" {
  for_each = var.queues

  queue_url = each.value
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sqs:SendMessage"
      Principal = "*"
      Resource  = each.key
    }]
  })
}
