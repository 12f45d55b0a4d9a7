# Values known only after apply are not reported, and neither is a Cloud
# SQL instance that sets neither `ssl_mode` nor `require_ssl` (the provider
# documents no default: the Cloud SQL API decides).
variable "https_only" {
  type = bool
}

resource "azurerm_windows_web_app" "portal" {
  name                = "portal"
  resource_group_name = "rg-portal"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-portal/providers/Microsoft.Web/serverFarms/plan"
  https_only          = var.https_only

  site_config {}
}

resource "google_sql_database_instance" "analytics" {
  name             = "analytics"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled = true
    }
  }
}
