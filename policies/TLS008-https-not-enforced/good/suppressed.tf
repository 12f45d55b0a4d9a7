# An accepted exception, with a reason.
resource "azurerm_redis_cache" "legacy" {
  name                = "legacy-cache"
  location            = "westeurope"
  resource_group_name = "rg-web"
  capacity            = 1
  family              = "C"
  sku_name            = "Basic"
  # rampart:ignore TLS008 reason: legacy worker without TLS support, VNet only, removal in OPS-412
  non_ssl_port_enabled = true
}
