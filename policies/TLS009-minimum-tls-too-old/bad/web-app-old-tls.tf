# The app and its deployment (SCM/Kudu) site both accept old TLS.
resource "azurerm_linux_web_app" "partners" {
  name                = "partners"
  resource_group_name = "rg-partners"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-partners/providers/Microsoft.Web/serverFarms/plan"
  https_only          = true

  site_config {
    minimum_tls_version     = "1.0" # expect: TLS009
    scm_minimum_tls_version = "1.1" # expect: TLS009
  }
}
