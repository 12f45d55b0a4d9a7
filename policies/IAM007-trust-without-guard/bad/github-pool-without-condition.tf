# A workload identity pool provider for GitHub Actions with no
# attribute_condition: any workflow of any repository can use the pool.
resource "google_iam_workload_identity_pool_provider" "github" { # expect: IAM007
  workload_identity_pool_id          = "github"
  workload_identity_pool_provider_id = "github"
  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
  }
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
