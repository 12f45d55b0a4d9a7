# Service Account User on the whole project: its members can act as every
# service account of the project, those created later included.
resource "google_project_iam_binding" "deployers" {
  project = "shop-prod"
  role    = "roles/iam.serviceAccountUser" # expect: IAM003
  members = ["group:deployers@example.com"]
}

resource "google_project_iam_member" "ci" {
  project = "shop-prod"
  role    = "roles/iam.serviceAccountKeyAdmin" # expect: IAM003
  member  = "serviceAccount:ci@shop-prod.iam.gserviceaccount.com"
}
