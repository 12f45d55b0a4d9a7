# The role comes from terraform.tfvars; the finding sits on `role`, with the
# tfvars line as related location.
variable "ci_role" {
  type    = string
  default = "roles/viewer"
}

resource "google_folder_iam_member" "ci" {
  folder = "folders/123456789012"
  role   = var.ci_role # expect: IAM003
  member = "serviceAccount:ci@tooling.iam.gserviceaccount.com"
}
