# Service Account User on one service account (the recommended way), and a
# project-level binding whose role is known only after apply.
resource "google_service_account_iam_member" "deployer" {
  service_account_id = "projects/shop-prod/serviceAccounts/web@shop-prod.iam.gserviceaccount.com"
  role               = "roles/iam.serviceAccountUser"
  member             = "group:deployers@example.com"
}

variable "role" {
  type = string
}

resource "google_project_iam_member" "dynamic" {
  project = "shop-prod"
  role    = var.role
  member  = "group:deployers@example.com"
}
