# Left out, the Azure minimums are TLS 1.2 in the current provider (Redis's
# documented default, 1.0, contradicts Azure's retirement of old TLS, so it
# is not guessed). A version known only after apply is not reported.
variable "min_tls_version" {
  type = string
}

resource "azurerm_linux_web_app" "api" {
  name                = "api"
  resource_group_name = "rg-api"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-api/providers/Microsoft.Web/serverFarms/plan"
  https_only          = true

  site_config {}
}

resource "azurerm_storage_account" "logs" {
  name                     = "logsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_redis_cache" "sessions" {
  name                = "sessions"
  location            = "westeurope"
  resource_group_name = "rg-web"
  capacity            = 1
  family              = "C"
  sku_name            = "Standard"
}

resource "google_compute_ssl_policy" "from_variable" {
  name            = "from-variable"
  profile         = "MODERN"
  min_tls_version = var.min_tls_version
}
