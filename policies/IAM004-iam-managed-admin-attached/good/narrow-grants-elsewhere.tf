# Owner on one resource group, Contributor on a subscription, owner of one
# bucket, and a Google project grant whose member list is empty.
resource "azurerm_role_assignment" "team" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/team-a"
  role_definition_name = "Owner"
  principal_id         = "11111111-2222-3333-4444-555555555555"
}

resource "azurerm_role_assignment" "deployer" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "Contributor"
  principal_id         = "66666666-7777-8888-9999-000000000000"
}

resource "google_storage_bucket_iam_member" "assets" {
  bucket = "shop-assets"
  role   = "roles/storage.admin"
  member = "group:web@example.com"
}

resource "google_project_iam_binding" "nobody" {
  project = "shop-prod"
  role    = "roles/owner"
  members = []
}
