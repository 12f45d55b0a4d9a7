# TLS 1.2 or 1.3 everywhere.
resource "azurerm_linux_web_app" "partners" {
  name                = "partners"
  resource_group_name = "rg-partners"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-partners/providers/Microsoft.Web/serverFarms/plan"
  https_only          = true

  site_config {
    minimum_tls_version     = "1.3"
    scm_minimum_tls_version = "1.2"
  }
}

resource "azurerm_storage_account" "exports" {
  name                     = "exportsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_2"
}

resource "azurerm_mssql_server" "erp" {
  name                         = "erp-sql"
  resource_group_name          = "rg-erp"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "erpadmin"
  administrator_login_password = var.admin_password
  minimum_tls_version          = "1.2"
}

resource "google_compute_ssl_policy" "modern" {
  name            = "modern"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_ssl_policy" "restricted" {
  name            = "restricted"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_3"
}

variable "admin_password" {
  type      = string
  sensitive = true
}
