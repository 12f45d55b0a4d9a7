# DigitalOcean Spaces, Google Cloud Storage, BigQuery and an Azure blob
# container open to everyone.
resource "digitalocean_spaces_bucket" "media" {
  name   = "media"
  region = "ams3"
  acl    = "public-read" # expect: IAM005
}

resource "google_storage_bucket_iam_binding" "exports" {
  bucket = "shop-exports"
  role   = "roles/storage.objectViewer"
  members = [
    "group:analysts@example.com",
    "allUsers", # expect: IAM005
  ]
}

resource "google_bigquery_dataset" "sales" {
  dataset_id = "sales"

  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers" # expect: IAM005
  }
}

resource "azurerm_storage_container" "assets" {
  name                  = "assets"
  storage_account_name  = "shopassets"
  container_access_type = "blob" # expect: IAM005
}
