# The trusted account comes from a variable, set in terraform.tfvars to the
# staging account: the finding names where the value was set.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.deployer_account}:root"] # expect: ACME003
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "fastapi-deploy"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

variable "deployer_account" {
  type = string
}
