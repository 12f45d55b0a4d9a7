# `https_only` comes from a variable whose tfvars value turns it off ("the
# health checker of the old monitoring vendor only speaks HTTP"). The
# finding sits on the attribute; its trail leads to terraform.tfvars.
resource "azurerm_linux_web_app" "status" {
  name                = "status-page"
  resource_group_name = "rg-status"
  location            = "westeurope"
  service_plan_id     = var.service_plan_id
  https_only          = var.https_only # expect: TLS008

  site_config {}
}
