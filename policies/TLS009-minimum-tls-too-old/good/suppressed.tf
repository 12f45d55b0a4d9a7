# An accepted exception, with a reason.
resource "azurerm_storage_account" "scanner_drop" {
  name                     = "scannerdrop"
  resource_group_name      = "rg-scanner"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_1" # rampart:ignore TLS009 reason: scanner appliance only speaks TLS 1.1, replacement in OPS-377
}
