# Wildcards on read-only action families, which AWS classifies at the Read
# or List access level (Get*, List*, Describe*, BatchGet*, View*), are not
# service wildcards, even across every service ("*:Describe*") and on every
# resource.
data "aws_iam_policy_document" "observer" {
  statement {
    actions = [
      "ec2:Describe*",
      "*:Describe*",
      "logs:Get*",
      "logs:List*",
      "s3:List*",
      "dynamodb:BatchGet*",
      "aws-portal:View*",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "observer" {
  name   = "observer"
  policy = data.aws_iam_policy_document.observer.json
}
