# The minimum comes from a variable whose tfvars value lowers it ("the
# payment terminal's firmware"). The finding sits on the attribute; its
# trail leads to terraform.tfvars.
resource "azurerm_storage_account" "terminal_uploads" {
  name                     = "terminaluploads"
  resource_group_name      = "rg-payments"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = var.min_tls_version # expect: TLS009
}
