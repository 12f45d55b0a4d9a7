# An AWS access key ID is reported wherever a string holds one, whatever the
# argument is called: a tag, a local, an output.
locals {
  ci_user_key = "AKIA4QXZ7RB2NWT6YVLM" # expect: SEC001
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "example-build-artifacts"

  tags = {
    Team      = "platform"
    CreatedBy = "ci (key ASIAIOSFODNN7EXAMPLE)" # expect: SEC001
  }
}

# The output only passes the local on: the finding stays on the local.
output "ci_user_key" {
  value = local.ci_user_key
}
