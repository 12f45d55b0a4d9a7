# HTTPS required everywhere: `https_only = true` on the apps, secure
# transfer and the non-TLS port left at their secure defaults, SSL enforced
# on the database, and Cloud SQL accepting encrypted connections only
# (`require_ssl = false` next to `ENCRYPTED_ONLY` is what Cloud SQL asks
# for).
resource "azurerm_linux_web_app" "api" {
  name                = "api-prod"
  resource_group_name = "rg-prod"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan-prod"
  https_only          = true

  site_config {}
}

resource "azurerm_storage_account" "exports" {
  name                     = "exportsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_redis_cache" "sessions" {
  name                = "sessions"
  location            = "westeurope"
  resource_group_name = "rg-web"
  capacity            = 1
  family              = "C"
  sku_name            = "Standard"
}

resource "azurerm_postgresql_server" "orders" {
  name                             = "orders-db"
  location                         = "westeurope"
  resource_group_name              = "rg-orders"
  sku_name                         = "GP_Gen5_2"
  version                          = "11"
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_2"
}

resource "google_sql_database_instance" "reporting" {
  name             = "reporting"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      require_ssl = false
      ssl_mode    = "ENCRYPTED_ONLY"
    }
  }
}
