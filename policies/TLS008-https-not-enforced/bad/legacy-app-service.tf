# The older `azurerm_app_service` and `azurerm_function_app` resources: the
# same attribute, the same default.
resource "azurerm_app_service" "intranet" { # expect: TLS008
  name                = "intranet"
  location            = "westeurope"
  resource_group_name = "rg-intranet"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-intranet/providers/Microsoft.Web/serverFarms/plan"
}

resource "azurerm_function_app" "hooks" {
  name                       = "hooks"
  location                   = "westeurope"
  resource_group_name        = "rg-intranet"
  app_service_plan_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-intranet/providers/Microsoft.Web/serverFarms/plan"
  storage_account_name       = "hooksstorage"
  storage_account_access_key = "not-a-real-key"
  https_only                 = false # expect: TLS008
}
