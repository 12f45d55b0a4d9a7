# Attachments made with for_each over a list of ARNs: the finding sits on
# policy_arn = each.value, and the related locations lead back to the
# variable default.
variable "ops_policies" {
  type = list(string)
  default = [
    "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}

resource "aws_iam_role_policy_attachment" "ops" {
  for_each = toset(var.ops_policies)

  role       = "ops"
  policy_arn = each.value # expect: IAM004
}
