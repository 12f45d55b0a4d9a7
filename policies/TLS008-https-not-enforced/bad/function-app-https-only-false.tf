# Explicitly off, on a function app and on its staging slot. The slot has
# public network access turned off: still reported, at low severity.
resource "azurerm_windows_function_app" "billing" {
  name                 = "billing-jobs"
  resource_group_name  = "rg-billing"
  location             = "westeurope"
  service_plan_id      = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-billing/providers/Microsoft.Web/serverFarms/plan-billing"
  storage_account_name = "billingjobs"
  https_only           = false # expect: TLS008

  site_config {}
}

resource "azurerm_windows_function_app_slot" "staging" {
  name                          = "staging"
  function_app_id               = azurerm_windows_function_app.billing.id
  storage_account_name          = "billingjobs"
  https_only                    = false # expect: TLS008
  public_network_access_enabled = false

  site_config {}
}
