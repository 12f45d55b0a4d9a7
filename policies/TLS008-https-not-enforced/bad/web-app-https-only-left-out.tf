# `https_only` is left out: the azurerm provider defaults it to false, so the
# app also answers plain HTTP. The finding sits on the resource.
resource "azurerm_linux_web_app" "api" { # expect: TLS008
  name                = "api-prod"
  resource_group_name = "rg-prod"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan-prod"

  site_config {
    minimum_tls_version = "1.2"
  }
}
