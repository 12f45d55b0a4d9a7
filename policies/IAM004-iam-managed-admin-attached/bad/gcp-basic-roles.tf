# Google basic roles on a project and an organization: owner is everything
# (critical), editor nearly everything (high).
resource "google_project_iam_member" "ci" {
  project = "shop-prod"
  role    = "roles/owner" # expect: IAM004
  member  = "serviceAccount:ci@tooling.iam.gserviceaccount.com"
}

resource "google_organization_iam_policy" "org" {
  org_id      = "123456789012"
  policy_data = data.google_iam_policy.org.policy_data
}

data "google_iam_policy" "org" {
  binding {
    role    = "roles/editor" # expect: IAM004
    members = ["group:platform@example.com"]
  }

  binding {
    role    = "roles/viewer"
    members = ["group:everyone@example.com"]
  }
}
