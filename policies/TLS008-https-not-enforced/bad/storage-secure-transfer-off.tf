# Secure transfer turned off, under the 4.x name and under the name older
# provider versions use.
resource "azurerm_storage_account" "exports" {
  name                       = "exportsprod"
  resource_group_name        = "rg-data"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = false # expect: TLS008
}

resource "azurerm_storage_account" "legacy" {
  name                      = "legacyprod"
  resource_group_name       = "rg-data"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = false # expect: TLS008
}
