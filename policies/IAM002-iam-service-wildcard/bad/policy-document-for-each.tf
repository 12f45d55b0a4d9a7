# Per-queue documents made with for_each and used through
# data.aws_iam_policy_document.queue[each.key].json: one finding, on the
# action written once in the statement block.
locals {
  queues = toset(["orders", "invoices"])
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queues

  statement {
    actions   = ["sqs:*"] # expect: IAM002
    resources = ["arn:aws:sqs:eu-west-1:111122223333:${each.key}"]
  }
}

resource "aws_iam_role_policy" "queue_worker" {
  for_each = local.queues

  name   = "${each.key}-worker"
  role   = "${each.key}-worker"
  policy = data.aws_iam_policy_document.queue[each.key].json
}
