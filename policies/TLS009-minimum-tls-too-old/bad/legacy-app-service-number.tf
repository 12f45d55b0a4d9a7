# The older resources call it `min_tls_version`, and a number is a version
# too (`1.1` unquoted).
resource "azurerm_app_service" "intranet" {
  name                = "intranet"
  location            = "westeurope"
  resource_group_name = "rg-intranet"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-intranet/providers/Microsoft.Web/serverFarms/plan"
  https_only          = true

  site_config {
    min_tls_version = 1.1 # expect: TLS009
  }
}
