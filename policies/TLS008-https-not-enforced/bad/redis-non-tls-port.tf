# The non-TLS port 6379 opened (4.x name, and the older name).
resource "azurerm_redis_cache" "sessions" {
  name                 = "sessions"
  location             = "westeurope"
  resource_group_name  = "rg-web"
  capacity             = 1
  family               = "C"
  sku_name             = "Standard"
  non_ssl_port_enabled = true # expect: TLS008
  minimum_tls_version  = "1.2"
}

resource "azurerm_redis_cache" "legacy" {
  name                = "legacy-cache"
  location            = "westeurope"
  resource_group_name = "rg-web"
  capacity            = 1
  family              = "C"
  sku_name            = "Basic"
  enable_non_ssl_port = true # expect: TLS008
}
