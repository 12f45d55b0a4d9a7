# A GitHub provider limited to one organization, and an AWS provider (one
# account).
resource "google_iam_workload_identity_pool_provider" "github" {
  workload_identity_pool_id          = "github"
  workload_identity_pool_provider_id = "github"
  attribute_condition                = "assertion.repository_owner == \"example-org\""
  attribute_mapping = {
    "google.subject" = "assertion.sub"
  }
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_iam_workload_identity_pool_provider" "aws" {
  workload_identity_pool_id          = "aws"
  workload_identity_pool_provider_id = "aws"
  aws {
    account_id = "111122223333"
  }
}
