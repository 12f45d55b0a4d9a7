# SSL enforcement off on single servers (the private one is low severity),
# and `require_secure_transport` turned off on a flexible server.
resource "azurerm_postgresql_server" "orders" {
  name                = "orders-db"
  location            = "westeurope"
  resource_group_name = "rg-orders"
  sku_name            = "GP_Gen5_2"
  version             = "11"

  public_network_access_enabled    = false
  ssl_enforcement_enabled          = false # expect: TLS008
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}

resource "azurerm_mysql_server" "wiki" {
  name                = "wiki-db"
  location            = "westeurope"
  resource_group_name = "rg-wiki"
  sku_name            = "B_Gen5_1"
  version             = "8.0"

  ssl_enforcement_enabled          = false # expect: TLS008
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}

resource "azurerm_postgresql_flexible_server_configuration" "plain" {
  name      = "require_secure_transport"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders"
  value     = "off" # expect: TLS008
}
