# A GitHub provider limited to one organization, an AWS provider (one
# account), and OIDC providers for single-tenant issuers without a
# condition: an EKS cluster's own issuer and CircleCI's per-organization
# issuer admit only their own tenant's identities.
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

resource "google_iam_workload_identity_pool_provider" "eks" {
  workload_identity_pool_id          = "pool"
  workload_identity_pool_provider_id = "eks"
  attribute_mapping                  = { "google.subject" = "assertion.sub" }
  oidc {
    issuer_uri = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789"
  }
}

resource "google_iam_workload_identity_pool_provider" "circleci" {
  workload_identity_pool_id          = "pool"
  workload_identity_pool_provider_id = "circleci"
  attribute_mapping                  = { "google.subject" = "assertion.sub" }
  oidc {
    issuer_uri = "https://oidc.circleci.com/org/6f1e2d3c-0000-4000-8000-000000000000"
  }
}
