# The base document's NotAction statement is replaced by Sid.
data "aws_iam_policy_document" "contractor" {
  source_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Work"
      Effect    = "Allow"
      NotAction = "iam:*"
      Resource  = "*"
    }]
  })]

  override_policy_documents = [jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Work"
      Effect   = "Allow"
      Action   = ["codecommit:GitPull", "codecommit:GitPush"]
      Resource = "arn:aws:codecommit:eu-west-1:111122223333:storefront"
    }]
  })]
}

resource "aws_iam_user_policy" "contractor" {
  name   = "contractor"
  user   = "contractor"
  policy = data.aws_iam_policy_document.contractor.json
}
