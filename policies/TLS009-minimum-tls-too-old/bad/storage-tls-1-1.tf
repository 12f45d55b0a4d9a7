resource "azurerm_storage_account" "scanner_drop" {
  name                     = "scannerdrop"
  resource_group_name      = "rg-scanner"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_1" # expect: TLS009
}
